"""Reconciliation at world scale: 1,000 names of the Wikipedia list, as OpenRefine sends them.

Run from the checkout (a few minutes; not part of the test suite)::

    .venv/bin/python bench/reconcile.py [--csv ../shared/data/twin_cities_wikipedia.csv]

It imports the CSV into a fresh on-disk store and serves it, takes the first 1,000
distinct (place, country) pairs of the file in file order, and sends them to
``POST /reconcile`` in batches of 10, each query typed ``LocalGovernment`` with the
country as a property (its name as the file writes it). The right answer for a pair is a
region of the store labelled exactly with the name, in that country (the importer's own
places; when it kept several same-name places apart, any of them). Counted: the total
time, how many come first with ``match: true`` (OpenRefine matches them without asking),
how many come first without it, how many ``match: true`` are wrong, how many are missed.
Results go to ``bench/results/reconcile.json``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import statistics
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

from served import HERE, WORLD_CSV, serving, world_store

TRUTH = """SELECT ?r ?name ?code WHERE {
  ?r a kmb:LocalGovernment ; rdfs:label ?name ; kmb:country/kmb:iso3166Alpha2 ?code }"""


def _post(url: str, fields: dict[str, str]) -> Any:
    body = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})  # fmt: skip
    with urllib.request.urlopen(request, timeout=120) as answer:
        return json.loads(answer.read())


def _pairs(path: Path, count: int) -> list[tuple[str, str]]:
    seen: dict[tuple[str, str], None] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for side in ("1", "2"):
                name, country = row[f"city{side}"].strip(), row[f"country{side}"].strip()
                if name and country:
                    seen.setdefault((name, country), None)
            if len(seen) >= count:
                break
    return list(seen)[:count]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=WORLD_CSV)
    parser.add_argument("--names", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=10)
    args = parser.parse_args()
    from kembar.graph.ingest.countries import CountryResolver
    from kembar.graph.store import KembarStore
    from kembar.ontology import ids

    counts = {"matched_right": 0, "first_not_matched": 0, "matched_wrong": 0, "missed": 0,
              "no_truth": 0}  # fmt: skip
    batches: list[float] = []
    pairs = _pairs(args.csv, args.names)
    with world_store(args.csv, "kembar-reconcile-") as store_dir:
        store = KembarStore(path=store_dir)
        truth: dict[tuple[str, str], set[str]] = defaultdict(set)
        for row in store.select(TRUTH):
            truth[(row["name"], row["code"])].add(row["r"])
        resolver = CountryResolver.from_store(store)
        del store  # the server opens the folder next
        with serving(store_dir) as (base, _):
            _post(f"{base}/reconcile", {"queries": json.dumps({"w": {"query": "warm up"}})})
            began = time.perf_counter()
            for start in range(0, len(pairs), args.batch):
                chunk = pairs[start : start + args.batch]
                queries = {
                    f"q{n}": {"query": name, "type": "LocalGovernment", "limit": 3,
                              "properties": [{"pid": "country", "v": country}]}
                    for n, (name, country) in enumerate(chunk)
                }  # fmt: skip
                t = time.perf_counter()
                answer = _post(f"{base}/reconcile", {"queries": json.dumps(queries)})
                batches.append((time.perf_counter() - t) * 1000)
                for n, (name, country) in enumerate(chunk):
                    right = truth.get((name, resolver.iso2(country) or ""), set())
                    if not right:
                        counts["no_truth"] += 1
                        continue
                    result = answer[f"q{n}"]["result"]
                    top = result[0] if result else None
                    hit = top is not None and str(ids.instance(top["id"])) in right
                    if top is None or not hit:
                        counts["matched_wrong" if top and top["match"] else "missed"] += 1
                    else:
                        counts["matched_right" if top["match"] else "first_not_matched"] += 1
            total = time.perf_counter() - began
    judged = len(pairs) - counts["no_truth"]
    results = {
        "date": dt.date.today().isoformat(), "cpus": os.cpu_count(), "names": len(pairs),
        "batch": args.batch, "total_s": round(total, 2),
        "batch_p50_ms": round(statistics.median(batches), 1), **counts, "judged": judged,
        "right_first_share": round((counts["matched_right"] + counts["first_not_matched"]) / judged, 3),
        "auto_matched_right_share": round(counts["matched_right"] / judged, 3),
    }  # fmt: skip
    out = HERE / "results" / "reconcile.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
