"""``kembar export quickstatements``: P190 in both directions for confirmed, signed twinnings
whose parties have items and that Wikidata's snapshot lacks; never for refuted, proposal-only
or Wikipedia-only ties; and the snapshot's statements that refuted ties contradict."""

from __future__ import annotations

from pathlib import Path

import pytest
from kembar.api.cli import main
from kembar.graph.ingest.links import p190_snapshot
from kembar.graph.release import load
from kembar.graph.release.quickstatements import quickstatements
from kembar.graph.store import KembarStore

#: A release is built from the whole store: seconds, so not in `make check`.
pytestmark = pytest.mark.slow


def test_lines_only_for_what_sources_confirm(store: KembarStore, shared: Path) -> None:
    snapshot = shared / "data" / "wikidata"
    found = quickstatements(store, snapshot)
    statements, _ = p190_snapshot(snapshot)
    ties = load("ties").set_index("tie_id")
    assert found.lines, "some confirmed twinnings are missing from the 2016 snapshot"
    pairs = {}
    for line in found.lines:
        cells = line.split("\t")
        subject, prop, value = cells[:3]
        assert prop == "P190" and (subject, value) not in statements
        assert cells[cells.index("S854") + 1].startswith('"http')
        assert "wikipedia.org" not in line
        pairs[frozenset((subject, value))] = cells
    for tie_id in found.ties:
        tie = ties.loc[tie_id]
        assert tie["confidence"] in ("official", "news") and tie["agreement"]
        assert tie["kind"] in ("sister_city", "sister_province", "friendship")
        assert frozenset((tie["party_wikidata"], tie["partner_wikidata"])) in pairs
    proposals = ties[~ties["agreement"].astype(bool) | ties["confidence"].eq("wikipedia_only")]
    assert not set(proposals.index) & set(found.ties)
    # the start time at the precision known: Bantul-Commewijne, September 2014 (month: 10)
    assert any("P580\t+2014-09-01T00:00:00Z/10" in line for line in found.lines)


def test_the_snapshot_contradicted_by_a_refuted_tie(store: KembarStore, shared: Path) -> None:
    found = quickstatements(store, shared / "data" / "wikidata")
    bari = {r["tie"].rsplit("/", 1)[1]: r for r in found.contradicted}["bandung-bari"]
    assert bari["statements"] == "Q10389 P190 Q3519; Q3519 P190 Q10389"
    assert "2013 list" in bari["because"]


def test_the_command(shared: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, report = tmp_path / "qs.txt", tmp_path / "refuted.tsv"
    assert main(["export", "quickstatements", "--snapshot", str(shared / "data" / "wikidata"),
                 "-o", str(out), "--report", str(report)]) == 0  # fmt: skip
    assert out.read_text(encoding="utf-8").count("\tP190\t") >= 2
    assert "bandung-bari" in report.read_text(encoding="utf-8")
    assert "statements for" in capsys.readouterr().err
    assert main(["export", "quickstatements"]) == 2
    assert "--snapshot" in capsys.readouterr().err
    assert main(["export", "quickstatements", "--snapshot", str(tmp_path)]) == 2
    assert "no P190 snapshot there" in capsys.readouterr().err


def test_link_coverage_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--links"]) == 0
    rows = {line.split()[0]: line.split()[1:] for line in capsys.readouterr().out.splitlines()[1:]}
    kota = str(
        sum(
            1
            for r in KembarStore().select(
                "SELECT DISTINCT ?r WHERE { ?r kmb:country country:id ; kmb:adminLevel kmb:Kota }"
            )
        )
    )
    assert rows["kota"] == [kota, kota, kota, kota]  # every kota linked: Wikidata, GeoNames, codes
    assert int(rows["foreign"][1]) > 0 and int(rows["countries"][1]) > 190
