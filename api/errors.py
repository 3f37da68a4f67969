"""The only place where errors become HTTP answers: ``application/problem+json`` (RFC 9457).

:mod:`kembar.graph.errors` has three branches, and each maps to a status here, once:
client errors to 4xx (400, or the status their class names: 404, 406, 409, 413, 422),
upstream errors to 502 (a remote store) or 503 (the store's own disk), "not now" to 503
with ``Retry-After``. The HTTP-only errors (401, 403, 406, 413, 415) are defined here too.
Anything else is a bug: 500, logged, and no stack trace ever reaches a client.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from kembar.graph.errors import (
    ClientError,
    ConflictError,
    InternalError,
    KembarError,
    LimitError,
    NotFoundError,
    QueryRefusedError,
    QuerySyntaxError,
    RemoteStoreError,
    ResultTooLargeError,
    StoreError,
    SubmissionError,
    UnavailableError,
    UnknownFormatError,
    UpstreamError,
    trace,
)
from starlette.applications import Starlette
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import Response

__all__ = [
    "PROBLEM",
    "ApiError",
    "ForbiddenError",
    "NotAcceptableError",
    "PayloadTooLargeError",
    "UnauthorizedError",
    "UnsupportedMediaTypeError",
    "install",
    "problem",
]

PROBLEM = "application/problem+json"
log = logging.getLogger(__name__)

#: An exception handler as Starlette calls it.
Handler = Callable[[Request, Exception], Awaitable[Response]]


class ApiError(ClientError):
    """An error that only exists over HTTP; ``status`` and ``title`` say which."""

    status = 400
    title = "Bad request"


class NotAcceptableError(ApiError):
    status, title = 406, "Not acceptable"


class PayloadTooLargeError(ApiError):
    status, title = 413, "Content too large"


class UnsupportedMediaTypeError(ApiError):
    status, title = 415, "Unsupported media type"


class UnauthorizedError(ApiError):
    """No credentials: the client should send ``Authorization: Bearer <token>``."""

    status, title = 401, "Unauthorized"


class ForbiddenError(ApiError):
    status, title = 403, "Forbidden"


def problem(status: int, title: str, detail: str, **extra: object) -> JSONResponse:
    """A problem-details response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


async def _api(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    response = problem(exc.status, exc.title, str(exc))
    if isinstance(exc, UnauthorizedError):
        response.headers["WWW-Authenticate"] = 'Bearer realm="kembar"'
    return response


async def _conflict(request: Request, exc: Exception) -> JSONResponse:
    return problem(409, "Conflict", str(exc))


async def _not_found(request: Request, exc: Exception) -> JSONResponse:
    return problem(404, "Not found", str(exc))


async def _query_syntax(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, QuerySyntaxError)
    return problem(400, "Malformed query", str(exc), line=exc.line, column=exc.column)


async def _submission(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SubmissionError)
    if not exc.problems:  # the body does not even parse
        return problem(400, "Malformed submission", str(exc))
    kinds = exc.kinds if len(exc.kinds) == len(exc.problems) else [""] * len(exc.problems)
    errors = [
        {"path": path, "problem": text, **({"type": kind} if kind else {})}
        for (path, text), kind in zip(exc.problems, kinds, strict=True)
    ]
    return problem(422, "Invalid submission", str(exc), errors=errors)


async def _limit(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, LimitError)
    title = "Content too large" if exc.status == 413 else "Limit exceeded"
    return problem(exc.status, title, str(exc), limit=exc.limit)


async def _refused(request: Request, exc: Exception) -> JSONResponse:
    return problem(400, "Query refused", str(exc))


async def _too_large(request: Request, exc: Exception) -> JSONResponse:
    return problem(400, "Result too large", f"{exc}; narrow the query or add a LIMIT")


async def _unknown_format(request: Request, exc: Exception) -> JSONResponse:
    return problem(406, "Not acceptable", str(exc))


async def _client(request: Request, exc: Exception) -> JSONResponse:
    return problem(400, "Bad request", str(exc))


async def _remote(request: Request, exc: Exception) -> JSONResponse:
    return problem(502, "Bad gateway", str(exc))


async def _store(request: Request, exc: Exception) -> JSONResponse:
    log.error("store error on %s %s: %s", request.method, request.url.path, str(exc))
    response = problem(503, "Store unavailable", str(exc))
    response.headers["Retry-After"] = "30"
    return response


async def _upstream(request: Request, exc: Exception) -> JSONResponse:
    return problem(502, "Bad gateway", str(exc))


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    response = problem(503, "Service unavailable", str(exc))
    response.headers["Retry-After"] = "5"
    return response


async def _bug(request: Request, exc: Exception) -> JSONResponse:
    log.error("unclassified Kembar error on %s %s: %s", request.method, request.url.path, repr(exc))
    return problem(500, "Internal server error", "the server failed; the error was logged")


async def _internal(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InternalError)  # logged where it happened, in the worker
    return problem(500, "Internal server error", str(exc), incident=exc.incident)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return problem(exc.status_code, _TITLES.get(exc.status_code, "Error"), str(exc.detail))


async def _request_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"path": ".".join(str(p) for p in e["loc"]), "problem": e["msg"]} for e in exc.errors()
    ]
    detail = "; ".join(f"{e['path']}: {e['problem']}" for e in errors)
    return problem(422, "Invalid request", detail, errors=errors)


async def _gone(request: Request, exc: Exception) -> JSONResponse:
    log.info("client left before the answer of %s %s", request.method, request.url.path)
    return problem(400, "Client disconnected", "the client closed the connection")


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected error on %s %s\n%s", request.method, request.url.path, trace(exc))
    return problem(500, "Internal server error", "the server failed; the error was logged")


_TITLES = {404: "Not found", 405: "Method not allowed", 400: "Bad request", 409: "Conflict"}


def handler_for(app: Starlette, exc: Exception) -> Handler | None:
    """The handler *app* registered for *exc*'s class (the most specific one), for code that
    answers beneath the app's own exception layer; None for the catch-all, which is left to
    the server-error layer (it logs the incident and answers 500)."""
    for cls in type(exc).__mro__:
        if cls is Exception:
            return None
        handler = app.exception_handlers.get(cls)
        if handler is not None:
            return handler  # type: ignore[no-any-return]
    return None


def install(app: FastAPI) -> None:
    """Register the handlers on *app*; the most specific class wins (Starlette walks the MRO)."""
    app.add_exception_handler(ApiError, _api)
    app.add_exception_handler(ConflictError, _conflict)
    app.add_exception_handler(NotFoundError, _not_found)
    app.add_exception_handler(QuerySyntaxError, _query_syntax)
    app.add_exception_handler(SubmissionError, _submission)
    app.add_exception_handler(LimitError, _limit)
    app.add_exception_handler(UnknownFormatError, _unknown_format)
    app.add_exception_handler(QueryRefusedError, _refused)
    app.add_exception_handler(ResultTooLargeError, _too_large)
    app.add_exception_handler(ClientError, _client)
    app.add_exception_handler(RemoteStoreError, _remote)
    app.add_exception_handler(StoreError, _store)
    app.add_exception_handler(UpstreamError, _upstream)
    app.add_exception_handler(UnavailableError, _unavailable)
    app.add_exception_handler(InternalError, _internal)
    app.add_exception_handler(KembarError, _bug)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(ClientDisconnect, _gone)
    app.add_exception_handler(Exception, _unexpected)
