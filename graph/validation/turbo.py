"""pyshacl-turbo's validation results read from its native report, with no rdflib graph.

pyshacl-turbo decodes every report into an rdflib graph, description copies included. For
a JSON answer that graph is built only to be read back: on the world import it took a
third of the engine's time (3.3 of 9.7 ms per submission) and grows with the number of
results. :func:`results` asks the compiled shapes' native validator for the report's
terms and reads the fields Kembar's findings use straight from them.

pyshacl-turbo does not export what this needs: the native validator and blank-node table
of its compiled shapes, its input encoder and its name expander. The version is pinned
(``pyproject.toml``); :func:`available` says whether those names are there, and the
validator takes the public call when they are not. ``tests/graph/validation/
test_engines.py`` requires the same findings from this path, the public one and pySHACL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import RDF, SH, BNode, Graph, Literal, URIRef
from rdflib.term import Node

__all__ = ["Result", "available", "results"]

_IRI, _BLANK = 0, 1  # kinds of the native report's term records; 2 is a literal

_FIELDS = {
    str(RDF.type): "type",
    str(SH.sourceShape): "shape",
    str(SH.resultSeverity): "severity",
    str(SH.value): "value",
    str(SH.focusNode): "focus",
    str(SH.resultPath): "path",
    str(RDF.first): "first",
    str(RDF.rest): "rest",
}
_RESULT = str(SH.ValidationResult)
_NIL = str(RDF.nil)


@dataclass(frozen=True)
class Result:
    """What a finding reads of one SHACL result: its shape and severity, its focus node
    and value, and its path as IRIs (one, or a sequence; empty when none or another kind)."""

    shape: Node
    severity: URIRef
    focus: Node | None
    value: Node | None
    path: tuple[str, ...]


def available(compiled: Any) -> bool:
    """Whether *compiled* (pyshacl-turbo's compiled shapes) offers what :func:`results` uses."""
    try:
        from pyshacl_turbo import _expand_names  # noqa: F401
        from pyshacl_turbo.rdf import input_graph  # noqa: F401
    except ImportError:
        return False
    return hasattr(compiled, "_native") and isinstance(
        getattr(compiled, "_blank_nodes", None), dict
    )


def results(compiled: Any, data: Graph, shapes: list[URIRef]) -> list[Result] | None:
    """Validate *data* with the *shapes* of *compiled* (infos and warnings kept); None when
    the native report did not come as term records (the caller then takes the public call).
    """
    from pyshacl_turbo import _expand_names
    from pyshacl_turbo.rdf import input_graph

    encoded = input_graph(data, None, direct=True)  # type: ignore[no-untyped-call]
    _conforms, report, _text, _expanded, _warnings = compiled._native.validate(
        encoded.source,
        encoded.format,
        encoded.base,
        False,  # iterate_rules
        100,  # max_rule_iterations
        15,  # max_validation_depth
        False,  # inplace
        True,  # allow_infos
        True,  # allow_warnings
        False,  # abort_on_first
        [],  # focus_nodes
        _expand_names(compiled.graph, [str(s) for s in shapes]),  # type: ignore[no-untyped-call]
        [(prefix, str(namespace)) for prefix, namespace in encoded.namespaces.items()],
    )
    if not isinstance(report, tuple):
        return None
    records, quads = report
    blank_nodes = {**compiled._blank_nodes, **encoded.blank_nodes}
    return list(_read(records, quads, blank_nodes))


def _read(records: list[Any], quads: list[Any], blank_nodes: dict[str, BNode]) -> Any:
    fields = {i: _FIELDS[r[1]] for i, r in enumerate(records) if r[0] == _IRI and r[1] in _FIELDS}
    described: dict[int, dict[str, int]] = {}
    for subject, predicate, value, _graph in quads:
        name = fields.get(predicate)
        if name is not None:
            described.setdefault(subject, {})[name] = value

    def term(index: int | None) -> Node | None:
        if index is None:
            return None
        kind, text, datatype, language = records[index]
        if kind == _IRI:
            return URIRef(text)
        if kind == _BLANK:
            return blank_nodes.get(text) or BNode(text)
        return Literal(text, language, URIRef(datatype) if datatype else None, normalize=False)

    def path(index: int | None) -> tuple[str, ...]:
        if index is None:
            return ()
        if records[index][0] == _IRI:
            return (records[index][1],)
        steps: list[str] = []
        node: int | None = index
        while node is not None and records[node][1] != _NIL:
            item = described.get(node, {})
            first = item.get("first")
            if first is None or records[first][0] != _IRI:
                return ()  # not a sequence of IRIs (an inverse or alternative path)
            steps.append(records[first][1])
            node = item.get("rest")
        return tuple(steps)

    for item in described.values():
        kind, shape = item.get("type"), item.get("shape")
        if kind is None or records[kind][1] != _RESULT or shape is None:
            continue
        yield Result(
            term(shape),  # type: ignore[arg-type]
            URIRef(records[item["severity"]][1]),
            term(item.get("focus")),
            term(item.get("value")),
            path(item.get("path")),
        )
