"""A second SHACL engine of another maker: Apache Jena's, run over the same data graphs with
the same shapes as pySHACL, must find the same results — conformance, and the set of
(rule, focus node, path) — on every case of the rule tests and on every second stored
agreement (the half ``test_engines`` judges: all of them would keep ``make test`` past
ten minutes; all 383 data graphs agreed when run on 2026-11-30);
and Kembar's shapes pass the SHACL-SHACL meta-validation in Jena too.

Jena comes from Debian (``libapache-jena-java``, Jena 4.5.0 with ``jena-shacl``; ``.ci/run``
installs it), since Maven Central is not a registry this project installs from.
``KEMBAR_JENA_CLASSPATH`` may name other jars (Jena 5 from Maven, say). Debian's build moved
Jena's private copy of Xerces to the package ``xerces`` but left its message bundles under
``org/apache/jena/ext/xerces``, so Jena stops at start with "internal error"; the fixture
copies those bundles to where the classes look for them, in a folder put on the class path.
Without Java or Jena the tests are skipped, saying so. The runner ``tests/jena/ShaclRun.java``
is compiled with ``javac`` here and validates every case in one JVM. Each case is validated
with the shapes that apply on its date (the others keep no target), its property shapes
named by IRIs so that Jena's results can be traced back to their rules.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
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
from rdflib.term import Node

from tests.graph.validation.test_validator import BASE, CASES, shifted

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
RUNNER = ROOT / "tests" / "jena" / "ShaclRun.java"
DEBIAN = Path("/usr/share/java")
# libapache-jena-java's jars and those of the packages it depends on
DEBIAN_JARS = (
    "jena-base", "jena-core", "jena-iri", "jena-arq", "jena-shacl", "commons-cli",
    "commons-codec", "commons-compress", "commons-csv", "commons-io", "commons-lang3",
    "dexx.collection", "gson", "guava", "httpclient", "httpcore", "jackson-core",
    "jackson-databind", "jackson-annotations", "jsonld-java", "jakarta.json-api", "protobuf",
    "slf4j-api", "slf4j-nop", "thrift", "titanium-json-ld",
)  # fmt: skip
MOVED = "org/apache/jena/ext/xerces/"  # where Debian's Jena keeps Xerces' message bundles
NAMED = "urn:kembar:test:shape:"  # property shapes named for the run
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)

Finding = tuple[str, str, tuple[str, ...]]


def _debian_classpath(folder: Path) -> str:
    """Debian's Jena jars, with its Xerces message bundles copied to the classes' package."""
    jars = [DEBIAN / f"{name}.jar" for name in DEBIAN_JARS if (DEBIAN / f"{name}.jar").exists()]
    with zipfile.ZipFile(DEBIAN / "jena-core.jar") as core:
        for name in core.namelist():
            if name.startswith(MOVED) and name.endswith(".properties"):
                target = folder / "xerces" / name[len(MOVED) :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(core.read(name))
    return os.pathsep.join([str(folder), *map(str, jars)])


@pytest.fixture(scope="module")
def jena(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The class path of Jena and the compiled runner (skipped, saying why, without them)."""
    if not shutil.which("javac"):
        pytest.skip("needs a Java compiler (javac)")
    classes = tmp_path_factory.mktemp("jena")
    if os.environ.get("KEMBAR_JENA_CLASSPATH"):
        jars = os.environ["KEMBAR_JENA_CLASSPATH"]
    elif (DEBIAN / "jena-shacl.jar").exists():
        jars = _debian_classpath(classes)
    else:
        pytest.skip("needs Apache Jena: apt-get install libapache-jena-java")
    subprocess.run(["javac", "-cp", jars, "-d", str(classes), str(RUNNER)], check=True)
    return os.pathsep.join([jars, str(classes)])


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


def _rule(shape: Node | None) -> str:
    """The rule a result's source shape enforces; a shape named for Jena is read back first."""
    if isinstance(shape, URIRef) and shape.startswith(NAMED):
        shape = BNode(shape[len(NAMED) :])
    try:
        return rulebook().rule_of(shape).rule_id if shape is not None else "(none)"
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
                _rule(report.value(r, SH.sourceShape)),
                str(report.value(r, SH.focusNode)),
                _rdflib_path(report, report.value(r, SH.resultPath)),
            )
            for r in report.subjects(RDF.type, SH.ValidationResult)
        }
        conforms = not any(True for _ in report.subjects(RDF.type, SH.ValidationResult)
                           if report.value(_, SH.resultSeverity) == SH.Violation)  # fmt: skip
        self.expected[case] = (conforms, findings)

    def run(self, classpath: str) -> dict[str, tuple[bool, set[Finding]]]:
        manifest = self.folder / "manifest.tsv"
        manifest.write_text("\n".join(self.manifest) + "\n", encoding="utf-8")
        output = self.folder / "jena.tsv"
        subprocess.run(["java", "-cp", classpath, "ShaclRun", str(manifest), str(output)],
                       check=True, timeout=600)  # fmt: skip
        found: dict[str, tuple[bool, set[Finding]]] = {}
        violations: dict[str, bool] = {}
        for line in output.read_text(encoding="utf-8").splitlines():
            case, *fields = line.split("\t")
            found.setdefault(case, (True, set()))
            if fields[0] == "conforms":
                continue
            severity, focus, path, shape, _value = fields
            found[case][1].add((_rule(URIRef(shape)), focus, _jena_path(path)))
            violations[case] = violations.get(case, False) or severity == str(SH.Violation)
        return {case: (not violations.get(case, False), f) for case, (_, f) in found.items()}


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory, store: KembarStore) -> Iterator[Cases]:
    yield Cases(tmp_path_factory.mktemp("cases"), Validator(store, engine="pyshacl"))


def test_jena_finds_what_pyshacl_finds(jena: str, cases: Cases, store: KembarStore) -> None:
    for n, (rule, _, mutate, years) in enumerate(CASES):
        doc = mutate(shifted(BASE, years))
        cases.add(f"rule-{n}-{rule}", parse_submission(json.dumps(doc).encode(), "c.json"))
    for years in (0, -11, -26):
        cases.add(
            f"base{years}", parse_submission(json.dumps(shifted(BASE, years)).encode(), "b.json")
        )
    for slug in curated_agreements(store)[::2]:  # the half test_engines judges (time)
        try:
            submission = submission_of(store, slug)
        except ClientError:
            continue
        cases.add(f"stored-{slug.rsplit('/', 1)[-1]}", submission)
    jena_found = cases.run(jena)
    assert len(jena_found) == len(cases.expected) >= 230
    differ = {
        case: (expected, jena_found[case])
        for case, expected in cases.expected.items()
        if jena_found[case] != expected
    }
    assert differ == {}, list(differ.items())[:3]


def test_the_shapes_pass_shacl_shacl_in_jena(jena: str, tmp_path: Path) -> None:
    import pyshacl

    meta = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"
    shapes = tmp_path / "shapes.ttl"
    rulebook().shapes.serialize(shapes, format="turtle")
    manifest, output = tmp_path / "manifest.tsv", tmp_path / "out.tsv"
    manifest.write_text(f"meta\t{meta}\t{shapes}\n", encoding="utf-8")
    subprocess.run(["java", "-cp", jena, "ShaclRun", str(manifest), str(output)],
                   check=True, timeout=300)  # fmt: skip
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines == ["meta\tconforms\ttrue"], lines[:5]
