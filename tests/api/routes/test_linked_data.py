"""Linked data: dereferencing /id/..., the ontology and shapes, VoID, the dump."""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import OWL, Graph, URIRef

from tests.facts import AGREEMENTS

BANDUNG = "https://w3id.org/kembar/id/region/id/kota-bandung"
KMB = "https://w3id.org/kembar/ontology#"


@pytest.fixture(scope="module")
def client(shared_client: TestClient) -> TestClient:
    return shared_client


@pytest.mark.parametrize(
    ("accept", "media", "syntax"),
    [
        ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
        (None, "text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json;q=0.5, text/turtle;q=0.9", "text/turtle", ox.RdfFormat.TURTLE),
    ],
)
def test_a_region_dereferences_in_every_rdf_format(
    client: TestClient, accept: str | None, media: str, syntax: ox.RdfFormat
) -> None:
    headers = {"accept": accept} if accept else {}
    r = client.get("/id/region/id/kota-bandung", headers=headers)
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    assert "Accept" in r.headers["vary"]
    triples = {
        (t.subject.value, t.predicate.value, t.object.value)
        for t in ox.parse(r.content, format=syntax)
    }
    assert (BANDUNG, KMB + "adminLevel", KMB + "Kota") in triples
    # the agreements around it come along, with their other party
    braunschweig = "https://w3id.org/kembar/id/region/de/braunschweig"
    assert any(p == KMB + "party" and o == braunschweig for _, p, o in triples)


