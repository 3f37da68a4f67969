"""The floor below the guard: a query worker cannot reach the network, whatever it runs.

The pool is asked directly here, without the guard in front of it, to show that the
operating system refuses what the guard would refuse (issue 12, findings 1 and 2).
"""

from __future__ import annotations

import multiprocessing
import socket
from collections.abc import Iterator

import pytest
from kembar.graph.errors import QueryRefusedError
from kembar.graph.runtime import Job, Replica, WorkerPool
from kembar.graph.runtime.sandbox import available, confine

from tests.listening import listening

pytestmark = pytest.mark.skipif(not available(), reason="the sandbox needs Linux with libseccomp")


@pytest.fixture
def trap() -> Iterator[tuple[int, list[bytes]]]:
    with listening() as found:
        yield found


def _connect(port: int, results: multiprocessing.Queue[str]) -> None:
    confine()
    for family, address in (
        (socket.AF_INET, ("127.0.0.1", port)),
        (socket.AF_INET6, ("::1", port)),
    ):
        try:
            socket.socket(family).connect(address)
            results.put("connected")
        except OSError as error:
            results.put(error.strerror or "")
    left, right = socket.socketpair()  # a worker still talks to its server over Unix sockets
    left.send(b"ok")
    results.put(right.recv(2).decode())


def test_a_confined_process_opens_no_internet_socket(trap: tuple[int, list[bytes]]) -> None:
    port, seen = trap
    context = multiprocessing.get_context("fork")
    results: multiprocessing.Queue[str] = context.Queue()
    child = context.Process(target=_connect, args=(port, results))
    child.start()
    child.join(30)
    assert [results.get(timeout=5) for _ in range(3)] == ["Permission denied"] * 2 + ["ok"]
    assert seen == []


def _service(port: int) -> Job:
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    return Job(query, "application/sparql-results+json")


def test_a_worker_runs_service_and_reaches_nothing(trap: tuple[int, list[bytes]]) -> None:
    """Even with the guard out of the way, SERVICE gets no further than the socket call."""
    port, seen = trap
    confined = WorkerPool(Replica(None), size=1, timeout=30, sandbox=True)
    try:
        with pytest.raises(QueryRefusedError) as refused:
            confined.run(_service(port))
        closed = socket.socket()
        closed.bind(("127.0.0.1", 0))  # a port where nothing listens
        with pytest.raises(QueryRefusedError) as elsewhere:
            confined.run(_service(closed.getsockname()[1]))
        closed.close()
    finally:
        confined.close()
    assert seen == []
    # the same words whether something listens or not: no port scanning through errors
    assert (
        str(refused.value)
        == str(elsewhere.value)
        == ("the query failed: a network access was refused")
    )


def test_without_the_sandbox_the_same_query_does_connect(trap: tuple[int, list[bytes]]) -> None:
    """The control: what the sandbox stops is real (this is what SERVICE does unconfined)."""
    port, seen = trap
    open_pool = WorkerPool(Replica(None), size=1, timeout=30, sandbox=False)
    try:
        with pytest.raises(QueryRefusedError):
            open_pool.run(_service(port))  # the trap answers nothing a SPARQL client wants
    finally:
        open_pool.close()
    assert len(seen) == 1 and seen[0].startswith(b"POST ")  # the SERVICE request itself
