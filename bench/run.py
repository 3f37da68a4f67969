"""Every benchmark in one command, one table: medians of repeated runs, ratios side by side.

Run from the checkout (about half an hour on 2 CPUs; nothing here is pass/fail)::

    .venv/bin/python bench/run.py [--csv ../shared/data/twin_cities_wikipedia.csv]
                                  [--repeat 3] [--scale 10] [--skip-peers]

Rows:

- loading the world import (1x) and a synthetic 10x (:mod:`kembar.graph.ingest.synthetic`): the
  CSV import into Kembar's store, and the same triples as N-Triples into Kembar's store
  (pyoxigraph) and into rdflib's in-memory ``Graph``, each in a fresh process whose peak
  memory (max RSS) is read from the kernel;
- startup of ``kembar serve`` on the embedded data, to the first answer of ``/health``;
- SPARQL over HTTP against rdflib-endpoint and the Oxigraph server (``bench/api.py``),
  validation against whole-store pySHACL (``bench/validate.py``) and network metrics,
  networkx against rustworkx (``bench/network.py``): run here, read from their results.

Results go to ``bench/results/run.json``; the table is printed in Markdown.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
KEMBAR = str(Path(sys.executable).with_name("kembar"))

#: What a child process runs for each load measurement: (setup, timed part).
_LOADERS = {
    "kembar CSV import": (
        (
            "from kembar.graph.store import KembarStore\n"
            "from kembar.graph.ingest.csv_import import import_csv\nstore = KembarStore()"
        ),
        "import_csv(store, Path(sys.argv[1]))",
    ),
    "kembar N-Triples load": (
        "import pyoxigraph as ox\nstore = ox.Store()",
        "store.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_TRIPLES)",
    ),
    "rdflib N-Triples load": (
        "from rdflib import Graph\ngraph = Graph()",
        "graph.parse(sys.argv[2], format='nt')",
    ),
}


def _child(setup: str, timed: str, csv: Path, nt: Path) -> tuple[float, float]:
    """Run *timed* after *setup* in a fresh interpreter: (seconds, peak RSS in MB)."""
    # peak memory is the child's own high-water mark (VmHWM): ru_maxrss would count what
    # this process held when it forked
    code = (
        f"import sys, time\nfrom pathlib import Path\n{setup}\nstarted = time.perf_counter()\n"
        f"{timed}\nseconds = time.perf_counter() - started\n"
        "hwm = next(l for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
        "print(seconds, int(hwm.split()[1]) / 1024)\n"
    )
    done = subprocess.run([PYTHON, "-c", code, str(csv), str(nt)], capture_output=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{timed} failed: {done.stderr.decode()[-500:]}")
    seconds, peak = done.stdout.decode().split()[-2:]
    return float(seconds), float(peak)


def _dump(csv: Path, nt: Path) -> int:
    """The curated graph plus *csv*, as N-Triples in *nt*; return the triple count."""
    import pyoxigraph as ox
    from kembar.graph.ingest.csv_import import import_csv
    from kembar.graph.store import KembarStore

    store = KembarStore()
    import_csv(store, csv)
    with nt.open("wb") as out:
        ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in store.store), out,
                     ox.RdfFormat.N_TRIPLES)  # fmt: skip
    return len(store)


def _startup(repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        started = time.perf_counter()
        process = subprocess.Popen([KEMBAR, "serve", "--port", str(port)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env={**os.environ, "KEMBAR_STORE": ""})  # fmt: skip
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                connection.request("GET", "/health")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.02)
        runs.append(time.perf_counter() - started)
        process.terminate()
        process.wait(30)
    return statistics.median(runs)


def _script(name: str, *args: str) -> dict[str, Any]:
    subprocess.run([PYTHON, str(HERE / f"{name}.py"), *args], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    found: dict[str, Any] = json.loads((HERE / "results" / f"{name}.json").read_text())
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--csv", type=Path, default=HERE.parent.parent / "shared/data/twin_cities_wikipedia.csv"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--skip-peers", action="store_true", help="leave out api/validate/network")
    args = parser.parse_args()
    from kembar.graph.ingest.synthetic import scale

    work = Path(tempfile.mkdtemp(prefix="kembar-run-"))
    rows: list[tuple[str, str, str]] = []
    result: dict[str, Any] = {
        "date": dt.date.today().isoformat(), "cpus": os.cpu_count(),
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
        "repeat": args.repeat, "load": {},
    }  # fmt: skip
    for factor in (1, args.scale):
        csv = work / f"x{factor}.csv"
        with args.csv.open(encoding="utf-8") as source, csv.open("w", encoding="utf-8") as target:
            scale(source, target, factor)
        nt = work / f"x{factor}.nt"
        triples = _dump(csv, nt)
        measured: dict[str, tuple[float, float]] = {}
        for name, (setup, timed) in _LOADERS.items():
            runs = [_child(setup, timed, csv, nt) for _ in range(args.repeat)]
            measured[name] = (
                statistics.median(r[0] for r in runs),
                statistics.median(r[1] for r in runs),
            )
            print(
                f"{factor}x {name}: {measured[name][0]:.1f} s, {measured[name][1]:.0f} MB",
                file=sys.stderr,
            )
        result["load"][f"{factor}x"] = {"triples": triples, **{k: {"seconds": s, "peak_mb": m} for k, (s, m) in measured.items()}}  # fmt: skip
        k, r = measured["kembar N-Triples load"], measured["rdflib N-Triples load"]
        c = measured["kembar CSV import"]
        rows += [
            (f"load {factor}x ({triples:,} triples): N-Triples", f"{k[0]:.1f} s, {k[1]:.0f} MB peak",
             f"rdflib {r[0]:.1f} s, {r[1]:.0f} MB: {r[0] / k[0]:.0f}x faster, {r[1] / k[1]:.1f}x less memory"),
            (f"load {factor}x: CSV import (parse, reconcile, write)", f"{c[0]:.1f} s, {c[1]:.0f} MB peak", ""),
        ]  # fmt: skip
    started = _startup(max(args.repeat, 3))
    result["startup_seconds"] = started
    rows.append(
        ("`kembar serve` startup, embedded data, to the first /health", f"{started:.2f} s", "")
    )
    if not args.skip_peers:
        api = _script("api", "--csv", str(args.csv), "--budget", "40")
        result["api"] = api
        for query in ("lookup", "aggregate", "two-hop"):
            for mode in ("sequential", "sequential-distinct", "concurrent-distinct"):
                s = api["servers"]
                k, r, o = (
                    s[n][query][mode]["rps"] for n in ("kembar", "rdflib-endpoint", "oxigraph")
                )
                rows.append((f"SPARQL over HTTP, {query}, {mode}", f"{k:.1f} req/s",
                             f"{k / r:.1f}x rdflib-endpoint, {k / o:.0%} of the Oxigraph server"))  # fmt: skip
        validate = _script("validate", "--csv", str(args.csv), "--whole-limit", "60")
        result["validate"] = validate
        for scope in ("curated", "world"):
            v = validate[scope]
            whole = v["whole_store_p50_ms"]
            versus = (
                f"{whole / v['p50_ms']:.0f}x faster"
                if isinstance(whole, float)
                else "whole-store run stopped at 60 s"
            )
            rows.append((f"validate one submission, {scope} store ({v['triples']:,} triples)",
                         f"p50 {v['p50_ms']:.1f} ms, p95 {v['p95_ms']:.1f} ms",
                         f"whole-store pySHACL p50 {whole if isinstance(whole, str) else f'{whole:.0f} ms'}: {versus}"))  # fmt: skip
        network = _script("network")
        result["network"] = network
        sec = network["seconds"]
        ratio = network["betweenness_ratio_networkx_over_rustworkx"]
        rows.append(("exact betweenness, world network", f"rustworkx {sec['betweenness, exact (rustworkx)']:.1f} s",
                     f"networkx about {sec['betweenness, networkx exact (extrapolated)']:.0f} s: {ratio:.0f}x"))  # fmt: skip
        steps = ("PageRank (networkx, scipy)", "Louvain communities (networkx, seed 1951)",
                 "region network (SPARQL + networkx)")  # fmt: skip
        rows.append(("PageRank / Louvain / region network build, world",
                     " / ".join(f"{sec[step]:.2f}" for step in steps) + " s", "networkx"))  # fmt: skip
    (HERE / "results" / "run.json").write_text(
        json.dumps(result, indent=2) + "\n", encoding="utf-8"
    )
    print(
        f"\n{result['machine']}, {result['cpus']} CPUs, {result['date']}; medians of {args.repeat} runs\n"
    )
    print("| what | Kembar | side by side |\n|---|---|---|")
    for what, ours, peer in rows:
        print(f"| {what} | {ours} | {peer} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
