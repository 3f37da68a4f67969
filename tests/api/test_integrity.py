"""The outside review's attacks on a live ``kembar serve``, each now refused (issue 12).

Every finding of the review has its reproduction here, against a real server on localhost,
and a corpus of generated queries and submissions aimed at a listening socket, which must
see no connection at all.
"""

from __future__ import annotations

import itertools
import json
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from kembar.ontology import ids

pytestmark = pytest.mark.live

Raw = Callable[..., tuple[int, dict[str, str], bytes]]
TOKEN = "integrity-token"
SUBMISSION = {
    "format": "kembar-agreement/1", "form": "sister_city",
    "indonesian_party": {"name": "Kota Surabaya", "level": "kota", "province": "Jawa Timur"},
    "foreign_party": {"name": "Busan", "country": "KR"}, "dates": {"signed": "1994-11-04"},
}  # fmt: skip
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def server(kembar_serve: Callable[..., str]) -> str:
    return kembar_serve(
        KEMBAR_ACCESS_LOG="0", KEMBAR_WRITE_TOKEN=TOKEN, KEMBAR_MAX_ROWS="100",
        KEMBAR_QUERY_WORKERS="2", KEMBAR_TASK_WORKERS="2",
        KEMBAR_CLIENT_CONCURRENCY="0",  # many requests of one test client in parallel: no share
    )  # fmt: skip


