"""The first server: /health and /sparql over GET and POST."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from kembar.api.main import create_app
from kembar.api.settings import Settings


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(store=None))) as c:
        yield c


def test_health(client: TestClient) -> None:
    r = client.get("/health")
    assert r.status_code == 200 and r.json()["status"] == "ok" and r.json()["triples"] > 8000


def test_ask_by_get(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "ASK {}"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert r.json() == {"head": {}, "boolean": True}


def test_select_by_post_form_and_body(client: TestClient) -> None:
    q = "SELECT ?d WHERE { agreement:surabaya-busan kmb:signedOn ?d }"
    for r in (
        client.post("/sparql", data={"query": q}),
        client.post("/sparql", content=q, headers={"content-type": "application/sparql-query"}),
    ):
        assert r.status_code == 200
        assert r.json()["results"]["bindings"][0]["d"]["value"] == "1994-08-24"


def test_syntax_error_is_problem_json_with_position(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT * WHERE {\n ?s ?p }"})
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["line"] == 2 and "Traceback" not in r.text


def test_wrong_media_type_and_double_query(client: TestClient) -> None:
    assert (
        client.post("/sparql", content="ASK {}", headers={"content-type": "text/plain"}).status_code
        == 415
    )
    r = client.post(
        "/sparql",
        content="query=ASK%7B%7D&query=ASK%7B%7D",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 400
