"""``create_app``: the FastAPI application. The lifespan opens the one store of the process,
starts the worker pools and the computation of the network metrics.

Every request's work on the graph runs in a worker process with a time limit that really
holds (:class:`kembar.graph.sparql.WorkerPool`): user queries in the ``queries`` pool,
validations, pages and analytics in the ``tasks`` pool, so that a flood of one cannot
starve the other. The main process keeps the writable store, the result cache, and the
writes, which are bounded by the size limits of a submission.

>>> from fastapi.testclient import TestClient
>>> with TestClient(create_app(Settings(sandbox=False))) as client:
...     client.get("/health").json()["status"]
'ok'
"""

from __future__ import annotations

import gc
import shutil
import tempfile
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from kembar.api import errors
from kembar.api.cache import CachedQueries, ResultCache
from kembar.api.dumps import Dumps
from kembar.api.fairness import FairShare
from kembar.api.lifecycle import current, snapshot
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
from kembar.api.settings import Settings, get_settings, open_store
from kembar.api.web.http import Assets, BrowserPolicy, HeadAsGet
from kembar.graph.analytics.tables import TableService, table_setup
from kembar.graph.sparql.workers import WorkerPool

__all__ = ["create_app"]


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for *settings* (default: from the environment).

    Parameters
    ----------
    settings : Settings, optional
        The configuration; read from ``KEMBAR_*`` when not given.

    Returns
    -------
    fastapi.FastAPI
    """
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = await run_in_threadpool(open_store, settings)
        store.validation_engine = settings.validation_engine  # the workers get it in their spec
        app.state.store = store
        remote = (
            (settings.sparql_endpoint, settings.sparql_update_endpoint) if store.is_remote else None
        )
        folder = Path(tempfile.mkdtemp(prefix="kembar-tables-"))
        app.state.dumps = Dumps(Path(tempfile.mkdtemp(prefix="kembar-dumps-")))
        version, extra = snapshot(store)
        app.state.tables = TableService(
            folder, settings.store, remote=remote, timeout=settings.analytics_timeout
        )
        app.state.tables.start(version, extra)
        # a remote server may change under us: its answers are not kept
        app.state.results = ResultCache(0 if remote else settings.result_cache_bytes)
        sandbox = settings.sandbox and not settings.allow_service

        def pools() -> tuple[WorkerPool, WorkerPool]:
            def pool(size: int, timeout: float, with_functions: bool, name: str) -> WorkerPool:
                return WorkerPool(
                    settings.store, size=size, timeout=timeout, remote=remote,
                    setup=table_setup(folder) if with_functions and not remote else None,
                    version=version, extra=extra, sandbox=sandbox,
                    max_rss=settings.max_worker_bytes, max_rows=settings.max_rows,
                    max_memory=settings.worker_memory_limit,
                    validation_engine=settings.validation_engine,
                    max_bytes=settings.max_result_bytes,
                    current=lambda: current(store), hold=lambda: store.write_lock,
                    latest=lambda: store.version, name=name,
                )  # fmt: skip

            with ThreadPoolExecutor(2) as starting:  # both pools' processes start at once
                queries = starting.submit(
                    pool, settings.query_workers, settings.query_timeout, True, "kembar-query"
                )
                tasks = starting.submit(
                    pool, settings.task_workers, settings.request_timeout, False, "kembar-task"
                )
                return queries.result(), tasks.result()

        app.state.queries, app.state.tasks = await run_in_threadpool(pools)
        yield
        app.state.queries.close()
        app.state.tasks.close()
        app.state.tables.close()
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(app.state.dumps.folder, ignore_errors=True)
        # drop the store now: an on-disk store releases its lock only when nothing holds it,
        # and pySHACL's frames (of the last write's check) may hold it in a reference cycle
        app.state.store = app.state.queries = app.state.tasks = None
        gc.collect()

    app = FastAPI(
        title="Kembar",
        summary="A knowledge graph of sister-city cooperation and the Indonesian law that governs it.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # /docs and /redoc are Kembar's own pages, with their files served here
        redoc_url=None,
    )
    app.state.settings = settings
    errors.install(app)
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
