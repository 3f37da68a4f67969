"""``GET /sparql`` for a program is answered beneath FastAPI's routing (``DirectQueries``),
by the route's own steps: the answer is the route's, success or error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from kembar.api.main import create_app
from kembar.api.routes.sparql import DirectQueries
from kembar.api.runtime import Runtime
from kembar.ontology import ids

from tests.api.conftest import lean

BANDUNG = ids.region("id", "kota-bandung")
CASES = [
    (f"SELECT ?p ?o WHERE {{ <{BANDUNG}> ?p ?o }} ORDER BY ?p ?o LIMIT 5", "application/sparql-results+json"),
    (f"CONSTRUCT WHERE {{ <{BANDUNG}> a ?type }}", "text/turtle"),
    ("SELECT ?p WHERE { ?s ?p", "application/sparql-results+json"),  # malformed: 400, line and column
    ("ASK {}", "text/turtle"),  # no graph type for ASK: 406
    ("SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }", None),  # refused: 400
]  # fmt: skip
#: Headers that differ between two runs of the same request whatever path answers it.
VARYING = {"date", "etag"}


@pytest.fixture(scope="module")
def clients() -> Iterator[tuple[TestClient, TestClient]]:
    direct = create_app(lean(), runtime=Runtime.inline)
    routed = create_app(lean(), runtime=Runtime.inline)
    routed.user_middleware = [m for m in routed.user_middleware if m.cls is not DirectQueries]  # type: ignore[comparison-overlap]
    with TestClient(direct) as a, TestClient(routed) as b:
        yield a, b


@pytest.mark.parametrize(("query", "accept"), CASES)
def test_a_get_query_is_answered_as_the_route_answers_it(
    clients: tuple[TestClient, TestClient], query: str, accept: str | None
) -> None:
    headers = {"Accept": accept} if accept else {}
    direct, routed = (c.get("/sparql", params={"query": query}, headers=headers) for c in clients)
    assert direct.status_code == routed.status_code
    assert direct.content == routed.content
    same = {k: v for k, v in direct.headers.items() if k not in VARYING}
    assert same == {k: v for k, v in routed.headers.items() if k not in VARYING}


def test_the_query_never_reaches_the_router() -> None:
    app = create_app(lean(), runtime=Runtime.inline)
    app.router.routes.clear()  # no route at all: only what answers before routing can answer
    query = {"query": f"ASK {{ <{BANDUNG}> ?p ?o }}"}
    with TestClient(app) as client:
        json = {"Accept": "application/sparql-results+json"}
        answer = client.get("/sparql", params=query, headers=json)
        assert answer.status_code == 200 and answer.json()["boolean"] is True
        # a browser, or a request without a query, goes on to the (here absent) route
        assert (
            client.get("/sparql", params=query, headers={"Accept": "text/html"}).status_code == 404
        )
        assert client.get("/sparql", headers=json).status_code == 404
