"""The sister-city network as networkx graphs, built from one SPARQL query, cached per store.

Views: :func:`region_network` (regions as nodes, an edge per twinned pair carrying its
agreements with date, type and fields), :func:`province_network` (Indonesian regions
merged into their provinces), :func:`country_network` (countries, weighted by ties) and
:func:`agreement_network` (the bipartite agreement-region graph). :class:`Metrics`
computes what the SPARQL extension functions, ``/graph`` and the report serve: degree and
strength, betweenness, PageRank, component, community (Louvain, fixed seed), distance;
:func:`assortativity` by development level or world region. Every view is rebuilt only
when the store's version changes.

Betweenness: on the world network (17,184 regions, 24,827 ties) networkx's exact
betweenness would take about half an hour (a 200-node sample, extrapolated); rustworkx
computes the exact values in about ten seconds (``bench/network.py``), so it does that
one computation, and networkx stays the API of record (the graphs and every other metric).

>>> from kembar.graph.store import KembarStore
>>> store = KembarStore()
>>> g = region_network(store)
>>> bandung = "https://w3id.org/kembar/id/region/id/kota-bandung"
>>> g.degree(bandung) >= 10
True
>>> metrics(store).component(bandung) == metrics(store).component("https://w3id.org/kembar/id/region/de/braunschweig")
True
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import networkx as nx
import pyoxigraph as ox
from kembar.graph.analytics import development
from kembar.graph.sparql.functions import NetworkTable, extension_functions
from kembar.graph.store import AGREEMENT_KINDS, KembarStore, sparql_terms

__all__ = [
    "METRICS",
    "Metrics",
    "agreement_network",
    "assortativity",
    "communities",
    "country_network",
    "labels",
    "metrics",
    "network_table",
    "partners",
    "province_network",
    "region_network",
    "register_functions",
    "shortest_path",
    "summary",
    "top",
]

_NETWORK = """
SELECT ?agreement ?a ?b ?type ?signed ?field ?node ?label ?country ?lat ?long ?province
       ?provinceLabel WHERE {
    {
        ?agreement kmb:party ?a , ?b ; a ?type .
        AGREEMENT_KINDS  # its own kind, not the derived superclass
        FILTER (STR(?a) < STR(?b))
        OPTIONAL { ?agreement kmb:signedOn ?signed }
        OPTIONAL { ?agreement kmb:cooperationField/skos:notation ?field }
    } UNION {
        { SELECT DISTINCT ?node WHERE { ?agreement0 kmb:party ?node } }
        OPTIONAL {  # imported places carry their name without a language
            ?node rdfs:label ?label FILTER (LANG(?label) = "" || LANGMATCHES(LANG(?label), "en"))
        }
        OPTIONAL { ?node kmb:country/kmb:iso3166Alpha2 ?country }
        OPTIONAL { { ?node geo:lat ?lat ; geo:long ?long } UNION { ?node geo:location ?node_at . ?node_at geo:lat ?lat ; geo:long ?long } }
        OPTIONAL {
            ?node kmb:province ?province .
            ?province rdfs:label ?provinceLabel FILTER (LANGMATCHES(LANG(?provinceLabel), "en"))
        }
    }
}
""".replace("AGREEMENT_KINDS", AGREEMENT_KINDS)

_COUNTRIES = """
SELECT ?a ?ca ?cb WHERE {
    ?agreement kmb:party ?a , ?b .
    FILTER (STR(?a) < STR(?b))
    ?a kmb:country/kmb:iso3166Alpha2 ?ca . ?b kmb:country/kmb:iso3166Alpha2 ?cb .
}
"""


def _cached(store: KembarStore, name: str, build: Callable[[], object]) -> object:
    return store.memo(("network", name), build)  # the views of the store's current version


def region_network(store: KembarStore) -> nx.Graph[str]:
    """Regions as nodes, an edge per twinned pair; one SPARQL query, cached per version.

    Parameters
    ----------
    store : KembarStore
        The store to read.

    Returns
    -------
    networkx.Graph
        Described below; the same object until the store changes.

    Each edge carries ``agreements``, a list of ``{"iri", "type", "signed", "fields"}``
    (``signed`` is the lexical date, ``None`` when unknown; ``fields`` the notations of the
    cooperation fields) and ``weight``, how many agreements link the pair. Each node
    carries ``label``, ``country`` (ISO code), ``lat``/``long`` when known, ``province``
    (an Indonesian region's province; ``graph.graph["provinces"]`` maps each to its
    label), ``development`` (``developed`` when the IMF counts
    the country as an advanced economy, see :mod:`.development`) and ``world_region``.

    Examples
    --------
    >>> from kembar.graph.store import KembarStore
    >>> from kembar.ontology import ids
    >>> g = region_network(KembarStore())
    >>> bandung = str(ids.region("id", "kota-bandung"))
    >>> g.nodes[bandung]["country"], g.nodes[bandung]["development"]
    ('ID', 'developing')
    >>> [d["signed"] for d in g[bandung][str(ids.region("de", "braunschweig"))]["agreements"]]
    ['1960-05-24']
    """

    def build() -> nx.Graph[str]:
        graph: nx.Graph[str] = nx.Graph()
        deals: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
        for row in store.select(_NETWORK):
            if "node" in row:
                node = graph.nodes[row["node"]] if row["node"] in graph else None
                if node is None:
                    graph.add_node(row["node"])
                    node = graph.nodes[row["node"]]
                for key in ("label", "country", "province"):
                    if key in row:
                        node[key] = row[key]
                if "lat" in row:
                    node["lat"], node["long"] = float(row["lat"]), float(row["long"])
                if "province" in row:
                    graph.graph.setdefault("provinces", {})[row["province"]] = row["provinceLabel"]
                continue
            pair = deals.setdefault((row["a"], row["b"]), {})
            deal = pair.setdefault(
                row["agreement"],
                {"iri": row["agreement"], "type": row["type"], "signed": row.get("signed"),
                 "fields": []},
            )  # fmt: skip
            if "field" in row and row["field"] not in deal["fields"]:
                deal["fields"].append(row["field"])
        for (a, b), found in deals.items():
            agreements = sorted(found.values(), key=lambda d: str(d["iri"]))
            graph.add_edge(a, b, agreements=agreements, weight=len(agreements))
        for iri, data in graph.nodes(data=True):
            data.setdefault("label", iri)
            if "country" in data:
                data["development"] = development.level(data["country"], basis="imf")
                data["world_region"] = development.world_region(data["country"])
        return graph

    result = _cached(store, "regions", build)
    assert isinstance(result, nx.Graph)
    return result


def province_network(store: KembarStore) -> nx.Graph[str]:
    """The region network with each Indonesian region merged into its province.

    Parameters
    ----------
    store : KembarStore
        The store to read.

    Returns
    -------
    networkx.Graph

    Foreign regions stay as they are; an edge's ``weight`` counts the agreements between
    the two nodes (a province's own and those of its regencies and cities). Ties inside one
    province vanish. Derived from :func:`region_network`, cached with it.

    >>> from kembar.graph.store import KembarStore
    >>> from kembar.ontology import ids
    >>> g = province_network(KembarStore())
    >>> str(ids.region("id", "kota-bandung")) in g, g.degree(str(ids.region("id", "provinsi-jawa-barat"))) > 15
    (False, True)
    """

    def build() -> nx.Graph[str]:
        regions = region_network(store)
        into = {n: d.get("province", n) for n, d in regions.nodes(data=True)}
        graph: nx.Graph[str] = nx.Graph()
        named = regions.graph.get("provinces", {})
        for node in set(into.values()):
            if node in regions:
                graph.add_node(node, **regions.nodes[node])
            else:  # a province without ties of its own
                graph.add_node(node, label=named.get(node, node), country="ID",
                               development=development.level("ID", basis="imf"),
                               world_region=development.world_region("ID"))  # fmt: skip
        for a, b, data in regions.edges(data=True):
            pa, pb = into[a], into[b]
            if pa == pb:
                continue
            weight = graph[pa][pb]["weight"] if graph.has_edge(pa, pb) else 0
            graph.add_edge(pa, pb, weight=weight + data["weight"])
        return graph

    result = _cached(store, "provinces", build)
    assert isinstance(result, nx.Graph)
    return result


def agreement_network(store: KembarStore) -> nx.Graph[str]:
    """The bipartite graph: agreements (``bipartite=0``) linked to their two parties (``1``).

    Derived from :func:`region_network`, cached with it; agreement nodes carry ``type``
    and ``signed``.

    >>> from kembar.graph.store import KembarStore
    >>> from kembar.ontology import ids
    >>> g = agreement_network(KembarStore())
    >>> sorted(g[str(ids.agreement("bandung-braunschweig"))])[0] == str(ids.region("de", "braunschweig"))
    True
    """

    def build() -> nx.Graph[str]:
        regions = region_network(store)
        graph: nx.Graph[str] = nx.Graph()
        graph.add_nodes_from(regions.nodes, bipartite=1)
        for a, b, data in regions.edges(data=True):
            for deal in data["agreements"]:
                graph.add_node(deal["iri"], bipartite=0, type=deal["type"], signed=deal["signed"])
                graph.add_edges_from([(deal["iri"], a), (deal["iri"], b)])
        return graph

    result = _cached(store, "agreements", build)
    assert isinstance(result, nx.Graph)
    return result


def assortativity(graph: nx.Graph[str], attribute: str) -> float | None:
    """How far ties join like with like by a node *attribute* (-1 to 1; None if undefined).

    ``development`` asks whether developed regions twin with developed ones;
    ``world_region`` whether ties stay within a continent. Nodes without the attribute
    are left out.

    >>> g = nx.Graph([("a", "b"), ("c", "d")])
    >>> nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y", "d": "y"}, "kind")
    >>> assortativity(g, "kind")
    1.0
    """
    known = graph.subgraph(n for n, d in graph.nodes(data=True) if d.get(attribute) is not None)
    if known.number_of_edges() == 0:
        return None
    value = float(nx.attribute_assortativity_coefficient(known, attribute))
    return None if math.isnan(value) else value


def country_network(store: KembarStore) -> nx.Graph[str]:
    """ISO country codes as nodes; edge weight = how many ties link the two countries."""

    def build() -> nx.Graph[str]:
        graph: nx.Graph[str] = nx.Graph()
        for row in store.select(_COUNTRIES):
            a, b = row["ca"], row["cb"]
            weight = graph[a][b]["weight"] + 1 if graph.has_edge(a, b) else 1
            graph.add_edge(a, b, weight=weight)
        return graph

    result = _cached(store, "countries", build)
    assert isinstance(result, nx.Graph)
    return result


@dataclass
class Metrics:
    """Node metrics of the region network, each computed once on first use."""

    graph: nx.Graph[str]

    @cached_property
    def degrees(self) -> dict[str, int]:
        return dict(self.graph.degree())

    @cached_property
    def strengths(self) -> dict[str, int]:
        """Agreements per region (the degree weighted by agreements per tie)."""
        return dict(self.graph.degree(weight="weight"))

    @cached_property
    def pageranks(self) -> dict[str, float]:
        return dict(nx.pagerank(self.graph))

    @cached_property
    def betweennesses(self) -> dict[str, float]:
        import rustworkx as rx

        nodes = list(self.graph.nodes)
        index = {node: i for i, node in enumerate(nodes)}
        twin = rx.PyGraph()
        twin.add_nodes_from(nodes)
        twin.add_edges_from_no_data([(index[a], index[b]) for a, b in self.graph.edges])
        values = rx.graph_betweenness_centrality(twin, normalized=True)
        return {nodes[i]: float(values[i]) for i in values}

    @cached_property
    def components(self) -> dict[str, int]:
        ordered = sorted(nx.connected_components(self.graph), key=lambda c: (-len(c), min(c)))
        return {node: i for i, nodes in enumerate(ordered) for node in nodes}

    @cached_property
    def communities(self) -> dict[str, int]:
        found = nx.community.louvain_communities(self.graph, seed=1951)
        ordered = sorted(found, key=lambda c: (-len(c), min(c)))
        return {node: i for i, nodes in enumerate(ordered) for node in nodes}

    def degree(self, node: str) -> int | None:
        return self.degrees.get(node)

    def pagerank(self, node: str) -> float | None:
        return self.pageranks.get(node)

    def betweenness(self, node: str) -> float | None:
        return self.betweennesses.get(node)

    def component(self, node: str) -> int | None:
        return self.components.get(node)

    def community(self, node: str) -> int | None:
        return self.communities.get(node)

    def distance(self, a: str, b: str) -> int | None:
        """Hops between two regions, or None when they are not connected."""
        if a not in self.graph or b not in self.graph:
            return None
        try:
            return int(nx.shortest_path_length(self.graph, a, b))
        except nx.NetworkXNoPath:
            return None


def metrics(store: KembarStore) -> Metrics:
    """The metrics of the store's current region network (cached per version).

    Parameters
    ----------
    store : KembarStore
        The store to read.

    Returns
    -------
    Metrics
        Degree, strength, betweenness, PageRank, component, community, each computed on
        first use.
    """
    result = _cached(store, "metrics", lambda: Metrics(region_network(store)))
    assert isinstance(result, Metrics)
    return result


def network_table(store: KembarStore) -> NetworkTable:
    """The metrics of the store's current region network as plain data, for ``fn:``.

    Parameters
    ----------
    store : KembarStore
        The store to read.

    Returns
    -------
    NetworkTable
        Per region: degree, betweenness, PageRank, component, community; and neighbours.

    >>> from kembar.graph.store import KembarStore
    >>> from kembar.ontology import ids
    >>> table = network_table(KembarStore())
    >>> table.distance(str(ids.region("id", "kota-bandung")), str(ids.region("de", "braunschweig")))
    1
    """

    def build() -> NetworkTable:
        found = metrics(store)
        graph = found.graph
        return NetworkTable(
            version=store.version,
            degree=found.degrees,
            betweenness=found.betweennesses,
            pagerank=found.pageranks,
            component=found.components,
            community=found.communities,
            neighbours={node: sorted(graph.neighbors(node)) for node in graph},
        )

    result = _cached(store, "table", build)
    assert isinstance(result, NetworkTable)
    return result


def register_functions(store: KembarStore) -> None:
    """Let *store*'s queries call ``fn:`` over its own network, computed when first called.

    The command line does this; the store is held weakly, so that an on-disk store still
    closes (and frees its lock) as soon as nobody else holds it. The server instead reads
    a table computed once per version (:mod:`.tables`).

    Parameters
    ----------
    store : KembarStore
        The store whose queries may then call ``fn:``.
    """
    ref = weakref.ref(store)

    def table() -> NetworkTable:
        alive = ref()
        if alive is None:  # pragma: no cover - the store is queried, so it is alive
            raise RuntimeError("the store is gone")
        return network_table(alive)

    store.use_functions(lambda: extension_functions(table))


# -- answers for /graph (the route only shapes them into JSON) ---------------------------

_LABELS = """
SELECT ?node (SAMPLE(?label) AS ?name) (SAMPLE(?code) AS ?country) WHERE {
    VALUES ?node { %s }
    OPTIONAL { ?node rdfs:label ?en FILTER (LANGMATCHES(LANG(?en), "en")) }
    OPTIONAL { ?node rdfs:label ?plain FILTER (LANG(?plain) = "") }
    OPTIONAL { ?node rdfs:label ?other }
    BIND (COALESCE(?en, ?plain, ?other) AS ?label)  # English first, whatever else is there
    OPTIONAL { ?node kmb:country/kmb:iso3166Alpha2 ?code }
} GROUP BY ?node
"""

_SOURCES = """
SELECT ?agreement ?source WHERE {
    VALUES ?agreement { %s }
    ?agreement dct:source ?source
}
"""


def _terms(iris: Iterable[str]) -> str:
    """IRIs as a ``VALUES`` list, each validated and written by Oxigraph (never pasted)."""
    return sparql_terms(ox.NamedNode(iri) for iri in iris)


def labels(store: KembarStore, nodes: list[str]) -> dict[str, tuple[str, str | None]]:
    """Each node's label and country code, in one query."""
    if not nodes:
        return {}
    rows = store.select(_LABELS % _terms(nodes))
    return {row["node"]: (row.get("name", row["node"]), row.get("country")) for row in rows}


def partners(store: KembarStore, region: str) -> list[dict[str, object]]:
    """The partners of *region*, each with the agreements (date, type, fields, sources)."""
    graph = region_network(store)
    if region not in graph:
        return []
    deals = [d for p in graph.neighbors(region) for d in graph[region][p]["agreements"]]
    sources: dict[str, set[str]] = {}
    if deals:  # the edges carry date, type and fields; the sources are asked for here
        for row in store.select(_SOURCES % _terms(str(d["iri"]) for d in deals)):
            sources.setdefault(row["agreement"], set()).add(row["source"])
    names = labels(store, list(graph.neighbors(region)))
    found: list[dict[str, object]] = []
    for partner in sorted(graph.neighbors(region), key=lambda p: names.get(p, (p, None))[0]):
        name, country = names.get(partner, (partner, None))
        agreements = [
            {**deal, "fields": sorted(deal["fields"]),
             "sources": sorted(sources.get(str(deal["iri"]), set()))}
            for deal in graph[region][partner]["agreements"]
        ]  # fmt: skip
        found.append(
            {"region": partner, "label": name, "country": country, "agreements": agreements}
        )
    return found


def shortest_path(store: KembarStore, source: str, target: str) -> list[str] | None:
    """The regions on a shortest chain of ties from *source* to *target*, or None."""
    graph = region_network(store)
    if source not in graph or target not in graph:
        return None
    try:
        return list(nx.shortest_path(graph, source, target))
    except nx.NetworkXNoPath:
        return None


METRICS = ("degree", "betweenness", "pagerank")


def top(store: KembarStore, metric: str, country: str | None = None) -> list[tuple[str, float]]:
    """Every region ranked by *metric* (``degree``, ``betweenness``, ``pagerank``)."""
    values: dict[str, float] = {
        "degree": metrics(store).degrees,
        "betweenness": metrics(store).betweennesses,
        "pagerank": metrics(store).pageranks,
    }[metric]  # type: ignore[assignment]
    ranked = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
    if country is not None:
        rows = store.select("SELECT ?r ?code WHERE { ?r kmb:country/kmb:iso3166Alpha2 ?code }",
                            {"code": ox.Literal(country)})  # fmt: skip
        codes = {row["r"] for row in rows}
        ranked = [(node, value) for node, value in ranked if node in codes]
    return ranked


def communities(store: KembarStore) -> list[list[str]]:
    """Louvain communities of the region network, largest first (seed 1951)."""
    groups: dict[int, list[str]] = {}
    for node, community in metrics(store).communities.items():
        groups.setdefault(community, []).append(node)
    return [sorted(groups[i]) for i in sorted(groups)]


def summary(store: KembarStore) -> dict[str, float | int | None]:
    """Size and shape of the region and country networks."""
    graph = region_network(store)
    parts = metrics(store).components
    largest = sum(1 for c in parts.values() if c == 0)
    return {
        "regions": graph.number_of_nodes(),
        "ties": graph.number_of_edges(),
        "agreements": sum(len(d["agreements"]) for _, _, d in graph.edges(data=True)),
        "components": len(set(parts.values())),
        "largest_component": largest,
        "density": nx.density(graph),
        "countries": country_network(store).number_of_nodes(),
        "country_pairs": country_network(store).number_of_edges(),
        "assortativity_development": assortativity(graph, "development"),
        "assortativity_world_region": assortativity(graph, "world_region"),
    }
