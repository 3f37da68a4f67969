"""The W3C SPARQL 1.1 Protocol query tests, run against a live ``kembar serve`` process.

The manifest and its data are read from ``../shared/w3c/sparql11-protocol/`` (never
copied). Each query test's ``ut:graphData`` is loaded into a named graph of a store on
disk, a real server is started on that store, and every ``ht:Request`` of the test is
sent over TCP exactly as the manifest writes it; the status class, the result format and
the boolean are checked. The update tests are out of scope: the public endpoint answers
queries only (they are listed in the README).
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from kembar.graph.store import KembarStore
from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection

pytestmark = pytest.mark.live

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")

FORMATS = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {"application/sparql-results+json", "application/sparql-results+xml",
                "text/csv", "text/tab-separated-values"},
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples"},
}  # fmt: skip


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]
    expected_format: str | None
    expected_boolean: bool | None


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    graphs: dict[str, Path]
    requests: list[Request]


def _manifest(folder: Path) -> list[ProtocolTest]:
    graph = Graph().parse(folder / "manifest.ttl", format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(graph, graph.value(manifest, MF.entries)):
        name = str(entry).rsplit("#", 1)[-1]
        if "update" in name:  # the public endpoint answers queries only
            continue
        graphs = {
            str(graph.value(data, RDFS.label)): folder
            / str(graph.value(data, UT.graph)).rsplit("/", 1)[-1]
            for data in graph.objects(entry, UT.graphData)
        }
        action = graph.value(entry, MF.action)
        requests = [
            _request(graph, node) for node in Collection(graph, graph.value(action, HT.requests))
        ]
        tests.append(ProtocolTest(name, graphs, requests))
    return tests


def _request(graph: Graph, node: URIRef) -> Request:
    headers = {}
    listed = graph.value(node, HT.headers)
    if listed is not None:
        for header in Collection(graph, listed):
            headers[str(graph.value(header, HT.fieldName))] = str(
                graph.value(header, HT.fieldValue)
            )
    body = None
    content = graph.value(node, HT.body)
    if content is not None:
        encoding = str(graph.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(content, CNT.chars)).encode(encoding.lower())
    response = graph.value(node, HT.resp)
    boolean = graph.value(response, MF.expectedBoolean)
    fmt = graph.value(response, MF.expectedFormat)
    return Request(
        str(graph.value(node, HT.methodName)),
        str(graph.value(node, HT.absolutePath)),
        headers,
        body,
        {str(s).rsplit("#", 1)[-1] for s in graph.objects(response, MF.expectedStatus)},
        None if fmt is None else str(fmt),
        None if boolean is None else bool(boolean.toPython()),
    )


@pytest.fixture(scope="module")
def tests(shared: Path) -> list[ProtocolTest]:
    return _manifest(shared / "w3c" / "sparql11-protocol")


@pytest.fixture(scope="module")
def server(
    tests: list[ProtocolTest],
    tmp_path_factory: pytest.TempPathFactory,
    kembar_serve: Callable[..., str],
) -> str:
    folder = tmp_path_factory.mktemp("w3c-store")
    store = KembarStore(folder, load_embedded=False)
    for test in tests:
        for label, path in test.graphs.items():
            triples = ox.parse(path.read_bytes(), format=ox.RdfFormat.N_TRIPLES)
            store.store.extend(
                ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(label)) for t in triples
            )
    store.store.flush()
    del store
    return kembar_serve("--store", str(folder))


def _send(authority: str, request: Request) -> tuple[int, str, bytes]:
    connection = http.client.HTTPConnection(authority, timeout=30)
    headers = dict(request.headers)
    if request.body is not None:
        headers["Content-Length"] = str(len(request.body))
    connection.request(request.method, request.path, body=request.body, headers=headers)
    response = connection.getresponse()
    answer = response.status, response.getheader("content-type", ""), response.read()
    connection.close()
    return answer


def _boolean(media: str, body: bytes) -> bool:
    if media == "application/sparql-results+json":
        return bool(json.loads(body)["boolean"])
    return b"<boolean>true</boolean>" in body


def test_the_manifest_has_the_query_tests(tests: list[ProtocolTest]) -> None:
    assert len(tests) == 20  # 13 query tests and 7 bad-query tests
    assert {
        "query_post_form",
        "query_multiple_dataset",
        "bad_query_non_utf8",
        "bad_multiple_queries",
    } <= {t.name for t in tests}


def test_every_query_test_passes(tests: list[ProtocolTest], server: str) -> None:
    failures = []
    for test in tests:
        for request in test.requests:
            status, content_type, body = _send(server, request)
            media = content_type.split(";")[0].strip()
            klass = f"StatusCode{status // 100}xx"
            problems = []
            if klass not in request.statuses:
                problems.append(
                    f"status {status} not in {sorted(request.statuses)}: {body[:200]!r}"
                )
            elif request.expected_format and media not in FORMATS[request.expected_format]:
                problems.append(f"{media} is not a {request.expected_format} format")
            elif (
                request.expected_boolean is not None
                and _boolean(media, body) != request.expected_boolean
            ):
                problems.append(f"expected {request.expected_boolean}")
            if klass == "StatusCode4xx" and media != "application/problem+json":
                problems.append(f"a 4xx answered as {media}, not problem JSON")
            failures += [f"{test.name}: {p}" for p in problems]
    assert failures == []
