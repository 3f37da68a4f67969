"""The web at world scale: page weight and time in Chromium, and search, with the world
import loaded.

Run from the checkout (a few minutes; not part of the test suite; needs Debian's chromium)::

    .venv/bin/python bench/web.py [--csv ../shared/data/twin_cities_wikipedia.csv] [--repeat 7]

It imports the world CSV into a fresh on-disk store and starts ``kembar serve`` on it, then:

- **pages**: home, Kota Bandung's page, the validation form and the query editor, each
  opened ``--repeat`` times in a fresh browser context (nothing cached) and once more in the
  same context (cached): the bytes on the wire (compressed, every request of the page, from
  the DevTools protocol's ``encodedDataLength``), the number of requests, and the median time
  to the ``load`` event and to the network falling idle;
- **search**: ``/search?q=`` for 200 place names of the CSV (each a distinct request, the
  index built before the clock starts), p50 and p95; side by side, the peer a SPARQL user
  would write for the same lookup (a case-insensitive ``CONTAINS`` over every label), and
  the ratio of the two medians.

Results go to ``bench/results/web.json``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import shutil
import statistics
import time
import urllib.parse
from pathlib import Path
from typing import Any

from served import HERE, WORLD_CSV, get, percentile, serving, world_store

PAGES = {
    "home": "/",
    "entity (Kota Bandung)": "/id/region/id/kota-bandung",
    "validate": "/validate",
    "query": "/sparql",
}
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
PEER = """SELECT ?s ?l WHERE {
  ?s rdfs:label ?l FILTER (CONTAINS(LCASE(STR(?l)), LCASE(?q)))
} LIMIT 20"""


def _names(path: Path, count: int) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    columns = [c for c in rows[0] if "city" in c.lower() or "name" in c.lower()]
    names = sorted({row[c].strip() for row in rows for c in columns if row[c].strip()})
    random.Random(7).shuffle(names)
    return names[:count]


def _load(context: Any, url: str) -> dict[str, float]:
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    sizes: list[int] = []
    session.on("Network.loadingFinished", lambda e: sizes.append(int(e["encodedDataLength"])))
    began = time.perf_counter()
    page.goto(url, wait_until="load")
    loaded = (time.perf_counter() - began) * 1000
    page.wait_for_load_state("networkidle")
    idle = (time.perf_counter() - began) * 1000 - 500  # networkidle waits 500 ms of quiet
    page.close()
    return {"bytes": sum(sizes), "requests": len(sizes), "load_ms": loaded, "idle_ms": idle}


def pages(base: str, repeat: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    found: dict[str, Any] = {}
    chromium = os.environ.get("KEMBAR_CHROMIUM") or shutil.which("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
        for name, path in PAGES.items():
            cold, warm = [], []
            for _ in range(repeat):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                cold.append(_load(context, base + path))
                warm.append(_load(context, base + path))
                context.close()
            found[name] = {
                "path": path,
                "bytes_on_wire_kb": round(statistics.median(r["bytes"] for r in cold) / 1024, 1),
                "requests": int(statistics.median(r["requests"] for r in cold)),
                "load_ms_p50": round(statistics.median(r["load_ms"] for r in cold), 1),
                "idle_ms_p50": round(statistics.median(r["idle_ms"] for r in cold), 1),
                "cached_bytes_on_wire_kb": round(
                    statistics.median(r["bytes"] for r in warm) / 1024, 1
                ),
                "cached_load_ms_p50": round(statistics.median(r["load_ms"] for r in warm), 1),
            }
        browser.close()
    return found


def search(base: str, names: list[str]) -> dict[str, Any]:
    get(f"{base}/search?" + urllib.parse.urlencode({"q": "bandung"}))  # builds the index
    ours, peer, hits = [], [], 0
    for name in names:
        began = time.perf_counter()
        _, body = get(f"{base}/search?" + urllib.parse.urlencode({"q": name, "limit": 20}))
        ours.append((time.perf_counter() - began) * 1000)
        hits += bool(json.loads(body)["items"])
        query = PEER.replace("?q", json.dumps(name.lower()))  # a literal, JSON-escaped
        began = time.perf_counter()
        get(f"{base}/sparql?" + urllib.parse.urlencode({"query": query}))
        peer.append((time.perf_counter() - began) * 1000)
    return {
        "queries": len(names),
        "found_something": hits,
        "search_p50_ms": round(statistics.median(ours), 2),
        "search_p95_ms": round(percentile(ours, 0.95), 2),
        "peer_sparql_contains_p50_ms": round(statistics.median(peer), 2),
        "peer_sparql_contains_p95_ms": round(percentile(peer, 0.95), 2),
        "ratio_peer_to_search_p50": round(statistics.median(peer) / statistics.median(ours), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=WORLD_CSV)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    results: dict[str, Any] = {"date": dt.date.today().isoformat(), "cpus": os.cpu_count()}
    with world_store(args.csv, "kembar-web-") as store, serving(store) as (base, _):
        results["triples"] = json.loads(get(f"{base}/health")[1])["triples"]
        results["search"] = search(base, _names(args.csv, 200))
        results["pages"] = pages(base, args.repeat)
    out = HERE / "results" / "web.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
