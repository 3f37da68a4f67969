"""Queries in worker processes that can be killed: limits that really hold.

A thread cannot be stopped, and pyoxigraph's Python API has no cancellation, so each
public query runs in one of a few worker processes. The caller waits at most the time
limit; past it the worker is killed (SIGKILL) and a fresh one takes its place, so a
runaway query costs one worker for that long and nothing after. Each worker opens the
store itself: the embedded graph in memory, or the on-disk store read-only. Results are
serialised by Oxigraph inside the worker, into a buffer that refuses to grow past the
byte limit; the row limit is applied to the query's own ``LIMIT``
(:func:`kembar.graph.sparql.guard.cap_rows`).

>>> pool = QueryPool(None, size=1, timeout=20.0)
>>> answer = pool.run(Job("ASK {}", "application/sparql-results+json"))
>>> answer.body
b'{"head":{},"boolean":true}'
>>> pool.close()
"""

from __future__ import annotations

import asyncio
import io
import multiprocessing
import os
import queue
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pyoxigraph as ox
from kembar.graph.errors import (
    KembarError,
    QueryRefusedError,
    QueryTimeoutError,
    ResultTooLargeError,
    UnavailableError,
    WorkerBusyError,
    from_wire,
    to_wire,
)
from kembar.graph.sparql.guard import cap_rows, check, from_graphs
from kembar.ontology import ids

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer
    from kembar.graph.store import KembarStore

#: What a worker calls on its store once it is open: registers the ``fn:`` functions.
Setup = Callable[["KembarStore"], None]

__all__ = ["GRAPH_TYPES", "RESULT_TYPES", "Answer", "Job", "QueryPool"]

RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}


@dataclass(frozen=True)
class Job:
    """One query to answer in *media*, with the protocol's dataset and the base IRI."""

    query: str
    media: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    base_iri: str | None = None


@dataclass(frozen=True)
class Answer:
    """The serialised result and the limits that applied."""

    body: bytes
    media: str
    row_limit: int
    version: int
    """The store version the answer was computed from (what a cache may key it under)."""


class _Capped(io.BytesIO):
    """A byte buffer that raises once more than *limit* bytes are written to it."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def write(self, data: ReadableBuffer, /) -> int:
        written = super().write(data)
        if self.tell() > self.limit:
            raise ResultTooLargeError(f"the result is larger than {self.limit} bytes")
        return written


def _work(
    connection: Connection,
    path: Path | None,
    allow_service: bool,
    extra: bytes,
    remote: tuple[str, str | None] | None,
    setup: Setup | None,
) -> None:
    """The worker's loop: open the store, then answer jobs until the pipe closes."""
    from kembar.graph.store import GRAPH_RESULTS, KembarStore

    if remote is not None:
        store = KembarStore.remote(*remote, load_embedded=False)
    elif path is None:
        store = KembarStore()
        if extra:  # what the server's in-memory store holds beyond the embedded graph
            assert isinstance(store.store, ox.Store)
            store.store.load(extra, format=ox.RdfFormat.N_QUADS)
    else:
        store = KembarStore.read_only(path)
    if setup is not None:
        setup(store)
    connection.send(("ready",))
    while True:
        try:
            job, max_rows, max_bytes = connection.recv()
        except EOFError:
            return
        try:
            check(job.query, store.graph_names, allow_service=allow_service)
            result = store.query(
                cap_rows(job.query, max_rows),
                union=not from_graphs(job.query),
                default_graphs=job.default_graphs or None,
                named_graphs=job.named_graphs or None,
                base_iri=job.base_iri,
            )
            sink = _Capped(max_bytes)
            if isinstance(result, GRAPH_RESULTS):
                ox.serialize(result, sink, GRAPH_TYPES[job.media], prefixes=ids.PREFIXES)
            else:
                result.serialize(sink, RESULT_TYPES[job.media])
            del result
            body = sink.getvalue()
            connection.send(("ok", len(body)))  # a small header, then the bytes
            connection.send_bytes(body)
        except KembarError as exc:
            connection.send(("error", *to_wire(exc)))
        except (OSError, ValueError, TypeError, RuntimeError) as exc:  # Oxigraph's evaluation
            connection.send(("error", *to_wire(QueryRefusedError(f"the query failed: {exc}"))))


