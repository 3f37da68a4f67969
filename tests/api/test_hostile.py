"""Hostile input against a real server: fuzzing from the OpenAPI schema (schemathesis) and of
the submission parser and ``/sparql`` parameters (hypothesis), and the classic attacks.
Each is refused with a clear 4xx; nothing is fetched and nothing is stored."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import urlencode

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kembar.graph.errors import SubmissionError
from kembar.graph.validation.submission import parse_submission
from schemathesis.checks import positive_data_acceptance

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def server(kembar_serve: Callable[..., str]) -> str:
    return kembar_serve(KEMBAR_ACCESS_LOG="0", KEMBAR_WRITE_TOKEN="fuzz-token")


def test_no_operation_fails_or_breaks_its_schema(server: str) -> None:
    """Every operation of /openapi.json, with generated requests: no 5xx, every answer as
    documented (status, content type, body schema)."""
    schema = schemathesis.openapi.from_url(f"http://{server}/openapi.json")
    tested, failed = [], []
    for found in schema.get_all_operations():
        operation = found.ok()
        tested.append(operation.label)

        @given(operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        def call(case: schemathesis.Case) -> None:
            # any string fits the schema of `query`, yet only SPARQL runs: schema-valid
            # requests may rightly get a 4xx, so that one check is left out
            case.call_and_validate(excluded_checks=[positive_data_acceptance], timeout=30)

        try:
            call()
        except BaseException as exc:  # gather every operation's failures, then report them
            if isinstance(exc, KeyboardInterrupt):
                raise
            failed.append(f"{operation.label}: {exc}")
    assert "POST /agreements" in tested and "GET /sparql" in tested
    assert not failed, "\n\n".join(failed)


def _triples(server: str, raw: Callable[..., tuple[int, dict[str, str], bytes]]) -> int:
    return int(json.loads(raw(server, "GET", "/health")[2])["triples"])


def test_classic_attacks_are_refused_and_fetch_nothing(
    server: str, trap: list[bytes], raw: Callable[..., tuple[int, dict[str, str], bytes]]
) -> None:
    port = trap[0].decode()
    before = _triples(server, raw)
    entity = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:' + port.encode()
        + b'/x">]><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">&x;</rdf:RDF>'
    )  # fmt: skip
    remote = json.dumps({"@context": f"http://127.0.0.1:{port}/context.jsonld", "@id": "urn:x"})
    nested = b"[" * 100_000 + b"]" * 100_000
    cases = [
        ("POST", "/validate", entity, {"content-type": "application/rdf+xml"}, {415}),
        ("POST", "/validate", remote.encode(), {"content-type": "application/ld+json"}, {400, 422}),
        ("POST", "/validate", nested, {"content-type": "application/json"}, {422}),
        ("POST", "/validate", b"{" + b" " * 50_000_000 + b"}", {"content-type": "application/json"}, {413}),
        ("POST", "/agreements", remote.encode(), {"content-type": "application/ld+json",
                                                  "authorization": "Bearer fuzz-token"}, {400, 422}),
        ("GET", "/sparql?" + urlencode({"query": f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"}), b"", {}, {400}),
        ("GET", "/sparql?" + urlencode({"query": f"SELECT * FROM <http://127.0.0.1:{port}/g> {{ ?s ?p ?o }}"}), b"", {}, {400}),
        ("POST", "/sparql", f"LOAD <http://127.0.0.1:{port}/x>".encode(), {"content-type": "application/sparql-query"}, {400}),
    ]  # fmt: skip
    for method, path, body, headers, expected in cases:
        status, answer_headers, answer = raw(server, method, path, body, headers)
        assert status in expected, (path, status, answer[:200])
        assert answer_headers.get("content-type") == "application/problem+json", path
        assert b"Traceback" not in answer and json.loads(answer)["detail"], path
    assert trap[1:] == []  # nothing connected to the trap: nothing was fetched
    assert _triples(server, raw) == before  # nothing was stored


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["format", "form", "indonesian_party", "foreign_party", "name", "country",
                         "level", "dates", "signed", "fields", "province", "x"]), inner, max_size=5),
    max_leaves=20,
))  # fmt: skip
@settings(max_examples=300, deadline=None)
def test_the_submission_parser_only_accepts_or_names_the_problem(document: object) -> None:
    try:
        parse_submission(json.dumps(document).encode(), "fuzz.json")
    except SubmissionError as exc:
        assert str(exc).startswith("fuzz.json")


@given(
    query=st.text(max_size=200) | st.sampled_from(["SELECT * { ?s ?p ?o } LIMIT 1", "ASK {}"]),
    default=st.lists(st.text(max_size=30), max_size=2),
    accept=st.sampled_from(["*/*", "text/csv", "application/sparql-results+json",
                            "text/turtle", "image/png", "", "text/*;q=0.5, */*;q=0"]),
)  # fmt: skip
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_sparql_parameters_never_make_a_server_error(
    server: str,
    raw: Callable[..., tuple[int, dict[str, str], bytes]],
    query: str,
    default: list[str],
    accept: str,
) -> None:
    params = urlencode([("query", query), *(("default-graph-uri", g) for g in default)])
    status, headers, body = raw(server, "GET", f"/sparql?{params}", headers={"accept": accept})
    assert status < 500, body[:300]
    if status >= 400:
        assert headers.get("content-type") == "application/problem+json"
