"""Work in processes that can be killed and cannot reach the network: limits that really hold.

A thread cannot be stopped, and neither pyoxigraph nor pySHACL can be cancelled, so the
work a request asks for runs in one of a few worker processes: a user's SPARQL query
(:class:`Job`), or any function of the graph layer called with the worker's store as its
first argument (:meth:`WorkerPool.acall`: a validation, a resource description, a network
view). The caller waits at most the time limit; past it the worker is killed (SIGKILL) and
a fresh one takes its place, so a runaway request costs one worker for that long and
nothing after.

Each worker opens the store itself: the embedded graph in memory (plus what the server's
store holds beyond it), the on-disk store read-only, or the remote SPARQL server. A worker
of an embedded or on-disk store confines itself first (:func:`.sandbox.confine`): it
cannot open an internet socket, whatever a query says. Each knows the store version its
data is of, and every answer says which version that was, so a cache can never keep an
answer from before a write under the version after it. Jobs run on a thread with a large
stack, so that no query the length limit allows can exhaust it while being parsed. A
worker whose memory grew past a bound after a large request is replaced, which gives the
memory back.

>>> pool = WorkerPool(None, size=1, timeout=20.0, sandbox=False)
>>> answer = pool.run(Job("ASK {}", "application/sparql-results+json"))
>>> answer.body, answer.version
(b'{"head":{},"boolean":true}', 0)
>>> pool.call(len) > 10_000
True
>>> pool.close()
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import multiprocessing
import os
import pickle
import queue
import signal
import threading
import time
import uuid
import weakref
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import pyoxigraph as ox
from kembar.graph.errors import (
    InternalError,
    KembarError,
    LimitError,
    QueryRefusedError,
    QueryTimeoutError,
    ResultTooLargeError,
    UnavailableError,
    WorkerBusyError,
    from_wire,
    to_wire,
)
from kembar.graph.sparql.guard import cap_rows, from_graphs
from kembar.graph.sparql.sandbox import confine
from kembar.ontology import ids

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer
    from kembar.graph.store import KembarStore

__all__ = [
    "GRAPH_TYPES",
    "RESULT_TYPES",
    "Answer",
    "Job",
    "QueryPool",
    "Setup",
    "WorkerPool",
    "settle",
]

log = logging.getLogger(__name__)

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

#: What a worker calls on its store once it is open, with the store's version: registers
#: the ``fn:`` functions (:func:`kembar.graph.analytics.tables.register_table_functions`).
Setup = Callable[["KembarStore", int], None]
#: The stack of the thread that runs jobs: deep enough that a query of the longest
#: allowed length cannot exhaust it in Oxigraph's recursive parser.
STACK_BYTES = 256 << 20
T = TypeVar("T")


@dataclass(frozen=True)
class Job:
    """One user query to answer in *media*, with the protocol's dataset and the base IRI."""

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


@dataclass(frozen=True)
class _Spec:
    """Everything a worker process needs to open its store and behave."""

    path: Path | None
    remote: tuple[str, str | None] | None
    extra: bytes
    version: int
    setup: Setup | None
    sandbox: bool
    max_rss: int
    name: str = "kembar-worker"
    max_memory: int = 0
    """Bytes of heap and anonymous memory the process may map (RLIMIT_DATA; 0: no limit)."""
    validation_engine: str | None = None
    """The SHACL engine of validations in this worker (the settings' choice)."""


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


