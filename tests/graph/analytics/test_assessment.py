"""Effectiveness assessments: the JSON input, the shapes from both sides, the seed
assessments, the scorecards and ``kembar assess``."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from kembar.api.cli import main
from kembar.data import data_files
from kembar.graph.analytics.assessment import (
    AssessmentError,
    _shape_problems,
    add,
    parse_assessment,
    scorecards,
)
from kembar.graph.store import KembarStore
from kembar.ontology import ids
from kembar.ontology.namespace import KMB
from rdflib import RDF, Graph, Literal, URIRef

GOOD = {
    "agreement": "surabaya-busan",
    "assessor": "Bagian Kerja Sama Surabaya",
    "date": "2027-01-10",
    "source": ["https://www.busan.go.kr/eng/Surabaya"],
    "status": "active",
    "effectiveness": "effective",
    "factors_held": ["regular_exchanges", "clear_objectives", "government_business_support"],
    "factors_lacking": ["good_communication"],
    "benefits": ["knowledge_exchange", "cultural_enrichment"],
    "negative_impacts": ["financial_burden"],
    "stakeholders": ["government", "community"],
    "activities_per_year": 4,
    "threats_addressed": ["natural_disaster"],
}


def _json(**changes: object) -> bytes:
    return json.dumps({**GOOD, **changes}).encode()


def test_a_good_assessment_becomes_rdf_in_the_ontology(store: KembarStore) -> None:
    found = parse_assessment(_json(), "a.json", store)
    g = found.graph
    assert found.node == ids.assessment("surabaya-busan-2027-01-10-bagian-kerja-sama-surabaya")
    assert (found.node, KMB.assesses, ids.agreement("surabaya-busan")) in g
    assert (found.node, KMB.successFactorLacking, KMB.GoodCommunication) in g
    assert (found.node, KMB.threatAddressed, KMB.NaturalDisaster) in g
    assert (found.node, KMB.effectiveness, KMB.Effective) in g
    assert g.value(found.node, KMB.activitiesPerYear) == Literal(Decimal(4))


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"benefits": ["wealth"]}, "benefits", "'wealth' is not one of"),
        ({"factors_held": ["luck"]}, "factors_held", "'luck' is not one of"),
        ({"status": "sleeping"}, "status", "'sleeping' is not one of"),
        ({"source": ["ftp://x"]}, "source", "not an http(s) URL"),
        ({"source": []}, "source", "at least 1"),
        ({"activities_per_year": -1}, "activities_per_year", "greater than or equal to 0"),
        ({"date": "2027-02-30"}, "date", "date"),
        ({"colour": "red"}, "colour", "Extra inputs are not permitted"),
        ({"agreement": "nowhere-nothing"}, "agreement", "no agreement"),
        ({"agreement": "x> ?p ?o } #"}, "agreement", "neither an agreement's slug nor its IRI"),
    ],
)
def test_bad_fields_are_named(
    store: KembarStore, changes: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(AssessmentError) as exc:
        parse_assessment(_json(**changes), "a.json", store)
    fields = {path.split("[")[0] for path, _ in exc.value.problems}
    assert field in fields and words in str(exc.value)


def _graph(**findings: list[URIRef | Literal]) -> Graph:
    node = ids.assessment("test")
    g = Graph()
    g.add((node, RDF.type, KMB.Assessment))
    g.add((node, KMB.assesses, ids.agreement("surabaya-busan")))
    g.add((node, URIRef("http://purl.org/dc/terms/creator"), Literal("someone")))
    g.add((node, URIRef("http://purl.org/dc/terms/date"), Literal("2025", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear"))))  # fmt: skip
    g.add((node, URIRef("http://purl.org/dc/terms/source"), URIRef("https://example.org/s")))
    for name, values in findings.items():
        for value in values:
            g.add((node, KMB[name], value))
    return g


def test_shapes_from_both_sides() -> None:
    assert _shape_problems(_graph(observedStatus=[KMB.StatusDormant])) == []
    assert _shape_problems(_graph(benefitObserved=[KMB.KnowledgeExchange])) == []
    nothing = _shape_problems(_graph())
    assert nothing and nothing[0][0] == "(assessment)" and "at least one finding" in nothing[0][1]
    both = _graph(successFactorHolds=[KMB.GoodCommunication], successFactorLacking=[KMB.GoodCommunication])  # fmt: skip
    assert ("factors_held", "A success factor is one of the nine, and cannot both hold and be lacking.") in _shape_problems(both)  # fmt: skip
    wrong = _shape_problems(_graph(benefitObserved=[KMB.FinancialBurden]))
    assert [p for p, _ in wrong] == ["benefits"]
    two = _shape_problems(_graph(observedStatus=[KMB.StatusDormant, KMB.StatusActive]))
    assert [p for p, _ in two] == ["status"]
    negative = _shape_problems(_graph(activitiesPerYear=[Literal(Decimal(-2))]))
    assert [p for p, _ in negative] == ["activities_per_year"]


def test_every_seed_assessment_conforms_and_cites_a_source() -> None:
    (seed,) = [f for f in data_files() if f.name == "assessments.ttl"]
    g = Graph().parse(data=seed.read_bytes(), format="turtle")
    nodes = list(g.subjects(RDF.type, KMB.Assessment))
    assert len(nodes) >= 10 and _shape_problems(g) == []


def test_scorecards_of_the_seed(store: KembarStore) -> None:
    cards = {c.agreement.rsplit("/", 1)[-1]: c for c in scorecards(store)}
    busan, tula = cards["surabaya-busan"], cards["magelang-tula"]
    assert (busan.status, busan.effectiveness, busan.stakeholders) == ("active", "effective", ["community", "government"])  # fmt: skip
    assert (tula.status, tula.effectiveness) == ("loi", "ineffective")
    assert cards["bukittinggi-seremban"].status == "dormant"
    assert cards["sulawesi-selatan-ehime-prefecture"].factors_lacking == ["good_communication"]
    # index = 100 (F/9 + B/4 + (1 - N/5)) / 3: one benefit of four, nothing else
    assert busan.index == round(100 * (0 + 1 / 4 + 1) / 3) == 42


def test_a_newer_assessment_decides_the_scorecard(fresh_store: KembarStore) -> None:
    add(fresh_store, parse_assessment(_json(), "a.json", fresh_store))
    card = next(c for c in scorecards(fresh_store) if c.agreement.endswith("/surabaya-busan"))
    assert card.assessments == 2 and card.date == "2027-01-10"
    assert card.factors_held == [
        "clear_objectives",
        "government_business_support",
        "regular_exchanges",
    ]
    assert card.sectors == ["EnvironmentalSector"] and card.activities_per_year == 4.0
    assert card.index == round(100 * (3 / 9 + 2 / 4 + (1 - 1 / 5)) / 3)


def test_the_assess_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_bytes(_json())
    bad.write_bytes(_json(benefits=["wealth"]))
    store = tmp_path / "store"
    assert main(["assess", str(bad), "--store", str(store)]) == 2
    assert "benefits: 'wealth' is not one of" in capsys.readouterr().err
    assert main(["assess", str(good), "--dry-run"]) == 0
    assert "kmb:successFactorLacking kmb:GoodCommunication" in capsys.readouterr().out
    assert main(["assess", str(good)]) == 2  # no store to add it to
    assert "--store" in capsys.readouterr().err
    assert main(["assess", str(good), "--store", str(store)]) == 0
    assert (
        "added https://w3id.org/kembar/id/assessment/surabaya-busan-2027-01-10"
        in capsys.readouterr().out
    )
    reopened = KembarStore(store)
    node = ids.assessment("surabaya-busan-2027-01-10-bagian-kerja-sama-surabaya")
    assert reopened.ask(f"ASK {{ GRAPH ?g {{ <{node}> kmb:effectiveness kmb:Effective }} }}")
