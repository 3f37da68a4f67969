"""HTTP speed: Kembar against rdflib-endpoint and the Oxigraph server, same data, same queries.

Run from the checkout (takes a few minutes; not part of the test suite)::

    .venv/bin/python bench/api.py [--csv ../shared/data/twin_cities_wikipedia.csv]
                                  [--requests 200] [--clients 8]

The data is the curated graph plus the world CSV import. Kembar serves it from its
on-disk store with every limit on (timeout, row, byte and length caps, query workers);
rdflib-endpoint and ``oxigraph serve-read-only`` (both from PyPI, installed by this script
into ``bench/.peers``) serve the same triples as one default graph. ``--servers`` may add
``bare`` (``bench/bare_server.py``: Kembar's worker pool behind a bare ASGI app, the
ceiling of any server built on the pool) and ``bare-inline`` (the same app answering in
its own process, without the hop to a worker or any time limit). For each of three
queries (a one-region lookup, a GROUP BY over all agreements, a two-hop query) it sends
``--requests`` requests one at a time, then the same number from ``--clients`` concurrent
clients (a run stops early after ``--budget`` seconds: rdflib needs seconds per aggregate),
and reports p50/p95 latency and requests per second, plus the ratios. Each is run twice:
with the same text every time (Kembar's result cache answers repeats, as a public
endpoint hears them) and with a distinct comment per request (nothing can be cached:
the cost of running the query). Kembar's access log is off, as the Oxigraph server
keeps none. Results go to ``bench/results/api.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from kembar.graph.ingest.csv_import import import_csv
from kembar.graph.store import KembarStore
from kembar.ontology import ids
from kembar.ontology.namespace import KMB
from rdflib import RDF
from served import settle

HERE = Path(__file__).resolve().parent
PEERS = HERE / ".peers"
BANDUNG = str(ids.region("id", "kota-bandung"))
PARTY = str(KMB.party)
TYPE = str(RDF.type)
QUERIES = {
    "lookup": f"SELECT ?p ?o WHERE {{ <{BANDUNG}> ?p ?o }}",
    "aggregate": f"SELECT ?type (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a <{PARTY}> ?r ; <{TYPE}> ?type }} GROUP BY ?type",
    "two-hop": (
        f"SELECT DISTINCT ?c WHERE {{ ?a1 <{PARTY}> <{BANDUNG}> , ?b . ?a2 <{PARTY}> ?b , ?c . "
        f"FILTER (?c != <{BANDUNG}> && ?b != <{BANDUNG}>) }}"
    ),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[bytes], seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server on {port} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on {port} did not start")


def peers() -> Path:
    """The peers' own environment (rdflib-endpoint, oxigraph), made once."""
    if not (PEERS / "bin" / "oxigraph").exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
        pip = [str(PEERS / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "rdflib-endpoint[cli]", "oxigraph"], check=True)
    return PEERS / "bin"


#: Same text every time (a cache may answer), or each request its own (none can).
MODES = ("sequential", "concurrent", "sequential-distinct", "concurrent-distinct")

#: Where each server answers queries.
ENDPOINTS = {
    "kembar": "/sparql",
    "rdflib-endpoint": "/",
    "oxigraph": "/query",
    "bare": "/query",
    "bare-inline": "/query",
}


def get(authority: str, query: str, connection: http.client.HTTPConnection | None = None) -> float:
    """Send one GET query; return its latency in seconds (the body is read fully).

    *authority* is ``host:port/path``.
    """
    authority, _, endpoint = authority.partition("/")
    path = f"/{endpoint}?" + urllib.parse.urlencode({"query": query})
    started = time.perf_counter()
    own = connection or http.client.HTTPConnection(authority, timeout=120)
    own.request("GET", path, headers={"Accept": "application/sparql-results+json"})
    response = own.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"{authority}: {response.status} {body[:200]!r}")
    if connection is None:
        own.close()
    return time.perf_counter() - started


