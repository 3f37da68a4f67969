"""What the report page is given besides its document: how it names fields, values, dates
and severities in the reader's language, and the local path of an IRI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from babel.dates import format_date
from fastapi import Request
from kembar.api.web.form import label_of, value_label
from kembar.api.web.i18n import N_, translate
from kembar.api.web.render import language
from kembar.graph.linkeddata.describe import local_path

__all__ = ["SEVERITY_NAMES", "report_helpers"]

#: Each severity's name, as a heading (many) and beside one finding.
SEVERITY_NAMES = {
    "Violation": N_("Violations"),
    "Warning": N_("Warnings"),
    "Info": N_("Information"),
}
SEVERITY_ONE = {"Violation": N_("Violation"), "Warning": N_("Warning"), "Info": N_("Information")}


def report_helpers(request: Request, doc: dict[str, Any]) -> dict[str, Any]:
    """The functions and words ``report.html`` uses for *doc*, in the request's language."""
    lang = language(request)
    country = doc.get("country") or {}

    def shown(path: str, value: object) -> str:
        text = str(value)
        if path == "foreign_party.country" and country:
            return f"{country.get(lang) or country.get('en')} ({text})"
        return value_label(path, text, lang)

    def day(iso: str) -> str:
        import datetime as dt

        try:
            return format_date(dt.date.fromisoformat(iso), format="long", locale=lang)
        except ValueError:
            return iso

    field: Callable[[str], str] = lambda path: label_of(path, lang)
    return {
        "lang": lang,
        "field": field,
        "shown": shown,
        "day": day,
        "local": lambda iri: local_path(iri) or iri,
        "severity_names": {k: translate(v, lang) for k, v in SEVERITY_NAMES.items()},
        "severity_one": {k: translate(v, lang) for k, v in SEVERITY_ONE.items()},
    }
