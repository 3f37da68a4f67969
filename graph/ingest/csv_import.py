"""Import twinning pairs from CSV files shaped like the Wikipedia scrape.

The columns are ``city1,country1,lat1,lng1,city2,country2,lat2,lng2``. Country names become
ISO codes (:mod:`kembar.graph.ingest.countries`); a place that the store already knows by name and
country (the curated Indonesian graph, an earlier import) is reused, not duplicated; the
same pair listed twice or in both directions is one agreement; a pair the store already
links is counted, not added again. Everything is checked before anything is written, and
the write is one transaction. A malformed row is set aside with its line and reason and
the other rows are imported (``strict=True``: nothing is); the report puts every row in
exactly one bucket.

>>> import io
>>> rows, _ = read_pairs(io.StringIO(HEADER + "\\nBandung,Indonesia,-6.9,107.6,Braunschweig,Germany,52.3,10.5\\n"))
>>> rows[0].first.name, rows[0].second.name
('Bandung', 'Braunschweig')
"""

from __future__ import annotations

import csv
import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox
from kembar.graph.errors import ImportDataError
from kembar.graph.ingest.countries import CountryResolver
from kembar.graph.store import KembarStore, derive_import, named
from kembar.ontology import ids
from kembar.ontology.namespace import KMB
from rdflib import DCTERMS, RDF, RDFS, XSD
from slugify import slugify

__all__ = [
    "HEADER",
    "ImportReport",
    "Pair",
    "Place",
    "country_quads",
    "distance_km",
    "import_csv",
    "known_countries",
    "known_links",
    "read_pairs",
]

HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2"
WIKIPEDIA_LIST = ids.source("wikipedia-twin-towns")
SAME_PLACE_KM = 30.0

_RDF_TYPE = named(RDF.type)
_LABEL = named(RDFS.label)
_SOURCE = named(DCTERMS.source)
_LAT = named(ids.GEO.lat)
_LONG = named(ids.GEO.long)
_DECIMAL = named(XSD.decimal)


@dataclass(frozen=True)
class Place:
    """One side of a pair as the file gives it."""

    name: str
    country: str
    lat: float | None
    lng: float | None


@dataclass(frozen=True)
class Pair:
    """One row of the file."""

    line: int
    first: Place
    second: Place


@dataclass
class ImportReport:
    """What an import did, for the user and for tests."""

    rows: int = 0
    pairs: int = 0
    duplicate_rows: int = 0
    already_known: int = 0
    agreements_added: int = 0
    same_place_rows: int = 0
    unresolved_rows: int = 0
    malformed_rows: int = 0
    set_aside: list[tuple[int, str]] = field(default_factory=list)
    """(line, reason) of every row that became no agreement and is no duplicate."""
    places: int = 0
    places_matched: int = 0
    places_created: int = 0
    merged_by_distance: int = 0
    """Same-name places of one country merged because their coordinates lie close."""
    merged_sole_candidate: int = 0
    """A same-name place without coordinates (or with, against one without) merged into the
    only candidate of that name."""
    kept_apart_ambiguous: int = 0
    """A same-name place without coordinates kept apart: several candidates, none certain."""

    @property
    def buckets(self) -> dict[str, int]:
        """Every row in exactly one bucket; the buckets add up to :attr:`rows`."""
        return {
            "agreements added": self.agreements_added,
            "already in the store": self.already_known,
            "duplicates merged": self.duplicate_rows,
            "both sides the same place": self.same_place_rows,
            "a country not recognised": self.unresolved_rows,
            "malformed": self.malformed_rows,
        }

    countries: int = 0
    countries_created: int = 0
    repaired_rows: int = 0
    unresolved_countries: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    seconds: float = 0.0


def _coordinate(value: str, low: float, high: float, what: str, line: int) -> float | None:
    if not value.strip():
        return None
    try:
        number = float(value)
    except ValueError:
        raise ImportDataError(f"line {line}: {what} {value!r} is not a number") from None
    if not low <= number <= high or math.isnan(number):
        raise ImportDataError(f"line {line}: {what} {number} is outside [{low}, {high}]")
    return number


