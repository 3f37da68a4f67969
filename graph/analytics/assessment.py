"""Effectiveness assessments: the paper's evaluation frame as data, and a scorecard per agreement.

An assessment records what one assessor, at one date, from one or more sources, found
about an agreement: its status, how effective it is, which of the nine success factors
hold or are lacking, which of the four benefits and five negative impacts are observed,
which stakeholder groups take part, how many activities a year, and the threats it
addresses or raises (each threat sits in a Buzan sector and a UNDP dimension). The JSON
input (documented in the README) is checked field by field, turned into RDF through the
packaged JSON-LD context (``kembar/ontology/assessment-context.jsonld``) and validated
with ``shapes/assessment.ttl`` before anything is stored.

The scorecard of an agreement reads its latest assessment (earlier ones are counted)::

    index = 100 * (F + B + (1 - N)) / 3

where F is the share of the success factors that hold, B the share of the benefits
observed and N the share of the negative impacts observed, each over the whole list of
the frame (9, 4 and 5, counted from the ontology). The weights are equal; nothing else
enters. What no source records counts as not observed: the index measures what the
sources document, not the tie itself, so it is always shown beside its counts.

>>> from kembar.graph.store import KembarStore
>>> cards = {c.agreement.rsplit("/", 1)[-1]: c for c in scorecards(KembarStore())}
>>> cards["surabaya-busan"].effectiveness, cards["magelang-tula"].effectiveness
('effective', 'ineffective')
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from kembar.graph.errors import SubmissionError
from kembar.graph.store import KembarStore
from kembar.graph.validation.submission import describe_errors, error_paths, parse_jsonld
from kembar.ontology import ASSESSMENT_CONTEXT_JSONLD, ONTOLOGY_TTL, ids
from kembar.ontology.namespace import KMB
from kembar.shapes import ASSESSMENT_TTL
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from rdflib import RDF, RDFS, Graph, URIRef
from slugify import slugify

__all__ = [
    "Assessment",
    "AssessmentError",
    "AssessmentModel",
    "Scorecard",
    "add",
    "parse_assessment",
    "scorecards",
]

#: The named graph assessments added with ``kembar assess`` go to.
GRAPH = "assessments"


class AssessmentError(SubmissionError):
    """An assessment that cannot be accepted; *problems* are (field, message) pairs."""


@lru_cache(maxsize=1)
def context_document() -> dict[str, Any]:
    """The packaged assessment context (``{"@context": {...}}``), parsed once."""
    document: dict[str, Any] = json.loads(ASSESSMENT_CONTEXT_JSONLD.read_text(encoding="utf-8"))
    return document


#: Fields whose codes are the context's top-level terms for instances of a class.
_CLASS_OF = {
    "factors_held": KMB.SuccessFactor, "factors_lacking": KMB.SuccessFactor,
    "threats_addressed": KMB.Threat, "threats_raised": KMB.Threat,
}  # fmt: skip


def _codes(key: str) -> list[str]:
    """The codes a field accepts: the terms its context gives it (scoped, or by class)."""
    context = context_document()["@context"]
    if key in _CLASS_OF:
        members = set(_members(_CLASS_OF[key]))
        return sorted(t for t, v in context.items() if isinstance(v, str) and _expand(v) in members)
    return sorted(t for t, v in context[key]["@context"].items() if isinstance(v, str))


def _expand(compact: str) -> str:
    return str(KMB) + compact.removeprefix("kmb:")


@lru_cache(maxsize=4)
def _members(cls: URIRef) -> frozenset[str]:
    """IRIs of the ontology's instances of *cls* or of its subclasses."""
    ontology = _shapes()[1]
    classes = set(ontology.transitive_subjects(RDFS.subClassOf, cls))
    return frozenset(str(s) for c in classes for s in ontology.subjects(RDF.type, c))


@lru_cache(maxsize=1)
def _code_of() -> dict[str, str]:
    """Full IRI -> the JSON code that names it (``kmb:StatusDormant`` -> ``dormant``)."""
    found = {}
    for term, definition in context_document()["@context"].items():
        scoped = (
            definition.get("@context", {}) if isinstance(definition, dict) else {term: definition}
        )
        for code, value in scoped.items():
            if isinstance(value, str) and value.startswith("kmb:"):
                found[_expand(value)] = code
    return found


@lru_cache(maxsize=1)
def _field_of() -> dict[str, str]:
    """Property IRI -> the JSON field that sets it (``kmb:benefitObserved`` -> ``benefits``)."""
    context = context_document()["@context"]
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))}
    found = {}
    for term, definition in context.items():
        compact = definition.get("@id", "") if isinstance(definition, dict) else ""
        prefix, _, local = compact.partition(":")
        if prefix in prefixes:
            found[prefixes[prefix] + local] = term
    return found


