"""The ``kembar`` command line: thin, it parses, calls :mod:`kembar.graph`, and answers.

Exit codes: 0 success, 1 a negative answer, 2 bad input or usage (one line on stderr).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from kembar.graph.errors import ClientError, KembarError

if TYPE_CHECKING:
    from kembar.graph.store import KembarStore
    from kembar.graph.validation import Report
    from kembar.graph.validation.submission import Submission

__all__ = ["main"]

QUERY_FORMATS = ["table", "json", "csv", "tsv", "xml", "turtle", "ntriples", "jsonld"]
EXPORT_FORMATS = {
    "ttl": "turtle",
    "nt": "ntriples",
    "nq": "nquads",
    "trig": "trig",
    "jsonld": "jsonld",
}


VALIDATE_FORMATS = ["text", "json", "turtle"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"kembar: {message}\n")


def _store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        help="folder of a persistent store (default: $KEMBAR_STORE, else the embedded graph)",
    )


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kembar", description="The Kembar knowledge graph of sister cities.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("stats", help="counts: triples per graph, agreements, regions, rules")
    p.add_argument("--law", action="store_true",
                   help="per legal instrument: provisions listed, checked by rules, not machine-checkable")  # fmt: skip
    p.add_argument(
        "--links",
        action="store_true",
        help="links out per level: Wikidata, GeoNames, Home Affairs codes",
    )
    _store_option(p)

    p = sub.add_parser("data", help="the editors' checks of the fact table")
    checks = p.add_subparsers(dest="check", required=True, metavar="CHECK")
    c = checks.add_parser(
        "check",
        help="per province: ties, weak ones, undated signed ones, open leads, last searched",
    )
    c.add_argument("--format", default="text", choices=("text", "md", "json"))
    c.add_argument("--lang", default="en", choices=("en", "id"), help="language of the headers")

    p = sub.add_parser("query", help="run a SPARQL query")
    p.add_argument("sparql", nargs="?", help="the query text")
    p.add_argument("-f", "--file", type=Path, help="read the query from a file")
    p.add_argument("--format", default="table", help=f"one of {', '.join(QUERY_FORMATS)}")
    _store_option(p)

    p = sub.add_parser(
        "export",
        help="write the dataset or one graph; or QuickStatements for Wikidata",
        description="`kembar export` writes RDF; `kembar export quickstatements --snapshot DIR` "
        "writes the P190 statements Kembar's sources support and Wikidata's snapshot lacks.",
    )
    p.add_argument("what", nargs="?", default="rdf", choices=("rdf", "quickstatements"))
    p.add_argument("--format", default="ttl", help=f"one of {', '.join(EXPORT_FORMATS)}")
    p.add_argument("--graph", help="a named graph: ontology, data, shapes or import/NAME")
    p.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    p.add_argument(
        "--snapshot",
        type=Path,
        help="quickstatements: the folder of Wikidata's P190 snapshot (../shared/data/wikidata)",
    )
    p.add_argument(
        "--report",
        type=Path,
        help="quickstatements: write the snapshot's statements Kembar refutes (TSV)",
    )
    _store_option(p)

    p = sub.add_parser(
        "release",
        help="one version of the dataset: dumps, tidy tables (a Frictionless Data Package), "
        "codebook, checksums, changes",
    )
    p.add_argument("output", type=Path, nargs="?", help="the new folder to write")
    p.add_argument("--previous", type=Path, help="the previous release, for the changelog")
    p.add_argument("--codebook", type=Path, help="(only) write the codebook to this file")
    _store_option(p)

    p = sub.add_parser("import", help="import data into the store")
    kinds = p.add_subparsers(dest="kind", required=True, parser_class=_Parser)
    c = kinds.add_parser("csv", help="twinning pairs: city1,country1,lat1,lng1,city2,...")
    c.add_argument("file", type=Path)
    c.add_argument("--graph", default="wikipedia", help="name of the import graph")
    c.add_argument(
        "--strict",
        action="store_true",
        help="import nothing if any row is malformed (default: set such rows aside)",
    )
    c.add_argument("--lang", default="en", help="language of the names in the file (default en)")
    _store_option(c)
    w = kinds.add_parser(
        "wikidata", help="P190 twinning as SPARQL JSON results of the README's query"
    )
    w.add_argument("file", type=Path)
    w.add_argument("--graph", default="wikidata", help="name of the import graph")
    _store_option(w)

    p = sub.add_parser(
        "validate",
        help="check agreements against the law in force on their date (rules R01-R55)",
        description="Exit 0: every report conforms; 1: some Violation; 2: bad input.",
    )
    p.add_argument("files", nargs="*", type=Path, help="submissions (.json, .jsonld or .ttl)")
    p.add_argument(
        "--agreement",
        action="append",
        default=[],
        metavar="SLUG|IRI",
        help="audit an agreement already in the store (repeatable)",
    )
    p.add_argument("--all", action="store_true", help="audit every curated agreement")
    p.add_argument("--format", default="text", help=f"one of {', '.join(VALIDATE_FORMATS)}")
    p.add_argument("--lang", default="en", help="language of the text report: en or id")
    _store_option(p)

    p = sub.add_parser(
        "assess",
        help="add an effectiveness assessment of an agreement (JSON), after validation",
        description="Exit 0: added (or, with --dry-run, valid); 2: bad input or no store.",
    )
    p.add_argument("file", type=Path, help="the assessment as JSON (see the README)")
    p.add_argument("--dry-run", action="store_true", help="check it and print its Turtle only")
    _store_option(p)

    p = sub.add_parser(
        "report",
        help="a report with charts (HTML or Markdown) and the networks as GraphML, GEXF, CSV",
    )
    p.add_argument("-o", "--output", type=Path, required=True, help="folder to write into")
    p.add_argument("--format", default="html", choices=("html", "md"))
    _store_option(p)

    p = sub.add_parser(
        "claims",
        help="the paper's claims tested on the data: the SPARQL, the answer, a verdict",
    )
    p.add_argument("--format", default="text", choices=("text", "json", "md"))
    p.add_argument("--lang", default="en", choices=("en", "id"), help="language of the claims")
    p.add_argument(
        "--include-weak",
        action="store_true",
        help="count weakly sourced ties too (one news item, blog or list alone)",
    )
    _store_option(p)

    p = sub.add_parser("serve", help="serve the graph over HTTP")
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.add_argument(
        "--workers", type=int, default=None,
        help="SPARQL worker processes, how many queries run at once (default: $KEMBAR_QUERY_WORKERS, 2)",
    )  # fmt: skip
    _store_option(p)
    return parser


def _open_store(args: argparse.Namespace) -> KembarStore:
    from kembar.api.settings import Settings, open_store

    settings = Settings()
    store = open_store(settings, args.store)
    store.validation_engine = settings.validation_engine
    return store


def _cmd_stats(args: argparse.Namespace) -> int:
    from kembar.graph.store.stats import stats

    started = time.perf_counter()
    if args.law:
        _print_law_coverage(_open_store(args))
        print(f"({time.perf_counter() - started:.2f} s)", file=sys.stderr)
        return 0
    if args.links:
        _print_link_coverage(_open_store(args))
        return 0
    result = stats(_open_store(args))
    for line in result.lines():
        print(line)
    print(f"({time.perf_counter() - started:.2f} s)", file=sys.stderr)
    return 0


def _print_link_coverage(store: KembarStore) -> None:
    from kembar.graph.store.stats import link_coverage

    print(f"{'level':<16} {'total':>6} {'Wikidata':>9} {'GeoNames':>9} {'kode wilayah':>13}")
    for level, n in sorted(link_coverage(store).items()):
        print(f"{level:<16} {n['total']:>6} {n['wikidata']:>9} {n['geonames']:>9} "
              f"{n['home_affairs_code']:>13}")  # fmt: skip


def _cmd_release(args: argparse.Namespace) -> int:
    from kembar.graph.release.package import codebook, write_release

    if args.codebook is not None:
        try:
            args.codebook.write_text(codebook(), encoding="utf-8")
        except OSError as exc:
            raise ClientError(f"cannot write {args.codebook}: {exc.strerror}") from None
        print(f"wrote {args.codebook}")
        if args.output is None:
            return 0
    if args.output is None:
        raise ClientError("give the folder to write the release into (or --codebook FILE)")
    started = time.perf_counter()
    show = partial(print, file=sys.stderr) if sys.stderr.isatty() else None
    release = write_release(_open_store(args), args.output, previous=args.previous, progress=show)
    total = sum(release.sizes.values())
    print(f"wrote release {release.version} into {args.output}: {len(release.sizes)} files, "
          f"{total / 1e6:.1f} MB, in {time.perf_counter() - started:.1f} s")  # fmt: skip
    for name, rows in release.rows.items():
        print(f"  tables/{name}.csv  {rows} rows")
    changes = release.changes
    if changes["previous"]:
        print(f"since {changes['previous']}: {len(changes['added'])} ties added, "
              f"{len(changes['removed'])} removed, {len(changes['changed'])} changed")  # fmt: skip
    return 0


def _print_law_coverage(store: object) -> None:
    """The provision tables of the law: per instrument, what Kembar's rules check."""
    from kembar.graph.linkeddata.law import coverage, unbased_rules

    rows = coverage(store)  # type: ignore[arg-type]
    width = max(len(r["label"]) for r in rows)
    print(f"{'instrument':<{width}}  listed  checked  not checkable  unexplained")
    for r in rows:
        rest = r["listed"] - r["checked"] - r["not_checkable"]
        print(
            f"{r['label']:<{width}}  {r['listed']:>6}  {r['checked']:>7}  {r['not_checkable']:>13}  {rest:>11}"
        )
    total = {k: sum(r[k] for r in rows) for k in ("listed", "checked", "not_checkable")}
    print(
        f"{'all':<{width}}  {total['listed']:>6}  {total['checked']:>7}  {total['not_checkable']:>13}"
    )
    missing = unbased_rules(store)  # type: ignore[arg-type]
    print(f"rules without a provision: {', '.join(f'{r} ({b})' for r, b in missing) or 'none'}")


