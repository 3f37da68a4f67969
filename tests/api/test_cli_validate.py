"""``kembar validate``: reports in three formats and two languages, exit codes 0/1/2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kembar.api.cli import main
from rdflib import SH, Graph

from tests.facts import AGREEMENTS

PROPOSAL = {
    "format": "kembar-agreement/1",
    "form": "sister_city",
    "indonesian_party": {"name": "Kota Surabaya", "level": "kota", "province": "Jawa Timur"},
    "foreign_party": {"name": "Kaohsiung", "country": "TW", "level": "municipal_level"},
    "dates": {"signed": "2021-03-01"},
}


def write(folder: Path, name: str, doc: object) -> str:
    path = folder / name
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc, encoding="utf-8")
    return str(path)


def test_a_violation_exits_1_with_the_json_contract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "tw.json", PROPOSAL)
    assert main(["validate", path, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["conforms"] is False and report["regime"] == "PP28-2018+PMDN25-2020"
    violations = {r["rule"] for r in report["results"] if r["severity"] == "Violation"}
    assert {"R01", "R04", "R54", "R25"} <= violations


def test_a_conforming_proposal_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = {
        **PROPOSAL,
        "foreign_party": {"name": "Busan", "country": "KR", "level": "municipal_level"},
    }
    doc["dates"] = {"loi_signed": "1994-01-10"}  # a 1994 letter of intent: the 1993 circular
    path = write(tmp_path, "busan.json", doc)
    assert main(["validate", path]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{path}: conforms") and "SE1993" in out


def test_text_in_indonesian(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "tw.json", PROPOSAL)
    assert main(["validate", path, "--lang", "id"]) == 1
    out = capsys.readouterr().out
    assert "tidak sesuai" in out and "Pelanggaran" in out and "R04 [PP 28/2018" in out


def test_turtle_is_the_shacl_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "tw.json", PROPOSAL)
    assert main(["validate", path, "--format", "turtle"]) == 1
    graph = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert (None, SH.resultSeverity, SH.Violation) in graph


def test_several_files_one_report_each_exit_the_worst(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(
        tmp_path,
        "good.json",
        {
            **PROPOSAL,
            "foreign_party": {"name": "Busan", "country": "KR"},
            "dates": {"loi_signed": "1994-01-10"},
        },
    )
    bad = write(tmp_path, "bad.json", PROPOSAL)
    broken = write(tmp_path, "broken.json", '{"format": ')
    assert main(["validate", good, bad, "--format", "json"]) == 1
    reports = json.loads(capsys.readouterr().out)
    assert [r["source"] for r in reports] == [good, bad]
    assert [r["conforms"] for r in reports] == [True, False]
    assert main(["validate", good, bad, broken]) == 2
    captured = capsys.readouterr()
    assert f"kembar: {broken}: malformed JSON at line 1" in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({**PROPOSAL, "colour": "red"}, "colour: Extra inputs are not permitted"),
        ({**PROPOSAL, "dates": {"signed": "2021-02-30"}}, "dates.signed:"),
        ({**PROPOSAL, "fields": ["mining"]}, "fields[0]:"),
        ({**PROPOSAL, "duration_years": "5"}, "duration_years: Input should be a valid integer"),
    ],
)
def test_bad_input_exits_2_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: object, message: str
) -> None:
    path = write(tmp_path, "x.json", doc)
    assert main(["validate", path]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["validate"], "name submission files, --agreement SLUG or --all"),
        (["validate", "--all", "--format", "xml"], "choose one of text, json, turtle"),
        (["validate", "--all", "--lang", "fr"], "choose en or id"),
        (["validate", "/nonexistent.json"], "cannot read /nonexistent.json"),
        (["validate", "--agreement", "atlantis-lemuria"], "no agreement 'atlantis-lemuria'"),
    ],
)
def test_usage_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_auditing_a_stored_agreement(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--agreement", "surabaya-kaohsiung", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    violations = {
        (r["rule"], r["path"], r["value"])
        for r in report["results"]
        if r["severity"] == "Violation"
    }
    assert ("R01", "foreign_party.country", "TW") in violations
    assert ("R04", "foreign_party.country", "TW") in violations


@pytest.mark.slow
def test_auditing_the_whole_curated_graph(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--all", "--format", "json"]) == 1
    reports = json.loads(capsys.readouterr().out)
    assert len(reports) == AGREEMENTS
    by_source = {r["source"].rsplit("/", 1)[1]: r for r in reports}
    assert by_source["surabaya-kaohsiung"]["conforms"] is False
    assert by_source["singkawang-taoyuan"]["conforms"] is False
    assert by_source["bandung-braunschweig"]["regime"] == "PRE-1993"
