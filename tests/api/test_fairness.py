"""Fair shares on a live server: four attacker threads from one loopback address keep
sending the looping heavy query; a reader from another address still gets a search, a page
and a trivial query, never a 5xx (without the per-client share the attackers held both query
workers and the trivial query waited past its limit: 503)."""

from __future__ import annotations

import http.client
import socket
import threading
import urllib.parse
from collections.abc import Callable

import pytest

pytestmark = [pytest.mark.live, pytest.mark.slow]

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _get(server: str, path: str, source: str, timeout: float = 60) -> int:
    host, port = server.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout,
                                            source_address=(source, 0))  # fmt: skip
    try:
        accept = "text/html" if path.startswith("/id/") else "application/json"
        connection.request("GET", path, headers={"Accept": accept})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_one_client_cannot_take_every_worker(kembar_serve: Callable[..., str]) -> None:
    try:
        socket.create_connection(("127.0.0.2", 9), timeout=0.2).close()
    except ConnectionRefusedError:
        pass  # the address exists (nothing listens on port 9)
    except OSError:
        pytest.skip("127.0.0.2 is not a loopback address here")
    server = kembar_serve(KEMBAR_QUERY_TIMEOUT="6", KEMBAR_REQUEST_TIMEOUT="6")
    heavy = "/sparql?" + urllib.parse.urlencode({"query": HEAVY})
    stop = threading.Event()
    attacker_statuses: list[int] = []

    def attack() -> None:
        while not stop.is_set():
            attacker_statuses.append(_get(server, heavy, "127.0.0.2"))

    attackers = [threading.Thread(target=attack) for _ in range(4)]
    for thread in attackers:
        thread.start()
    try:
        victim = []
        for n in range(6):
            victim.append(_get(server, "/search?q=bandung", "127.0.0.1"))
            victim.append(_get(server, "/id/region/id/kota-bandung", "127.0.0.1"))
            query = urllib.parse.urlencode({"query": f"SELECT ({n} AS ?x) {{}}"})  # never cached
            victim.append(_get(server, f"/sparql?{query}", "127.0.0.1"))
    finally:
        stop.set()
        for thread in attackers:
            thread.join(timeout=30)
    assert victim == [200] * len(victim)
    assert attacker_statuses and set(attacker_statuses) <= {200, 503, 429}


def test_headers_that_trickle_in_are_cut_off(kembar_serve: Callable[..., str]) -> None:
    import socket
    import time

    server = kembar_serve(KEMBAR_HEADER_TIMEOUT="1")
    host, port = server.split(":")
    slow = socket.create_connection((host, int(port)), timeout=10)
    slow.sendall(b"GET /health HTTP/1.1\r\nHost: ")  # and then nothing more
    started = time.monotonic()
    answer = b""
    while chunk := slow.recv(4096):  # the server closes the connection after its answer
        answer += chunk
    slow.close()
    assert answer.startswith(b"HTTP/1.1 408") and b"tidak tiba tepat waktu" in answer
    assert time.monotonic() - started < 8
    # a client that sends its headers in time is served as before
    fast = socket.create_connection((host, int(port)), timeout=10)
    fast.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    reply = b""
    while chunk := fast.recv(4096):
        reply += chunk
    fast.close()
    assert reply.startswith(b"HTTP/1.1 200")