def _check_codes(key: str, values: list[str]) -> list[str]:
    allowed = _codes(key)
    for value in values:
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of {', '.join(allowed)}")
    if len(set(values)) != len(values):
        raise ValueError("a code is listed twice")
    return values


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class AssessmentModel(_Strict):
    """The JSON input of ``kembar assess`` (see the README for an example)."""

    agreement: str = Field(min_length=1, description="slug or IRI of an agreement in the store")
    assessor: str = Field(min_length=1, max_length=200)
    date: dt.date = Field(strict=False)
    source: list[str] = Field(min_length=1)
    status: str | None = None
    effectiveness: str | None = None
    factors_held: list[str] = []
    factors_lacking: list[str] = []
    benefits: list[str] = []
    negative_impacts: list[str] = []
    stakeholders: list[str] = []
    activities_per_year: Decimal | None = Field(default=None, ge=0, strict=False)
    threats_addressed: list[str] = []
    threats_raised: list[str] = []
    note: str | None = Field(default=None, max_length=2000)

    @field_validator("agreement")
    @classmethod
    def _slug_or_iri(cls, value: str) -> str:
        slug = value.removeprefix(str(ids.agreement("")))
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
            raise ValueError(f"{value!r} is neither an agreement's slug nor its IRI")
        return value

    @field_validator("source")
    @classmethod
    def _urls(cls, values: list[str]) -> list[str]:
        for value in values:
            if not value.startswith(("https://", "http://")) or " " in value:
                raise ValueError(f"{value!r} is not an http(s) URL")
        return values

    @field_validator("status", "effectiveness")
    @classmethod
    def _one_code(cls, value: str | None, info: Any) -> str | None:
        return None if value is None else _check_codes(info.field_name, [value])[0]

    @field_validator(
        "benefits",
        "negative_impacts",
        "stakeholders",
        "factors_held",
        "factors_lacking",
        "threats_addressed",
        "threats_raised",
    )
    @classmethod
    def _many_codes(cls, values: list[str], info: Any) -> list[str]:
        return _check_codes(info.field_name, values)

    def agreement_iri(self) -> URIRef:
        """The agreement's IRI: a slug names one under ``/id/agreement/``."""
        return ids.agreement(self.agreement.removeprefix(str(ids.agreement(""))))

    def slug(self) -> str:
        """``{agreement}-{date}-{assessor}``: the assessment's IRI ends with it."""
        name = self.agreement_iri().rsplit("/", 1)[-1]
        return f"{name}-{self.date.isoformat()}-{slugify(self.assessor)[:40]}"


@dataclass(frozen=True)
class Assessment:
    """An assessment as RDF: its graph and its node."""

    graph: Graph
    node: URIRef
    agreement: URIRef


def parse_assessment(data: bytes, source: str, store: KembarStore) -> Assessment:
    """Check a JSON assessment against the model, the store and the shapes; return its RDF.

    Parameters
    ----------
    data : bytes
        The JSON document (fields in docs/research.md).
    source : str
        Its name, for messages.
    store : KembarStore
        Where the assessed agreement must exist.

    Returns
    -------
    Assessment
        Its node and graph, ready for :func:`add`.

    Raises
    ------
    AssessmentError
        Naming each field at fault; nothing is written.
    """
    try:
        model = AssessmentModel.model_validate_json(data)
    except ValidationError as exc:
        raise AssessmentError(f"{source}: {describe_errors(exc)}", error_paths(exc)) from exc
    agreement = model.agreement_iri()
    if not store.ask(f"ASK {{ <{agreement}> kmb:party ?party }}"):
        problem = ("agreement", f"no agreement <{agreement}> in the store")
        raise AssessmentError(f"{source}: {problem[0]}: {problem[1]}", [problem])
    node = ids.assessment(model.slug())
    document = model.model_dump(mode="json", exclude_none=True)
    document |= {"@context": context_document()["@context"], "id": str(node),
                 "agreement": str(agreement)}  # fmt: skip
    graph = parse_jsonld(json.dumps(document).encode())
    graph.add((node, RDF.type, KMB.Assessment))
    problems = _shape_problems(graph)
    if problems:
        raise AssessmentError(
            f"{source}: " + "; ".join(f"{path}: {message}" for path, message in problems), problems
        )
    return Assessment(graph, node, agreement)


@lru_cache(maxsize=1)
def _shapes() -> tuple[Graph, Graph]:
    shapes = Graph().parse(data=ASSESSMENT_TTL.read_bytes(), format="turtle")
    ontology = Graph().parse(data=ONTOLOGY_TTL.read_bytes(), format="turtle")
    return shapes, ontology


def _shape_problems(graph: Graph) -> list[tuple[str, str]]:
    """The assessment shapes' violations, as (property, message) pairs."""
    from pyshacl import validate
    from rdflib.namespace import SH

    shapes, ontology = _shapes()
    data = graph + ontology  # the ontology types the codes (sh:class)
    conforms, report, _ = validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True)
    if conforms:
        return []
    assert isinstance(report, Graph)
    problems = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        messages = [m for m in report.objects(result, SH.resultMessage) if getattr(m, "language", None) in {None, "en"}]  # fmt: skip
        where = _field_of().get(str(path), str(path)) if path is not None else "(assessment)"
        problems.append((where, str(messages[0]) if messages else "does not conform"))
    return sorted(problems)


