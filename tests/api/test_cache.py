"""The result cache: repeats of a GET query are answered without running it again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from kembar.api.cache import ResultCache
from kembar.api.main import create_app
from kembar.api.settings import Settings

QUERY = "SELECT ?d WHERE { agreement:surabaya-busan kmb:signedOn ?d }"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(store=None, query_workers=1, task_workers=1))) as c:
        yield c


def test_a_repeat_is_a_hit_with_the_same_answer_and_headers(client: TestClient) -> None:
    params = {"query": QUERY + " # repeat"}
    first = client.get("/sparql", params=params)
    second = client.get("/sparql", params=params, headers={"Origin": "https://example.org"})
    assert (first.headers["x-kembar-cache"], second.headers["x-kembar-cache"]) == ("miss", "hit")
    assert second.json()["results"]["bindings"][0]["d"]["value"] == "1994-08-24"
    assert second.content == first.content
    for name in ("content-type", "vary", "x-kembar-max-rows", "x-kembar-timeout"):
        assert second.headers[name] == first.headers[name]
    assert second.headers["access-control-allow-origin"] == "*"  # CORS applies to hits too


def test_another_accept_or_store_version_is_a_miss(client: TestClient) -> None:
    params = {"query": QUERY + " # versions"}
    assert client.get("/sparql", params=params).headers["x-kembar-cache"] == "miss"
    csv = client.get("/sparql", params=params, headers={"Accept": "text/csv"})
    assert csv.headers["x-kembar-cache"] == "miss" and csv.text.startswith("d\r\n")
    other_host = client.get("/sparql", params=params, headers={"Host": "kembar.example"})
    assert other_host.headers["x-kembar-cache"] == "miss"  # relative IRIs would resolve elsewhere
    state = client.app.state.runtime  # type: ignore[attr-defined]
    state.store.changed()  # what every write does
    first = client.get("/sparql", params=params)
    # a worker that had not caught up yet answered from the old version: its answer is kept
    # under that version, never served for the new one; then the workers reopen the store
    assert first.headers["x-kembar-cache"] == "miss"
    assert int(first.headers["x-kembar-store-version"]) < state.store.version
    second = client.get("/sparql", params=params)
    assert second.headers["x-kembar-cache"] == "miss"
    assert int(second.headers["x-kembar-store-version"]) == state.store.version
    assert client.get("/sparql", params=params).headers["x-kembar-cache"] == "hit"


def test_errors_posts_and_descriptions_are_not_cached(client: TestClient) -> None:
    bad = {"query": "SELECT * WHERE { ?s ?p }"}
    assert [client.get("/sparql", params=bad).status_code for _ in range(2)] == [400, 400]
    assert "x-kembar-cache" not in client.get("/sparql", params=bad).headers
    post = client.post("/sparql", data={"query": QUERY})
    assert post.status_code == 200 and "x-kembar-cache" not in post.headers
    assert "x-kembar-cache" not in client.get("/sparql", headers={"Accept": "text/turtle"}).headers


@pytest.mark.slow
def test_the_cache_can_be_switched_off() -> None:
    with TestClient(
        create_app(Settings(store=None, query_workers=1, task_workers=1, result_cache_bytes=0))
    ) as c:
        answers = [c.get("/sparql", params={"query": "ASK {}"}) for _ in range(2)]
    assert all(a.status_code == 200 and "x-kembar-cache" not in a.headers for a in answers)


def test_least_recently_used_answers_go_first() -> None:
    entry = 10 + 1 + 200  # body, key, fixed overhead
    cache = ResultCache(max_bytes=8 * entry)  # an entry of up to `entry` bytes is kept
    for name in (b"a", b"b", b"c"):
        cache.put(0, (name, b"", b""), name * 10, [])
    assert cache.get(0, (b"a", b"", b"")) is not None  # now the most recently used
    cache.put(0, (b"d", b"", b""), b"d" * 10, [])
    cache.put(0, (b"big", b"", b""), b"x" * 11, [])  # over an eighth of the budget: not kept
    kept = [n for n in (b"a", b"b", b"c", b"d", b"big") if cache.get(0, (n, b"", b""))]
    assert kept == [b"a", b"b", b"c", b"d"] and cache.size == 4 * entry
    for name in (b"e", b"f", b"g", b"h", b"i"):
        cache.put(0, (name, b"", b""), name * 10, [])
    assert cache.size <= 8 * entry
    assert cache.get(0, (b"a", b"", b"")) is None and cache.get(0, (b"i", b"", b"")) is not None


def test_keys_count_in_the_budget() -> None:
    """Regression (issue 12 finding 5): 200 KB Accept headers filled memory unaccounted."""
    cache = ResultCache(max_bytes=8 * 300_000)
    cache.put(0, (b"q", b"x" * 200_000, b""), b"{}", [])
    assert cache.size > 200_000  # the key is paid for, not only the two-byte body
    for n in range(100):
        cache.put(0, (str(n).encode(), b"x" * 200_000, b""), b"{}", [])
    assert len(cache._entries) <= 12 and cache.size <= cache.max_bytes


def test_an_older_version_is_never_stored_over_a_newer_one() -> None:
    """Regression (issue 12 finding 4): a worker that answered from before a write must not
    leave its answer under the new version."""
    cache = ResultCache(max_bytes=10_000)
    key = (b"q", b"", b"")
    cache.put(2, key, b"new", [])
    cache.put(1, key, b"old", [])
    hit = cache.get(2, key)
    assert hit is not None and hit.body == b"new"
    assert cache.get(1, key) is None
