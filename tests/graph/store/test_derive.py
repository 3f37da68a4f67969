"""The derivation rules of ``ontology/rules``: types, signing years, regimes, security links."""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kembar.graph.store import DERIVED_GRAPH, KembarStore, derive_for, named, stats
from kembar.graph.validation.rulebook import rulebook
from kembar.ontology import ONTOLOGY_TTL, ids
from kembar.ontology.namespace import KMB
from rdflib import RDF, XSD

from tests.facts import AGREEMENTS

ONTOLOGY = tuple(ox.parse(ONTOLOGY_TTL.read_bytes(), format=ox.RdfFormat.TURTLE))
NEW = ox.NamedNode(str(ids.agreement("test-new")))


def _derived(*statements: tuple[object, object, object]) -> set[tuple[str, str, str]]:
    """What the rules derive for a new sister-city agreement with *statements*."""
    triples = [ox.Triple(NEW, named(RDF.type), named(KMB.SisterCityAgreement))]
    triples += [ox.Triple(s, p, o) for s, p, o in statements]  # type: ignore[arg-type]
    return {
        (str(t.subject), str(t.predicate), str(t.object)) for t in derive_for(ONTOLOGY, triples)
    }


def _on(value: str, datatype: object) -> tuple[object, object, object]:
    return (NEW, named(KMB.signedOn), ox.Literal(value, datatype=named(datatype)))


def _regime(found: set[tuple[str, str, str]]) -> str:
    (regime,) = {o for s, p, o in found if p == str(named(KMB.signedUnderRegime))}
    return regime.strip("<>").rsplit("#", 1)[-1]


def test_every_agreement_is_a_kmb_agreement_as_stats_counts_them(store: KembarStore) -> None:
    (row,) = store.select("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a kmb:Agreement }")
    assert int(row["n"]) == stats(store).agreements == AGREEMENTS
    # and the other superclasses: a city government is an actor and a PROV agent
    assert store.ask("ASK { idr:kota-bandung a kmb:Actor , kmb:StateActor , prov:Agent }")


def test_the_derived_graph_holds_only_what_the_rules_say(store: KembarStore) -> None:
    graph = named(ids.graph_iri(DERIVED_GRAPH))
    assert store.ask(
        f"ASK {{ GRAPH {graph} {{ agreement:bandung-braunschweig a kmb:Agreement }} }}"
    )
    assert not store.ask(f"ASK {{ GRAPH {graph} {{ ?a kmb:party ?p }} }}")  # asserted, not derived


def test_a_rebuild_reads_asserted_statements_only(fresh_store: KembarStore) -> None:
    before = len(fresh_store)
    stray = ox.Quad(NEW, named(RDF.type), named(KMB.Agreement), named(ids.graph_iri(DERIVED_GRAPH)))
    fresh_store.add([stray])
    fresh_store.derive()
    assert len(fresh_store) == before  # the stray statement did not feed itself back
    assert not fresh_store.ask("ASK { ?a a kmb:Agreement }", a=NEW)


@pytest.mark.parametrize(
    ("agreement", "precision", "year", "regime"),
    [
        ("bandung-braunschweig", XSD.date, 1960, "RegimePre1993"),
        ("manado-liverpool", XSD.gYearMonth, 2012, "RegimePMDN3of2008"),
        ("surabaya-xiamen", XSD.gYear, 2006, "RegimeSE1993"),  # inside one regime
        ("jakarta-arkansas", XSD.gYear, 1993, "RegimeUnknown"),  # 1993 straddles two regimes
    ],
)
def test_dated_agreements_get_their_year_and_regime(
    store: KembarStore, agreement: str, precision: str, year: int, regime: str
) -> None:
    (row,) = store.select(
        "SELECT ?a ?year ?regime (DATATYPE(?on) AS ?precision) "
        "WHERE { ?a kmb:signedOn ?on ; kmb:signingYear ?year ; kmb:signedUnderRegime ?regime }",
        {"a": named(ids.agreement(agreement))},
    )
    # each case keeps the precision it stands for (a fact table edit may give a day)
    assert row["precision"] == str(precision)
    assert int(row["year"]) == year and row["regime"] == str(KMB[regime])


def test_an_undated_agreement_has_no_year_and_an_unknown_regime(store: KembarStore) -> None:
    (row,) = store.select(
        "SELECT (COUNT(*) AS ?n) WHERE { ?a a kmb:Agreement FILTER NOT EXISTS { ?a kmb:signedOn ?d } "
        "FILTER NOT EXISTS { ?a kmb:signedUnderRegime kmb:RegimeUnknown } }"
    )
    assert row["n"] == "0"
    assert not store.ask("ASK { ?a kmb:signingYear ?y FILTER NOT EXISTS { ?a kmb:signedOn ?d } }")


@pytest.mark.parametrize(
    ("value", "datatype", "regime"),
    [
        ("2018-07", XSD.gYearMonth, "RegimeUnknown"),  # 12 and 13 July 2018
        ("2018-08", XSD.gYearMonth, "RegimePP28of2018"),
        ("2007-12", XSD.gYearMonth, "RegimeSE1993"),  # ends on its last day
        ("2008", XSD.gYear, "RegimePMDN3of2008"),
        ("1993-04", XSD.gYearMonth, "RegimeUnknown"),  # the circular came on 26 April
        ("1993-04-26", XSD.date, "RegimeSE1993"),
        ("2020-05-22", XSD.date, "RegimePP28of2018PMDN25of2020"),
    ],
)
def test_a_coarse_date_gets_a_regime_only_when_it_fits_in_one(
    value: str, datatype: object, regime: str
) -> None:
    assert _regime(_derived(_on(value, datatype))) == regime


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_the_regime_rule_agrees_with_the_validator(day: dt.date) -> None:
    expected = rulebook().regime(day).iri
    assert _regime(_derived(_on(day.isoformat(), XSD.date))) == str(expected).rsplit("#", 1)[-1]