def _rss() -> int:
    """This process's resident memory in bytes (Linux), else 0."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _answer_query(store: KembarStore, job: Job, max_rows: int, max_bytes: int) -> bytes:
    from kembar.graph.store import GRAPH_RESULTS

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
    return sink.getvalue()


def _open(spec: _Spec, version: int, extra: bytes, old: KembarStore | None = None) -> KembarStore:
    """The worker's store at *version*: reopened (on disk), reloaded (in memory), or as is."""
    from kembar.graph.store import EMBEDDED_GRAPHS, KembarStore

    if spec.remote is not None:
        store = old or KembarStore.remote(*spec.remote, load_embedded=False)
    elif spec.path is None:
        if old is None:
            store = KembarStore(derive=False)  # the server's derived graph comes with *extra*
        else:  # keep the embedded graph, replace what the server holds beyond it
            store = old
            assert isinstance(store.store, ox.Store)
            embedded = {str(ids.graph_iri(name)) for name in EMBEDDED_GRAPHS}
            for graph in list(store.store.named_graphs()):
                if isinstance(graph, ox.NamedNode) and graph.value not in embedded:
                    store.store.remove_graph(graph)
        if extra:  # what the server's in-memory store holds beyond the embedded graph
            assert isinstance(store.store, ox.Store)
            store.store.load(extra, format=ox.RdfFormat.N_QUADS)
    else:
        del old  # a read-only store sees the data of the moment it was opened: reopen it
        for attempt in range(5):
            try:
                store = KembarStore.read_only(spec.path)
                break
            except KembarError:
                # RocksDB may remove a file the reader was about to open (a compaction of
                # the server's store): the next open sees the new set of files
                if attempt == 4:
                    raise
                time.sleep(0.05 * (attempt + 1))
    store.version = version
    store.validation_engine = spec.validation_engine
    if spec.setup is not None:
        spec.setup(store, version)
    return store


def _serve(connection: Connection, spec: _Spec) -> None:
    """The worker's loop: open the store, then answer until the pipe closes."""
    store = _open(spec, spec.version, spec.extra)
    connection.send(("ready",))
    while True:
        try:
            kind, payload = connection.recv()
        except EOFError:
            return
        reply: tuple[Any, ...]
        body = b""
        try:
            if kind == "refresh":  # the server's store was written to: catch up
                version, extra = payload
                store = _open(spec, version, extra, store)
                reply = ("value", version)
            elif kind == "query":
                job, max_rows, max_bytes = payload
                body = _answer_query(store, job, max_rows, max_bytes)
                reply = ("ok", len(body))
            else:
                function, args = payload
                reply = ("value", function(store, *args))
        except KembarError as exc:
            reply = ("error", *to_wire(exc))
        except MemoryError:
            reply = ("error", *to_wire(_memory_error(spec)))
        except (OSError, ValueError, TypeError, RuntimeError, SyntaxError) as exc:
            # Oxigraph's evaluation errors; a refused socket shows up here too, and its
            # text is not passed on: it would tell a scanner about the network
            if kind == "query" or _refused(exc):
                reason = "a network access was refused" if _refused(exc) else str(exc)[:300]
                reply = ("error", *to_wire(QueryRefusedError(f"the query failed: {reason}")))
            else:
                reply = ("error", *to_wire(_incident(exc)))
        except BaseException as exc:  # noqa: BLE001 - a bug (sys.exit, a KeyError…): logged, never shown
            reply = ("error", *to_wire(_incident(exc)))
        # a worker that grew leaves after a job, never after a refresh: the pool hands a
        # caught-up worker on without waiting for another answer from it
        retire = kind != "refresh" and bool(spec.max_rss) and _rss() > spec.max_rss
        try:
            connection.send((retire, *reply))  # whether it leaves after this job, the answer
        except (pickle.PicklingError, TypeError, AttributeError) as exc:  # an unpicklable value
            connection.send((retire, "error", *to_wire(_incident(exc))))
        if reply[0] == "ok":
            connection.send_bytes(body)  # a small header first, then the bytes
        if retire:
            return  # the pool replaces it: that gives the memory back


def _incident(exc: BaseException) -> InternalError:
    """A bug inside a worker: logged here with an incident id, reported without its text."""
    incident = uuid.uuid4().hex[:12]
    log.error("incident %s in a worker: %r", incident, exc, exc_info=exc)
    return InternalError(
        f"an internal error occurred (incident {incident}); it has been logged", incident=incident
    )


