"""Fair shares on a live server: four attacker threads from one loopback address keep
sending the looping heavy query; a reader from another address still gets a search, a page
and a trivial query, never a 5xx (without the per-client share the attackers held both query
workers and the trivial query waited past its limit: 503)."""

from __future__ import annotations

import http.client
import socket
import threading
import time
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


def _under_attack(
    server: str, sources: list[str], read: Callable[[], list[int]]
) -> tuple[list[int], list[int]]:
    """Run *read* while one thread per entry of *sources* loops the heavy query from that
    address; what *read* returned, and the statuses the attackers got."""
    heavy = "/sparql?" + urllib.parse.urlencode({"query": HEAVY})
    stop = threading.Event()
    seen: list[int] = []

    def attack(source: str) -> None:
        while not stop.is_set():
            seen.append(_get(server, heavy, source))

    attackers = [threading.Thread(target=attack, args=(source,)) for source in sources]
    for thread in attackers:
        thread.start()
    try:
        return read(), seen
    finally:
        stop.set()
        for thread in attackers:
            thread.join(timeout=30)


def _loopback(*addresses: str) -> None:
    """Skip unless each of *addresses* is a loopback address of this machine."""
    for address in addresses:
        try:
            socket.create_connection((address, 9), timeout=0.2).close()
        except ConnectionRefusedError:
            pass  # the address exists (nothing listens on port 9)
        except OSError:
            pytest.skip(f"{address} is not a loopback address here")


def test_one_client_cannot_take_every_worker(kembar_serve: Callable[..., str]) -> None:
    _loopback("127.0.0.2")
    server = kembar_serve(KEMBAR_QUERY_TIMEOUT="6", KEMBAR_REQUEST_TIMEOUT="6")

    def read() -> list[int]:
        statuses = []
        for n in range(6):
            statuses.append(_get(server, "/search?q=bandung", "127.0.0.1"))
            statuses.append(_get(server, "/id/region/id/kota-bandung", "127.0.0.1"))
            query = urllib.parse.urlencode({"query": f"SELECT ({n} AS ?x) {{}}"})  # never cached
            statuses.append(_get(server, f"/sparql?{query}", "127.0.0.1"))
        return statuses

    victim, attacker_statuses = _under_attack(server, ["127.0.0.2"] * 4, read)
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


def test_heavy_queries_from_two_addresses_leave_room_for_a_third(
    kembar_serve: Callable[..., str],
) -> None:
    """Two attackers, each from its own address, can fill both query workers; past its
    share of time (1 s) a job runs on only while nobody waits, so a reader from a third
    address gets its trivial queries answered (before: 503 after the whole limit)."""
    _loopback("127.0.0.2", "127.0.0.4")
    server = kembar_serve(KEMBAR_QUERY_TIMEOUT="20", KEMBAR_REQUEST_TIMEOUT="20")

    def read() -> list[int]:
        queries = (urllib.parse.urlencode({"query": f"SELECT ({n} AS ?x) {{}}"}) for n in range(8))
        return [_get(server, f"/sparql?{query}", "127.0.0.3") for query in queries]  # uncached

    victim, attacker_statuses = _under_attack(server, ["127.0.0.2", "127.0.0.4"], read)
    assert victim == [200] * len(victim)
    assert 503 in attacker_statuses  # the heavy ones were stopped for the reader


def _exchange(server: str, data: bytes, source: str = "127.0.0.1") -> bytes:
    """Send raw *data* on a new connection from *source*; what the server answered before
    it closed the connection."""
    host, port = server.split(":")
    connection = socket.create_connection((host, int(port)), timeout=30,
                                          source_address=(source, 0))  # fmt: skip
    answer = b""
    try:
        connection.sendall(data)
        while chunk := connection.recv(65536):
            answer += chunk
    except ConnectionResetError:
        pass
    finally:
        connection.close()
    return answer


def test_a_connection_is_bounded_in_time_size_and_number(kembar_serve: Callable[..., str]) -> None:
    """A body that trickles is cut off (408), headers past their size are refused (431),
    and one address cannot hold more than its connections (503) while another is served."""
    _loopback("127.0.0.2", "127.0.0.3")
    server = kembar_serve(KEMBAR_BODY_TIMEOUT="1", KEMBAR_CONNECTIONS_PER_CLIENT="3")

    trickle = _exchange(server, b"POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: "
                        b"application/json\r\nContent-Length: 1000\r\n\r\n{")  # fmt: skip
    assert trickle.startswith(b"HTTP/1.1 408") and b"tidak tiba tepat waktu" in trickle

    huge = _exchange(server, b"GET /health HTTP/1.1\r\nHost: x\r\nX-A: " + b"a" * 200_000)
    assert huge.startswith(b"HTTP/1.1 431") and b"header permintaan terlalu besar" in huge

    host, port = server.split(":")
    held = [socket.create_connection((host, int(port)), timeout=10, source_address=("127.0.0.2", 0))
            for _ in range(3)]  # fmt: skip
    try:
        other = _exchange(server, b"GET /health HTTP/1.1\r\nHost: x\r\n"
                                  b"Connection: close\r\n\r\n", "127.0.0.3")  # fmt: skip
        assert other.startswith(b"HTTP/1.1 200")
        fourth = _exchange(server, b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n", "127.0.0.2")
        assert fourth.startswith(b"HTTP/1.1 503") and b"retry-after: 5" in fourth.lower()
    finally:
        for connection in held:
            connection.close()
    for _ in range(50):  # its connections closed (as soon as the server has seen it), served
        served = _exchange(server, b"GET /health HTTP/1.1\r\nHost: x\r\n"
                           b"Connection: close\r\n\r\n", "127.0.0.2")  # fmt: skip
        if not served.startswith(b"HTTP/1.1 503"):
            break
        time.sleep(0.1)
    assert served.startswith(b"HTTP/1.1 200")
