"""The quality rules of ontology/qc run over the whole store; an ERROR rule must find nothing."""

from __future__ import annotations

import re

import pytest
from kembar.graph.store import KembarStore
from kembar.ontology import qc_queries

RULES = qc_queries()


def _level(text: str) -> str:
    found = re.search(r"^# Level: (\w+)", text, re.MULTILINE)
    assert found, "every QC rule states its level"
    return found[1]


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_no_error_findings(store: KembarStore, rule) -> None:  # type: ignore[no-untyped-def]
    text = rule.read_text(encoding="utf-8")
    assert text.startswith("# Problem:"), "a QC rule opens with Problem / Solution"
    findings = store.select(text)
    if _level(text) == "ERROR":
        assert findings == []


def test_rules_catch_what_they_claim(fresh_store: KembarStore) -> None:
    """Add a badly documented term and a typo'd term in data: both rules fire."""
    fresh_store.store.update(
        """INSERT DATA {
             GRAPH <https://w3id.org/kembar/graph/ontology> {
               <https://w3id.org/kembar/ontology#Sketch> a <http://www.w3.org/2002/07/owl#Class> }
             GRAPH <https://w3id.org/kembar/graph/data> {
               <urn:x> <https://w3id.org/kembar/ontology#twinedWith> <urn:y> }
           }"""
    )
    by_name = {r.name: fresh_store.select(r.read_text()) for r in RULES}
    sketch = "https://w3id.org/kembar/ontology#Sketch"
    assert {f["value"] for f in by_name["missing_label.rq"] if f["entity"] == sketch} == {
        "en",
        "id",
    }
    assert any(f["entity"] == sketch for f in by_name["missing_definition.rq"])
    assert any(
        f["entity"].endswith("#twinedWith") and f["value"] == "predicate"
        for f in by_name["undeclared_term.rq"]
    )