def test_a_leap_day_month_is_read_to_its_end() -> None:
    assert _regime(_derived(_on("2000-02", XSD.gYearMonth))) == "RegimeSE1993"


def test_fields_bring_sectors_dimensions_and_threats_with_their_source(store: KembarStore) -> None:
    # every agreement with a field has a sector and a dimension
    assert not store.ask(
        "ASK { ?a kmb:cooperationField ?f FILTER NOT EXISTS { ?a kmb:addressesSector ?s } }"
    )
    assert not store.ask(
        "ASK { ?a kmb:cooperationField ?f FILTER NOT EXISTS { ?a kmb:servesDimension ?s } }"
    )
    # Ambon-Vlissingen works on health: health security and infectious disease, via that field
    assert store.ask(
        """ASK { agreement:ambon-vlissingen kmb:servesDimension kmb:HealthSecurity ;
            kmb:addressesThreat kmb:InfectiousDisease ;
            kmb:securityLink [ kmb:linkProperty kmb:servesDimension ;
                kmb:linkTarget kmb:HealthSecurity ; kmb:viaField kmb:FieldHealth ;
                kmb:derivedBy kmb:FieldSecurityRule ] }"""
    )


def test_a_catch_all_field_maps_to_nothing_and_says_so() -> None:
    found = _derived((NEW, named(KMB.cooperationField), named(KMB.FieldOtherLawful)))
    assert not {p for s, p, o in found if p == str(named(KMB.addressesSector))}
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in ONTOLOGY)
    basis = {str(r["b"]) for r in store.query(
        "SELECT ?b WHERE { <%s> <%s> ?b }" % (KMB.FieldOtherLawful, KMB.mappingBasis))}  # fmt: skip
    assert basis == {str(named(KMB.NotMappedBasis))}


def test_every_field_has_a_basis_and_a_note_in_both_languages() -> None:
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in ONTOLOGY)
    missing = list(store.query(
        "SELECT ?f WHERE { ?f a <%s> FILTER NOT EXISTS { ?f <%s> ?b } }"
        % (KMB.CooperationField, KMB.mappingBasis)))  # fmt: skip
    assert missing == []
    for language in ("en", "id"):
        unexplained = list(store.query(
            """SELECT ?f WHERE { ?f a <%s> FILTER NOT EXISTS {
               ?f <http://www.w3.org/2004/02/skos/core#scopeNote> ?n FILTER(LANG(?n) = "%s") } }"""
            % (KMB.CooperationField, language)))  # fmt: skip
        assert unexplained == [], language


def test_assessments_feed_the_same_links_with_their_own_provenance(store: KembarStore) -> None:
    assert store.ask(
        """ASK { agreement:banda-aceh-higashimatsushima kmb:addressesThreat kmb:NaturalDisaster ;
            kmb:securityLink [ kmb:linkTarget kmb:NaturalDisaster ; kmb:viaAssessment ?as ;
                kmb:derivedBy kmb:AssessmentThreatRule ] .
            ?as kmb:assesses agreement:banda-aceh-higashimatsushima }"""
    )
    assessment = ox.NamedNode(str(ids.instance("assessment/test")))
    found = _derived(
        (assessment, named(KMB.assesses), NEW),
        (assessment, named(KMB.threatRaised), named(KMB.HumanTrafficking)),
        (assessment, named(KMB.threatAddressed), named(KMB.InfectiousDisease)),
    )
    pairs = {(p, o) for s, p, o in found if s == str(NEW)}
    assert (str(named(KMB.raisesThreat)), str(named(KMB.HumanTrafficking))) in pairs
    assert (str(named(KMB.addressesSector)), str(named(KMB.SocietalSector))) in pairs
    assert (str(named(KMB.servesDimension)), str(named(KMB.HealthSecurity))) in pairs
    assert (str(named(KMB.addressesThreat)), str(named(KMB.HumanTrafficking))) not in pairs


def test_every_actor_has_exactly_one_level_and_every_level_is_used(store: KembarStore) -> None:
    assert not store.ask("ASK { ?x a kmb:Actor FILTER NOT EXISTS { ?x kmb:analysisLevel ?l } }")
    assert not store.ask("ASK { ?x kmb:analysisLevel ?a , ?b FILTER (?a != ?b) }")
    used = {r["l"] for r in store.select("SELECT DISTINCT ?l WHERE { ?x kmb:analysisLevel ?l }")}
    assert used == {str(KMB[n]) for n in
                    ("InternationalSystem", "InternationalSubsystem", "Unit", "Subunit", "Individual")}  # fmt: skip
    assert store.ask(
        "ASK { agreement:surabaya-busan kmb:signatory ?p . ?p kmb:analysisLevel kmb:Individual ; "
        "kmb:signedFor idr:kota-surabaya ; dct:source ?page . ?page kmb:pageStates ?what }"
    )
