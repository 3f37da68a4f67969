"""The child's side: one job loop for every process Kembar starts, and one error contract.

A child limits its memory, confines itself (before any thread of its own starts, so that
every thread inherits the filter), names itself, opens its :class:`~.replica.Replica`, and
then answers messages on its pipe until the pipe closes: ``refresh`` (reopen at a newer
version), ``query`` (a user's :class:`~.jobs.Job`) or ``call`` (any module-level function
of the graph layer with the store as its first argument). :func:`handle` is what the loop
does with one message, and what the in-process runtime (:mod:`.inline`) does too.

The error contract across the boundary (:func:`handle`): a Kembar error keeps its class
and status; an allocation past the memory limit is a 413 naming the limit; Oxigraph's
evaluation errors of a user's query are a 400 with their text (a refused socket without
it); anything else, or a result that cannot be pickled, is a logged incident reported as a
500 without internal text. The worker lives on in every case.

>>> from kembar.graph.store import KembarStore
>>> from kembar.graph.runtime.jobs import Limits
>>> reply, body = handle(KembarStore(), "call", (len, ()), Limits())
>>> reply[0], reply[1] > 10_000
('value', True)
>>> reply, _ = handle(KembarStore(), "call", (int, ("x",)), Limits())  # a bug: logged
>>> reply[1], "invalid literal" in reply[2], "incident" in reply[2]
('InternalError', False, True)
"""

from __future__ import annotations

import io
import logging
import os
import pickle
import threading
import time
import uuid
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from kembar.graph.errors import (
    InternalError,
    KembarError,
    LimitError,
    QueryRefusedError,
    ResultTooLargeError,
    to_wire,
    trace,
)
from kembar.graph.runtime.jobs import GRAPH_TYPES, RESULT_TYPES, Job, Limits
from kembar.graph.runtime.replica import Replica, open_replica
from kembar.graph.runtime.sandbox import confine
from kembar.graph.sparql import cap_rows, from_graphs
from kembar.ontology import ids

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer
    from kembar.graph.store import KembarStore

__all__ = ["ChildSpec", "Limits", "handle", "incident", "memory_limit_error", "settle", "work"]

log = logging.getLogger(__name__)

#: Answers up to this size travel in the reply itself; larger ones follow it, so that the
#: server can read them off the pipe without holding up its event loop.
INLINE_BYTES = 256 * 1024
#: The stack of the thread that runs jobs: deep enough that a query of the longest
#: allowed length cannot exhaust it in Oxigraph's recursive parser.
STACK_BYTES = 256 << 20


@dataclass(frozen=True)
class ChildSpec:
    """Everything a child process needs to open its store and behave."""

    replica: Replica
    limits: Limits
    sandbox: bool
    max_rss: int = 0
    """Resident bytes past which the child leaves after a job (0: never)."""
    name: str = "kembar-worker"


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


def _answer_query(store: KembarStore, job: Job, limits: Limits) -> bytes:
    from kembar.graph.store import GRAPH_RESULTS

    result = store.query(
        cap_rows(job.query, limits.max_rows),
        union=not from_graphs(job.query),
        default_graphs=job.default_graphs or None,
        named_graphs=job.named_graphs or None,
        base_iri=job.base_iri,
    )
    sink = _Capped(limits.max_bytes)
    if isinstance(result, GRAPH_RESULTS):
        ox.serialize(result, sink, GRAPH_TYPES[job.media], prefixes=ids.PREFIXES)
    else:
        result.serialize(sink, RESULT_TYPES[job.media])
    return sink.getvalue()


