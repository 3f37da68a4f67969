"""The region network and its metrics, in Python and as SPARQL extension functions."""

from __future__ import annotations

from kembar.graph.network import country_network, metrics, region_network
from kembar.graph.store import KembarStore

BANDUNG = "https://w3id.org/kembar/id/region/id/kota-bandung"
BRAUNSCHWEIG = "https://w3id.org/kembar/id/region/de/braunschweig"


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
    assert graph["ID"]["DE"]["weight"] >= 2 and graph["ID"]["TW"]["weight"] == 2


def test_metrics_are_cached_until_the_store_changes(fresh_store: KembarStore) -> None:
    first = metrics(fresh_store)
    assert metrics(fresh_store) is first
    fresh_store.changed()
    assert metrics(fresh_store) is not first


def test_extension_functions_in_sparql(store: KembarStore) -> None:
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
