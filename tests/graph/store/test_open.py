"""Opening an on-disk store again in the process that just let go of it."""

from __future__ import annotations

import gc
from pathlib import Path

import pyoxigraph as ox
import pytest
from kembar.graph.errors import StoreError
from kembar.graph.store import KembarStore


def test_a_store_let_go_of_in_a_reference_cycle_can_be_opened_again(tmp_path: Path) -> None:
    """The first store is garbage in a cycle, so only a collection frees it (and RocksDB's
    lock): the second open waits for that instead of failing."""
    gc.disable()  # no collection but the one the open makes
    try:
        first = KembarStore(tmp_path / "store", load_embedded=False)
        first.cycle = first  # type: ignore[attr-defined]
        first.store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c")))
        del first
        again = KembarStore(tmp_path / "store", load_embedded=False)
    finally:
        gc.enable()
    assert again.ask('ASK { <urn:a> <urn:b> "c" }')


@pytest.mark.slow  # eight tries, a collection each: about four seconds
def test_a_store_that_stays_held_is_a_store_error(tmp_path: Path) -> None:
    held = KembarStore(tmp_path / "store", load_embedded=False)
    with pytest.raises(StoreError, match="lock"):
        KembarStore(tmp_path / "store", load_embedded=False)
    assert held.ask("ASK { }")
