"""A large answer is sent as the client reads it, from a file without a name, and nothing of
it stays behind: no descriptor, no file."""

from __future__ import annotations

import os

from fastapi.testclient import TestClient
from kembar.api.routes.sparql import SPOOL_BYTES

EVERYTHING = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def _descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_a_large_answer_is_spooled_and_complete(shared_client: TestClient) -> None:
    before = _descriptors()
    params = {"query": EVERYTHING + " # spool"}
    plain = {"Accept": "application/n-triples", "Accept-Encoding": "identity"}
    first = shared_client.get("/sparql", params=params, headers=plain)
    assert first.status_code == 200 and len(first.content) > SPOOL_BYTES
    assert int(first.headers["content-length"]) == len(first.content)
    lines = first.text.splitlines()
    assert len(lines) == int(first.headers["x-kembar-max-rows"])  # one triple a line, capped
    assert all(line.endswith(" .") for line in lines)
    # the same answer again, from the result cache, in chunks: the same bytes
    again = shared_client.get("/sparql", params=params, headers=plain)
    assert again.content == first.content and again.headers["x-kembar-cache"] == "hit"
    # compressed for a client that asks (streamed, so without a length): the same triples
    zipped = shared_client.get(
        "/sparql", params=params, headers={**plain, "Accept-Encoding": "gzip"}
    )
    assert zipped.headers["content-encoding"] == "gzip" and zipped.content == first.content
    assert _descriptors() <= before
