"""The first server: /health and /sparql over GET and POST."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from kembar.ontology import ids


@pytest.fixture(scope="module")
def client(shared_client: TestClient) -> TestClient:
    return shared_client


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


SELECT = "SELECT ?d WHERE { agreement:surabaya-busan kmb:signedOn ?d }"
CONSTRUCT = "CONSTRUCT { agreement:surabaya-busan kmb:party ?p } WHERE { agreement:surabaya-busan kmb:party ?p }"


@pytest.mark.parametrize(
    ("query", "accept", "media", "marker"),
    [
        (SELECT, "application/sparql-results+json", "application/sparql-results+json", b'"1994-08-24"'),
        (SELECT, "application/sparql-results+xml", "application/sparql-results+xml", b"<literal"),
        (SELECT, "text/csv", "text/csv", b"d\r\n1994-08-24"),
        (SELECT, "text/tab-separated-values", "text/tab-separated-values", b"?d\n"),
        (SELECT, "text/csv;q=0.4, application/sparql-results+xml;q=0.8", "application/sparql-results+xml", b"<sparql"),
        (SELECT, "*/*", "application/sparql-results+json", b'"bindings"'),
        (CONSTRUCT, "text/turtle", "text/turtle", b"kmb:party"),
        (CONSTRUCT, "application/n-triples", "application/n-triples", b"<https://w3id.org/kembar/ontology#party>"),
        (CONSTRUCT, "application/ld+json", "application/ld+json", b'"@id"'),
        (CONSTRUCT, "application/rdf+xml", "application/rdf+xml", b"<rdf:RDF"),
        (CONSTRUCT, "application/n-quads", "application/n-quads", b"region/kr/busan>"),
        (CONSTRUCT, "application/trig", "application/trig", b"kmb:party"),
        (CONSTRUCT, None, "text/turtle", b"kmb:party"),
    ],
)  # fmt: skip
def test_content_negotiation_matrix(
    client: TestClient, query: str, accept: str | None, media: str, marker: bytes
) -> None:
    headers = {"accept": accept} if accept else {}
    r = client.get("/sparql", params={"query": query}, headers=headers)
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    assert "Accept" in r.headers["vary"]
    assert marker in r.content


@pytest.mark.parametrize(
    ("query", "accept"), [(SELECT, "text/turtle"), (CONSTRUCT, "text/csv"), (SELECT, "image/png")]
)
def test_nothing_acceptable_is_406(client: TestClient, query: str, accept: str) -> None:
    r = client.get("/sparql", params={"query": query}, headers={"accept": accept})
    assert r.status_code == 406 and r.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }", "SERVICE (federated query) is disabled"),
        # Oxigraph 0.5 decodes \\u escapes only in IRIs and strings: this is no keyword at all
        ("SELECT * WHERE { SERV\\u0049CE <http://127.0.0.1:1/> { ?s ?p ?o } }", "SPARQL syntax error"),
        ("LOAD <http://example.org/x.ttl>", "LOAD is an update"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT is an update"),
        ("SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }", "names a graph this store does not hold"),
    ],
)  # fmt: skip
def test_network_and_updates_are_refused_with_the_reason(
    client: TestClient, query: str, reason: str
) -> None:
    r = client.post("/sparql", content=query, headers={"content-type": "application/sparql-query"})
    assert r.status_code == 400 and reason in r.json()["detail"]


def test_protocol_dataset_and_query_from(client: TestClient) -> None:
    data = "https://w3id.org/kembar/graph/data"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = int(
        client.get("/sparql", params={"query": count}).json()["results"]["bindings"][0]["n"][
            "value"
        ]
    )
    only = client.get("/sparql", params={"query": count, "default-graph-uri": data})
    n = int(only.json()["results"]["bindings"][0]["n"]["value"])
    assert 0 < n < union
    from_query = client.get(
        "/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) FROM <{data}> WHERE {{ ?s ?p ?o }}"}
    )
    assert int(from_query.json()["results"]["bindings"][0]["n"]["value"]) == n


def test_without_a_query_the_service_description_or_a_page(client: TestClient) -> None:
    from rdflib import Graph, URIRef

    sd = "http://www.w3.org/ns/sparql-service-description#"
    graph = Graph().parse(
        data=client.get("/sparql", headers={"accept": "text/turtle"}).text, format="turtle"
    )
    service = URIRef("http://testserver/sparql#service")
    assert (service, URIRef(sd + "endpoint"), URIRef("http://testserver/sparql")) in graph
    assert (
        service,
        URIRef(sd + "resultFormat"),
        URIRef("http://www.w3.org/ns/formats/SPARQL_Results_TSV"),
    ) in graph
    sh = "http://www.w3.org/ns/shacl#"
    declared = {
        (str(graph.value(d, URIRef(sh + "prefix"))), str(graph.value(d, URIRef(sh + "namespace"))))
        for d in graph.objects(service, URIRef(sh + "declare"))
    }
    assert ("idr", ids.PREFIXES["idr"]) in declared and ("kg", ids.PREFIXES["kg"]) in declared
    page = client.get("/sparql", headers={"accept": "text/html"}).text
    # the editor (YASGUI) and its data: every script is a file of this server, none inline
    assert 'id="yasgui"' in page and '<script src="/static/vendor/yasgui/yasgui.min.js"' in page
    assert not re.search(r"<script(?![^>]*(?:src=|type=\"application/json\"))", page)
    assert ids.PREFIXES["idr"] in page  # the editor knows the predeclared prefixes


def test_non_utf8_body_is_refused(client: TestClient) -> None:
    r = client.post(
        "/sparql",
        content="ASK {}".encode("utf-16"),
        headers={"content-type": "application/sparql-query"},
    )
    assert r.status_code == 400 and "not UTF-8" in r.json()["detail"]
    r = client.post(
        "/sparql",
        content=b"ASK {}",
        headers={"content-type": "application/sparql-query; charset=latin-1"},
    )
    assert r.status_code == 415


def test_cors_without_credentials(client: TestClient) -> None:
    r = client.options(
        "/sparql",
        headers={"origin": "https://example.org", "access-control-request-method": "POST",
                 "access-control-request-headers": "content-type"},
    )  # fmt: skip
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in r.headers
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    assert "X-Kembar-Max-Rows" in r.headers["access-control-expose-headers"]


def test_network_functions_over_http_and_in_the_description(client: TestClient) -> None:
    q = "SELECT (fn:degree(<https://w3id.org/kembar/id/region/id/kota-bandung>) AS ?d) WHERE {}"
    r = client.get("/sparql", params={"query": q})
    assert int(r.json()["results"]["bindings"][0]["d"]["value"]) >= 10
    described = client.get("/sparql", headers={"accept": "application/n-triples"}).text
    assert "<https://w3id.org/kembar/fn#betweenness>" in described
    assert "sparql-service-description#extensionFunction" in described
