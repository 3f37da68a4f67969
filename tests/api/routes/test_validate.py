"""``POST /validate``: the report of submission-format.md, Turtle on request, clean 4xx."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from rdflib import SH, Graph

TAIWAN = {
    "format": "kembar-agreement/1",
    "form": "sister_city",
    "indonesian_party": {"name": "Kota Surabaya", "level": "kota", "province": "Jawa Timur"},
    "foreign_party": {"name": "Kaohsiung", "country": "TW", "level": "municipal_level"},
    "dates": {"signed": "2021-03-01"},
}


@pytest.fixture(scope="module")
def client(shared_client: TestClient) -> TestClient:
    return shared_client


def test_a_json_submission_gets_the_json_report(client: TestClient) -> None:
    r = client.post("/validate", json=TAIWAN)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    body = r.json()
    assert set(body) == {"conforms", "regime", "results"}
    assert body["conforms"] is False and body["regime"] == "PP28-2018+PMDN25-2020"
    r04 = next(x for x in body["results"] if x["rule"] == "R04")
    assert (r04["severity"], r04["path"], r04["value"]) == (
        "Violation",
        "foreign_party.country",
        "TW",
    )
    assert r04["message"]["id"].startswith("Indonesia tidak memiliki hubungan diplomatik")


def test_turtle_report_on_request(client: TestClient) -> None:
    r = client.post("/validate", json=TAIWAN, headers={"accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=r.text, format="turtle")
    assert (None, SH.resultSeverity, SH.Violation) in graph


def test_a_turtle_submission_is_accepted(client: TestClient) -> None:
    from kembar.graph.validation.submission import parse_submission

    turtle = parse_submission(json.dumps(TAIWAN).encode(), "x.json").graph.serialize(
        format="turtle"
    )
    r = client.post("/validate", content=turtle, headers={"content-type": "text/turtle"})
    assert r.status_code == 200
    assert {"R01", "R04"} <= {x["rule"] for x in r.json()["results"]}


@pytest.mark.parametrize(
    ("content", "content_type", "status", "fragment"),
    [
        (json.dumps({**TAIWAN, "colour": "red"}), "application/json", 422, "colour"),
        (
            json.dumps({**TAIWAN, "dates": {"signed": "2021-02-30"}}),
            "application/json",
            422,
            "dates.signed",
        ),
        ("{bad", "application/json", 400, "malformed JSON at line 1"),
        ("<a> <b> .", "text/turtle", 400, "not valid turtle"),
        ("hello", "text/plain", 415, "application/json"),
        ("x" * 1_000_001, "application/json", 413, "larger than 1000000 bytes"),
    ],
)
def test_bad_bodies_get_problem_json(
    client: TestClient, content: str, content_type: str, status: int, fragment: str
) -> None:
    r = client.post("/validate", content=content, headers={"content-type": content_type})
    assert r.status_code == status
    assert r.headers["content-type"] == "application/problem+json"
    assert fragment in r.json()["detail"] and "Traceback" not in r.text


def test_field_errors_are_listed_one_by_one(client: TestClient) -> None:
    r = client.post("/validate", json={**TAIWAN, "colour": "red", "duration_years": "5"})
    paths = {e["path"] for e in r.json()["errors"]}
    assert paths == {"colour", "duration_years"}


def test_nothing_acceptable_is_406(client: TestClient) -> None:
    r = client.post("/validate", json=TAIWAN, headers={"accept": "text/csv"})
    assert r.status_code == 406 and r.headers["content-type"] == "application/problem+json"


def test_openapi_documents_the_three_input_types(client: TestClient) -> None:
    body = client.get("/openapi.json").json()["paths"]["/validate"]["post"]["requestBody"]
    assert set(body["content"]) == {"application/json", "application/ld+json", "text/turtle"}
