"""Check a submission against the Indonesian law in force on its date (rules R01-R54).

The law is data: the rules and their regimes in ``data/rules.ttl`` and the ontology, the
checks in ``shapes/<instrument>.ttl``. A :class:`Rulebook` reads them once per process and
keeps pySHACL's parsed shapes. :class:`Validator` then judges each submission on a small
graph (the submission, the field vocabulary and its context from the store, fetched with
one SPARQL CONSTRUCT), so the cost does not grow with the store.

>>> from kembar.graph.store import KembarStore
>>> from kembar.graph.submission import parse_submission
>>> validator = Validator(KembarStore())
>>> report = validator.validate(parse_submission(b'''{"format": "kembar-agreement/1",
...   "form": "sister_city", "indonesian_party": {"name": "Kota Surabaya", "level": "kota"},
...   "foreign_party": {"name": "Kaohsiung", "country": "TW"},
...   "dates": {"signed": "2021-03-01"}}''', "tw.json"))
>>> report.regime, report.conforms
('PP28-2018+PMDN25-2020', False)
>>> sorted({f.rule for f in report.results if f.severity == "Violation"})[:3]
['R01', 'R04', 'R25']
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import pyoxigraph as ox
from kembar.data import RULES_TTL
from kembar.graph.countries import SOVEREIGNS
from kembar.graph.errors import SubmissionError
from kembar.graph.store import GRAPH_RESULTS, KembarStore
from kembar.graph.submission import Submission, context_document
from kembar.ontology import ONTOLOGY_TTL, ids
from kembar.ontology.namespace import KMB
from kembar.shapes import ASSESSMENT_TTL, STRUCTURE_TTL, shape_files
from pyshacl import Validator as ShaclValidator
from pyshacl.graph_abstraction import DataGraph
from pyshacl.shapes_graph import ShapesGraph
from rdflib import RDF, SH, SKOS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

__all__ = ["SEVERITIES", "Finding", "Report", "Rulebook", "Validator", "name_variants"]

#: Severities from gravest to lightest, as the report names them.
SEVERITIES = ("Violation", "Warning", "Info")

_FORM = ids.SHAPES["SubmissionForm"]


@dataclass(frozen=True)
class Finding:
    """One result: the rule, its severity and article, the field, the value, the message."""

    rule: str
    severity: str
    legal_basis: str
    path: str
    value: str | None
    message: dict[str, str]

    def as_json(self) -> dict[str, Any]:
        """The result object of submission-format.md."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "legal_basis": self.legal_basis,
            "path": self.path,
            "value": self.value,
            "message": self.message,
        }


@dataclass(frozen=True)
class Report:
    """The verdict on one submission."""

    source: str
    regime: str
    judged_on: dt.date
    results: list[Finding]
    shacl: Graph = field(repr=False, compare=False)

    @property
    def conforms(self) -> bool:
        """False exactly when some result is a Violation."""
        return not any(f.severity == "Violation" for f in self.results)

    def as_json(self) -> dict[str, Any]:
        """The report object of submission-format.md."""
        return {
            "conforms": self.conforms,
            "regime": self.regime,
            "results": [f.as_json() for f in self.results],
        }

    def as_text(self, lang: str = "en") -> str:
        """A readable report in English (``en``) or Indonesian (``id``), grouped by severity."""
        words = _WORDS[lang]
        verdict = words["conforms"] if self.conforms else words["not"]
        lines = [
            f"{self.source}: {verdict}",
            f"  {words['regime']}: {self.regime} ({words['judged']} {self.judged_on.isoformat()})",
        ]
        for severity in SEVERITIES:
            found = [f for f in self.results if f.severity == severity]
            if not found:
                continue
            lines.append(f"  {words[severity]} ({len(found)}):")
            for f in found:
                value = f" = {f.value}" if f.value is not None else ""
                lines.append(f"    {f.rule} [{f.legal_basis}] {f.path}{value}")
                lines.append(f"        {f.message[lang]}")
        if not self.results:
            lines.append(f"  {words['none']}")
        return "\n".join(lines)

    def as_turtle(self) -> str:
        """The SHACL validation report graph in Turtle."""
        return self.shacl.serialize(format="turtle")


