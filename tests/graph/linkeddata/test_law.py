"""The provisions of the law: generated from their YAML lists, every one checked by a rule or
marked with the reason none can, every rule traced to the provisions it enforces."""

from __future__ import annotations

from pathlib import Path

from kembar.data import LAW_TTL, PROVISIONS_TTL, RULES_TTL
from kembar.graph.ingest.law import REASONS, build, cite, parse_at
from kembar.graph.linkeddata.law import coverage, instrument_section, rule_section, unbased_rules
from kembar.graph.store import KembarStore
from kembar.ontology import ids
from kembar.ontology.namespace import KMB
from rdflib import Graph
from rdflib.compare import isomorphic

ROOT = Path(__file__).resolve().parents[3]
#: Rules that rest on no readable article: practice (R43, R49), and the 1993 circular's
#: unnumbered paragraphs after its points a-f (R19, R33; docs/law.md lists the searches).
WITHOUT_PROVISION = {"R19", "R33", "R43", "R49"}


def test_the_packaged_turtle_is_what_the_lists_give() -> None:
    law = Graph().parse(LAW_TTL.read_bytes(), format="turtle")
    law.parse(RULES_TTL.read_bytes(), format="turtle")
    built = build(ROOT / "data" / "provisions", law)
    packaged = Graph().parse(PROVISIONS_TTL.read_bytes(), format="turtle")
    assert isomorphic(built, packaged), "run make (or python -m kembar.graph.ingest.law)"


def test_every_listed_provision_has_a_rule_or_a_reason(store: KembarStore) -> None:
    rows = coverage(store)
    assert rows and all(r["checked"] + r["not_checkable"] == r["listed"] for r in rows)
    unexplained = store.select(
        "SELECT ?p WHERE { ?p kmb:paraphrase ?t FILTER NOT EXISTS { ?r kmb:basedOnProvision ?p } "
        "FILTER NOT EXISTS { ?p kmb:notCheckable ?why } }"
    )
    assert unexplained == []
    reasons = {
        r["why"] for r in store.select("SELECT DISTINCT ?why WHERE { ?p kmb:notCheckable ?why }")
    }
    assert reasons <= {str(v) for v in REASONS.values()}
    pp = {r["instrument"]: r for r in rows}[str(ids.law("pp-28-2018"))]
    assert pp["listed"] > 100 and pp["checked"] > 50


def test_every_rule_traces_to_a_provision_or_is_named_as_without(store: KembarStore) -> None:
    missing = dict(unbased_rules(store))
    assert set(missing) == WITHOUT_PROVISION
    # each is practice, or the 1993 circular's unnumbered paragraphs: no article of PP 28/2018
    # or Permendagri 25/2020 is cited by a rule that points at no provision
    for rule, basis in missing.items():
        assert basis.startswith(("Praktik", "SE Mendagri 193/1652/PUOD")), rule


def test_rules_point_at_the_articles_the_texts_carry(store: KembarStore) -> None:
    r41 = rule_section(store, str(ids.rule("R41")), "en")
    assert [p["label"] for p in r41["provisions"]] == ["PP 28/2018 Pasal 26 ayat (2)"]
    r47 = {p["label"] for p in rule_section(store, str(ids.rule("R47")), "id")["provisions"]}
    assert "PP 28/2018 Pasal 32 ayat (3) huruf c" in r47 and not any("Pasal 44" in p for p in r47)
    r55 = {p["label"] for p in rule_section(store, str(ids.rule("R55")), "en")["provisions"]}
    assert {"UU 32/2004 Pasal 42 ayat (1) huruf g", "UU 23/2014 Pasal 101 ayat (1) huruf g"} <= r55


def test_an_instrument_page_lists_its_provisions_in_order(store: KembarStore) -> None:
    section = instrument_section(store, str(ids.law("pp-28-2018")), "id")
    labels = [p["label"] for p in section["provisions"]]
    assert labels.index("PP 28/2018 Pasal 27 ayat (1) huruf a") < labels.index(
        "PP 28/2018 Pasal 30 ayat (1)"
    )
    row = next(
        p for p in section["provisions"] if p["label"] == "PP 28/2018 Pasal 27 ayat (1) huruf a"
    )
    assert "R01" in row["rules"] and row["requires"]
    unchecked = [p for p in section["provisions"] if not p["rules"]]
    assert unchecked and all(p["reason"] for p in unchecked)
    assert section["coverage"]["listed"] == len(labels)


def test_provision_iris_and_citations() -> None:
    at = parse_at("pasal 27 ayat 1 huruf a")
    assert str(ids.provision("pp-28-2018", at)).endswith("/law/pp-28-2018/pasal/27/ayat/1/huruf/a")
    assert (
        cite("SE Mendagri 193/1652/PUOD (1993)", parse_at("huruf c"))
        == "SE Mendagri 193/1652/PUOD (1993) huruf c"
    )
    assert cite("UU 23/2014", parse_at("penjelasan II pasal 101 ayat 1 huruf g")) == (
        "UU 23/2014 Penjelasan Pasal 101 ayat (1) huruf g"
    )


def test_every_provision_is_an_eli_subdivision_of_its_instrument(store: KembarStore) -> None:
    orphans = store.select(
        "SELECT ?p WHERE { ?p a eli:LegalResourceSubdivision . FILTER NOT EXISTS { "
        "?p eli:is_part_of ?parent ; kmb:ofInstrument ?law . ?law a kmb:LegalInstrument } }"
    )
    assert orphans == []
    assert store.ask(
        "ASK { ?p eli:is_part_of ?up . ?up eli:is_part_of ?law . ?law a kmb:LegalInstrument . "
        "?p eli:number ?n ; eli:type_subdivision kmb:Ayat }"
    )
    assert KMB.basedOnProvision
