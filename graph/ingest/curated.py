"""Write the curated Turtle (regions, countries, agreements) from the team's fact table.

Countries come from the world list (:func:`kembar.graph.ingest.countries.world_graph`).

The facts come from ``../shared/data/indonesia-agreements.csv`` (160 sourced rows) and,
for coordinates only, from ``../shared/data/twin_cities_wikipedia.csv``. The decisions a
curator makes (official names and slugs, tiers, which party is not a government, how
free-text fields map to the vocabulary) are the tables of this module. Run::

    python -m kembar.graph.ingest.curated ../shared/data

and commit the three files it writes (``regions.ttl``, ``countries.ttl``,
``agreements.ttl``); ``tests/data/test_curated.py`` checks they are what this module
writes from the shared facts.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kembar.graph.ingest.countries import CountryResolver, world_graph
from kembar.ontology import ids
from kembar.ontology.namespace import KMB
from rdflib import DCTERMS, PROV, RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from slugify import slugify

__all__ = ["PROVINCES", "build", "main"]

WIKIPEDIA_LIST = ids.source("wikipedia-twin-towns")
CURATED_TABLE = ids.source("kembar-indonesia-agreements")
NOTES = ids.source("indonesia-agreements-notes")
PAPER = ids.source("chandra-2015")
PROVINCE_LIST = URIRef("https://en.wikipedia.org/wiki/Provinces_of_Indonesia")
CSV_TOKEN = "shared/data/twin_cities_wikipedia.csv"
SCHEMA = Namespace("https://schema.org/")

# (slug after "provinsi-", official Indonesian name, English name, special autonomy)
PROVINCES: list[tuple[str, str, str, bool]] = [
    ("aceh", "Aceh", "Aceh", True),
    ("sumatera-utara", "Sumatera Utara", "North Sumatra", False),
    ("sumatera-barat", "Sumatera Barat", "West Sumatra", False),
    ("riau", "Riau", "Riau", False),
    ("kepulauan-riau", "Kepulauan Riau", "Riau Islands", False),
    ("jambi", "Jambi", "Jambi", False),
    ("sumatera-selatan", "Sumatera Selatan", "South Sumatra", False),
    ("kepulauan-bangka-belitung", "Kepulauan Bangka Belitung", "Bangka Belitung Islands", False),
    ("bengkulu", "Bengkulu", "Bengkulu", False),
    ("lampung", "Lampung", "Lampung", False),
    ("dki-jakarta", "DKI Jakarta", "Jakarta", True),
    ("jawa-barat", "Jawa Barat", "West Java", False),
    ("banten", "Banten", "Banten", False),
    ("jawa-tengah", "Jawa Tengah", "Central Java", False),
    ("di-yogyakarta", "DI Yogyakarta", "Special Region of Yogyakarta", True),
    ("jawa-timur", "Jawa Timur", "East Java", False),
    ("bali", "Bali", "Bali", False),
    ("nusa-tenggara-barat", "Nusa Tenggara Barat", "West Nusa Tenggara", False),
    ("nusa-tenggara-timur", "Nusa Tenggara Timur", "East Nusa Tenggara", False),
    ("kalimantan-barat", "Kalimantan Barat", "West Kalimantan", False),
    ("kalimantan-tengah", "Kalimantan Tengah", "Central Kalimantan", False),
    ("kalimantan-selatan", "Kalimantan Selatan", "South Kalimantan", False),
    ("kalimantan-timur", "Kalimantan Timur", "East Kalimantan", False),
    ("kalimantan-utara", "Kalimantan Utara", "North Kalimantan", False),
    ("sulawesi-utara", "Sulawesi Utara", "North Sulawesi", False),
    ("gorontalo", "Gorontalo", "Gorontalo", False),
    ("sulawesi-tengah", "Sulawesi Tengah", "Central Sulawesi", False),
    ("sulawesi-barat", "Sulawesi Barat", "West Sulawesi", False),
    ("sulawesi-selatan", "Sulawesi Selatan", "South Sulawesi", False),
    ("sulawesi-tenggara", "Sulawesi Tenggara", "Southeast Sulawesi", False),
    ("maluku", "Maluku", "Maluku", False),
    ("maluku-utara", "Maluku Utara", "North Maluku", False),
    ("papua", "Papua", "Papua", True),
    ("papua-barat", "Papua Barat", "West Papua", True),
    ("papua-barat-daya", "Papua Barat Daya", "Southwest Papua", True),
    ("papua-tengah", "Papua Tengah", "Central Papua", True),
    ("papua-pegunungan", "Papua Pegunungan", "Highland Papua", True),
    ("papua-selatan", "Papua Selatan", "South Papua", True),
]
#: Where pycountry's ISO 3166-2 names differ from Kemendagri's.
_ISO_NAMES = {"DKI Jakarta": "Jakarta Raya", "DI Yogyakarta": "Yogyakarta",
              "Papua Pegunungan": "Papua Pengunungan"}  # fmt: skip


def _subdivision(name: str) -> tuple[str, str]:
    """A province's ISO 3166-2 code and the code of its geographical unit (island group)."""
    import pycountry

    wanted = _ISO_NAMES.get(name, name)
    for sub in pycountry.subdivisions:
        if sub.country_code == "ID" and sub.name == wanted and sub.parent_code:
            return str(sub.code), str(sub.parent_code)
    raise ValueError(f"no ISO 3166-2 subdivision named {wanted!r}")


