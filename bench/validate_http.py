"""Validations over HTTP with the world import loaded: 8 clients at once, both engines.

Run from the checkout (a few minutes; not part of the test suite)::

    .venv/bin/python bench/validate_http.py [--clients 8] [--seconds 30]

It imports the world CSV into a fresh on-disk store, then for each SHACL engine
(``KEMBAR_VALIDATION_ENGINE=turbo``, then ``pyshacl``) starts ``kembar serve`` on it with the
default settings (2 task workers on this 2-CPU machine) and has ``--clients`` threads POST
submissions dated under PP 28/2018 + Permendagri 25/2020 (the curated pairs with a 2023
signing date, each client its own) for ``--seconds``, each over its own kept-alive
connection, once the server has finished its start-up work: validations per second,
latency p50 and p95, every answer a 200 with a report, the server's memory (its processes'
RSS at the end), its CPU time per validation, and the share of the CPUs the clients took.
Results go to ``bench/results/validate_http.json``.
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
from pathlib import Path
from typing import Any

from served import HERE, WORLD_CSV, cpu_seconds, rss_kb, serving, world_store


def documents() -> list[bytes]:
    from kembar.graph.store import KembarStore
    from kembar.graph.validation.audit import curated_agreements, submission_of

    store = KembarStore()
    found = []
    for n, iri in enumerate(curated_agreements(store)):
        model = submission_of(store, iri).model
        assert model is not None
        doc: dict[str, Any] = model.model_dump(mode="json", exclude_none=True)
        doc["id"] = f"bench-{n}"
        doc["dates"] = {"loi_signed": "2022-05-02", "signed": "2023-03-15"}
        found.append(json.dumps(doc).encode())
    return found


def run(
    store: Path, engine: str, docs: list[bytes], clients: int, seconds: float
) -> dict[str, Any]:
    with serving(store, KEMBAR_VALIDATION_ENGINE=engine) as (base, server):
        return _load(f"{base}/validate", server.pid, engine, docs, clients, seconds)


def _load(
    url: str, pid: int, engine: str, docs: list[bytes], clients: int, seconds: float
) -> dict[str, Any]:
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()

    where = urllib.parse.urlsplit(url)

    def post(connection: http.client.HTTPConnection, doc: bytes) -> bool:
        connection.request("POST", where.path, doc, {"Content-Type": "application/json"})
        answer = connection.getresponse()
        return answer.status == 200 and "regime" in json.loads(answer.read())

    def connect() -> http.client.HTTPConnection:
        """A client's own connection, kept alive between its requests (as a browser's)."""
        return http.client.HTTPConnection(where.hostname or "", where.port, timeout=60)

    warm = connect()
    for doc in docs[:20]:  # warm-up: each worker compiles its shapes once
        post(warm, doc)
    warm.close()
    stop = time.perf_counter() + seconds

    def client(k: int) -> None:
        nonlocal failures
        i = k
        connection = connect()
        while time.perf_counter() < stop:
            began = time.perf_counter()
            ok = post(connection, docs[i % len(docs)])
            with lock:
                latencies.append(time.perf_counter() - began)
                failures += not ok
            i += clients

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    server_cpu, client_cpu = cpu_seconds(pid), time.process_time()
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    server_cpu, client_cpu = cpu_seconds(pid) - server_cpu, time.process_time() - client_cpu
    memory = rss_kb(pid)
    ordered = sorted(latencies)
    return {
        "engine": engine, "clients": clients, "validations": len(latencies), "failures": failures,
        "per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p95_ms": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 1),
        "server_rss_mb": round(memory / 1024),
        "server_cpu_ms_per_validation": round(1000 * server_cpu / max(1, len(latencies)), 1),
        "client_cpu_share": round(client_cpu / (elapsed * (os.cpu_count() or 1)), 3),
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=WORLD_CSV)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    docs = documents()
    results: dict[str, Any] = {"date": dt.date.today().isoformat(), "cpus": os.cpu_count()}
    with world_store(args.csv, "kembar-validate-http-") as store:
        for engine in ("turbo", "pyshacl"):
            results[engine] = run(store, engine, docs, args.clients, args.seconds)
            print(json.dumps(results[engine]))
    results["ratio_per_second"] = round(
        results["turbo"]["per_second"] / results["pyshacl"]["per_second"], 1
    )
    out = HERE / "results" / "validate_http.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
