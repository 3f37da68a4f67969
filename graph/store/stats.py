"""Counts that describe the store: triples per graph, agreements, regions, countries, rules.

>>> from kembar.graph.store import KembarStore
>>> s = stats(KembarStore())
>>> s.rules, s.indonesian_provinces
(55, 38)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from kembar.graph.store.core import GraphCount, KembarStore, subclasses
from kembar.ontology.namespace import KMB

__all__ = ["SIGNED", "STAGE_ORDER", "Stats", "link_coverage", "stage_counts", "stats"]


@dataclass
class Stats:
    """What ``kembar stats`` prints."""

    graphs: list[GraphCount]
    agreements_by_type: dict[str, int] = field(default_factory=dict)
    local_governments: int = 0
    indonesian_local_governments: int = 0
    indonesian_provinces: int = 0
    countries: int = 0
    partner_countries: int = 0
    rules: int = 0
    stages: dict[str, int] = field(default_factory=dict)

    @property
    def agreements(self) -> int:
        """All agreements, whatever their type."""
        return sum(self.agreements_by_type.values())

    def lines(self) -> Iterator[str]:
        """The report as lines of text."""
        yield "triples per named graph:"
        for g in self.graphs:
            yield f"  {g.graph:<50} {g.triples:>9}"
        yield f"ties: {self.agreements}"
        for name, n in self.agreements_by_type.items():
            yield f"  {name:<48} {n:>9}"
        if self.stages:
            yield "ties by how far they got:"
            for stage in STAGE_ORDER:
                yield f"  {stage:<48} {self.stages[stage]:>9}"
            yield (
                f"agreements (ties that reached a signed document): {self.stages['agreements']}"
                f" (of them dormant {self.stages['dormant']}, ended {self.stages['ended']})"
            )
        yield f"local governments: {self.local_governments} ({self.indonesian_local_governments} Indonesian)"
        yield f"Indonesian provinces: {self.indonesian_provinces}"
        yield f"countries: {self.countries} ({self.partner_countries} with a party in an agreement)"
        yield f"rules: {self.rules}"


#: How far ties get, in order (``kmb:furthestStage``'s notations); ``unknown``: nothing says.
STAGE_ORDER = ["proposed", "letter_of_intent", "mou_signed", "agreement_signed", "renewed",
               "signed", "unknown"]  # fmt: skip
#: The stages that mean a signed document: what Kembar counts as an agreement.
SIGNED = ("letter_of_intent", "mou_signed", "agreement_signed", "renewed", "signed")

_STAGES = """
SELECT ?stage ?condition (COUNT(DISTINCT ?a) AS ?n) WHERE {
    ?a a ?type . TYPES
    OPTIONAL { ?a kmb:furthestStage/skos:notation ?reached }
    OPTIONAL { ?a kmb:status ?status FILTER (?status IN (kmb:StatusDormant, kmb:StatusExpired)) }
    BIND (COALESCE(?reached, "unknown") AS ?stage)
    BIND (COALESCE(IF(?status = kmb:StatusDormant, "dormant", "ended"), "") AS ?condition)
} GROUP BY ?stage ?condition
"""


def stage_counts(store: KembarStore) -> dict[str, int]:
    """Ties by how far they got (:data:`STAGE_ORDER`), with ``ties`` (all), ``agreements``
    (ties that reached a signed document: :data:`SIGNED`), ``dormant`` and ``ended`` (of
    those, what their status says now). The one rule every count of Kembar follows: the
    command line, the pages, VoID and the tables (docs/data.md).

    >>> from kembar.graph.store import KembarStore
    >>> counts = stage_counts(KembarStore())
    >>> counts["ties"] == sum(counts[s] for s in STAGE_ORDER)
    True
    """
    query = _STAGES.replace("TYPES", subclasses("type", KMB.Agreement, strict=True))
    counts = dict.fromkeys([*STAGE_ORDER, "ties", "agreements", "dormant", "ended"], 0)
    for row in store.select(query):
        n = int(row["n"])
        counts[row["stage"]] += n
        counts["ties"] += n
        if row["stage"] in SIGNED:
            counts["agreements"] += n
            if row.get("condition"):
                counts[row["condition"]] += n
    return counts


_LINKS = """
SELECT ?level (COUNT(DISTINCT ?r) AS ?n) (COUNT(DISTINCT ?wikidata) AS ?wd)
       (COUNT(DISTINCT ?geonames) AS ?gn) (COUNT(DISTINCT ?coded) AS ?code) WHERE {
    { ?a kmb:party ?r } UNION { ?a kmb:party/kmb:province ?r }
    ?a a ?type . TYPES
    ?r kmb:country ?country .
    OPTIONAL { ?r kmb:adminLevel/skos:notation ?tier }
    BIND (IF(?country = country:id, COALESCE(?tier, "other"), "foreign") AS ?level)
    OPTIONAL { ?r skos:exactMatch ?q FILTER (STRSTARTS(STR(?q), STR(wd:))) BIND (?r AS ?wikidata) }
    OPTIONAL { ?r skos:closeMatch ?g FILTER (CONTAINS(STR(?g), "geonames.org")) BIND (?r AS ?geonames) }
    OPTIONAL { ?r kmb:homeAffairsCode ?c BIND (?r AS ?coded) }
} GROUP BY ?level
"""
_COUNTRY_LINKS = """
SELECT ("countries" AS ?level) (COUNT(DISTINCT ?c) AS ?n) (COUNT(DISTINCT ?wikidata) AS ?wd)
       (COUNT(DISTINCT ?geonames) AS ?gn) (0 AS ?code) WHERE {
    ?c a kmb:State .
    OPTIONAL { ?c skos:exactMatch ?q FILTER (STRSTARTS(STR(?q), STR(wd:))) BIND (?c AS ?wikidata) }
    OPTIONAL { ?c skos:closeMatch ?g FILTER (CONTAINS(STR(?g), "geonames.org")) BIND (?c AS ?geonames) }
}
"""


def link_coverage(store: KembarStore) -> dict[str, dict[str, int]]:
    """Links out per level: the parties of ties (and their provinces) by Indonesian level or
    ``foreign``, and every country: how many there are, how many are linked to Wikidata and
    to GeoNames, and how many carry a Home Affairs code (``kembar stats --links``).

    >>> from kembar.graph.store import KembarStore
    >>> found = link_coverage(KembarStore())
    >>> found["kota"]["wikidata"] == found["kota"]["total"]
    True
    """
    query = _LINKS.replace("TYPES", subclasses("type", KMB.Agreement, strict=True))
    out = {}
    for row in [*store.select(query), *store.select(_COUNTRY_LINKS)]:
        out[row["level"]] = {"total": int(row["n"]), "wikidata": int(row["wd"]),
                             "geonames": int(row["gn"]), "home_affairs_code": int(row["code"])}  # fmt: skip
    return out


def _count(store: KembarStore, where: str) -> int:
    rows = store.select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")
    return int(rows[0]["n"])


def stats(store: KembarStore) -> Stats:
    """Count what *store* holds with a few aggregate queries (``kembar stats``).

    Parameters
    ----------
    store : KembarStore
        The store to count.

    Returns
    -------
    Stats
        Triples per graph, agreements by type, local governments, countries, rules.

    Examples
    --------
    >>> from kembar.graph.store import KembarStore
    >>> stats(KembarStore()).rules
    55
    """
    by_type = store.select(
        """SELECT ?type (COUNT(DISTINCT ?a) AS ?n) WHERE {
             ?a a ?type . ?type rdfs:subClassOf kmb:Agreement .
           } GROUP BY ?type ORDER BY DESC(?n)"""
    )
    return Stats(
        graphs=store.graph_counts(),
        agreements_by_type={r["type"].rsplit("#", 1)[1]: int(r["n"]) for r in by_type},
        local_governments=_count(store, "?x a kmb:LocalGovernment"),
        indonesian_local_governments=_count(
            store, "?x a kmb:LocalGovernment ; kmb:country country:id"
        ),
        indonesian_provinces=_count(
            store,
            "?x a kmb:LocalGovernment ; kmb:adminLevel kmb:Provinsi ; kmb:country country:id",
        ),
        countries=_count(store, "?x a ?kind . " + subclasses("kind", KMB.Country)),
        partner_countries=_count(store, "?a kmb:party/kmb:country ?x"),
        rules=_count(store, "?x a kmb:Rule"),
        stages=stage_counts(store),
    )
