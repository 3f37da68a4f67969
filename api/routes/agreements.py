"""``/agreements``: adding and removing agreements, for holders of the write token only.

``POST /agreements`` takes a submission (as ``POST /validate``), validates it and, when it
conforms, adds it to the store with provenance (:mod:`kembar.graph.validation.writes`): 201 with
``Location`` and the report; 422 with the report when it does not conform (nothing
changes). ``DELETE /agreements/{slug}`` removes an agreement added that way (204). Without
``Authorization: Bearer <token>`` the answer is 401; with a wrong token, or when the server
has no write token set (``KEMBAR_WRITE_TOKEN``), 403. ``/sparql`` stays read-only.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from kembar.api.deps import SettingsDep
from kembar.api.errors import ForbiddenError, UnauthorizedError
from kembar.api.routes.validate import SUBMISSION_BODY, judge, read_submission
from kembar.api.runtime import runtime_of
from kembar.api.settings import Settings
from kembar.graph.errors import NotFoundError
from kembar.graph.store import KembarStore
from kembar.graph.validation.submission import parse_submission
from kembar.graph.validation.writes import add_agreement, delete_agreement
from kembar.ontology import ids
from rdflib import URIRef

router = APIRouter(tags=["writes"])


def _authorise(request: Request, settings: Settings) -> None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise UnauthorizedError("send Authorization: Bearer <token> to write")
    if settings.write_token is None:
        raise ForbiddenError("this server takes no writes (no write token is set)")
    given = token.strip().encode("utf-8", "surrogateescape")  # any bytes a header may carry
    if not hmac.compare_digest(given, settings.write_token.get_secret_value().encode("utf-8")):
        raise ForbiddenError("the token does not allow writes")


@router.post(
    "/agreements",
    status_code=201,
    summary="Add an agreement (write token needed)",
    responses={
        201: {"description": "Added; Location names it; the body is the validation report"},
        401: {"description": "No bearer token"},
        403: {"description": "Wrong token, or writes are off"},
        409: {"description": "An agreement with that IRI exists"},
        413: {"description": "Body over the size limit"},
        422: {"description": "The submission breaks the format, or does not conform"},
    },
    openapi_extra={"requestBody": SUBMISSION_BODY},
)
async def add(request: Request, settings: SettingsDep) -> Response:
    """Validate the submission and, when it conforms, add it with who sent it and when."""
    _authorise(request, settings)
    body = await read_submission(request)
    report = await judge(request, body)
    if not report.conforms:
        return JSONResponse({"added": None, **report.as_json()}, status_code=422)
    store: KembarStore = runtime_of(request).store

    def write() -> tuple[URIRef, int]:  # parsing again is cheap: the worker checked the limits
        submission = parse_submission(body.data, body.name, body.media_type)
        with store.write_lock:
            added = add_agreement(store, submission, report, agent=settings.write_agent,
                                  document=body.data)  # fmt: skip
            return added, store.version

    iri, version = await run_in_threadpool(write)
    await run_in_threadpool(runtime_of(request).refresh)
    path = f"/id/{ids.instance_path(str(iri))}"
    return JSONResponse({"added": str(iri), **report.as_json()}, status_code=201,
                        headers={"Location": path, "X-Kembar-Store-Version": str(version)})  # fmt: skip


@router.delete(
    "/agreements/{slug}",
    status_code=204,
    summary="Remove an agreement added over HTTP (write token needed)",
    responses={
        401: {},
        403: {},
        404: {"description": "No such agreement"},
        409: {"description": "Curated or imported data: not removable here"},
    },
)
async def remove(
    slug: Annotated[
        str, PathParam(pattern="^[a-z0-9][a-z0-9-]*$", description="the agreement's slug")
    ],
    request: Request,
    settings: SettingsDep,
) -> Response:
    """Remove an agreement that ``POST /agreements`` added, with everything it brought."""
    _authorise(request, settings)
    store: KembarStore = runtime_of(request).store

    def drop() -> int | None:
        with store.write_lock:
            return store.version if delete_agreement(store, slug) else None

    version = await run_in_threadpool(drop)
    if version is None:
        raise NotFoundError(f"no agreement {slug!r} was added over HTTP")
    await run_in_threadpool(runtime_of(request).refresh)
    return Response(status_code=204, headers={"X-Kembar-Store-Version": str(version)})
