"""The derivation rules (``ontology/rules``) against the ontology they read."""

from __future__ import annotations

import re

from kembar.graph.store import KembarStore
from kembar.graph.store.core import CHAIN_STEPS
from kembar.graph.store.derive import rules

#: A property (prefixed name or IRI, or a group) repeated by a path's ``*``, ``+`` or ``?``.
_PATH_REPEAT = re.compile(r"(?:[A-Za-z][\w-]*:[\w-]+|<[^>\s]*>|\))[*+?](?=[\s.;,)}])")
_WRITTEN_CHAIN = re.compile(r"rdfs:subClassOf(?:/rdfs:subClassOf)*")
_CHAIN = "SELECT ?a WHERE { GRAPH kg:ontology { ?a %s ?b } } LIMIT 1"


def test_no_subclass_chain_is_longer_than_the_type_rule_follows() -> None:
    """The rules and queries follow rdfs:subClassOf for one to six steps (a union: Virtuoso
    refuses an unbounded path with both ends free, and sometimes answers a bound one wrongly):
    no chain of the ontology is longer."""
    store = KembarStore()
    assert store.select(_CHAIN % "/".join(["rdfs:subClassOf"] * (CHAIN_STEPS + 1))) == []
    for name, text in rules():  # the rule files write their chains out to the same depth
        chains = [m.count("rdfs:subClassOf") for m in _WRITTEN_CHAIN.findall(text)]
        assert not chains or max(chains) == CHAIN_STEPS, name
    assert store.select(_CHAIN % "/".join(["rdfs:subClassOf"] * 3))  # the deepest today


def test_no_rule_uses_a_transitive_path() -> None:
    """Virtuoso 7.2 once derived 7 of the field rule's 21,772 triples through its
    ``rdfs:subClassOf*`` (ontology/rules/README.md): the rules write chains out."""
    for name, text in rules():
        query = "\n".join(line.split("#", 1)[0] for line in text.splitlines())  # no comments
        assert not _PATH_REPEAT.search(query), (name, _PATH_REPEAT.search(query))
