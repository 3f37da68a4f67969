"""``/reconcile``: the Reconciliation Service API 0.2 (W3C Entity Reconciliation Community
Group), so that OpenRefine and other clients match a spreadsheet's names to Kembar.

``GET /reconcile`` is the manifest; with ``queries=`` (GET or a POSTed form) it answers a
batch of queries; with ``extend=`` it extends matched rows. Previews, suggestions and the
properties a row can be extended with have their own paths, named in the manifest. Every
batch is bounded (queries, ids, properties) and runs in a task worker under the request
time limit. See :mod:`kembar.graph.linkeddata.reconcile` for how candidates are found.
"""

from __future__ import annotations

import json
import math
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from kembar.api.errors import ApiError, PayloadTooLargeError, UnsupportedMediaTypeError
from kembar.api.runtime import runtime_of
from kembar.api.web.render import language
from kembar.graph.errors import NotFoundError
from kembar.graph.linkeddata.pages import entity_view
from kembar.graph.linkeddata.reconcile import (
    TERM_PROPERTIES,
    TERM_TYPES,
    TYPES,
    extend,
    local_id,
    properties_of,
    reconcile,
    reconcile_terms,
    suggest,
    term_view,
)
from kembar.graph.store.core import named
from kembar.ontology import ids
from kembar.ontology.namespace import KMB
from markupsafe import escape

router = APIRouter(tags=["reconciliation"])

_BAD: dict[int | str, dict[str, Any]] = {
    400: {"description": "A parameter is not JSON, or breaks the API's form (named)"}
}
_FORM = {
    **_BAD,
    415: {"description": "The body is not a form"},
    413: {"description": "Body over the size limit"},
}
_ABSENT: dict[int | str, dict[str, Any]] = {404: {"description": "No such entity or type"}}

#: Bounds of one request: queries in a batch, ids and properties in an extension.
MAX_QUERIES, MAX_IDS, MAX_PROPERTIES = 50, 200, 10
#: Characters of one query string (a name; only its first eight distinct words are looked for).
MAX_QUERY_CHARACTERS = 300


def manifest(base: str) -> dict[str, Any]:
    """The service manifest for a server at *base*."""
    return {
        "versions": ["0.2"],
        "name": "Kembar: sister cities and the Indonesian law",
        "identifierSpace": str(ids.ID),
        "schemaSpace": str(KMB),
        "documentation": f"{base}/docs#/reconciliation",
        "serviceVersion": "0.1.0",
        "batchSize": MAX_QUERIES,
        "view": {"url": f"{base}/id/{{{{id}}}}"},
        "defaultTypes": [{"id": type_id, "name": name} for type_id, (_, name) in TYPES.items()],
        "preview": {"url": f"{base}/reconcile/preview?id={{{{id}}}}", "width": 400, "height": 140},
        "suggest": {
            "entity": {"service_url": base, "service_path": "/reconcile/suggest/entity"},
            "type": {"service_url": base, "service_path": "/reconcile/suggest/type"},
            "property": {"service_url": base, "service_path": "/reconcile/suggest/property"},
        },
        "extend": {
            "propose_properties": {"service_url": base, "service_path": "/reconcile/properties"},
            "property_settings": [],
        },
    }


def terms_manifest(base: str) -> dict[str, Any]:
    """The manifest of the second service, the ontology's terms (what the extension values
    of ``fields`` and ``sectors`` are)."""
    return {
        "versions": ["0.2"],
        "name": "Kembar: fields of cooperation, security sectors, dimensions and threats",
        "identifierSpace": str(KMB),
        "schemaSpace": str(KMB),
        "documentation": f"{base}/docs#/reconciliation",
        "serviceVersion": "0.1.0",
        "batchSize": MAX_QUERIES,
        "view": {"url": f"{base}/ontology#{{{{id}}}}"},
        "defaultTypes": [{"id": t, "name": name} for t, (_, name) in TERM_TYPES.items()],
        "preview": {"url": f"{base}/reconcile/terms/preview?id={{{{id}}}}", "width": 400,
                    "height": 140},
    }  # fmt: skip


#: How deep a JSON parameter may nest (a query batch needs 6 levels, an extension 3).
MAX_DEPTH = 8


