"""Links out: Kembar's places and countries matched to Wikidata and GeoNames, with the Home
Affairs code (kode wilayah) of Indonesian regions, from the 2016 Wikidata snapshots in
``../shared/data/wikidata/`` (CC0; see its README).

- An Indonesian kota or kabupaten is matched by its name and tier to the snapshot's CITY or
  TOWN of that name; a province by its ISO 3166-2 code; a country by its ISO 3166-1 code.
- A foreign partner is matched through Wikidata's own twinning statements (P190): among the
  items twinned with its linked Indonesian partner, the one whose name is the partner's.

Kembar's ``kmb:LocalGovernment`` is a government, a legal person; a Wikidata item of a city
or regency is the place and its administration together, and a GeoNames feature is a
populated place. So the links are ``skos:exactMatch`` (Wikidata: the same region, as a
concept) and ``skos:closeMatch`` (GeoNames: its place), never ``owl:sameAs``, which would
make every statement of one true of the other (docs/linked-data.md).

>>> fold("Kota Tangerang Selatan"), fold("Bandar Lampung")
('tangerangselatan', 'bandarlampung')
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from kembar.ontology import ids
from kembar.ontology.namespace import KMB
from rdflib import DCTERMS, RDFS, SKOS, Graph, Literal, URIRef

__all__ = ["GEONAMES", "fold", "link_countries", "link_regions", "p190_snapshot"]

#: GeoNames features as Linked Data (their Semantic Web IRIs).
GEONAMES = "https://sws.geonames.org/"
_TIER = {KMB.Kota: "CITY", KMB.Kabupaten: "TOWN"}


def fold(name: str) -> str:
    """A name reduced for matching: no tier word, no marks, no spaces or punctuation."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    plain = re.sub(r"^(kota|kabupaten|provinsi|city of|city)\s+", "", plain)
    return re.sub(r"[^a-z0-9]", "", plain)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def link_regions(regions: Graph, agreements: Graph, wikidata: Path) -> dict[str, tuple[int, int]]:
    """Add the links of Indonesian regions and of their foreign partners to *regions*;
    return (linked, total) per kind: ``kota``, ``kabupaten``, ``provinsi``, ``foreign``."""
    localities = _rows(wikidata / "indonesia-localities-2016.csv")
    by_name = {(fold(r["name"]), r["place"]): r for r in localities}
    states: dict[str, dict[str, str]] = {}
    for r in localities:
        states.setdefault(
            r["stateIso"], {"qid": r["stateId"], "code": r["kemendagriCode"].split(".")[0]}
        )
    coverage: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    qid_of: dict[URIRef, str] = {}
    for node in {
        n for n in regions.subjects(KMB.country, ids.country("ID")) if isinstance(n, URIRef)
    }:
        level = regions.value(node, KMB.adminLevel)
        label = next(
            (
                str(o)
                for o in regions.objects(node, RDFS.label)
                if getattr(o, "language", "") == "id"
            ),
            "",
        )
        if isinstance(level, URIRef) and level in _TIER:
            kind = "kota" if level == KMB.Kota else "kabupaten"
            coverage[kind][1] += 1
            name = fold(label)
            found = by_name.get((name, _TIER[level])) or by_name.get(
                (name.removeprefix("kepulauan"), _TIER[level])  # "Sangihe" for Kepulauan Sangihe
            )
            if found is None:
                continue
            qid_of[node] = found["id"]
            _link(regions, node, found["id"], found.get("geonamesId"), found["kemendagriCode"])
            coverage[kind][0] += 1
        elif level == KMB.Provinsi:
            coverage["provinsi"][1] += 1
            state = states.get(str(regions.value(node, KMB.iso3166Subdivision) or ""))
            if state is None:  # the Papuan provinces of 2022 are not in the 2016 snapshot
                continue
            qid_of[node] = state["qid"]
            _link(regions, node, state["qid"], None, state["code"])
            coverage["provinsi"][0] += 1
    _link_partners(regions, agreements, qid_of, wikidata, coverage)
    return {kind: (n[0], n[1]) for kind, n in coverage.items()}


