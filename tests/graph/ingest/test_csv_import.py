"""CSV import: duplicates merged, places reconciled, all or nothing on bad rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from kembar.graph.errors import ImportDataError
from kembar.graph.ingest.csv_import import HEADER, import_csv
from kembar.graph.store import KembarStore

KID = "https://w3id.org/kembar/id/"
ROWS = [
    "Bandung,Indonesia,-6.9218,107.6071,Braunschweig,Germany,52.2667,10.5167",
    "Springfield,United States,39.80,-89.64,Tarnów,Poland,50.01,20.98",
    "Tarnów,Poland,50.01,20.98,Springfield,United States,39.80,-89.64",
    "Springfield,United States,42.10,-72.59,Tarnów,Poland,50.01,20.98",
    "Liverpool,England,53.41,-2.98,Köln,Germany,50.94,6.96",
    'Rostock,Germany,54.08,12.13,"Varna, Bulgaria",,43.22,27.92',
]


def _write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "pairs.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_import_merges_and_reconciles(fresh_store: KembarStore, tmp_path: Path) -> None:
    report = import_csv(fresh_store, _write(tmp_path, ROWS), "test")
    assert report.rows == 6
    assert report.duplicate_rows == 1  # Tarnów-Springfield listed both ways
    assert report.already_known == 1  # Bandung-Braunschweig is curated
    assert report.agreements_added == 4
    assert report.repaired_rows == 1  # Varna's country was inside the city cell
    # Two Springfields 300 km apart are two places with distinct IRIs.
    assert fresh_store.ask(f"ASK {{ <{KID}region/us/springfield> a kmb:LocalGovernment }}")
    assert fresh_store.ask(f"ASK {{ <{KID}region/us/springfield-2> a kmb:LocalGovernment }}")
    # England is resolved to the United Kingdom; Varna to Bulgaria.
    assert fresh_store.ask(
        f"ASK {{ GRAPH ?g {{ <{KID}region/gb/liverpool> kmb:twinnedWith ?x }} }}"
    )
    assert fresh_store.ask(
        f"ASK {{ <{KID}region/bg/varna> kmb:twinnedWith <{KID}region/de/rostock> }}"
    )
    # The curated Kota Bandung was reused, not duplicated.
    assert not fresh_store.ask(f"ASK {{ <{KID}region/id/bandung> ?p ?o }}")
    assert fresh_store.ask(
        "ASK { GRAPH <https://w3id.org/kembar/graph/import/test> "
        "{ ?a kmb:party ?p ; dct:source src:wikipedia-twin-towns } }"
    )


def test_reimport_replaces_the_graph(fresh_store: KembarStore, tmp_path: Path) -> None:
    first = import_csv(fresh_store, _write(tmp_path, ROWS), "test")
    second = import_csv(fresh_store, _write(tmp_path, ROWS[:2]), "test")
    assert second.agreements_added == 1
    assert first.triples > second.triples
    assert not fresh_store.ask(f"ASK {{ <{KID}region/de/koln> ?p ?o }}")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("Oslo,Norway,59.9,10.7,Gdańsk,Poland", "line 3: expected 8 columns"),
        ("Oslo,Norway,north,10.7,Gdańsk,Poland,54.3,18.6", "line 3: lat1 'north' is not a number"),
        (",Norway,59.9,10.7,Gdańsk,Poland,54.3,18.6", "line 3: city1 is empty"),
        ("Oslo,Norway,59.9,10.7,Gdańsk,Poland,54.3,218.6", "line 3: lng2 218.6 is outside"),
    ],
)
def test_a_bad_row_imports_nothing(
    fresh_store: KembarStore, tmp_path: Path, bad: str, message: str
) -> None:
    before = len(fresh_store)
    with pytest.raises(ImportDataError, match=message):
        import_csv(fresh_store, _write(tmp_path, [ROWS[1], bad]), "test")
    assert len(fresh_store) == before


def test_wrong_header_is_refused(fresh_store: KembarStore, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportDataError, match="line 1: expected the header"):
        import_csv(fresh_store, path)