_PROVINCE_BY_ENGLISH = {english: slug for slug, _, english, _ in PROVINCES}
_PROVINCE_BY_ENGLISH["DKI Jakarta"] = "dki-jakarta"
_PROVINCE_BY_ENGLISH["DI Yogyakarta"] = "di-yogyakarta"


@dataclass(frozen=True)
class Party:
    """How the curators identify an Indonesian party named in the fact table."""

    slug: str
    name: str  # official Indonesian name
    level: URIRef
    short: str  # used in agreement slugs
    government: bool = True
    seat_of: str | None = None  # the town the sources name, when the party is its regency


def _kota(name: str) -> Party:
    return Party(f"kota-{slugify(name)}", f"Kota {name}", KMB.Kota, slugify(name))


def _kab(name: str) -> Party:
    return Party(f"kabupaten-{slugify(name)}", f"Kabupaten {name}", KMB.Kabupaten, slugify(name))


def _prov(slug: str, short: str) -> Party:
    name = next(n for s, n, _, _ in PROVINCES if s == slug)
    return Party(f"provinsi-{slug}", f"Provinsi {name}", KMB.Provinsi, short)


# The fact table's name for each Indonesian party -> the curated identity.
INDONESIAN_PARTIES: dict[str, Party] = {
    "Jakarta (DKI)": _prov("dki-jakarta", "jakarta"),
    "DI Yogyakarta": _prov("di-yogyakarta", "diy"),
    "Central Java": _prov("jawa-tengah", "jawa-tengah"),
    "East Java": _prov("jawa-timur", "jawa-timur"),
    "West Java": _prov("jawa-barat", "jawa-barat"),
    "Bali": _prov("bali", "bali"),
    "Banten": _prov("banten", "banten"),
    "Aceh": _prov("aceh", "aceh"),
    "South Sulawesi": _prov("sulawesi-selatan", "sulawesi-selatan"),
    "West Nusa Tenggara": _prov("nusa-tenggara-barat", "ntb"),
    # Nusantara is a province-level authority, not a province.
    "Nusantara (IKN)": Party(
        "otorita-ibu-kota-nusantara", "Otorita Ibu Kota Nusantara", KMB.Otorita, "nusantara"
    ),
    # A heritage district of Jakarta, not a government: kept as the sources name it.
    "Kota Tua Jakarta": Party(
        "kota-tua-jakarta", "Kota Tua Jakarta", KMB.Kota, "kota-tua", government=False
    ),
    # Regencies that sources style as cities, and a town standing for its regency.
    "Sidoarjo": _kab("Sidoarjo"),
    "Subang": _kab("Subang"),
    "Siak": _kab("Siak"),
    "Klaten": _kab("Klaten"),
    "Bantul": _kab("Bantul"),
    "Buleleng (Singaraja)": Party(
        "kabupaten-buleleng", "Kabupaten Buleleng", KMB.Kabupaten, "buleleng", seat_of="Singaraja"
    ),
    "Sigli (Pidie Regency)": Party(
        "kabupaten-pidie", "Kabupaten Pidie", KMB.Kabupaten, "pidie", seat_of="Sigli"
    ),
    "South Tangerang": Party(
        "kota-tangerang-selatan", "Kota Tangerang Selatan", KMB.Kota, "tangerang-selatan"
    ),
    **{
        n: _kota(n)
        for n in [
            "Bandung", "Surabaya", "Yogyakarta", "Semarang", "Surakarta", "Magelang",
            "Salatiga", "Malang", "Denpasar", "Bogor", "Depok", "Medan", "Padang",
            "Bukittinggi", "Palembang", "Banda Aceh", "Balikpapan", "Pontianak",
            "Singkawang", "Makassar", "Manado", "Bitung", "Mataram", "Kupang", "Ambon",
            "Jayapura",
        ]
    },
}  # fmt: skip

