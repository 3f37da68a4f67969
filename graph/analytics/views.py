"""Answers of the analytics as plain data, for a worker process to compute and send back.

Each function takes the store first and returns only lists, dictionaries, strings and
numbers, so that the server can run it in a killable worker
(:meth:`kembar.graph.sparql.WorkerPool.acall`) under the request's time limit and receive
its result through a pipe.

>>> from kembar.graph.store import KembarStore
>>> view = partners_view(KembarStore(), "https://w3id.org/kembar/id/region/id/kota-bandung")
>>> view["label"], len(view["partners"]) >= 10
('Kota Bandung', True)
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from kembar.graph.analytics import network, security
from kembar.graph.analytics.assessment import scorecards
from kembar.graph.analytics.claims import check
from kembar.graph.store import KembarStore
from kembar.graph.store.core import named, sparql_terms

__all__ = [
    "claims_view",
    "country_pairs",
    "explore_view",
    "labels_view",
    "partners_view",
    "path_view",
    "scorecards_view",
    "security_view",
]


def partners_view(store: KembarStore, region: str) -> dict[str, Any] | None:
    """A region's label and partners with their agreements; None if not in the network.

    Parameters
    ----------
    store : KembarStore
        The store.
    region : str
        The region's IRI.

    Returns
    -------
    dict or None
        ``{"label": str, "partners": [...]}`` as :func:`.network.partners` gives them.
    """
    if region not in network.region_network(store):
        return None
    label = network.labels(store, [region]).get(region, (region, None))[0]
    return {"label": label, "partners": network.partners(store, region)}


def path_view(store: KembarStore, source: str, target: str) -> dict[str, Any]:
    """A shortest chain of ties between two regions, with labels.

    Parameters
    ----------
    store : KembarStore
        The store.
    source, target : str
        The regions' IRIs.

    Returns
    -------
    dict
        ``{"missing": [IRIs not in the network], "path": [(IRI, label), ...]}``.
    """
    graph = network.region_network(store)
    missing = [node for node in (source, target) if node not in graph]
    if missing:
        return {"missing": missing, "path": []}
    chain = network.shortest_path(store, source, target) or []
    names = network.labels(store, chain)
    return {"missing": [], "path": [(n, names.get(n, (n, None))[0]) for n in chain]}


def labels_view(store: KembarStore, nodes: list[str]) -> dict[str, tuple[str, str | None]]:
    """Each node's label and country code (:func:`.network.labels`).

    Parameters
    ----------
    store : KembarStore
        The store.
    nodes : list of str
        IRIs.

    Returns
    -------
    dict of str to (str, str or None)
    """
    return network.labels(store, nodes)


def country_pairs(store: KembarStore) -> list[tuple[str, str, int]]:
    """Pairs of countries and how many ties link them, most first.

    Parameters
    ----------
    store : KembarStore
        The store.

    Returns
    -------
    list of (str, str, int)
    """
    graph = network.country_network(store)
    pairs = ((min(a, b), max(a, b), int(d["weight"])) for a, b, d in graph.edges(data=True))
    return sorted(pairs, key=lambda t: (-t[2], t[0], t[1]))


def claims_view(
    store: KembarStore, lang: str = "en", keys: list[str] | None = None, weak: bool = False
) -> list[dict[str, Any]]:
    """The paper's claims tested, as JSON objects in English or Indonesian.

    Parameters
    ----------
    store : KembarStore
        The store.
    lang : str
        ``en`` or ``id``.
    keys : list of str, optional
        Only these claims.
    weak : bool
        Count weakly sourced ties too (left out by default).

    Returns
    -------
    list of dict
    """
    from kembar.graph.analytics.claims import CLAIMS

    chosen = [c for c in CLAIMS if keys is None or c.key in keys]
    return [result.as_json(lang) for result in check(store, chosen, include_weak=weak)]


def scorecards_view(store: KembarStore) -> list[dict[str, Any]]:
    """The scorecards of assessed agreements as JSON objects, highest index first.

    Parameters
    ----------
    store : KembarStore
        The store.

    Returns
    -------
    list of dict
    """
    return [card.as_json() for card in scorecards(store)]


def security_view(
    store: KembarStore, region: str | None, country: str | None, lang: str = "en"
) -> dict[str, Any] | None:
    """The security profile of an Indonesian region, a partner country, or all ties.

    Parameters
    ----------
    store : KembarStore
        The store.
    region : str or None
        An Indonesian region's IRI (a province counts its cities' and regencies' ties).
    country : str or None
        A partner country's IRI.
    lang : str
        ``en`` or ``id``, for the labels.

    Returns
    -------
    dict or None
        None when *region* or *country* has no tie with Indonesia; else the counts and
        shares per sector, dimension and threat, and per decade of signing.
    """
    found = security.ties(store)
    chosen = security.profile(found, region=region, country=country)
    if (region or country) and chosen.ties == 0:
        return None
    names = security.vocabulary(store, lang)
    decades = security.by_decade(security.scoped(found, region=region, country=country))
    return {
        "region": region,
        "country": country,
        **chosen.as_json(names),
        "by_decade": [
            {"decade": d, "ties": p.ties, "mapped": p.mapped,
             "sectors": {names["sectors"].get(k, k): v for k, v in p.counts["sectors"].items()},
             "dimensions": {names["dimensions"].get(k, k): v
                            for k, v in p.counts["dimensions"].items()}}
            for d, p in decades.items()
        ],
    }  # fmt: skip


_EXPLORE = """
SELECT ?agreement ?signed ?party ?province ?unit ?country ?code ?partner
       ?plat ?plong ?qlat ?qlong WHERE {
    ?agreement kmb:party ?party , ?partner .
    ?party kmb:country country:id .
    ?partner kmb:country ?country . ?country kmb:iso3166Alpha2 ?code FILTER (?code != "ID")
    OPTIONAL { ?agreement kmb:signingYear ?signed }
    OPTIONAL { ?party kmb:province ?province OPTIONAL { ?province kmb:geographicalUnit ?unit } }
    OPTIONAL { { ?party geo:lat ?plat ; geo:long ?plong } UNION { ?party geo:location ?party_at . ?party_at geo:lat ?plat ; geo:long ?plong } }
    OPTIONAL { { ?partner geo:lat ?qlat ; geo:long ?qlong } UNION { ?partner geo:location ?partner_at . ?partner_at geo:lat ?qlat ; geo:long ?qlong } }
}
"""


def explore_view(store: KembarStore, lang: str = "en") -> dict[str, Any]:
    """The report's views of Indonesia's ties as chart data for the explore page.

    Parameters
    ----------
    store : KembarStore
        The store.
    lang : str, optional
        The language of the names.

    Returns
    -------
    dict
        ``years`` (signing year -> ties, every year of the span), ``countries`` and
        ``provinces`` (label, IRI, ties; most first; ``own`` the provincial government's,
        ``within`` its regencies' and cities'), ``dated`` (ties with a signing year), ``java`` (ties and parties on Java and
        elsewhere), ``map`` (points and lines of the ties with coordinates), ``total``.
    """
    from collections import Counter

    from kembar.graph.analytics.claims import JAVA
    from kembar.graph.store.stats import STAGE_ORDER, stage_counts

    deals: dict[str, dict[str, str]] = {}
    for row in store.select(_EXPLORE):
        deals.setdefault(row["agreement"], row)
    rows = list(deals.values())
    years = Counter(int(r["signed"]) for r in rows if r.get("signed"))
    span = range(min(years), max(years) + 1) if years else range(0)
    countries = Counter(r["country"] for r in rows)
    provinces = Counter(r["province"] for r in rows if r.get("province"))
    # a province's own ties (the provincial government is the party) and its regencies' and
    # cities': the province chart stacks the two, the province's page counts them apart
    own = Counter(r["province"] for r in rows if r.get("province") and r["party"] == r["province"])
    names = _names(store, set(countries) | set(provinces), lang)
    java: dict[str, dict[str, set[str]]] = {"java": {}, "elsewhere": {}}
    for r in rows:
        side = "java" if r.get("unit") == JAVA else "elsewhere"
        java[side].setdefault(r["party"], set()).add(r["agreement"])
    lines, points = [], {}
    for r in rows:
        if r.get("plat") and r.get("qlat"):
            a = [float(r["plong"]), float(r["plat"])]
            b = [float(r["qlong"]), float(r["qlat"])]
            lines.append({"coords": [a, b]})
            points[r["party"]] = a
            points[r["partner"]] = b

    def ranked(counts: Counter[str]) -> list[dict[str, Any]]:
        return [{"iri": iri, "label": names.get(iri, iri), "ties": n}
                for iri, n in counts.most_common()]  # fmt: skip

    by_province = [
        {**row, "own": own.get(row["iri"], 0), "within": row["ties"] - own.get(row["iri"], 0)}
        for row in ranked(provinces)
    ]
    stages = stage_counts(store)
    return {
        "total": len(rows),
        "ties": stages["ties"],
        "agreements": stages["agreements"],
        "stages": {k: stages[k] for k in STAGE_ORDER},
        "dated": sum(years.values()),
        "years": {"x": [str(y) for y in span], "y": [years.get(y, 0) for y in span]},
        "countries": ranked(countries),
        "provinces": by_province,
        "java": {
            side: {"parties": len(parties), "ties": sum(len(a) for a in parties.values())}
            for side, parties in java.items()
        },
        "map": {"lines": lines, "points": [{"value": p} for p in points.values()]},
    }


_NAMES = "SELECT ?s ?l WHERE { VALUES ?s { %s } ?s rdfs:label ?l }"


def _names(store: KembarStore, iris: set[str], lang: str) -> dict[str, str]:
    """The label of each of *iris* in *lang*, else in English, else any."""
    if not iris:
        return {}
    values = sparql_terms(named(iri) for iri in sorted(iris))
    found: dict[str, dict[str, str]] = {}
    result = store.query(_NAMES % values)
    assert isinstance(result, ox.QuerySolutions)
    for row in result:
        label = row["l"]
        found.setdefault(row["s"].value, {})[getattr(label, "language", "") or ""] = label.value
    return {iri: n.get(lang) or n.get("en") or next(iter(n.values())) for iri, n in found.items()}
