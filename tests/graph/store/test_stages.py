"""How far ties got (kmb:furthestStage), counted one way everywhere: ``kembar stats``, the
home and explore pages, VoID; "agreements" are the ties that reached a signed document."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import yaml
from kembar.data import TIES_YAML
from kembar.graph.analytics.views import explore_view
from kembar.graph.linkeddata.pages import home_view
from kembar.graph.linkeddata.void import void_description
from kembar.graph.release import load
from kembar.graph.store import KembarStore
from kembar.graph.store.stats import SIGNED, STAGE_ORDER, stage_counts, stats
from kembar.ontology import ids

#: How far a step goes, for the test's own reading of the fact table.
RANK = {"proposed": 0, "letter_of_intent": 1, "mou_signed": 2, "agreement_signed": 3, "renewed": 4}


def test_proposals_are_not_counted_as_agreements(store: KembarStore) -> None:
    ties = [
        t
        for t in yaml.safe_load(TIES_YAML.read_text(encoding="utf-8"))
        if t["confidence"] != "refuted"
    ]
    signed = proposed = 0
    for tie in ties:
        steps = [RANK[s["stage"]] for s in tie.get("stages") or [] if s["stage"] in RANK]
        status = tie["status"]["value"]
        if (steps and max(steps) > 0) or status in {
            "letter_of_intent",
            "mou_signed",
            "active",
            "dormant",
            "expired",
            "renewed",
        }:
            signed += 1
        elif steps or status in {"proposed", "exploration", "in_process", "stalled"}:
            proposed += 1
    counts = stage_counts(store)
    assert counts["ties"] == len(ties)
    assert counts["proposed"] == proposed and counts["agreements"] >= signed
    assert counts["agreements"] == sum(counts[s] for s in SIGNED)
    assert counts["agreements"] + counts["proposed"] + counts["unknown"] == counts["ties"]


@pytest.mark.slow  # every door on the whole table, 4 s: make test
def test_every_door_counts_stages_alike(store: KembarStore) -> None:
    counts = stage_counts(store)
    assert stats(store).stages == counts
    home = home_view(store, "en")["counts"]
    assert (home["ties"], home["agreements"], home["proposed"]) == (
        counts["ties"], counts["agreements"], counts["proposed"])  # fmt: skip
    explore = explore_view(store, "en")
    assert explore["stages"] == {s: counts[s] for s in STAGE_ORDER}
    assert (explore["ties"], explore["agreements"]) == (counts["ties"], counts["agreements"])
    void = {(t.subject.value, t.predicate.value): t.object.value
            for t in void_description(store, "http://x") if isinstance(t.object, ox.Literal)}  # fmt: skip
    for stage, n in counts.items():
        assert void[(f"{ids.DATASET}#ties-{stage}", "http://rdfs.org/ns/void#entities")] == str(n)
    ties = load("ties")  # the tables: a stage per row, unknown left empty
    by_stage = ties["furthest_stage"].value_counts(dropna=False)
    assert {s: int(by_stage.get(s, 0)) for s in STAGE_ORDER if s != "unknown"} == {
        s: counts[s] for s in STAGE_ORDER if s != "unknown"}  # fmt: skip
    assert int(ties["furthest_stage"].isna().sum()) == counts["unknown"]
    assert (len(ties), int(ties["agreement"].sum())) == (counts["ties"], counts["agreements"])
    ended = ties[ties["agreement"] & ties["status"].eq("ended")]
    assert len(ended) == counts["ended"]


def test_a_renewed_tie_reached_renewal(store: KembarStore) -> None:
    found = store.select(
        "SELECT ?a WHERE { ?a kmb:stage/kmb:stageKind kmb:StageRenewed ; kmb:furthestStage ?s "
        "FILTER (?s != kmb:StageRenewed) }"
    )
    assert found == []
