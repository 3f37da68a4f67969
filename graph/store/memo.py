"""Values computed from a store once per store version: one keying scheme, one lock.

A view of the graph (a search index, the region network, the home page's counts, a table)
is expensive to build and stays right until the next write. :class:`VersionMemo` keeps
each under its name with the version it was built from, on the store it was built from
(dropped with the store): a write bumps the version, and the next use builds it again.
Every per-version cache of Kembar goes through ``store.memo`` (:meth:`KembarStore.memo`).

>>> memo = VersionMemo()
>>> memo.get(1, "n", lambda: "built at 1"), memo.get(1, "n", lambda: "again")
('built at 1', 'built at 1')
>>> memo.get(2, "n", lambda: "built at 2")
'built at 2'
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar, cast

__all__ = ["VersionMemo"]

T = TypeVar("T")


class VersionMemo:
    """Named values of the current version of a store (which passes its version in: the
    memo holds no reference to the store, whose on-disk lock goes as soon as it does)."""

    def __init__(self) -> None:
        self._values: dict[Hashable, tuple[int, object]] = {}
        # re-entrant: a view may be built from another (the metrics from the network)
        self._lock = threading.RLock()

    def get(self, version: int, key: Hashable, build: Callable[[], T]) -> T:
        """The value under *key* at *version*, built by *build* if it is missing or was
        built from another version; values of other versions are dropped."""
        with self._lock:
            held = self._values.get(key)
            if held is not None and held[0] == version:
                return cast(T, held[1])
            for old in [k for k, (v, _) in self._values.items() if v != version]:
                del self._values[old]
            value = build()
            self._values[key] = (version, value)
            return value

    def clear(self) -> None:
        """Forget every value (a worker that reloaded its data in place)."""
        with self._lock:
            self._values.clear()