def add(store: KembarStore, assessment: Assessment) -> int:
    """Write *assessment* into the ``assessments`` graph in one transaction."""
    quads = ox.parse(
        assessment.graph.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES
    )
    return store.add_graph(GRAPH, quads, replace=False)


# -- scorecards -------------------------------------------------------------------------

_OBSERVED = """
SELECT ?assessment ?agreement ?label ?date ?p ?o ?sector WHERE {
    ?assessment a kmb:Assessment ; kmb:assesses ?agreement ; dct:date ?date ; ?p ?o .
    FILTER (?p IN (kmb:observedStatus, kmb:effectiveness, kmb:successFactorHolds,
                   kmb:successFactorLacking, kmb:benefitObserved, kmb:negativeImpactObserved,
                   kmb:stakeholderParticipates, kmb:activitiesPerYear, kmb:threatAddressed,
                   kmb:threatRaised))
    OPTIONAL { ?agreement rdfs:label ?label FILTER (LANGMATCHES(LANG(?label), "en")) }
    OPTIONAL { ?o kmb:sector ?sector }
}
"""

_FRAME = """
SELECT (COUNT(DISTINCT ?f) AS ?factors) (COUNT(DISTINCT ?b) AS ?benefits)
       (COUNT(DISTINCT ?n) AS ?impacts) WHERE {
    { ?f a kmb:SuccessFactor } UNION { ?b a kmb:Benefit } UNION { ?n a kmb:NegativeImpact }
}
"""


@dataclass
class Scorecard:
    """What the latest assessment of an agreement records, and its index (0-100)."""

    agreement: str
    label: str
    assessments: int
    date: str
    status: str | None = None
    effectiveness: str | None = None
    factors_held: list[str] = field(default_factory=list)
    factors_lacking: list[str] = field(default_factory=list)
    benefits: list[str] = field(default_factory=list)
    negative_impacts: list[str] = field(default_factory=list)
    stakeholders: list[str] = field(default_factory=list)
    activities_per_year: float | None = None
    threats_addressed: list[str] = field(default_factory=list)
    threats_raised: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    index: int = 0

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


_LISTS = {
    KMB.successFactorHolds: "factors_held", KMB.successFactorLacking: "factors_lacking",
    KMB.benefitObserved: "benefits", KMB.negativeImpactObserved: "negative_impacts",
    KMB.stakeholderParticipates: "stakeholders", KMB.threatAddressed: "threats_addressed",
    KMB.threatRaised: "threats_raised",
}  # fmt: skip


def scorecards(store: KembarStore) -> list[Scorecard]:
    """One scorecard per assessed agreement (its latest assessment), highest index first.

    Parameters
    ----------
    store : KembarStore
        The store to read.

    Returns
    -------
    list of Scorecard

    Examples
    --------
    >>> from kembar.graph.store import KembarStore
    >>> cards = {c.agreement.rsplit("/", 1)[1]: c for c in scorecards(KembarStore())}
    >>> cards["surabaya-busan"].effectiveness
    'effective'
    """
    frame = store.select(_FRAME)[0]
    sizes = int(frame["factors"]), int(frame["benefits"]), int(frame["impacts"])
    rows = store.select(_OBSERVED)
    latest: dict[str, tuple[str, str]] = {}
    counted: dict[str, set[str]] = {}
    for row in rows:
        counted.setdefault(row["agreement"], set()).add(row["assessment"])
        key = (row["date"], row["assessment"])
        if row["agreement"] not in latest or key > latest[row["agreement"]]:
            latest[row["agreement"]] = key
    cards: dict[str, Scorecard] = {}
    for row in rows:
        agreement = row["agreement"]
        if latest[agreement][1] != row["assessment"]:
            continue
        card = cards.setdefault(agreement, Scorecard(
            agreement, row.get("label", agreement), len(counted[agreement]), row["date"]))  # fmt: skip
        value = _code_of().get(row["o"], row["o"])
        predicate = URIRef(row["p"])
        if predicate == KMB.observedStatus:
            card.status = value
        elif predicate == KMB.effectiveness:
            card.effectiveness = value
        elif predicate == KMB.activitiesPerYear:
            card.activities_per_year = float(row["o"])
        else:
            bucket = getattr(card, _LISTS[predicate])
            if value not in bucket:
                bucket.append(value)
            sector = row.get("sector", "").rsplit("#", 1)[-1]
            if predicate == KMB.threatAddressed and sector and sector not in card.sectors:
                card.sectors.append(sector)
    for card in cards.values():
        held, seen, harms = (
            len(card.factors_held) / sizes[0],
            len(card.benefits) / sizes[1],
            len(card.negative_impacts) / sizes[2],
        )
        card.index = round(100 * (held + seen + (1 - harms)) / 3)
        for name in _LISTS.values():
            getattr(card, name).sort()
        card.sectors.sort()
    return sorted(cards.values(), key=lambda c: (-c.index, c.agreement))
