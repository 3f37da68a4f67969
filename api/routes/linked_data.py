"""Linked data: ``/id/...`` dereferences every instance IRI, ``/ontology``, ``/shapes``,
``/context.jsonld``, VoID/DCAT at ``/void`` and ``/.well-known/void``, and ``/dump``.

Content negotiation by ``Accept`` (HTML for browsers, Turtle by default, JSON-LD,
N-Triples, RDF/XML), ``Vary: Accept`` on every negotiated answer, 404 for IRIs the
graph does not know, 406 when no offered type is acceptable.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response
from kembar.api.deps import StoreDep
from kembar.api.dumps import Dumps, FileStream
from kembar.api.errors import NotAcceptableError
from kembar.api.negotiation import negotiate
from kembar.api.routes.pages import figure_words
from kembar.api.runtime import runtime_of
from kembar.api.settings import Settings
from kembar.api.views import entity_page
from kembar.api.web.i18n import N_, translate
from kembar.api.web.render import html_page, language
from kembar.api.web.report import prose, report_helpers
from kembar.graph.errors import NotFoundError
from kembar.graph.linkeddata.describe import description, dump_to, graph_triples, ontology_page
from kembar.graph.linkeddata.void import dataset_view, void_description
from kembar.graph.release.schema import TABLE_NAMES, TABLES
from kembar.graph.runtime import Pool
from kembar.ontology import ASSESSMENT_CONTEXT_JSONLD, CONTEXT_JSONLD, ONTOLOGY_TTL, ids
from rdflib import OWL, Graph, URIRef

router = APIRouter(tags=["linked data"])

#: RDF media types this server writes, with the name used in ``?format=`` links.
RDF_TYPES: dict[str, tuple[str, ox.RdfFormat]] = {
    "text/turtle": ("Turtle", ox.RdfFormat.TURTLE),
    "application/ld+json": ("JSON-LD", ox.RdfFormat.JSON_LD),
    "application/n-triples": ("N-Triples", ox.RdfFormat.N_TRIPLES),
    "application/rdf+xml": ("RDF/XML", ox.RdfFormat.RDF_XML),
}
HTML = "text/html"
#: The ontology page's sections (graph.linkeddata.describe), as the page names them.
ONTOLOGY_SECTIONS = (
    N_("Classes"), N_("Object properties"), N_("Datatype properties"),
    N_("Concepts and individuals"),
)  # fmt: skip
VARY = {"Vary": "Accept"}


@dataclass(frozen=True)
class Alternate:
    """Another representation of the same resource, for links and ``<link rel=alternate>``."""

    type: str
    name: str
    href: str


def _alias(name: str) -> str:
    """``JSON-LD`` -> ``jsonld``, ``RDF/XML`` -> ``rdfxml``: the ``?format=`` value."""
    return "".join(c for c in name.lower() if c.isalnum())


def _choose(request: Request, offers: list[str]) -> str:
    wanted = request.query_params.get("format")
    if wanted is not None:  # an explicit ?format= beats Accept, for links and curl users
        names = {HTML: "html", **{m: _alias(name) for m, (name, _) in RDF_TYPES.items()}}
        for offer in offers:
            if wanted.lower() in {names[offer], offer, offer.split("/")[1]}:
                return offer
        raise NotAcceptableError(f"unknown format {wanted!r}; offered: {', '.join(offers)}")
    chosen = negotiate(request.headers.get("accept"), offers)
    if chosen is None:
        raise NotAcceptableError(f"this resource is available as {', '.join(offers)}")
    return chosen


def _alternates(path: str, html: bool = True) -> list[Alternate]:
    links = [
        Alternate(m, name, f"{path}?format={_alias(name)}") for m, (name, _) in RDF_TYPES.items()
    ]
    return ([Alternate(HTML, "HTML", f"{path}?format=html")] if html else []) + links


def _rdf(triples: object, media: str) -> Response:
    output = io.BytesIO()
    ox.serialize(triples, output, RDF_TYPES[media][1], prefixes=ids.PREFIXES)  # type: ignore[arg-type]
    return Response(output.getvalue(), media_type=media, headers=VARY)


@router.get(
    "/id/{path:path}",
    summary="Dereference an IRI of the graph",
    responses={200: {"content": {m: {} for m in [HTML, *RDF_TYPES]}}, 404: {}, 406: {}},
)
async def resource(path: str, request: Request, store: StoreDep) -> Response:
    """The resource ``https://w3id.org/kembar/id/{path}``: an HTML page with its labels in
    English and Indonesian, its statements and the agreements around it, or its
    description as Turtle, JSON-LD, N-Triples or RDF/XML."""
    iri = str(ids.instance(path))
    media = _choose(request, ["text/turtle", HTML, *list(RDF_TYPES)[1:]])
    tasks: Pool = runtime_of(request).tasks
    if media == HTML:
        lang = language(request)
        found = await tasks.acall(entity_page, iri, lang)  # one visit to the workers
        if found is None:
            raise NotFoundError(f"{iri} is not in the graph")
        page, audit, figures = found["page"], found["audit"], found["figures"]
        return html_page(
            request, "entity.html", page["title"], lang=lang, page=page, audit=audit,
            chart_data=_chart_data(page, lang), alternates=_alternates(f"/id/{path}", html=False),
            figures=figures, figure_words=figure_words(), region_id=path,
            **report_helpers(request),
        )  # fmt: skip
    triples = await tasks.acall(description, iri)
    if triples is None:
        raise NotFoundError(f"{iri} is not in the graph")
    return _rdf(triples, media)


@router.get(
    "/law/{slug}",
    summary="A legal instrument and its provision table",
    responses={308: {"description": "The instrument's page, /id/law/{slug}"}},
)
async def law_page(
    slug: Annotated[str, PathParam(pattern="^[a-z0-9][a-z0-9-]*$", max_length=120)],
    request: Request,
) -> Response:
    """The law by its short name: the instrument's own IRI, where its page shows its dates,
    what it replaced, its provisions and which of Kembar's rules check each."""
    query = request.url.query
    target = f"/id/law/{slug}" + (f"?{query}" if query else "")
    return RedirectResponse(target, status_code=308)


