"""Pools of child processes doing a request's work, with limits that really hold.

A thread cannot be stopped, and neither pyoxigraph nor pySHACL can be cancelled, so the
work a request asks for runs in one of a few children (:mod:`.child`): a user's SPARQL query
(:class:`~.jobs.Job`), or any function of the graph layer called with the child's store as
its first argument (:meth:`WorkerPool.acall`: a validation, a resource description, a
network view, the network metrics of a version). The caller waits at most the time limit;
past it the child is killed (SIGKILL) and a fresh one takes its place, so a runaway request
costs one child for that long and nothing after.

Each child opens its own :class:`~.replica.Replica` of the server's store and knows the
version its data is of; every answer says which version that was, so a cache can never
keep an answer from before a write under the version after it. After a write,
:meth:`WorkerPool.refresh` brings every child to the new version. A child whose memory grew
past a bound after a large request is replaced, which gives the memory back. A child that
dies is reported as 503 (or 413 when it died of the memory limit); a bug inside one as a
500 with an incident id (:func:`.child.handle`).

>>> pool = WorkerPool(Replica(None), size=1, timeout=20.0, sandbox=False)
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
import logging
import math
import multiprocessing
import os
import queue
import signal
import threading
import time
import weakref
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from contextvars import ContextVar
from dataclasses import replace
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from kembar.graph.errors import (
    KembarError,
    QueryTimeoutError,
    UnavailableError,
    WorkerBusyError,
    from_wire,
)
from kembar.graph.runtime.child import ChildSpec, memory_limit_error, work
from kembar.graph.runtime.jobs import Answer, Job, Limited, Limits
from kembar.graph.runtime.replica import Replica

if TYPE_CHECKING:
    from kembar.graph.store import KembarStore

__all__ = ["CLIENT", "WorkerPool"]

#: Who the work of the current request is for (the server's fair share sets it): a job
#: past its share of time yields its worker only to a client that has used less.
CLIENT: ContextVar[str | None] = ContextVar("kembar_client", default=None)

#: Seconds over which a client's use of the workers is remembered (halved every ~42 s).
USAGE_MEMORY = 60.0
#: How heavily each client used the workers of every pool of this process (a client heavy
#: on queries is heavy for the pages too): client -> (weight, when last charged).
_USAGE: dict[str | None, tuple[float, float]] = {}
_USAGE_LOCK = threading.Lock()


def _used(client: str | None, now: float) -> float:
    """How heavily *client* used the workers: the seconds its jobs ran, and one more for
    each job stopped (the older the less counted). What counts is the comparison: a reader
    whose few requests each take a tenth of a second stays lighter than a client that keeps
    a worker busy with jobs just under the share, one after the other."""
    seconds, when = _USAGE.get(client, (0.0, now))
    return seconds * math.exp((when - now) / USAGE_MEMORY)


log = logging.getLogger(__name__)

T = TypeVar("T")


class _Worker:
    def __init__(self, spec: ChildSpec) -> None:
        self.version = spec.replica.version  # the store version whose data this worker holds
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process: BaseProcess = context.Process(target=work, args=(child, spec), daemon=True)
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


class _Contended(Exception):
    """A job stopped past its share of time because another request waited for a worker."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