_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "conforms": "conforms", "not": "does not conform", "regime": "law applied",
        "judged": "judged as of", "Violation": "Violations", "Warning": "Warnings",
        "Info": "Information", "none": "No findings.",
    },
    "id": {
        "conforms": "sesuai", "not": "tidak sesuai", "regime": "hukum yang diterapkan",
        "judged": "dinilai per", "Violation": "Pelanggaran", "Warning": "Peringatan",
        "Info": "Informasi", "none": "Tidak ada temuan.",
    },
}  # fmt: skip


@dataclass(frozen=True)
class _Rule:
    rule_id: str
    legal_basis: str
    regimes: frozenset[Node]
    applies_from: dt.date | None


@dataclass(frozen=True)
class _Regime:
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
        for rdf, json in sorted(self.json_paths.items(), key=lambda kv: len(kv[0])):
            self.rdf_paths[json] = rdf  # the full property path wins over its shortcut

    # -- the law by date -----------------------------------------------------------------

    def regime(self, day: dt.date) -> _Regime:
        """The regime in force on *day* (regulations.md section 1)."""
        for regime in self.regimes:
            if (regime.start is None or regime.start <= day) and (
                regime.end is None or day <= regime.end
            ):
                return regime
        raise LookupError(f"no regime covers {day}")  # pragma: no cover - regimes tile time

    @cached_property
    def rule_shapes(self) -> dict[Node, Node]:
        """Each rule shape of the package -> the rule it enforces."""
        return dict(self.shapes.subject_objects(KMB.enforces))

    def applicable(self, day: dt.date) -> list[URIRef]:
        """The shapes whose rule applies on *day*: its regime and its law's start date."""
        regime = self.regime(day).iri
        chosen = []
        for shape, rule_iri in self.rule_shapes.items():
            rule = self.rules[rule_iri]
            regimes = frozenset(self.shapes.objects(shape, KMB.appliesUnder)) or rule.regimes
            start = _date(self.shapes.value(shape, KMB.appliesFrom)) or rule.applies_from
            if regime in regimes and (start is None or start <= day) and isinstance(shape, URIRef):
                chosen.append(shape)
        return sorted(chosen)

    def implemented_rules(self) -> list[str]:
        """IDs of the rules that have at least one shape, sorted."""
        return sorted({self.rules[r].rule_id for r in self.rule_shapes.values()})

    # -- reading pySHACL's results back -------------------------------------------------

    def rule_of(self, shape: Node) -> _Rule:
        """The rule a result's source shape (or its parent node shape) enforces."""
        for candidate in (shape, self._parents.get(shape)):
            rule_iri = self.shapes.value(candidate, KMB.enforces) if candidate else None
            if rule_iri is not None:
                return self.rules[rule_iri]
        raise LookupError(f"shape {shape} enforces no rule")  # pragma: no cover

    def messages(self, shape: Node) -> dict[str, str]:
        """The shape's ``sh:message`` by language, from the shape or its parent."""
        for candidate in (shape, self._parents.get(shape)):
            found = {
                m.language: str(m)
                for m in self.shapes.objects(candidate, SH.message)
                if isinstance(m, Literal) and m.language in _WORDS
            }
            if found:
                return found
        return {"en": "", "id": ""}  # pragma: no cover - tests require messages on every shape

    def json_path(self, shape: Node, path: Node | None, graph: Graph) -> str:
        """The dotted JSON field of a result: from its sh:resultPath, else the shape's note."""
        if path is not None:
            key = _path_key(path, graph)
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
            return self.codes.get(value, str(value))
        python = value.toPython() if isinstance(value, Literal) else value
        if isinstance(python, dt.date):
            return python.isoformat()
        return str(value)


@lru_cache(maxsize=1)
def rulebook() -> Rulebook:
    """The process's one :class:`Rulebook`; shapes are parsed on first use only."""
    return Rulebook()


def _date(value: Node | None) -> dt.date | None:
    python = value.toPython() if isinstance(value, Literal) else None
    return python if isinstance(python, dt.date) else None


def _regimes(ontology: Graph) -> Iterator[_Regime]:
    for iri in ontology.subjects(RDF.type, KMB.LegalRegime):
        yield _Regime(
            iri,
            str(ontology.value(iri, SKOS.notation)),
            _date(ontology.value(iri, KMB.regimeStart)),
            _date(ontology.value(iri, KMB.regimeEnd)),
        )


