"""Shared fixtures.

- ``store``: the embedded curated graph, loaded once per session (read-only by convention).
- ``shared``: the ``../shared`` folder beside the checkout; tests that need it skip without it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from kembar.graph.store import KembarStore

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def store() -> KembarStore:
    """The curated graph in memory; do not write to it (use ``fresh_store``)."""
    return KembarStore()


@pytest.fixture
def fresh_store() -> KembarStore:
    """A new in-memory store with the curated graph, free to modify."""
    return KembarStore()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared inputs folder (../shared)."""
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED
