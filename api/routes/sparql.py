"""``/sparql``: the SPARQL 1.1 Protocol for queries.

GET ``query=``, POST form, POST ``application/sparql-query``; ``default-graph-uri`` and
``named-graph-uri`` honoured; SELECT/ASK as JSON, XML, CSV or TSV and CONSTRUCT/DESCRIBE
as Turtle, N-Triples, JSON-LD, RDF/XML, N-Quads or TriG by ``Accept`` (q-values; 406
when nothing fits). Without a query: the service description, or a query page for
browsers. Errors are problem JSON with the status the protocol names: 400 for a
malformed query (with line and column) or a refused one (SERVICE, updates), 415 for an
unknown body type.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from urllib.parse import parse_qsl

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from kembar.api.cache import PATHS, cache_key, request_base
from kembar.api.deps import SettingsDep
from kembar.api.dumps import FileStream
from kembar.api.errors import (
    ApiError,
    NotAcceptableError,
    PayloadTooLargeError,
    UnsupportedMediaTypeError,
    handler_for,
)
from kembar.api.negotiation import negotiate
from kembar.api.routes.linked_data import RDF_TYPES
from kembar.api.runtime import runtime_of
from kembar.api.settings import Settings
from kembar.api.web.examples import examples, vocabulary_terms
from kembar.api.web.http import wants_html
from kembar.api.web.i18n import N_, translate
from kembar.api.web.render import html_page, language
from kembar.graph.linkeddata.void import service_description
from kembar.graph.runtime import GRAPH_TYPES, RESULT_TYPES, Job
from kembar.graph.sparql.functions import FN
from kembar.graph.sparql.guard import check, query_form, tokens
from kembar.graph.store import KembarStore
from kembar.ontology import ids
from starlette.types import ASGIApp, Receive, Scope, Send

router = APIRouter(tags=["sparql"])

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"


@dataclass(frozen=True)
class ProtocolRequest:
    """A query request as the protocol defines it, whatever the HTTP form it came in."""

    query: str
    default_graphs: list[str]
    named_graphs: list[str]
    base: str


#: Answers larger than this are sent from an unnamed temporary file, a chunk at a time.
SPOOL_BYTES = 1 << 20


def _check_length(protocol: ProtocolRequest, settings: Settings) -> None:
    if len(protocol.query) > settings.max_query_length:
        raise PayloadTooLargeError(
            f"the query has {len(protocol.query)} characters; the limit is {settings.max_query_length}"
        )


def _charset(content_type: str) -> str | None:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def _one_query(values: list[str]) -> str:
    if len(values) != 1:
        raise ApiError(
            f"exactly one 'query' parameter is required, got {len(values)}"
            if values
            else "the 'query' parameter is missing"
        )
    return values[0]


async def _read(request: Request) -> ProtocolRequest | None:
    """The protocol request, or None for a GET without a query (the description)."""
    url = parse_qsl(request.scope["query_string"].decode("latin-1"), keep_blank_values=True)
    if request.method == "GET":
        params = url
        if not any(k == "query" for k, _ in params):
            return None
    else:
        content_type = request.headers.get("content-type", "")
        media = content_type.split(";")[0].strip().lower()
        charset = _charset(content_type)
        if charset not in {None, "utf-8", "utf8"}:
            raise UnsupportedMediaTypeError(f"send the query as UTF-8, not {charset}")
        body = await request.body()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ApiError(f"the request body is not UTF-8 (byte {exc.start})") from None
        if media == FORM:
            params = url + parse_qsl(text, keep_blank_values=True)
        elif media == SPARQL_QUERY:
            if any(k == "query" for k, _ in url):
                raise ApiError("a query in the body and another in the URL: send one")
            params = [*url, ("query", text)]
        else:
            raise UnsupportedMediaTypeError(
                f"send the query as {SPARQL_QUERY} or {FORM}, not {media or 'no content type'!r}"
            )
    query = _one_query([v for k, v in params if k == "query"])
    return ProtocolRequest(
        query,
        [v for k, v in params if k == "default-graph-uri"],
        [v for k, v in params if k == "named-graph-uri"],
        request_base(request.scope),
    )


def _media(request: ProtocolRequest, accept: str | None) -> str:
    """The result type to answer in, chosen before the query runs (406 if none fits)."""
    graph = query_form(request.query) in {"CONSTRUCT", "DESCRIBE"}
    offers = list(GRAPH_TYPES if graph else RESULT_TYPES)
    media = negotiate(accept, offers)
    if media is None:
        kind = "a graph" if graph else "results"
        raise NotAcceptableError(f"{kind} can be sent as {', '.join(offers)}")
    return media


def _uses_functions(query: str) -> bool:
    """Whether the query names a ``fn:`` function (by prefix or by the namespace's IRI)."""
    return any(
        (t.kind == "pname" and t.text.startswith("fn:")) or (t.kind == "iri" and str(FN) in t.text)
        for t in tokens(query)
    )


async def _answer(request: Request, protocol: ProtocolRequest, media: str) -> Response:
    """Refuse what must not run, then run the query in a worker process within the limits of
    the settings; a GET's answer is kept in the result cache under the store version the
    worker answered from."""
    state = runtime_of(request)
    settings, store = state.settings, state.store
    check(protocol.query, store.graph_names, allow_service=settings.allow_service)
    pool = state.queries
    if _uses_functions(protocol.query) and not store.is_remote:
        # the network metrics are computed once per version; wait for them here, within the
        # query's own limit, rather than in a worker
        await run_in_threadpool(state.tables.table, store.version, wait=pool.timeout)
    key = cache_key(request.scope)
    job = Job(protocol.query, media, protocol.default_graphs, protocol.named_graphs, protocol.base)
    answer = await pool.arun(job)
    headers = {
        "Vary": "Accept",
        "X-Kembar-Timeout": f"{pool.timeout:g}",
        "X-Kembar-Max-Rows": str(answer.row_limit),
        "X-Kembar-Max-Bytes": str(pool.max_bytes),
        "X-Kembar-Store-Version": str(answer.version),
    }
    if len(answer.body) > SPOOL_BYTES:  # a slow reader must not keep a large answer in memory
        response: Response = FileStream.spooled(answer.body, media, headers)
    else:
        response = Response(answer.body, media_type=media, headers=headers)
    results = state.results
    if key is not None and results.max_bytes:
        results.put(answer.version, key, answer.body, list(response.raw_headers))
        response.headers["X-Kembar-Cache"] = "miss"
    return response


_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"content": {m: {} for m in [*RESULT_TYPES, *GRAPH_TYPES]}},
    400: {"description": "Malformed or refused query; the problem names line and column"},
    406: {"description": "No acceptable result type"},
    415: {"description": "Unknown body type (POST)"},
}


_PARAMETERS = [
    {"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "the SPARQL query; without it, the service description",
     "example": "SELECT ?a ?d WHERE { ?a a kmb:SisterProvinceAgreement ; kmb:signedOn ?d } LIMIT 5"},
    {"name": "default-graph-uri", "in": "query", "required": False,
     "schema": {"type": "array", "items": {"type": "string"}}, "explode": True,
     "description": "graphs that make up the default graph (else: the union of all)",
     "example": ["https://w3id.org/kembar/graph/data"]},
    {"name": "named-graph-uri", "in": "query", "required": False,
     "schema": {"type": "array", "items": {"type": "string"}}, "explode": True,
     "description": "graphs GRAPH may visit"},
]  # fmt: skip


@router.get(
    "/sparql",
    summary="SPARQL query (GET), service description, query page",
    responses=_RESPONSES,
    openapi_extra={"parameters": _PARAMETERS},
)
@router.get("/sparql/", include_in_schema=False)  # fmt: skip
async def sparql_get(request: Request) -> Response:
    """Answer ``query=`` (with ``default-graph-uri`` / ``named-graph-uri``); without a
    query, the service description (Turtle, JSON-LD, ...) or, for a browser, a query page."""
    answer = await _query_get(request)
    if answer is not None:
        return answer
    protocol = await _read(request)
    if protocol is None:
        return await _describe(request, runtime_of(request).store, request.headers.get("accept"))
    _check_length(protocol, runtime_of(request).settings)
    return _editor(request, protocol.query)  # a person opened a link to a query: it runs


