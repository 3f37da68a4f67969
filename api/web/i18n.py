"""The pages' two languages: English (the source text) and Indonesian (a gettext catalogue).

Every text a person reads is written in English in the templates and in this package, marked
with ``_()``; ``locale/id/LC_MESSAGES/messages.po`` holds its Indonesian. ``make messages``
extracts the marked texts with Babel and merges them into the catalogue; a test fails when
one has no translation. The language of a request is ``?lang=`` when given, else the best
of ``Accept-Language``, else English.

>>> choose("id", None), choose(None, "id-ID,id;q=0.9,en;q=0.8"), choose(None, "fr, en;q=0.5")
('id', 'id', 'en')
>>> translate("Search", "id")
'Cari'
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from babel.core import Locale, UnknownLocaleError, negotiate_locale
from babel.messages.pofile import read_po

__all__ = ["LANGUAGES", "N_", "catalogue", "choose", "translate"]

#: The languages of the pages, the first being the source language.
LANGUAGES = ("en", "id")


def N_(text: str) -> str:
    """Mark *text* for translation where it is written (Babel extracts it); translate it
    where it is shown, with :func:`translate`.

    Parameters
    ----------
    text : str
        English text.

    Returns
    -------
    str
        *text*, unchanged.
    """
    return text


@cache
def catalogue(lang: str) -> dict[str, str]:
    """English text -> its translation in *lang* (empty for English).

    Parameters
    ----------
    lang : str
        One of :data:`LANGUAGES`.

    Returns
    -------
    dict of str to str
    """
    if lang == LANGUAGES[0]:
        return {}
    path = files("kembar.api") / "locale" / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        messages = read_po(po, locale=lang)
    found: dict[str, str] = {}
    for message in messages:
        if not message.id or not message.string or message.fuzzy:
            continue
        if isinstance(message.id, tuple):  # a plural: Indonesian has one form for both
            text = message.string[0] if isinstance(message.string, tuple) else message.string
            found.update({message.id[0]: str(text), message.id[1]: str(text)})
        else:
            found[str(message.id)] = str(message.string)
    return found


def translate(text: str, lang: str) -> str:
    """*text* (English) in *lang*, or *text* itself when the catalogue lacks it.

    Parameters
    ----------
    text : str
        The English source text.
    lang : str
        The language wanted.

    Returns
    -------
    str
    """
    return catalogue(lang).get(text, text) if lang in LANGUAGES else text


def choose(asked: str | None, accept_language: str | None) -> str:
    """The language of a page: *asked* (``?lang=``) if it is one of ours, else the best
    match of the ``Accept-Language`` header, else English.

    Parameters
    ----------
    asked : str or None
        The ``lang`` query parameter.
    accept_language : str or None
        The request's ``Accept-Language`` header.

    Returns
    -------
    str
        One of :data:`LANGUAGES`.
    """
    if asked in LANGUAGES:
        return asked
    preferred = []
    for part in (accept_language or "")[:500].split(","):
        tag, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            continue
        if tag and weight > 0:
            preferred.append((weight, tag.replace("_", "-")))
    ranked = [tag for _, tag in sorted(preferred, key=lambda pair: -pair[0])]
    found = negotiate_locale(ranked, list(LANGUAGES), sep="-")
    if found is None:  # "id-ID" and the like, when negotiate_locale wants the whole tag
        for tag in ranked:
            try:
                language = Locale.parse(tag, sep="-").language
            except (ValueError, UnknownLocaleError):
                continue
            if language in LANGUAGES:
                return language
    return found or LANGUAGES[0]
