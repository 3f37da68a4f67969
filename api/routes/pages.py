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
from kembar.api.web.http import wants_html
from kembar.api.web.i18n import N_, translate
from kembar.api.web.render import html_page, language
from kembar.graph.analytics.views import explore_view
from kembar.graph.linkeddata.describe import local_path
from kembar.graph.linkeddata.pages import countries_view, home_view
from kembar.graph.linkeddata.search import KINDS, search
from kembar.graph.validation.rulebook import field_rules
from kembar.graph.validation.submission import INDONESIAN_OFFICES, FieldCode
from kembar.ontology import ids
from pydantic import BaseModel

router = APIRouter(tags=["pages"])

Kind = Literal["region", "country", "agreement", "law", "rule", "person", "organisation"]

#: Words the pages show for codes of the data (translated where shown).
KIND_NAMES = {
    "region": N_("region"), "country": N_("country"), "agreement": N_("agreement"),
    "law": N_("law"), "rule": N_("rule"), "person": N_("person"),
    "organisation": N_("organisation"),
}  # fmt: skip
SEVERITY_NAMES = (N_("Violation"), N_("Warning"), N_("Info"))


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
    view = await request.app.state.tasks.acall(home_view, lang)
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
    hits = await request.app.state.tasks.acall(search, q, lang or page_lang, limit, kinds) if q.strip() else []  # fmt: skip
    if not html:
        return JSONResponse(Hits(query=q, items=[Hit(**h) for h in hits]).model_dump())
    for hit in hits:
        hit["href"] = local_path(hit["iri"]) or hit["iri"]
    return html_page(request, "search.html", N_("Search"), lang=page_lang, query=q, hits=hits,
                     kinds=list(KINDS), chosen=kinds or [], kind_names=KIND_NAMES)  # fmt: skip