# Foreign partners at province level although the table codes them as a city or "other".
PROVINCE_LEVEL_PARTNERS = {
    "Beijing", "Shanghai", "Tianjin", "Chongqing",  # province-level municipalities
    "Souss-Massa Region", "Wallonia Region", "Canberra (Australian Capital Territory)",
}  # fmt: skip
PARTNER_LEVELS = {
    "city": KMB.MunicipalLevel,
    "district": KMB.MunicipalLevel,
    "state": KMB.ProvinceLevel,
    "province": KMB.ProvinceLevel,
    "prefecture": KMB.ProvinceLevel,
}
# Partner names whose slug is not simply the name.
PARTNER_SLUGS = {
    "Jerusalem (Al-Quds)": "al-quds",
    "Canberra (Australian Capital Territory)": "australian-capital-territory",
    "Nanjing County (Zhangzhou, Fujian)": "nanjing-county",
    "Gangbuk-gu (Seoul)": "gangbuk-gu",
    "Jung-gu (Ulsan)": "jung-gu-ulsan",
}
# Seed coordinates the curators withhold, with the reason.
WITHHELD_COORDINATES = {
    ("AU", "Palmerston"): "The seed list's coordinates point to Palmerston in the ACT; "
    "the partner is Palmerston in the Northern Territory.",
}
# Rows whose date the notes call conflicting or resting on a single weak source.
CONFLICTING_DATES = {"bukittinggi-seremban", "banda-aceh-samarkand", "jakarta-berlin"}

KIND_CLASS = {
    "sister_city": KMB.SisterCityAgreement,
    "sister_province": KMB.SisterProvinceAgreement,
    "friendship": KMB.FriendshipAgreement,
    "other": KMB.OtherCooperation,
}

