"""Answers to repeated SPARQL GET requests, served without running the query again.

A public endpoint hears the same request many times: a dashboard polling, the examples
of a page, a notebook re-run. :class:`ResultCache` keeps the serialised answers of recent
``GET /sparql?query=...`` requests, keyed by the store's version, the exact query string
and the ``Accept`` and ``Host`` headers, and forgets the least recently used once they pass its byte
budget. Any write to the store changes its version, and so every earlier key.
:class:`FastQueries` is the ASGI middleware that answers a hit before routing, and runs
a miss itself, storing its answer (``X-Kembar-Cache: miss``, then ``hit``).

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

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["FastQueries", "ResultCache", "cache_key"]

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


def _is_query(scope: Scope) -> bool:
    """A GET of ``/sparql`` with a query string (not the description or the query page)."""
    return (
        scope["type"] == "http" and scope["method"] == "GET" and scope["path"] in PATHS
        and bool(scope["query_string"])
    )  # fmt: skip


def cache_key(scope: Scope, version: int) -> Key | None:
    """The key of a cacheable request (a GET of ``/sparql`` with a query string), else None."""
    if not _is_query(scope):
        return None
    query_string: bytes = scope["query_string"]
    headers = dict(scope["headers"])
    # the Host matters too: relative IRIs in a query resolve against the endpoint's URL
    return (version, query_string, headers.get(b"accept", b""), headers.get(b"host", b""))


class FastQueries:
    """ASGI middleware: ``GET /sparql?query=...`` answered before FastAPI's routing.

    A repeat comes from the :class:`ResultCache`; any other query runs through the same
    steps as the route (:func:`kembar.api.routes.sparql.answer_query`), without the
    router and dependency machinery, which cost about a third of a millisecond per
    request. Errors go to the handlers the app registered. Everything else (POST, the
    service description, other paths) passes on to the app. The app's state must hold
    ``store`` and ``results`` once the lifespan has started.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _is_query(scope):
            await self.app(scope, receive, send)
            return
        state: Any = scope["app"].state
        cache: ResultCache | None = getattr(state, "results", None)  # set by the lifespan
        key = cache_key(scope, state.store.version) if cache and cache.max_bytes else None
        hit = cache.get(key) if cache and key else None
        if hit is None:
            await self._answer(scope, receive, send)
            return
        headers = [*hit.headers, (b"x-kembar-cache", b"hit")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": hit.body})

    async def _answer(self, scope: Scope, receive: Receive, send: Send) -> None:
        from kembar.api.routes.sparql import answer_query  # it imports this module

        request = Request(scope, receive)
        try:
            response = await answer_query(request)
        except Exception as exc:  # noqa: BLE001 - every error has a registered handler
            handlers = scope["app"].exception_handlers
            handler = next(h for cls in type(exc).__mro__ if (h := handlers.get(cls)))
            response = await handler(request, exc)
        if response is None:  # no query parameter after all: the service description
            await self.app(scope, receive, send)
            return
        await response(scope, receive, send)
