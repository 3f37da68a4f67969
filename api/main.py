"""``create_app``: the FastAPI application. Its lifespan makes the :class:`~.runtime.Runtime`
(the one store of the process, the worker pools, the network metrics) and ends it.

Every request's work on the graph runs in a worker process with a time limit that really
holds (:mod:`kembar.graph.runtime`). The main process keeps the writable store, the result
cache, and the writes, which are bounded by the size limits of a submission.

>>> from fastapi.testclient import TestClient
>>> with TestClient(create_app(Settings(sandbox=False))) as client:
...     client.get("/health").json()["status"]
'ok'
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from kembar.api import errors
from kembar.api.cache import CachedQueries
from kembar.api.fairness import FairShare
from kembar.api.limits import RequestLimits
from kembar.api.routes import (
    agreements,
    graph,
    health,
    linked_data,
    pages,
    reconcile,
    sparql,
    validate,
)
from kembar.api.runtime import Runtime, RuntimeFactory
from kembar.api.settings import Settings, get_settings
from kembar.api.web.http import Assets, BrowserPolicy, HeadAsGet

__all__ = ["create_app"]


def create_app(
    settings: Settings | None = None, *, runtime: RuntimeFactory = Runtime.start
) -> FastAPI:
    """Build the app for *settings* (default: from the environment).

    Parameters
    ----------
    settings : Settings, optional
        The configuration; read from ``KEMBAR_*`` when not given.
    runtime : callable, optional
        Makes the runtime from the settings when the app starts: worker processes
        (:meth:`Runtime.start`), or the in-process fake of the tests (:meth:`Runtime.inline`).

    Returns
    -------
    fastapi.FastAPI
    """
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        made = await run_in_threadpool(runtime, settings)
        app.state.runtime = made
        yield
        app.state.runtime = None
        made.close()

    app = FastAPI(
        title="Kembar",
        summary="A knowledge graph of sister-city cooperation and the Indonesian law that governs it.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # /docs and /redoc are Kembar's own pages, with their files served here
        redoc_url=None,
    )
    errors.install(app)
    app.add_middleware(sparql.DirectQueries)  # innermost: beneath the fair share, before routing
    app.add_middleware(  # inside the cache: an answer served from it takes no share
        FairShare, per_client=settings.client_concurrency, queue=settings.client_queue,
        trusted_proxies=settings.trusted_proxies,
    )  # fmt: skip
    app.add_middleware(CachedQueries)  # inside CORS: its answers get CORS headers too
    app.add_middleware(
        RequestLimits,
        submission_bytes=settings.max_submission_bytes,
        other_bytes=settings.max_request_bytes,
    )
    # Anyone may read from a browser; no cookies or credentials are ever involved.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_credentials=False,
        allow_methods=["GET", "HEAD", "POST", "DELETE", "OPTIONS"],
        allow_headers=["Accept", "Content-Type", "Authorization"],
        expose_headers=[
            "X-Kembar-Timeout",
            "X-Kembar-Max-Rows",
            "X-Kembar-Max-Bytes",
            "X-Kembar-Cache",
            "X-Kembar-Store-Version",
            "Retry-After",
        ],
        max_age=3600,
    )
    app.add_middleware(BrowserPolicy)  # outside CORS: every answer gets the security headers
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=6)
    app.add_middleware(HeadAsGet)
    # follow_symlink: strict editable installs link each file of the package
    app.mount(
        "/static", Assets(packages=[("kembar.api", "static")], follow_symlink=True), name="static"
    )
    app.include_router(health.router)
    app.include_router(sparql.router)
    app.include_router(validate.router)
    app.include_router(agreements.router)
    app.include_router(linked_data.router)
    app.include_router(graph.router)
    app.include_router(pages.router)
    app.include_router(reconcile.router)
    return app
