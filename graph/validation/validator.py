"""Check a submission against the Indonesian law in force on its date (rules R01-R55).

The law is data: the rules and their regimes in ``data/rules.ttl`` and the ontology, the
checks in ``shapes/<instrument>.ttl``. A :class:`Rulebook` reads them once per process and
keeps pySHACL's parsed shapes. :class:`Validator` then judges each submission on a small
graph (the submission, the field vocabulary and its context from the store, fetched with
one SPARQL CONSTRUCT), so the cost does not grow with the store.

>>> from kembar.graph.store import KembarStore
>>> from kembar.graph.validation.submission import parse_submission
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
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from kembar.graph.errors import SubmissionError
from kembar.graph.store import GRAPH_RESULTS, KembarStore, sparql_terms
from kembar.graph.validation import turbo
from kembar.graph.validation.rulebook import Regime, Rulebook, path_key, rulebook
from kembar.graph.validation.submission import Submission, parse_submission
from kembar.ontology import ids
from kembar.ontology.namespace import KMB
from pyshacl import Validator as ShaclValidator
from pyshacl.graph_abstraction import DataGraph
from rdflib import RDF, SH, BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

__all__ = [
    "ENGINES",
    "SEVERITIES",
    "Finding",
    "Report",
    "Validator",
    "name_variants",
    "validate_document",
    "validator_of",
]

#: Severities from gravest to lightest, as the report names them.
SEVERITIES = ("Violation", "Warning", "Info")

_FORM = ids.SHAPES["SubmissionForm"]

#: The SHACL engines a validator can run: pyshacl-turbo (Rust, the default: the shapes
#: compiled once, no shared state) and pySHACL (the reference; one run at a time per
#: process). ``tests/graph/validation/test_engines.py`` requires identical results.
ENGINES = ("turbo", "pyshacl")


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
    shacl: str | None = field(default=None, repr=False, compare=False)
    """The SHACL validation report graph as N-Triples (plain text: a report crosses
    processes; Turtle only when asked for), or None when the validation was asked not to
    keep it (``graph=False``: a JSON answer has no use for it)."""

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
        """The SHACL validation report graph in Turtle (Oxigraph writes it)."""
        if self.shacl is None:
            raise ValueError("this report was made without its SHACL graph (graph=False)")
        triples = ox.parse(self.shacl.encode(), format=ox.RdfFormat.N_TRIPLES)
        written = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_REPORT_PREFIXES)
        return (written or b"").decode()


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


# -- the context of a submission, from the store --------------------------------------------

_CONTEXT = """
CONSTRUCT {
    ?country kmb:iso3166Alpha2 ?code ; kmb:sovereign ?sovereign ; kmb:diplomaticStatus ?record .
    ?record kmb:relationStatus ?status ; kmb:validFrom ?from ; kmb:validUntil ?until .
    ?region a kmb:LocalGovernment ; rdfs:label ?label ; kmb:adminLevel ?level ;
        kmb:isSpecialRegion ?special .
    ?agreement a kmb:Agreement ; kmb:party ?here , ?there ; kmb:signedOn ?signed .
    ?here rdfs:label ?ours . ?there rdfs:label ?theirs .
}
WHERE {
    VALUES (?partnerCode ?self) { (UNDEF UNDEF) }  # bound by substitution
    {
        # each branch binds ?code itself: joined after the union, Oxigraph reads every
        # country's code first (4.5 ms against 0.4 ms on the world import)
        { ?country kmb:iso3166Alpha2 ?partnerCode . BIND (?partnerCode AS ?code) }
        UNION
        { ?territory kmb:iso3166Alpha2 ?partnerCode ; kmb:sovereign ?country .
          ?country kmb:iso3166Alpha2 ?code }
        OPTIONAL { ?country kmb:sovereign ?sovereign }
        OPTIONAL {
            ?country kmb:diplomaticStatus ?record .
            ?record kmb:relationStatus ?status .
            OPTIONAL { ?record kmb:validFrom ?from }
            OPTIONAL { ?record kmb:validUntil ?until }
        }
    } UNION {
        VALUES (?label ?iso) { %(names)s }
        ?region rdfs:label|skos:altLabel ?label .
        # a test, not a join: joined, Oxigraph walks every region of the country first
        FILTER EXISTS { ?region kmb:country/kmb:iso3166Alpha2 ?iso }
        OPTIONAL { ?region kmb:adminLevel ?level }
        OPTIONAL { ?region kmb:isSpecialRegion ?special }
    } UNION {
        # each party found apart, then their agreements: not every pair of names
        { VALUES ?ours { %(ours)s } ?here rdfs:label|skos:altLabel ?ours .
          FILTER EXISTS { ?here kmb:country/kmb:iso3166Alpha2 "ID" } }
        # (?partnerCode is joined here, not tested in a FILTER: a remote store receives
        # it as VALUES, out of an inner group's scope)
        { VALUES ?theirs { %(theirs)s }
          ?there rdfs:label|skos:altLabel ?theirs ; kmb:country/kmb:iso3166Alpha2 ?partnerCode }
        ?agreement kmb:party ?here , ?there .
        OPTIONAL { ?agreement kmb:signedOn ?signed }
    }
    FILTER (!BOUND(?agreement) || ?agreement != ?self)  # here, where ?self is in scope
}
"""

_PREFIX = re.compile(r"^(kota|kabupaten|provinsi|kab\.)\s+", re.IGNORECASE)
#: The agreement node of a submission whose agreement is a blank node.
_ANONYMOUS = ox.NamedNode("urn:kembar:submission")


def name_variants(name: str) -> list[ox.Literal]:
    """A name as written and without an Indonesian tier prefix, plain, ``@en`` and ``@id``.

    Parameters
    ----------
    name : str
        A party's name as a submission gives it.

    Returns
    -------
    list of pyoxigraph.Literal
        The literals a label in the store may match.

    >>> [str(t) for t in name_variants("Kota Bandung")][:3]
    ['"Bandung"', '"Bandung"@en', '"Bandung"@id']
    """
    bare = {name.strip(), _PREFIX.sub("", name.strip())}
    forms = []
    for text in sorted(bare):
        forms += [
            ox.Literal(text),
            ox.Literal(text, language="en"),
            ox.Literal(text, language="id"),
        ]
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

    def __init__(
        self, store: KembarStore, book: Rulebook | None = None, engine: str = "turbo"
    ) -> None:
        if engine not in ENGINES:
            raise ValueError(f"engine {engine!r}: one of {', '.join(ENGINES)}")
        self.store = store
        self.book = book or rulebook()
        self.engine = engine

    def validate(
        self, submission: Submission, today: dt.date | None = None, *, graph: bool = True
    ) -> Report:
        """Judge *submission* by the law of its date; raise SubmissionError on bad RDF input.
        The report keeps the SHACL report graph unless *graph* is false."""
        data, shapes, regime, day = self.prepare(submission, today)
        found = None
        if not graph and self.engine == "turbo" and self.book.native_report:
            found = turbo.results(self.book.compiled, data, shapes) if shapes else []
        kept = None
        if found is None:
            shacl = self._run(data, shapes)
            found, kept = _results(shacl), _ntriples(shacl) if graph else None
        unique = {(f.rule, f.severity, f.path, f.value): f for f in self._findings(found, data)}
        results = sorted(
            unique.values(),
            key=lambda f: (SEVERITIES.index(f.severity), f.rule, f.path, f.value or ""),
        )
        return Report(submission.source, regime.notation, day, results, kept)

    def prepare(
        self, submission: Submission, today: dt.date | None = None
    ) -> tuple[Graph, list[URIRef], Regime, dt.date]:
        """What a SHACL engine is given for *submission*: the data graph (the submission,
        the vocabulary, the store's context, the judging date and regime) and the shapes
        of the rules that apply on that date; with the regime and the date.

        Parameters
        ----------
        submission : Submission
            A parsed submission (its form is checked first when it came as RDF).
        today : datetime.date, optional
            The judging date of a submission with neither signing nor letter-of-intent date.

        Returns
        -------
        (rdflib.Graph, list of URIRef, Regime, datetime.date)
        """
        if submission.model is None:
            self._check_form(submission)
        day = submission.judging_date(today)
        regime = self.book.regime(day)
        data = _PreparedGraph(bind_namespaces="none")  # no default prefixes to bind
        for triple in submission.graph:
            data.add(triple)
        data += self.book.vocabulary
        data += self.context(submission)
        data.add((submission.node, KMB.judgedOn, Literal(day)))
        data.add((submission.node, KMB.judgedUnder, regime.iri))
        return data, self.book.applicable(day), regime, day

    def context(self, submission: Submission) -> Graph:
        """The store's facts about the submission's parties and country, in one CONSTRUCT.

        The submission's names, code and IRI reach the query as terms: the names as
        literals written by Oxigraph, the code and the IRI as substitutions.
        """
        graph, node = submission.graph, submission.node
        indonesian = graph.value(node, KMB.indonesianParty)
        foreign = graph.value(node, KMB.foreignParty)
        code = str(graph.value(foreign, KMB.countryCode) or "")
        ours = str(graph.value(indonesian, KMB.partyName) or "")
        theirs = str(graph.value(foreign, KMB.partyName) or "")
        province = str(graph.value(indonesian, KMB.provinceName) or "")
        indonesia, partner = ox.Literal("ID"), ox.Literal(code)
        names = [
            (v, indonesia)
            for n in (ours, province, f"Provinsi {province}")
            if n
            for v in name_variants(n)
        ]
        names += [(v, partner) for v in name_variants(theirs)]
        this = ox.NamedNode(str(node)) if isinstance(node, URIRef) else _ANONYMOUS
        query = _CONTEXT % {
            "names": " ".join(f"({sparql_terms([label, iso])})" for label, iso in names),
            "ours": sparql_terms(name_variants(ours)),
            "theirs": sparql_terms(name_variants(theirs)),
        }
        triples = self.store.query(query, substitutions={"partnerCode": partner, "self": this})
        assert isinstance(triples, GRAPH_RESULTS)
        context = Graph(bind_namespaces="none")
        payload = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        del triples  # Oxigraph's result must die on the thread that made it
        if payload:
            context.parse(data=payload, format="nt")
        return context

    # -- internals -------------------------------------------------------------------------

    def _run(self, data: Graph, shapes: list[URIRef]) -> Graph:
        if not shapes:
            return _empty_report()
        if self.engine == "turbo":
            # the compiled shapes keep no state between runs: validations may go side by side
            _conforms, report, _text = self.book.compiled.validate(
                data, use_shapes=[str(s) for s in shapes], allow_infos=True, allow_warnings=True
            )
            assert isinstance(report, Graph)
            return report
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

    def _findings(self, found: list[turbo.Result], data: Graph) -> Iterable[Finding]:
        for result in found:
            rule = self.book.rule_of(result.shape)
            severity = str(result.severity).rsplit("#", 1)[-1]
            raw, focus = result.value, result.focus
            path = self.book.json_path_of(result.shape, result.path)
            if raw == focus:
                raw = self.book.field_value(data, focus, path)
            value = self.book.code(raw)
            messages = {
                lang: _fill(text, value) for lang, text in self.book.messages(result.shape).items()
            }
            yield Finding(rule.rule_id, severity, rule.legal_basis, path, value, messages)


#: A parenthesis that only shows the value, such as " (outcome: {?value})".
_VALUE_ASIDE = re.compile(r"\s*\([^(){}]*\{[?$]value\}\)")


def _fill(message: str, value: str | None) -> str:
    """*message* with the result's value in place of ``{?value}``; with no value, an aside
    that only shows it is left out rather than printed empty."""
    if value is None:
        message = _VALUE_ASIDE.sub("", message)
    return message.replace("{?value}", value or "").replace("{$value}", value or "")


def _results(report: Graph) -> list[turbo.Result]:
    """What the findings read of each result of an rdflib SHACL report."""
    # one pass per field read: a lookup per result and field costs twice as much
    described: dict[Node, dict[Node, Node]] = {}
    for predicate in _RESULT_FIELDS:
        for subject, value in report.subject_objects(predicate):
            described.setdefault(subject, {})[predicate] = value
    return [
        turbo.Result(
            fields[SH.sourceShape],
            URIRef(str(fields[SH.resultSeverity])),
            fields.get(SH.focusNode),
            fields.get(SH.value),
            path_key(fields.get(SH.resultPath), report),
        )
        for fields in described.values()
        if fields.get(RDF.type) == SH.ValidationResult and SH.sourceShape in fields
    ]


def validate_document(
    store: KembarStore,
    data: bytes,
    source: str,
    media_type: str | None = None,
    today: dt.date | None = None,
    graph: bool = True,
) -> Report:
    """Parse and judge one submission: what a worker does for ``POST /validate``.

    Parameters
    ----------
    store : KembarStore
        Where the context comes from.
    data : bytes
        The submission, as sent.
    source : str
        Its name in messages; its suffix picks the syntax when *media_type* does not.
    media_type : str, optional
        ``application/json``, ``application/ld+json`` or ``text/turtle``.
    today : datetime.date, optional
        The judging date of a submission with neither signing nor letter-of-intent date.
    graph : bool, default True
        Keep the SHACL report graph (for a Turtle answer).

    Returns
    -------
    Report

    Raises
    ------
    SubmissionError
        When the document breaks the format (each field named), or a limit.

    Examples
    --------
    >>> from kembar.graph.store import KembarStore
    >>> report = validate_document(KembarStore(), b'''{"format": "kembar-agreement/1",
    ...   "form": "sister_city", "indonesian_party": {"name": "Kota Surabaya", "level": "kota"},
    ...   "foreign_party": {"name": "Busan", "country": "KR"}, "dates": {"signed": "1994-11-04"}}''',
    ...   "busan.json")
    >>> report.regime
    'SE1993'
    """
    submission = parse_submission(data, source, media_type)
    return validator_of(store).validate(submission, today, graph=graph)


def validator_of(store: KembarStore, engine: str | None = None) -> Validator:
    """The validator of *store*, made once per store version and engine (a worker keeps it
    between jobs); the engine is *engine*, else the store's ``validation_engine`` (the settings'
    choice, given to every worker), else pyshacl-turbo.

    Parameters
    ----------
    store : KembarStore
        The store.
    engine : str, optional
        One of :data:`ENGINES`.

    Returns
    -------
    Validator
    """
    chosen = engine or getattr(store, "validation_engine", None) or ENGINES[0]
    # kept in the store's own memo: a validator refers to its store, so a table keyed
    # weakly by the store would keep the store alive (and an on-disk store's lock held)
    return store.memo(("validator", chosen), lambda: Validator(store, engine=chosen))


#: What a validation result says that the findings read.
_RESULT_FIELDS = frozenset(
    (RDF.type, SH.sourceShape, SH.resultSeverity, SH.value, SH.focusNode, SH.resultPath)
)

#: Prefixes of the report's Turtle.
_REPORT_PREFIXES = {"sh": str(SH), "kmb": str(KMB), "xsd": ids.PREFIXES["xsd"]}


def _ntriples(graph: Graph) -> str:
    """*graph* as N-Triples (rdflib's writer: one escaped line per triple, no layout)."""
    return graph.serialize(format="nt")


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
