"""``kembar data check``: per province, what the fact table holds and how firmly."""

from __future__ import annotations

import json

import pytest
from kembar.api.cli import main
from kembar.graph.ingest.coverage import coverage, signed, undated
from kembar.graph.ingest.curated import PROVINCES, support, ties


def test_every_province_has_a_line_and_the_totals_add_up() -> None:
    rows = coverage()
    assert [r.slug for r in rows[:-1]] == [slug for slug, *_ in PROVINCES]
    standing = [t for t in ties() if t["confidence"] != "refuted"]
    total = rows[-1]
    assert total.ties == len(standing) == sum(r.ties for r in rows[:-1])
    assert total.weak == sum(support(t) == "weak" for t in standing)
    jakarta = next(r for r in rows if r.slug == "dki-jakarta")
    assert jakarta.ties == sum(
        t["indonesian_party"]["province_slug"] == "dki-jakarta" for t in standing
    )
    assert jakarta.refuted >= 8  # the Wikidata leads that Jakarta's own list of 21 refutes


def test_every_province_was_searched_and_says_when() -> None:
    for row in coverage()[:-1]:
        assert row.last_searched >= "2026-11-30", row.province


def test_the_command_prints_the_table_in_either_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["data", "check"]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[0].split()[:3] == ["province", "ties", "weak"] and text[-1].startswith(
        "all provinces"
    )
    assert main(["data", "check", "--format", "md", "--lang", "id"]) == 0
    assert capsys.readouterr().out.startswith("| provinsi | ikatan | lemah |")
    assert main(["data", "check", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[-1]["province"] == "all provinces" and len(rows) == 39


def test_at_least_85_percent_of_signed_ties_are_dated() -> None:
    total = coverage()[-1]
    assert (total.signed - total.undated_signed) / total.signed >= 0.85


def test_every_undated_signed_tie_lists_the_searches_that_failed() -> None:
    for tie in ties():
        if tie["confidence"] != "refuted" and signed(tie) and undated(tie):
            searches = tie.get("date_searches") or {}
            assert searches.get("on") and len(searches.get("queries") or []) >= 1, tie["id"]


def test_every_weak_tie_lists_the_searches_for_a_second_source() -> None:
    for tie in ties():
        if tie["confidence"] != "refuted" and support(tie) == "weak":
            searches = tie.get("support_searches") or {}
            assert searches.get("on") and len(searches.get("queries") or []) >= 1, tie["id"]
