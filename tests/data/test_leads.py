"""The register of leads (data/leads.yaml): every 2016 Wikidata P190 pair of an Indonesian
place that the fact table lacked, each closed with an outcome it can show."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
LEADS = yaml.safe_load((ROOT / "data" / "leads.yaml").read_text(encoding="utf-8"))
TIES = {t["id"] for t in yaml.safe_load((ROOT / "data" / "ties.yaml").read_text(encoding="utf-8"))}


@pytest.mark.parametrize("lead", LEADS, ids=lambda e: f"{e['indonesian']}-{e['partner']}")
def test_every_lead_is_closed_with_what_shows_it(lead: dict[str, object]) -> None:
    outcome = lead["outcome"]
    assert outcome in {"in_table", "proposed", "refuted", "unconfirmed"}
    if outcome == "in_table":
        assert lead["tie_id"] in TIES
    elif outcome == "unconfirmed":
        assert len(lead["searches"]) >= 3  # type: ignore[arg-type]
    else:  # proposed, refuted: a page that says so, in both languages
        for source in lead["sources"]:  # type: ignore[attr-defined]
            assert source["url"].startswith("http") and source["publisher"] and source["read"]
            assert source["states"] and source["states_id"]
        assert lead["sources"]


def test_the_register_covers_the_snapshots_pairs(shared: Path) -> None:
    relations = shared / "data" / "wikidata" / "p190-2016-relations.tsv"
    statements = {
        tuple(line.split()) for line in relations.read_text(encoding="utf-8").splitlines()
    }
    for lead in LEADS:
        pair = (lead["indonesian_qid"], lead["partner_qid"])
        assert pair in statements or pair[::-1] in statements, pair
    assert len(LEADS) == 58
