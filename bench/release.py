"""``kembar release`` on the embedded graph and on the world import, timed.

Run from the checkout (a few minutes; not part of the test suite)::

    .venv/bin/python bench/release.py [--csv ../shared/data/twin_cities_wikipedia.csv]
                                      [--repeat 3]

For each scope (the curated graph; the curated graph plus the world CSV import, in memory)
it writes a whole release ``--repeat`` times into a fresh folder and reports the median
time, each step's median (dumps, tables, the rest), the size of every file and the rows of
every table. The peer, run side by side on the same store, is the floor any release pays:
one N-Quads dump by Oxigraph alone (``Store.dump``); the ratio says what the tables,
package, codebook and checksums cost on top. Results go to ``bench/results/release.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from kembar.graph.ingest.csv_import import import_csv
from kembar.graph.release.package import write_release
from kembar.graph.store import KembarStore

HERE = Path(__file__).resolve().parent
WORLD_CSV = HERE.parent.parent / "shared" / "data" / "twin_cities_wikipedia.csv"


def _release(store: KembarStore) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="kembar-release-bench-"))
    marks: list[tuple[str, float]] = []
    started = time.perf_counter()
    try:
        release = write_release(store, folder / "out",
                                progress=lambda step: marks.append((step, time.perf_counter())))  # fmt: skip
        total = time.perf_counter() - started
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    steps: dict[str, float] = {}
    ends = [*(t for _, t in marks[1:]), started + total]
    for (name, begun), end in zip(marks, ends, strict=True):
        key = "dumps" if name.startswith("dump") else name
        steps[key] = steps.get(key, 0.0) + end - begun
    return {"seconds": total, "steps": steps, "sizes": release.sizes, "rows": release.rows}


def _dump_only(store: KembarStore) -> float:
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        store.dump(out, ox.RdfFormat.N_QUADS)
        return time.perf_counter() - started


def measure(store: KembarStore, repeat: int) -> dict[str, Any]:
    runs = [_release(store) for _ in range(repeat)]
    peer = [_dump_only(store) for _ in range(repeat)]
    median = statistics.median(r["seconds"] for r in runs)
    return {
        "release_s": round(median, 2),
        "steps_s": {
            k: round(statistics.median(r["steps"].get(k, 0) for r in runs), 2)
            for k in runs[0]["steps"]
        },
        "peer_nquads_dump_s": round(statistics.median(peer), 2),
        "ratio_release_to_dump": round(median / statistics.median(peer), 1),
        "total_mb": round(sum(runs[0]["sizes"].values()) / 1e6, 1),
        "sizes_bytes": runs[0]["sizes"],
        "rows": runs[0]["rows"],
        "quads": len(store.store),  # type: ignore[arg-type]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=WORLD_CSV)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, Any] = {
        "date": dt.date.today().isoformat(), "cpus": os.cpu_count(), "repeat": args.repeat,
    }  # fmt: skip
    results["curated"] = measure(KembarStore(), args.repeat)
    print(
        "curated", json.dumps({k: v for k, v in results["curated"].items() if k != "sizes_bytes"})
    )
    world = KembarStore()
    import_csv(world, args.csv)
    results["world"] = measure(world, args.repeat)
    print("world", json.dumps({k: v for k, v in results["world"].items() if k != "sizes_bytes"}))
    (HERE / "results" / "release.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
