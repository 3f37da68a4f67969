"""Import twinning from Wikidata: the SPARQL JSON results of the query in the README.

Each result row is one P190 statement: a place (``city``) twinned with another (``twin``),
with the statement's start and end time (P580, P582), each place's country code (P17,
then P297), coordinates (P625) and labels in English and Indonesian. The variables are
``city cityLabel cityLabelId cityCountry cityCoord twin twinLabel twinLabelId twinCountry
twinCoord start end``; only ``city``, ``twin`` and the two countries are required.

Places are reconciled with what the store already holds, in this order:

1. **QID**: a node linked to the entity by ``skos:exactMatch`` (in another graph) is it;
2. **name + country + distance**: a node of the same country whose label or alias is the
   place's English or Indonesian label, and, when both have coordinates, lies within
   30 km. One candidate is a match (and gains the ``skos:exactMatch`` link); several are
   **ambiguous**: they are listed in the report, not guessed, and the place's ties are
   left out; none means a new node.

A pair already linked in the store is counted, not added again. Everything is checked
before anything is written, and the write (graph ``import/{graph}``) is one transaction.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from kembar.graph.errors import ImportDataError
from kembar.graph.ingest.csv_import import (
    SAME_PLACE_KM,
    country_quads,
    distance_km,
    known_countries,
    known_links,
)
from kembar.graph.store import KembarStore, derive_import, named
from kembar.ontology import ids
from kembar.ontology.namespace import KMB
from rdflib import DCTERMS, PROV, RDF, RDFS, SKOS, XSD
from slugify import slugify

__all__ = ["WikidataPlace", "WikidataReport", "import_wikidata", "read_results"]

WIKIDATA = ids.source("wikidata")
_QID = re.compile("^" + re.escape(str(ids.WD)) + r"(Q[1-9][0-9]*)$")
_POINT = re.compile(
    r"^\s*Point\(\s*(-?[0-9.]+(?:[eE]-?[0-9]+)?)\s+(-?[0-9.]+(?:[eE]-?[0-9]+)?)\s*\)\s*$"
)
_DATE = re.compile(r"^(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})(T.*)?$")
_ISO = re.compile(r"^[A-Z]{2}$")

_RDF_TYPE = named(RDF.type)
_LABEL = named(RDFS.label)
_SOURCE = named(DCTERMS.source)
_DERIVED = named(PROV.wasDerivedFrom)
_EXACT = named(SKOS.exactMatch)
_DECIMAL = named(XSD.decimal)
_XSD_DATE = named(XSD.date)


@dataclass(frozen=True)
class WikidataPlace:
    """One side of a statement: the entity, its labels, country code and position."""

    qid: str
    label: str
    label_id: str | None
    country: str
    lat: float | None
    lng: float | None


@dataclass(frozen=True)
class Statement:
    """One P190 statement (a result row)."""

    row: int
    city: WikidataPlace
    twin: WikidataPlace
    start: str | None
    end: str | None


@dataclass
class WikidataReport:
    """What an import did: places matched (by QID, by name), created and ambiguous."""

    statements: int = 0
    pairs: int = 0
    already_known: int = 0
    agreements_added: int = 0
    places: int = 0
    matched_by_qid: int = 0
    matched_by_name: int = 0
    created: int = 0
    ambiguous: dict[str, list[str]] = field(default_factory=dict)
    """QID and label -> the candidate IRIs it could be."""
    skipped_ambiguous: int = 0
    countries_created: int = 0
    triples: int = 0
    seconds: float = 0.0


def _value(binding: dict[str, Any], var: str, where: str, kind: str | None = None) -> str | None:
    cell = binding.get(var)
    if cell is None:
        return None
    if not isinstance(cell, dict) or not isinstance(cell.get("value"), str):
        raise ImportDataError(f"{where}.{var}: expected an RDF term with a string value")
    if kind is not None and cell.get("type") != kind:
        raise ImportDataError(f"{where}.{var}: expected a {kind}, got {cell.get('type')!r}")
    return str(cell["value"])


def _date(value: str | None, where: str) -> str | None:
    if value is None:
        return None
    found = _DATE.match(value)
    if found is None:
        raise ImportDataError(f"{where}: {value!r} is not a date")
    return f"{found[1]}-{found[2]}-{found[3]}"


def _side(binding: dict[str, Any], prefix: str, where: str) -> WikidataPlace:
    entity = _value(binding, prefix, where, "uri")
    if entity is None:
        raise ImportDataError(f"{where}.{prefix}: missing (the twinned entity)")
    qid = _QID.match(entity)
    if qid is None:
        raise ImportDataError(f"{where}.{prefix}: {entity!r} is not a Wikidata entity IRI")
    country = _value(binding, f"{prefix}Country", where, "literal")
    if country is None or not _ISO.match(country):
        raise ImportDataError(
            f"{where}.{prefix}Country: {country!r} is not an ISO 3166 alpha-2 code"
        )
    lat = lng = None
    point = _value(binding, f"{prefix}Coord", where, "literal")
    if point is not None:
        found = _POINT.match(point)
        if found is None:
            raise ImportDataError(f"{where}.{prefix}Coord: {point!r} is not a WKT Point(lon lat)")
        lng, lat = float(found[1]), float(found[2])
        if not (-90 <= lat <= 90 and -180 <= lng <= 180):
            raise ImportDataError(f"{where}.{prefix}Coord: {point!r} is off the globe")
    label = _value(binding, f"{prefix}Label", where, "literal") or qid[1]
    return WikidataPlace(qid[1], label.strip(), _value(binding, f"{prefix}LabelId", where, "literal"),
                         country, lat, lng)  # fmt: skip


def read_results(data: bytes, source: str) -> list[Statement]:
    """Parse and check SPARQL JSON results; :class:`ImportDataError` names the row and variable."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ImportDataError(f"{source}: not SPARQL JSON results: {exc}") from None
    bindings = document.get("results", {}).get("bindings") if isinstance(document, dict) else None
    if not isinstance(bindings, list):
        raise ImportDataError(f"{source}: results.bindings: missing; is this SPARQL JSON results?")
    statements = []
    for row, binding in enumerate(bindings):
        where = f"{source}: results.bindings[{row}]"
        if not isinstance(binding, dict):
            raise ImportDataError(f"{where}: expected an object")
        statements.append(Statement(
            row, _side(binding, "city", where), _side(binding, "twin", where),
            _date(_value(binding, "start", where, "literal"), f"{where}.start"),
            _date(_value(binding, "end", where, "literal"), f"{where}.end"),
        ))  # fmt: skip
    return statements


