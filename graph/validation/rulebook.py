"""The rulebook: the Indonesian rules R01-R55, their regimes, and the shapes that check them.

The law is data: the rules and their regimes in ``data/rules.ttl`` and the ontology, the
checks in ``shapes/<instrument>.ttl``. A :class:`Rulebook` reads them once per process
(:func:`rulebook`), says which regime is in force on a day and which shapes apply, and
reads pySHACL's results back into the submission's own terms (its JSON paths and codes).

>>> import datetime as dt
>>> book = rulebook()
>>> book.regime(dt.date(2019, 1, 1)).notation, book.regime(dt.date(1995, 1, 1)).notation
('PP28-2018', 'SE1993')
>>> len(book.implemented_rules()) >= 52
True
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from kembar.data import RULES_TTL
from kembar.graph.validation.submission import context_document
from kembar.ontology import ONTOLOGY_TTL, ids
from kembar.ontology.namespace import KMB
from kembar.shapes import ASSESSMENT_TTL, STRUCTURE_TTL, shape_files
from pyshacl.shapes_graph import ShapesGraph
from rdflib import RDF, SH, SKOS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

__all__ = ["LANGUAGES", "Regime", "Rule", "Rulebook", "field_rules", "rulebook"]

#: The languages every message of the rulebook exists in.
LANGUAGES = ("en", "id")


@dataclass(frozen=True)
class Rule:
    """A rule of the catalogue: its ID, article, the regimes it belongs to, its start."""

    rule_id: str
    legal_basis: str
    regimes: frozenset[Node]
    applies_from: dt.date | None


@dataclass(frozen=True)
class Regime:
    """A legal regime: the period during which one set of instruments governs agreements."""

    iri: Node
    notation: str
    start: dt.date | None
    end: dt.date | None


class Rulebook:
    """The rules, regimes and shapes, read from the package once (see :func:`rulebook`)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        ontology = Graph().parse(ONTOLOGY_TTL.read_bytes(), format="turtle")
        rules = Graph().parse(RULES_TTL.read_bytes(), format="turtle")
        self.regimes = sorted(_regimes(ontology), key=lambda r: r.start or dt.date.min)
        self.rules = dict(_rules(rules))
        self.vocabulary = _vocabulary(ontology)
        self.shapes = Graph()
        for file in shape_files():
            if file.name not in {STRUCTURE_TTL.name, ASSESSMENT_TTL.name}:
                self.shapes.parse(file.read_bytes(), format="turtle")
        self.shapes_graph = ShapesGraph(self.shapes)
        _ = self.shapes_graph.shapes  # harvest every shape now, so use_shapes finds them all
        self._parents = {prop: shape for shape, prop in self.shapes.subject_objects(SH.property)}
        self.codes = _codes(context_document()["@context"])
        self.json_paths = _json_paths(context_document()["@context"])
        self.rdf_paths: dict[str, tuple[str, ...]] = {}
        # what a shape says does not change: read once per shape (a validation asks ~30 times)
        self._rule_of: dict[Node, Rule] = {}
        self._messages: dict[Node, dict[str, str]] = {}
        for rdf, json in sorted(self.json_paths.items(), key=lambda kv: len(kv[0])):
            self.rdf_paths[json] = rdf  # the full property path wins over its shortcut

    # -- the law by date -----------------------------------------------------------------

    def regime(self, day: dt.date) -> Regime:
        """The regime in force on *day* (regulations.md section 1)."""
        for regime in self.regimes:
            if (regime.start is None or regime.start <= day) and (
                regime.end is None or day <= regime.end
            ):
                return regime
        raise LookupError(f"no regime covers {day}")  # pragma: no cover - regimes tile time

    @cached_property
    def compiled(self) -> Any:
        """The shapes compiled once by pyshacl-turbo (Rust; the fast path of validation)."""
        from pyshacl_turbo import compile_shapes

        return compile_shapes(self.shapes)  # type: ignore[no-untyped-call]

    @cached_property
    def native_report(self) -> bool:
        """Whether :attr:`compiled` lets :mod:`.turbo` read its native report (checked once)."""
        from kembar.graph.validation import turbo

        return turbo.available(self.compiled)

    @cached_property
    def rule_shapes(self) -> dict[Node, Node]:
        """Each rule shape of the package -> the rule it enforces."""
        return dict(self.shapes.subject_objects(KMB.enforces))

    def applicable(self, day: dt.date) -> list[URIRef]:
        """The shapes whose rule applies on *day*: its regime and its law's start date."""
        regime = self.regime(day).iri
        return sorted(
            shape
            for shape, regimes, start in self._scopes
            if regime in regimes and (start is None or start <= day)
        )

    @cached_property
    def _scopes(self) -> list[tuple[URIRef, frozenset[Node], dt.date | None]]:
        """Each rule shape with the regimes and the first day it applies in (read once)."""
        scopes = []
        for shape, rule_iri in self.rule_shapes.items():
            rule = self.rules[rule_iri]
            regimes = frozenset(self.shapes.objects(shape, KMB.appliesUnder)) or rule.regimes
            start = _date(self.shapes.value(shape, KMB.appliesFrom)) or rule.applies_from
            if isinstance(shape, URIRef):
                scopes.append((shape, regimes, start))
        return scopes

    def implemented_rules(self) -> list[str]:
        """IDs of the rules that have at least one shape, sorted."""
        return sorted({self.rules[r].rule_id for r in self.rule_shapes.values()})

    def rules_by_field(self) -> dict[str, list[str]]:
        """Dotted JSON field of the submission -> IDs of the rules that check it, sorted.

        Read from the shapes: a rule shape's own ``sh:path`` and those of its property
        shapes, mapped to the submission's fields through the JSON-LD context (or the
        shape's ``kmb:submissionPath`` note).
        """
        found: dict[str, set[str]] = {}
        for shape, rule_iri in self.rule_shapes.items():
            rule_id = self.rules[rule_iri].rule_id
            for part in (shape, *self.shapes.objects(shape, SH.property)):
                field = self.json_path(part, self.shapes.value(part, SH.path), self.shapes)
                if field:
                    found.setdefault(field, set()).add(rule_id)
        return {field: sorted(ids) for field, ids in sorted(found.items())}

    # -- reading pySHACL's results back -------------------------------------------------

    def rule_of(self, shape: Node) -> Rule:
        """The rule a result's source shape (or its parent node shape) enforces."""
        if shape not in self._rule_of:
            for candidate in (shape, self._parents.get(shape)):
                rule_iri = self.shapes.value(candidate, KMB.enforces) if candidate else None
                if rule_iri is not None:
                    self._rule_of[shape] = self.rules[rule_iri]
                    break
            else:
                raise LookupError(f"shape {shape} enforces no rule")
        return self._rule_of[shape]

    def messages(self, shape: Node) -> dict[str, str]:
        """The shape's ``sh:message`` by language, from the shape or its parent."""
        if shape not in self._messages:
            self._messages[shape] = self._read_messages(shape)
        return self._messages[shape]

    def _read_messages(self, shape: Node) -> dict[str, str]:
        for candidate in (shape, self._parents.get(shape)):
            found = {
                m.language: str(m)
                for m in self.shapes.objects(candidate, SH.message)
                if isinstance(m, Literal) and m.language in LANGUAGES
            }
            if found:
                return found
        return {"en": "", "id": ""}  # pragma: no cover - tests require messages on every shape

    def json_path(self, shape: Node, path: Node | None, graph: Graph) -> str:
        """The dotted JSON field of a result: from its sh:resultPath, else the shape's note."""
        return self.json_path_of(shape, path_key(path, graph))

    def json_path_of(self, shape: Node, key: tuple[str, ...]) -> str:
        """:meth:`json_path` of a path given as its IRIs (see :func:`path_key`)."""
        if key in self.json_paths:
            return self.json_paths[key]
        for candidate in (shape, self._parents.get(shape)):
            note = self.shapes.value(candidate, KMB.submissionPath) if candidate else None
            if note is not None:
                return str(note)
        return ""

    def field_value(self, data: Graph, node: Node | None, json_path: str) -> Node | None:
        """The one value of the submission field at *json_path*, or None if not exactly one."""
        rdf_path = self.rdf_paths.get(json_path)
        if node is None or rdf_path is None:
            return None
        nodes = {node}
        for prop in rdf_path:
            nodes = {o for n in nodes for o in data.objects(n, URIRef(prop))}
        return next(iter(nodes)) if len(nodes) == 1 else None

    def code(self, value: Node | None) -> str | None:
        """A result value as the submission writes it: the code of an IRI, or the literal."""
        if value is None or isinstance(value, BNode):
            return None
        if isinstance(value, URIRef):
            if value in self.codes:
                return self.codes[value]
            # a stored agreement by its slug: what the submission's renewal_of takes
            path = ids.instance_path(str(value)) or ""
            return path.removeprefix("agreement/") if path.startswith("agreement/") else str(value)
        python = value.toPython() if isinstance(value, Literal) else value
        if isinstance(python, dt.date):
            return python.isoformat()
        return str(value)


