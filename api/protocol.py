"""The HTTP protocol of ``kembar serve``: uvicorn's, with limits on what one connection holds.

uvicorn closes an idle kept-alive connection after its keep-alive timeout and caps the
connections of the whole server, but it leaves open what a client can do inside a
connection: send headers a byte at a time, send a header of a hundred megabytes (the
parser joins its pieces, in time quadratic in its size, on the event loop), trickle a
body a byte every few seconds for as long as it likes, or open every connection the
server allows from one address. :func:`protocol` gives uvicorn a protocol class that

- answers **408** and closes when a request's headers are not complete *header_timeout*
  seconds after the request began (or the connection opened), or its body not complete
  *body_timeout* seconds after its headers (the response may have been sent already: the
  rest of a body is read before the next request, and no longer than that); a body the
  server itself stopped reading when the time ran out (its request waits its turn with a
  full buffer) gets the time again;
- answers **431** and closes when a request's headers pass *max_header_bytes*;
- answers **503** (``Retry-After``) and closes a new connection from a client that holds
  *per_client* already (a client as :func:`.fairness.client_key` names it; the operator's
  trusted proxies are not counted).

>>> cls = protocol(header_timeout=2.5)
>>> cls.header_timeout, cls.max_header_bytes, issubclass(cls, HttpToolsProtocol)
(2.5, 32768, True)
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any, ClassVar

from kembar.api.fairness import client_key
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["Limited", "protocol"]

#: What a refused client reads, in English and Indonesian, by status.
_REASONS = {
    408: ("Request Timeout", b"the request did not arrive in time / permintaan tidak tiba tepat waktu\n"),
    431: ("Request Header Fields Too Large",
          b"the request headers are too large / header permintaan terlalu besar\n"),
    503: ("Service Unavailable",
          b"too many connections from this client / terlalu banyak koneksi dari klien ini\n"),
}  # fmt: skip


class Limited(HttpToolsProtocol):
    """httptools' protocol with time and size limits per connection and a cap per client."""

    header_timeout = 5.0
    body_timeout = 20.0
    max_header_bytes = 32 * 1024
    per_client = 32
    trusted: ClassVar[frozenset[str]] = frozenset()
    #: Open connections by client, shared by the connections of one server.
    open: ClassVar[Counter[str]]

    _timer: asyncio.TimerHandle | None = None
    _head_bytes = 0
    _in_head = True
    _who: str | None = None

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        peer = transport.get_extra_info("peername")
        address = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        if address and address not in self.trusted:
            self._who = client_key(address)
            self.open[self._who] += 1
            if self.open[self._who] > self.per_client:
                self._refuse(503)
                return
        self._start_head()

    def data_received(self, data: bytes) -> None:
        if self.transport.is_closing():
            return
        super().data_received(data)
        if self._in_head and not self.transport.is_closing():
            # still in the headers after this chunk: the headers so far are at least this
            self._head_bytes += len(data)
            if self._head_bytes > self.max_header_bytes:
                self._refuse(431)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._start_head()

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._arm(self.body_timeout)
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self._who is not None:
            self.open[self._who] -= 1
            if self.open[self._who] <= 0:
                del self.open[self._who]
            self._who = None
        super().connection_lost(exc)

    def _start_head(self) -> None:
        self._in_head, self._head_bytes = True, 0
        self._arm(self.header_timeout)

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._timer = self.loop.call_later(seconds, self._too_slow)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _too_slow(self) -> None:
        self._timer = None
        if not self._in_head and self.flow.read_paused:
            # the server stopped reading (the request waits its turn with a full buffer):
            # the client is not the slow one; its time starts again when reading resumes
            self._arm(self.body_timeout)
            return
        cycle = getattr(self, "cycle", None)
        if cycle is not None and cycle.response_started:
            self.transport.close()  # an answer is on its way: nothing more can be said
        else:
            self._refuse(408)

    def _refuse(self, status: int) -> None:
        self._disarm()
        if self.transport.is_closing():
            return
        reason, text = _REASONS[status]
        head = (
            f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\n"
            + ("retry-after: 5\r\n" if status == 503 else "")
            + f"connection: close\r\ncontent-length: {len(text)}\r\n\r\n"
        )
        self.transport.write(head.encode("ascii") + text)
        self.transport.close()


def protocol(
    *,
    header_timeout: float = 5.0,
    body_timeout: float = 20.0,
    max_header_bytes: int = 32 * 1024,
    per_client: int = 32,
    trusted: frozenset[str] = frozenset(),
) -> type[Limited]:
    """The protocol class of one server, with its limits (see the module's description)."""
    return type("Limited", (Limited,), {
        "header_timeout": float(header_timeout), "body_timeout": float(body_timeout),
        "max_header_bytes": int(max_header_bytes), "per_client": int(per_client),
        "trusted": frozenset(trusted), "open": Counter(),
    })  # fmt: skip
