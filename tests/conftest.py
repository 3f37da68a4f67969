"""Shared fixtures.

- ``store``: the embedded curated graph, loaded once per session (read-only by convention).
- ``shared``: the ``../shared`` folder beside the checkout; tests that need it skip without it.
"""

from __future__ import annotations

import gc
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


_failed: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.failed:
        _failed.append(report.nodeid)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """After a failure, free its traceback's reference cycles here, on the main thread.

    A failed test's frames (kept in cycles by its traceback) may hold Oxigraph results,
    which may only be freed on the thread that made them; left to a later collection, they
    would be freed on whatever thread runs it (an app's lifespan, a server's thread) and
    the next tests would fail with them.
    """
    if _failed:
        _failed.clear()
        gc.collect()
