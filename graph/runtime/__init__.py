"""Where request work runs: child processes with limits that hold, and their in-process fake.

- :mod:`.replica` what a child needs to hold its own copy of the server's store, and the
  one way it opens it (:func:`open_replica`);
- :mod:`.child` the child's job loop and the error contract across the process boundary;
- :mod:`.pool` :class:`WorkerPool`, children that answer queries and calls within a time
  limit, killed and replaced past it, brought to each new store version after a write;
- :mod:`.inline` :class:`InlinePool`, the same calls in the calling process (tests);
- :mod:`.sandbox` the seccomp filter that keeps a child off the network;
- :mod:`.jobs` a user's query and its answer.

:class:`Pool` is what both pools offer: the server's routes are written against it.

>>> pool: Pool = WorkerPool(Replica(None), size=1, timeout=20.0, sandbox=False)
>>> pool.call(len) > 10_000
True
>>> pool.close()
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from kembar.graph.runtime.child import ChildSpec, settle
from kembar.graph.runtime.inline import InlinePool
from kembar.graph.runtime.jobs import GRAPH_TYPES, RESULT_TYPES, Answer, Job, Limits
from kembar.graph.runtime.pool import CLIENT, WorkerPool
from kembar.graph.runtime.replica import Replica, Setup, open_replica
from kembar.graph.runtime.sandbox import available as sandbox_available

__all__ = [
    "CLIENT",
    "GRAPH_TYPES",
    "RESULT_TYPES",
    "Answer",
    "ChildSpec",
    "InlinePool",
    "Job",
    "Limits",
    "Pool",
    "Replica",
    "Setup",
    "WorkerPool",
    "open_replica",
    "sandbox_available",
    "settle",
]

T = TypeVar("T")


class Pool(Protocol):
    """What a route may ask of a pool (:class:`WorkerPool` or :class:`InlinePool`)."""

    timeout: float
    size: int
    killed: int

    @property
    def version(self) -> int: ...

    @property
    def max_rows(self) -> int: ...

    @property
    def max_bytes(self) -> int: ...

    def run(self, job: Job) -> Answer: ...

    def call(self, function: Callable[..., T], *args: Any) -> T: ...

    async def arun(self, job: Job) -> Answer: ...

    async def acall(
        self, function: Callable[..., T], *args: Any, timeout: float | None = None
    ) -> T: ...

    def refresh(self, version: int, extra: bytes = b"") -> bool: ...

    def close(self) -> None: ...
