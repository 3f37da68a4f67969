"""HTML pages: one Jinja environment per language, and what every page is given.

Templates live in ``api/templates``; they mark their text with ``_()`` (Jinja's i18n
extension, the catalogue of :mod:`kembar.api.web.i18n`) and extend ``base.html``, which
carries the header with the language switch, the search box and the footer. A page links to
other pages through ``href(path)``, which keeps a language chosen with ``?lang=``.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from kembar.api.web.i18n import LANGUAGES, choose, translate
from markupsafe import Markup

__all__ = ["Html", "environment", "html_page", "language", "page_context"]

#: Headers of every page: it depends on these request headers besides its URL.
VARY = "Accept, Accept-Language"


@cache
def environment(lang: str) -> Environment:
    """The template environment whose ``_()`` speaks *lang*.

    Parameters
    ----------
    lang : str
        One of the page languages.

    Returns
    -------
    jinja2.Environment
    """
    env = Environment(
        loader=PackageLoader("kembar.api", "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda text: translate(text, lang),
        ngettext=lambda one, many, n: translate(one if n == 1 else many, lang),
        newstyle=True,
    )
    env.filters["json"] = lambda value: Markup(
        json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
    )
    return env


def language(request: Request) -> str:
    """The language of the page for *request*: ``?lang=``, else ``Accept-Language``.

    Parameters
    ----------
    request : fastapi.Request
        The request.

    Returns
    -------
    str
    """
    return choose(request.query_params.get("lang"), request.headers.get("accept-language"))


def page_context(request: Request, lang: str) -> dict[str, Any]:
    """What every template is given: the language, the other language's link, ``href``.

    Parameters
    ----------
    request : fastapi.Request
        The request the page answers.
    lang : str
        Its language.

    Returns
    -------
    dict of str to Any
    """
    explicit = request.query_params.get("lang") in LANGUAGES

    def href(path: str, **params: Any) -> str:
        """*path* with *params*, and ``lang`` when the reader chose one with ``?lang=``."""
        pairs = {k: v for k, v in params.items() if v is not None}
        if explicit:
            pairs.setdefault("lang", lang)
        return f"{path}?{urlencode(pairs, doseq=True)}" if pairs else path

    other = next(code for code in LANGUAGES if code != lang)
    switch = {**dict(request.query_params), "lang": other}
    return {
        "lang": lang,
        "other_lang": other,
        # the same page in the other language: a query alone, so the link never leaves the
        # page's own path (a request path such as //host/x would read as another host)
        "switch_href": f"?{urlencode(switch)}",
        "href": href,
        "path": request.url.path,
    }


class Html(HTMLResponse):
    """A page: ``Content-Language`` and ``Vary`` set."""


def html_page(
    request: Request, template: str, title: str, *, status: int = 200, **context: Any
) -> Html:
    """Render *template* for *request* in its language.

    Parameters
    ----------
    request : fastapi.Request
        The request.
    template : str
        The template's file name.
    title : str
        The page title, in English (translated here).
    status : int, optional
        The HTTP status.
    **context
        What the template shows.

    Returns
    -------
    Html
    """
    lang = context.pop("lang", None) or language(request)
    body = (
        environment(lang)
        .get_template(template)
        .render(title=translate(title, lang), **page_context(request, lang), **context)
    )
    headers = {"Content-Language": lang, "Vary": VARY}
    return Html(body, status_code=status, headers=headers)
