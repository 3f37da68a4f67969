"""Validator speed: p50/p95 over 200 different submissions, small graph vs whole store.

Run from the checkout (not part of the test suite; nothing here is pass/fail)::

    .venv/bin/python bench/validate.py [--csv ../shared/data/twin_cities_wikipedia.csv]
                                       [--n 200] [--whole-runs 3]

It measures, in one warm process,
(a) parse + validate of N different submissions against the curated store;
(b) the same after importing the world's twinning CSV into the store;
each with both SHACL engines on the same submissions, side by side: pyshacl-turbo (the
fast path, the default) and pySHACL (the reference); and the naive way: pySHACL over the
whole store (plus the submission) for ``--whole-runs`` of them, with the same shapes. Medians and ratios are printed as a
Markdown table and written to ``bench/results/validate.json``. A whole-store run that
exceeds ``--whole-limit`` seconds is stopped and reported as a lower bound.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import signal
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pyshacl
from kembar.graph.ingest.csv_import import import_csv
from kembar.graph.store import KembarStore
from kembar.graph.validation import Validator
from kembar.graph.validation.audit import curated_agreements, submission_of
from kembar.graph.validation.submission import parse_submission
from kembar.ontology.namespace import KMB
from rdflib import Graph, Literal

HERE = Path(__file__).resolve().parent
STEPS = [
    "exploration", "consult_mendagri", "consult_menlu", "loi_signed", "plan", "dprd_request",
    "dprd_approval", "mendagri_submission", "mendagri_advice", "interministerial_meeting",
    "mendagri_draft_approval", "kemlu_confirmation", "mendagri_forward", "signed",
]  # fmt: skip
FIELDS = ["education", "trade", "tourism", "culture", "health", "environment", "investment",
          "science_technology", "cultural_exchange", "smes", "transport", "defence"]  # fmt: skip


def submissions(store: KembarStore, n: int, seed: int = 1951) -> list[bytes]:
    """N different JSON submissions: curated pairs with seeded dates, fields and clauses."""
    rng = random.Random(seed)
    views = [submission_of(store, iri).model for iri in curated_agreements(store)]
    documents = []
    for i in range(n):
        model = views[i % len(views)]
        assert model is not None
        doc: dict[str, Any] = model.model_dump(mode="json", exclude_none=True)
        doc["id"] = f"{doc['id']}-{i}"
        day = dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(36 * 365))
        kept = sorted(rng.sample(STEPS, rng.randrange(2, len(STEPS) + 1)), key=STEPS.index)
        doc["dates"] = {
            step: (day - dt.timedelta(days=30 * (len(kept) - k))).isoformat()
            for k, step in enumerate(kept)
        }
        doc["fields"] = rng.sample(FIELDS, rng.randrange(1, 4))
        doc["languages"] = rng.choice([["id", "en"], ["en"], ["id"], ["id", "en", "ja"]])
        doc["funding_sources"] = rng.sample(["apbd", "apbn", "partner", "grant"], 2)
        doc["dispute_settlement"] = rng.choice(["negotiation_consultation", "arbitration"])
        doc["termination_clause"] = rng.random() < 0.7
        documents.append(json.dumps(doc).encode())
    return documents


def timed(validator: Validator, documents: list[bytes]) -> tuple[list[float], list[str]]:
    """Seconds to parse and validate each document, and the regime each was judged by: the
    work of a JSON answer (the findings; no SHACL report graph kept for Turtle)."""
    for document in documents[:10]:  # warm-up: shapes parsed, queries prepared
        validator.validate(parse_submission(document, "warm.json"), graph=False)
    times, regimes = [], []
    for i, document in enumerate(documents):
        started = time.perf_counter()
        report = validator.validate(parse_submission(document, f"s{i}.json"), graph=False)
        times.append(time.perf_counter() - started)
        regimes.append(report.regime)
    return times, regimes


def measured(validator: Validator, documents: list[bytes]) -> dict[str, Any]:
    times, regimes = timed(validator, documents)
    result: dict[str, Any] = summary(times)
    by_regime = {
        regime: [t for t, r in zip(times, regimes, strict=True) if r == regime]
        for regime in sorted(set(regimes))
    }
    result["p50_ms_by_regime"] = {r: round(summary(t)["p50_ms"], 1) for r, t in by_regime.items()}
    result["p95_ms_by_regime"] = {r: round(summary(t)["p95_ms"], 1) for r, t in by_regime.items()}
    return result


def whole_store(dump: bytes, document: bytes) -> float:
    """The naive way: pySHACL over every triple of the store plus the submission.

    The clock starts when the store's N-Triples are handed over, so it counts loading them
    into rdflib, as a whole-store validation must.
    """
    validator = Validator(KembarStore(load_embedded=False))  # shapes parsed before the clock
    sub = parse_submission(document, "whole.json")
    started = time.perf_counter()
    data = Graph()
    data.parse(data=dump, format="nt")
    data += sub.graph
    day = sub.judging_date()
    data.add((sub.node, KMB.judgedOn, Literal(day)))
    data.add((sub.node, KMB.judgedUnder, validator.book.regime(day).iri))
    pyshacl.validate(
        data,
        shacl_graph=validator.book.shapes,
        use_shapes=[str(s) for s in validator.book.applicable(day)],
        inplace=True,
    )
    return time.perf_counter() - started


def whole_store_limited(store: KembarStore, documents: list[bytes], limit: float) -> list[float]:
    """:func:`whole_store` for each document, stopped by SIGALRM after *limit* s (then: inf).

    rdflib and pySHACL are pure Python, so the alarm's exception interrupts them cleanly.
    """
    dump = ox.serialize(
        (ox.Triple(q.subject, q.predicate, q.object) for q in store.store),
        format=ox.RdfFormat.N_TRIPLES,
    )
    assert dump is not None

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, expire)
    times = []
    try:
        for document in documents:
            signal.setitimer(signal.ITIMER_REAL, limit)
            try:
                times.append(whole_store(dump, document))
            except TimeoutError:
                times.append(math.inf)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous)
    return times


def summary(times: list[float]) -> dict[str, Any]:
    ordered = sorted(times)
    return {
        "n": len(ordered),
        "p50_ms": 1000 * statistics.median(ordered),
        "p95_ms": 1000 * ordered[int(0.95 * (len(ordered) - 1))],
        "mean_ms": 1000 * statistics.fmean(ordered),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--csv", type=Path, default=HERE.parent.parent / "shared/data/twin_cities_wikipedia.csv"
    )
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--whole-runs", type=int, default=3)
    parser.add_argument(
        "--whole-limit", type=float, default=300.0, help="seconds per whole-store run"
    )
    args = parser.parse_args()

    store = KembarStore()
    validator = Validator(store, engine="turbo")
    reference = Validator(store, engine="pyshacl")
    documents = submissions(store, args.n)
    results: dict[str, Any] = {"date": dt.date.today().isoformat(), "submissions": args.n}
    samples = documents[: args.whole_runs]

    def measure(name: str) -> None:
        results[name] = measured(validator, documents)
        results[name]["triples"] = len(store)
        results[name]["pyshacl"] = measured(reference, documents)
        if args.whole_runs:
            whole = whole_store_limited(store, samples, args.whole_limit)
            results[name]["whole_store_ms"] = [1000 * w for w in whole]
            results[name]["whole_store_p50_ms"] = 1000 * statistics.median(whole)

    measure("curated")
    if args.csv.is_file():
        import_csv(store, args.csv)
        measure("world")
    else:
        print(f"({args.csv} not found: world-scale run skipped)", file=sys.stderr)

    out = HERE / "results" / "validate.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(results, indent=2).replace("Infinity", '"timeout"') + "\n", encoding="utf-8"
    )
    print(
        "| store | triples | p50 ms | p95 ms | pySHACL p50 / p95 ms | whole-store pySHACL p50 ms | speed-up over whole store |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in ("curated", "world"):
        if name not in results:
            continue
        r = results[name]
        whole_ms = r.get("whole_store_p50_ms")
        ratio = f"{whole_ms / r['p50_ms']:.0f}x" if whole_ms else "-"
        whole_text = f"{whole_ms:.0f}" if whole_ms else "-"
        if whole_ms == math.inf:
            ratio, whole_text = (
                f">{1000 * args.whole_limit / r['p50_ms']:.0f}x",
                f">{1000 * args.whole_limit:.0f}",
            )
        ref = r["pyshacl"]
        print(
            f"| {name} | {r['triples']} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} "
            f"| {ref['p50_ms']:.1f} / {ref['p95_ms']:.1f} ({ref['p50_ms'] / r['p50_ms']:.1f}x) "
            f"| {whole_text} | {ratio} |"
        )
    for name in ("curated", "world"):
        if name in results:
            print(f"\np50 ms by regime, {name}: {results[name]['p50_ms_by_regime']}")
            print(f"p95 ms by regime, {name}: {results[name]['p95_ms_by_regime']}")
            print(
                f"pySHACL p50 ms by regime, {name}: {results[name]['pyshacl']['p50_ms_by_regime']}"
            )
    if "world" in results:
        print(
            f"\np50(world) / p50(curated) = {results['world']['p50_ms'] / results['curated']['p50_ms']:.2f}"
        )
    print(f"(written to {out.relative_to(HERE.parent)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
