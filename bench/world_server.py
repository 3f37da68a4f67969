"""A server on the world import: how soon ``fn:`` and ``/graph`` answer, and how fast.

Run from the checkout (a couple of minutes; not part of the test suite)::

    .venv/bin/python bench/world_server.py [--csv ../shared/data/twin_cities_wikipedia.csv]
                                           [--repeat 20]

It imports the world CSV into a fresh on-disk store, starts ``kembar serve`` on it with the
default limits (a 10 s query time limit), and measures: the time from start to the first
``/health``; the time until the network metrics of the store's version are ready (a first
``fn:betweenness`` of Kota Bandung that does not get 503); then, the metrics being ready,
the median and 95th percentile of ``fn:betweenness(idr:kota-bandung)`` (each a distinct
query, past the result cache) and of ``/graph/top?metric=betweenness``. Results go to
``bench/results/world_server.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import time
import urllib.parse
from pathlib import Path
from typing import Any

from served import HERE, WORLD_CSV, get, percentile, serving, world_store

QUERY = "SELECT ?b WHERE {{ BIND (fn:betweenness(idr:kota-bandung) AS ?b) }} # {n}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=WORLD_CSV)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    results: dict[str, Any] = {"date": dt.date.today().isoformat(), "cpus": os.cpu_count()}
    with world_store(args.csv, "kembar-world-") as store:
        started = time.perf_counter()
        with serving(store) as (base, _):
            _measure(base, started, results, args.repeat)
    out = HERE / "results" / "world_server.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


def _measure(base: str, started: float, results: dict[str, Any], repeat: int) -> None:
    """Time to /health and to the metrics, then fn: and /graph timings, into *results*."""
    results["start_to_health_s"] = round(time.perf_counter() - started, 2)
    health = json.loads(get(f"{base}/health")[1])
    results["triples"] = health["triples"]
    n = 0
    while True:  # 503 while the metrics of this version are computed
        n += 1
        status, body = get(f"{base}/sparql?" + urllib.parse.urlencode({"query": QUERY.format(n=n)}))
        if status == 200:
            break
        assert status == 503, body[:300]
    results["start_to_metrics_s"] = round(time.perf_counter() - started, 2)
    value = json.loads(body)["results"]["bindings"][0]["b"]["value"]
    results["betweenness_kota_bandung"] = float(value)
    for name, make in (
        ("fn_betweenness", lambda i: f"{base}/sparql?" + urllib.parse.urlencode({"query": QUERY.format(n=1000 + i)})),
        ("graph_top_betweenness", lambda i: f"{base}/graph/top?metric=betweenness&limit=10&offset={i % 5}"),
    ):  # fmt: skip
        runs = []
        for i in range(repeat):
            began = time.perf_counter()
            status, body = get(make(i))
            runs.append((time.perf_counter() - began) * 1000)
            assert status == 200, body[:300]
        results[f"{name}_p50_ms"] = round(statistics.median(runs), 1)
        results[f"{name}_p95_ms"] = round(percentile(runs, 0.95), 1)


if __name__ == "__main__":
    raise SystemExit(main())
