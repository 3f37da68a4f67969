"""Validator input: a proposed agreement as JSON (submission-format.md), Turtle or JSON-LD.

JSON is parsed by strict typed models: unknown keys, wrong types, impossible dates and
unknown codes are refused with the field's path. The packaged JSON-LD context
(``kembar/ontology/context.jsonld``) then turns the same document into RDF in the
ontology's terms, so the JSON and its graph are one thing. RDF submissions are read with
nothing fetched: a ``@context`` may only be the packaged one (inline, or by its IRI).

>>> sub = parse_submission(b'''{"format": "kembar-agreement/1", "form": "sister_city",
...   "indonesian_party": {"name": "Kota Surabaya", "level": "kota"},
...   "foreign_party": {"name": "Busan", "country": "KR"},
...   "dates": {"signed": "1994-11-04"}}''', "surabaya-busan.json")
>>> sub.judging_date().isoformat()
'1994-11-04'
>>> (sub.node, KMB.foreignParty, None) in sub.graph
True
>>> parse_submission(b'{"format": "kembar-agreement/1", "form": "twin"}', "x.json")
Traceback (most recent call last):
...
kembar.graph.errors.SubmissionError: x.json: form: Input should be 'sister_city', 'sister_province' or 'other'; indonesian_party: Field required; foreign_party: Field required
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import warnings
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Literal

import pycountry
import pyoxigraph as ox
from kembar.graph.errors import LimitError, SubmissionError
from kembar.ontology import CONTEXT_JSONLD
from kembar.ontology.ids import CONTEXT_IRI
from kembar.ontology.namespace import KMB
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError
from rdflib import RDF, XSD, BNode, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.plugins.parsers.jsonld import Parser as JsonLdParser
from rdflib.plugins.shared.jsonld.context import Context as JsonLdContext
from rdflib.term import Node

__all__ = [
    "FORMAT_VERSION",
    "INDONESIAN_OFFICES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_ITEMS",
    "MAX_TEXT",
    "MAX_TRIPLES",
    "FieldCode",
    "Submission",
    "SubmissionModel",
    "context_document",
    "describe_errors",
    "error_kinds",
    "error_paths",
    "parse_jsonld",
    "parse_submission",
]

# rdflib 7's own JSON-LD parser builds a ConjunctiveGraph and warns about it on every
# parse. Silenced once, for the process: warnings.catch_warnings() around each parse is not
# thread-safe, and concurrent requests parse at the same time.
warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)

#: The one submission format version this validator reads.
FORMAT_VERSION = "kembar-agreement/1"

_Text = Annotated[str, Field(min_length=1, max_length=20_000)]
_Name = Annotated[str, Field(min_length=1, max_length=300)]
_Code = Annotated[str, Field(min_length=1, max_length=200)]

FieldCode = Literal[
    "science_technology", "cultural_exchange", "governance_capacity", "regional_promotion",
    "other_lawful", "economy", "trade", "investment", "industry", "tourism", "education",
    "health", "culture", "social_welfare", "youth_sport", "environment",
    "public_works_spatial_planning", "housing", "disaster_management", "transport",
    "agriculture", "marine_fisheries", "smes", "communication_informatics",
    "foreign_policy", "defence", "security", "justice", "monetary_fiscal", "religion",
]  # fmt: skip


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class IndonesianParty(_Strict):
    name: _Name
    level: Literal["provinsi", "kabupaten", "kota"] | None = None
    province: _Name | None = None


class ForeignParty(_Strict):
    name: _Name
    country: str
    type: (
        Literal[
            "subnational_government", "national_government", "international_organisation",
            "non_profit", "university", "company", "political_party",
        ]
        | None
    ) = None  # fmt: skip
    level: Literal["province_level", "municipal_level"] | None = None

    @field_validator("country")
    @classmethod
    def _known_country(cls, code: str) -> str:
        if code not in _country_codes():
            raise PydanticCustomError(
                "country_code",
                "'{code}' is not an upper-case ISO 3166-1 alpha-2 code",
                {"code": code},
            )
        return code


class Se1993(_Strict):
    a: _Text | None = None
    b: _Text | None = None
    c: _Text | None = None
    d: _Text | None = None
    e: _Text | None = None
    f: _Text | None = None


class Justifications(_Strict):
    equality: _Text | None = None
    complementarity: _Text | None = None
    people_to_people: _Text | None = None
    tech_transfer_plan: _Text | None = None
    plan_references: list[_Text] | None = None
    se1993: Se1993 | None = None


class Dates(_Strict):
    exploration: dt.date | None = None
    consult_mendagri: dt.date | None = None
    consult_menlu: dt.date | None = None
    loi_signed: dt.date | None = None
    plan: dt.date | None = None
    dprd_request: dt.date | None = None
    dprd_approval: dt.date | None = None
    mendagri_submission: dt.date | None = None
    mendagri_advice: dt.date | None = None
    interministerial_meeting: dt.date | None = None
    mendagri_draft_approval: dt.date | None = None
    kemlu_confirmation: dt.date | None = None
    mendagri_forward: dt.date | None = None
    signed: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None


class Signatory(_Strict):
    name: _Name | None = None
    office: _Code
    acting: bool | None = None
    party: Literal["indonesian", "foreign"]


INDONESIAN_OFFICES = frozenset(
    {"gubernur", "bupati", "wali_kota", "wakil_gubernur", "wakil_bupati", "wakil_wali_kota",
     "sekda", "kepala_opd", "other"}
)  # fmt: skip


class Report(_Strict):
    date: dt.date
    recipient: Literal["kemendagri", "kemlu", "governor", "other"]


class SubmissionModel(_Strict):
    """The JSON submission, field by field as submission-format.md defines it."""

    format: Literal["kembar-agreement/1"]
    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=200)] | None = None
    title: _Text | None = None
    form: Literal["sister_city", "sister_province", "other"]
    indonesian_party: IndonesianParty
    foreign_party: ForeignParty
    fields: list[FieldCode] | None = None
    justifications: Justifications | None = None
    dates: Dates | None = None
    mendagri_advice_outcome: Literal["draft_text", "revise_plan"] | None = None
    interministerial_participants: (
        list[Literal["kemlu", "sector_ministry", "province", "regency_city"]] | None
    ) = None
    duration_years: Annotated[int, Field(ge=1, le=100)] | None = None
    renewal_of: Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")] | None = None
    signatories: list[Signatory] | None = None
    languages: list[str] | None = None
    prevailing_language: str | None = None
    funding_sources: list[Literal["apbd", "apbn", "partner", "grant", "other"]] | None = None
    establishes_office_abroad: bool | None = None
    involves_grant: bool | None = None
    asset_ownership_clause: bool | None = None
    dispute_settlement: (
        Literal[
            "negotiation_consultation", "arbitration", "foreign_court", "domestic_court", "none"
        ]
        | None
    ) = None
    termination_clause: bool | None = None
    signed_abroad: bool | None = None
    full_powers_ref: _Code | None = None
    mission_confirmation_ref: _Code | None = None
    text_contains_aceh_phrase: bool | None = None
    reports: list[Report] | None = None

    @field_validator("languages")
    @classmethod
    def _languages(cls, codes: list[str] | None) -> list[str] | None:
        for code in codes or []:
            _check_language(code)
        return codes

    @field_validator("prevailing_language")
    @classmethod
    def _prevailing(cls, code: str | None) -> str | None:
        return None if code is None else _check_language(code)

    @field_validator("signatories")
    @classmethod
    def _offices(cls, people: list[Signatory] | None) -> list[Signatory] | None:
        for person in people or []:
            if person.party == "indonesian" and person.office not in INDONESIAN_OFFICES:
                raise PydanticCustomError(
                    "office_code",
                    "Indonesian office '{office}' is not one of {choices}",
                    {"office": person.office, "choices": ", ".join(sorted(INDONESIAN_OFFICES))},
                )
        return people


def _check_language(code: str) -> str:
    if len(code) != 2 or pycountry.languages.get(alpha_2=code) is None:
        raise PydanticCustomError(
            "language_code", "'{code}' is not an ISO 639-1 language code", {"code": code}
        )
    return code


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes known to country-converter (it includes XK and TW).

    A few cells of its table are regular expressions of aliases (``^GR$|^EL$``); the
    first alternative is the ISO code.
    """
    import country_converter as coco

    cells = (str(cell) for cell in coco.CountryConverter().data["ISO2"])
    return frozenset(cell.split("|")[0].strip("^$") for cell in cells)


