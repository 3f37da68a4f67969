"""A second SHACL engine of another maker: Apache Jena's, run over the same data graphs with
the same shapes as pySHACL, must find the same results — conformance, and the set of
(rule, focus node, path) — on every case of the rule tests and on every stored agreement;
and Kembar's shapes pass the SHACL-SHACL meta-validation in Jena too.

Jena's jars come from Maven Central through ``tests/jena/pom.xml`` (``make jena`` puts them
in ``build/jena/lib``; ``KEMBAR_JENA_CLASSPATH`` may name others). Without them the tests
are skipped, saying so: on 2026-11-30 this machine could not reach Maven Central, and
Debian's ``libapache-jena-java`` 4.5.0 fails at start (its relocated Xerces classes miss
their resources), so these tests have not run yet. The runner ``tests/jena/ShaclRun.java``
is compiled with ``javac`` here and validates every case in one JVM. Each case is validated with the shapes that apply on its date (the others keep no
target), its property shapes named by IRIs so that Jena's results can be traced back to
their rules.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from kembar.graph.errors import ClientError
from kembar.graph.store import KembarStore
from kembar.graph.validation import Validator, rulebook
from kembar.graph.validation.audit import curated_agreements, submission_of
from kembar.graph.validation.submission import Submission, parse_submission
from rdflib import RDF, SH, BNode, Graph, URIRef
from rdflib.collection import Collection

from tests.graph.validation.test_validator import BASE, CASES, shifted

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
LIB = ROOT / "build" / "jena" / "lib"
CLASSPATH = os.environ.get("KEMBAR_JENA_CLASSPATH") or (f"{LIB}/*" if LIB.is_dir() else "")
RUNNER = ROOT / "tests" / "jena" / "ShaclRun.java"
NAMED = "urn:kembar:test:shape:"  # property shapes named for the run
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)

Finding = tuple[str, str, tuple[str, ...]]


@pytest.fixture(scope="module")
def jena(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The compiled runner's folder (skipped, saying why, without Java or Jena)."""
    if not shutil.which("javac") or not CLASSPATH:
        pytest.skip("needs javac and Jena's jars: run `make jena` (Maven Central)")
    classes = tmp_path_factory.mktemp("jena")
    subprocess.run(["javac", "-cp", CLASSPATH, "-d", str(classes), str(RUNNER)], check=True)
    return classes


def _named(book_shapes: Graph) -> Graph:
    """The shapes with every property shape (a blank node) named by an IRI."""
    names = {o: URIRef(NAMED + str(o)) for o in book_shapes.objects(None, SH.property)
             if isinstance(o, BNode)}  # fmt: skip
    named = Graph()
    for s, p, o in book_shapes:
        named.add((names.get(s, s), p, names.get(o, o)))
    return named


def _subset(named: Graph, active: list[URIRef]) -> Graph:
    """*named* with targets kept only on the shapes in *active*."""
    keep = set(active)
    subset = Graph()
    for s, p, o in named:
        if p in TARGETS and s not in keep:
            continue
        subset.add((s, p, o))
    return subset


def _rule(shape: str) -> str:
    book = rulebook()
    node = BNode(shape[len(NAMED) :]) if shape.startswith(NAMED) else URIRef(shape)
    try:
        return book.rule_of(node).rule_id
    except LookupError:
        return "(form)"


def _rdflib_path(graph: Graph, node: object) -> tuple[str, ...]:
    if node is None:
        return ()
    if isinstance(node, BNode):
        if (node, RDF.first, None) in graph:
            return tuple(i for n in Collection(graph, node) for i in _rdflib_path(graph, n))
        inverse = graph.value(node, SH.inversePath)
        return tuple("^" + i for i in _rdflib_path(graph, inverse))
    return (str(node),)


def _jena_path(text: str) -> tuple[str, ...]:
    return tuple(("^" if hat else "") + iri for hat, iri in re.findall(r"(\^?)<([^>]+)>", text))