def handle(
    store: KembarStore, kind: str, payload: Any, limits: Limits
) -> tuple[tuple[Any, ...], bytes]:
    """Do one ``query`` or ``call`` on *store*; return the reply and the answer's bytes.

    The reply is ``("ok", length)`` (a query; the child sends the bytes themselves in the
    reply up to :data:`INLINE_BYTES`, after it beyond), ``("value", result)`` or
    ``("error", name, message, fields)`` (:func:`kembar.graph.errors.to_wire`).
    """
    try:
        if kind == "query":
            job = payload
            body = _answer_query(store, job, limits)
            return ("ok", len(body)), body
        function, args = payload
        return ("value", function(store, *args)), b""
    except KembarError as exc:
        return ("error", *to_wire(exc)), b""
    except MemoryError:
        return ("error", *to_wire(memory_limit_error(limits.max_memory))), b""
    except (OSError, ValueError, TypeError, RuntimeError, SyntaxError) as exc:
        # Oxigraph's evaluation errors; a refused socket shows up here too, and its text is
        # not passed on: it would tell a scanner about the network
        if kind == "query" or _refused(exc):
            reason = "a network access was refused" if _refused(exc) else str(exc)[:300]
            return ("error", *to_wire(QueryRefusedError(f"the query failed: {reason}"))), b""
        return ("error", *to_wire(incident(exc))), b""
    except BaseException as exc:  # noqa: BLE001 - a bug (sys.exit, a KeyError…): logged, never shown
        return ("error", *to_wire(incident(exc))), b""


def _serve(connection: Connection, spec: ChildSpec) -> None:
    """The loop: open the store, then answer until the pipe closes."""
    replica = spec.replica
    store = open_replica(replica)
    connection.send(("ready",))
    while True:
        try:
            kind, payload = connection.recv()
        except EOFError:
            return
        body = b""
        if kind == "refresh":  # the server's store was written to: catch up
            try:
                replica = replica.at(*payload)
                store = open_replica(replica, store)
                reply: tuple[Any, ...] = ("value", replica.version)
            except BaseException as exc:  # noqa: BLE001 - the pool replaces a child that cannot catch up
                reply = ("error", *to_wire(incident(exc)))
        else:
            reply, body = handle(store, kind, payload, spec.limits)
        # a child that grew leaves after a job, never after a refresh: the pool hands a
        # caught-up child on without waiting for another answer from it
        retire = kind != "refresh" and bool(spec.max_rss) and _rss() > spec.max_rss
        if reply[0] == "ok" and len(body) <= INLINE_BYTES:
            reply = ("ok", body)  # one message: the answer travels with its header
        try:
            connection.send((retire, *reply))  # whether it leaves after this job, the answer
        except (pickle.PicklingError, TypeError, AttributeError) as exc:  # an unpicklable value
            connection.send((retire, "error", *to_wire(incident(exc))))
        if reply[0] == "ok" and isinstance(reply[1], int):
            connection.send_bytes(body)  # a large answer: its length first, then the bytes
        if retire:
            return  # the pool replaces it: that gives the memory back


def incident(exc: BaseException) -> InternalError:
    """A bug inside a child: logged here with an incident id (the traceback as text, see
    :func:`~kembar.graph.errors.trace`), reported without its text."""
    number = uuid.uuid4().hex[:12]
    log.error("incident %s in a worker: %s\n%s", number, repr(exc), trace(exc))
    return InternalError(
        f"an internal error occurred (incident {number}); it has been logged", incident=number
    )


def memory_limit_error(limit: int) -> LimitError:
    """What a request that ran out of a child's memory hears (413, naming the limit)."""
    return LimitError(
        f"the request needed more memory than a worker may use ({limit >> 20} MB); "
        "ask for less (a smaller result, fewer string operations)",
        limit="worker_memory_limit", status=413,
    )  # fmt: skip


def _limit_memory(limit: int) -> None:
    """Cap the heap and anonymous mappings of this process (RLIMIT_DATA): an allocation past
    it fails in the child, not on the machine."""
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
    so that no child outlives its server running a query for nobody.

    A watchdog thread looks at the parent's pid every half second: the kernel's
    "parent death signal" cannot be used, as it fires when the *thread* that started the
    child ends, and the server starts children from short-lived threads.

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


def work(connection: Connection, spec: ChildSpec) -> None:
    """A child process's entry point: limit its memory, confine it, name it, then serve on a
    thread with a large stack."""
    _limit_memory(spec.limits.max_memory)
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