def _memory_error(spec: _Spec) -> LimitError:
    return LimitError(
        f"the request needed more memory than a worker may use ({spec.max_memory >> 20} MB); "
        "ask for less (a smaller result, fewer string operations)",
        limit="worker_memory_limit", status=413,
    )  # fmt: skip


def _limit_memory(limit: int) -> None:
    """Cap the heap and anonymous mappings of this process (RLIMIT_DATA): an allocation past
    it fails in the worker, not on the machine."""
    if not limit:
        return
    import resource

    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def _refused(exc: BaseException) -> bool:
    text = str(exc)
    return "os error" in text or "Permission denied" in text or "onnection" in text


def settle(title: str) -> None:
    """Name this child process (``ps``, ``/proc/PID/comm``) so that an operator sees which
    pool it belongs to, and end it as soon as its server is gone (even killed by SIGKILL),
    so that no worker outlives its server running a query for nobody.

    A watchdog thread looks at the parent's pid every half second: the kernel's
    "parent death signal" cannot be used, as it fires when the *thread* that started the
    child ends, and the server starts workers from short-lived threads.

    Parameters
    ----------
    title : str
        The process's name (at most 15 characters are kept).
    """
    try:
        import ctypes

        ctypes.CDLL(None).prctl(15, title.encode()[:15], 0, 0, 0)  # PR_SET_NAME
    except (OSError, AttributeError):  # not Linux
        pass
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)  # orphaned: the server is gone

    threading.Thread(target=watch, daemon=True, name="watchdog").start()


def _work(connection: Connection, spec: _Spec) -> None:
    """A worker process: limit its memory, confine it (before any thread of its own starts,
    so that every thread inherits the filter), name it, then serve on a thread with a large
    stack."""
    _limit_memory(spec.max_memory)
    if spec.sandbox:
        try:
            confine()
        except KembarError as exc:
            connection.send(("failed", str(exc)))
            return
    settle(spec.name)
    threading.stack_size(STACK_BYTES)
    server = threading.Thread(target=_serve, args=(connection, spec), name="jobs")
    server.start()
    server.join()


class _Worker:
    def __init__(self, spec: _Spec) -> None:
        self.version = spec.version  # the store version whose data this worker holds
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process: BaseProcess = context.Process(target=_work, args=(child, spec), daemon=True)
        self.process.start()
        child.close()
        self._killed = threading.Lock()  # the pool's close and a refresh thread may both kill

    def ready(self, timeout: float) -> str | None:
        """None once the worker is ready, else why it is not."""
        try:
            if not self.connection.poll(timeout):
                return "it did not start in time"
            reply = self.connection.recv()
        except (EOFError, OSError):  # the process died while starting
            return "it died while starting"
        return None if reply == ("ready",) else str(reply[-1])

    def kill(self) -> None:
        """Stop the process and close the pipe; safe to call from several threads at once."""
        if not self._killed.acquire(blocking=False):
            return
        self.process.kill()
        self.process.join()
        self.connection.close()


