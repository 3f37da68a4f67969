"""The in-process fake of a worker pool: the same calls, answered on the caller's store.

:class:`InlinePool` does what :class:`~.pool.WorkerPool` does, with the same error contract
(:func:`.child.handle`), but in a thread of the calling process, on the store it is given,
one job at a time: no process to start, no copy of the store, no pipe. It gives no
isolation (a runaway query runs to its end; nothing is confined) and is meant for tests of
what routes do, and for a single user's command line. A server facing the public network
uses worker processes.

>>> from kembar.graph.store import KembarStore
>>> pool = InlinePool(KembarStore())
>>> pool.run(Job("ASK { ?a a kmb:SisterCityAgreement }", "application/sparql-results+json")).body
b'{"head":{},"boolean":true}'
>>> pool.call(len) > 10_000
True
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from kembar.graph.errors import from_wire
from kembar.graph.runtime.child import handle
from kembar.graph.runtime.jobs import Answer, Job, Limited, Limits

if TYPE_CHECKING:
    from kembar.graph.store import KembarStore

__all__ = ["InlinePool"]

T = TypeVar("T")


class InlinePool(Limited):
    """Jobs on *store* in the calling process, one at a time.

    Parameters
    ----------
    store : KembarStore
        The store the jobs read (the server's own: always at its current version).
    timeout : float
        Reported to clients as the time limit; not enforced (nothing can stop a thread).
    max_rows, max_bytes, max_memory : int
        As for :class:`~.pool.WorkerPool` (the memory limit is not enforced either).
    """

    def __init__(
        self,
        store: KembarStore,
        *,
        timeout: float = 10.0,
        max_rows: int = 10_000,
        max_bytes: int = 50 << 20,
        max_memory: int = 0,
    ) -> None:
        self.store, self.timeout, self.size = store, timeout, 1
        self.limits = Limits(max_rows, max_bytes, max_memory)
        self.killed = 0
        self._one = threading.Lock()

    @property
    def version(self) -> int:
        """The store version jobs are answered from."""
        return self.store.version

    def refresh(self, version: int, extra: bytes = b"") -> bool:
        """Nothing to catch up: the jobs read the server's store itself."""
        return True

    def close(self) -> None:
        """Nothing to stop."""

    def _do(self, kind: str, payload: Any) -> tuple[tuple[Any, ...], bytes, int]:
        with self._one:
            version = self.store.version
            reply, body = handle(self.store, kind, payload, self.limits)
        return reply, body, version

    def run(self, job: Job) -> Answer:
        """Answer a query *job*."""
        reply, body, version = self._do("query", job)
        _raise(reply)
        return Answer(body, job.media, self.max_rows, version)

    def call(self, function: Callable[..., T], *args: Any) -> T:
        """``function(store, *args)``."""
        reply, _, _ = self._do("call", (function, args))
        _raise(reply)
        return reply[1]  # type: ignore[no-any-return]

    async def arun(self, job: Job) -> Answer:
        """:meth:`run` on a thread, not blocking the event loop."""
        return await asyncio.to_thread(self.run, job)

    async def acall(
        self, function: Callable[..., T], *args: Any, timeout: float | None = None
    ) -> T:
        """:meth:`call` on a thread, not blocking the event loop."""
        return await asyncio.to_thread(self.call, function, *args)


def _raise(reply: tuple[Any, ...]) -> None:
    if reply[0] == "error":
        _, name, message, fields = reply
        raise from_wire(str(name), str(message), dict(fields))