FIELD_CODES: dict[str, tuple[str, ...]] = {
    "ICT": ("communication_informatics",), "SME incubation": ("smes",), "SMEs": ("smes",),
    "administration": ("governance_capacity",), "agribusiness": ("agriculture",),
    "agriculture": ("agriculture",), "airport and port": ("transport",),
    "art and culture": ("culture",), "arts": ("culture",), "arts and culture": ("culture",),
    "business": ("economy",), "business development": ("economy",),
    "business incubator": ("smes",), "capacity building": ("governance_capacity",),
    "child-friendly city": ("social_welfare",), "city management": ("governance_capacity",),
    "city planning": ("public_works_spatial_planning",),
    "clean water": ("public_works_spatial_planning",),
    "clean water technology": ("public_works_spatial_planning", "science_technology"),
    "coastal development (NCICD)": ("public_works_spatial_planning",),
    "commerce": ("trade",), "creative economy": ("economy",), "culture": ("culture",),
    "culture and tourism": ("culture", "tourism"), "digital technology": ("science_technology",),
    "disaster management": ("disaster_management",),
    "disaster mitigation": ("disaster_management",),
    "earthquake-resistant building": ("disaster_management", "public_works_spatial_planning"),
    "economic empowerment": ("economy",), "economy": ("economy",),
    "economy and trade": ("economy", "trade"),
    "economy, trade and investment": ("economy", "trade", "investment"),
    "education": ("education",), "education and training": ("education",),
    "education, sport and human resources": ("education", "youth_sport"),
    "energy": ("other_lawful",), "environment": ("environment",),
    "export facilitation": ("trade",), "finance and investment": ("investment",),
    "fire safety": ("disaster_management",), "fisheries": ("marine_fisheries",),
    "football": ("youth_sport",), "gardens": ("environment",),
    "geographic information": ("communication_informatics",),
    "governance": ("governance_capacity",), "government": ("governance_capacity",),
    "government delegations": ("governance_capacity",),
    "government staff exchange": ("governance_capacity",), "health": ("health",),
    "health (eye clinic)": ("health",), "human resource capacity": ("education",),
    "human resource development": ("education",), "human resources": ("education",),
    "industry": ("industry",), "industry and economy": ("industry", "economy"),
    "information exchange": ("communication_informatics",),
    "information systems": ("communication_informatics",),
    "infrastructure": ("public_works_spatial_planning",), "investment": ("investment",),
    "knowledge exchange": ("education",), "maritime": ("marine_fisheries",),
    "medical universities": ("health", "education"), "music": ("culture",),
    "old-town revitalisation": ("public_works_spatial_planning", "culture"),
    "organisation": ("governance_capacity",), "packaging": ("industry",),
    "people-to-people contact": ("cultural_exchange",), "port": ("transport",),
    "port cooperation": ("transport",), "port development": ("transport",),
    "port management": ("transport",), "public works": ("public_works_spatial_planning",),
    "renewable energy": ("environment",), "research": ("science_technology",),
    "river management": ("environment",), "science": ("science_technology",),
    "science and technology": ("science_technology",),
    "skilled worker training": ("education",),
    "smart city": ("communication_informatics",), "social affairs": ("social_welfare",),
    "social welfare": ("social_welfare",), "sport": ("youth_sport",),
    "sport and youth": ("youth_sport",), "staff exchange": ("governance_capacity",),
    "staff training": ("governance_capacity",), "start-ups": ("smes",),
    "student exchange": ("education",), "sustainable development": ("environment",),
    "technology": ("science_technology",),
    "technology and start-ups": ("science_technology", "smes"), "textiles": ("industry",),
    "tourism": ("tourism",), "tourism (yacht race)": ("tourism",),
    "tourism and culture": ("tourism", "culture"), "trade": ("trade",),
    "trade and economic development": ("trade", "economy"),
    "trade and investment": ("trade", "investment"), "transport": ("transport",),
    "urban and regional development": ("public_works_spatial_planning",),
    "urban development": ("public_works_spatial_planning",),
    "urban management": ("governance_capacity",),
    "urban planning": ("public_works_spatial_planning",),
    "urban planning and infrastructure": ("public_works_spatial_planning",),
    "vocational training": ("education",), "waste": ("environment",),
    "waste and river management": ("environment",), "waste management": ("environment",),
    "water": ("public_works_spatial_planning",),
    "water management": ("public_works_spatial_planning",),
    "water supply": ("public_works_spatial_planning",), "youth": ("youth_sport",),
    "youth and sport": ("youth_sport",), "youth and sports": ("youth_sport",),
    "zoos": ("environment",),
}  # fmt: skip

# Leading words of the status column -> status concept (first match wins).
STATUS_WORDS: list[tuple[str, URIRef]] = [
    ("renewal in process", KMB.StatusInProcess),
    ("renewed", KMB.StatusRenewed),
    ("active", KMB.StatusActive),
    ("less active", KMB.StatusActive),
    ("dormant", KMB.StatusDormant),
    ("expired", KMB.StatusExpired),
    ("loi", KMB.StatusLetterOfIntent),
    ("mou; not yet working", KMB.StatusDormant),
    ("mou", KMB.StatusMoUSigned),
    ("exploration", KMB.StatusExploration),
    ("proposed", KMB.StatusProposed),
    ("in process", KMB.StatusInProcess),
    ("initial signing", KMB.StatusInProcess),
    ("stalled", KMB.StatusStalled),
    ("unknown", KMB.StatusUnknown),
]


def field_iri(code: str) -> URIRef:
    """IRI of the cooperation-field concept whose notation is *code*."""
    return KMB[
        "Field" + "".join(part.capitalize() for part in _FIELD_LOCAL.get(code, code).split("_"))
    ]


_FIELD_LOCAL = {
    "public_works_spatial_planning": "public_works",
    "smes": "smes",
}


