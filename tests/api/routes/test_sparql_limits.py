"""Limits that hold: a runaway query is stopped and its worker replaced while others answer;
row, byte and length caps; the limits are announced in the response headers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from kembar.api.main import create_app
from kembar.api.settings import Settings

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a a ?t . ?b a ?u . ?c a ?v . ?d a ?w }"
SIMPLE = "SELECT ?d WHERE { agreement:surabaya-busan kmb:signedOn ?d }"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = Settings(
        store=None, query_timeout=3.0, query_workers=2, max_rows=3, max_result_bytes=1000,
        max_query_length=2000,
        client_concurrency=0,  # worker isolation, not the per-client share (test_fairness)
    )  # fmt: skip
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.mark.slow
def test_a_runaway_query_is_stopped_while_another_answers(client: TestClient) -> None:
    answers: dict[str, Any] = {}
    runaway = threading.Thread(
        target=lambda: answers.setdefault(
            "runaway", client.get("/sparql", params={"query": RUNAWAY})
        )
    )
    runaway.start()
    simple = client.get("/sparql", params={"query": SIMPLE})
    finished_first = "runaway" not in answers
    runaway.join()
    assert simple.status_code == 200 and finished_first
    stopped = answers["runaway"]
    assert stopped.status_code == 503
    assert stopped.headers["content-type"] == "application/problem+json"
    assert "was stopped" in stopped.json()["detail"] and stopped.headers["retry-after"]
    # the killed worker has been replaced: queries keep being answered
    for _ in range(3):
        assert client.get("/sparql", params={"query": SIMPLE}).status_code == 200
    assert client.app.state.runtime.queries.killed >= 1  # type: ignore[attr-defined]


@pytest.mark.slow
def test_rows_are_capped_and_the_limits_announced(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT ?r WHERE { ?r kmb:ruleId ?id } LIMIT 50"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == 3
    assert r.headers["x-kembar-max-rows"] == "3"
    assert r.headers["x-kembar-timeout"] == "3" and r.headers["x-kembar-max-bytes"] == "1000"


def test_a_result_past_the_byte_limit_is_refused(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert r.status_code == 400 and r.json()["title"] == "Result too large"


def test_a_query_past_the_length_limit_is_413(client: TestClient) -> None:
    long = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 2000
    r = client.post("/sparql", content=long, headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413 and "the limit is 2000" in r.json()["detail"]