def _place(row: list[str], offset: int, line: int) -> Place:
    name, country = row[offset].strip(), row[offset + 1].strip()
    if not name:
        raise ImportDataError(f"line {line}: city{offset // 4 + 1} is empty")
    return Place(
        name,
        country,
        _coordinate(row[offset + 2], -90, 90, f"lat{offset // 4 + 1}", line),
        _coordinate(row[offset + 3], -180, 180, f"lng{offset // 4 + 1}", line),
    )


def read_pairs(stream: TextIO) -> tuple[list[Pair], list[tuple[int, str]]]:
    """Parse and check every row: the good pairs, and (line, reason) for every malformed
    row (wrong number of columns, an empty city, a coordinate that is no number or out of
    range, a line the CSV reader cannot split). Only a wrong header stops the reading.

    >>> import io
    >>> text = HEADER + "\\nOslo,Norway,59.9,10.7,Gdańsk,Poland,54.3,18.6\\nOslo,Norway,x,,A,B,,\\n"
    >>> pairs, bad = read_pairs(io.StringIO(text))
    >>> len(pairs), bad
    (1, [(3, "line 3: lat1 'x' is not a number")])
    """
    reader = csv.reader(stream)
    header = next(reader, None)
    if header is None or ",".join(h.strip() for h in header) != HEADER:
        raise ImportDataError(f"line 1: expected the header {HEADER!r}")
    pairs: list[Pair] = []
    malformed: list[tuple[int, str]] = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            malformed.append((reader.line_num, f"line {reader.line_num}: {exc}"))
            continue
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 8:
            malformed.append((line, f"line {line}: expected 8 columns, found {len(row)}"))
            continue
        try:
            pairs.append(Pair(line, _place(row, 0, line), _place(row, 4, line)))
        except ImportDataError as exc:
            malformed.append((line, str(exc)))
    return pairs, malformed


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points, in kilometres.

    Parameters
    ----------
    a, b : tuple of float
        ``(latitude, longitude)`` in degrees.

    Returns
    -------
    float
        The haversine distance on a sphere of radius 6,371 km.

    Examples
    --------
    >>> round(distance_km((-6.9147, 107.6098), (-7.2575, 112.7521)))  # Bandung - Surabaya
    569
    """
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def _known_places(store: KembarStore, target: str) -> dict[tuple[str, str], str]:
    """(ISO code, lower-case name or alias) -> IRI, for places in graphs other than *target*."""
    rows = store.select(
        """SELECT ?place ?iso ?name ?target WHERE {
             GRAPH ?g { ?place a kmb:LocalGovernment } FILTER (?g != ?target)
             ?place kmb:country/kmb:iso3166Alpha2 ?iso .
             { ?place rdfs:label ?name } UNION { ?place skos:altLabel ?name }
           }""",
        {"target": named(target)},
    )
    return {(r["iso"], r["name"].lower()): r["place"] for r in rows}


def known_links(store: KembarStore, target: str) -> set[frozenset[str]]:
    """Pairs of places the store already ties (``kmb:twinnedWith``) outside graph *target*."""
    rows = store.select(
        "SELECT ?a ?b ?target WHERE { GRAPH ?g { ?a kmb:twinnedWith ?b } FILTER (?g != ?target) }",
        {"target": named(target)},
    )
    return {frozenset((r["a"], r["b"])) for r in rows}


def known_countries(store: KembarStore, target: str) -> set[str]:
    """ISO codes of the countries the store holds outside graph *target*."""
    rows = store.select(
        "SELECT ?iso ?target WHERE { GRAPH ?g { ?c kmb:iso3166Alpha2 ?iso } FILTER (?g != ?target) }",
        {"target": named(target)},
    )
    return {r["iso"] for r in rows}


def country_quads(iso: str) -> list[ox.Quad]:
    """A country the store does not know (the world list in ``data/countries.ttl`` knows
    every ISO code, so only a code ``country_converter`` invents lands here): a state
    named by its code."""
    node = named(ids.country(iso))
    return [
        ox.Quad(node, _RDF_TYPE, named(KMB.State)),
        ox.Quad(node, _LABEL, ox.Literal(iso, language="en")),
        ox.Quad(node, named(KMB.iso3166Alpha2), ox.Literal(iso)),
    ]


def _same_place(
    group: list[tuple[tuple[float, float] | None, str]],
    coords: tuple[float, float] | None,
    report: ImportReport,
) -> str | None:
    """The place of *group* (same name, same country) that is this one, or None."""
    if not group:
        return None
    if coords is not None:
        for other, iri in group:
            if other is not None and distance_km(other, coords) <= SAME_PLACE_KM:
                report.merged_by_distance += 1
                return iri
    if len(group) == 1 and (coords is None or group[0][0] is None):
        report.merged_sole_candidate += 1
        return group[0][1]
    if coords is None:
        report.kept_apart_ambiguous += 1
    return None


def import_csv(
    store: KembarStore,
    path: Path,
    graph: str = "wikipedia",
    *,
    progress: Callable[[Iterable[Pair]], Iterable[Pair]] | None = None,
    strict: bool = False,
    language: str = "en",
) -> ImportReport:
    """Import the pairs of *path* into the named graph ``import/{graph}`` of *store*.

    Parameters
    ----------
    store : KembarStore
        The store to write to.
    path : pathlib.Path
        A CSV file with the header :data:`HEADER`.
    graph : str
        Name of the import graph; an earlier import under that name is replaced.
    progress : callable, optional
        Wraps the row iteration, e.g. ``tqdm.tqdm``.
    strict : bool
        Import nothing when any row is malformed (the error lists them); by default a
        malformed row is set aside with its line and reason and the others are imported.
    language : str
        The language of the names in the file (their labels' tag), English by default:
        Wikipedia's lists.

    Returns
    -------
    ImportReport

    Raises
    ------
    ImportDataError
        On an unreadable file or a wrong header, or with *strict* on any malformed row
        (every one named, up to twenty); nothing is written.
    """
    started = time.perf_counter()
    try:
        with path.open(newline="", encoding="utf-8") as stream:
            pairs, malformed = read_pairs(stream)
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportDataError(f"cannot read {path}: {exc}") from None
    if malformed and strict:
        shown = "; ".join(reason for _, reason in malformed[:20])
        more = f" (and {len(malformed) - 20} more)" if len(malformed) > 20 else ""
        raise ImportDataError(f"{len(malformed)} malformed rows, nothing imported: {shown}{more}")
    resolver = CountryResolver.from_store(store)
    report = ImportReport(rows=len(pairs) + len(malformed), malformed_rows=len(malformed))
    report.set_aside.extend(malformed)
    target = str(ids.graph_iri(f"import/{graph}"))
    known = _known_places(store, target)
    links = known_links(store, target)
    countries = known_countries(store, target)

    # 1. Resolve countries, repairing rows whose city cell holds "City, Country".
    resolved: list[tuple[int, str, str]] = []
    unresolved: dict[str, int] = defaultdict(int)
    rows = progress(pairs) if progress else pairs
    for pair in rows:
        sides = []
        for place in (pair.first, pair.second):
            name, country = place.name, place.country
            if not country:
                report.repaired_rows += 1
                name, _, country = (
                    place.name.rpartition(",") if "," in place.name else ("", "", place.name)
                )
                name = name.strip() or place.name
            iso = resolver.iso2(country)
            if iso is None:
                unresolved[country or "(empty)"] += 1
            sides.append((Place(name, country, place.lat, place.lng), iso))
        keys = [f"{iso}\t{p.name}\t{p.lat}\t{p.lng}" for p, iso in sides if iso]
        if len(keys) == 2:
            resolved.append((pair.line, keys[0], keys[1]))
        else:
            report.unresolved_rows += 1
            missing = [p.country or "(empty)" for p, iso in sides if not iso]
            report.set_aside.append((pair.line, f"country not recognised: {', '.join(missing)}"))
    report.unresolved_countries = dict(sorted(unresolved.items()))

    # 2. Places: reuse the store's; otherwise cluster same-name places of a country: merged
    # when their coordinates lie within SAME_PLACE_KM, or when one lacks coordinates and is
    # the only candidate; a place without coordinates among several candidates stays apart.
    clusters: dict[tuple[str, str], list[tuple[tuple[float, float] | None, str]]] = defaultdict(
        list
    )
    place_iri: dict[str, str] = {}
    new_places: dict[str, tuple[str, str, float | None, float | None]] = {}
    for _, *pair_keys in resolved:
        for key in pair_keys:
            if key in place_iri:
                continue
            iso, name, lat_s, lng_s = key.split("\t")
            lat = None if lat_s == "None" else float(lat_s)
            lng = None if lng_s == "None" else float(lng_s)
            existing = known.get((iso, name.lower()))
            if existing:
                place_iri[key] = existing
                continue
            base = slugify(name) or "place"
            coords = (lat, lng) if lat is not None and lng is not None else None
            group = clusters[(iso, base)]
            match = _same_place(group, coords, report)
            if match is None:
                slug = base if not group else f"{base}-{len(group) + 1}"
                match = str(ids.region(iso, slug))
                group.append((coords, match))
                new_places[match] = (iso, name, lat, lng)
            place_iri[key] = match
    used = set(place_iri.values())
    report.places = len(used)
    report.places_created = len(new_places)
    report.places_matched = len(used) - len(new_places)

    # 3. Agreements: one per unordered pair; skip pairs the store already links.
    quads: list[ox.Quad] = []
    seen: set[frozenset[str]] = set()
    for line, key1, key2 in resolved:
        a, b = place_iri[key1], place_iri[key2]
        if a == b:
            report.same_place_rows += 1
            report.set_aside.append((line, f"both sides are the same place: {a}"))
            continue
        link = frozenset((a, b))
        if link in seen:
            report.duplicate_rows += 1
            continue
        seen.add(link)
        if link in links:
            report.already_known += 1
            continue
        x, y = sorted((a, b))
        slug = f"{x.split('/region/')[1].replace('/', '-')}--{y.split('/region/')[1].replace('/', '-')}"
        agreement = named(ids.agreement(slug))
        quads += [
            ox.Quad(agreement, _RDF_TYPE, named(KMB.SisterCityAgreement)),
            ox.Quad(agreement, named(KMB.party), named(x)),
            ox.Quad(agreement, named(KMB.party), named(y)),
            ox.Quad(named(x), named(KMB.twinnedWith), named(y)),
            ox.Quad(named(y), named(KMB.twinnedWith), named(x)),
            ox.Quad(agreement, _SOURCE, named(WIKIPEDIA_LIST)),
            ox.Quad(agreement, named(KMB.evidence), named(KMB.WikipediaListOnly)),
        ]
        report.agreements_added += 1
    report.pairs = len(seen)
    report.set_aside.sort()
    assert sum(report.buckets.values()) == report.rows, report.buckets  # every row, once

    for iri, (iso, name, lat, lng) in new_places.items():
        node = named(iri)
        quads += [
            ox.Quad(node, _RDF_TYPE, named(KMB.LocalGovernment)),
            ox.Quad(node, _LABEL, ox.Literal(name, language=language)),
            ox.Quad(node, named(KMB.country), named(ids.country(iso))),
            ox.Quad(node, named(KMB.adminLevel), named(KMB.MunicipalLevel)),
            ox.Quad(node, _SOURCE, named(WIKIPEDIA_LIST)),
        ]
        if lat is not None and lng is not None:
            quads.append(ox.Quad(node, _LAT, ox.Literal(f"{lat:.4f}", datatype=_DECIMAL)))
            quads.append(ox.Quad(node, _LONG, ox.Literal(f"{lng:.4f}", datatype=_DECIMAL)))
    all_isos = {iri.split("/region/")[1].split("/")[0].upper() for iri in used}
    report.countries = len(all_isos)
    for iso in sorted(all_isos - countries):
        quads += country_quads(iso)
        report.countries_created += 1

    # the statements and what they imply (types, years, regimes), in one transaction
    report.triples = derive_import(store, graph, quads)
    report.seconds = time.perf_counter() - started
    return report