def _chart_data(page: dict[str, Any], lang: str) -> dict[str, Any]:
    """What the page's script draws: a map of places and lines, bar charts."""
    data: dict[str, Any] = {"lang": lang, "bars": []}
    if page.get("map") and (
        page["map"]["home"] or page["map"]["partners"] or page["map"].get("within")
    ):
        data["map"] = {**page["map"], "name": translate("Partners", lang), "labels": {
            "own": translate("Its own ties", lang),
            "within": translate("Ties of its regencies and cities", lang),
        }}  # fmt: skip
    if page.get("years"):
        data["bars"].append({
            "id": "years-chart", "name": translate("Ties", lang),
            "x": [str(year) for year, _ in page["years"]], "y": [n for _, n in page["years"]],
            "mark": {"at": "1993", "label": translate("1993 circular", lang)},
        })  # fmt: skip
    if page.get("provinces"):
        data["bars"].append({
            "id": "provinces-chart", "name": translate("Ties", lang), "horizontal": True,
            "x": [p["label"] for p in page["provinces"]], "y": [p["count"] for p in page["provinces"]],
            "links": [p["href"] for p in page["provinces"]],
        })  # fmt: skip
    return data


@router.get(
    "/ontology/{version}",
    summary="One version of the ontology (its owl:versionIRI)",
    responses={200: {"content": {m: {} for m in [HTML, *RDF_TYPES]}}, 404: {}, 406: {}},
)
async def ontology_version(version: str, request: Request, store: StoreDep) -> Response:
    """The ontology by its version IRI; this server keeps the current version only, and a
    404 names it for any other."""
    current = _ontology_version()
    if f"{ids.ONTOLOGY}/{version}" != current:
        raise NotFoundError(f"this server holds the ontology's version {current}, not {version}")
    return await ontology(request, store)