def _wants_editor(request: Request) -> bool:
    return wants_html(request.headers.get("accept"))


async def _query_get(request: Request) -> Response | None:
    """The answer to a ``GET`` with a query for a program; None for a browser or without a
    query (the route's page or the service description)."""
    if _wants_editor(request):
        return None
    protocol = await _read(request)
    if protocol is None:
        return None
    _check_length(protocol, runtime_of(request).settings)
    return await _answer(request, protocol, _media(protocol, request.headers.get("accept")))


class DirectQueries:
    """ASGI middleware: ``GET /sparql?query=...`` for a program answered beneath FastAPI's
    routing, by the same steps as the route (:func:`_query_get`).

    Finding the route among a hundred and solving its dependencies cost more main-process
    time than the query itself on a lookup (see docs/benchmarks.md); errors go to the
    handlers the app registered, so the answer is the route's, byte for byte. It sits inside
    the fair-share layer: a query answered here takes its client's turn like any other.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and scope["path"] in PATHS
            and b"query=" in scope["query_string"]
        ):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            response = await _query_get(request)
        except Exception as exc:
            handler = handler_for(scope["app"], exc)
            if handler is None:
                raise
            response = await handler(request, exc)
        if response is None:
            await self.app(scope, receive, send)
            return
        await response(scope, receive, send)


@router.post(
    "/sparql",
    summary="SPARQL query (POST form or application/sparql-query)",
    responses=_RESPONSES,
    openapi_extra={
        "parameters": _PARAMETERS[1:],
        "requestBody": {
            "required": True,
            "content": {
                "application/sparql-query": {
                    "schema": {"type": "string"},
                    "example": "ASK { ?a a kmb:SisterCityAgreement }",
                },
                "application/x-www-form-urlencoded": {
                    "schema": {"type": "object", "properties": {"query": {"type": "string"}}},
                },
            },
        },
    },
)
@router.post("/sparql/", include_in_schema=False)  # fmt: skip
async def sparql_post(request: Request, settings: SettingsDep) -> Response:
    """Answer a query sent as a form (``query=``) or as ``application/sparql-query``."""
    protocol = await _read(request)
    assert protocol is not None
    _check_length(protocol, settings)
    media = _media(protocol, request.headers.get("accept"))
    return await _answer(request, protocol, media)


async def _describe(request: Request, store: KembarStore, accept: str | None) -> Response:
    offers = list(RDF_TYPES)[:1] + ["text/html", *list(RDF_TYPES)[1:]]
    media = negotiate(accept, offers)
    if media is None:
        raise NotAcceptableError(f"the service description is available as {', '.join(offers)}")
    base = str(request.base_url).rstrip("/")
    if media == "text/html":
        return _editor(request, None)
    allow = runtime_of(request).settings.allow_service
    describe = functools.partial(service_description, allow_service=allow)
    triples = await runtime_of(request).tasks.acall(
        describe, base, list(RESULT_TYPES), list(GRAPH_TYPES)
    )
    output = io.BytesIO()
    ox.serialize(triples, output, RDF_TYPES[media][1], prefixes=ids.PREFIXES)
    return Response(output.getvalue(), media_type=media, headers={"Vary": "Accept"})


_EXAMPLE = """SELECT ?agreement ?label ?signed WHERE {
  ?agreement a kmb:SisterCityAgreement ; rdfs:label ?label ; kmb:signedOn ?signed .
} ORDER BY ?signed LIMIT 20"""


def _editor(request: Request, query: str | None) -> Response:
    """The query editor (YASGUI), with *query* in it and run at once when given."""
    lang = language(request)
    data = {
        "endpoint": "/sparql",
        "query": query,
        "example": _EXAMPLE,
        "prefixes": dict(ids.PREFIXES),
        "examples": [{"title": e["title"].get(lang, e["title"]["en"]), "query": e["query"]}
                     for e in examples()],
        "terms": vocabulary_terms(),
        "lang": lang,
        "idBase": str(ids.ID),
        "editorLabel": translate("SPARQL query", lang),
    }  # fmt: skip
    return html_page(request, "query.html", N_("Query the data"), lang=lang, data=data)
