"""Real SPARQL clients against a live ``kembar serve``: SPARQLWrapper and rdflib's SPARQLStore;
linked data dereferenced over TCP."""

from __future__ import annotations

import http.client

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

pytestmark = pytest.mark.live

KMB = "https://w3id.org/kembar/ontology#"
BANDUNG = "https://w3id.org/kembar/id/region/id/kota-bandung"


def test_sparqlwrapper_select_and_construct(live_server: str) -> None:
    client = SPARQLWrapper(f"http://{live_server}/sparql")
    client.setQuery("SELECT ?d WHERE { agreement:bandung-braunschweig kmb:signedOn ?d }")
    client.setReturnFormat(JSON)
    result = client.query().convert()
    assert result["results"]["bindings"][0]["d"]["value"] == "1960-05-24"  # type: ignore[index,call-overload]
    client.setQuery(f"CONSTRUCT {{ <{BANDUNG}> ?p ?o }} WHERE {{ <{BANDUNG}> ?p ?o }}")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")  # type: ignore[arg-type]
    assert (URIRef(BANDUNG), URIRef(KMB + "adminLevel"), URIRef(KMB + "Kota")) in graph


def test_rdflib_sparqlstore_reads_the_endpoint(live_server: str) -> None:
    store = SPARQLStore(f"http://{live_server}/sparql", returnFormat="json")
    graph = Graph(store=store)
    rows = list(graph.query(f"SELECT ?level WHERE {{ <{BANDUNG}> <{KMB}adminLevel> ?level }}"))
    assert rows[0][0] == URIRef(KMB + "Kota")
    assert (URIRef(BANDUNG), URIRef(KMB + "adminLevel"), URIRef(KMB + "Kota")) in graph


def test_dereferencing_over_tcp(live_server: str) -> None:
    for accept, media in (("text/turtle", "text/turtle"), ("text/html", "text/html"),
                          ("application/ld+json", "application/ld+json")):  # fmt: skip
        connection = http.client.HTTPConnection(live_server, timeout=30)
        connection.request("GET", "/id/region/id/kota-bandung", headers={"Accept": accept})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        assert response.status == 200 and response.getheader("content-type", "").startswith(media)
        assert b"Bandung" in body


def test_a_live_server_stops_a_runaway_query_and_keeps_answering(kembar_serve: object) -> None:
    import json
    import threading
    import urllib.parse

    authority = kembar_serve(
        KEMBAR_QUERY_TIMEOUT="2",
        KEMBAR_QUERY_WORKERS="2",  # type: ignore[operator]
        KEMBAR_CLIENT_CONCURRENCY="0",
    )  # worker isolation: one client here
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a a ?t . ?b a ?u . ?c a ?v . ?d a ?w }"
    simple = "SELECT ?d WHERE { agreement:surabaya-busan kmb:signedOn ?d }"

    def ask(query: str) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(authority, timeout=60)
        connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}))
        response = connection.getresponse()
        answer = response.status, response.read()
        connection.close()
        return answer

    results: dict[str, tuple[int, bytes]] = {}
    thread = threading.Thread(target=lambda: results.setdefault("runaway", ask(runaway)))
    thread.start()
    status, body = ask(simple)
    answered_first = "runaway" not in results
    thread.join()
    assert status == 200 and answered_first and b"1994-08-24" in body
    status, body = results["runaway"]
    assert status == 503 and "was stopped" in json.loads(body)["detail"]
    assert ask(simple)[0] == 200  # the killed worker was replaced