@router.get(
    "/dataset",
    summary="The dataset of record: https://w3id.org/kembar/dataset (DCAT-AP 3.0.1)",
    responses={200: {"content": {m: {} for m in [HTML, *RDF_TYPES]}}, 406: {}},
)
async def dataset(request: Request, store: StoreDep) -> Response:
    """The dataset's page for people (what it holds, its terms, version, how to cite it,
    its downloads; schema.org ``Dataset`` JSON-LD for dataset search engines), or its
    DCAT-AP description for programs."""
    media = _choose(request, [*list(RDF_TYPES), HTML])
    if media != HTML:
        return await void(request, store)
    base = str(request.base_url).rstrip("/")
    lang = language(request)
    about = await runtime_of(request).tasks.acall(dataset_view, base, lang, _tables(base, lang))
    return html_page(request, "dataset.html", N_("The dataset"), lang=lang, about=about,
                     alternates=_alternates("/dataset"), **report_helpers(request))  # fmt: skip


def _tables(base: str, lang: str) -> list[dict[str, str]]:
    """The tidy tables as the dataset's page lists them, in *lang*."""
    suffix = "_id" if lang == "id" else ""
    return [{"name": name, "href": f"{base}/dataset/tables/{name}.csv",
             "title": TABLES[name][f"title{suffix}"],
             "description": TABLES[name][f"description{suffix}"]} for name in TABLE_NAMES]  # fmt: skip


@router.get(
    "/dataset/tables/{name}.csv",
    summary="One tidy table of the dataset as CSV (docs/codebook.md)",
    responses={200: {"content": {"text/csv": {}}}, 404: {}},
)
async def dataset_table(name: str, request: Request, store: StoreDep) -> Response:
    """``ties``, ``stages``, ``parties``, ``sources``, ``fields``, ``security``,
    ``validation`` or ``ties_by_year``, read from this server's store as ``kembar
    release`` writes it (its Table Schema: ``datapackage.json`` of a release)."""
    from kembar.graph.release.package import table_csv  # pandas: when a table is asked for

    settings: Settings = runtime_of(request).settings
    body = await runtime_of(request).tasks.acall(table_csv, name, timeout=settings.dump_timeout)
    headers = {"Content-Disposition": f'attachment; filename="kembar-{name}.csv"'}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)


@router.get(
    "/dataset/{version}",
    summary="One version of the dataset (its IRI, e.g. /dataset/2026.12.0)",
    responses={200: {"content": {m: {} for m in RDF_TYPES}}, 404: {}, 406: {}},
)
async def dataset_version(version: str, request: Request, store: StoreDep) -> Response:
    """The description of the dataset at the version this server holds; a 404 names that
    version for any other (earlier versions are releases: docs/linked-data.md)."""
    from kembar.data import DATA_VERSION

    if version != DATA_VERSION:
        raise NotFoundError(
            f"this server holds version {DATA_VERSION} of the dataset, not {version}"
        )
    return await dataset(request, store)


@cache
def _ontology_version() -> str:
    """The ontology's owl:versionIRI, read once from its Turtle."""
    graph = Graph().parse(ONTOLOGY_TTL.read_bytes(), format="turtle")
    return str(graph.value(URIRef(str(ids.ONTOLOGY)), OWL.versionIRI))


@router.get(
    "/ontology",
    summary="The Kembar ontology",
    responses={200: {"content": {m: {} for m in [HTML, *RDF_TYPES]}}, 406: {}},
)
async def ontology(request: Request, store: StoreDep) -> Response:
    """The ontology as its Turtle source, JSON-LD, N-Triples, RDF/XML, or HTML documentation."""
    media = _choose(request, ["text/turtle", HTML, *list(RDF_TYPES)[1:]])
    if media == "text/turtle":
        return Response(ONTOLOGY_TTL.read_bytes(), media_type=media, headers=VARY)
    if media == HTML:
        header, sections = await runtime_of(request).tasks.acall(ontology_page)
        lang = language(request)
        labels = {
            f"kmb:{t.local}": {"en": t.en, "id": t.id} for _, terms in sections for t in terms
        }
        return html_page(
            request, "ontology.html", header.get("title", "Ontology"), header=header,
            sections=sections, alternates=_alternates("/ontology"), lang=lang,
            prose=lambda text: prose(text, lang, labels),
        )  # fmt: skip
    triples = ox.parse(ONTOLOGY_TTL.read_bytes(), format=ox.RdfFormat.TURTLE)
    return _rdf(triples, media)


