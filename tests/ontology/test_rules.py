"""The derivation rules (``ontology/rules``) against the ontology they read."""

from __future__ import annotations

from kembar.graph.store import KembarStore

_CHAIN = "SELECT ?a WHERE { GRAPH kg:ontology { ?a %s ?b } } LIMIT 1"


def test_no_subclass_chain_is_longer_than_the_type_rule_follows() -> None:
    """The type rule follows rdfs:subClassOf for one to six steps (a union, since Virtuoso
    refuses an unbounded path with both ends free): no chain of the ontology is longer."""
    store = KembarStore()
    assert store.select(_CHAIN % "/".join(["rdfs:subClassOf"] * 7)) == []
    assert store.select(_CHAIN % "/".join(["rdfs:subClassOf"] * 3))  # the deepest today
