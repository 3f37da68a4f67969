"""The pages a person reads: home, search, explore, the validation form, the API docs.

Each page is rendered in the reader's language (``?lang=``, else ``Accept-Language``) from
data a worker reads under the request's time limit; the charts and maps are drawn in the
browser from that data by the scripts of ``/static`` (ECharts, world-atlas boundaries),
with nothing fetched from another host. ``/search`` answers JSON to programs and a page to
browsers.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from kembar.api.errors import NotAcceptableError
from kembar.api.negotiation import negotiate
from kembar.api.runtime import runtime_of
from kembar.api.views import explore_page
from kembar.api.web.form import form_model, language_lookup
from kembar.api.web.http import wants_html
from kembar.api.web.i18n import N_, translate
from kembar.api.web.render import VARY, html_page, language
from kembar.graph.analytics.figures import figure_csv
from kembar.graph.analytics.security import concept_view
from kembar.graph.errors import NotFoundError
from kembar.graph.linkeddata.describe import local_path
from kembar.graph.linkeddata.pages import countries_view, home_view
from kembar.graph.linkeddata.search import KINDS, search
from kembar.graph.validation.rulebook import field_rules
from kembar.ontology import ids
from pydantic import BaseModel

router = APIRouter(tags=["pages"])

Kind = Literal[
    "region",
    "country",
    "agreement",
    "law",
    "rule",
    "person",
    "organisation",
    "sector",
    "dimension",
    "threat",
    "field",
]

#: Words the pages show for codes of the data (translated where shown).
KIND_NAMES = {
    "region": N_("region"), "country": N_("country"), "agreement": N_("agreement"),
    "law": N_("law"), "rule": N_("rule"), "person": N_("person"),
    "organisation": N_("organisation"), "sector": N_("security sector"),
    "dimension": N_("human-security dimension"), "threat": N_("threat"),
    "field": N_("field of cooperation"),
}  # fmt: skip
#: Facets of the security lens, as the pages name them.
FACET_NAMES = {"sectors": N_("security sector"), "dimensions": N_("human-security dimension"),
               "threats": N_("threat")}  # fmt: skip
SEVERITY_NAMES = (N_("Violation"), N_("Warning"), N_("Info"))
#: How far ties got (kmb:furthestStage), as the pages name each stage.
STAGE_NAMES = {
    "proposed": N_("proposed"), "letter_of_intent": N_("letter of intent"),
    "mou_signed": N_("MoU"), "agreement_signed": N_("agreement"), "renewed": N_("renewed"),
    "signed": N_("signed, document not recorded"), "unknown": N_("not known"),
}  # fmt: skip
#: How many partner countries the explore page's chart draws (its table lists them all).
TOP_COUNTRIES = 20


class Hit(BaseModel):
    """One search result."""

    iri: str
    kind: Kind
    label: str
    matched: str
    context: str
    country: str | None
    ties: int
    score: float


class Hits(BaseModel):
    """The answer of ``/search``."""

    query: str
    items: list[Hit]


@router.get("/", include_in_schema=False)
async def home(request: Request) -> Response:
    """What Kembar is, a search box, the three doors, live counts, the newest agreements."""
    lang = language(request)
    view = await runtime_of(request).tasks.acall(home_view, lang)
    return html_page(request, "home.html", N_("Sister cities, the law and security"), lang=lang,
                     view=view)  # fmt: skip


@router.get(
    "/search",
    response_model=Hits,
    summary="Find regions, agreements, countries, laws and rules by name",
    responses={200: {"content": {"text/html": {}}}, 406: {}},
)
async def find(
    request: Request,
    q: Annotated[
        str, Query(max_length=200, description="a name, in any case, with or without diacritics")
    ] = "",
    kind: Annotated[list[Kind] | None, Query(description="only these kinds")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    lang: Literal["en", "id"] | None = None,
) -> Response:
    """Names in English and Indonesian, alternative names and native names, folded
    (``osaki`` finds ``Ōsaki``, ``jogja`` finds Yogyakarta); ranked exact, prefix, word,
    contained, then close spellings. JSON for programs, a page for browsers."""  # fmt: skip
    page_lang = language(request)
    html = request.query_params.get("format") == "html" or (
        request.query_params.get("format") is None and wants_html(request.headers.get("accept"))
    )
    if not html and negotiate(request.headers.get("accept"), ["application/json"]) is None:
        raise NotAcceptableError("search answers application/json, or text/html for browsers")
    kinds = list(kind) if kind else None
    hits = await runtime_of(request).tasks.acall(search, q, lang or page_lang, limit, kinds) if q.strip() else []  # fmt: skip
    if not html:
        return JSONResponse(Hits(query=q, items=[Hit(**h) for h in hits]).model_dump())
    for hit in hits:
        hit["href"] = concept_path(hit) or local_path(hit["iri"]) or hit["iri"]
    return html_page(request, "search.html", N_("Search"), lang=page_lang, query=q, hits=hits,
                     kinds=list(KINDS), chosen=kinds or [], kind_names=KIND_NAMES)  # fmt: skip


def concept_path(hit: dict[str, str]) -> str | None:
    """Where a concept of the ontology is shown: a sector, dimension or threat on its page
    of the security lens, a field of cooperation in the ontology."""
    local = hit["iri"].rsplit("#", 1)[-1]
    if hit["kind"] in ("sector", "dimension", "threat"):
        return f"/security/{local}"
    return f"/ontology#{local}" if hit["kind"] == "field" else None


@router.get(
    "/security/{name}",
    summary="One security sector, human-security dimension or threat, and its agreements",
    responses={200: {"content": {"text/html": {}}}, 404: {}},
)
async def security_concept(name: str, request: Request) -> Response:
    """``/security/InfectiousDisease``: the concept's names and definition, related
    concepts, and every agreement linked to it with how the link was derived; JSON for
    programs, a page for browsers."""
    lang = language(request)
    view = await runtime_of(request).tasks.acall(concept_view, name, lang)
    if view is None:
        raise NotFoundError(f"{name!r} is no security sector, dimension or threat of the ontology")
    for agreement in view["agreements"]:
        agreement["href"] = local_path(agreement["iri"]) or agreement["iri"]
        for via in agreement["via"]:
            if via.get("iri"):
                via["href"] = local_path(via["iri"]) or via["iri"]
    if not wants_html(request.headers.get("accept")):
        return JSONResponse(view)
    return html_page(request, "security.html", view["label"], lang=lang, view=view,
                     facet_name=translate(FACET_NAMES[view["facet"]], lang))  # fmt: skip


#: The figures /explore draws, each with its caption and downloads.
EXPLORE_FIGURES = ["stages", "years", "countries", "provinces", "security-decades",
                   "security-provinces", "security-countries"]  # fmt: skip


def figure_words() -> dict[str, str]:
    """What every figure's caption says of the data: its version and how to cite it."""
    from kembar.data import DATA_VERSION
    from kembar.graph.linkeddata.void import citation

    return {"version": DATA_VERSION, "cite": citation()["apa"]}