def _cmd_assess(args: argparse.Namespace) -> int:
    from kembar.api.settings import Settings
    from kembar.graph.analytics.assessment import add, parse_assessment

    path = args.store or Settings().store
    if path is None and not args.dry_run:
        raise ClientError(
            "no store to add the assessment to: give --store DIR or set KEMBAR_STORE "
            "(--dry-run only checks it)"
        )
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise ClientError(f"cannot read {args.file}: {exc.strerror}") from None
    store = _open_store(args)
    assessment = parse_assessment(data, str(args.file), store)
    if args.dry_run:
        print(assessment.graph.serialize(format="turtle"))
        return 0
    added = add(store, assessment)
    print(f"added {assessment.node} ({added} triples) to {path}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from kembar.graph.analytics.report import write_report

    if args.output.exists() and not args.output.is_dir():
        raise ClientError(f"--output {args.output} is a file, not a folder")
    store = _open_store(args)
    started = time.perf_counter()
    try:
        written = write_report(store, args.output, args.format, progress=sys.stderr.isatty())
    except OSError as exc:
        raise ClientError(f"cannot write the report into {args.output}: {exc.strerror}") from None
    print(
        f"wrote {written[0]} and {len(written) - 1} more files in {time.perf_counter() - started:.1f} s"
    )
    return 0


def _cmd_data(args: argparse.Namespace) -> int:
    from kembar.graph.ingest.coverage import coverage, render

    print(render(coverage(), args.format, args.lang))
    return 0


def _cmd_claims(args: argparse.Namespace) -> int:
    from kembar.graph.analytics.claims import check, render

    print(render(check(_open_store(args), include_weak=args.include_weak), args.format, args.lang))
    return 0


def _cmd_query(args: argparse.Namespace) -> int:
    from kembar.api.settings import Settings
    from kembar.graph.analytics.network import register_functions
    from kembar.graph.sparql.render import render

    if (args.sparql is None) == (args.file is None):
        raise ClientError("give the query either as an argument or with -f FILE, not both")
    if args.file is not None:
        try:
            text = args.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ClientError(f"cannot read {args.file}: {exc}") from None
    else:
        text = args.sparql
    if args.format not in QUERY_FORMATS:
        raise ClientError(
            f"unknown format {args.format!r}; choose one of {', '.join(QUERY_FORMATS)}"
        )
    store = _open_store(args)
    if not store.is_remote:
        register_functions(store)
    sys.stdout.buffer.write(
        render(store, text, args.format, allow_service=Settings().allow_service)
    )
    sys.stdout.flush()
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from kembar.graph.store import graph_format

    if args.what == "quickstatements":
        return _export_quickstatements(args)
    if args.format not in EXPORT_FORMATS:
        raise ClientError(
            f"unknown format {args.format!r}; choose one of {', '.join(EXPORT_FORMATS)}"
        )
    fmt = graph_format(EXPORT_FORMATS[args.format])
    store = _open_store(args)
    if args.graph is not None:
        names = {c.graph.rsplit("/graph/", 1)[1] for c in store.graph_counts()}
        if args.graph not in names:
            raise ClientError(f"no graph {args.graph!r}; the store has {', '.join(sorted(names))}")
    if args.output is None:
        store.dump(sys.stdout.buffer, fmt, args.graph)
        return 0
    tmp = args.output.with_name(args.output.name + ".part")
    try:
        with tmp.open("wb") as out:
            store.dump(out, fmt, args.graph)
        tmp.replace(args.output)  # no half-written file under the final name
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ClientError(f"cannot write {args.output}: {exc}") from None
    return 0


def _export_quickstatements(args: argparse.Namespace) -> int:
    from kembar.graph.release.quickstatements import quickstatements

    if args.snapshot is None:
        raise ClientError("quickstatements: give --snapshot DIR, the folder of Wikidata's P190 "
                          "snapshot (../shared/data/wikidata)")  # fmt: skip
    found = quickstatements(_open_store(args), args.snapshot)
    text = "".join(line + "\n" for line in found.lines)
    report = "tie\tlabel\tsnapshot statements\trefuted because\n" + "".join(
        f"{r['tie']}\t{r['label']}\t{r['statements']}\t{r['because']}\n" for r in found.contradicted
    )
    try:
        if args.output is None:
            sys.stdout.write(text)
        else:
            args.output.write_text(text, encoding="utf-8")
        if args.report is not None:
            args.report.write_text(report, encoding="utf-8")
    except OSError as exc:
        raise ClientError(f"cannot write: {exc}") from None
    print(f"{len(found.lines)} statements for {len(found.ties)} ties ({found.eligible} ties "
          f"eligible: confirmed, signed, twinning, both items known); {len(found.contradicted)} "
          "snapshot statements contradicted by refuted ties", file=sys.stderr)  # fmt: skip
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from kembar.graph.ingest.csv_import import import_csv

    store = _open_store(args)
    if args.kind == "wikidata":
        return _import_wikidata(store, args)
    progress = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        def progress(rows):  # type: ignore[no-untyped-def]
            return tqdm(rows, desc="rows", unit="row", file=sys.stderr)

    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*", args.lang):
        raise ClientError(f"--lang {args.lang!r} is not a language tag such as en or id")
    report = import_csv(store, args.file, args.graph, progress=progress, strict=args.strict,
                        language=args.lang)  # fmt: skip
    buckets = ", ".join(f"{name} {n}" for name, n in report.buckets.items())
    print(
        f"imported {args.file} into graph import/{args.graph} in {report.seconds:.1f} s\n"
        f"  rows {report.rows} = {buckets}\n"
        f"  distinct pairs {report.pairs}\n"
        f"  places {report.places} (matched to existing {report.places_matched}, "
        f"created {report.places_created}); same-name places merged by distance "
        f"{report.merged_by_distance}, merged as the only candidate {report.merged_sole_candidate}, "
        f"kept apart for want of coordinates {report.kept_apart_ambiguous}\n"
        f"  countries {report.countries} (created {report.countries_created})\n"
        f"  rows repaired (country inside the city cell) {report.repaired_rows}, "
        f"unresolved country names {sum(report.unresolved_countries.values())}"
        + "".join(
            f"\n    {name!r}: {n} rows skipped" for name, n in report.unresolved_countries.items()
        )
        + "".join(f"\n  set aside, line {line}: {why}" for line, why in report.set_aside)
        + f"\n  triples written {report.triples}"
    )
    if report.set_aside:  # exit 1: imported, but not every row
        print(f"kembar: {len(report.set_aside)} rows set aside (listed above)", file=sys.stderr)
        return 1
    return 0


def _import_wikidata(store: KembarStore, args: argparse.Namespace) -> int:
    from kembar.graph.ingest.wikidata import import_wikidata

    report = import_wikidata(store, args.file, args.graph)
    print(
        f"imported {args.file} into graph import/{args.graph} in {report.seconds:.1f} s\n"
        f"  statements {report.statements}, distinct pairs {report.pairs}, already in the store "
        f"{report.already_known}, agreements added {report.agreements_added}\n"
        f"  places {report.places}: matched by QID {report.matched_by_qid}, by name, country "
        f"and distance {report.matched_by_name}, created {report.created}; countries created "
        f"{report.countries_created}\n"
        f"  ambiguous places {len(report.ambiguous)} (not guessed; {report.skipped_ambiguous} "
        f"statements left out)"
        + "".join(f"\n    {place}: {' | '.join(c)}" for place, c in report.ambiguous.items())
        + f"\n  triples written {report.triples}"
    )
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    import json

    from kembar.graph.validation import Validator
    from kembar.graph.validation.audit import curated_agreements, submission_of

    if args.format not in VALIDATE_FORMATS:
        raise ClientError(
            f"unknown format {args.format!r}; choose one of {', '.join(VALIDATE_FORMATS)}"
        )
    if args.lang not in ("en", "id"):
        raise ClientError(f"unknown language {args.lang!r}; choose en or id")
    if not (args.files or args.agreement or args.all):
        raise ClientError("name submission files, --agreement SLUG or --all")
    store = _open_store(args)
    validator = Validator(store)
    worst = 0
    reports: list[Report] = []

    def judge(load: Callable[[], Submission]) -> None:
        nonlocal worst
        try:
            report = validator.validate(load(), graph=args.format == "turtle")
        except KembarError as exc:
            print(f"kembar: {exc}", file=sys.stderr)
            worst = 2
            return
        reports.append(report)
        worst = max(worst, 0 if report.conforms else 1)

    for path in args.files:
        judge(partial(_parse_file, path))
    targets = list(args.agreement) + (curated_agreements(store) if args.all else [])
    for target in targets:
        judge(partial(submission_of, store, target))
    if args.format == "json":
        documents = [
            r.as_json() | ({"source": r.source} if len(reports) > 1 else {}) for r in reports
        ]
        single = len(reports) == 1 and not args.all
        print(json.dumps(documents[0] if single else documents, ensure_ascii=False, indent=2))
    elif args.format == "turtle":
        for report in reports:
            print(f"# {report.source}\n{report.as_turtle()}")
    else:
        print("\n\n".join(r.as_text(args.lang) for r in reports))
        if len(reports) > 1:
            print("\n" + _summary(reports, args.lang))
    return worst


def _summary(reports: Sequence[Report], lang: str) -> str:
    """How many conform, and the rules most often broken, counted in agreements."""
    from collections import Counter

    conforming = sum(r.conforms for r in reports)
    lines = [
        f"{conforming} of {len(reports)} conform"
        if lang == "en"
        else f"{conforming} dari {len(reports)} sesuai"
    ]
    for severity in ("Violation", "Warning"):
        hits = Counter(
            rule for r in reports for rule in {f.rule for f in r.results if f.severity == severity}
        )
        if hits:
            ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:6]  # ties by rule ID
            listing = ", ".join(f"{rule} ({n})" for rule, n in ranked)
            lines.append(f"  {severity}: {listing}")
    return "\n".join(lines)