class WorkerPool:
    """*size* worker processes doing a request's work within *timeout* seconds each.

    Parameters
    ----------
    path : Path or None
        The on-disk store the workers open read-only; None for the embedded graph.
    size : int
        How many jobs may run at once; the others wait their turn (within the limit).
    timeout : float
        Wall-clock seconds per job.
    max_rows, max_bytes : int
        Rows per query result, bytes per serialised result.
    remote : (str, str or None), optional
        A SPARQL server's query and update endpoints, which the workers ask instead.
    setup : callable, optional
        A module-level function each worker calls with its store and version once open.
    version : int
        The version of the store the workers open now (:meth:`refresh` moves it on).
    extra : bytes
        N-Quads an in-memory store holds beyond the embedded graph, for workers to load.
    sandbox : bool
        Confine each worker of an embedded or on-disk store (:func:`.sandbox.confine`);
        workers of a remote store must reach it and are never confined.
    max_rss : int
        Bytes of resident memory past which a worker is replaced after its job (0: never).
    current, hold, latest : callable, optional
        The server's store version and what an in-memory store holds beyond the embedded
        graph; the lock under which they are read (a worker reopens its store while the
        lock is held, so that no write can slip between what it reads and the version it
        says it answers from); the store's version alone (cheap, asked after every job).
    name : str
        What the workers are called in ``ps`` (at most 15 characters).
    """

    def __init__(
        self,
        path: Path | None,
        *,
        size: int = 2,
        timeout: float = 10.0,
        max_rows: int = 10_000,
        max_bytes: int = 50 << 20,
        remote: tuple[str | None, str | None] | None = None,
        setup: Setup | None = None,
        version: int = 0,
        extra: bytes = b"",
        sandbox: bool = True,
        max_rss: int = 0,
        max_memory: int = 0,
        validation_engine: str | None = None,
        current: Callable[[], tuple[int, bytes]] | None = None,
        hold: Callable[[], AbstractContextManager[Any]] | None = None,
        latest: Callable[[], int] | None = None,
        name: str = "kembar-worker",
    ) -> None:
        self.path = path
        self.remote = (remote[0], remote[1]) if remote and remote[0] else None
        self.timeout, self.max_rows, self.max_bytes = timeout, max_rows, max_bytes
        self.size, self.setup, self.max_rss = size, setup, max_rss
        self.max_memory, self.validation_engine = max_memory, validation_engine
        self.current, self.hold, self.latest = current, hold or contextlib.nullcontext, latest
        self.name = name
        self.sandbox = sandbox and self.remote is None
        self.version, self.extra = version, extra
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )
        self.killed = 0
        self.closed = False
        for _ in range(size):
            self.idle.put(self._start())

    # -- the workers ----------------------------------------------------------------------

    def _spec(self) -> _Spec:
        with self._lock:
            return _Spec(self.path, self.remote, self.extra, self.version, self.setup,
                         self.sandbox, self.max_rss, self.name, self.max_memory,
                         self.validation_engine)  # fmt: skip

    def _start(self) -> _Worker:
        worker = _Worker(self._spec())
        problem = worker.ready(120.0)
        if problem is not None:
            worker.kill()
            raise UnavailableError(f"a worker failed to start: {problem}")
        with self._lock:
            self.workers.add(worker)
        if self.path is not None and self.current is not None:
            # it opened the store some time after it was told which version: make sure
            try:
                self._update(worker, force=True)
            except (OSError, EOFError, TimeoutError, RuntimeError) as exc:
                self._retire(worker)
                raise UnavailableError(f"a worker failed to open the store: {exc!r}") from None
        return worker

    def _update(self, worker: _Worker, *, force: bool = False) -> None:
        """Have *worker* reopen the store at the server's current version (under the lock)."""
        while True:
            with self.hold():
                if self.current is not None:
                    version, extra = self.current()
                else:
                    with self._lock:
                        version, extra = self.version, self.extra
                if version == worker.version and not force:
                    return
                worker.connection.send(("refresh", (version, extra)))
                if not worker.connection.poll(120.0):
                    raise TimeoutError("the worker did not reopen the store in time")
                _, *reply = worker.connection.recv()
                if reply[0] != "value":
                    raise RuntimeError(str(reply))
            worker.version = version
            force = False

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self.workers.discard(worker)

    def _renew(self, worker: _Worker) -> None:
        """Replace *worker* in the background; keep trying until a new one runs."""
        self._retire(worker)

        def replace() -> None:
            delay = 0.5
            while not self.closed:
                try:
                    fresh = self._start()
                except KembarError as exc:
                    if self.closed:
                        return
                    log.error("%s; trying again in %.0f s", exc, delay)
                    time.sleep(delay)
                    delay = min(delay * 2, 30.0)
                    continue
                if self.closed:
                    self._retire(fresh)
                else:  # a write may have landed while it started, and its refresh() drained
                    self._release(fresh)  # the idle workers before this one was among them
                return

        threading.Thread(target=replace, daemon=True, name="renew-worker").start()

    def refresh(self, version: int, extra: bytes = b"") -> bool:
        """After a write: bring every worker to the store at *version*.

        Each worker reopens its store in place (an on-disk store is reopened, an in-memory
        one reloads what it holds beyond the embedded graph: *extra*, N-Quads), idle ones
        now, busy ones when they finish; until then nobody is given a worker of an older
        version. A refresh older than the current one (two writes whose refreshes crossed)
        is ignored; returns whether this one was applied.
        """
        with self._lock:
            if version <= self.version:
                return False
            self.version, self.extra = version, extra
            stale = []  # take the idle ones first: a caught-up worker comes back to the queue
            while True:
                try:
                    stale.append(self.idle.get_nowait())
                except queue.Empty:
                    break
        for worker in stale:
            self._catch_up(worker)
        return True

    def _catch_up(self, worker: _Worker) -> None:
        """Bring *worker* to the pool's version in the background, then make it idle."""

        def update() -> None:
            while True:
                try:
                    self._update(worker)
                except BaseException as exc:  # noqa: BLE001 - a worker that cannot catch up is replaced
                    if self.closed:  # the pool was closed under it
                        worker.kill()
                        return
                    log.warning("a worker could not reopen the store (%r); replacing it", exc)
                    self._renew(worker)
                    return
                # a write may have landed since: become idle only at the newest version, and
                # atomically with refresh()'s draining of the idle workers
                with self._lock:
                    if worker.version == self._latest():
                        self.idle.put(worker)
                        return

        threading.Thread(target=update, daemon=True, name="refresh-worker").start()

    def _release(self, worker: _Worker, retire: bool = False) -> None:
        """Back to the idle workers, once it has caught up with the store if it was written
        to meanwhile; a worker that retires (it grew too big) or died is replaced."""
        if retire or not worker.process.is_alive():
            self._renew(worker)
            return
        with self._lock:  # check and return atomically with refresh()'s draining
            if worker.version == self._latest():
                self.idle.put(worker)
                return
        self._catch_up(worker)

    def _latest(self) -> int:
        """The newest version known: the server's store's, or the last refresh's."""
        return self.latest() if self.latest is not None else self.version

    def close(self) -> None:
        """Stop every worker, busy or idle, and let go of the server's store."""
        self.closed = True
        self.current, self.latest, self.hold = None, None, contextlib.nullcontext
        with self._lock:
            workers = list(self.workers)
            self.workers.clear()
        for worker in workers:
            worker.kill()

    # -- running work -------------------------------------------------------------------

    def run(self, job: Job) -> Answer:
        """Answer a query *job* in a worker, blocking the calling thread (the CLI, tests)."""
        reply, body, version = self._exchange(("query", (job, self.max_rows, self.max_bytes)))
        return self._answer(job, reply, body, version)

    def call(self, function: Callable[..., T], *args: Any) -> T:
        """``function(store, *args)`` in a worker, blocking the calling thread.

        *function* must be a module-level function and *args* and its result picklable.
        """
        reply, _, _ = self._exchange(("call", (function, args)))
        return self._value(reply)  # type: ignore[no-any-return]

    def _exchange(self, message: tuple[str, Any]) -> tuple[tuple[Any, ...], bytes, int]:
        try:
            worker = self.idle.get(timeout=self.timeout)
        except queue.Empty:
            raise self._busy() from None
        try:
            worker.connection.send(message)
            if not worker.connection.poll(self.timeout):
                raise TimeoutError
            retire, *rest = worker.connection.recv()
            reply = tuple(rest)
            body = worker.connection.recv_bytes() if reply[0] == "ok" else b""
        except BaseException as exc:  # noqa: BLE001 - whatever happened, the worker is replaced
            self._fail(worker, exc)
        version = worker.version  # what it answered from: a catch-up may start on release
        self._release(worker, retire)
        return reply, body, version

    async def arun(self, job: Job) -> Answer:
        """Answer a query *job* in a worker without blocking the event loop.

        Requests wait for a worker first come, first served, for at most the time limit
        (then 503); the query then has the whole limit to run.
        """
        message = ("query", (job, self.max_rows, self.max_bytes))
        reply, body, version = await self._aexchange(message)
        return self._answer(job, reply, body, version)

    async def acall(
        self, function: Callable[..., T], *args: Any, timeout: float | None = None
    ) -> T:
        """``function(store, *args)`` in a worker, without blocking the event loop.

        Parameters
        ----------
        function : callable
            A module-level function whose first parameter is the store.
        *args
            Its other arguments (picklable).
        timeout : float, optional
            Seconds it may run, if not the pool's limit (a dump of a large store).

        Returns
        -------
        Whatever *function* returns (picklable).

        Raises
        ------
        KembarError
            The error *function* raised, as its own class; :class:`QueryTimeoutError` past
            the time limit (the worker is killed); :class:`WorkerBusyError` when no worker
            came free within it.
        """
        reply, _, _ = await self._aexchange(("call", (function, args)), timeout)
        return self._value(reply)  # type: ignore[no-any-return]

    async def _aexchange(
        self, message: tuple[str, Any], timeout: float | None = None
    ) -> tuple[tuple[Any, ...], bytes, int]:
        limit = self.timeout if timeout is None else timeout
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
            while True:  # a turn means a worker is idle, or being replaced after a kill
                try:
                    worker = self.idle.get_nowait()
                    break
                except queue.Empty:
                    if loop.time() > deadline:
                        raise self._busy() from None
                    await asyncio.sleep(0.005)
            try:
                worker.connection.send(message)
                await self._readable(loop, worker, limit)  # the job's own time starts now
                retire, *rest = worker.connection.recv()
                reply = tuple(rest)
                body = b""
                if reply[0] == "ok":
                    if reply[1] > 256 * 1024:
                        body = await asyncio.to_thread(worker.connection.recv_bytes)
                    else:
                        body = worker.connection.recv_bytes()
            except BaseException as exc:  # noqa: BLE001 - a cancelled request too: the worker is busy
                self._fail(worker, exc, limit)
            version = worker.version  # what it answered from, before a catch-up moves it
            self._release(worker, retire)
            return reply, body, version
        finally:
            turns.release()

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

    def _busy(self) -> WorkerBusyError:
        return WorkerBusyError(f"every worker stayed busy for {self.timeout:g} s; try again later")

    def _fail(self, worker: _Worker, exc: BaseException, limit: float | None = None) -> NoReturn:
        """Replace *worker* (killed, or dead) and raise what the client should hear."""
        self.killed += 1
        died = isinstance(exc, (EOFError, OSError))
        if died and worker.process is not None:
            worker.process.join(1.0)  # reap it: its exit code says why it died
        code = worker.process.exitcode if died and worker.process is not None else None
        self._renew(worker)
        if isinstance(exc, TimeoutError):
            raise QueryTimeoutError(
                f"the request ran longer than {limit or self.timeout:g} s and was stopped"
            ) from None
        if died:
            if self.max_memory and code == -signal.SIGABRT:
                raise LimitError(  # Rust aborts when an allocation fails: the limit was hit
                    f"the request needed more memory than a worker may use "
                    f"({self.max_memory >> 20} MB) and was stopped; ask for less",
                    limit="worker_memory_limit", status=413,
                ) from None  # fmt: skip
            raise QueryTimeoutError("the worker died; it has been replaced") from None
        raise exc  # cancelled while waiting, or a bug: the worker was still replaced

    def _answer(self, job: Job, reply: tuple[object, ...], body: bytes, version: int) -> Answer:
        if reply[0] != "ok":
            self._value(reply)  # raises the worker's error
        return Answer(body, job.media, self.max_rows, version)

    @staticmethod
    def _value(reply: tuple[Any, ...]) -> Any:
        if reply[0] == "value":
            return reply[1]
        _, name, message, fields = reply
        raise from_wire(str(name), str(message), dict(fields))


#: The pool that answers SPARQL queries (the same class; the name says what it is for).
QueryPool = WorkerPool
