"""The command line: answers, exit codes and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kembar.api.cli import main

from tests.facts import AGREEMENTS

KID = "https://w3id.org/kembar/id/"


def test_stats(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert (
        f"ties: {AGREEMENTS}" in out
        and "agreements (ties that reached a signed document): " in out
        and "Indonesian provinces: 38" in out
        and "rules: 55" in out
    )


def test_stats_law_prints_each_instruments_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    from kembar.graph.linkeddata.law import coverage
    from kembar.graph.store import KembarStore

    assert main(["stats", "--law"]) == 0
    out = capsys.readouterr().out
    for row in coverage(KembarStore()):
        line = next(x for x in out.splitlines() if x.startswith(row["label"]))
        assert line.split()[-4:] == [
            str(row["listed"]),
            str(row["checked"]),
            str(row["not_checkable"]),
            "0",
        ]
    assert "rules without a provision: R19" in out and "R43 (Praktik" in out


def test_query_json(capsys: pytest.CaptureFixture[str]) -> None:
    q = "SELECT ?d WHERE { agreement:bandung-braunschweig kmb:signedOn ?d }"
    assert main(["query", "--format", "json", q]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["results"]["bindings"][0]["d"]["value"] == "1960-05-24"


def test_query_from_file_as_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "q.rq"
    f.write_text('SELECT ?id WHERE { ?r kmb:ruleId ?id FILTER (?id = "R04") }', encoding="utf-8")
    assert main(["query", "-f", str(f)]) == 0
    assert capsys.readouterr().out.splitlines()[2] == "R04"


def test_construct_as_turtle(capsys: pytest.CaptureFixture[str]) -> None:
    q = "CONSTRUCT { agreement:surabaya-busan kmb:party ?p } WHERE { agreement:surabaya-busan kmb:party ?p }"
    assert main(["query", "--format", "turtle", q]) == 0
    assert f"{KID}region/kr/busan" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["query", "SELECT * WHERE {\n ?s ?p }"], "error at 2:"),
        (["query", "--format", "yaml", "ASK {}"], "choose one of table, json"),
        (["query", "--format", "turtle", "ASK {}"], "does not fit a SELECT/ASK"),
        (["export", "--format", "docx"], "choose one of ttl, nt"),
        (["export", "--graph", "nope"], "no graph 'nope'"),
        (["stats", "--store", "/proc/kembar"], "cannot open the store"),
        (["import", "csv", "/nonexistent.csv", "--store", "{tmp}"], "cannot read /nonexistent.csv"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [a.replace("{tmp}", str(tmp_path / "store")) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2


@pytest.mark.slow
def test_export_to_file_and_persistent_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    csv_file = tmp_path / "pairs.csv"
    csv_file.write_text(
        "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"
        "Oslo,Norway,59.9,10.7,Gdańsk,Poland,54.3,18.6\n",
        encoding="utf-8",
    )
    assert main(["import", "csv", str(csv_file), "--store", str(store), "--graph", "t"]) == 0
    assert "agreements added 1" in capsys.readouterr().out
    out = tmp_path / "t.nt"
    assert (
        main(
            [
                "export",
                "--format",
                "nt",
                "--graph",
                "import/t",
                "-o",
                str(out),
                "--store",
                str(store),
            ]
        )
        == 0
    )
    assert f"<{KID}region/no/oslo>" in out.read_text(encoding="utf-8")
    assert main(["stats", "--store", str(store)]) == 0
    assert "graph/import/t" in capsys.readouterr().out