def _sparql(raw: Raw, server: str, query: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    return raw(server, "GET", "/sparql?" + urlencode({"query": query}), headers=headers)


def _count(raw: Raw, server: str, query: str) -> int:
    status, _, body = _sparql(raw, server, query)
    assert status == 200, body[:300]
    return len(json.loads(body)["results"]["bindings"])


# -- finding 1: SPARQL injection through POST /validate ----------------------------------------


@pytest.mark.parametrize(
    ("body", "media"),
    [
        # the reviewer's payload: tabs, no spaces, so that rdflib keeps it as the agreement's
        # IRI; "kms: SERVICE" passed the old guard, and the old server POSTed to the socket
        (('{"@context": "https://w3id.org/kembar/context.jsonld", '
          '"@id": "urn:x>)}UNION{?s\\tkmb:none*\\tkms:\\tSERVICE<http://127.0.0.1:PORT/x>{?x?y?z}#", '
          '"format": "kembar-agreement/1", "form": "sister_city", '
          '"indonesian_party": {"name": "Kota Surabaya"}, '
          '"foreign_party": {"name": "Busan", "country": "KR"}}'), "application/ld+json"),
        (("@prefix kmb: <https://w3id.org/kembar/ontology#> . "
          "<urn:x\\u003E)\\u007DUNION\\u007B?s\\u0009kmb:none*\\u0009kms:\\u0009SERVICE"
          "\\u003Chttp://127.0.0.1:PORT/x\\u003E"
          "\\u007B?x?y?z\\u007D#> a kmb:SisterCityAgreement ; "
          'kmb:indonesianParty [ kmb:partyName "Kota Surabaya" ] ; '
          'kmb:foreignParty [ kmb:partyName "Busan" ; kmb:countryCode "KR" ] .'), "text/turtle"),
    ],
)  # fmt: skip
def test_an_injected_iri_is_refused_and_reaches_nothing(
    server: str, raw: Raw, trap: list[bytes], body: str, media: str
) -> None:
    port = trap[0].decode()
    status, headers, answer = raw(
        server, "POST", "/validate", body.replace("PORT", port).encode(), {"content-type": media}
    )
    assert status in {400, 422}, answer[:300]
    assert headers["content-type"] == "application/problem+json"
    assert b"line" not in answer or b'"line"' not in answer  # no internal query echoed
    assert trap[1:] == []
    assert raw(server, "GET", "/health")[0] == 200  # and the server is free


# -- finding 2: the SERVICE guard and the row cap -------------------------------------------------


def test_guard_bypasses_are_refused_and_error_texts_do_not_scan_ports(
    server: str, raw: Raw, trap: list[bytes]
) -> None:
    port = trap[0].decode()
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    dead = closed.getsockname()[1]
    closed.close()
    details = []
    for target in (port, dead):
        for query in (
            f"PREFIX : <http://127.0.0.1:{target}/> SELECT * {{ SERVICE :internal {{ ?s ?p ?o }} }}",
            f"SELECT * {{ ?a kmb:party b: SERVICE <http://127.0.0.1:{target}/> {{ ?x ?y ?z }} }}",
            f"SELECT * {{ ?a kmb:party kms: SERVICE <http://127.0.0.1:{target}/> {{ ?x ?y ?z }} }}",
            f"SELECT * {{ ?s kmb:none* kms: SERVICE <http://127.0.0.1:{target}/> {{ ?x ?y ?z }} }}",
            f"SELECT * {{ ?s kmb:a\\#b ?o SERVICE <http://127.0.0.1:{target}/> {{ ?x ?y ?z }} }}",
            f"PREFIX : <http://127.0.0.1:{target}/> SELECT * {{ SERVICE:{{ ?x ?y ?z }} }}",
        ):
            status, _, body = _sparql(raw, server, query)
            assert status == 400, (query, body[:200])
            details.append(json.loads(body)["detail"])
    assert trap[1:] == []
    half = len(details) // 2
    assert details[:half] == details[half:]  # open or closed port: the same words


def test_the_row_cap_holds_against_escapes_and_comments(server: str, raw: Raw) -> None:
    for query in (
        "SELECT * WHERE { ?s ?p ?o FILTER (?p != kid:x\\#y) }\n# every triple",
        "SELECT * WHERE { ?s ?p ?o }\n# every triple",
    ):
        status, headers, body = _sparql(raw, server, query)
        assert status == 200 and headers["x-kembar-max-rows"] == "100"
        assert len(json.loads(body)["results"]["bindings"]) == 100
    hidden_from = "SELECT * FROM kmb:x\\#y { ?s ?p ?o }"
    status, _, body = _sparql(raw, server, hidden_from)
    assert status == 400 and b"does not hold" in body


# -- finding 3: validation bounded, and side by side ----------------------------------------------


def test_validation_inputs_are_bounded_naming_the_limit(server: str, raw: Raw) -> None:
    many = {**SUBMISSION, "justifications": {"plan_references": ["RPJMD"] * 1_000}}
    status, _, body = raw(server, "POST", "/validate", json.dumps(many).encode(), JSON)
    assert status == 422 and json.loads(body)["limit"] == "max_items"
    nodes = b"@prefix kmb: <https://w3id.org/kembar/ontology#> .\n" + b"[] kmb:x [] .\n" * 70_000
    assert len(nodes) < 1_000_000  # under the size limit: the triple limit refuses it
    status, _, body = raw(server, "POST", "/validate", nodes, {"content-type": "text/turtle"})
    assert status == 422 and json.loads(body)["limit"] == "max_triples"
    status, _, body = raw(server, "POST", "/validate", json.dumps(SUBMISSION).encode(), JSON)
    assert status == 200 and json.loads(body)["regime"] == "SE1993"


def test_a_heavy_submission_does_not_hold_up_the_others(server: str, raw: Raw) -> None:
    """1,000 plan references took 16 s of pySHACL (its cost grows with the square of the
    list) and 700 MB: now the list limit refuses it at once, and the others go on."""
    heavy = {
        **SUBMISSION,
        "justifications": {"plan_references": [f"RPJMD {i}" for i in range(1_000)]},
    }
    finished: list[tuple[str, int]] = []

    def send(name: str, document: dict[str, object]) -> None:
        status = raw(server, "POST", "/validate", json.dumps(document).encode(), JSON)[0]
        finished.append((name, status))

    slow = threading.Thread(target=send, args=("heavy", heavy))
    slow.start()
    time.sleep(0.3)  # the heavy one is in
    send("normal", SUBMISSION)
    slow.join(120)
    assert dict(finished) == {"heavy": 422, "normal": 200}, finished  # it was 200, after 16 s


def test_a_runaway_query_does_not_block_validations(server: str, raw: Raw) -> None:
    cartesian = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    done = threading.Event()

    def runaway() -> None:
        _sparql(raw, server, cartesian)
        done.set()

    threading.Thread(target=runaway, daemon=True).start()
    for _ in range(3):
        status, _, _ = raw(server, "POST", "/validate", json.dumps(SUBMISSION).encode(), JSON)
        assert status == 200
    assert not done.is_set()  # the query still runs (until its limit): validations went on


# -- findings 4 and 5: a cache that cannot lie, and cannot be poisoned ------------------------------


def test_repeated_headers_cannot_poison_the_cache(server: str, raw: Raw) -> None:
    query = urlencode({"query": "SELECT ?r WHERE { ?r kmb:ruleId 'R01' } # poison"})
    host, port = server.split(":")
    answers = []
    for accept in (
        ["text/csv", "application/sparql-results+json"],
        ["application/sparql-results+json"],
    ):
        with socket.create_connection((host, int(port))) as conn:
            lines = [f"GET /sparql?{query} HTTP/1.1", f"Host: {server}"]
            lines += [f"Accept: {a}" for a in accept] + ["Connection: close", "", ""]
            conn.sendall("\r\n".join(lines).encode())
            answers.append(b"".join(iter(lambda c=conn: c.recv(65536), b"")))
    assert (
        b"content-type: text/csv" in answers[0].lower()
    )  # the first Accept counts, as the route reads it
    assert b"application/sparql-results+json" in answers[1].lower() and b"r\r\n" not in answers[1]
    with socket.create_connection((host, int(port))) as conn:
        conn.sendall(f"GET /sparql?{query} HTTP/1.1\r\nHost: {server}\r\nHost: evil.example\r\n"
                     "Connection: close\r\n\r\n".encode())  # fmt: skip
        assert b" 400 " in b"".join(iter(lambda: conn.recv(65536), b"")).split(b"\r\n")[0] + b" "


def test_forwarded_proto_is_part_of_what_the_cache_keys(server: str, raw: Raw) -> None:
    relative = "SELECT (<agreement> AS ?i) WHERE {} # base"
    _, _, plain = _sparql(raw, server, relative)
    _, _, https = _sparql(raw, server, relative, **{"X-Forwarded-Proto": "https"})
    _, headers, again = _sparql(raw, server, relative)
    assert b"http://" in plain and b"https://" in https
    assert again == plain and headers["x-kembar-cache"] == "hit"


# -- finding 6: body size checked before reading ---------------------------------------------------


def test_a_huge_body_is_refused_before_it_is_read(server: str) -> None:
    host, port = server.split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(f"POST /sparql HTTP/1.1\r\nHost: {server}\r\nContent-Type: application/sparql-query"
                     "\r\nContent-Length: 100000000\r\n\r\nSELECT".encode())  # fmt: skip
        answer = b""
        while b"max_request" not in answer and (chunk := conn.recv(65536)):
            answer += chunk  # answered without the other 99,999,994 bytes being sent
    assert answer.startswith(b"HTTP/1.1 413") and b"max_request_bytes" in answer


# -- finding 7: deep nesting is a 4xx, and no worker dies -----------------------------------------


def test_deep_nesting_answers_400_and_the_workers_live(server: str, raw: Raw) -> None:
    for query in (
        "SELECT * WHERE { FILTER(" + "(" * 5_000 + "1" + ")" * 5_000 + ") }",
        "SELECT * WHERE { ?s ?p ?o " + " OPTIONAL { ?s ?p ?o }" * 3_000 + " }",
        "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 4_000) + " }",
    ):
        status, _, body = raw(server, "POST", "/sparql", query.encode(),
                              {"content-type": "application/sparql-query"})  # fmt: skip
        assert status == 400 and json.loads(body)["limit"] == "query"
    assert _sparql(raw, server, "ASK {}")[0] == 200