class WorkerPool(Limited):
    """*size* worker processes doing a request's work within *timeout* seconds each.

    Parameters
    ----------
    replica : Replica
        The store each worker opens (:mod:`.replica`), at the version it is of now
        (:meth:`refresh` moves it on).
    size : int
        How many jobs may run at once; the others wait their turn (within the limit).
    timeout : float
        Wall-clock seconds per job.
    contended : float, optional
        Seconds a job of the event loop may run while others wait for a worker: past them
        it is stopped (503) as soon as a client waits that has used the workers less
        heavily (:data:`CLIENT`; every second its jobs ran and one for each job stopped,
        remembered over about a minute) than the job's client, this job included; alone
        it has the whole *timeout*. None: every job has the whole *timeout*. A job given
        its own time limit (a dump) is never stopped.
    max_rows, max_bytes : int
        Rows per query result, bytes per serialised result.
    max_memory : int
        Bytes of heap a worker may map (0: no limit); past it the request gets 413.
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
    warm : callable, optional
        A module-level function a worker calls with its store once the store is open, and
        again after each reopening, before it takes any work: what the first request would
        otherwise build (the search index), so that a worker started in place of a stopped
        one does not make the next reader wait for it, or run past its share doing it.
    spares : int
        Workers kept started, prepared and at the current version, beside the *size* that
        work: a stopped or dead worker's place is taken at once by a spare (and a new spare
        started in the background), instead of after the second or two a process takes to
        start and open the store. Each is one more process and its memory.
    """

    def __init__(
        self,
        replica: Replica,
        *,
        size: int = 2,
        timeout: float = 10.0,
        contended: float | None = None,
        max_rows: int = 10_000,
        max_bytes: int = 50 << 20,
        max_memory: int = 0,
        sandbox: bool = True,
        max_rss: int = 0,
        current: Callable[[], tuple[int, bytes]] | None = None,
        hold: Callable[[], AbstractContextManager[Any]] | None = None,
        latest: Callable[[], int] | None = None,
        name: str = "kembar-worker",
        warm: Callable[[KembarStore], object] | None = None,
        spares: int = 0,
    ) -> None:
        self.timeout, self.size, self.contended = timeout, size, contended
        self.warm = warm
        self.waiting: Counter[str | None] = Counter()  # clients waiting for a turn
        self.limits = Limits(max_rows, max_bytes, max_memory)
        self.current, self.hold, self.latest = current, hold or contextlib.nullcontext, latest
        # workers of a remote store must reach it: they are never confined
        self.spec = ChildSpec(replica, self.limits, sandbox and replica.remote is None,
                              max_rss, name)  # fmt: skip
        # the idle workers; None once the pool is closed (every waiter passes it on and stops)
        self.idle: queue.Queue[_Worker | None] = queue.Queue()
        self.workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )
        self.killed = 0
        self.closed = False
        self.spares: list[_Worker] = []  # started, prepared, not working (under the lock)
        for _ in range(size):
            self.idle.put(self._start())
        for _ in range(spares):
            self._in_background(self._keep_spare)

    # -- the workers ----------------------------------------------------------------------

    @property
    def version(self) -> int:
        """The store version the workers are (being brought) at."""
        return self.spec.replica.version

    def _start(self) -> _Worker:
        with self._lock:
            spec = self.spec
        worker = _Worker(spec)
        problem = worker.ready(120.0)
        if problem is not None:
            worker.kill()
            raise UnavailableError(f"a worker failed to start: {problem}")
        with self._lock:
            self.workers.add(worker)
        if spec.replica.path is not None and self.current is not None:
            # it opened the store some time after it was told which version: make sure
            try:
                self._update(worker, force=True)
            except (OSError, EOFError, TimeoutError, RuntimeError) as exc:
                self._retire(worker)
                raise UnavailableError(f"a worker failed to open the store: {exc!r}") from None
        try:
            self._prime(worker)
        except (OSError, EOFError, TimeoutError, RuntimeError) as exc:
            self._retire(worker)
            raise UnavailableError(f"a worker failed to prepare: {exc!r}") from None
        return worker

    def _prime(self, worker: _Worker) -> None:
        """Have *worker* build what its first request would (:attr:`warm`), before it takes
        any; a failure is the worker's (it is replaced), never a request's."""
        if self.warm is None:
            return
        worker.connection.send(("call", (self.warm, ())))
        if not worker.connection.poll(120.0):
            raise TimeoutError("the worker did not prepare in time")
        _, *reply = worker.connection.recv()
        if reply[0] != "value":
            raise RuntimeError(str(reply))

    def _update(self, worker: _Worker, *, force: bool = False) -> None:
        """Have *worker* reopen the store at the server's current version (under the lock)."""
        while True:
            with self.hold():
                if self.current is not None:
                    version, extra = self.current()
                else:
                    with self._lock:
                        version, extra = self.version, self.spec.replica.extra
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

    def _renew(self, worker: _Worker, pause: float = 0.0) -> None:
        """Replace *worker*: by a spare at once if there is one (and a new spare in the
        background), else by a new worker in the background; keep trying until one runs
        (after *pause* seconds: a request cancelled as the server stops does not start a
        process that the stopping server would leave half-made)."""
        self._retire(worker)
        spare = self._take_spare()
        if spare is None:
            # a write may have landed while it started, and its refresh() drained the idle
            # workers before this one was among them: _release brings it up to date
            self._in_background(self._release, pause)
        else:
            self._release(spare)
            self._in_background(self._keep_spare, pause)

    def _in_background(self, then: Callable[[_Worker], None], pause: float = 0.0) -> None:
        """Start a worker on a thread, retrying with a growing pause until one runs, and
        hand it to *then* (unless the pool was closed meanwhile)."""

        def start() -> None:
            time.sleep(pause)
            delay = 0.5
            while not self.closed:
                try:
                    fresh = self._start()
                except KembarError as exc:
                    if self.closed:
                        return
                    log.error("%s; trying again in %.0f s", str(exc), delay)
                    time.sleep(delay)
                    delay = min(delay * 2, 30.0)
                    continue
                if self.closed:
                    self._retire(fresh)
                else:
                    then(fresh)
                return

        threading.Thread(target=start, daemon=True, name="start-worker").start()

    def _take_spare(self) -> _Worker | None:
        """A spare worker that is still alive, taken from the spares; None if none is."""
        while True:
            with self._lock:
                if self.closed or not self.spares:
                    return None
                spare = self.spares.pop()
            if spare.process.is_alive():
                return spare
            self._retire(spare)
            self._in_background(self._keep_spare)

    def _keep_spare(self, worker: _Worker) -> None:
        """Keep *worker* as a spare once it is at the newest version and prepared (a write
        may land while it starts or waits: it catches up first)."""
        while True:
            try:
                self._update(worker)
                self._prime(worker)
            except BaseException as exc:  # noqa: BLE001 - a spare that cannot catch up is replaced
                self._retire(worker)
                if not self.closed:
                    log.warning("a spare worker could not reopen the store (%s)", repr(exc))
                    self._in_background(self._keep_spare, 1.0)
                return
            with self._lock:  # atomically with refresh()'s taking of the spares
                if self.closed:
                    break
                if worker.version == self._latest():
                    self.spares.append(worker)
                    return
        self._retire(worker)

    def refresh(self, version: int, extra: bytes = b"") -> bool:
        """After a write: bring every worker to the store at *version*.

        Each worker reopens its store in place (an on-disk store is reopened, an in-memory
        one reloads what it holds beyond the embedded graph: *extra*, N-Quads), idle ones
        now, busy ones when they finish; until then nobody is given a worker of an older
        version. A refresh older than the current one (two writes whose refreshes crossed)
        is ignored; returns whether this one was applied.
        """
        with self._lock:
            if version <= self.version or self.closed:
                return False
            self.spec = replace(self.spec, replica=self.spec.replica.at(version, extra))
            stale = []  # take the idle ones first: a caught-up worker comes back to the queue
            while True:
                try:
                    stale.append(self._idle(None))
                except queue.Empty:
                    break
            spares, self.spares = self.spares, []
        for worker in stale:
            self._catch_up(worker)
        for spare in spares:  # they catch up on a thread each, and become spares again
            threading.Thread(target=self._keep_spare, args=(spare,), daemon=True).start()
        return True

    def _catch_up(self, worker: _Worker) -> None:
        """Bring *worker* to the pool's version in the background, then make it idle."""

        def update() -> None:
            while True:
                try:
                    self._update(worker)
                    self._prime(worker)
                except BaseException as exc:  # noqa: BLE001 - a worker that cannot catch up is replaced
                    if self.closed:  # the pool was closed under it
                        worker.kill()
                        return
                    log.warning("a worker could not reopen the store (%s); replacing it", repr(exc))
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
        self.idle.put(None)  # whoever waits for a worker hears that none will come

    def _idle(self, timeout: float | None) -> _Worker:
        """An idle worker, waiting at most *timeout* seconds (None: not at all; then
        ``queue.Empty``); :class:`UnavailableError` once the pool is closed."""
        worker = self.idle.get_nowait() if timeout is None else self.idle.get(timeout=timeout)
        if worker is None:
            self.idle.put(None)  # for the next one waiting
            raise UnavailableError("the server is stopping; try again in a moment")
        return worker

    # -- running work -------------------------------------------------------------------

    def run(self, job: Job) -> Answer:
        """Answer a query *job* in a worker, blocking the calling thread (the CLI, tests)."""
        reply, body, version = self._exchange(("query", job))
        return self._answer(job, reply, body, version)

    def call(self, function: Callable[..., T], *args: Any) -> T:
        """``function(store, *args)`` in a worker, blocking the calling thread.

        *function* must be a module-level function and *args* and its result picklable.
        """
        reply, _, _ = self._exchange(("call", (function, args)))
        return self._value(reply)  # type: ignore[no-any-return]

    def _exchange(self, message: tuple[str, Any]) -> tuple[tuple[Any, ...], bytes, int]:
        try:
            worker = self._idle(self.timeout)
        except queue.Empty:
            raise self._busy() from None
        try:
            worker.connection.send(message)
            if not worker.connection.poll(self.timeout):
                raise TimeoutError
            retire, *rest = worker.connection.recv()
            reply = tuple(rest)
            body = b""
            if reply[0] == "ok":  # the bytes came with the reply, or follow it
                body = reply[1] if isinstance(reply[1], bytes) else worker.connection.recv_bytes()
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
        message = ("query", job)
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
        client = CLIENT.get()
        if turns.locked():  # every turn taken: wait for one within the limit
            with self._lock:
                self.waiting[client] += 1
            try:
                await asyncio.wait_for(turns.acquire(), self.timeout)
            except TimeoutError:
                raise self._busy() from None
            finally:
                with self._lock:
                    self.waiting[client] -= 1
                    if self.waiting[client] <= 0:
                        del self.waiting[client]
        else:
            await turns.acquire()
        try:
            while True:  # a turn means a worker is idle, or being replaced after a kill
                try:
                    worker = self._idle(None)
                    break
                except queue.Empty:
                    if loop.time() > deadline:
                        raise self._busy() from None
                    await asyncio.sleep(0.005)
            try:
                worker.connection.send(message)
                started = loop.time()  # the job's own time starts now
                contended = None if timeout else self.contended
                stopped = True
                try:
                    await self._answered(loop, worker, limit, contended, client)
                    stopped = False
                finally:
                    if contended is not None:
                        self._charge(client, loop.time() - started, stopped)
                retire, *rest = worker.connection.recv()
                reply = tuple(rest)
                body = b""
                if reply[0] == "ok":  # the bytes came with the reply, or follow it
                    if isinstance(reply[1], bytes):
                        body = reply[1]
                    else:
                        body = await asyncio.to_thread(worker.connection.recv_bytes)
            except BaseException as exc:  # noqa: BLE001 - a cancelled request too: the worker is busy
                self._fail(worker, exc, limit)
            version = worker.version  # what it answered from, before a catch-up moves it
            self._release(worker, retire)
            return reply, body, version
        finally:
            turns.release()

    async def _answered(
        self,
        loop: asyncio.AbstractEventLoop,
        worker: _Worker,
        limit: float,
        contended: float | None,
        client: str | None = None,
    ) -> None:
        """Wait until *worker* answers, at most *limit* seconds; past *contended* seconds,
        only while no client that has used the workers less than *client* waits for a turn
        (then :class:`_Contended`)."""
        if contended is None or contended >= limit:
            await self._readable(loop, worker, limit)
            return
        start = loop.time()
        end = start + limit
        try:
            await self._readable(loop, worker, contended)
            return
        except TimeoutError:
            pass
        while True:  # past its share: looked at every tenth of a second
            left = end - loop.time()
            if left <= 0:
                raise TimeoutError
            if self._lighter_waits(client, loop.time() - start):
                raise _Contended(contended)
            try:
                await self._readable(loop, worker, min(0.1, left))
                return
            except TimeoutError:
                continue

    @staticmethod
    def _charge(client: str | None, seconds: float, stopped: bool) -> None:
        """Add a job's *seconds* to how heavily *client* used the workers (:func:`_used`)."""
        now = time.monotonic()
        weight = max(0.0, seconds) + (1.0 if stopped else 0.0)
        if weight <= 0:
            return
        with _USAGE_LOCK:
            _USAGE[client] = (_used(client, now) + weight, now)
            if len(_USAGE) > 10_000:  # forget the clients that used the least
                for old in sorted(_USAGE, key=lambda c: _used(c, now))[:5_000]:
                    del _USAGE[old]

    def _lighter_waits(self, client: str | None, running: float) -> bool:
        """Whether another client waits that has used the workers less heavily than
        *client*, counting its job that has run *running* s so far."""
        now = time.monotonic()
        with self._lock:
            waiting = [other for other in self.waiting if other != client]
        with _USAGE_LOCK:
            mine = _used(client, now) + running
            return any(_used(other, now) < mine for other in waiting)

    @staticmethod
    async def _readable(loop: asyncio.AbstractEventLoop, worker: _Worker, seconds: float) -> None:
        """Wait until *worker* answers (or dies), at most *seconds*.

        ``asyncio.wait_for`` rather than a bare timer: a request cancelled while its worker
        answers keeps the answer, and one cancelled as the server stops ends after the
        server has gone (uvicorn logs nothing for it).
        """
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
        self._renew(worker, 1.0 if isinstance(exc, asyncio.CancelledError) else 0.0)
        if isinstance(exc, _Contended):
            raise QueryTimeoutError(
                f"the request ran longer than {exc.seconds:g} s while other requests waited "
                f"for a worker, and was stopped; when the server is less busy it may run "
                f"{self.timeout:g} s"
            ) from None
        if isinstance(exc, TimeoutError):
            raise QueryTimeoutError(
                f"the request ran longer than {limit or self.timeout:g} s and was stopped"
            ) from None
        if died:
            if self.limits.max_memory and code == -signal.SIGABRT:
                # Rust aborts when an allocation fails: the limit was hit
                raise memory_limit_error(self.limits.max_memory) from None
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