@router.get("/explore", include_in_schema=False)
async def explore(request: Request) -> Response:
    """The report's views as interactive charts, with the security lens; every chart and
    table with its caption and its downloads. Centrality, claims and scorecards come
    from ``/graph/top``, ``/graph/claims`` and ``/graph/scorecards``."""
    lang = language(request)
    found = await runtime_of(request).tasks.acall(explore_page, lang, EXPLORE_FIGURES)
    view, figures, shift = found["view"], found["figures"], [found["shift"]]
    for row in view["countries"] + view["provinces"]:
        row["href"] = local_path(row["iri"]) or row["iri"]
    return html_page(request, "explore.html", N_("Explore the network"), lang=lang, view=view,
                     id_base=str(ids.ID), top=TOP_COUNTRIES, figures=figures,
                     lens=_lens(figures), shift=shift[0], figure_words=figure_words(),
                     stage_names={k: translate(v, lang) for k, v in STAGE_NAMES.items()})  # fmt: skip


def _lens(figures: dict[str, Any]) -> dict[str, Any]:
    """The security lens as the page shows it: the sectors, a share per decade and sector
    (with its interval), and per province and partner country a count per sector."""
    decades = figures["security-decades"]
    sectors = sorted({(row[1], row[2]) for row in decades["rows"]}, key=lambda s: s[1])
    by_decade: dict[int, dict[str, Any]] = {}
    for decade, sector, _, ties, linked, share, low, high in decades["rows"]:
        entry = by_decade.setdefault(decade, {"decade": decade, "linked": linked, "cells": {}})
        entry["cells"][sector] = {"ties": ties, "share": share, "low": low, "high": high}

    def pivot(name: str, key: int, label: int) -> list[dict[str, Any]]:
        rows: dict[str, dict[str, Any]] = {}
        for row in figures[name]["rows"]:
            entry = rows.setdefault(row[key], {"key": row[key], "label": row[label], "cells": {}})
            entry["cells"][row[2]] = row[4]
        return sorted(rows.values(), key=lambda r: (-sum(r["cells"].values()), r["label"]))

    provinces = pivot("security-provinces", 0, 1)
    for row in provinces:
        row["href"] = local_path(row["key"]) or row["key"]
    return {
        "sectors": [{"iri": iri, "label": label, "href": f"/security/{iri.rsplit('#', 1)[1]}"}
                    for iri, label in sectors],
        "decades": [by_decade[d] for d in sorted(by_decade)],
        "provinces": provinces, "countries": pivot("security-countries", 0, 1),
    }  # fmt: skip


