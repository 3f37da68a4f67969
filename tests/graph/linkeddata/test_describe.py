"""What a resource's description holds: its own triples and agreements, nobody else's."""

from __future__ import annotations

import pyoxigraph as ox
from kembar.graph.linkeddata.describe import description
from kembar.graph.linkeddata.pages import entity_view
from kembar.graph.store import KembarStore, named
from kembar.ontology import ids
from kembar.ontology.namespace import KMB


def test_a_region_is_described_with_its_agreements_only(store: KembarStore) -> None:
    yogyakarta = ids.region("id", "kota-yogyakarta")
    triples = description(store, str(yogyakarta))
    assert triples is not None
    subjects = {t.subject.value for t in triples}
    agreements = {s for s in subjects if s.startswith(str(ids.agreement("")))}
    assert agreements and str(ids.agreement("bandung-braunschweig")) not in agreements
    assert all(
        ox.Triple(ox.NamedNode(a), named(KMB.party), named(yogyakarta)) in triples
        for a in agreements
    )  # fmt: skip


def test_an_agreement_is_described_with_its_parties(store: KembarStore) -> None:
    triples = description(store, str(ids.agreement("bandung-braunschweig")))
    assert triples is not None
    labels = {t.object.value for t in triples if t.predicate.value.endswith("#label")}
    assert {"Kota Bandung", "Braunschweig"} <= labels


def test_what_the_graph_does_not_hold_is_none(store: KembarStore) -> None:
    assert description(store, str(ids.region("id", "kota-atlantis"))) is None
    assert entity_view(store, "not an iri") is None
