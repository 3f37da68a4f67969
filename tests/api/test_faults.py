"""Faults against a real server: a query worker killed mid-query, a server restarted on its store."""

from __future__ import annotations

import json
import os
import signal
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from kembar.ontology import ids

pytestmark = pytest.mark.live

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _get(server: str, query: str) -> tuple[int, dict[str, object]]:
    url = f"http://{server}/sparql?" + urllib.parse.urlencode({"query": query})
    try:
        with urllib.request.urlopen(url, timeout=120) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _workers(server_pid: int) -> list[int]:
    """The query worker processes of a server (spawned children running spawn_main)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if parent == server_pid and b"spawn_main" in command:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    """Whether *pid* still runs (an exited child waiting to be reaped does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _server_pid(port: str) -> int:
    """The pid of the ``kembar serve`` listening on *port*."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"serve" in command and port.encode() in command:
                return int(entry.name)
    raise LookupError(port)


def _ticks(pid: int) -> int:
    """User CPU ticks of *pid* so far (0 once it is gone)."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[11])
    except (OSError, IndexError, ValueError):
        return 0


def test_a_worker_killed_mid_query_is_replaced_with_a_clean_error(
    kembar_serve: Callable[..., str],
) -> None:
    server = kembar_serve(KEMBAR_QUERY_WORKERS="1", KEMBAR_QUERY_TIMEOUT="60",
                          KEMBAR_CLIENT_CONCURRENCY="0")  # fmt: skip
    pid = _server_pid(server.rsplit(":", 1)[1])
    bandung = ids.region("id", "kota-bandung")
    # once fn: answers, the metrics process is done: the children are the request workers
    assert _get(server, f"SELECT (fn:degree(<{bandung}>) AS ?d) {{}}")[0] == 200
    children = _workers(pid)
    # the working query worker and its spare (KEMBAR_SPARE_WORKERS): the busy one is killed
    pool = [c for c in children if Path(f"/proc/{c}/comm").read_text().strip() == "kembar-query"]
    before = {c: _ticks(c) for c in pool}
    answer: list[tuple[int, dict[str, object]]] = []
    running = threading.Thread(target=lambda: answer.append(_get(server, CARTESIAN)))
    running.start()
    busy: list[int] = []
    while not busy:  # a query worker is busy with the query
        busy = [c for c in pool if _ticks(c) - before[c] >= 20]
        os.sched_yield()
    (worker,) = busy
    os.kill(worker, signal.SIGKILL)
    running.join(120)
    status, problem = answer[0]
    assert status == 503 and "worker died" in str(problem["detail"])
    assert _get(server, "ASK { ?s ?p ?o }") == (200, {"head": {}, "boolean": True})
    assert worker not in _workers(pid) and len(_workers(pid)) >= len(children) - 1


def test_a_restarted_server_serves_the_same_data(
    kembar_serve: Callable[..., str], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    first = kembar_serve("--store", str(store), KEMBAR_WRITE_TOKEN="t0ken")
    request = urllib.request.Request(
        f"http://{first}/agreements", method="POST", headers={
            "Authorization": "Bearer t0ken", "Content-Type": "application/json"},
        data=json.dumps({
            "format": "kembar-agreement/1", "form": "sister_city",
            "indonesian_party": {"name": "Kota Malang", "level": "kota", "province": "Jawa Timur"},
            "foreign_party": {"name": "Ipswich", "country": "GB", "level": "municipal_level"},
        }).encode(),
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=60) as added:
        assert added.status == 201
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = _get(first, count)
    pid = _server_pid(first.rsplit(":", 1)[1])
    os.kill(pid, signal.SIGTERM)
    while _alive(pid):
        os.sched_yield()  # until it has let go of the store
    second = kembar_serve("--store", str(store))
    assert _get(second, count) == before
    status, found = _get(second, f"ASK {{ <{ids.agreement('kota-malang-ipswich')}> kmb:party ?p }}")
    assert (status, found["boolean"]) == (200, True)
    document = f"SELECT ?doc WHERE {{ <{ids.agreement('kota-malang-ipswich')}> prov:wasDerivedFrom/kmb:submittedDocument ?doc }}"  # fmt: skip
    status, rows = _get(second, document)
    assert status == 200 and (
        json.loads(rows["results"]["bindings"][0]["doc"]["value"])["foreign_party"]["name"]
        == "Ipswich"
    )