# -- finding 8: writes that are atomic and stay in their graph -------------------------------------


@pytest.mark.parametrize("partner", ["Ipswich", "Lübeck", "Nantes", "Oulu", "Graz"])
def test_concurrent_identical_writes_add_one_agreement(server: str, raw: Raw, partner: str) -> None:
    """Four identical POSTs at once once gave 201, 409, 409, 201 and an agreement with two
    sets of parties: the existence check and the commit now happen under one lock."""
    country = {"Ipswich": "GB", "Lübeck": "DE", "Nantes": "FR", "Oulu": "FI", "Graz": "AT"}[partner]
    proposal = json.dumps({**SUBMISSION, "foreign_party": {"name": partner, "country": country},
                           "dates": {}}).encode()  # fmt: skip
    headers = {**JSON, "authorization": f"Bearer {TOKEN}"}
    statuses: list[int] = []
    barrier = threading.Barrier(6)

    def post() -> None:
        barrier.wait()
        statuses.append(raw(server, "POST", "/agreements", proposal, headers)[0])

    threads = [threading.Thread(target=post) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(statuses) == [201, 409, 409, 409, 409, 409]
    slug = "kota-surabaya-" + {"Lübeck": "lubeck"}.get(partner, partner.lower())
    added = ids.agreement(slug)
    assert _count(raw, server, f"SELECT ?p WHERE {{ <{added}> kmb:party ?p }}") == 2
    assert raw(server, "DELETE", f"/agreements/{slug}", headers=headers)[0] == 204


def test_a_submission_cannot_speak_of_other_resources(server: str, raw: Raw) -> None:
    bandung, busan = ids.region("id", "kota-bandung"), ids.agreement("surabaya-busan")
    turtle = f"""@prefix kmb: <https://w3id.org/kembar/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        [] a kmb:SisterCityAgreement ; kmb:indonesianParty [ kmb:partyName "Kota Bandung" ] ;
           kmb:foreignParty [ kmb:partyName "Kassel" ; kmb:countryCode "DE" ] .
        <{bandung}> rdfs:label "PWNED Bandung" .
        <{busan}> kmb:signedOn "2099-01-01" ."""
    headers = {"content-type": "text/turtle", "authorization": f"Bearer {TOKEN}"}
    for path in ("/validate", "/agreements"):
        status, _, body = raw(server, "POST", path, turtle.encode(), headers)
        assert status == 422 and b"may only describe its agreement" in body, body[:300]
    assert not _count(
        raw,
        server,
        f'SELECT ?x WHERE {{ <{bandung}> rdfs:label "PWNED Bandung" . BIND (1 AS ?x) }}',
    )
    assert _count(raw, server, f"SELECT ?d WHERE {{ <{busan}> kmb:signedOn ?d }}") == 1


def test_a_token_with_any_bytes_is_refused_not_a_crash(server: str, raw: Raw) -> None:
    headers = {**JSON, "authorization": "Bearer t\u00f6ken-\u00e9"}
    status, answer_headers, _ = raw(
        server, "POST", "/agreements", json.dumps(SUBMISSION).encode(), headers
    )
    assert status == 403 and answer_headers["content-type"] == "application/problem+json"


# -- finding 9: every request bounded; a clean stop -------------------------------------------------


def test_pages_and_analytics_run_under_the_time_limit(
    kembar_serve: Callable[..., str], raw: Raw
) -> None:
    hurried = kembar_serve(KEMBAR_REQUEST_TIMEOUT="0.001", KEMBAR_ACCESS_LOG="0")
    for path in ("/id/region/id/kota-bandung", "/graph/stats", "/void"):
        status, headers, body = raw(hurried, "GET", path, headers={"accept": "text/turtle"})
        assert status == 503 and int(headers["retry-after"]) > 0, (path, body[:200])
    status, _, _ = raw(hurried, "POST", "/validate", json.dumps(SUBMISSION).encode(), JSON)
    assert status == 503


def test_the_server_stops_within_its_bound_while_a_query_runs(
    kembar_process: Callable[..., tuple[subprocess.Popen[bytes], str]],
    read_log: Callable[[subprocess.Popen[bytes]], str],
    raw: Raw,
) -> None:
    process, address = kembar_process(KEMBAR_QUERY_TIMEOUT="600", KEMBAR_SHUTDOWN_TIMEOUT="2")
    cartesian = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"

    def runaway() -> None:
        try:
            _sparql(raw, address, cartesian)
        except OSError:
            pass  # the server went away under it: that is the point

    threading.Thread(target=runaway, daemon=True).start()
    time.sleep(1)  # the query is running in a worker
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(30)  # a liveness bound, not a measurement
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("kembar serve did not stop within 30 s of SIGTERM")
    assert process.returncode is not None
    assert "Traceback" not in read_log(process)


def test_a_client_that_leaves_leaves_no_traceback(
    kembar_process: Callable[..., tuple[subprocess.Popen[bytes], str]],
    read_log: Callable[[subprocess.Popen[bytes]], str],
    raw: Raw,
) -> None:
    process, address = kembar_process(KEMBAR_ACCESS_LOG="0")
    host, port = address.split(":")
    with socket.create_connection((host, int(port))) as conn:
        conn.sendall(f"POST /validate HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json"
                     "\r\nContent-Length: 5000\r\n\r\n{\"format\"".encode())  # fmt: skip
    assert raw(address, "GET", "/health")[0] == 200  # it went on serving
    time.sleep(0.5)
    assert "Traceback" not in read_log(process)


# -- the trap: 200+ generated queries and submissions, no connection --------------------------------


def _queries(port: str) -> list[str]:
    trap = f"http://127.0.0.1:{port}/"
    keywords = ["SERVICE", "service", "SeRvIcE", "SERVICE SILENT", "SERV\\u0049CE"]
    targets = [f"<{trap}>", ":", ":x", "?where", f"<{trap}\\u0078>", "<x>"]
    before = [
        "",
        "?s ?p ?o .",
        "?a kmb:party b:",
        "?s kmb:none* kms:",
        "?s kmb:a\\#b ?o .",
        "# c\n",
    ]
    wraps = ["{}", "OPTIONAL {{ {} }}", "{{ {} }} UNION {{ ?a ?b ?c }}", "FILTER EXISTS {{ {} }}",
             "{{ SELECT * {{ {} }} }}", "MINUS {{ {} }}", "GRAPH ?g {{ {} }}"]  # fmt: skip
    found = []
    for keyword, target, lead, wrap in itertools.islice(
        itertools.product(keywords, targets, before, wraps), 0, None, 4
    ):
        call = wrap.format(f"{keyword} {target} {{ ?x ?y ?z }}")
        values = f" VALUES ?where {{ <{trap}> }}" if "?where" in call else ""
        found.append(f"PREFIX : <{trap}> BASE <{trap}> SELECT * WHERE {{ {lead} {call} }}{values}")
    found += [f"LOAD <{trap}>", f"LOAD SILENT <{trap}> INTO GRAPH <urn:g>", f"SELECT * FROM <{trap}> {{}}",
              f"SELECT * FROM NAMED <{trap}> {{ GRAPH ?g {{}} }}", f"PREFIX : <{trap}> SELECT * FROM :g {{}}",
              f"DESCRIBE <{trap}>", f"CONSTRUCT WHERE {{ SERVICE <{trap}> {{ ?s ?p ?o }} }}"]  # fmt: skip
    return found


def _submissions(port: str) -> list[tuple[bytes, str]]:
    trap = f"http://127.0.0.1:{port}/"
    payloads = [
        f"urn:x>)}}UNION{{?s ?p ?o SERVICE<{trap}>{{?x?y?z}}}}#",
        f'x" }} SERVICE <{trap}> {{ ?a ?b ?c }} #',
        f"'> . SERVICE <{trap}> {{ ?a ?b ?c }}",
        f"{trap}",
        f"Kota X\\u003E SERVICE <{trap}>",
    ]
    found: list[tuple[bytes, str]] = []
    for text in payloads:
        for field in ("indonesian", "foreign", "province", "title"):
            doc = json.loads(json.dumps(SUBMISSION))
            if field == "indonesian":
                doc["indonesian_party"]["name"] = text
            elif field == "foreign":
                doc["foreign_party"]["name"] = text
            elif field == "province":
                doc["indonesian_party"]["province"] = text
            else:
                doc["title"] = text
            found.append((json.dumps(doc).encode(), "application/json"))
        found.append((json.dumps({"@context": "https://w3id.org/kembar/context.jsonld", "@id": text,
                                  **{k: v for k, v in SUBMISSION.items() if k != "format"}}).encode(),
                      "application/ld+json"))  # fmt: skip
        found.append((json.dumps({"@context": trap, **SUBMISSION}).encode(), "application/ld+json"))
        found.append(
            (f'@prefix kmb: <https://w3id.org/kembar/ontology#> . <{text}> kmb:indonesianParty '
             f'[ kmb:partyName "{text}" ] .'.encode(), "text/turtle")
        )  # fmt: skip
    return found


def test_no_generated_query_or_submission_reaches_the_trap(
    server: str, raw: Raw, trap: list[bytes]
) -> None:
    port = trap[0].decode()
    queries, submissions = _queries(port), _submissions(port)
    assert len(queries) + len(submissions) >= 200
    for i, query in enumerate(queries):
        if i % 2:
            status, _, body = raw(server, "POST", "/sparql", query.encode(),
                                  {"content-type": "application/sparql-query"})  # fmt: skip
        else:
            status, _, body = _sparql(raw, server, query)
        assert status < 500, (query, body[:200])
    for body, media in submissions:
        for path in ("/validate", "/agreements"):
            headers = {"content-type": media, "authorization": f"Bearer {TOKEN}"}
            status, _, answer = raw(server, "POST", path, body, headers)
            assert status < 500, (body[:200], answer[:200])
            if path == "/agreements" and status == 201:
                slug = json.loads(answer)["added"].rsplit("/", 1)[1]
                raw(server, "DELETE", f"/agreements/{slug}", headers=headers)
    assert trap[1:] == []
