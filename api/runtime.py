"""The server's runtime: its store, the pools where request work runs, the metrics, the
caches. One object, made by the app's lifespan, that routes get through ``RuntimeDep``.

:meth:`Runtime.start` opens the one store of the process and starts the children: user
queries in the ``queries`` pool, validations, pages and analytics in the ``tasks`` pool (so
that a flood of one cannot starve the other), the network metrics in a pool of their own.
Every child opens the same :class:`~kembar.graph.runtime.Replica` of the store. After a
write, :meth:`Runtime.refresh` brings them all to the new version.

:meth:`Runtime.inline` is the in-process fake: the same object with
:class:`~kembar.graph.runtime.InlinePool` in place of each pool, for tests of what routes do
(``create_app(settings, runtime=Runtime.inline)``); it starts no process.

>>> from kembar.api.settings import Settings
>>> runtime = Runtime.inline(Settings(store=None))
>>> runtime.tasks.call(len) == len(runtime.store)
True
>>> runtime.close()
"""

from __future__ import annotations

import contextlib
import gc
import io
import shutil
import tempfile
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import pyoxigraph as ox
from fastapi import Depends, Request
from kembar.api.cache import ResultCache
from kembar.api.dumps import Dumps
from kembar.api.settings import Settings, open_store
from kembar.graph.analytics.tables import TableService, table_setup
from kembar.graph.errors import UnavailableError
from kembar.graph.linkeddata.search import prepare as prepare_search
from kembar.graph.runtime import InlinePool, Pool, Replica, WorkerPool
from kembar.graph.store import EMBEDDED_GRAPHS, KembarStore
from kembar.ontology import ids

__all__ = [
    "Runtime",
    "RuntimeDep",
    "RuntimeFactory",
    "current",
    "get_runtime",
    "runtime_of",
    "snapshot",
]


def snapshot(store: KembarStore) -> tuple[int, bytes]:
    """The store's version and what fresh workers must load to see it, read together.

    Workers of an on-disk or remote store open it themselves; those of the in-memory store
    load the embedded graph and then these N-Quads (everything else).

    >>> version, extra = snapshot(KembarStore())
    >>> b"<https://w3id.org/kembar/graph/derived> ." in extra  # derived statements travel too
    True
    """
    with store.write_lock:
        return current(store)


def current(store: KembarStore) -> tuple[int, bytes]:
    """:func:`snapshot` for a caller that holds the store's write lock already."""
    if store.path is not None or store.is_remote:
        return store.version, b""
    embedded = {str(ids.graph_iri(name)) for name in EMBEDDED_GRAPHS}
    out = io.BytesIO()
    ox.serialize(
        (
            q
            for q in store.store
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value not in embedded
        ),
        out,
        ox.RdfFormat.N_QUADS,
    )
    return store.version, out.getvalue()


class _Watch:
    """What the pools ask of the server's store (its version, what it holds beyond the
    embedded graph, its write lock) through a weak reference: a pool's background threads
    never keep the store, and an on-disk store's lock, alive after the server let go of it."""

    def __init__(self, store: KembarStore) -> None:
        self._store = weakref.ref(store)

    def _held(self) -> KembarStore:
        store = self._store()
        if store is None:
            raise UnavailableError("the server's store is closed")
        return store

    def current(self) -> tuple[int, bytes]:
        return current(self._held())

    def lock(self) -> AbstractContextManager[Any]:
        store = self._store()
        return store.write_lock if store is not None else contextlib.nullcontext()

    def version(self) -> int:
        store = self._store()
        return store.version if store is not None else -1


