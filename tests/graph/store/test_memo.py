"""Per-version views: built once per store version, rebuilt after a write, never stale."""

from __future__ import annotations

from kembar.graph.linkeddata.search import index_of
from kembar.graph.store import KembarStore


def test_a_view_is_kept_until_the_store_changes(fresh_store: KembarStore) -> None:
    built: list[int] = []
    start = fresh_store.version

    def build() -> int:
        built.append(fresh_store.version)
        return len(built)

    assert fresh_store.memo("probe", build) == fresh_store.memo("probe", build) == 1
    first_index = index_of(fresh_store)
    assert index_of(fresh_store) is first_index
    fresh_store.changed()  # what every write does
    assert fresh_store.memo("probe", build) == 2 and built == [start, start + 1]
    assert index_of(fresh_store) is not first_index


def test_views_are_per_store(store: KembarStore, fresh_store: KembarStore) -> None:
    assert store.memo("who", lambda: "shared") == "shared"
    assert fresh_store.memo("who", lambda: "fresh") == "fresh"