def run(
    authority: str, query: str, requests: int, clients: int, budget: float, distinct: bool
) -> dict[str, float]:
    """*requests* requests from *clients* clients, or fewer if *budget* seconds run out.

    With *distinct*, every request carries its own comment, so no request repeats
    another (a result cache cannot answer it); otherwise all send the same text.
    """
    latencies: list[float] = []
    lock = threading.Lock()
    salt = f"{time.time_ns()}"

    def client(number: int, count: int) -> None:
        # each client from its own loopback address, as distinct users are (Kembar gives
        # each address its fair share of the workers)
        connection = http.client.HTTPConnection(
            authority.partition("/")[0], timeout=600, source_address=(f"127.0.0.{10 + number}", 0)
        )
        mine = []
        for i in range(count):
            text = f"{query}\n# {salt} {number} {i}" if distinct else query
            mine.append(get(authority, text, connection))
            if time.perf_counter() > deadline:
                break
        connection.close()
        with lock:
            latencies.extend(mine)

    get(authority, query)  # warm-up
    started = time.perf_counter()
    deadline = started + budget
    threads = [
        threading.Thread(target=client, args=(n, requests // clients)) for n in range(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "p50_ms": 1000 * statistics.median(ordered),
        "p95_ms": 1000 * ordered[int(0.95 * (len(ordered) - 1))],
        "rps": len(ordered) / wall,
        "requests": len(ordered),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--csv", type=Path, default=HERE.parent.parent / "shared/data/twin_cities_wikipedia.csv"
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per run at most")
    parser.add_argument(
        "--servers",
        default="kembar,rdflib-endpoint,oxigraph",
        help="which servers to run (comma-separated)",
    )
    parser.add_argument("--queries", default=",".join(QUERIES), help="which queries to run")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "api.json")
    args = parser.parse_args()
    chosen = {q: QUERIES[q] for q in args.queries.split(",")}
    bin_ = peers()
    work = Path(tempfile.mkdtemp(prefix="kembar-bench-"))
    store = KembarStore(work / "kembar")
    if args.csv.is_file():
        import_csv(store, args.csv)
    triples = work / "data.nt"
    with triples.open("wb") as out:
        ox.serialize(
            (ox.Triple(q.subject, q.predicate, q.object) for q in store.store),
            out,
            ox.RdfFormat.N_TRIPLES,
        )
    size = len(store)
    del store
    subprocess.run([str(bin_ / "oxigraph"), "load", "--location", str(work / "oxigraph"), "--file", str(triples)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip

    servers: dict[str, tuple[subprocess.Popen[bytes], str]] = {}
    ports = {name: free_port() for name in ENDPOINTS}
    # the Oxigraph server logs no requests: neither does Kembar here
    env = {**os.environ, "KEMBAR_QUERY_WORKERS": str(os.cpu_count() or 2), "KEMBAR_ACCESS_LOG": "0"}
    commands = {
        "kembar": [str(Path(sys.executable).with_name("kembar")), "serve", "--store", str(work / "kembar"),
                   "--port", str(ports["kembar"])],
        "rdflib-endpoint": [str(bin_ / "rdflib-endpoint"), "serve", str(triples), "--host", "127.0.0.1",
                            "--port", str(ports["rdflib-endpoint"])],
        "oxigraph": [str(bin_ / "oxigraph"), "serve-read-only", "--location", str(work / "oxigraph"),
                     "--bind", f"127.0.0.1:{ports['oxigraph']}"],
        # the ceiling of the design: the same worker pool behind a bare ASGI app
        "bare": [sys.executable, str(HERE / "bare_server.py"), "--store", str(work / "kembar"),
                 "--port", str(ports["bare"])],
        "bare-inline": [sys.executable, str(HERE / "bare_server.py"), "--store", str(work / "kembar"),
                        "--port", str(ports["bare-inline"]), "--inline"],
    }  # fmt: skip
    results: dict[str, Any] = {"date": dt.date.today().isoformat(), "triples": size, "cpus": os.cpu_count(),
                               "requests": args.requests, "clients": args.clients, "servers": {}}  # fmt: skip
    try:
        for name, command in commands.items():
            if name not in args.servers.split(","):
                continue
            process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
            )
            servers[name] = (process, f"127.0.0.1:{ports[name]}{ENDPOINTS[name]}")
            wait_for(ports[name], process)
            # Kembar computes its network metrics once after it starts (a minute of one CPU
            # at world scale): measured during it, the lookups would get one CPU of two
            waited = settle(process.pid)
            print(f"{name} ready (idle after {waited:.0f} s)", file=sys.stderr)
            results["servers"][name] = {
                query: {
                    f"{mode}{suffix}": run(servers[name][1], text, args.requests, clients,
                                           args.budget, distinct=bool(suffix))
                    for suffix in ("", "-distinct")
                    for mode, clients in (("sequential", 1), ("concurrent", args.clients))
                }
                for query, text in chosen.items()
            }  # fmt: skip
            process.terminate()
            process.wait(30)
    finally:
        for process, _ in servers.values():
            if process.poll() is None:
                process.kill()

    out = args.out
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"{size} triples, {os.cpu_count()} CPUs, {args.requests} requests per run\n")
    print(
        "| query | mode | Kembar p50 ms / rps | rdflib-endpoint p50 ms / rps | Oxigraph p50 ms / rps | Kembar/rdflib-endpoint | Kembar/Oxigraph |"
    )
    print("|---|---|---:|---:|---:|---:|---:|")
    s = results["servers"]
    if set(s) != {"kembar", "rdflib-endpoint", "oxigraph"}:
        print(json.dumps(s, indent=1))
        return 0
    for query in chosen:
        for mode in MODES:
            k, r, o = (s[n][query][mode] for n in ("kembar", "rdflib-endpoint", "oxigraph"))
            print(f"| {query} | {mode} | {k['p50_ms']:.1f} / {k['rps']:.0f} | {r['p50_ms']:.1f} / {r['rps']:.0f} | "
                  f"{o['p50_ms']:.1f} / {o['rps']:.0f} | {k['rps'] / r['rps']:.1f}x | {k['rps'] / o['rps']:.0%} |")  # fmt: skip
    print(f"(written to {out.relative_to(HERE.parent)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