class _Worker:
    def __init__(
        self,
        path: Path | None,
        allow_service: bool,
        extra: bytes,
        version: int,
        remote: tuple[str, str | None] | None = None,
        setup: Setup | None = None,
    ) -> None:
        self.version = version  # the store version whose data this worker holds
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=_work, args=(child, path, allow_service, extra, remote, setup), daemon=True
        )
        self.process.start()
        child.close()

    def ready(self, timeout: float) -> bool:
        try:
            return self.connection.poll(timeout) and self.connection.recv() == ("ready",)
        except (EOFError, OSError):  # the process died while starting
            return False

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()


class QueryPool:
    """*size* worker processes answering queries within *timeout* seconds each.

    Parameters
    ----------
    path : Path or None
        The on-disk store the workers open read-only; None for the embedded graph.
    remote : (str, str or None), optional
        A SPARQL server's query and update endpoints, which the workers ask instead.
    size : int
        How many queries may run at once; the others wait their turn (within the limit).
    timeout, max_rows, max_bytes : float, int, int
        Wall-clock seconds per query, rows per result, bytes per serialised result.
    setup : callable, optional
        A module-level function each worker calls with its store once open, e.g.
        :func:`kembar.graph.analytics.network.register_functions` for ``fn:``.
    version : int
        The version of the store the workers open now (:meth:`refresh` moves it on).
    """

    def __init__(
        self,
        path: Path | None,
        *,
        size: int = 2,
        timeout: float = 10.0,
        max_rows: int = 10_000,
        max_bytes: int = 50 << 20,
        allow_service: bool = False,
        remote: tuple[str | None, str | None] | None = None,
        setup: Setup | None = None,
        version: int = 0,
    ) -> None:
        self.path, self.allow_service, self.setup = path, allow_service, setup
        self.remote = (remote[0], remote[1]) if remote and remote[0] else None
        self.timeout, self.max_rows, self.max_bytes = timeout, max_rows, max_bytes
        self.size = size
        self.version, self.extra = version, b""
        self._refresh_lock = threading.Lock()
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self._turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )
        self.killed = 0
        for _ in range(size):
            self.idle.put(self._start())

    def _start(self) -> _Worker:
        worker = _Worker(
            self.path, self.allow_service, self.extra, self.version, self.remote, self.setup
        )
        if not worker.ready(120.0):
            worker.kill()
            raise UnavailableError("a query worker failed to start")
        return worker

    def _replace(self, worker: _Worker) -> None:
        self.killed += 1
        self._renew(worker)

    def refresh(self, version: int, extra: bytes = b"") -> bool:
        """After a write: replace every worker by one that opens the store at *version*.

        Idle workers go now, busy ones when they finish; *extra* (N-Quads) is what an
        in-memory store holds beyond the embedded graph at that version, for the new
        workers to load. A refresh older than the current one (two writes whose refreshes
        crossed) is ignored; returns whether this one was applied.
        """
        with self._refresh_lock:
            if version <= self.version:
                return False
            self.version, self.extra = version, extra
        while True:
            try:
                worker = self.idle.get_nowait()
            except queue.Empty:
                return True
            self._renew(worker)

    def _renew(self, worker: _Worker) -> None:
        worker.kill()
        threading.Thread(target=lambda: self.idle.put(self._start()), daemon=True).start()

    def _release(self, worker: _Worker) -> None:
        """Back to the idle workers, unless the store was written to since it opened it."""
        if worker.version == self.version:
            self.idle.put(worker)
        else:
            self._renew(worker)

    def run(self, job: Job) -> Answer:
        """Answer *job* in a worker, blocking the calling thread (the CLI, tests)."""
        worker = self._take()
        try:
            worker.connection.send((job, self.max_rows, self.max_bytes))
            if not worker.connection.poll(self.timeout):
                raise TimeoutError
            reply = worker.connection.recv()
            body = worker.connection.recv_bytes() if reply[0] == "ok" else b""
        except BaseException as exc:  # noqa: BLE001 - whatever happened, the worker is replaced
            self._fail(worker, exc)
        self._release(worker)
        return self._answer(job, reply, body, worker.version)

    async def arun(self, job: Job) -> Answer:
        """Answer *job* in a worker without blocking the event loop.

        Requests wait for a worker first come, first served, for at most the time limit
        (then 503); the query then has the whole limit to run. The loop watches the
        worker's pipe instead of parking a thread on it; a large result (over 256 kB) is
        read in a thread so that the loop never copies it.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        turns = self._turns.get(loop)
        if turns is None:  # waiting requests take turns first come, first served
            turns = self._turns[loop] = asyncio.Semaphore(self.size)
        try:
            await asyncio.wait_for(turns.acquire(), self.timeout)
        except TimeoutError:
            raise self._busy() from None
        try:
            return await self._arun(loop, job, deadline)
        finally:
            turns.release()

    async def _arun(self, loop: asyncio.AbstractEventLoop, job: Job, deadline: float) -> Answer:
        """Answer *job* once a worker is free (waiting until *deadline* at most)."""
        while True:  # a turn means a worker is idle, or being replaced after a kill
            try:
                worker = self.idle.get_nowait()
                break
            except queue.Empty:
                if loop.time() > deadline:
                    raise self._busy() from None
                await asyncio.sleep(0.005)
        try:
            worker.connection.send((job, self.max_rows, self.max_bytes))
            await self._readable(loop, worker, self.timeout)  # the query's own time starts now
            reply = worker.connection.recv()
            body = b""
            if reply[0] == "ok":
                if reply[1] > 256 * 1024:
                    body = await asyncio.to_thread(worker.connection.recv_bytes)
                else:
                    body = worker.connection.recv_bytes()
        except BaseException as exc:  # noqa: BLE001 - a cancelled request too: the worker is busy
            self._fail(worker, exc)
        self._release(worker)
        return self._answer(job, reply, body, worker.version)

    @staticmethod
    async def _readable(loop: asyncio.AbstractEventLoop, worker: _Worker, seconds: float) -> None:
        ready: asyncio.Future[None] = loop.create_future()
        fd = worker.connection.fileno()

        def wake() -> None:
            if not ready.done():
                ready.set_result(None)

        loop.add_reader(fd, wake)
        try:
            await asyncio.wait_for(ready, max(seconds, 0.0))
        finally:
            loop.remove_reader(fd)
            os.set_blocking(fd, True)  # uvloop makes a watched fd non-blocking

    def _take(self) -> _Worker:
        try:
            return self.idle.get(timeout=self.timeout)
        except queue.Empty:
            raise self._busy() from None

    def _busy(self) -> WorkerBusyError:
        return WorkerBusyError(
            f"every query worker stayed busy for {self.timeout:g} s; try again later"
        )

    def _fail(self, worker: _Worker, exc: BaseException) -> NoReturn:
        """Replace *worker* (killed, or dead) and raise what the client should hear."""
        self._replace(worker)
        if isinstance(exc, TimeoutError):
            raise QueryTimeoutError(
                f"the query ran longer than {self.timeout:g} s and was stopped"
            ) from None
        if isinstance(exc, (EOFError, OSError)):
            raise QueryTimeoutError("the query worker died; it has been replaced") from None
        raise exc  # cancelled while waiting, or a bug: the worker was still replaced

    def _answer(self, job: Job, reply: tuple[object, ...], body: bytes, version: int) -> Answer:
        kind, *rest = reply
        if kind == "ok":
            return Answer(body, job.media, self.max_rows, version)
        name, message, fields = rest
        raise from_wire(str(name), str(message), dict(fields))  # type: ignore[call-overload]

    def close(self) -> None:
        """Stop every idle worker."""
        while not self.idle.empty():
            self.idle.get_nowait().kill()