def _parse_file(path: Path) -> Submission:
    from kembar.graph.validation.submission import parse_submission

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ClientError(f"cannot read {path}: {exc.strerror}") from None
    return parse_submission(data, str(path))


def _cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn
    from kembar.api.main import create_app
    from kembar.api.protocol import protocol
    from kembar.api.settings import Settings

    given = (("store", args.store), ("host", args.host), ("port", args.port),
             ("query_workers", args.workers))  # fmt: skip
    overrides = {k: v for k, v in given if v}
    if args.workers is not None and args.workers < 1:
        raise ClientError("--workers must be at least 1")
    settings = Settings(**overrides)
    if settings.store is not None:
        from kembar.graph.store import KembarStore

        KembarStore(settings.store, load_embedded=False)  # fail early, with exit 2, if unusable
    if settings.sandbox and not settings.allow_service and not settings.sparql_endpoint:
        from kembar.graph.runtime import sandbox_available as available

        if not available():
            raise ClientError(
                "the query sandbox needs Linux with libseccomp (Debian: libseccomp2); without "
                "it, set KEMBAR_SANDBOX=false to serve queries that could reach the network"
            )
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info",
                access_log=settings.access_log, limit_concurrency=settings.max_connections,
                timeout_keep_alive=max(1, int(settings.header_timeout)),
                http=protocol(header_timeout=settings.header_timeout,
                              body_timeout=settings.body_timeout,
                              max_header_bytes=settings.max_header_bytes,
                              per_client=settings.connections_per_client,
                              trusted=settings.trusted_proxies),
                timeout_graceful_shutdown=max(1, int(settings.shutdown_timeout)))  # fmt: skip
    return 0


COMMANDS = {
    "stats": _cmd_stats,
    "data": _cmd_data,
    "query": _cmd_query,
    "export": _cmd_export,
    "import": _cmd_import,
    "serve": _cmd_serve,
    "validate": _cmd_validate,
    "claims": _cmd_claims,
    "assess": _cmd_assess,
    "report": _cmd_report,
    "release": _cmd_release,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return its exit code."""
    args = _build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KembarError as exc:
        print(f"kembar: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