@dataclass
class Runtime:
    """What the server runs on; made by :meth:`start` (or :meth:`inline`), ended by
    :meth:`close`."""

    settings: Settings
    store: KembarStore
    queries: Pool
    """User SPARQL queries."""
    tasks: Pool
    """Validations, pages, analytics, reconciliation: any function of the graph layer."""
    tables: TableService
    """The network metrics of each store version."""
    results: ResultCache
    """Answers to GET queries, per store version."""
    dumps: Dumps
    """The whole dataset in each format, written once per store version."""
    folders: tuple[Path, ...] = ()

    @classmethod
    def start(cls, settings: Settings) -> Runtime:
        """Open the store of *settings* and start every pool's worker processes."""
        store = open_store(settings)
        store.validation_engine = settings.validation_engine
        remote = (
            (settings.sparql_endpoint or "", settings.sparql_update_endpoint)
            if store.is_remote
            else None
        )
        version, extra = snapshot(store)
        tables_folder = Path(tempfile.mkdtemp(prefix="kembar-tables-"))
        replica = Replica(settings.store, remote, extra, version, settings.validation_engine)
        sandbox = settings.sandbox and not settings.allow_service
        watch = _Watch(store)

        def pool(
            replica: Replica, size: int, timeout: float, name: str,
            warm: Callable[[KembarStore], object] | None = None, spares: int = 0,
        ) -> WorkerPool:  # fmt: skip
            return WorkerPool(
                replica, size=size, timeout=timeout, contended=settings.contended_limit or None,
                warm=warm, spares=spares,
                sandbox=sandbox, max_rss=settings.max_worker_bytes, max_rows=settings.max_rows,
                max_memory=settings.worker_memory_limit, max_bytes=settings.max_result_bytes,
                current=watch.current, hold=watch.lock, latest=watch.version, name=name,
            )  # fmt: skip

        with_functions = replica if remote else Replica(
            settings.store, None, extra, version, settings.validation_engine,
            table_setup(tables_folder),
        )  # fmt: skip
        with ThreadPoolExecutor(3) as starting:  # every pool's processes start at once
            queries = starting.submit(
                pool, with_functions, settings.query_workers, settings.query_timeout,
                "kembar-query", spares=settings.spare_workers,
            )  # fmt: skip
            tasks = starting.submit(  # searches run here: each worker builds the index first
                pool, replica, settings.task_workers, settings.request_timeout, "kembar-task",
                warm=prepare_search, spares=settings.spare_workers,
            )  # fmt: skip
            metrics = starting.submit(
                pool, replica, 1, settings.analytics_timeout, "kembar-metrics"
            )
        return cls._made(settings, store, queries.result(), tasks.result(), metrics.result(),
                         tables_folder, remote is not None)  # fmt: skip

    @classmethod
    def inline(cls, settings: Settings) -> Runtime:
        """The in-process fake: the store of *settings*, every pool an
        :class:`~kembar.graph.runtime.InlinePool` on it. No isolation, no time limit that
        holds: for tests of what routes do."""
        store = open_store(settings)
        store.validation_engine = settings.validation_engine
        tables_folder = Path(tempfile.mkdtemp(prefix="kembar-tables-"))
        table_setup(tables_folder)(store, store.version)

        def pool(timeout: float) -> InlinePool:
            return InlinePool(store, timeout=timeout, max_rows=settings.max_rows,
                              max_bytes=settings.max_result_bytes)  # fmt: skip

        return cls._made(settings, store, pool(settings.query_timeout),
                         pool(settings.request_timeout), pool(settings.analytics_timeout),
                         tables_folder, store.is_remote)  # fmt: skip

    @classmethod
    def _made(
        cls, settings: Settings, store: KembarStore, queries: Pool, tasks: Pool, metrics: Pool,
        tables_folder: Path, remote: bool,
    ) -> Runtime:  # fmt: skip
        dumps_folder = Path(tempfile.mkdtemp(prefix="kembar-dumps-"))
        tables = TableService(tables_folder, metrics)
        tables.start(*snapshot(store))
        # a remote server may change under us: its answers are not kept
        results = ResultCache(0 if remote else settings.result_cache_bytes)
        return cls(settings, store, queries, tasks, tables, results, Dumps(dumps_folder),
                   (tables_folder, dumps_folder))  # fmt: skip

    def refresh(self) -> None:
        """After a write: every worker reopens the store, the network metrics follow."""
        version, extra = snapshot(self.store)
        self.queries.refresh(version, extra)
        self.tasks.refresh(version, extra)
        self.tables.start(version, extra)

    def close(self) -> None:
        """Stop every worker and remove the private folders."""
        self.queries.close()
        self.tasks.close()
        self.tables.close()
        for folder in self.folders:
            shutil.rmtree(folder, ignore_errors=True)
        # an on-disk store releases its lock only when nothing holds it, and pySHACL's
        # frames (of the last write's check) may hold it in a reference cycle
        del self.store
        gc.collect()


#: How an app makes its runtime from its settings (:meth:`Runtime.start` or a fake).
RuntimeFactory = Callable[[Settings], Runtime]


def runtime_of(request: Request) -> Runtime:
    """The runtime made by the app's lifespan: the one place that reads the app's state."""
    runtime: Runtime = request.app.state.runtime
    return runtime


async def get_runtime(request: Request) -> Runtime:
    """The runtime, as a dependency (``RuntimeDep``)."""
    return runtime_of(request)


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
