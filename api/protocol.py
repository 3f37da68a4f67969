"""The HTTP protocol of ``kembar serve``: uvicorn's, with a time limit on reading headers.

uvicorn closes an idle kept-alive connection after its keep-alive timeout, but a client
that sends a request's headers a byte at a time holds its connection (and a slot of the
connection cap) for as long as it likes. :func:`protocol` gives uvicorn a protocol class
that closes a connection whose request headers are not complete *seconds* after the
request began (or after the connection opened).

>>> cls = protocol(2.5)
>>> cls.header_timeout, issubclass(cls, HttpToolsProtocol)
(2.5, True)
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["HeaderTimeout", "protocol"]

#: What a client whose headers came too slowly reads, in English and Indonesian.
_SLOW = b"the request headers did not arrive in time / header permintaan tidak tiba tepat waktu\n"


class HeaderTimeout(HttpToolsProtocol):
    """httptools' protocol, closing connections whose headers come too slowly."""

    header_timeout = 5.0
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            head = (
                "HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                f"connection: close\r\ncontent-length: {len(_SLOW)}\r\n\r\n"
            )
            self.transport.write(head.encode("ascii") + _SLOW)
            self.transport.close()


def protocol(seconds: float) -> type[HeaderTimeout]:
    """The protocol class for a header time limit of *seconds*."""
    return type("HeaderTimeout", (HeaderTimeout,), {"header_timeout": float(seconds)})