@router.get(
    "/explore/figures/{name}.csv",
    summary="The exact figures of a chart or table of /explore or a region page, as CSV",
    responses={200: {"content": {"text/csv": {}}}, 400: {}, 404: {}},
)
async def figure_download(
    name: str, request: Request,
    region: Annotated[str | None, Query(max_length=300, description="a region's IRI or id")] = None,
) -> Response:  # fmt: skip
    """``years``, ``countries``, ``provinces``, ``stages``, ``security-decades``,
    ``security-provinces``, ``security-countries``; with ``region=`` (an IRI, or an id such
    as ``region/id/kota-bandung``): ``region-years``, ``region-partners``."""
    lang = language(request)
    if region is not None and "://" not in region:
        region = str(ids.instance(region))
    body = await runtime_of(request).tasks.acall(figure_csv, name, lang, region)
    headers = {"Content-Disposition": f'attachment; filename="kembar-{name}.csv"', "Vary": VARY}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)


@router.get(
    "/validate",
    summary="The validation form (a page)",
    responses={200: {"content": {"text/html": {}}}, 406: {}},
)
async def validation_form(request: Request) -> Response:
    """A form over the submission format, grouped by the procedure's steps, that posts to
    ``POST /validate`` and shows the report in the reader's language."""
    if negotiate(request.headers.get("accept"), ["text/html"]) is None:
        raise NotAcceptableError("GET /validate is the form (text/html); POST a submission")
    lang = language(request)
    help_ = await runtime_of(request).tasks.acall(field_rules)
    countries = await runtime_of(request).tasks.acall(countries_view, lang)
    form = form_model(lang)
    return html_page(
        request, "validate.html", N_("Check an agreement"), lang=lang,
        form=form, rules=help_, problems=form["problems"], languages=language_lookup(),
        countries=[{"code": c["code"], "label": f"{c['label']} ({c['code']})"} for c in countries],
        agreement=request.query_params.get("agreement", "")[:200],
    )  # fmt: skip


@router.get("/docs", include_in_schema=False)
async def swagger(request: Request) -> Response:
    """Swagger UI, its files served by Kembar."""
    return html_page(request, "apidocs.html", N_("API"), tool="swagger")


@router.get("/redoc", include_in_schema=False)
async def redoc(request: Request) -> Response:
    """ReDoc, its files served by Kembar."""
    return html_page(request, "apidocs.html", N_("API"), tool="redoc")


@router.get("/favicon.ico", include_in_schema=False)
async def favicon() -> Response:
    """The icon, for clients that ask for it by its old name."""
    from importlib.resources import as_file, files

    with as_file(files("kembar.api") / "static" / "favicon.svg") as path:
        return FileResponse(path, media_type="image/svg+xml",
                            headers={"Cache-Control": "public, max-age=86400"})  # fmt: skip
