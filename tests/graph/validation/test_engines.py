"""The two SHACL engines give the same verdicts: pyshacl-turbo (the fast path, the default)
against pySHACL (the reference), result by result — rule, severity, focus node, path and
value of every SHACL result, and the findings of the report — on every case of the rule
tests, and on every second stored agreement (what ``kembar validate --all`` judges; half of
them keep ``make test`` within its ten minutes, the rule cases cover every rule).

pyshacl-turbo 0.6.5 reads ``a - b + c`` as ``a - (b + c)``; the one shape that wrote such a
sum (R27) now puts its subtraction last, and this test is what found it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from kembar.graph.errors import ClientError
from kembar.graph.store import KembarStore
from kembar.graph.validation import Report, Validator, rulebook, turbo
from kembar.graph.validation.audit import curated_agreements, submission_of
from kembar.graph.validation.submission import Submission, parse_submission
from rdflib import RDF, SH, BNode, Graph
from rdflib.collection import Collection

from tests.graph.validation.test_validator import BASE, CASES, shifted

pytestmark = pytest.mark.slow

Result = tuple[str, str, str, str, str]


def results(report: Report) -> list[Result]:
    """(rule, severity, focus, path, value) of every SHACL result of *report*, sorted."""
    graph = Graph().parse(data=report.shacl, format="nt")
    book = rulebook()
    found = []
    for result in graph.subjects(RDF.type, SH.ValidationResult):
        shape = graph.value(result, SH.sourceShape)
        try:  # a blank property shape is found through its parent, by its label
            rule = book.rule_of(shape).rule_id
        except LookupError:
            rule = "(shape of the submission form)"
        found.append(
            (
                rule,
                str(graph.value(result, SH.resultSeverity)),
                str(graph.value(result, SH.focusNode)),
                _path(graph, graph.value(result, SH.resultPath)),
                str(graph.value(result, SH.value)),
            )
        )
    return sorted(found)


def _path(graph: Graph, node: object) -> str:
    """A result path as text: an IRI, a sequence of them, or an inverse (blank nodes vary)."""
    if isinstance(node, BNode):
        if (node, RDF.first, None) in graph:
            return "(" + " / ".join(_path(graph, n) for n in Collection(graph, node)) + ")"
        inverse = graph.value(node, SH.inversePath)
        return f"^{_path(graph, inverse)}" if inverse is not None else "(path)"
    return str(node)


@pytest.fixture(scope="module")
def engines(store: KembarStore) -> Iterator[tuple[Validator, Validator]]:
    yield Validator(store, engine="turbo"), Validator(store, engine="pyshacl")


def _same(engines: tuple[Validator, Validator], make: object) -> None:
    fast, reference = engines
    a, b = fast.validate(make()), reference.validate(make())  # type: ignore[operator]
    assert [f.as_json() for f in a.results] == [f.as_json() for f in b.results]
    assert (a.regime, a.conforms) == (b.regime, b.conforms)
    assert results(a) == results(b)
    # without its report graph, the fast path reads the engine's native report instead
    c = fast.validate(make(), graph=False)  # type: ignore[operator]
    assert c.shacl is None
    assert [f.as_json() for f in c.results] == [f.as_json() for f in b.results]
    assert (c.regime, c.conforms) == (b.regime, b.conforms)


def test_the_fast_path_reads_the_native_report() -> None:
    """The pinned pyshacl-turbo offers what kembar.graph.validation.turbo uses (else every
    JSON answer would quietly take the slower public call)."""
    assert turbo.available(rulebook().compiled) and rulebook().native_report


def _doc(doc: dict[str, object]) -> Submission:
    return parse_submission(json.dumps(doc).encode(), "case.json")


@pytest.mark.parametrize(
    ("rule", "mutate", "years"),
    [(rule, mutate, years) for rule, _, mutate, years in CASES] + [("base", None, 0),
     ("base", None, -11), ("base", None, -26)],
    ids=lambda v: v if isinstance(v, str) else "",
)  # fmt: skip
def test_the_engines_agree_on_every_rule_case(
    engines: tuple[Validator, Validator], rule: str, mutate: object, years: int
) -> None:
    doc = shifted(BASE, years)
    _same(engines, lambda: _doc(mutate(doc) if mutate else doc))  # type: ignore[operator]


def test_the_engines_agree_on_the_stored_agreements(
    store: KembarStore, engines: tuple[Validator, Validator]
) -> None:
    judged = 0
    for slug in curated_agreements(store)[::2]:
        try:
            submission_of(store, slug)
        except ClientError:  # not an agreement with two parties: validate --all skips it too
            judged -= 1
        else:
            _same(engines, lambda slug=slug: submission_of(store, slug))
        judged += 1
    assert judged >= 150
