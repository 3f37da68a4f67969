"""Where a distinct SPARQL lookup's time goes: the server process, a query worker, the client.

Run from the checkout (about a minute, after the world import; not part of the test suite)::

    .venv/bin/python bench/stack.py [--seconds 10] [--csv ../shared/data/twin_cities_wikipedia.csv]

Three measurements of the one-region lookup that ``bench/api.py`` runs, each request with a
distinct comment (nothing can be cached):

- **stack**: the server's ASGI stack alone, in this process: ``GET /sparql`` through every
  layer of the app, the query pool answering at once with a fixed body (microseconds per
  request, median of 5 runs of 2,000); then what each middleware layer costs (the stack
  without it, side by side) and what is left beneath them all (the route's own steps);
- **worker**: what a query worker does with one job (guard, row cap, Oxigraph's evaluation
  and serialisation), in this process, on the world import (median of 5 runs of 2,000);
- **served**: ``kembar serve`` on the world import, 8 clients from 8 loopback addresses for
  ``--seconds``: requests a second, and the CPU time per request of the server process, of
  its query workers and of the client threads (from /proc).

Results go to ``bench/results/stack.json``.
"""

from __future__ import annotations

import argparse
import asyncio
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

from served import HERE, WORLD_CSV, cpu_of, serving, tree, world_store

BANDUNG = "https://w3id.org/kembar/id/region/id/kota-bandung"
LOOKUP = f"SELECT ?p ?o WHERE {{ <{BANDUNG}> ?p ?o }}"
JSON = "application/sparql-results+json"
#: The middleware a ``GET /sparql`` passes through before the route's own steps.
LAYERS = ("HeadAsGet", "GZipMiddleware", "BrowserPolicy", "CORSMiddleware", "RequestLimits",
          "CachedQueries", "FairShare")  # fmt: skip


def stack_us(requests: int = 2000, runs: int = 5, without: frozenset[str] = frozenset()) -> float:
    """Microseconds per ``GET /sparql`` through the whole app, the pool stubbed; *without*
    names middleware classes left out (what each layer costs)."""
    from kembar.api.main import create_app
    from kembar.api.runtime import Runtime
    from kembar.api.settings import Settings
    from kembar.graph.runtime import Answer, Job

    body = b'{"head":{"vars":["p","o"]},"results":{"bindings":[]}}'

    async def main() -> list[float]:
        app = create_app(Settings(store=None, sandbox=False), runtime=Runtime.inline)
        app.user_middleware = [
            m for m in app.user_middleware if getattr(m.cls, "__name__", "") not in without
        ]
        messages: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        started = asyncio.Event()

        async def life_send(message: dict[str, Any]) -> None:
            if message["type"] == "lifespan.startup.complete":
                started.set()

        await messages.put({"type": "lifespan.startup"})
        life = asyncio.create_task(app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}},
                                        messages.get, life_send))  # fmt: skip
        await started.wait()
        runtime = app.state.runtime

        async def answer(job: Job) -> Answer:
            return Answer(body, job.media, 10_000, runtime.store.version)

        runtime.queries.arun = answer

        async def one(n: int) -> None:
            query = urllib.parse.urlencode({"query": f"{LOOKUP}\n# {n}"}).encode()
            scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                     "method": "GET", "scheme": "http", "path": "/sparql", "raw_path": b"/sparql",
                     "query_string": query, "root_path": "", "client": ("127.0.0.10", 5000),
                     "server": ("127.0.0.1", 8000), "state": {},
                     "headers": [(b"host", b"127.0.0.1:8000"), (b"accept", JSON.encode())]}  # fmt: skip
            statuses: list[int] = []

            async def receive() -> dict[str, Any]:
                return {"type": "http.request", "body": b"", "more_body": False}

            async def send(message: dict[str, Any]) -> None:
                if message["type"] == "http.response.start":
                    statuses.append(message["status"])

            await app(scope, receive, send)
            assert statuses == [200], statuses

        for n in range(200):  # warm up
            await one(-n - 1)
        times = []
        for run in range(runs):
            begun = time.perf_counter()
            for n in range(requests):
                await one(run * requests + n)
            times.append((time.perf_counter() - begun) / requests * 1e6)
        await messages.put({"type": "lifespan.shutdown"})
        await life
        return times

    return statistics.median(asyncio.run(main()))