@dataclass(frozen=True)
class _Candidate:
    iri: str
    lat: float | None
    lng: float | None


def _linked(store: KembarStore, target: str) -> dict[str, str]:
    """QID -> the node linked to it by skos:exactMatch, outside graph *target*."""
    rows = store.select(
        "SELECT ?node ?entity ?target WHERE { GRAPH ?g { ?node skos:exactMatch ?entity } "
        "FILTER (?g != ?target && STRSTARTS(STR(?entity), STR(wd:))) }",
        {"target": named(target)},
    )
    return {r["entity"].rsplit("/", 1)[1]: r["node"] for r in rows}


def _named(store: KembarStore, target: str) -> dict[tuple[str, str], list[_Candidate]]:
    """(ISO code, lower-case name) -> places of that name, outside graph *target*."""
    rows = store.select(
        """SELECT DISTINCT ?place ?iso ?name ?lat ?long ?target WHERE {
             GRAPH ?g { ?place a kmb:LocalGovernment } FILTER (?g != ?target)
             ?place kmb:country/kmb:iso3166Alpha2 ?iso .
             { ?place rdfs:label ?name } UNION { ?place skos:altLabel ?name }
             OPTIONAL { ?place geo:lat ?lat ; geo:long ?long }
           }""",
        {"target": named(target)},
    )
    found: dict[tuple[str, str], list[_Candidate]] = {}
    for r in rows:
        lat, lng = (float(r["lat"]), float(r["long"])) if "lat" in r else (None, None)
        bucket = found.setdefault((r["iso"], r["name"].lower()), [])
        if all(c.iri != r["place"] for c in bucket):
            bucket.append(_Candidate(r["place"], lat, lng))
    return found


def _near(candidate: _Candidate, place: WikidataPlace) -> bool:
    if None in (candidate.lat, candidate.lng, place.lat, place.lng):
        return True  # no coordinates on one side: the name and country must do
    return distance_km((candidate.lat, candidate.lng), (place.lat, place.lng)) <= SAME_PLACE_KM  # type: ignore[arg-type]