def field_rules(store: object = None) -> dict[str, list[dict[str, str]]]:
    """:meth:`Rulebook.rules_by_field` with each rule's article: the validation form's help
    (a worker task: *store* is the worker's and is not read).

    Parameters
    ----------
    store : object, optional
        Unused.

    Returns
    -------
    dict of str to list of dict
        Field -> ``{"id", "basis"}`` of each rule that checks it.
    """
    book = rulebook()
    basis = {rule.rule_id: rule.legal_basis for rule in book.rules.values()}
    return {
        field: [{"id": rule_id, "basis": basis.get(rule_id, "")} for rule_id in rule_ids]
        for field, rule_ids in book.rules_by_field().items()
    }


@lru_cache(maxsize=1)
def rulebook() -> Rulebook:
    """The process's one :class:`Rulebook`; shapes are parsed on first use only."""
    return Rulebook()


def _date(value: Node | None) -> dt.date | None:
    python = value.toPython() if isinstance(value, Literal) else None
    return python if isinstance(python, dt.date) else None


def _regimes(ontology: Graph) -> Iterator[Regime]:
    for iri in ontology.objects(KMB.LegalRegimeScheme, SKOS.hasTopConcept):  # not "unknown"
        yield Regime(
            iri,
            str(ontology.value(iri, SKOS.notation)),
            _date(ontology.value(iri, KMB.regimeStart)),
            _date(ontology.value(iri, KMB.regimeEnd)),
        )


