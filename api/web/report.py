"""What the report page and the law's pages are given: how they name fields, values, dates,
severities and changes of the law in the reader's language, and the local path of an IRI."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from babel.dates import format_date
from fastapi import Request
from kembar.api.web.form import label_of, value_label
from kembar.api.web.i18n import N_, translate
from kembar.api.web.render import language
from kembar.graph.linkeddata.describe import local_path
from kembar.graph.linkeddata.pages import vocabulary_label
from kembar.graph.validation.document import law
from kembar.ontology import ids
from markupsafe import Markup, escape

__all__ = ["SEVERITY_NAMES", "expand", "prose", "report_helpers"]

#: Each severity's name, as a heading (many) and beside one finding.
SEVERITY_NAMES = {
    "Violation": N_("Violations"),
    "Warning": N_("Warnings"),
    "Info": N_("Information"),
}
SEVERITY_ONE = {"Violation": N_("Violation"), "Warning": N_("Warning"), "Info": N_("Information")}
#: How one instrument changed another (data/law.ttl), as the instrument's page says it.
CHANGE_NAMES = {"replaces": N_("Replaces"), "repeals": N_("Revokes"),
                "replaced_by": N_("Replaced by"), "repealed_by": N_("Revoked by")}  # fmt: skip


def report_helpers(request: Request, doc: dict[str, Any] | None = None) -> dict[str, Any]:
    """The functions and words ``report.html`` (for *doc*) and the law's pages use, in the
    request's language."""
    lang = language(request)
    country = (doc or {}).get("country") or {}

    def shown(path: str, value: object) -> str:
        text = str(value)
        if path == "foreign_party.country" and country:
            return f"{country.get(lang) or country.get('en')} ({text})"
        return value_label(path, text, lang)

    def day(iso: str) -> str:
        """A date as the reader's language writes it; a year or a month as it is."""
        try:
            return format_date(dt.date.fromisoformat(iso), format="long", locale=lang)
        except ValueError:
            if len(iso) == 7 and iso[4] == "-":  # a month: "Desember 2006"
                month = dt.date.fromisoformat(iso + "-01")
                return format_date(month, format="MMMM y", locale=lang)
            return iso

    field: Callable[[str], str] = lambda path: label_of(path, lang)
    return {
        "field": field,
        "shown": shown,
        "day": day,
        "local": lambda iri: local_path(iri) or iri,
        "severity_names": {k: translate(v, lang) for k, v in SEVERITY_NAMES.items()},
        "severity_one": {k: translate(v, lang) for k, v in SEVERITY_ONE.items()},
        "change_names": {k: translate(v, lang) for k, v in CHANGE_NAMES.items()},
        "regime_name": lambda notation: _regime_name(notation, lang),
    }


def _regime_name(notation: str, lang: str) -> str:
    """A regime's name in *lang*, never its internal code (``PP28-2018+PMDN25-2020``)."""
    try:
        names = law().regime(notation)["label"]
    except LookupError:
        return notation
    return str(names.get(lang) or names.get("en") or notation)


#: A prefixed name in running text (``kmb:status``, ``xsd:date``), a bare datatype name, or a
#: code of the data (``wali_kota``, ``dates.dprd_approval``).
_TERM = re.compile(
    r"\b([a-z]+):([A-Za-z][A-Za-z0-9_]*)|\b(gYearMonth|gYear)\b|\b([a-z]+(?:[._][a-z0-9]+)+)\b"
)


def prose(text: str, lang: str, labels: dict[str, dict[str, str]]) -> Markup:
    """*text* (a definition) for a person: a term's prefixed name becomes its label in *lang*
    (*labels*: prefixed name -> labels by language, with the other vocabularies' terms from
    ``vocabulary.csv``), and a code of the data is shown as code. Escaped once."""
    out: list[str] = []
    last = 0
    for match in _TERM.finditer(text):
        out.append(str(escape(text[last : match.start()])))
        last = match.end()
        prefix, local, datatype, code = match.groups()
        name = f"{prefix}:{local}" if prefix else f"xsd:{datatype}" if datatype else ""
        found = labels.get(name) or vocabulary_label(expand(name)) if name else {}
        if found:
            out.append(str(escape(found.get(lang) or found.get("en", name))))
        elif code and ("_" in code or "." in code) and not code.replace(".", "").isdigit():
            out.append(f"<code>{escape(code)}</code>")
        else:
            out.append(str(escape(match.group(0))))
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


def expand(name: str) -> str:
    """A prefixed name of Kembar's prefixes as its IRI (itself when the prefix is unknown)."""
    prefix, _, local = name.partition(":")
    base = ids.PREFIXES.get(prefix)
    return base + local if base else name
