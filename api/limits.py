"""Limits checked before a request's body is read: its size, and headers that must be one.

:class:`RequestLimits` answers 413 as soon as ``Content-Length`` announces more than the
path allows (submissions to ``/validate`` and ``/agreements``: ``max_submission_bytes``;
any other body, a SPARQL query among them: ``max_request_bytes``), and stops a body sent
without a length, or longer than it said, at the first byte over. It answers 400 to a
request with more than one ``Host`` or ``Content-Length`` header (RFC 9110 section 7.2,
RFC 9112 section 6.3): the server and a cache in front of it must not read different ones.

>>> import asyncio
>>> from starlette.responses import PlainTextResponse
>>> app = RequestLimits(PlainTextResponse("ok"), submission_bytes=10, other_bytes=10)
>>> sent = []
>>> async def send(message): sent.append(message)
>>> async def receive(): return {"type": "http.request", "body": b"", "more_body": False}
>>> scope = {"type": "http", "method": "POST", "path": "/sparql",
...          "headers": [(b"content-length", b"99")]}
>>> asyncio.run(app(scope, receive, send)); sent[0]["status"]
413
"""

from __future__ import annotations

import json

from kembar.graph.errors import LimitError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["SUBMISSION_PATHS", "RequestLimits"]

#: Paths whose bodies are submissions (the submission limit applies).
SUBMISSION_PATHS = frozenset({"/validate", "/agreements"})
_SINGLE = (b"host", b"content-length")


async def _refuse(send: Send, status: int, title: str, detail: str, limit: str = "") -> None:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if limit:
        body["limit"] = limit
    data = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/problem+json"), (b"content-length", str(len(data)).encode())]})  # fmt: skip
    await send({"type": "http.response.body", "body": data})


class RequestLimits:
    """ASGI middleware: body sizes by path, and headers that must not repeat.

    Parameters
    ----------
    app : ASGI app
        What it wraps.
    submission_bytes, other_bytes : int
        The largest body a submission path, and any other path, may send.
    """

    def __init__(self, app: ASGIApp, *, submission_bytes: int, other_bytes: int) -> None:
        self.app = app
        self.submission_bytes, self.other_bytes = submission_bytes, other_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        names = [name for name, _ in scope["headers"]]
        for single in _SINGLE:
            if names.count(single) > 1:
                what = single.decode()
                await _refuse(
                    send, 400, "Bad request", f"the request has more than one {what} header"
                )
                return
        submission = scope["path"].rstrip("/") in SUBMISSION_PATHS or scope["path"].startswith(
            "/agreements"
        )
        limit = self.submission_bytes if submission else self.other_bytes
        setting = "max_submission_bytes" if submission else "max_request_bytes"
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await _refuse(send, 400, "Bad request", "Content-Length is not a number")
                return
            if int(declared) > limit:
                await _refuse(send, 413, "Content too large",
                              f"the body is larger than {limit} bytes", setting)  # fmt: skip
                return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise LimitError(f"the body is larger than {limit} bytes", setting, 413)
            return message

        await self.app(scope, counted, send)
