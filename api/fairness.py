"""Fair shares: no client may hold more than its share of the workers.

Every request that may reach a worker (anything but ``/static/`` and ``/health``) runs
under its client's semaphore: at most ``per_client`` at a time, the next ``queue`` waiting
in line, and the one after that refused at once with ``429 Too Many Requests`` and
``Retry-After``. A client is its peer address; ``X-Forwarded-For`` is believed only when
the peer is one of the operator's ``trusted_proxies`` (the address the proxy saw is then
the client). With two workers per pool and one request per client, four threads of one
client leave a worker free for everyone else.

>>> limiter = FairShare(None, per_client=1, queue=2)
>>> limiter.client({"client": ("203.0.113.7", 5000), "headers": []})
'203.0.113.7'
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
from dataclasses import dataclass
from functools import lru_cache

from kembar.graph.runtime import CLIENT
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["FairShare", "client_key"]

#: Paths that never reach a worker: not counted.
EXEMPT = ("/static/", "/health", "/favicon")


@dataclass
class _Share:
    running: asyncio.Semaphore
    waiting: int = 0
    users: int = 0


class FairShare:
    """ASGI middleware: per-client concurrency and queue depth, 429 beyond."""

    def __init__(
        self, app: ASGIApp | None, *, per_client: int = 1, queue: int = 32,
        trusted_proxies: frozenset[str] = frozenset(),
    ) -> None:  # fmt: skip
        self.app = app
        self.per_client, self.queue = per_client, queue
        self.trusted = trusted_proxies
        self.shares: dict[str, _Share] = {}

    def client(self, scope: Scope) -> str:
        """Who is asking: the peer, or what a trusted proxy says the peer was."""
        peer = (scope.get("client") or ("unknown", 0))[0]
        if peer in self.trusted:
            forwarded = Headers(scope=scope).get("x-forwarded-for", "")
            hops = [h.strip() for h in forwarded.split(",") if h.strip()]
            for hop in reversed(hops):  # the rightmost address no trusted proxy added
                if hop not in self.trusted:
                    return client_key(hop)
        return client_key(str(peer))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.app is not None
        if scope["type"] != "http" or scope["path"].startswith(EXEMPT):
            await self.app(scope, receive, send)
            return
        who = self.client(scope)
        token = CLIENT.set(who)  # whose work it is, for the pools' yielding
        try:
            if self.per_client <= 0:
                await self.app(scope, receive, send)
            else:
                await self._share(who, scope, receive, send)
        finally:
            CLIENT.reset(token)

    async def _share(self, who: str, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.app is not None
        share = self.shares.get(who)
        if share is None:
            share = self.shares[who] = _Share(asyncio.Semaphore(self.per_client))
        if share.waiting >= self.queue:
            await _too_many(send, self.per_client, self.queue)
            return
        share.users += 1
        share.waiting += 1
        entered = False
        try:
            async with share.running:
                share.waiting -= 1
                entered = True
                await self.app(scope, receive, send)
        finally:
            if not entered:  # cancelled while waiting in line
                share.waiting -= 1
            share.users -= 1
            if share.users == 0:  # nobody of this client left: forget it
                self.shares.pop(who, None)


async def _too_many(send: Send, per_client: int, queue: int) -> None:
    body = json.dumps({
        "type": "about:blank", "title": "Too many requests", "status": 429,
        "detail": f"this client already has {per_client} request(s) running and {queue} "
                  "waiting; retry in a second",
    }).encode()  # fmt: skip
    await send({"type": "http.response.start", "status": 429, "headers": [
        (b"content-type", b"application/problem+json"), (b"retry-after", b"1"),
        (b"content-length", str(len(body)).encode()),
    ]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})


@lru_cache(maxsize=4096)
def client_key(address: str) -> str:
    """The client an address belongs to: an IPv4 address is one, an IPv6 address is its /64
    (one subscriber holds a whole /64: counted apart, its addresses would be endless).

    >>> client_key("203.0.113.7"), client_key("2001:db8:1:2:aaaa::1"), client_key("::ffff:203.0.113.7")
    ('203.0.113.7', '2001:db8:1:2::/64', '203.0.113.7')
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address  # not an address (a test client's name): itself
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)
