"""How complete and how firm the fact table is, province by province (``kembar data check``).

For each of the 38 provinces: the ties of its governments (the province, its kota and
kabupaten), how many are weakly sourced (:func:`~.curated.support`), how many reached a
signed document without a date, the leads still open (``data/leads.yaml`` and
``data/searches.yaml``), and the day the province was last searched. The totals end the
table. What it reads is the fact table and the two registers, not the store: it is the
editors' tool before a release.

>>> rows = coverage()
>>> len(rows), rows[-1].province
(39, 'all provinces')
>>> aceh = next(r for r in rows if r.slug == "aceh")
>>> aceh.ties > 5 and aceh.last_searched >= "2026-12-07"
True
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from kembar.data import LEADS_YAML, SEARCHES_YAML
from kembar.graph.ingest.curated import PROVINCES, read_yaml, support, ties

__all__ = ["ProvinceCoverage", "coverage", "render", "signed", "undated"]

#: Stages that are a signed document (a proposal is not one).
_SIGNED = {"letter_of_intent", "mou_signed", "agreement_signed", "renewed", "dormant", "ended"}


@dataclass(frozen=True)
class ProvinceCoverage:
    """One province's line (or the totals, with slug ``""``)."""

    slug: str
    province: str
    ties: int
    weak: int
    signed: int
    undated_signed: int
    refuted: int
    open_leads: int
    last_searched: str


def signed(tie: dict[str, Any]) -> bool:
    """Whether *tie* reached a signed document: a stage past the proposal, or a status
    (active, renewed, dormant) that only a signed tie has."""
    stages = tie.get("stages") or []
    status = (tie.get("status") or {}).get("value")
    return any(s["stage"] in _SIGNED for s in stages) or status in ("active", "renewed", "dormant")


def undated(tie: dict[str, Any]) -> bool:
    """Whether no signed stage of *tie* has a date."""
    return not any(s.get("date") for s in tie.get("stages") or [] if s["stage"] in _SIGNED)


def coverage() -> list[ProvinceCoverage]:
    """Per province, then the totals (:class:`ProvinceCoverage`)."""
    count: dict[str, Counter[str]] = {slug: Counter() for slug, *_ in PROVINCES}
    for tie in ties():
        c = count[tie["indonesian_party"]["province_slug"]]
        if tie["confidence"] == "refuted":
            c["refuted"] += 1
            continue
        c["ties"] += 1
        c["weak"] += support(tie) == "weak"
        if signed(tie):
            c["signed"] += 1
            c["undated_signed"] += undated(tie)
    for lead in read_yaml(LEADS_YAML):
        if lead["outcome"] == "unconfirmed":
            count[lead["province_slug"]]["open_leads"] += 1
    searched = {}
    for entry in read_yaml(SEARCHES_YAML):
        count[entry["province_slug"]]["open_leads"] += len(entry.get("open_leads") or [])
        searched[entry["province_slug"]] = str(entry["last_searched"])
    rows = [_line(slug, name, count[slug], searched.get(slug, "")) for slug, name, *_ in PROVINCES]
    totals: Counter[str] = Counter()
    for row in rows:
        totals.update({k: getattr(row, k) for k in _COUNTS})
    oldest = min((r.last_searched for r in rows), default="")
    return [*rows, _line("", "all provinces", totals, oldest)]


def _line(slug: str, name: str, counted: Counter[str], searched: str) -> ProvinceCoverage:
    return ProvinceCoverage(
        slug=slug, province=name, ties=counted["ties"], weak=counted["weak"],
        signed=counted["signed"], undated_signed=counted["undated_signed"],
        refuted=counted["refuted"], open_leads=counted["open_leads"], last_searched=searched,
    )  # fmt: skip


_COUNTS = ("ties", "weak", "signed", "undated_signed", "refuted", "open_leads")
_HEADERS = {
    "en": ("province", "ties", "weak", "signed", "undated signed", "refuted", "open leads",
           "last searched"),
    "id": ("provinsi", "ikatan", "lemah", "ditandatangani", "ditandatangani tanpa tanggal",
           "dibantah", "petunjuk terbuka", "terakhir dicari"),
}  # fmt: skip


def render(rows: list[ProvinceCoverage], fmt: str = "text", lang: str = "en") -> str:
    """*rows* as an aligned ``text`` table, a Markdown table (``md``) or ``json``."""
    if fmt == "json":
        return json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=1)
    cells = [
        [r.province, *(str(getattr(r, k)) for k in _COUNTS), r.last_searched or "-"] for r in rows
    ]
    head = list(_HEADERS[lang])
    if fmt == "md":
        lines = ["| " + " | ".join(head) + " |", "|---" + "|---:" * len(_COUNTS) + "|---|"]
        lines += ["| " + " | ".join(c) + " |" for c in cells]
        return "\n".join(lines)
    widths = [max(len(x[i]) for x in [head, *cells]) for i in range(len(head))]
    fit = [head, *cells]
    return "\n".join(
        "  ".join(c.ljust(w) if i in (0, len(row) - 1) else c.rjust(w)
                  for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip()
        for row in fit
    )  # fmt: skip