def _link(graph: Graph, node: URIRef, qid: str, geonames: str | None, code: str) -> None:
    graph.add((node, SKOS.exactMatch, ids.WD[qid]))
    if geonames:
        graph.add((node, SKOS.closeMatch, URIRef(f"{GEONAMES}{geonames}/")))
    if code:
        graph.add((node, KMB.homeAffairsCode, Literal(code)))
    graph.add((node, DCTERMS.source, ids.source("wikidata-localities-2016")))


def p190_snapshot(wikidata: Path) -> tuple[set[tuple[str, str]], dict[str, str]]:
    """Wikidata's P190 statements of the 2016 snapshot as (subject, object) QIDs, each
    direction its own statement, and a label for every QID."""
    statements: set[tuple[str, str]] = set()
    with (wikidata / "p190-2016-relations.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            a, _, b = line.strip().partition("\t")
            statements.add((a, b))
    names: dict[str, str] = {}
    with (wikidata / "p190-2016-names.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            qid, _, name = line.rstrip("\n").partition("\t")
            names[qid] = name
    return statements, names


def _link_partners(
    regions: Graph, agreements: Graph, qid_of: dict[URIRef, str], wikidata: Path,
    coverage: dict[str, list[int]],
) -> None:  # fmt: skip
    """A foreign partner: the item twinned (P190, either direction) with its Indonesian
    partner's item, whose name folds to the partner's name."""
    statements, names = p190_snapshot(wikidata)
    twins: dict[str, set[str]] = defaultdict(set)
    for a, b in statements:
        twins[a].add(b)
        twins[b].add(a)
    partners: dict[URIRef, set[URIRef]] = defaultdict(set)
    for agreement in set(agreements.subjects(KMB.party, None)):
        parties = set(agreements.objects(agreement, KMB.party))
        for ours in parties & set(qid_of):
            if isinstance(ours, URIRef):
                partners[ours] |= {p for p in parties if p != ours and isinstance(p, URIRef)}
    foreign = {
        p
        for found in partners.values()
        for p in found
        if (p, KMB.country, ids.country("ID")) not in regions
    }
    coverage["foreign"][1] += len(foreign)
    linked: set[URIRef] = set()
    for ours, theirs in partners.items():
        candidates = {fold(names.get(q, "")): q for q in twins.get(qid_of[ours], set())}
        for partner in theirs & foreign:
            labels = {fold(str(o)) for p in (RDFS.label, SKOS.altLabel, KMB.nativeName)
                      for o in regions.objects(partner, p)}  # fmt: skip
            match = next((candidates[f] for f in labels if f and f in candidates), None)
            if match and partner not in linked:
                linked.add(partner)
                regions.add((partner, SKOS.exactMatch, ids.WD[match]))
                regions.add((partner, DCTERMS.source, ids.source("wikidata")))
    coverage["foreign"][0] += len(linked)


def link_countries(countries: Graph, wikidata: Path) -> tuple[int, int]:
    """Every country with its Wikidata item and GeoNames feature, by ISO 3166-1 code;
    (linked, total)."""
    rows = {r["iso"]: r for r in _rows(wikidata / "countries-2016.csv")}
    total = linked = 0
    for node, code in countries.subject_objects(KMB.iso3166Alpha2):
        if not isinstance(node, URIRef):
            continue
        total += 1
        row = rows.get(str(code))
        if row is None:
            continue
        linked += 1
        countries.add((node, SKOS.exactMatch, ids.WD[row["id"]]))
        if row.get("geonamesId"):
            countries.add((node, SKOS.closeMatch, URIRef(f"{GEONAMES}{row['geonamesId']}/")))
    return linked, total