@lru_cache(maxsize=1)
def context_document() -> dict[str, Any]:
    """The packaged JSON-LD context, parsed once (``{"@context": {...}}``)."""
    document: dict[str, Any] = json.loads(CONTEXT_JSONLD.read_text(encoding="utf-8"))
    return document


@dataclass(frozen=True)
class Submission:
    """A submission as RDF: its graph, the node that is the agreement, and the JSON if any."""

    graph: Graph
    node: Node
    source: str
    model: SubmissionModel | None = None

    def date(self, prop: URIRef) -> dt.date | None:
        """The first ``xsd:date`` value of ``prop`` on the agreement node, if any."""
        for value in self.graph.objects(self.node, prop):
            if isinstance(value, RDFLiteral) and isinstance(value.toPython(), dt.date):
                return value.toPython()  # type: ignore[no-any-return]
        return None

    def judging_date(self, today: dt.date | None = None) -> dt.date:
        """The date whose law applies: signing, else the letter of intent, else today."""
        return self.date(KMB.signedOn) or self.date(KMB.loiSignedOn) or today or dt.date.today()


def parse_submission(data: bytes, source: str, media_type: str | None = None) -> Submission:
    """Parse one submission; ``media_type`` or the file name's suffix picks the syntax.

    Parameters
    ----------
    data : bytes
        The document.
    source : str
        Its name, as reports will call it; ``.json``, ``.jsonld`` and ``.ttl`` pick the
        syntax when *media_type* does not.
    media_type : str, optional
        ``application/json`` (the submission format), ``application/ld+json`` or
        ``text/turtle`` (RDF in the ontology's terms).

    Returns
    -------
    Submission
        The submission as RDF, with its agreement node and, for JSON, its typed model.

    Raises
    ------
    SubmissionError
        Naming the field, line or limit at fault; nothing is judged.
    """
    kind = _kind(source, media_type)
    if len(data) > MAX_BYTES:
        raise LimitError(
            f"{source}: the submission has {len(data):,} bytes; the limit is {MAX_BYTES:,}",
            "max_submission_bytes", 413,
        )  # fmt: skip
    if kind == "turtle":
        _check_declarations(data, source)
        return _from_graph(_read_rdf(data, source, ox.RdfFormat.TURTLE), source)
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SubmissionError(
            f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from exc
    except json.JSONDecodeError as exc:
        raise SubmissionError(
            f"{source}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    except RecursionError as exc:
        raise _too_deep(source) from exc
    except ValueError as exc:  # Python's own bound on the digits of an integer
        digits = sys.get_int_max_str_digits()
        raise LimitError(
            f"{source}: a number has more than {digits:,} digits", "max_digits", 422
        ) from exc
    _check_shape(document, source)
    if kind == "jsonld" or (isinstance(document, dict) and "@context" in document):
        _check_contexts(document, source)
        _inline_contexts(document, source, "")
        inlined = json.dumps(document).encode()
        deque(_checked(inlined, source, ox.RdfFormat.JSON_LD), maxlen=0)  # before rdflib
        try:  # rdflib's reading: Oxigraph's resolves a vocabulary-mapped @type differently
            graph = parse_jsonld(inlined)
        except Exception as exc:  # rdflib raises many types; each is bad input here
            raise SubmissionError(f"{source}: not valid json-ld: {_first_line(exc)}") from exc
        return _from_graph(graph, source)
    return from_model(_validate_json(data, source), source)


# -- limits: what a submission may weigh, before any costly parsing ---------------------------

#: Bytes a submission may have (the server's ``max_submission_bytes`` may be lower).
MAX_BYTES = 1_000_000
#: How deep JSON may nest (the format itself needs 4 levels).
MAX_DEPTH = 16
#: Items any one list may hold (``fields``, ``plan_references``, ``signatories``...).
MAX_ITEMS = 100
#: Triples an RDF submission may hold (a full JSON submission makes about 120).
MAX_TRIPLES = 1_000
#: Characters any one string or literal may have.
MAX_TEXT = 20_000
#: Keys any one JSON object may have (a submission's objects have fewer than 30).
MAX_KEYS = 200
#: Prefix and base declarations a Turtle submission may make (rdflib binds each in time
#: linear in those bound before: thousands would cost seconds before a triple is read).
MAX_DECLARATIONS = 100
#: ``@context`` entries a JSON-LD submission may hold (scoped contexts and references to
#: the packaged context, which is inlined, included), and the terms the inline ones may
#: define together: each scoped context is processed again wherever its term is used.
MAX_CONTEXTS, MAX_CONTEXT_TERMS = 10, 200
#: A declaration wherever it stands (Turtle allows many on one line, and any line break):
#: ``@prefix``, ``@base``, and the SPARQL forms ``PREFIX p: <`` and ``BASE <``.
_DECLARATION = re.compile(rb"(?i)@(?:prefix|base)\b|(?<![\w:])(?:prefix\s+[^\s<>]*:\s*|base\s*)<")


def _check_declarations(data: bytes, source: str) -> None:
    """Refuse a Turtle document with more than :data:`MAX_DECLARATIONS` prefix or base
    declarations, counted before any parser sees it."""
    found = len(_DECLARATION.findall(data))
    if found > MAX_DECLARATIONS:
        raise LimitError(
            f"{source}: {found:,} prefix and base declarations; the limit is {MAX_DECLARATIONS}",
            "max_declarations", 422,
        )  # fmt: skip


def _check_contexts(document: Any, source: str) -> None:
    """Refuse more than :data:`MAX_CONTEXTS` inline contexts or :data:`MAX_CONTEXT_TERMS`
    terms defined in them, before any JSON-LD processing."""
    contexts = terms = 0
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":  # a context given by its IRI counts: it is inlined
                    for context in value if isinstance(value, list) else [value]:
                        contexts += 1
                        terms += len(context) if isinstance(context, dict) else 0
                stack.append(value)
            if contexts > MAX_CONTEXTS or terms > MAX_CONTEXT_TERMS:
                raise LimitError(
                    f"{source}: the inline JSON-LD contexts pass the limit ({MAX_CONTEXTS} "
                    f"contexts, {MAX_CONTEXT_TERMS} terms in all)", "max_context_terms", 422,
                )  # fmt: skip


def _too_deep(source: str) -> LimitError:
    return LimitError(f"{source}: the JSON nests deeper than {MAX_DEPTH} levels", "max_depth", 422)


def _check_shape(document: Any, source: str) -> None:
    """Refuse JSON deeper than :data:`MAX_DEPTH` or with a list over :data:`MAX_ITEMS`."""
    stack: list[tuple[Any, str, int]] = [(document, "", 1)]
    while stack:
        node, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep(source)
        if isinstance(node, dict):
            if len(node) > MAX_KEYS:
                raise LimitError(
                    f"{source}: {path or 'the document'} has {len(node):,} keys; "
                    f"the limit is {MAX_KEYS}", "max_keys", 422,
                )  # fmt: skip
            stack.extend((v, f"{path}.{k}" if path else str(k), depth + 1) for k, v in node.items())
        elif isinstance(node, list):
            if len(node) > MAX_ITEMS:
                raise LimitError(
                    f"{source}: {path or 'the document'} lists {len(node):,} items; "
                    f"the limit is {MAX_ITEMS}", "max_items", 422,
                )  # fmt: skip
            stack.extend((v, f"{path}[{i}]", depth + 1) for i, v in enumerate(node))
        elif isinstance(node, str) and len(node) > MAX_TEXT:
            raise LimitError(
                f"{source}: {path or 'the document'} has {len(node):,} characters; "
                f"the limit is {MAX_TEXT:,}", "max_text", 422,
            )  # fmt: skip


def _read_rdf(data: bytes, source: str, fmt: ox.RdfFormat) -> Graph:
    """The graph Oxigraph reads in *data* (:func:`_checked`), as rdflib holds it.

    rdflib never parses a submitted Turtle text: its reader spends time quadratic in the
    prefix declarations, wherever in the text they stand (JSON-LD, whose contexts are
    bounded first, is read by rdflib after :func:`_checked`).
    """
    graph = Graph(bind_namespaces="none")
    blank: dict[str, BNode] = {}  # the document's blank node labels, each a new node
    for quad in _checked(data, source, fmt):
        graph.add((_node(quad.subject, source, blank), URIRef(quad.predicate.value),
                   _node(quad.object, source, blank)))  # fmt: skip
    return graph


def _checked(data: bytes, source: str, fmt: ox.RdfFormat) -> Iterator[ox.Quad]:
    """The quads of *data* read with Oxigraph's strict, streaming parser, within the limits.

    Refuses more than :data:`MAX_TRIPLES` triples (without reading further), more than
    :data:`MAX_ITEMS` values of one property on one node, an IRI that
    is not one (RFC 3987: no spaces, ``<``, ``>``, braces...), a literal over
    :data:`MAX_TEXT` characters, named graphs and triple terms.
    """
    count = 0
    values: dict[tuple[str, str], int] = {}
    try:
        for quad in ox.parse(data, format=fmt):
            count += 1
            key = (str(quad.subject), quad.predicate.value)
            values[key] = values.get(key, 0) + 1
            if values[key] > MAX_ITEMS:  # the RDF form of a list over the limit
                raise LimitError(
                    f"{source}: {quad.predicate.value} has more than {MAX_ITEMS} values on one node",
                    "max_items", 422,
                )  # fmt: skip
            if count > MAX_TRIPLES:
                raise LimitError(
                    f"{source}: the submission holds more than {MAX_TRIPLES:,} triples",
                    "max_triples", 422,
                )  # fmt: skip
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                raise SubmissionError(
                    f"{source}: a submission is one graph; named graphs are refused"
                )
            if isinstance(quad.object, ox.Literal) and len(quad.object.value) > MAX_TEXT:
                raise LimitError(
                    f"{source}: a literal has {len(quad.object.value):,} characters; "
                    f"the limit is {MAX_TEXT:,}", "max_text", 422,
                )  # fmt: skip
            yield quad
    except SyntaxError as exc:
        syntax = "turtle" if fmt == ox.RdfFormat.TURTLE else "json-ld"
        raise SubmissionError(f"{source}: not valid {syntax}: {_first_line(exc)}") from None


def _node(term: Any, source: str, blank: dict[str, BNode]) -> Node:
    """An Oxigraph term as rdflib's reader makes it: a new blank node for each label (as
    labelled in *blank*), a plain string literal without a datatype."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return blank.setdefault(term.value, BNode())
    if isinstance(term, ox.Literal):
        if term.language:
            return RDFLiteral(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return RDFLiteral(term.value)
        return RDFLiteral(term.value, datatype=URIRef(term.datatype.value))
    raise SubmissionError(f"{source}: a triple term (RDF 1.2) cannot be part of a submission")


_XSD_STRING = str(XSD.string)


def _kind(source: str, media_type: str | None) -> str:
    media = (media_type or "").split(";")[0].strip().lower()
    if media in {"text/turtle", "application/x-turtle"} or source.endswith(".ttl"):
        return "turtle"
    if media == "application/ld+json" or source.endswith(".jsonld"):
        return "jsonld"
    return "json"


def _validate_json(data: bytes, source: str) -> SubmissionModel:
    try:
        return SubmissionModel.model_validate_json(data)
    except ValidationError as exc:
        raise SubmissionError(
            f"{source}: {describe_errors(exc)}", error_paths(exc), error_kinds(exc)
        ) from exc


def error_paths(exc: ValidationError) -> list[tuple[str, str]]:
    """A pydantic error as (field path, problem) pairs: ``foreign_party.country``, ``fields[2]``."""
    problems = []
    for error in exc.errors(include_url=False):
        path = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        problems.append((path.replace(".[", "[") or "(document)", message))
    return problems


def error_kinds(exc: ValidationError) -> list[str]:
    """The kind of each problem of :func:`error_paths`, in its order: pydantic's error type
    (``missing``, ``literal_error``, ``date_from_datetime_parsing``...) or Kembar's own
    (``country_code``, ``language_code``, ``office_code``); what a page translates."""
    return [str(error["type"]) for error in exc.errors(include_url=False)]


def describe_errors(exc: ValidationError) -> str:
    """A pydantic error in one line: ``path: problem; path: problem``."""
    return "; ".join(f"{path}: {message}" for path, message in error_paths(exc))


def from_model(model: SubmissionModel, source: str) -> Submission:
    """Turn a validated JSON submission into its RDF through the packaged context."""
    document = model.model_dump(mode="json", exclude_none=True)  # no "@context": not loaded
    graph = Graph(bind_namespaces="none")
    JsonLdParser().parse(document, _processed_context(), graph)
    roots = list(graph.subjects(KMB.indonesianParty, None))
    if len(roots) != 1:  # pragma: no cover - the context guarantees one root
        raise SubmissionError(f"{source}: the context did not yield one agreement node")
    graph.add((roots[0], RDF.type, KMB.Submission))
    return Submission(graph, roots[0], source, model)


@lru_cache(maxsize=1)
def _processed_context() -> JsonLdContext:
    """The packaged context as rdflib's JSON-LD parser holds it, processed once: processing
    it for every submission took a third of turning one into RDF. The parser only reads it
    (it would load a document's own ``@context`` into it: :func:`from_model` sends none)."""
    return JsonLdContext(context_document()["@context"])


def _inline_contexts(node: Any, source: str, where: str) -> None:
    """Replace our context IRI by the packaged context; refuse any other remote context."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            _inline_contexts(item, source, f"{where}[{index}]")
        return
    if not isinstance(node, dict):
        return
    for key, value in list(node.items()):
        path = f"{where}.{key}" if where else key
        if key == "@context":
            node[key] = _local_context(value, source, path)
        else:
            _inline_contexts(value, source, path)


def _local_context(value: Any, source: str, path: str) -> Any:
    if isinstance(value, list):
        return [_local_context(item, source, f"{path}[{i}]") for i, item in enumerate(value)]
    if isinstance(value, str):
        if value == str(CONTEXT_IRI):
            return context_document()["@context"]
        raise SubmissionError(
            f"{source}: {path}: remote JSON-LD context {value!r} refused; "
            f"use {CONTEXT_IRI} or an inline context (nothing is fetched)"
        )
    if isinstance(value, dict):
        if "@import" in value:
            raise SubmissionError(f"{source}: {path}.@import: remote context imports are refused")
        _inline_contexts(value, source, path)
    return value


def parse_jsonld(data: bytes) -> Graph:
    """JSON-LD whose contexts are inline (the caller has replaced or refused remote ones).

    The graph binds no default prefixes: binding rdflib's thirty costs a quarter of a parse."""
    graph = Graph(bind_namespaces="none")
    graph.parse(data=data, format="json-ld")
    return graph


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]


def _from_graph(graph: Graph, source: str) -> Submission:
    roots = sorted(set(graph.subjects(KMB.indonesianParty, None)), key=str)
    if len(roots) != 1:
        raise SubmissionError(
            f"{source}: expected one agreement with kmb:indonesianParty, found {len(roots)}"
        )
    node = roots[0]
    if not isinstance(node, (URIRef, BNode)):  # pragma: no cover - subjects are never literals
        raise SubmissionError(f"{source}: the agreement must be an IRI or a blank node")
    for term in {t for triple in graph for t in triple if isinstance(t, URIRef)}:
        try:
            ox.NamedNode(str(term))  # RFC 3987, as Oxigraph reads IRIs
        except ValueError:
            raise SubmissionError(
                f"{source}: {str(term)[:80]!r} is not an IRI",
                [("(document)", f"{str(term)[:80]!r} is not an IRI (RFC 3987)")],
            ) from None
    _confine(graph, node, source)
    graph.add((node, RDF.type, KMB.Submission))
    return Submission(graph, node, source)


def _confine(graph: Graph, node: Node, source: str) -> None:
    """A submission speaks of its agreement and of its own blank nodes, and of nothing else.

    A statement about any other IRI (a country, a region, another agreement) would enter
    the validator's picture of the world, and a stored agreement's graph: it is refused,
    naming the IRI.
    """
    reachable, frontier = {node}, [node]
    while frontier:
        here = frontier.pop()
        for value in graph.objects(here, None):
            if isinstance(value, BNode) and value not in reachable:
                reachable.add(value)
                frontier.append(value)
    for subject in set(graph.subjects()):
        if subject not in reachable:
            what = (
                f"<{subject}>" if isinstance(subject, URIRef) else "a blank node not linked to it"
            )
            raise SubmissionError(
                f"{source}: a submission may only describe its agreement and its own blank "
                f"nodes; it states something about {what}",
                [("(document)", f"statements about {what} are not part of a submission")],
            )