def _rules(rules: Graph) -> Iterator[tuple[Node, Rule]]:
    for iri in rules.subjects(RDF.type, KMB.Rule):
        yield (
            iri,
            Rule(
                str(rules.value(iri, KMB.ruleId)),
                str(rules.value(iri, KMB.legalBasis)),
                frozenset(rules.objects(iri, KMB.appliesUnder)),
                _date(rules.value(iri, KMB.appliesFrom)),
            ),
        )


def _vocabulary(ontology: Graph) -> Graph:
    """The ontology facts the shapes reason with: fields, their groups and flags, levels."""
    facts = Graph()
    for concept in ontology.subjects(RDF.type, KMB.CooperationField):
        facts.add((concept, RDF.type, KMB.CooperationField))
        for prop in (SKOS.broader, KMB.excludedCentralAffair, KMB.affairType):
            for value in ontology.objects(concept, prop):
                facts.add((concept, prop, value))
    for level in ontology.subjects(RDF.type, KMB.AdminLevel):
        for broader in ontology.objects(level, SKOS.broader):
            facts.add((level, SKOS.broader, broader))
    return facts


def _expand(term: str, context: dict[str, Any]) -> str:
    prefix, _, local = term.partition(":")
    base = context.get(prefix)
    return f"{base}{local}" if isinstance(base, str) and local else term


def _codes(context: dict[str, Any]) -> dict[URIRef, str]:
    """IRI -> code, from every scoped context that maps codes to concepts."""
    codes: dict[URIRef, str] = {}

    def walk(scope: dict[str, Any]) -> None:
        for key, value in scope.items():
            if isinstance(value, str) and not key.startswith("@") and ":" in value:
                if value.split(":")[1][:1].isupper():  # concepts and classes, not properties
                    codes.setdefault(URIRef(_expand(value, context)), key)
            elif isinstance(value, dict) and isinstance(value.get("@context"), dict):
                walk(value["@context"])

    walk(context)
    return codes


def _json_paths(context: dict[str, Any]) -> dict[tuple[str, ...], str]:
    """RDF property path -> dotted JSON path, for every term of the context.

    A single property maps too when it is unambiguous (``kmb:signedOn`` -> ``dates.signed``).
    """
    paths: dict[tuple[str, ...], str] = {}
    singles: dict[str, set[str]] = {}

    def walk(scope: dict[str, Any], rdf: tuple[str, ...], json: tuple[str, ...]) -> None:
        for key, value in scope.items():
            if key.startswith("@") or value == "@nest":
                continue
            term = value if isinstance(value, str) else value.get("@id", "")
            if term.startswith("@") or ":" not in term:
                continue
            nest = value.get("@nest") if isinstance(value, dict) else None
            here = (*json, *((nest,) if nest else ()), key)
            full = (*rdf, _expand(term, context))
            paths[full] = ".".join(here)
            singles.setdefault(full[-1], set()).add(".".join(here))
            if isinstance(value, dict) and isinstance(value.get("@context"), dict):
                walk(value["@context"], full, here)

    walk(context, (), ())
    for prop, names in singles.items():
        if len(names) == 1:
            paths.setdefault((prop,), names.pop())
    return paths


def path_key(path: Node | None, graph: Graph) -> tuple[str, ...]:
    """A SHACL path in *graph* as its IRIs: one, or a sequence; empty for other paths."""
    if isinstance(path, URIRef):
        return (str(path),)
    if isinstance(path, BNode) and (path, RDF.first, None) in graph:
        return tuple(str(p) for p in Collection(graph, path))
    return ()
