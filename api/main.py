"""``create_app``: the FastAPI application. The lifespan opens the one store of the process.

>>> from fastapi.testclient import TestClient
>>> with TestClient(create_app(Settings())) as client:
...     client.get("/health").json()["status"]
'ok'
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.cors import CORSMiddleware
from kembar.api import errors
from kembar.api.cache import CachedQueries, ResultCache
from kembar.api.routes import agreements, graph, health, linked_data, sparql, validate
from kembar.api.settings import Settings, get_settings, open_store
from kembar.graph.analytics.network import register_functions
from kembar.graph.sparql.workers import QueryPool
from kembar.graph.validation import Validator

__all__ = ["create_app"]


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for *settings* (default: from the environment)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = await run_in_threadpool(open_store, settings)
        app.state.validator = Validator(app.state.store)  # parses the shapes once
        # a remote server may change under us: its answers are not kept
        remote = app.state.store.is_remote
        app.state.results = ResultCache(0 if remote else settings.result_cache_bytes)
        app.state.queries = await run_in_threadpool(
            lambda: QueryPool(
                settings.store,
                remote=(settings.sparql_endpoint, settings.sparql_update_endpoint)
                if app.state.store.is_remote
                else None,
                size=settings.query_workers,
                timeout=settings.query_timeout,
                max_rows=settings.max_rows,
                max_bytes=settings.max_result_bytes,
                allow_service=settings.allow_service,
                setup=None if remote else register_functions,
                version=app.state.store.version,
            )
        )
        yield
        app.state.queries.close()
        # drop the store now: an on-disk store releases its lock only when nothing holds it
        app.state.validator = app.state.store = app.state.queries = None

    app = FastAPI(
        title="Kembar",
        summary="A knowledge graph of sister-city cooperation and the Indonesian law that governs it.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    errors.install(app)
    app.add_middleware(CachedQueries)  # inside CORS: its answers get CORS headers too
    # Anyone may read from a browser; no cookies or credentials are ever involved.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_credentials=False,
        allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
        allow_headers=["Accept", "Content-Type", "Authorization"],
        expose_headers=[
            "X-Kembar-Timeout",
            "X-Kembar-Max-Rows",
            "X-Kembar-Max-Bytes",
            "X-Kembar-Cache",
            "Retry-After",
        ],
        max_age=3600,
    )
    app.include_router(health.router)
    app.include_router(sparql.router)
    app.include_router(validate.router)
    app.include_router(agreements.router)
    app.include_router(linked_data.router)
    app.include_router(graph.router)
    return app