def _rules(rules: Graph) -> Iterator[tuple[Node, _Rule]]:
    for iri in rules.subjects(RDF.type, KMB.Rule):
        yield (
            iri,
            _Rule(
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


def _path_key(path: Node, graph: Graph) -> tuple[str, ...]:
    if isinstance(path, URIRef):
        return (str(path),)
    if isinstance(path, BNode) and (path, RDF.first, None) in graph:
        return tuple(str(p) for p in Collection(graph, path))
    return ()


# -- the context of a submission, from the store --------------------------------------------

_CONTEXT = """
CONSTRUCT {{
    ?country kmb:iso3166Alpha2 ?code ; kmb:sovereign ?sovereign ; kmb:diplomaticStatus ?record .
    ?record kmb:relationStatus ?status ; kmb:validFrom ?from ; kmb:validUntil ?until .
    ?region a kmb:LocalGovernment ; rdfs:label ?label ; kmb:adminLevel ?level ;
        kmb:isSpecialRegion ?special .
    ?agreement a kmb:Agreement ; kmb:party ?here , ?there ; kmb:signedOn ?signed .
    ?here rdfs:label ?ours . ?there rdfs:label ?theirs .
}}
WHERE {{
    {{
        VALUES ?code {{ {codes} }}
        ?country kmb:iso3166Alpha2 ?code .
        OPTIONAL {{ ?country kmb:sovereign ?sovereign }}
        OPTIONAL {{
            ?country kmb:diplomaticStatus ?record .
            ?record kmb:relationStatus ?status .
            OPTIONAL {{ ?record kmb:validFrom ?from }}
            OPTIONAL {{ ?record kmb:validUntil ?until }}
        }}
    }} UNION {{
        VALUES (?label ?iso) {{ {names} }}
        ?region rdfs:label|skos:altLabel ?label ; kmb:country/kmb:iso3166Alpha2 ?iso .
        OPTIONAL {{ ?region kmb:adminLevel ?level }}
        OPTIONAL {{ ?region kmb:isSpecialRegion ?special }}
    }} UNION {{
        VALUES ?ours {{ {ours} }}
        VALUES ?theirs {{ {theirs} }}
        ?here rdfs:label|skos:altLabel ?ours ; kmb:country/kmb:iso3166Alpha2 "ID" .
        ?there rdfs:label|skos:altLabel ?theirs ; kmb:country/kmb:iso3166Alpha2 {country} .
        ?agreement kmb:party ?here , ?there .
        FILTER (?agreement != {self})
        OPTIONAL {{ ?agreement kmb:signedOn ?signed }}
    }}
}}
"""

_PREFIX = re.compile(r"^(kota|kabupaten|provinsi|kab\.)\s+", re.IGNORECASE)


def _literal(text: str) -> str:
    return ox.Literal(text).__str__()


def name_variants(name: str) -> list[str]:
    """A name as written, without an Indonesian tier prefix, in plain, @en and @id forms."""
    bare = {name.strip(), _PREFIX.sub("", name.strip())}
    forms = []
    for text in sorted(bare):
        forms += [_literal(text), f"{_literal(text)}@en", f"{_literal(text)}@id"]
    return forms


class Validator:
    """Validate submissions against the rules, with context from *store*.

    Parameters
    ----------
    store : KembarStore
        Where parties, countries, diplomatic status and existing agreements are looked up.
    book : Rulebook, optional
        The parsed rules and shapes; the process-wide one by default.
    """

    def __init__(self, store: KembarStore, book: Rulebook | None = None) -> None:
        self.store = store
        self.book = book or rulebook()

    def validate(self, submission: Submission, today: dt.date | None = None) -> Report:
        """Judge *submission* by the law of its date; raise SubmissionError on bad RDF input."""
        if submission.model is None:
            self._check_form(submission)
        day = submission.judging_date(today)
        regime = self.book.regime(day)
        data = _PreparedGraph()
        for triple in submission.graph:
            data.add(triple)
        data += self.book.vocabulary
        data += self.context(submission)
        data.add((submission.node, KMB.judgedOn, Literal(day)))
        data.add((submission.node, KMB.judgedUnder, regime.iri))
        shacl = self._run(data, self.book.applicable(day))
        unique = {(f.rule, f.severity, f.path, f.value): f for f in self._findings(shacl, data)}
        results = sorted(
            unique.values(),
            key=lambda f: (SEVERITIES.index(f.severity), f.rule, f.path, f.value or ""),
        )
        return Report(submission.source, regime.notation, day, results, shacl)

    def context(self, submission: Submission) -> Graph:
        """The store's facts about the submission's parties and country, in one CONSTRUCT."""
        graph, node = submission.graph, submission.node
        indonesian = graph.value(node, KMB.indonesianParty)
        foreign = graph.value(node, KMB.foreignParty)
        code = str(graph.value(foreign, KMB.countryCode) or "")
        ours = str(graph.value(indonesian, KMB.partyName) or "")
        theirs = str(graph.value(foreign, KMB.partyName) or "")
        province = str(graph.value(indonesian, KMB.provinceName) or "")
        codes = [code] + ([SOVEREIGNS[code]] if code in SOVEREIGNS else [])
        names = [
            (v, '"ID"')
            for n in (ours, province, f"Provinsi {province}")
            if n
            for v in name_variants(n)
        ]
        names += [(v, _literal(code)) for v in name_variants(theirs)]
        this = f"<{node}>" if isinstance(node, URIRef) else "<urn:kembar:submission>"
        query = _CONTEXT.format(
            codes=" ".join(_literal(c) for c in codes),
            names=" ".join(f"({label} {iso})" for label, iso in names),
            ours=" ".join(name_variants(ours)),
            theirs=" ".join(name_variants(theirs)),
            country=_literal(code),
            self=this,
        )
        triples = self.store.query(query)
        assert isinstance(triples, GRAPH_RESULTS)
        context = Graph()
        payload = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        if payload:
            context.parse(data=payload, format="nt")
        if code in SOVEREIGNS and (None, KMB.iso3166Alpha2, Literal(code)) not in context:
            territory = ids.country(code)
            context.add((territory, KMB.iso3166Alpha2, Literal(code)))
            context.add((territory, KMB.sovereign, ids.country(SOVEREIGNS[code])))
        return context

    # -- internals -------------------------------------------------------------------------

    def _run(self, data: Graph, shapes: list[URIRef]) -> Graph:
        if not shapes:
            return _empty_report()
        validator = ShaclValidator(
            DataGraph.from_rdflib(data),
            shacl_graph=Graph(),
            options={"inplace": True, "use_shapes": [str(s) for s in shapes]},
        )
        # the parsed shapes are shared and pySHACL keeps state in them while it runs: one
        # validation at a time per process (16 concurrent clients once got a wrong report)
        with self.book.lock:
            validator.shacl_graph = self.book.shapes_graph  # parsed once per process
            _conforms, report, _text = validator.run()  # type: ignore[no-untyped-call]
        assert isinstance(report, Graph)
        return report

    def _check_form(self, submission: Submission) -> None:
        data = _PreparedGraph()
        for triple in submission.graph:
            data.add(triple)
        data += self.book.vocabulary
        report = self._run(data, [_FORM])
        problems = []
        for result in report.subjects(RDF.type, SH.ValidationResult):
            path = report.value(result, SH.resultPath)
            message = report.value(result, SH.resultMessage)
            where = self.book.json_path(_FORM, path, report) or str(path or "(agreement)")
            problems.append((where, str(message or "does not fit the submission form")))
        if problems:
            listing = "; ".join(f"{p}: {m}" for p, m in sorted(set(problems)))
            raise SubmissionError(f"{submission.source}: {listing}", sorted(set(problems)))

    def _findings(self, report: Graph, data: Graph) -> Iterable[Finding]:
        for result in report.subjects(RDF.type, SH.ValidationResult):
            shape = report.value(result, SH.sourceShape)
            if shape is None:  # pragma: no cover - pySHACL always names the shape
                continue
            rule = self.book.rule_of(shape)
            severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
            raw = report.value(result, SH.value)
            focus = report.value(result, SH.focusNode)
            path = self.book.json_path(shape, report.value(result, SH.resultPath), report)
            if raw == focus:
                raw = self.book.field_value(data, focus, path)
            value = self.book.code(raw)
            messages = {
                lang: text.replace("{?value}", value or "").replace("{$value}", value or "")
                for lang, text in self.book.messages(shape).items()
            }
            yield Finding(rule.rule_id, severity, rule.legal_basis, path, value, messages)


class _PreparedGraph(Graph):
    """A graph that parses each SPARQL text once per process.

    pySHACL sends the same constraint text for every submission, with ``$this`` passed as
    a binding; rdflib would parse it again each time, which costs more than evaluating it.
    """

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@lru_cache(maxsize=512)
def _prepared(text: str) -> Any:
    return prepareQuery(text)


def _empty_report() -> Graph:
    graph = Graph()
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(True)))
    return graph