def import_wikidata(store: KembarStore, path: Path, graph: str = "wikidata") -> WikidataReport:
    """Import the P190 statements of *path* (SPARQL JSON results) into ``import/{graph}``.

    Parameters
    ----------
    store : KembarStore
        The store to write to.
    path : pathlib.Path
        SPARQL 1.1 Query Results JSON of the query in docs/research.md.
    graph : str
        Name of the import graph; an earlier import under that name is replaced.

    Returns
    -------
    WikidataReport
        Places matched by QID or by name, created, ambiguous; ties added or known.

    Raises
    ------
    ImportDataError
        Naming the row and variable at fault; nothing is written.
    """
    started = time.perf_counter()
    try:
        statements = read_results(path.read_bytes(), str(path))
    except OSError as exc:
        raise ImportDataError(f"cannot read {path}: {exc.strerror}") from None
    target = str(ids.graph_iri(f"import/{graph}"))
    linked, by_name = _linked(store, target), _named(store, target)
    links, countries = known_links(store, target), known_countries(store, target)
    taken = {c.iri for bucket in by_name.values() for c in bucket}
    report = WikidataReport(statements=len(statements))

    # 1. Reconcile each entity once.
    node_of: dict[str, str | None] = {}
    created: dict[str, WikidataPlace] = {}
    for place in (p for s in statements for p in (s.city, s.twin)):
        if place.qid in node_of:
            continue
        if place.qid in linked:
            node_of[place.qid] = linked[place.qid]
            report.matched_by_qid += 1
            continue
        names = {place.label.lower(), (place.label_id or place.label).lower()}
        candidates = {c.iri: c for n in names for c in by_name.get((place.country, n), [])}
        near = [c for c in candidates.values() if _near(c, place)]
        if len(near) == 1:
            node_of[place.qid] = near[0].iri
            report.matched_by_name += 1
        elif len(near) > 1:
            node_of[place.qid] = None
            report.ambiguous[f"{place.qid} {place.label} ({place.country})"] = sorted(c.iri for c in near)  # fmt: skip
        else:
            base = slugify(place.label) or place.qid.lower()
            slug, n = base, 1
            while str(ids.region(place.country, slug)) in taken:
                n += 1
                slug = f"{base}-{n}"
            iri = str(ids.region(place.country, slug))
            taken.add(iri)
            node_of[place.qid] = iri
            created[iri] = place
    report.created = len(created)
    report.places = sum(1 for v in node_of.values() if v is not None)

    # 2. Statements into agreements; links of every reconciled place to its entity.
    quads: list[ox.Quad] = []
    seen: set[frozenset[str]] = set()
    for s in statements:
        a, b = node_of[s.city.qid], node_of[s.twin.qid]
        if a is None or b is None:
            report.skipped_ambiguous += 1
            continue
        link = frozenset((a, b))
        if a == b or link in seen:
            continue
        seen.add(link)
        if link in links:
            report.already_known += 1
            continue
        quads += list(_agreement(a, b, s))
        report.agreements_added += 1
    report.pairs = len(seen)
    for qid, node in node_of.items():
        if node is not None:
            quads.append(ox.Quad(named(node), _EXACT, named(ids.WD[qid])))
    for iri, place in created.items():
        quads += list(_place(iri, place))
    for iso in sorted({p.country for p in created.values()} - countries):
        quads += country_quads(iso)
        report.countries_created += 1
    # the statements and what they imply (types, years, regimes), in one transaction
    report.triples = derive_import(store, graph, quads)
    report.seconds = time.perf_counter() - started
    return report


def _agreement(a: str, b: str, s: Statement) -> Iterator[ox.Quad]:
    x, y = sorted((a, b))
    slug = f"{x.split('/region/')[1].replace('/', '-')}--{y.split('/region/')[1].replace('/', '-')}"
    agreement = named(ids.agreement(slug))
    yield ox.Quad(agreement, _RDF_TYPE, named(KMB.SisterCityAgreement))
    yield ox.Quad(agreement, named(KMB.party), named(x))
    yield ox.Quad(agreement, named(KMB.party), named(y))
    yield ox.Quad(named(x), named(KMB.twinnedWith), named(y))
    yield ox.Quad(named(y), named(KMB.twinnedWith), named(x))
    yield ox.Quad(agreement, _SOURCE, named(WIKIDATA))
    yield ox.Quad(agreement, _DERIVED, named(ids.WD[s.city.qid]))
    if s.start:
        yield ox.Quad(agreement, named(KMB.signedOn), ox.Literal(s.start, datatype=_XSD_DATE))
    if s.end:
        yield ox.Quad(agreement, named(KMB.endedOn), ox.Literal(s.end, datatype=_XSD_DATE))


def _place(iri: str, place: WikidataPlace) -> Iterator[ox.Quad]:
    node = named(iri)
    yield ox.Quad(node, _RDF_TYPE, named(KMB.LocalGovernment))
    yield ox.Quad(node, _LABEL, ox.Literal(place.label, language="en"))
    if place.label_id and place.label_id != place.label:
        yield ox.Quad(node, _LABEL, ox.Literal(place.label_id, language="id"))
    yield ox.Quad(node, named(KMB.country), named(ids.country(place.country)))
    yield ox.Quad(node, named(KMB.adminLevel), named(KMB.MunicipalLevel))
    yield ox.Quad(node, _SOURCE, named(WIKIDATA))
    if place.lat is not None and place.lng is not None:
        yield ox.Quad(node, named(ids.GEO.lat), ox.Literal(f"{place.lat:.4f}", datatype=_DECIMAL))
        yield ox.Quad(node, named(ids.GEO.long), ox.Literal(f"{place.lng:.4f}", datatype=_DECIMAL))
