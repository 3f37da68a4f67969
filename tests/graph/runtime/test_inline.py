"""The in-process pool keeps the worker pool's contract: the same answers, the same errors."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing

import pytest
from kembar.graph.errors import InternalError, KembarError, NotFoundError, QueryRefusedError
from kembar.graph.runtime import InlinePool, Job, Replica, WorkerPool
from kembar.graph.store import KembarStore

QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a a kmb:SisterCityAgreement }"


def _missing(store: KembarStore) -> None:
    raise NotFoundError("no such thing")


def _bug(store: KembarStore) -> None:
    raise KeyError("internal detail")


def test_the_same_answer_in_a_worker_and_inline(store: KembarStore) -> None:
    inline = InlinePool(store, max_rows=5)
    pool = WorkerPool(Replica(None), size=1, timeout=30, sandbox=False, max_rows=5)
    try:
        job = Job(QUERY, "text/csv")
        assert inline.run(job).body == pool.run(job).body
        assert inline.run(job).row_limit == pool.run(job).row_limit == 5
    finally:
        pool.close()
    assert not [p for p in multiprocessing.active_children() if p.name.startswith("kembar")]


def test_errors_keep_their_class_and_bugs_become_incidents(
    store: KembarStore, caplog: pytest.LogCaptureFixture
) -> None:
    inline = InlinePool(store)
    with pytest.raises(NotFoundError, match="no such thing"):
        inline.call(_missing)
    with caplog.at_level(logging.ERROR), pytest.raises(InternalError) as raised:
        asyncio.run(inline.acall(_bug))
    assert raised.value.incident and "internal detail" not in str(raised.value)
    assert "incident" in str(raised.value) and "internal detail" in caplog.text
    with pytest.raises(QueryRefusedError, match="the query failed"):
        inline.run(Job("SELECT * WHERE { ?s ?p ?o } ORDER BY fn:nothing(?s)", "text/csv"))
    assert issubclass(InternalError, KembarError)


def test_inline_answers_come_from_the_store_as_it_is_now(fresh_store: KembarStore) -> None:
    inline = InlinePool(fresh_store)
    before = inline.run(Job(QUERY, "text/csv"))
    fresh_store.changed()
    after = inline.run(Job(QUERY, "text/csv"))
    assert after.version == before.version + 1 == fresh_store.version