def test_a_browser_gets_a_page_with_both_labels_and_links(client: TestClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = client.get("/id/region/id/kota-bandung", headers={"accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "<h1>Kota Bandung</h1>" in page
    assert 'href="/id/agreement/bandung-braunschweig"' in page
    assert 'href="/id/region/id/provinsi-jawa-barat"' in page
    assert 'type="text/turtle"' in page and "cdn" not in page.lower()


def test_unknown_iris_are_404_and_unacceptable_types_406(client: TestClient) -> None:
    r = client.get("/id/region/id/atlantis")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    r = client.get("/id/region/id/kota-bandung", headers={"accept": "image/png"})
    assert r.status_code == 406


def test_format_parameter_overrides_accept(client: TestClient) -> None:
    r = client.get("/id/agreement/surabaya-busan?format=jsonld", headers={"accept": "text/html"})
    assert r.headers["content-type"].startswith("application/ld+json")
    assert client.get("/id/agreement/surabaya-busan?format=yaml").status_code == 406


def test_ontology_as_turtle_json_ld_and_html(client: TestClient) -> None:
    turtle = client.get("/ontology", headers={"accept": "text/turtle"})
    assert turtle.text.startswith("# Kembar ontology")
    jsonld = client.get("/ontology", headers={"accept": "application/ld+json"})
    assert any(node.get("@id") == KMB + "Agreement" for node in json.loads(jsonld.text))
    html = client.get("/ontology", headers={"accept": "text/html"}).text
    assert 'id="SisterCityAgreement"' in html and "Kerja Sama Kota Kembar" in html


def test_shapes_and_context(client: TestClient) -> None:
    shapes = Graph().parse(data=client.get("/shapes").content, format="turtle")
    assert (URIRef("https://w3id.org/kembar/shapes#R04-taiwan"), None, None) in shapes
    context = client.get("/context.jsonld")
    assert context.headers["content-type"] == "application/ld+json"
    assert context.json()["@context"]["fields"]["@id"] == "kmb:cooperationField"
    assessment = client.get("/assessment-context.jsonld")
    assert assessment.headers["content-type"] == "application/ld+json"
    assert assessment.json()["@context"]["benefits"]["@id"] == "kmb:benefitObserved"


def test_void_counts_the_current_store(client: TestClient) -> None:
    for path in ("/void", "/.well-known/void", "/dataset"):
        graph = Graph().parse(data=client.get(path, headers={"accept": "text/turtle"}).content,
                              format="turtle")  # fmt: skip
        void = "http://rdfs.org/ns/void#"
        dataset = URIRef("https://w3id.org/kembar/dataset")  # whatever host serves it
        assert (
            dataset,
            URIRef(void + "sparqlEndpoint"),
            URIRef("http://testserver/sparql"),
        ) in graph
        total = int(graph.value(dataset, URIRef(void + "triples")))
        assert total == client.get("/health").json()["triples"]
        partitions = {
            str(graph.value(p, URIRef(void + "class"))): int(
                graph.value(p, URIRef(void + "entities"))
            )
            for p in graph.objects(dataset, URIRef(void + "classPartition"))
        }
        assert partitions[KMB + "Agreement"] == AGREEMENTS and partitions[KMB + "Rule"] == 55


@pytest.mark.parametrize(
    ("fmt", "media"), [("nq", "application/n-quads"), ("trig", "application/trig")]
)
def test_dump_streams_every_named_graph(client: TestClient, fmt: str, media: str) -> None:
    r = client.get(f"/dump?format={fmt}")
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert f'filename="kembar.{fmt}"' in r.headers["content-disposition"]
    store = ox.Store()
    store.load(
        io.BytesIO(r.content), format=ox.RdfFormat.N_QUADS if fmt == "nq" else ox.RdfFormat.TRIG
    )
    graphs = {g.value for g in store.named_graphs()}
    assert {f"https://w3id.org/kembar/graph/{g}" for g in ("ontology", "data", "shapes")} <= graphs
    assert len(store) == client.get("/health").json()["triples"]


def test_every_alternate_link_of_a_page_answers_in_its_type(client: TestClient) -> None:
    import re

    page = client.get("/id/agreement/surabaya-busan", headers={"accept": "text/html"}).text
    links = re.findall(r'<a href="([^"]+)" type="([^"]+)">', page)
    assert len(links) == 4
    for href, media in links:
        r = client.get(href.replace("&amp;", "&"))
        assert r.status_code == 200 and r.headers["content-type"].startswith(media), href


def test_the_version_iris_resolve(client: TestClient) -> None:
    from kembar.data import DATA_VERSION

    ontology = Graph().parse(data=client.get("/ontology", headers={"accept": "text/turtle"}).content,
                             format="turtle")  # fmt: skip
    version = str(ontology.value(URIRef("https://w3id.org/kembar/ontology"), OWL.versionIRI))
    path = version.removeprefix("https://w3id.org/kembar")
    r = client.get(path, headers={"accept": "text/turtle"})
    assert r.status_code == 200 and "owl:versionIRI" in r.text
    assert client.get("/ontology/1999-01-01", headers={"accept": "text/turtle"}).status_code == 404
    r = client.get(f"/dataset/{DATA_VERSION}", headers={"accept": "text/turtle"})
    described = Graph().parse(data=r.content, format="turtle")
    assert (URIRef("https://w3id.org/kembar/dataset"), None, None) in described
    missing = client.get("/dataset/2001.01.0", headers={"accept": "application/json"})
    assert missing.status_code == 404 and DATA_VERSION in missing.json()["detail"]


def test_abandoned_dumps_leave_one_shared_file_and_no_descriptor(client: TestClient) -> None:
    """A hundred clients that ask for a dump and leave after the first bytes: the dump of
    this version is written once and shared, and no descriptor stays open."""
    import os

    def descriptors() -> int:
        return len(os.listdir("/proc/self/fd"))

    client.get("/dump?format=nq")  # the version's file, made once
    before = descriptors()
    for _ in range(100):
        with client.stream("GET", "/dump?format=nq") as answer:
            assert answer.status_code == 200
            next(answer.iter_bytes())  # read a little, then leave
    folder = client.app.state.runtime.dumps.folder  # type: ignore[attr-defined]
    names = [p.name for p in folder.iterdir()]  # one file per format of this version
    assert len([n for n in names if n.endswith(".nq")]) == 1
    assert not [n for n in names if n.endswith(".part")]
    assert descriptors() <= before + 2  # the test client's own sockets may linger a moment