@router.get("/explore", include_in_schema=False)
async def explore(request: Request) -> Response:
    """The report's views as interactive charts; centrality, claims and scorecards come
    from ``/graph/top``, ``/graph/claims`` and ``/graph/scorecards``."""
    lang = language(request)
    view = await request.app.state.tasks.acall(explore_view, lang)
    for row in view["countries"] + view["provinces"]:
        row["href"] = local_path(row["iri"]) or row["iri"]
    return html_page(request, "explore.html", N_("Explore the network"), lang=lang, view=view,
                     id_base=str(ids.ID))  # fmt: skip


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
    help_ = await request.app.state.tasks.acall(field_rules)
    countries = await request.app.state.tasks.acall(countries_view, lang)
    return html_page(
        request, "validate.html", N_("Check an agreement"), lang=lang,
        form=_form_model(lang), rules=help_, countries=countries,
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


# -- the form ---------------------------------------------------------------------------

#: The procedure's steps and the date fields of each, in the order they happen.
STEPS: list[tuple[str, list[tuple[str, str]]]] = [
    (N_("Preparation"), [
        ("exploration", N_("Exploration with the partner")),
        ("consult_mendagri", N_("Consultation with the Minister of Home Affairs")),
        ("consult_menlu", N_("Consultation with the Minister of Foreign Affairs")),
        ("loi_signed", N_("Letter of intent signed")),
        ("plan", N_("Cooperation plan drawn up")),
    ]),
    (N_("Approval"), [
        ("dprd_request", N_("Request to the regional parliament (DPRD)")),
        ("dprd_approval", N_("Regional parliament (DPRD) approval")),
        ("mendagri_submission", N_("Submitted to the Minister of Home Affairs")),
        ("mendagri_advice", N_("Advice of the Minister of Home Affairs")),
        ("interministerial_meeting", N_("Interministerial coordination meeting")),
        ("mendagri_draft_approval", N_("Draft approved by the Minister of Home Affairs")),
        ("kemlu_confirmation", N_("Confirmation by the Ministry of Foreign Affairs")),
        ("mendagri_forward", N_("Forwarded by the Minister of Home Affairs")),
    ]),
    (N_("Signing and term"), [
        ("signed", N_("Signed")),
        ("start", N_("In force from")),
        ("end", N_("In force until")),
    ]),
]  # fmt: skip

#: Code -> English label of each choice of the form (translated by the catalogue).
CHOICES: dict[str, list[tuple[str, str]]] = {
    "form": [("sister_city", N_("Sister city")), ("sister_province", N_("Sister province")),
             ("other", N_("Other cooperation"))],
    "level": [("provinsi", N_("Province")), ("kabupaten", N_("Regency (kabupaten)")),
              ("kota", N_("City (kota)"))],
    "foreign_type": [
        ("subnational_government", N_("Subnational government")),
        ("national_government", N_("National government")),
        ("international_organisation", N_("International organisation")),
        ("non_profit", N_("Non-profit organisation")), ("university", N_("University")),
        ("company", N_("Company")), ("political_party", N_("Political party")),
    ],
    "foreign_level": [("province_level", N_("Province level")), ("municipal_level", N_("Municipal level"))],
    "funding": [("apbd", N_("Regional budget (APBD)")), ("apbn", N_("State budget (APBN)")),
                ("partner", N_("The partner")), ("grant", N_("A grant")), ("other", N_("Other"))],
    "dispute": [
        ("negotiation_consultation", N_("Negotiation and consultation")),
        ("arbitration", N_("Arbitration")), ("foreign_court", N_("A foreign court")),
        ("domestic_court", N_("A domestic court")), ("none", N_("No clause")),
    ],
    "advice": [("draft_text", N_("Go on to the draft text")), ("revise_plan", N_("Revise the plan"))],
    "participants": [("kemlu", N_("Ministry of Foreign Affairs")),
                     ("sector_ministry", N_("Sector ministry")), ("province", N_("Province")),
                     ("regency_city", N_("Regency or city"))],
    "office": [
        ("gubernur", N_("Governor")), ("wakil_gubernur", N_("Vice-governor")), ("bupati", N_("Regent")),
        ("wakil_bupati", N_("Vice-regent")), ("wali_kota", N_("Mayor")),
        ("wakil_wali_kota", N_("Vice-mayor")), ("sekda", N_("Regional secretary")),
        ("kepala_opd", N_("Head of a regional agency")), ("other", N_("Other")),
    ],
    "recipient": [("kemendagri", N_("Ministry of Home Affairs")),
                  ("kemlu", N_("Ministry of Foreign Affairs")), ("governor", N_("Governor")),
                  ("other", N_("Other"))],
}  # fmt: skip

#: The fields of cooperation, with their English labels.
FIELDS: list[tuple[str, str]] = [
    ("economy", N_("Economy")), ("trade", N_("Trade")), ("investment", N_("Investment")),
    ("industry", N_("Industry")), ("tourism", N_("Tourism")), ("education", N_("Education")),
    ("health", N_("Health")), ("culture", N_("Culture")), ("cultural_exchange", N_("Cultural exchange")),
    ("social_welfare", N_("Social welfare")), ("youth_sport", N_("Youth and sport")),
    ("environment", N_("Environment")), ("science_technology", N_("Science and technology")),
    ("governance_capacity", N_("Government capacity")), ("regional_promotion", N_("Regional promotion")),
    ("public_works_spatial_planning", N_("Public works and spatial planning")),
    ("housing", N_("Housing")), ("disaster_management", N_("Disaster management")),
    ("transport", N_("Transport")), ("agriculture", N_("Agriculture")),
    ("marine_fisheries", N_("Marine affairs and fisheries")), ("smes", N_("Small and medium enterprises")),
    ("communication_informatics", N_("Communication and informatics")),
    ("foreign_policy", N_("Foreign policy")), ("defence", N_("Defence")), ("security", N_("Security")),
    ("justice", N_("Justice")), ("monetary_fiscal", N_("Monetary and fiscal affairs")),
    ("religion", N_("Religion")), ("other_lawful", N_("Other lawful field")),
]  # fmt: skip


def _form_model(lang: str) -> dict[str, Any]:
    """The form's steps and choices with their labels in *lang*."""

    def choices(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
        return [{"code": code, "label": translate(label, lang)} for code, label in pairs]

    return {
        "steps": [
            {"title": translate(title, lang),
             "dates": [{"code": c, "label": translate(label, lang)} for c, label in dates]}
            for title, dates in STEPS
        ],
        "choices": {name: choices(pairs) for name, pairs in CHOICES.items()},
        "fields": choices(FIELDS),
    }  # fmt: skip


def _check_codes() -> None:
    """The form offers exactly the codes the submission model accepts."""
    offered = {code for code, _ in FIELDS}
    accepted = set(FieldCode.__args__)  # type: ignore[attr-defined]
    if offered != accepted:
        raise RuntimeError(f"form fields differ from the model: {offered ^ accepted}")
    if {c for c, _ in CHOICES["office"]} != INDONESIAN_OFFICES:
        raise RuntimeError("form offices differ from the model")


_check_codes()