@router.get(
    "/shapes",
    summary="The SHACL shapes: structure of the graph and the rules R01-R55",
    responses={200: {"content": {m: {} for m in RDF_TYPES}}, 406: {}},
)
async def shapes(request: Request, store: StoreDep) -> Response:
    """Every shape, as the named graph ``shapes`` holds them."""
    media = _choose(request, list(RDF_TYPES))
    return _rdf(await runtime_of(request).tasks.acall(graph_triples, "shapes"), media)


class JsonLdResponse(Response):
    media_type = "application/ld+json"


_JSONLD: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/ld+json": {"schema": {"type": "object"}}}}
}


@router.get("/context.jsonld", summary="The JSON-LD context of submissions",
            response_class=JsonLdResponse, responses=_JSONLD)  # fmt: skip
async def context() -> Response:
    """The context that maps the submission JSON onto the ontology (never fetched by us)."""
    return JsonLdResponse(CONTEXT_JSONLD.read_bytes())


@router.get("/assessment-context.jsonld", summary="The JSON-LD context of assessments",
            response_class=JsonLdResponse, responses=_JSONLD)  # fmt: skip
async def assessment_context() -> Response:
    """The context that maps the assessment JSON (``kembar assess``) onto the ontology."""
    return JsonLdResponse(ASSESSMENT_CONTEXT_JSONLD.read_bytes())


@router.get(
    "/void",
    summary="VoID and DCAT description of the dataset, with current counts",
    responses={200: {"content": {m: {} for m in RDF_TYPES}}, 406: {}},
)
@router.get("/.well-known/void", include_in_schema=False)
async def void(request: Request, store: StoreDep) -> Response:
    """The dataset, its licence and terms, version, citation, its named graphs, their
    sizes, vocabularies and downloads (DCAT-AP 3.0.1 and VoID)."""
    media = _choose(request, list(RDF_TYPES))
    base = str(request.base_url).rstrip("/")
    triples = await runtime_of(request).tasks.acall(void_description, base, True, TABLE_NAMES)
    return _rdf(triples, media)


DUMP_TYPES: dict[str, tuple[ox.RdfFormat, str]] = {
    "application/n-quads": (ox.RdfFormat.N_QUADS, "nq"),
    "application/trig": (ox.RdfFormat.TRIG, "trig"),
    "text/turtle": (ox.RdfFormat.TURTLE, "ttl"),
}


@router.get(
    "/dump",
    summary="The whole dataset, streamed",
    responses={200: {"content": {m: {} for m in DUMP_TYPES}}, 406: {}},
)
async def dump(request: Request, store: StoreDep) -> Response:
    """Every named graph as N-Quads (default) or TriG; Turtle gives their union."""
    wanted = request.query_params.get("format")
    offers = list(DUMP_TYPES)
    if wanted is not None:
        media = next((m for m, (_, ext) in DUMP_TYPES.items() if wanted in {ext, m}), None)
        if media is None:
            raise NotAcceptableError(f"unknown format {wanted!r}; choose nq, trig or ttl")
    else:
        media = negotiate(request.headers.get("accept"), offers) or ""
        if not media:
            raise NotAcceptableError(f"the dump is available as {', '.join(offers)}")
    _, ext = DUMP_TYPES[media]
    settings: Settings = runtime_of(request).settings
    tasks: Pool = runtime_of(request).tasks
    dumps: Dumps = runtime_of(request).dumps

    async def write(version: int, ext: str) -> object:
        part = str(dumps.folder / f"x-{version}.{ext}.part")
        return await tasks.acall(dump_to, part, ext, timeout=settings.dump_timeout)

    path = await dumps.file(store.version, ext, write)
    headers = {"Content-Disposition": f'attachment; filename="kembar.{ext}"', **VARY}
    return FileStream(path, media, headers)
