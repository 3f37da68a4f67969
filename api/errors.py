"""The only place where :mod:`kembar.graph` errors become HTTP answers (problem JSON)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from kembar.graph.errors import KembarError, QuerySyntaxError, UnknownFormatError

__all__ = ["install"]

PROBLEM = "application/problem+json"


def _problem(status: int, title: str, detail: str, **extra: object) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


async def _query_syntax(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, QuerySyntaxError)
    return _problem(400, "Malformed query", str(exc), line=exc.line, column=exc.column)


async def _unknown_format(request: Request, exc: Exception) -> JSONResponse:
    return _problem(406, "Not acceptable", str(exc))


async def _kembar(request: Request, exc: Exception) -> JSONResponse:
    return _problem(400, "Bad request", str(exc))


def install(app: FastAPI) -> None:
    """Register the handlers on *app*."""
    app.add_exception_handler(QuerySyntaxError, _query_syntax)
    app.add_exception_handler(UnknownFormatError, _unknown_format)
    app.add_exception_handler(KembarError, _kembar)