class Cases:
    """Data graphs and shapes written for the runner, and pySHACL's findings on them."""

    def __init__(self, folder: Path, validator: Validator) -> None:
        self.folder, self.validator = folder, validator
        self.named = _named(rulebook().shapes)
        self.shape_files: dict[tuple[str, ...], Path] = {}
        self.manifest: list[str] = []
        self.expected: dict[str, tuple[bool, set[Finding]]] = {}

    def add(self, case: str, submission: Submission) -> None:
        data, shapes, _, _ = self.validator.prepare(submission)
        key = tuple(sorted(str(s) for s in shapes))
        if key not in self.shape_files:
            path = self.folder / f"shapes-{len(self.shape_files)}.ttl"
            _subset(self.named, list(shapes)).serialize(path, format="turtle")
            self.shape_files[key] = path
        data_file = self.folder / f"{case}.nt"
        data.serialize(data_file, format="nt", encoding="utf-8")
        self.manifest.append(f"{case}\t{self.shape_files[key]}\t{data_file}")
        report = self.validator._run(data, shapes)  # pySHACL, the reference
        findings = {
            (
                _rule(str(report.value(r, SH.sourceShape))),
                str(report.value(r, SH.focusNode)),
                _rdflib_path(report, report.value(r, SH.resultPath)),
            )
            for r in report.subjects(RDF.type, SH.ValidationResult)
        }
        conforms = not any(True for _ in report.subjects(RDF.type, SH.ValidationResult)
                           if report.value(_, SH.resultSeverity) == SH.Violation)  # fmt: skip
        self.expected[case] = (conforms, findings)

    def run(self, classes: Path) -> dict[str, tuple[bool, set[Finding]]]:
        manifest = self.folder / "manifest.tsv"
        manifest.write_text("\n".join(self.manifest) + "\n", encoding="utf-8")
        output = self.folder / "jena.tsv"
        subprocess.run(["java", "-cp", f"{CLASSPATH}:{classes}", "ShaclRun", str(manifest),
                        str(output)], check=True, timeout=600)  # fmt: skip
        found: dict[str, tuple[bool, set[Finding]]] = {}
        violations: dict[str, bool] = {}
        for line in output.read_text(encoding="utf-8").splitlines():
            case, *fields = line.split("\t")
            found.setdefault(case, (True, set()))
            if fields[0] == "conforms":
                continue
            severity, focus, path, shape, _value = fields
            found[case][1].add((_rule(shape), focus, _jena_path(path)))
            violations[case] = violations.get(case, False) or severity == str(SH.Violation)
        return {case: (not violations.get(case, False), f) for case, (_, f) in found.items()}


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory, store: KembarStore) -> Iterator[Cases]:
    yield Cases(tmp_path_factory.mktemp("cases"), Validator(store, engine="pyshacl"))


def test_jena_finds_what_pyshacl_finds(jena: Path, cases: Cases, store: KembarStore) -> None:
    for n, (rule, _, mutate, years) in enumerate(CASES):
        doc = mutate(shifted(BASE, years))
        cases.add(f"rule-{n}-{rule}", parse_submission(json.dumps(doc).encode(), "c.json"))
    for years in (0, -11, -26):
        cases.add(
            f"base{years}", parse_submission(json.dumps(shifted(BASE, years)).encode(), "b.json")
        )
    for slug in curated_agreements(store):
        try:
            submission = submission_of(store, slug)
        except ClientError:
            continue
        cases.add(f"stored-{slug.rsplit('/', 1)[-1]}", submission)
    jena_found = cases.run(jena)
    assert len(jena_found) == len(cases.expected) >= 380
    differ = {
        case: (expected, jena_found[case])
        for case, expected in cases.expected.items()
        if jena_found[case] != expected
    }
    assert differ == {}, list(differ.items())[:3]


def test_the_shapes_pass_shacl_shacl_in_jena(jena: Path, tmp_path: Path) -> None:
    import pyshacl

    meta = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"
    shapes = tmp_path / "shapes.ttl"
    rulebook().shapes.serialize(shapes, format="turtle")
    manifest, output = tmp_path / "manifest.tsv", tmp_path / "out.tsv"
    manifest.write_text(f"meta\t{meta}\t{shapes}\n", encoding="utf-8")
    subprocess.run(["java", "-cp", f"{CLASSPATH}:{jena}", "ShaclRun", str(manifest), str(output)],
                   check=True, timeout=300)  # fmt: skip
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines == ["meta\tconforms\ttrue"], lines[:5]
