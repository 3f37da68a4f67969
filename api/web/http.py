"""HTTP as browsers and caches expect it, for every route at once (pure ASGI middleware).

- :class:`HeadAsGet`: ``HEAD`` on every ``GET`` route: the route runs as ``GET``, its
  headers are sent, its body is not.
- :class:`BrowserPolicy`: a Content-Security-Policy that allows only Kembar's own origin,
  ``nosniff`` and a same-origin referrer on every answer; on ``GET`` answers that depend
  only on the store, an ``ETag`` naming the store version (``If-None-Match`` gets a 304
  before any work is done) and ``Cache-Control: no-cache`` (keep it, but ask again); and
  for a browser (``Accept`` prefers HTML), an HTML page in place of problem JSON.

Compression is Starlette's ``GZipMiddleware``, outside both.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from kembar.api.negotiation import negotiate
from kembar.api.web.i18n import N_, choose, translate
from kembar.api.web.render import VARY, environment
from starlette.datastructures import Headers, MutableHeaders, QueryParams
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CSP", "Assets", "BrowserPolicy", "HeadAsGet", "wants_html"]

#: Scripts, styles, images, fonts, workers, connections: this origin only. Inline style
#: attributes are allowed (the chart, editor and API-doc libraries set them); inline scripts
#: are not: every script is a file of /static.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
_SECURITY = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]
#: Pages other sites may show in a frame: the reconciliation previews, which OpenRefine
#: (on any host and port) embeds in an iframe. Every other answer refuses to be framed.
FRAMEABLE = frozenset({"/reconcile/preview", "/reconcile/terms/preview"})
_FRAMEABLE_SECURITY = [
    (name, value.replace(b"frame-ancestors 'none'", b"frame-ancestors *"))
    for name, value in _SECURITY
]


_POLICED = frozenset(name for name, _ in _SECURITY)


def _security(path: str) -> list[tuple[bytes, bytes]]:
    return _FRAMEABLE_SECURITY if path in FRAMEABLE else _SECURITY


def _header(raw: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    """The first value of header *name* (lower case) in an ASGI header list."""
    return next((value for key, value in raw if key.lower() == name), None)


#: The titles of problem answers, as the error pages show them (translated).
ERROR_TITLES = (
    N_("Error"), N_("Bad request"), N_("Bad gateway"), N_("Client disconnected"),
    N_("Conflict"), N_("Content too large"), N_("Forbidden"), N_("Internal server error"),
    N_("Invalid request"), N_("Invalid submission"), N_("Limit exceeded"),
    N_("Malformed query"), N_("Malformed submission"), N_("Method not allowed"),
    N_("Not acceptable"), N_("Not found"), N_("Query refused"), N_("Result too large"),
    N_("Service unavailable"), N_("Store unavailable"), N_("Unauthorized"),
    N_("Unsupported media type"),
)  # fmt: skip
#: Paths whose answers do not depend on the store alone (or tag themselves).
_UNTAGGED = ("/health", "/static/")


class HeadAsGet:
    """Run a ``HEAD`` request as ``GET`` and send only the headers of its answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def wants_html(accept: str | None) -> bool:
    """True when *accept* prefers an HTML page to JSON (a browser's navigation).

    Parameters
    ----------
    accept : str or None
        The ``Accept`` header.

    Returns
    -------
    bool
    """
    if not accept or "text/html" not in accept:
        return False
    return negotiate(accept, ["text/html", "application/json"]) == "text/html"


def _etag(scope: Scope, version: int) -> bytes:
    headers = Headers(scope=scope)
    variant = "\n".join(
        [
            scope["path"],
            scope.get("query_string", b"").decode("latin-1"),
            headers.get("accept", ""),
            headers.get("accept-language", ""),
            headers.get("x-forwarded-proto", ""),
            headers.get("host", ""),
        ]
    )
    digest = hashlib.blake2b(variant.encode(), digest_size=8).hexdigest()
    return f'W/"{version}-{digest}"'.encode()


class BrowserPolicy:
    """Security headers on every answer; ETags on store-backed reads; HTML error pages."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        tag = self._tag(scope)
        if tag is not None and tag in _tags(headers.get("if-none-match")):
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [
                        (b"etag", tag),
                        (b"cache-control", b"no-cache"),
                        *_security(scope["path"]),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        accept = headers.get("accept") or ""
        # a page that also names problem JSON (the validation form's script) reads its errors
        html = wants_html(accept) and "application/problem+json" not in accept
        held: list[Message] = []

        async def policed(message: Message) -> None:
            if message["type"] == "http.response.start":
                # the raw list, not MutableHeaders: this runs on every answer
                raw = [h for h in message.get("headers", ()) if h[0].lower() not in _POLICED]
                raw += _security(scope["path"])
                message["headers"] = raw
                status = message["status"]
                if status == 200 and tag is not None and _header(raw, b"etag") is None:
                    raw.append((b"etag", tag))
                    if _header(raw, b"cache-control") is None:
                        raw.append((b"cache-control", b"no-cache"))
                if (
                    html
                    and status >= 400
                    and (_header(raw, b"content-type") or b"").startswith(
                        b"application/problem+json"
                    )
                ):
                    held.append(message)  # replaced by a page once the problem is read
                    return
                await send(message)
                return
            if held and message["type"] == "http.response.body":
                held.append(message)
                if message.get("more_body", False):
                    return
                await self._page(scope, held, send)
                return
            await send(message)

        await self.app(scope, receive, policed)

    @staticmethod
    def _tag(scope: Scope) -> bytes | None:
        if scope["method"] not in {"GET", "HEAD"} or scope["path"].startswith(_UNTAGGED):
            return None
        runtime = getattr(scope["app"].state, "runtime", None)  # made by the lifespan
        if runtime is None or runtime.store.is_remote:
            return None
        return _etag(scope, runtime.store.version)

    @staticmethod
    async def _page(scope: Scope, held: list[Message], send: Send) -> None:
        start, body = held[0], b"".join(m.get("body", b"") for m in held[1:])
        try:
            problem: dict[str, Any] = json.loads(body)
        except ValueError:
            problem = {}
        headers = Headers(scope=scope)
        lang = choose(QueryParams(scope.get("query_string", b"")).get("lang"),
                      headers.get("accept-language"))  # fmt: skip
        status = start["status"]
        title = translate(str(problem.get("title") or "Error"), lang)
        page = environment(lang).get_template("error.html").render(
            lang=lang, title=title, status=status, detail=problem.get("detail", ""),
            problem=problem, href=lambda path, **_: path, other_lang="id" if lang == "en" else "en",
            switch_href=f"?lang={'id' if lang == 'en' else 'en'}", path=scope["path"],
        ).encode()  # fmt: skip
        answer = MutableHeaders(scope=start)
        answer["content-type"] = "text/html; charset=utf-8"
        answer["content-length"] = str(len(page))
        answer["content-language"] = lang
        answer["vary"] = VARY
        await send(start)
        await send({"type": "http.response.body", "body": page, "more_body": False})


def _tags(header: str | None) -> set[bytes]:
    return {part.strip().encode() for part in (header or "").split(",") if part.strip()}


class Assets(StaticFiles):
    """``/static``: the pages' files, kept by browsers for a day (revalidated by ETag)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["Cache-Control"] = "public, max-age=86400"
            # weak: the same tag names the gzip and the plain bytes (Starlette's 304 check
            # strips W/ from If-None-Match, so revalidation still answers 304)
            tag = response.headers.get("etag")
            if tag and not tag.startswith("W/"):
                response.headers["etag"] = "W/" + tag
        return response
