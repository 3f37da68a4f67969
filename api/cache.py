"""Answers to repeated SPARQL GET requests, served without running the query again.

A public endpoint hears the same request many times: a dashboard polling, the examples
of a page, a notebook re-run. :class:`ResultCache` keeps the serialised answers of recent
``GET /sparql?query=...`` requests, keyed by the store's version, the exact query string
and the ``Accept`` and ``Host`` headers, and forgets the least recently used once they pass its byte
budget. Any write to the store changes its version, and so every earlier key.
:class:`CachedQueries` is the ASGI middleware that answers a hit before routing; a miss
goes on to the route, which stores its answer (``X-Kembar-Cache: miss``, then ``hit``).

>>> cache = ResultCache(max_bytes=1000)
>>> key = (0, b"query=ASK%7B%7D", b"application/sparql-results+json", b"localhost")
>>> cache.put(key, b'{"boolean":true}', [(b"content-type", b"application/sparql-results+json")])
>>> cache.get(key).body
b'{"boolean":true}'
>>> cache.get((1, *key[1:])) is None  # another store version
True
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["CachedQueries", "ResultCache", "cache_key"]

#: What identifies an answer: store version, raw query string, ``Accept`` and ``Host``.
Key = tuple[int, bytes, bytes, bytes]

#: The paths whose GET answers are cached.
PATHS = frozenset({"/sparql", "/sparql/"})


@dataclass(frozen=True)
class Cached:
    """A response as sent: its body and its headers (without ``X-Kembar-Cache``)."""

    body: bytes
    headers: list[tuple[bytes, bytes]]


class ResultCache:
    """Least-recently-used answers within *max_bytes* (0 turns caching off)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.hits = self.misses = 0
        self._entries: OrderedDict[Key, Cached] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Key) -> Cached | None:
        """The answer stored under *key*, or None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: Key, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
        """Keep *body* under *key* unless it alone takes more than an eighth of the budget."""
        if len(body) > self.max_bytes // 8:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= len(old.body)
            self._entries[key] = Cached(body, headers)
            self.size += len(body)
            while self.size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self.size -= len(dropped.body)


def cache_key(scope: Scope, version: int) -> Key | None:
    """The key of a cacheable request (a GET of ``/sparql`` with a query string), else None."""
    if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] not in PATHS:
        return None
    query_string: bytes = scope["query_string"]
    if not query_string:
        return None  # the service description or the query page
    headers = dict(scope["headers"])
    # the Host matters too: relative IRIs in a query resolve against the endpoint's URL
    return (version, query_string, headers.get(b"accept", b""), headers.get(b"host", b""))


class CachedQueries:
    """ASGI middleware: answer a cached ``GET /sparql`` before any routing happens.

    The app's state must hold ``store`` (for its version) and ``results`` (the
    :class:`ResultCache`) once the lifespan has started.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        app = scope.get("app") if scope["type"] == "http" else None
        state: Any = getattr(app, "state", None)
        cache: ResultCache | None = getattr(state, "results", None)  # set by the lifespan
        key = cache_key(scope, state.store.version) if cache and cache.max_bytes else None
        hit = cache.get(key) if cache and key else None
        if hit is None:
            await self.app(scope, receive, send)
            return
        headers = [*hit.headers, (b"x-kembar-cache", b"hit")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": hit.body})
