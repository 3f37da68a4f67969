"""The region network and its metrics, in Python and as SPARQL extension functions."""

from __future__ import annotations

import networkx as nx
import pytest
from kembar.graph.analytics.network import (
    Metrics,
    agreement_network,
    assortativity,
    country_network,
    metrics,
    province_network,
    region_network,
    register_functions,
)
from kembar.graph.ingest.curated import ties
from kembar.graph.store import KembarStore
from kembar.ontology import ids

from tests.facts import AGREEMENTS

BANDUNG = str(ids.region("id", "kota-bandung"))
BRAUNSCHWEIG = str(ids.region("de", "braunschweig"))
JAWA_BARAT = str(ids.region("id", "provinsi-jawa-barat"))


def test_the_network_has_a_node_per_region_and_an_edge_per_pair(store: KembarStore) -> None:
    graph = region_network(store)
    partners = store.select(
        f"SELECT DISTINCT ?p WHERE {{ ?a kmb:party <{BANDUNG}> , ?p FILTER (?p != <{BANDUNG}>) }}"
    )
    assert set(graph.neighbors(BANDUNG)) == {row["p"] for row in partners}
    deals = graph[BANDUNG][BRAUNSCHWEIG]["agreements"]
    assert (
        deals[0]["iri"].endswith("agreement/bandung-braunschweig")
        and deals[0]["signed"] == "1960-05-24"
    )


def test_the_country_network_is_weighted(store: KembarStore) -> None:
    graph = country_network(store)
    taiwan = sum(
        1 for t in ties() if t["partner"]["country"] == "TW" and t["confidence"] != "refuted"
    )
    assert graph["ID"]["DE"]["weight"] >= 2 and graph["ID"]["TW"]["weight"] == taiwan >= 2


def test_metrics_are_cached_until_the_store_changes(fresh_store: KembarStore) -> None:
    first = metrics(fresh_store)
    assert metrics(fresh_store) is first
    fresh_store.changed()
    assert metrics(fresh_store) is not first


def test_extension_functions_in_sparql(fresh_store: KembarStore) -> None:
    store = fresh_store
    register_functions(store)
    rows = store.select(
        f"SELECT (fn:degree(<{BANDUNG}>) AS ?d) (fn:distance(<{BANDUNG}>, <{BRAUNSCHWEIG}>) AS ?hops) "
        f"(fn:component(<{BANDUNG}>) AS ?c) (fn:pagerank(<{BANDUNG}>) AS ?p) "
        f"(fn:betweenness(<{BANDUNG}>) AS ?b) (fn:community(<{BANDUNG}>) AS ?k) "
        "(fn:degree(<urn:nowhere>) AS ?none) WHERE {}"
    )
    row = rows[0]
    assert int(row["d"]) == region_network(store).degree(BANDUNG)
    assert row["hops"] == "1" and row["c"] == "0"
    assert 0 < float(row["p"]) < 1 and 0 < float(row["b"]) < 1 and "k" in row
    assert "none" not in row  # not a region: the function leaves it unbound


def test_metrics_on_a_hand_built_graph_with_known_answers() -> None:
    # a - b - c   d = e (two agreements)
    graph: nx.Graph[str] = nx.Graph()
    graph.add_edge("a", "b", weight=1)
    graph.add_edge("b", "c", weight=1)
    graph.add_edge("d", "e", weight=2)
    m = Metrics(graph)
    assert m.degrees == {"a": 1, "b": 2, "c": 1, "d": 1, "e": 1}
    assert m.strengths == {"a": 1, "b": 2, "c": 1, "d": 2, "e": 2}
    # b lies on the one shortest path between a and c: normalised 1 / ((5-1)(5-2)/2) = 1/6
    assert m.betweenness("b") == pytest.approx(1 / 6) and m.betweenness("a") == 0
    assert m.components == {"a": 0, "b": 0, "c": 0, "d": 1, "e": 1}  # largest first
    assert m.distance("a", "c") == 2 and m.distance("a", "d") is None
    assert m.pagerank("b") > m.pagerank("a") == pytest.approx(m.pagerank("c"))
    assert m.community("a") == m.community("b") != m.community("d")


def test_assortativity_by_attribute() -> None:
    alike: nx.Graph[str] = nx.Graph([("n1", "n2"), ("n3", "n4")])
    nx.set_node_attributes(alike, {"n1": "x", "n2": "x", "n3": "y", "n4": "y"}, "kind")
    assert assortativity(alike, "kind") == pytest.approx(1.0)
    unlike: nx.Graph[str] = nx.Graph([("n1", "n3"), ("n2", "n4")])
    nx.set_node_attributes(unlike, {"n1": "x", "n2": "x", "n3": "y", "n4": "y"}, "kind")
    assert assortativity(unlike, "kind") == pytest.approx(-1.0)
    assert assortativity(unlike, "missing") is None


def test_nodes_carry_country_development_region_and_coordinates(store: KembarStore) -> None:
    graph = region_network(store)
    bandung, braunschweig = graph.nodes[BANDUNG], graph.nodes[BRAUNSCHWEIG]
    assert (bandung["country"], bandung["development"], bandung["world_region"]) == (
        "ID", "developing", "Asia")  # fmt: skip
    assert (braunschweig["development"], braunschweig["world_region"]) == ("developed", "Europe")
    assert bandung["province"] == JAWA_BARAT and round(bandung["lat"], 2) == -6.92
    deal = graph[BANDUNG][BRAUNSCHWEIG]["agreements"][0]
    assert "education" in deal["fields"] and graph[BANDUNG][BRAUNSCHWEIG]["weight"] == 1
    # Indonesian regions twin mostly with developed partners here: disassortative
    value = assortativity(graph, "development")
    assert value is not None and value < 0


def test_provinces_absorb_their_regions(store: KembarStore) -> None:
    provinces = province_network(store)
    regions = region_network(store)
    assert BANDUNG not in provinces and provinces.has_edge(JAWA_BARAT, BRAUNSCHWEIG)
    assert provinces.nodes[JAWA_BARAT]["label"] == "West Java"
    in_jabar = [n for n, d in regions.nodes(data=True) if d.get("province") == JAWA_BARAT]
    expected = sum(
        d["weight"] for a, b, d in regions.edges(data=True)
        if (a in in_jabar) != (b in in_jabar)
    )  # fmt: skip
    assert provinces.degree(JAWA_BARAT, weight="weight") == expected


def test_the_bipartite_agreement_graph(store: KembarStore) -> None:
    graph = agreement_network(store)
    deals = [n for n, d in graph.nodes(data=True) if d["bipartite"] == 0]
    assert len(deals) == AGREEMENTS and all(graph.degree(n) == 2 for n in deals)
    deal = str(ids.agreement("bandung-braunschweig"))
    assert (
        set(graph[deal]) == {BANDUNG, BRAUNSCHWEIG} and graph.nodes[deal]["signed"] == "1960-05-24"
    )
    assert nx.is_bipartite(graph)
