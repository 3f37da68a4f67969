"""A child opens the server's on-disk store read-only, even while the server compacts it."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from kembar.graph.errors import StoreError
from kembar.graph.runtime import Replica, open_replica
from kembar.graph.store import KembarStore

GONE = (
    "Corruption: IO error: No such file or directory: While open a file for random read: 000033.sst"
)


def _flaky(failures: int) -> tuple[list[str], object]:
    """``ox.Store.read_only`` failing *failures* times as RocksDB does when a compaction of
    the writer removed a file the reader was about to open, then opening for real."""
    calls: list[str] = []
    real = ox.Store.read_only

    def read_only(path: str) -> ox.Store:
        calls.append(path)
        if len(calls) <= failures:
            raise RuntimeError(GONE)
        return real(path)

    return calls, read_only


def test_a_file_removed_under_the_reader_is_met_by_opening_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = ox.Quad(
        ox.NamedNode("https://example.org/a"),
        ox.NamedNode("https://example.org/b"),
        ox.Literal("c"),
    )
    KembarStore(tmp_path / "store", load_embedded=False).store.add(example)
    calls, read_only = _flaky(2)
    monkeypatch.setattr(ox.Store, "read_only", read_only)
    store = open_replica(Replica(tmp_path / "store", version=3))
    assert len(calls) == 3 and store.version == 3
    assert store.ask('ASK { <https://example.org/a> ?p "c" }')


def test_a_store_that_stays_unreadable_is_a_store_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls, read_only = _flaky(99)
    monkeypatch.setattr(ox.Store, "read_only", read_only)
    with pytest.raises(StoreError, match="for reading: Corruption"):
        open_replica(Replica(tmp_path / "store"))
    assert len(calls) == 5
