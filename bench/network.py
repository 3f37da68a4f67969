"""World-scale analytics: network views, metrics, claims and the report, timed.

Run from the checkout (a few minutes; not part of the test suite)::

    .venv/bin/python bench/network.py [--csv ../shared/data/twin_cities_wikipedia.csv]
                                      [--repeat 3] [--sample 200]

The store is the curated graph plus the world CSV import, in memory. Each step is timed
``--repeat`` times on a fresh copy of the cache (the median is reported): building the
region network from its SPARQL query, the province and country networks, degree,
PageRank, Louvain communities, exact betweenness with rustworkx, and networkx's
betweenness on a ``--sample``-node sample (``k``) side by side, extrapolated to all nodes
(networkx's cost grows linearly with ``k``) to give the ratio; then ``kembar claims`` and
``kembar report`` end to end. Results go to ``bench/results/network.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
from kembar.graph.analytics import network
from kembar.graph.analytics.claims import check
from kembar.graph.analytics.report import write_report
from kembar.graph.ingest.csv_import import import_csv
from kembar.graph.store import KembarStore

HERE = Path(__file__).resolve().parent


def timed(step: Callable[[], object], repeat: int) -> float:
    """Median seconds of *repeat* runs of *step*."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--csv", type=Path, default=HERE.parent.parent / "shared/data/twin_cities_wikipedia.csv"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=200)
    args = parser.parse_args()
    store = KembarStore()
    import_csv(store, args.csv)

    def fresh() -> network.Metrics:
        store.changed()  # drop every cached view: the next call rebuilds from SPARQL
        return network.Metrics(network.region_network(store))

    graph = network.region_network(store)
    steps: dict[str, Callable[[], object]] = {
        "region network (SPARQL + networkx)": lambda: fresh(),
        "province network": lambda: (store.changed(), network.province_network(store)),
        "country network": lambda: (store.changed(), network.country_network(store)),
        "degree and strength": lambda: (dict(graph.degree()), dict(graph.degree(weight="weight"))),
        "PageRank (networkx, scipy)": lambda: nx.pagerank(graph),
        "Louvain communities (networkx, seed 1951)": lambda: nx.community.louvain_communities(
            graph, seed=1951
        ),
        "assortativity by development and region": lambda: (
            network.assortativity(graph, "development"),
            network.assortativity(graph, "world_region"),
        ),
    }
    results: dict[str, Any] = {
        "date": dt.date.today().isoformat(), "cpus": os.cpu_count(), "triples": len(store),
        "regions": graph.number_of_nodes(), "ties": graph.number_of_edges(), "seconds": {},
    }  # fmt: skip
    for name, step in steps.items():
        results["seconds"][name] = timed(step, args.repeat)
        print(f"{name}: {results['seconds'][name]:.2f} s", file=sys.stderr)
    exact = timed(lambda: fresh().betweennesses, 1)
    sample = timed(lambda: nx.betweenness_centrality(graph, k=args.sample, seed=1), 1)
    whole = sample * graph.number_of_nodes() / args.sample
    results["seconds"]["betweenness, exact (rustworkx)"] = exact
    results["seconds"][f"betweenness, networkx k={args.sample} sample"] = sample
    results["seconds"]["betweenness, networkx exact (extrapolated)"] = whole
    results["betweenness_ratio_networkx_over_rustworkx"] = whole / exact
    results["seconds"]["kembar claims"] = timed(lambda: check(store), args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        store.changed()  # the report computes every metric afresh, betweenness included
        results["seconds"]["kembar report (html, cold)"] = timed(
            lambda: write_report(store, Path(folder), progress=False), 1
        )
    out = HERE / "results" / "network.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\n{results['triples']} triples, {results['regions']} regions, {results['ties']} ties, "
          f"{results['cpus']} CPUs; median of {args.repeat} runs (betweenness and report: one)\n")  # fmt: skip
    print("| step | seconds |\n|---|---:|")
    for name, seconds in results["seconds"].items():
        print(f"| {name} | {seconds:.2f} |")
    print(
        f"\nexact betweenness: networkx / rustworkx = {results['betweenness_ratio_networkx_over_rustworkx']:.0f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
