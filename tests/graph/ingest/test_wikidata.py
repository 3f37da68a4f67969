"""Importing Wikidata's twinning (SPARQL JSON results) and reconciling it with the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kembar.api.cli import main
from kembar.graph.errors import ImportDataError
from kembar.graph.ingest.csv_import import HEADER, import_csv
from kembar.graph.ingest.wikidata import import_wikidata
from kembar.graph.store import KembarStore
from kembar.ontology import ids

FIXTURE = Path(__file__).parent / "fixtures" / "wikidata-twins.json"
SPRINGFIELDS = (
    f"{HEADER}\n"
    "Springfield,United States,39.7817,-89.6501,Braunschweig,Germany,,\n"
    "Springfield,United States,42.1015,-72.5898,Braunschweig,Germany,,\n"
)


@pytest.fixture
def store(tmp_path: Path) -> KembarStore:
    """The curated graph plus two Springfields (Illinois, Massachusetts) from a CSV."""
    fresh = KembarStore()
    (tmp_path / "springs.csv").write_text(SPRINGFIELDS, encoding="utf-8")
    import_csv(fresh, tmp_path / "springs.csv", "springs")
    return fresh


def test_places_are_matched_created_or_listed_as_ambiguous(store: KembarStore) -> None:
    report = import_wikidata(store, FIXTURE)
    assert (report.statements, report.pairs) == (10, 8)
    # the curated regions carry their Wikidata items (skos:exactMatch): matched by QID first
    assert (report.matched_by_qid, report.matched_by_name, report.created) == (5, 5, 2)
    assert report.already_known == 3  # Bandung-Braunschweig, Surabaya-Busan, Jakarta-Berlin
    assert report.agreements_added == 5 and report.skipped_ambiguous == 1
    assert report.ambiguous == {
        "Q28515 Springfield (US)": [
            str(ids.region("us", "springfield")),
            str(ids.region("us", "springfield-2")),
        ]
    }
    # curated places gain their QID; the Massachusetts Springfield is told apart by distance
    assert store.ask(f"ASK {{ <{ids.region('id', 'kota-bandung')}> skos:exactMatch wd:Q10389 }}")
    assert store.ask(f"ASK {{ <{ids.region('us', 'springfield-2')}> skos:exactMatch wd:Q49158 }}")
    assert not store.ask("ASK { ?x skos:exactMatch wd:Q28515 }")


def test_ties_carry_dates_sources_and_new_places(store: KembarStore) -> None:
    import_wikidata(store, FIXTURE)
    moscow, berlin = ids.region("ru", "moscow"), ids.region("de", "berlin")
    rows = store.select(
        f"SELECT ?signed ?source WHERE {{ ?a kmb:party <{moscow}> , <{berlin}> ; "
        f"kmb:signedOn ?signed ; dct:source ?source ; prov:wasDerivedFrom wd:Q649 }}"
    )
    assert rows == [{"signed": "1991-01-01", "source": str(ids.source("wikidata"))}]
    lviv = ids.region("ua", "lviv")
    assert store.ask(f'ASK {{ <{lviv}> rdfs:label "Lviv"@en ; skos:exactMatch wd:Q36036 ; '
                     f"kmb:country country:ua ; geo:lat ?lat }}")  # fmt: skip
    assert store.ask(f"ASK {{ <{lviv}> kmb:twinnedWith <{ids.region('pl', 'wroclaw')}> }}")
    ended = store.select(
        "SELECT ?end WHERE { ?a prov:wasDerivedFrom wd:Q49158 ; kmb:endedOn ?end }"
    )
    assert ended == [{"end": "2020-06-30"}]
    # the curated Bandung-Braunschweig agreement is not duplicated
    deals = store.select(
        f"SELECT ?a WHERE {{ ?a kmb:party <{ids.region('id', 'kota-bandung')}> , "
        f"<{ids.region('de', 'braunschweig')}> }}"
    )
    assert deals == [{"a": str(ids.agreement("bandung-braunschweig"))}]


def test_a_second_import_matches_by_qid(store: KembarStore) -> None:
    import_wikidata(store, FIXTURE, "first")
    again = import_wikidata(store, FIXTURE, "second")
    assert (again.matched_by_qid, again.matched_by_name, again.created) == (12, 0, 0)
    assert again.agreements_added == 0 and again.already_known == 8


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda b: b[3]["twin"].update(value="http://example.org/Q1"), "results.bindings[3].twin"),
        (lambda b: b[0].pop("cityCountry"), "results.bindings[0].cityCountry"),
        (lambda b: b[2]["cityCoord"].update(value="Point(400 7)"), "results.bindings[2].cityCoord"),
        (lambda b: b[1]["start"].update(value="yesterday"), "results.bindings[1].start"),
    ],
)
def test_bad_rows_are_named_and_nothing_is_written(
    store: KembarStore, tmp_path: Path, change: object, where: str
) -> None:
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    change(document["results"]["bindings"])  # type: ignore[operator]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    before = len(store)
    with pytest.raises(ImportDataError) as exc:
        import_wikidata(store, bad)
    assert where in str(exc.value) and len(store) == before


def test_the_import_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "store"
    assert main(["import", "wikidata", str(FIXTURE), "--store", str(target)]) == 0
    out = capsys.readouterr().out
    assert "matched by QID 5, by name, country and distance 4, created 4" in out
    assert "ambiguous places 0" in out
    (tmp_path / "x.json").write_text("[]")
    assert main(["import", "wikidata", str(tmp_path / "x.json"), "--store", str(target)]) == 2
    assert "results.bindings: missing" in capsys.readouterr().err
