"""Answers to repeated SPARQL GET requests, served without running the query again.

A public endpoint hears the same request many times: a dashboard polling, the examples
of a page, a notebook re-run. :class:`ResultCache` keeps the serialised answers of recent
``GET /sparql?query=...`` requests and forgets the least recently used once they pass its
byte budget (keys and headers count, not only bodies).

What makes an answer the same answer is the key (:func:`cache_key`): the exact query
string, the ``Accept`` header as the route reads it (the first one), and the URL the
relative IRIs of the query resolve against (scheme, host and port, as the route computes
them, so ``Host`` and ``X-Forwarded-Proto`` count). An answer is stored under the store
version *it was computed from*, which the query worker reports, and looked up under the
store's current version: an answer from before a write can never be served after it.

:class:`CachedQueries` is the ASGI middleware that answers a hit before routing; a miss
goes through FastAPI to the route like any request, and the route stores its answer.

>>> cache = ResultCache(max_bytes=10_000)
>>> key = (b"query=ASK%7B%7D", b"application/sparql-results+json", b"http://localhost/sparql")
>>> cache.put(0, key, b'{"boolean":true}', [(b"content-type", b"application/sparql-results+json")])
>>> cache.get(0, key).body
b'{"boolean":true}'
>>> cache.get(1, key) is None  # the store has changed since
True
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from kembar.api.dumps import CHUNK, chunks
from starlette.datastructures import URL, Headers
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["CachedQueries", "ResultCache", "cache_key"]

#: What identifies an answer within one store version: the raw query string, the
#: ``Accept`` header and the endpoint's URL (the base of relative IRIs).
Key = tuple[bytes, bytes, bytes]

#: The paths whose GET answers are cached.
PATHS = frozenset({"/sparql", "/sparql/"})
# where a request's base IRI and cache key are kept once worked out (in its ASGI scope)
_BASE, _KEY = "kembar.base", "kembar.cache_key"
#: What an entry costs beyond its body and headers (the dictionary slot, the objects).
_OVERHEAD = 200


@dataclass(frozen=True)
class Cached:
    """A response as sent: its body and its headers (without ``X-Kembar-Cache``)."""

    body: bytes
    headers: list[tuple[bytes, bytes]]
    size: int


class ResultCache:
    """Least-recently-used answers within *max_bytes* (0 turns caching off).

    Entries of an older store version are dropped as soon as a newer one is stored.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.hits = self.misses = 0
        self.version = 0
        self._entries: OrderedDict[Key, Cached] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, version: int, key: Key) -> Cached | None:
        """The answer stored under *key* for store *version*, or None."""
        with self._lock:
            entry = self._entries.get(key) if version == self.version else None
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, version: int, key: Key, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
        """Keep *body* under *key* as the answer at store *version*.

        Nothing is kept for a version older than the newest seen (a worker that answered
        from before a write), nor an entry that alone takes more than an eighth of the
        budget.
        """
        size = len(body) + sum(map(len, key)) + sum(len(a) + len(b) for a, b in headers)
        size += _OVERHEAD
        if size > self.max_bytes // 8:
            return
        with self._lock:
            if version < self.version:
                return
            if version > self.version:  # the store moved on: everything kept is stale
                self._entries.clear()
                self.size = 0
                self.version = version
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= old.size
            self._entries[key] = Cached(body, headers, size)
            self.size += size
            while self.size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self.size -= dropped.size


def _is_query(scope: Scope) -> bool:
    """A GET of ``/sparql`` with a query string (not the description or the query page)."""
    return (
        scope["type"] == "http" and scope["method"] == "GET" and scope["path"] in PATHS
        and bool(scope["query_string"])
    )  # fmt: skip


def request_base(scope: Scope) -> str:
    """The request's URL without its query string: the base IRI of a query sent to it.

    Worked out once per request (the cache layer, the route and the key read it).
    """
    base: str | None = scope.get(_BASE)
    if base is None:
        base = scope[_BASE] = str(URL(scope=scope).replace(query=""))
    return base


def cache_key(scope: Scope) -> Key | None:
    """The key of a cacheable request (a GET of ``/sparql`` with a query string), else None.

    Headers are read as the route reads them (Starlette's first occurrence), and the URL
    as the route computes the query's base IRI (:func:`request_base`). Worked out once per
    request.
    """
    if not _is_query(scope):
        return None
    key: Key | None = scope.get(_KEY)
    if key is None:
        accept = Headers(scope=scope).get("accept", "").encode("latin-1")
        key = scope[_KEY] = (scope["query_string"], accept, request_base(scope).encode())
    return key


class CachedQueries:
    """ASGI middleware: a repeated ``GET /sparql?query=...`` answered before routing.

    Only hits are answered here; everything else passes on to the app, whose route runs
    the query and stores the answer. The app's state must hold ``store`` and ``results``
    once the lifespan has started.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _is_query(scope):
            await self.app(scope, receive, send)
            return
        runtime: Any = getattr(scope["app"].state, "runtime", None)  # made by the lifespan
        cache: ResultCache | None = runtime.results if runtime is not None else None
        key = cache_key(scope) if cache is not None and cache.max_bytes else None
        hit = cache.get(runtime.store.version, key) if cache is not None and key else None
        if hit is None:
            await self.app(scope, receive, send)
            return
        headers = [*hit.headers, (b"x-kembar-cache", b"hit")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        if len(hit.body) <= CHUNK:
            await send({"type": "http.response.body", "body": hit.body})
            return
        for part in chunks(hit.body):  # a large answer goes out as the client reads it
            await send({"type": "http.response.body", "body": part, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