def signed_literal(year: str, date: str) -> Literal | None:
    """The signing date at the precision known, or None."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        return Literal(date, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}", date):
        return Literal(date, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", year):
        return Literal(year, datatype=XSD.gYear)
    return None


def _status(text: str) -> tuple[URIRef, list[str], list[str]]:
    lowered = text.lower()
    concept = next((c for word, c in STATUS_WORDS if lowered.startswith(word)), KMB.StatusUnknown)
    years = re.findall(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", text)
    renewed = (
        re.findall(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", lowered.split("renewed", 1)[1])
        if ("renewed" in lowered and not lowered.startswith("active"))
        else []
    )
    return concept, years, renewed


def _coordinates(
    world_csv: Path, resolver: CountryResolver
) -> dict[tuple[str, str], tuple[float, float]]:
    """(ISO code, lower-case name) -> first coordinates the world list gives for that place."""
    coords: dict[tuple[str, str], tuple[float, float]] = {}
    with world_csv.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for n in ("1", "2"):
                iso = resolver.iso2(row[f"country{n}"])
                key = (iso or "", row[f"city{n}"].strip().lower())
                if iso and key not in coords and row[f"lat{n}"] and row[f"lng{n}"]:
                    coords[key] = (float(row[f"lat{n}"]), float(row[f"lng{n}"]))
    return coords


def _base_name(name: str) -> str:
    return re.sub(r"\s*\(.*\)$", "", name).strip()


def _rows(table: Path) -> Iterator[dict[str, str]]:
    with table.open(newline="", encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


def _add_coordinates(
    g: Graph,
    node: URIRef,
    iso: str,
    names: Iterable[str],
    coords: dict[tuple[str, str], tuple[float, float]],
) -> None:
    for name in names:
        if (iso, name) in WITHHELD_COORDINATES:
            g.add((node, SKOS.editorialNote, Literal(WITHHELD_COORDINATES[(iso, name)], lang="en")))
            return
        found = coords.get((iso, name.lower()))
        if found:
            g.add((node, ids.GEO.lat, Literal(round(found[0], 4), datatype=XSD.decimal)))
            g.add((node, ids.GEO.long, Literal(round(found[1], 4), datatype=XSD.decimal)))
            g.add((node, DCTERMS.source, WIKIPEDIA_LIST))
            return


def _bind(g: Graph) -> Graph:
    for prefix, iri in ids.PREFIXES.items():
        g.bind(prefix, iri, override=True)
    g.bind("geo", str(ids.GEO), override=True, replace=True)
    return g


def build(shared_data: Path) -> dict[str, Graph]:
    """Return the three curated graphs built from the shared facts in *shared_data*."""
    regions, agreements = _bind(Graph()), _bind(Graph())
    countries = _bind(world_graph())
    coords = _coordinates(
        shared_data / "twin_cities_wikipedia.csv", CountryResolver.from_graph(countries)
    )
    indonesia = ids.country("ID")

    for slug, name, english, special in PROVINCES:
        node = ids.region("id", f"provinsi-{slug}")
        regions.add((node, RDF.type, KMB.LocalGovernment))
        regions.add((node, RDFS.label, Literal(f"Provinsi {name}", lang="id")))
        regions.add(
            (
                node,
                RDFS.label,
                Literal(f"{english} Province" if english == name else english, lang="en"),
            )
        )
        regions.add((node, SKOS.altLabel, Literal(name, lang="id")))
        regions.add((node, KMB.adminLevel, KMB.Provinsi))
        regions.add((node, KMB.country, indonesia))
        regions.add((node, KMB.province, node))
        regions.add((node, KMB.analysisLevel, KMB.Subunit))
        regions.add((node, KMB.isSpecialRegion, Literal(special)))
        code, unit = _subdivision(name)
        regions.add((node, KMB.iso3166Subdivision, Literal(code)))
        regions.add((node, KMB.geographicalUnit, Literal(unit)))
        regions.add((node, DCTERMS.source, PROVINCE_LIST))

    seen_parties: set[URIRef] = set()
    for row in _rows(shared_data / "indonesia-agreements.csv"):
        party = INDONESIAN_PARTIES[row["id_local"]]
        province = ids.region("id", f"provinsi-{_PROVINCE_BY_ENGLISH[row['id_province']]}")
        local = ids.region("id", party.slug)
        if local not in seen_parties and party.level != KMB.Provinsi:
            seen_parties.add(local)
            if party.government:
                regions.add((local, RDF.type, KMB.LocalGovernment))
                regions.add((local, KMB.adminLevel, party.level))
                regions.add((local, KMB.analysisLevel, KMB.Subunit))
            else:
                regions.add((local, RDF.type, KMB.Locality))
                regions.add((local, KMB.administeredBy, province))
            regions.add((local, RDFS.label, Literal(party.name, lang="id")))
            regions.add((local, RDFS.label, Literal(party.name, lang="en")))
            regions.add((local, KMB.country, indonesia))
            regions.add((local, KMB.province, province))
            source_name = _base_name(row["id_local"])
            if source_name != party.name:
                regions.add((local, SKOS.altLabel, Literal(source_name, lang="en")))
            if party.seat_of:
                regions.add((local, SKOS.altLabel, Literal(party.seat_of, lang="en")))
            regions.add((local, DCTERMS.source, NOTES))
            _add_coordinates(regions, local, "ID", [party.seat_of or source_name], coords)

        iso = row["partner_country_iso2"]
        partner_slug = PARTNER_SLUGS.get(row["partner_name"], slugify(row["partner_name"]))
        partner = ids.region(iso, partner_slug)
        if partner not in seen_parties:
            seen_parties.add(partner)
            level = (
                KMB.ProvinceLevel
                if row["partner_name"] in PROVINCE_LEVEL_PARTNERS
                else PARTNER_LEVELS.get(row["partner_level"], KMB.MunicipalLevel)
            )
            regions.add((partner, RDF.type, KMB.LocalGovernment))
            regions.add((partner, RDFS.label, Literal(row["partner_name"], lang="en")))
            base = _base_name(row["partner_name"])
            if base != row["partner_name"]:
                regions.add((partner, SKOS.altLabel, Literal(base, lang="en")))
            regions.add((partner, KMB.adminLevel, level))
            regions.add((partner, KMB.country, ids.country(iso)))
            regions.add((partner, KMB.analysisLevel, KMB.Subunit))
            regions.add((partner, DCTERMS.source, NOTES))
            _add_coordinates(regions, partner, iso, [row["partner_name"], base], coords)

        a = ids.agreement(f"{party.short}-{partner_slug}")
        if (a, RDF.type, None) in agreements:
            raise ValueError(f"two rows give the agreement {a}")
        agreements.add((a, RDF.type, KIND_CLASS[row["kind"]]))
        agreements.add(
            (
                a,
                RDFS.label,
                Literal(f"{_base_name(row['id_local'])} – {row['partner_name']}", lang="en"),
            )
        )
        agreements.add((a, KMB.party, local))
        agreements.add((a, KMB.party, partner))
        for x, y in ((local, partner), (partner, local)):
            agreements.add((x, KMB.twinnedWith, y))
        signed = signed_literal(row["signed_year"], row["signed_date"])
        if signed is not None:
            agreements.add((a, KMB.signedOn, signed))
        for label in filter(None, (f.strip() for f in row["fields"].split(";"))):
            agreements.add((a, KMB.fieldLabel, Literal(label, lang="en")))
            for code in FIELD_CODES[label]:
                agreements.add((a, KMB.cooperationField, field_iri(code)))
        concept, years, renewed = _status(row["end_or_status"])
        agreements.add((a, KMB.status, concept))
        if years:
            agreements.add((a, KMB.statusAsOf, Literal(max(years), datatype=XSD.gYear)))
        for year in renewed:
            agreements.add((a, KMB.renewedIn, Literal(year, datatype=XSD.gYear)))
        for url in row["source_urls"].split():
            agreements.add((a, DCTERMS.source, WIKIPEDIA_LIST if url == CSV_TOKEN else URIRef(url)))
        note = row["notes"]
        evidence = (
            KMB.WikipediaListOnly
            if note.startswith("[in CSV; NOT confirmed")
            else KMB.ConfirmedByPages
            if note.startswith("[in CSV]")
            else KMB.PagesOnly
        )
        agreements.add((a, KMB.evidence, evidence))
        if "low confidence" in note.lower() or "low-confidence" in note.lower():
            agreements.add((a, KMB.confidence, KMB.LowConfidence))
        if str(a).rsplit("/", 1)[1] in CONFLICTING_DATES:
            agreements.add((a, KMB.confidence, KMB.Uncertain))
        agreements.add((a, PROV.wasDerivedFrom, CURATED_TABLE))

    return {"regions.ttl": regions, "countries.ttl": countries, "agreements.ttl": agreements}


def main(argv: list[str] | None = None) -> int:
    """Write the curated Turtle files into this package's folder."""
    args = sys.argv[1:] if argv is None else argv
    shared = Path(args[0]) if args else Path("../shared/data")
    import kembar.data

    target = Path(kembar.data.__file__).resolve().parent  # the source folder, not a link tree
    header = "# Generated by `python -m kembar.graph.ingest.curated` from the team's fact table; see curated.py.\n"
    for name, graph in build(shared).items():
        (target / name).write_text(header + graph.serialize(format="turtle"), encoding="utf-8")
        print(f"wrote {target / name}: {len(graph)} triples", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
