"""Availability under the outside review's cheap attacks: a victim's latency with and without
attackers beside it, and with the per-client share off as the peer.

Run from the checkout (a few minutes; not part of the test suite)::

    .venv/bin/python bench/fairness.py [--seconds 60] [--csv ../shared/data/twin_cities_wikipedia.csv]

Kembar serves the world import from disk. The vectors of two outside reviews run at once,
four threads each: the 50-query reconciliation batch of 150 one-letter words with a country,
a 986 KB Turtle submission of 28,000 prefix declarations (one per line, and all on one
line), a JSON-LD submission whose inline context has 12,000 scoped terms, one that names
the packaged context in each of 100 nodes, a reconciliation batch with a property value
nested 400 deep, a request with a 1 MB header, and the looping heavy query. A victim on
127.0.0.1 loops over ``/search?q=bandung``, Bandung's page and a trivial query (a distinct
one each time: never cached), and its p50/p95 latency and statuses are reported: alone (no
attackers); under attack from 127.0.0.2; under attack from 127.0.0.2 and 127.0.0.4 (each
with every vector); and, as peers, the one-address attack with ``KEMBAR_CLIENT_CONCURRENCY=0``
(no per-client share) and the two-address attack with ``KEMBAR_CONTENDED_LIMIT=0`` (no job
stopped for others). Results go to ``bench/results/fairness.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import statistics
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any

from served import HERE, WORLD_CSV, percentile, serving, world_store

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


#: What the victim was told when it got a server error: (path, status, detail).
FAULTS: list[tuple[str, int, str]] = []


def _request(base: str, method: str, path: str, source: str, body: bytes = b"",
             headers: dict[str, str] | None = None) -> int:  # fmt: skip
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60, source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        answer = connection.getresponse()
        text = answer.read()
        if answer.status >= 500 and source == "127.0.0.1":
            FAULTS.append((path.split("?")[0], answer.status, text[:200].decode(errors="replace")))
        return answer.status
    except OSError:
        return 599  # no answer at all
    finally:
        connection.close()


def _vectors() -> list[tuple[str, str, bytes, dict[str, str]]]:
    words = " ".join("abcdefghijklmnopqrstuvwxyz"[j % 26] for j in range(150))
    batch = {f"q{i}": {"query": words, "properties": [{"pid": "country", "v": "Japan"}]}
             for i in range(50)}  # fmt: skip
    form = urllib.parse.urlencode({"queries": json.dumps(batch)}).encode()
    turtle = b"".join(b"@prefix p%d: <http://example.org/%d#> .\n" % (i, i) for i in range(28_000))
    context = {
        f"t{i}": {"@id": f"http://e/{i}", "@context": {"x": "http://e/x"}} for i in range(12_000)
    }
    jsonld = json.dumps({"@context": context, "t1": "a"}).encode()
    one_line = b" ".join(b"@prefix p%d: <http://example.org/%d#> ." % (i, i) for i in range(20_000))
    packaged = "https://w3id.org/kembar/context.jsonld"
    nodes = [{"@context": [packaged] * 100, "@id": f"urn:n{i}"} for i in range(100)]
    contexts = json.dumps({"@context": [packaged] * 100, "@graph": nodes}).encode()
    deep = {"q0": {"query": "x", "properties": [
        {"pid": "country", "v": json.loads("[" * 400 + '"x"' + "]" * 400)}]}}  # fmt: skip
    return [
        ("POST", "/validate", one_line, {"Content-Type": "text/turtle"}),
        ("POST", "/validate", contexts, {"Content-Type": "application/ld+json"}),
        ("POST", "/reconcile", urllib.parse.urlencode({"queries": json.dumps(deep)}).encode(),
         {"Content-Type": "application/x-www-form-urlencoded"}),
        ("GET", "/health", b"", {"X-Padding": "a" * 1_000_000}),
        ("POST", "/reconcile", form, {"Content-Type": "application/x-www-form-urlencoded"}),
        ("POST", "/validate", turtle[:990_000], {"Content-Type": "text/turtle"}),
        ("POST", "/validate", jsonld[:990_000], {"Content-Type": "application/ld+json"}),
        ("GET", "/sparql?" + urllib.parse.urlencode({"query": HEAVY}), b"",
         {"Accept": "application/sparql-results+json"}),
    ]  # fmt: skip


def _victim(base: str, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    by_path: dict[str, list[float]] = {}
    statuses: Counter[int] = Counter()
    n, end = 0, time.monotonic() + seconds
    while time.monotonic() < end:
        query = urllib.parse.urlencode({"query": f"SELECT ({n} AS ?x) {{}}"})
        for path, accept in (("/search?q=bandung", "application/json"),
                             ("/id/region/id/kota-bandung", "text/html"),
                             (f"/sparql?{query}", "application/sparql-results+json")):  # fmt: skip
            started = time.perf_counter()
            statuses[_request(base, "GET", path, "127.0.0.1", headers={"Accept": accept})] += 1
            latencies.append(time.perf_counter() - started)
            by_path.setdefault(path.split("?")[0], []).append(latencies[-1])
        n += 1
    faults, FAULTS[:] = list(FAULTS), []
    return {"requests": len(latencies), "faults": faults,
            "p50_ms": round(statistics.median(latencies) * 1000, 1),
            "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
            "statuses": dict(statuses), "server_errors": sum(v for k, v in statuses.items() if k >= 500),
            "by_path": {path: {"p50_ms": round(statistics.median(times) * 1000, 1),
                               "p95_ms": round(percentile(times, 0.95) * 1000, 1),
                               "max_ms": round(max(times) * 1000, 1)}
                        for path, times in by_path.items()}}  # fmt: skip


def _attacked(
    base: str, seconds: float, sources: tuple[str, ...] = ("127.0.0.2",)
) -> dict[str, Any]:
    stop = threading.Event()
    seen: Counter[int] = Counter()

    def attack(source: str, method: str, path: str, body: bytes, headers: dict[str, str]) -> None:
        while not stop.is_set():
            seen[_request(base, method, path, source, body, headers)] += 1

    threads = [threading.Thread(target=attack, args=(source, *v))
               for source in sources for v in _vectors() for _ in range(4)]  # fmt: skip
    for thread in threads:
        thread.start()
    time.sleep(2)  # the attack under way
    try:
        found = _victim(base, seconds)
    finally:
        stop.set()
        for thread in threads:
            thread.join(90)
    found["attacker_statuses"] = dict(seen)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--csv", type=Path, default=WORLD_CSV)
    parser.add_argument("--only", nargs="*", choices=list(SCENARIOS), default=list(SCENARIOS),
                        help="the scenarios to run (all by default)")  # fmt: skip
    args = parser.parse_args()
    results: dict[str, Any] = {"date": dt.date.today().isoformat(), "cpus": os.cpu_count(),
                               "seconds": args.seconds}  # fmt: skip
    with world_store(args.csv, "kembar-fair-") as store:
        for name in args.only:
            env, sources = SCENARIOS[name]
            with serving(store, **env) as (base, _):
                found = (
                    _attacked(base, args.seconds, sources)
                    if sources
                    else _victim(base, args.seconds)
                )
            results[name] = found
            print(name, found, flush=True)
    out = HERE / "results" / "fairness.json"
    if set(args.only) != set(SCENARIOS) and out.exists():  # a partial run updates its scenarios
        results = {**json.loads(out.read_text()), **results}
    out.write_text(json.dumps(results, indent=2) + "\n")


#: name -> (the server's environment, the attackers' addresses; none: the victim alone)
SCENARIOS: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    "alone": ({}, ()),
    "attacked": ({}, ("127.0.0.2",)),
    "attacked_from_two": ({}, ("127.0.0.2", "127.0.0.4")),
    "attacked_without_share": ({"KEMBAR_CLIENT_CONCURRENCY": "0"}, ("127.0.0.2",)),
    "attacked_from_two_without_yield": (
        {"KEMBAR_CONTENDED_LIMIT": "0"},
        ("127.0.0.2", "127.0.0.4"),
    ),
}


if __name__ == "__main__":
    main()
