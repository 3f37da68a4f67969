"""CSV import: duplicates merged, places reconciled, all or nothing on bad rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from kembar.graph.errors import ImportDataError
from kembar.graph.ingest.csv_import import HEADER, import_csv
from kembar.graph.store import KembarStore, named
from kembar.ontology import ids

KID = "https://w3id.org/kembar/id/"
ROWS = [
    "Bandung,Indonesia,-6.9218,107.6071,Braunschweig,Germany,52.2667,10.5167",
    "Springfield,United States,39.80,-89.64,Tarnów,Poland,50.01,20.98",
    "Tarnów,Poland,50.01,20.98,Springfield,United States,39.80,-89.64",
    "Springfield,United States,42.10,-72.59,Tarnów,Poland,50.01,20.98",
    "Liverpool,England,53.41,-2.98,Köln,Germany,50.94,6.96",
    'Rostock,Germany,54.08,12.13,"Varna, Bulgaria",,43.22,27.92',
]


LYON_PORTO = "Lyon,France,45.76,4.83,Porto,Portugal,41.15,-8.61"


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
def test_a_bad_row_is_set_aside_and_the_rest_imported(
    fresh_store: KembarStore, tmp_path: Path, bad: str, message: str
) -> None:
    report = import_csv(fresh_store, _write(tmp_path, [ROWS[1], bad, LYON_PORTO]), "test")
    assert report.rows == 3 and report.malformed_rows == 1 and report.agreements_added == 2
    assert [line for line, _ in report.set_aside] == [3] and message in report.set_aside[0][1]
    assert sum(report.buckets.values()) == report.rows


@pytest.mark.parametrize(("bad", "message"), [
    ("Oslo,Norway,59.9,10.7,Gdańsk,Poland", "line 3: expected 8 columns"),
    (",Norway,59.9,10.7,Gdańsk,Poland,54.3,18.6", "line 3: city1 is empty"),
])  # fmt: skip
def test_a_bad_row_imports_nothing_when_strict(
    fresh_store: KembarStore, tmp_path: Path, bad: str, message: str
) -> None:
    before = len(fresh_store)
    with pytest.raises(ImportDataError, match=f"1 malformed rows, nothing imported: {message}"):
        import_csv(fresh_store, _write(tmp_path, [ROWS[1], bad]), "test", strict=True)
    assert len(fresh_store) == before


def test_every_bad_row_is_named(fresh_store: KembarStore, tmp_path: Path) -> None:
    rows = [LYON_PORTO, "Oslo,Norway,x,,A,Norway,,", "B,Norway,,", ROWS[1], ",Norway,,,C,Norway,,"]
    report = import_csv(fresh_store, _write(tmp_path, rows), "test")
    assert [line for line, _ in report.set_aside] == [3, 4, 6]
    assert report.agreements_added == 2 and report.buckets["malformed"] == 3
    labels = fresh_store.select(
        "SELECT ?g ?l (LANG(?l) AS ?lang) WHERE { GRAPH ?g { ?p a kmb:LocalGovernment ; rdfs:label ?l } }",
        {"g": named(ids.graph_iri("import/test"))},
    )
    assert {r["l"] for r in labels} >= {"Lyon", "Porto", "Springfield", "Tarnów"}
    assert {r["lang"] for r in labels} == {"en"}  # the cookbook's English filters find them


def test_wrong_header_is_refused(fresh_store: KembarStore, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportDataError, match="line 1: expected the header"):
        import_csv(fresh_store, path)


def test_every_row_lands_in_exactly_one_bucket(fresh_store: KembarStore, tmp_path: Path) -> None:
    rows = [
        "Springfield,United States,39.78,-89.65,Lyon,France,45.76,4.83",  # 2: added
        "Lyon,France,45.76,4.83,Springfield,United States,39.78,-89.65",  # 3: duplicate (reversed)
        "Springfield,United States,42.10,-72.59,Turin,Italy,45.07,7.69",  # 4: a second Springfield, far
        "Springfield,United States,,,Milan,Italy,45.46,9.19",  # 5: no point, two candidates
        "Nienburg,Germany,52.64,9.21,Nienburg,Germany,52.64,9.21",  # 6: the same place twice
        "Atlantis,Nowhereland,1,1,Lyon,France,45.76,4.83",  # 7: country not recognised
        "Lyon,France,45.75,4.85,Porto,Portugal,41.15,-8.61",  # 8: Lyon again, 2 km off: merged
        "Braga,Portugal,,,Porto,Portugal,41.15,-8.61",  # 9: added
        "Braga,Portugal,41.55,-8.42,Lyon,France,45.76,4.83",  # 10: Braga, the only candidate
        "Bandung,Indonesia,-6.92,107.61,Braunschweig,Germany,52.27,10.52",  # 11: in the store
    ]
    report = import_csv(fresh_store, _write(tmp_path, rows))
    assert report.rows == 10 == sum(report.buckets.values())
    assert report.buckets == {
        "agreements added": 6, "already in the store": 1, "duplicates merged": 1,
        "both sides the same place": 1, "a country not recognised": 1, "malformed": 0,
    }  # fmt: skip
    assert [line for line, _ in report.set_aside] == [6, 7]
    assert "Nowhereland" in report.set_aside[1][1]
    assert report.merged_by_distance == 1  # Lyon 2 km apart
    assert report.merged_sole_candidate == 1  # Braga with and without a point
    assert report.kept_apart_ambiguous == 1  # the third Springfield has no point
    springfields = fresh_store.select(
        'SELECT ?p WHERE { ?p rdfs:label "Springfield"@en ; kmb:country country:us }'
    )
    assert len(springfields) == 3


@pytest.mark.slow
def test_the_world_list_accounts_for_every_row(shared: Path, tmp_path: Path) -> None:
    pytest.importorskip("tqdm")
    store = KembarStore(tmp_path / "world")
    report = import_csv(store, shared / "data" / "twin_cities_wikipedia.csv")
    assert sum(report.buckets.values()) == report.rows == 25917
    assert report.buckets["both sides the same place"] == len(report.set_aside) == 3