def worker_us(store_path: Path, jobs: int = 2000, runs: int = 5) -> float:
    """Microseconds per lookup job as a query worker handles it."""
    from kembar.graph.runtime.child import handle
    from kembar.graph.runtime.jobs import Job, Limits
    from kembar.graph.runtime.replica import Replica, open_replica

    store = open_replica(Replica(store_path))
    limits = Limits(10_000, 50 << 20, 0)
    times = []
    for run in range(runs + 1):
        begun = time.perf_counter()
        for n in range(jobs):
            handle(store, "query", Job(f"{LOOKUP}\n# {run} {n}", JSON), limits)
        if run:  # the first run warms up
            times.append((time.perf_counter() - begun) / jobs * 1e6)
    return statistics.median(times)


def served(store_path: Path, seconds: float, clients: int = 8) -> dict[str, float]:
    """Distinct lookups from *clients* addresses against ``kembar serve``: throughput and
    CPU milliseconds per request of each side."""
    with serving(store_path, KEMBAR_QUERY_WORKERS=str(os.cpu_count() or 2)) as (base, server):
        port = int(base.rsplit(":", 1)[1])
        workers = [p for p in tree(server.pid)[1:] if "kembar-query" in _name(p)]
        before = {"server": cpu_of(server.pid), "workers": sum(cpu_of(p) for p in workers)}
        client_before = time.process_time()
        done = [0] * clients

        def client(n: int) -> None:
            connection = http.client.HTTPConnection(
                "127.0.0.1", port, source_address=(f"127.0.0.{10 + n}", 0)
            )
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                text = f"{LOOKUP}\n# {n} {done[n]}"
                connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": text}),
                                   headers={"Accept": JSON})  # fmt: skip
                response = connection.getresponse()
                response.read()
                assert response.status == 200, response.status
                done[n] += 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        total = sum(done)
        return {
            "requests": total,
            "rps": total / seconds,
            "server_ms": (cpu_of(server.pid) - before["server"]) / total * 1e3,
            "workers_ms": (sum(cpu_of(p) for p in workers) - before["workers"]) / total * 1e3,
            "client_ms": (time.process_time() - client_before) / total * 1e3,
        }


def _name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except FileNotFoundError:
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--csv", type=Path, default=WORLD_CSV)
    args = parser.parse_args()
    results: dict[str, Any] = {"date": dt.date.today().isoformat(), "cpus": os.cpu_count()}
    results["stack_us"] = stack_us()
    print(f"stack: {results['stack_us']:.0f} us per request (pool stubbed)")
    results["layers_us"] = {
        layer: results["stack_us"] - stack_us(without=frozenset({layer})) for layer in LAYERS
    }
    results["beneath_layers_us"] = stack_us(without=frozenset(LAYERS))
    print("each layer:", ", ".join(f"{k} {v:.0f} us" for k, v in results["layers_us"].items()),
          f"; beneath them all: {results['beneath_layers_us']:.0f} us")  # fmt: skip
    with world_store(args.csv) as store_path:
        results["worker_us"] = worker_us(store_path)
        print(f"worker: {results['worker_us']:.0f} us per job")
        results["served"] = served(store_path, args.seconds)
    s = results["served"]
    print(f"served, 8 clients: {s['rps']:.0f} req/s; CPU ms per request: server {s['server_ms']:.2f}, "
          f"query workers {s['workers_ms']:.2f}, client {s['client_ms']:.2f}")  # fmt: skip
    out = HERE / "results" / "stack.json"
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
