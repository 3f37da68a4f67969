"""``POST /validate``: check one agreement against the law in force on its date.

The body is a JSON submission (``application/json``, submission-format.md), or RDF in
the ontology's terms (``text/turtle``, ``application/ld+json``). The answer is the JSON
report of submission-format.md, or the SHACL validation report on ``Accept: text/turtle``.
A malformed body is a 400, a submission that breaks the format a 422 listing each field
and problem, a body over the limit a 413.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response
from kembar.api.errors import (
    NotAcceptableError,
    UnsupportedMediaTypeError,
)
from kembar.api.negotiation import negotiate
from kembar.api.runtime import runtime_of
from kembar.api.web.i18n import N_
from kembar.api.web.render import html_page
from kembar.api.web.report import report_helpers
from kembar.graph.runtime import Pool
from kembar.graph.validation.audit import audit_view
from kembar.graph.validation.document import judge_document
from kembar.graph.validation.validator import Report, validate_document

router = APIRouter(tags=["validation"])

_OFFERS = ["application/json", "text/turtle", "text/html"]
_EXAMPLE = {
    "format": "kembar-agreement/1",
    "form": "sister_city",
    "indonesian_party": {"name": "Kota Surabaya", "level": "kota", "province": "Jawa Timur"},
    "foreign_party": {"name": "Kaohsiung", "country": "TW", "level": "municipal_level"},
    "fields": ["trade", "education"],
    "dates": {"signed": "2021-03-01"},
}


#: Media types a submission may come in, and the file name each is parsed as.
SUBMISSION_TYPES = {"application/json": "submission.json",
                    "application/ld+json": "submission.jsonld", "text/turtle": "submission.ttl"}  # fmt: skip

#: The OpenAPI request body of a route that takes a submission.
SUBMISSION_BODY = {
    "required": True,
    "description": "A submission (kembar-agreement/1); Turtle and JSON-LD in the "
    "ontology's terms are accepted too",
    "content": {
        "application/json": {"schema": {"type": "object"}, "example": _EXAMPLE},
        "application/ld+json": {"schema": {"type": "object"}},
        "text/turtle": {"schema": {"type": "string"}},
    },
}


@dataclass(frozen=True)
class Body:
    """A submission as sent: its bytes, the name it is parsed as, its media type."""

    data: bytes
    name: str
    media_type: str


async def read_submission(request: Request) -> Body:
    """The body of a submission (415 for another type; the size limit is checked before
    reading, by :class:`kembar.api.limits.RequestLimits`)."""
    content_type = request.headers.get("content-type", "application/json").split(";")[0].strip()
    if content_type not in SUBMISSION_TYPES:
        raise UnsupportedMediaTypeError(
            f"send one of {', '.join(SUBMISSION_TYPES)}, not {content_type!r}"
        )
    return Body(await request.body(), SUBMISSION_TYPES[content_type], content_type)


async def judge(request: Request, body: Body, graph: bool = False) -> Report:
    """Parse and validate *body* in a worker, under the request time limit; the report
    keeps its SHACL graph only when *graph* (a Turtle answer) asks for it."""
    pool: Pool = runtime_of(request).tasks
    return await pool.acall(validate_document, body.data, body.name, body.media_type, None, graph)


@router.post(
    "/validate",
    summary="Validate an agreement",
    response_description="The report: conforms, regime, and one result per finding",
    responses={
        200: {"content": {"text/turtle": {}, "text/html": {}}},
        400: {"description": "Malformed JSON, JSON-LD or Turtle"},
        406: {"description": "Accept names neither JSON nor Turtle"},
        413: {"description": "Body over the size limit"},
        415: {"description": "Content-Type is not JSON, JSON-LD or Turtle"},
        422: {"description": "The submission breaks the format; each field is named"},
    },
    openapi_extra={"requestBody": SUBMISSION_BODY},
)
async def validate(request: Request) -> Response:
    """Judge the submission by the law in force on its date (signing, else letter of intent,
    else today) and answer each finding with its rule, severity, article and message.

    The body is read raw, so that its bytes are checked as given, with the field's path
    in every error. ``Accept: text/html`` answers the report as a page a person can file
    (in the language of ``?lang=`` or ``Accept-Language``): the agreement, the law applied,
    each rule's findings once with its provisions and how to fix them, and the versions."""
    media = _negotiate_or_406(request)
    if media == "text/html":
        body = await read_submission(request)
        pool: Pool = runtime_of(request).tasks
        doc = await pool.acall(judge_document, body.data, body.name, body.media_type)
        return html_page(request, "report.html", N_("Report of a check"), doc=doc,
                         standalone=True, **report_helpers(request, doc))  # fmt: skip
    report = await judge(request, await read_submission(request), media == "text/turtle")
    if media == "text/turtle":
        return Response(report.as_turtle(), media_type="text/turtle")
    return JSONResponse(report.as_json())


def _negotiate_or_406(request: Request) -> str:
    media = negotiate(request.headers.get("accept"), _OFFERS)
    if media is None:
        raise NotAcceptableError(f"this resource is available as {', '.join(_OFFERS)}")
    return media


@router.get(
    "/agreements/{slug}/audit",
    summary="A stored agreement as a submission, and its validation report",
    responses={
        404: {"description": "No such agreement"},
        400: {"description": "The agreement has not two parties to judge"},
    },
)
async def audit(
    slug: Annotated[
        str,
        PathParam(
            pattern="^[a-z0-9][a-z0-9-]*$",
            max_length=200,
            description="the agreement's slug, e.g. bandung-braunschweig",
        ),
    ],
    request: Request,
) -> JSONResponse:
    """What a submission of the stored agreement would hold, as far as the graph knows it
    (``submission``, the format of ``POST /validate``), and the report of the law in force
    on its date (``report``): what the validation form is prefilled with."""  # fmt: skip
    pool: Pool = runtime_of(request).tasks
    return JSONResponse(await pool.acall(audit_view, slug))
