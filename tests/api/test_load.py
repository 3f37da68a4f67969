"""Load against a real server: 16 clients mixing lookups, aggregates, dereferencing and
validations for ``KEMBAR_LOAD_SECONDS`` (60) seconds. Every answer must equal the one a
single client got first; no 5xx. Memory growth of the server and its workers is printed."""

from __future__ import annotations

import http.client
import itertools
import json
import os
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import pytest
from kembar.ontology import ids

pytestmark = pytest.mark.live

CLIENTS = 16
SECONDS = float(os.environ.get("KEMBAR_LOAD_SECONDS", "60"))
REGIONS = ["kota-bandung", "kota-surabaya", "provinsi-dki-jakarta", "kota-medan", "kota-malang",
           "kota-yogyakarta", "kota-semarang", "kota-denpasar"]  # fmt: skip
SUBMISSION = json.dumps({
    "format": "kembar-agreement/1", "form": "sister_city",
    "indonesian_party": {"name": "Kota Surabaya", "level": "kota", "province": "Jawa Timur"},
    "foreign_party": {"name": "Kaohsiung", "country": "TW", "level": "municipal_level"},
    "dates": {"signed": "2021-03-01"},
}).encode()  # fmt: skip

Request = tuple[str, str, bytes, dict[str, str]]


def _operations() -> dict[str, Request]:
    found: dict[str, Request] = {}
    for slug in REGIONS:
        iri = ids.region("id", slug)
        lookup = f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }} ORDER BY ?p ?o"
        found[f"lookup {slug}"] = ("GET", "/sparql?" + urlencode({"query": lookup}), b"", {})
        found[f"dereference {slug}"] = (
            "GET",
            f"/id/region/id/{slug}",
            b"",
            {"Accept": "application/n-triples"},
        )
    aggregate = ("SELECT ?type (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a kmb:party ?r ; a ?type } "
                 "GROUP BY ?type ORDER BY ?type")  # fmt: skip
    found["aggregate"] = ("GET", "/sparql?" + urlencode({"query": aggregate}), b"", {})
    found["validate"] = ("POST", "/validate", SUBMISSION, {"Content-Type": "application/json"})
    found["partners"] = ("GET", "/graph/regions/region/id/kota-bandung/partners?limit=100", b"", {})
    return found


def _rss(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def _family(root: int) -> list[int]:
    """*root* and its children (the query workers)."""
    family = [root]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == root:
                    family.append(int(entry.name))
            except OSError:
                continue
    return family


def _send(connection: http.client.HTTPConnection, request: Request) -> tuple[int, bytes]:
    method, path, body, headers = request
    connection.request(method, path, body=body or None, headers=headers)
    answer = connection.getresponse()
    return answer.status, answer.read()


def _normal(status: int, body: bytes, name: str) -> tuple[int, object]:
    """What must not change from one client to sixteen (JSON parsed; other bodies as bytes)."""
    if name.startswith("dereference"):
        return status, sorted(body.decode().splitlines())
    return status, json.loads(body)


@pytest.mark.skipif(SECONDS <= 0, reason="KEMBAR_LOAD_SECONDS=0")
def test_sixteen_clients_get_the_answers_one_client_gets(
    kembar_serve: Callable[..., str], capsys: pytest.CaptureFixture[str]
) -> None:
    server = kembar_serve(KEMBAR_ACCESS_LOG="0")
    host, port = server.split(":")
    pid = next(
        int(e.name) for e in Path("/proc").iterdir()
        if e.name.isdigit() and (e / "cmdline").exists()
        and b"serve" in (e / "cmdline").read_bytes() and port.encode() in (e / "cmdline").read_bytes()
    )  # fmt: skip
    operations = _operations()
    single = http.client.HTTPConnection(host, int(port), timeout=60)
    expected = {
        name: _normal(*_send(single, request), name) for name, request in operations.items()
    }
    single.close()
    assert all(status == 200 for status, _ in expected.values()), expected
    memory_before = _rss(_family(pid))

    tally: Counter[str] = Counter()
    wrong: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS
    salt = itertools.count()

    def client(seed: int) -> None:
        chooser = random.Random(seed)
        connection = http.client.HTTPConnection(host, int(port), timeout=120)
        while time.monotonic() < deadline:
            name = chooser.choice(list(operations))
            method, path, body, headers = operations[name]
            if path.startswith("/sparql?") and chooser.random() < 0.5:  # half past the cache
                path = path.replace("query=", f"query=%23+{next(salt)}%0A", 1)
            try:
                status, answer = _send(connection, (method, path, body, headers))
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    wrong.append(f"{name}: {exc!r}")
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=120)
                continue
            with lock:
                tally["5xx" if status >= 500 else "answers"] += 1
                if _normal(status, answer, name) != expected[name]:
                    wrong.append(f"{name}: {status} {answer[:120]!r}")
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    memory_after = _rss(_family(pid))
    with capsys.disabled():
        print(f"\nload: {CLIENTS} clients, {SECONDS:g} s, {tally['answers']} answers, "
              f"{tally['5xx']} 5xx, {len(wrong)} wrong; server + workers RSS "
              f"{memory_before / 2**20:.0f} MB -> {memory_after / 2**20:.0f} MB")  # fmt: skip
    assert tally["5xx"] == 0 and not wrong, wrong[:5]
    assert tally["answers"] > CLIENTS