def _json(name: str, text: str) -> Any:
    """The JSON parameter *name*, refused (400, naming it) if it is not JSON or nests deeper
    than :data:`MAX_DEPTH` levels: nothing later walks an unbounded depth."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise ApiError(f"{name}: nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as error:
        raise ApiError(f"{name}: not JSON ({error})") from None
    level, depth = [value], 1
    while level:
        if depth > MAX_DEPTH:
            raise ApiError(f"{name}: nested deeper than {MAX_DEPTH} levels")
        level = [
            child
            for node in level
            if isinstance(node, dict | list)
            for child in (node.values() if isinstance(node, dict) else node)
            if isinstance(child, dict | list)
        ]
        depth += 1
    return value


#: What a query of a batch may hold (the 0.2 schema's properties; any other key is refused).
_QUERY_KEYS = {"query", "type", "limit", "properties", "type_strict"}


def _value_ok(value: Any) -> bool:
    """A property value: a string, number or boolean, an ``{"id"}``, or a list of those."""
    return all(
        isinstance(v, str | int | float | bool)
        or (isinstance(v, dict) and isinstance(v.get("id"), str))
        for v in (value if isinstance(value, list) else [value])
    )


def _queries(text: str) -> dict[str, Any]:
    """A query batch checked against the 0.2 schema, every fault named by its path: a query
    has a ``query`` string or a non-empty ``properties`` list (or both), a numeric and
    finite ``limit``, a ``type`` string or list of strings, and nothing else."""
    batch = _json("queries", text)
    if not isinstance(batch, dict):
        raise ApiError('queries: an object of queries, {"q0": {"query": "..."}, ...}')
    if len(batch) > MAX_QUERIES:
        raise PayloadTooLargeError(
            f"queries: at most {MAX_QUERIES} in one batch (the manifest's batchSize), not {len(batch)}"
        )
    for key, query in batch.items():
        where = f"queries.{key}"
        if not isinstance(query, dict):
            raise ApiError(f'{where}: an object, such as {{"query": "Bandung"}}')
        if unknown := sorted(set(query) - _QUERY_KEYS):
            raise ApiError(
                f"{where}: unknown key {unknown[0]!r}; one of {', '.join(sorted(_QUERY_KEYS))}"
            )
        props = query.get("properties")
        if "query" in query and not isinstance(query["query"], str):
            raise ApiError(f"{where}.query: a string")
        if len(query.get("query") or "") > MAX_QUERY_CHARACTERS:
            raise ApiError(f"{where}.query: at most {MAX_QUERY_CHARACTERS} characters")
        if props is not None and not isinstance(props, list):
            raise ApiError(f'{where}.properties: a list of {{"pid", "v"}}')
        if "query" not in query and not props:
            raise ApiError(f"{where}: a query string or at least one property is needed")
        for n, prop in enumerate(props or []):
            if (
                not isinstance(prop, dict)
                or not isinstance(prop.get("pid"), str)
                or "v" not in prop
            ):
                raise ApiError(f'{where}.properties[{n}]: {{"pid": "...", "v": ...}}')
            if not _value_ok(prop["v"]):
                raise ApiError(f'{where}.properties[{n}].v: a string, number, boolean or {{"id"}}')
        limit = query.get("limit")
        if limit is not None and (
            isinstance(limit, bool)
            or not isinstance(limit, int | float)
            or (isinstance(limit, float) and not math.isfinite(limit))
        ):  # an integer of any size is finite (and math.isfinite cannot take a huge one)
            raise ApiError(f"{where}.limit: a finite number")
        kind = query.get("type")
        if kind is not None and not (
            isinstance(kind, str)
            or (isinstance(kind, list) and all(isinstance(k, str) for k in kind))
        ):
            raise ApiError(f"{where}.type: a type id or a list of them")
        if query.get("type_strict", "any") not in ("any", "should", "all"):
            raise ApiError(f"{where}.type_strict: any, should or all")
    return batch


def _extension(text: str) -> tuple[list[str], list[str]]:
    asked = _json("extend", text)
    entities = asked.get("ids") if isinstance(asked, dict) else None
    props = asked.get("properties") if isinstance(asked, dict) else None
    if not isinstance(entities, list) or not isinstance(props, list):
        raise ApiError('extend: {"ids": [...], "properties": [{"id": ...}, ...]}')
    if len(entities) > MAX_IDS or len(props) > MAX_PROPERTIES:
        raise ApiError(f"extend: at most {MAX_IDS} ids and {MAX_PROPERTIES} properties")
    names = [p.get("id") if isinstance(p, dict) else p for p in props]
    return [str(e)[:300] for e in entities], [str(n)[:300] for n in names]


async def _answer(request: Request, params: dict[str, str]) -> Response:
    tasks = runtime_of(request).tasks
    lang = language(request)
    base = str(request.base_url).rstrip("/")
    if "queries" in params:
        return JSONResponse(await tasks.acall(reconcile, _queries(params["queries"]), lang))
    if "extend" in params:
        entities, props = _extension(params["extend"])
        answer = await tasks.acall(extend, entities, props, lang)
        for column in answer["meta"]:  # values that are terms: reconciled by the terms service
            if column["id"] in TERM_PROPERTIES:
                column["service"] = f"{base}/reconcile/terms"
        return JSONResponse(answer)
    return JSONResponse(manifest(base))


async def _form(request: Request) -> dict[str, str]:
    media = request.headers.get("content-type", "").split(";")[0].strip()
    if media != "application/x-www-form-urlencoded":
        raise UnsupportedMediaTypeError("send application/x-www-form-urlencoded (queries=...)")
    fields = parse_qsl((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v for k, v in fields if k in {"queries", "extend"}}


@router.get("/reconcile", summary="Reconciliation: the manifest, or a batch of queries",
            responses=_BAD)  # fmt: skip
async def reconcile_get(
    request: Request,
    queries: Annotated[
        str | None, Query(max_length=100_000, description="a JSON batch of queries")
    ] = None,
    extend: Annotated[
        str | None, Query(max_length=100_000, description="a JSON extension request")
    ] = None,
) -> Response:
    """Without parameters the service manifest; ``queries={"q0": {"query": "Bandung",
    "type": "LocalGovernment", "properties": [{"pid": "country", "v": "Indonesia"}]}}``
    answers candidates; ``extend={"ids": [...], "properties": [{"id": "partners"}]}``
    extends matched rows."""  # fmt: skip
    params = {k: v for k, v in (("queries", queries), ("extend", extend)) if v is not None}
    return await _answer(request, params)


@router.post("/reconcile", summary="Reconciliation: a batch of queries or an extension (form)",
             responses=_FORM)  # fmt: skip
async def reconcile_post(request: Request) -> Response:
    """The same as GET, with ``queries`` or ``extend`` sent as form fields (what
    OpenRefine does)."""
    params = await _form(request)
    if not params:
        raise ApiError("send a form field queries= or extend=")
    return await _answer(request, params)


@router.get("/reconcile/terms", summary="Reconciliation of the ontology's terms: the manifest, "
            "or a batch of queries", responses=_BAD)  # fmt: skip
async def terms_get(
    request: Request,
    queries: Annotated[
        str | None, Query(max_length=100_000, description="a JSON batch of queries")
    ] = None,
) -> Response:
    """The second service: fields of cooperation, security sectors, human-security
    dimensions and threats, by their names in English and Indonesian (``queries={"q0":
    {"query": "kesehatan", "type": "CooperationField"}}``); without parameters its manifest."""
    base = str(request.base_url).rstrip("/")
    if queries is None:
        return JSONResponse(terms_manifest(base))
    found = await runtime_of(request).tasks.acall(
        reconcile_terms, _queries(queries), language(request)
    )
    return JSONResponse(found)


@router.post("/reconcile/terms", summary="Reconciliation of the ontology's terms (form)",
             responses=_FORM)  # fmt: skip
async def terms_post(request: Request) -> Response:
    """The same as GET, with ``queries`` as a form field."""
    params = await _form(request)
    if "queries" not in params:
        raise ApiError("send a form field queries=")
    found = await runtime_of(request).tasks.acall(
        reconcile_terms, _queries(params["queries"]), language(request)
    )
    return JSONResponse(found)


@router.get("/reconcile/terms/preview", summary="Reconciliation of terms: an HTML preview",
            response_class=HTMLResponse, responses=_ABSENT)  # fmt: skip
async def terms_preview(
    request: Request, id: Annotated[str, Query(min_length=1, max_length=100)]
) -> HTMLResponse:
    """A small HTML card: the term's name, kind and definition, for OpenRefine's popup
    (frameable by any origin, as OpenRefine embeds it)."""
    lang = language(request)
    term = await runtime_of(request).tasks.acall(term_view, id, lang)
    if term is None:
        raise NotFoundError(f"{id!r} is no field, sector, dimension or threat of the ontology")
    return HTMLResponse(
        _card(lang, f"/ontology#{id}", term["label"], term["kind"], term["definition"])
    )


def _card(lang: str, href: str, title: str, kind: str, note: str) -> str:
    return (
        f'<!doctype html><html lang="{lang}"><meta charset="utf-8">'
        f'<div style="font: 14px system-ui, sans-serif; padding: 6px">'
        f'<a href="{escape(href)}" target="_blank"><strong>{escape(title)}</strong></a>'
        f'<div style="color: #4d555d">{escape(kind)}</div>'
        + (f"<div>{escape(note)}</div>" if note else "")
        + "</div></html>"
    )


@router.get("/reconcile/suggest/entity", summary="Reconciliation: entities by prefix")
async def suggest_entity(
    request: Request,
    prefix: Annotated[str, Query(min_length=1, max_length=200)],
    cursor: Annotated[int, Query(ge=0, le=1000)] = 0,
) -> JSONResponse:
    """Names that start with or hold *prefix*, for a suggest box."""
    found = await runtime_of(request).tasks.acall(suggest, prefix, language(request), cursor + 10)
    return JSONResponse({"result": found[cursor:]})


@router.get("/reconcile/suggest/type", summary="Reconciliation: types by prefix")
async def suggest_type(prefix: Annotated[str, Query(max_length=200)] = "") -> JSONResponse:
    """The types whose id or name holds *prefix*."""
    wanted = prefix.casefold()
    return JSONResponse({"result": [
        {"id": type_id, "name": name} for type_id, (_, name) in TYPES.items()
        if wanted in type_id.casefold() or wanted in name.casefold()
    ]})  # fmt: skip


@router.get("/reconcile/suggest/property", summary="Reconciliation: properties by prefix")
async def suggest_property(prefix: Annotated[str, Query(max_length=200)] = "") -> JSONResponse:
    """The extension properties whose id or name holds *prefix*."""
    wanted = prefix.casefold()
    return JSONResponse({"result": [
        p for p in properties_of(None)
        if wanted in p["id"].casefold() or wanted in p["name"].casefold()
    ]})  # fmt: skip


@router.get("/reconcile/properties", summary="Reconciliation: properties to extend a type with",
            responses=_ABSENT)  # fmt: skip
async def propose_properties(
    type: Annotated[str, Query(max_length=200, description="a type id, e.g. LocalGovernment")],
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> JSONResponse:
    """What rows of *type* can be extended with (partners, dates, sectors...)."""
    if type not in TYPES:
        raise NotFoundError(f"no type {type!r}; one of {', '.join(TYPES)}")
    return JSONResponse({"type": type, "properties": properties_of(type)[:limit], "limit": limit})


@router.get("/reconcile/preview", summary="Reconciliation: an HTML preview of an entity",
            response_class=HTMLResponse, responses=_ABSENT)  # fmt: skip
async def preview(
    request: Request, id: Annotated[str, Query(min_length=1, max_length=300)]
) -> HTMLResponse:
    """A small HTML card: the entity's name, kind and country, for OpenRefine's popup."""
    lang = language(request)
    try:  # an IRI pyoxigraph accepts, before a worker is asked
        iri = named(str(ids.ID) + id.lstrip("/")).value
    except ValueError:
        raise NotFoundError(f"{id!r} is not an identifier of this service") from None
    page = await runtime_of(request).tasks.acall(entity_view, iri, lang)
    if page is None:
        raise NotFoundError(f"{id} is not in the graph")
    kinds = ", ".join(t["label"] for t in page["types"] if t["href"].startswith("/ontology"))
    country = page.get("country")
    where = f" · {country['label']}" if country else ""
    return HTMLResponse(_card(lang, f"/id/{local_id(iri)}", page["title"], kinds + where, ""))
