"""Worker pools: answers labelled with their store version, refreshes in order, a pool that
never shrinks, errors that keep their class, work that runs side by side."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from kembar.graph.errors import (
    InternalError,
    KembarError,
    LimitError,
    NotFoundError,
    QueryTimeoutError,
    UnavailableError,
)
from kembar.graph.runtime import CLIENT, Job, Replica, WorkerPool
from kembar.graph.store import KembarStore
from kembar.graph.validation.audit import submission_of
from kembar.graph.validation.validator import validate_document

ASK = Job("ASK { ?s ?p ?o }", "application/sparql-results+json")
WRITTEN = "<urn:kembar:written>"  # a subject only the test's write brings
SEEN = Job(f"ASK {{ {WRITTEN} ?p ?o }}", "application/sparql-results+json")
RUNAWAY = Job(
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "application/sparql-results+json",
)
SURABAYA_BUSAN = (
    b'{"format": "kembar-agreement/1", "form": "sister_city", "indonesian_party": '
    b'{"name": "Kota Surabaya", "level": "kota"}, "foreign_party": {"name": "Busan", '
    b'"country": "KR"}, "dates": {"signed": "1994-11-04"}}'
)


@pytest.fixture
def pool() -> WorkerPool:
    made = WorkerPool(Replica(None, version=5), size=2, timeout=20, sandbox=False)
    yield made
    made.close()


def test_answers_say_which_version_they_are_of_and_refreshes_keep_their_order(
    pool: WorkerPool,
) -> None:
    """Regression (issue 12, findings 4 and 8): the cache must key an answer by the version
    that produced it, and a refresh that arrives late must not undo a newer one."""
    assert pool.run(ASK).version == 5
    assert pool.refresh(7) and pool.version == 7
    assert not pool.refresh(6)  # older: ignored
    assert pool.version == 7 and pool.run(ASK).version == 7


def test_an_error_keeps_its_class_across_the_pipe(pool: WorkerPool) -> None:
    with pytest.raises(NotFoundError, match="no agreement 'nowhere'"):
        pool.call(submission_of, "nowhere")


@pytest.mark.slow
def test_a_killed_worker_is_replaced(pool: WorkerPool) -> None:
    slow = WorkerPool(Replica(None), size=1, timeout=1, sandbox=False)
    try:
        with pytest.raises(QueryTimeoutError, match="longer than 1 s"):
            slow.run(RUNAWAY)
        for _ in range(20):  # the replacement starts in about half a second, longer under load
            try:
                answer = slow.run(ASK)
                break
            except UnavailableError:
                continue
        assert answer.body == b'{"head":{},"boolean":true}'
        assert slow.killed == 1 and len(slow.workers) == 1
    finally:
        slow.close()


@pytest.mark.slow
def test_a_failed_restart_is_retried_until_the_store_opens(tmp_path: Path) -> None:
    """Regression (issue 12, finding 9): a restart that failed was lost and the pool shrank."""
    where = tmp_path / "store"
    KembarStore(where)  # written, then closed
    pool = WorkerPool(Replica(where), size=1, timeout=30, sandbox=False)
    try:
        moved = tmp_path / "elsewhere"
        shutil.move(where, moved)  # the next worker cannot open it
        pool.refresh(1)  # the idle worker is replaced: its successor fails, and retries
        shutil.move(moved, where)
        assert pool.run(ASK).version == 1  # waits for the retry that succeeds
        assert len(pool.workers) == 1
    finally:
        pool.close()


@pytest.mark.slow
def test_a_worker_that_grew_is_replaced_after_its_job() -> None:
    lean = WorkerPool(
        Replica(None), size=1, timeout=30, sandbox=False, max_rss=1
    )  # always "too big"
    try:
        first = next(iter(lean.workers)).process.pid
        lean.run(ASK)
        assert lean.run(ASK).body  # answered by its replacement
        assert first not in {w.process.pid for w in lean.workers}
    finally:
        lean.close()


@pytest.mark.slow
def test_a_worker_started_across_a_write_catches_up_before_it_answers() -> None:
    """Regression (CI, make test): a replacement worker opened the store at the version of
    the moment it was started; when a write landed while it started, and the write's
    refresh had already drained the idle workers, it joined them with the old data, and
    a query right after a 201 did not see the new agreement."""
    store = {"version": 0, "extra": b""}
    lean = WorkerPool(Replica(None), size=1, timeout=60, sandbox=False, max_rss=1,  # retires after each job
                      current=lambda: (store["version"], store["extra"]),
                      latest=lambda: store["version"])  # fmt: skip
    try:
        assert lean.run(SEEN).body == b'{"head":{},"boolean":false}'  # its successor starts
        store.update(version=1, extra=f"{WRITTEN} {WRITTEN} {WRITTEN} {WRITTEN} .".encode())
        answer = lean.run(SEEN)  # the written data is not yet in the pool's own version
        assert (answer.body, answer.version) == (b'{"head":{},"boolean":true}', 1)
    finally:
        lean.close()


def test_an_answer_keeps_the_version_it_was_computed_from(
    pool: WorkerPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker behind the store catches up as soon as it is released, on a thread of its
    own; the answer it gave must still say the version it was computed from, however soon
    that catch-up ends (else a cache would keep an old answer as the new version's)."""
    store = {"version": 5, "extra": b""}
    monkeypatch.setattr(pool, "current", lambda: (store["version"], store["extra"]))
    monkeypatch.setattr(pool, "latest", lambda: store["version"])
    release = pool._release

    def release_then_wait(worker: Any, retire: bool = False) -> None:
        release(worker, retire)
        deadline = time.monotonic() + 30  # the caller is held up until the catch-up is done
        while worker.version != store["version"] and time.monotonic() < deadline:
            time.sleep(0.01)

    monkeypatch.setattr(pool, "_release", release_then_wait)
    store.update(version=6, extra=f"{WRITTEN} {WRITTEN} {WRITTEN} {WRITTEN} .".encode())
    answer = pool.run(SEEN)  # by a worker still at version 5
    assert (answer.body, answer.version) == (b'{"head":{},"boolean":false}', 5)
    assert pool.refresh(6, store["extra"])  # what the server does after its write
    assert pool.run(SEEN).body == b'{"head":{},"boolean":true}'


@pytest.mark.slow
def test_a_runaway_query_does_not_hold_up_a_validation() -> None:
    """Regression (issue 12, finding 3): one global lock made every validation wait for the
    slowest. Work now runs in separate processes: a validation finishes while a runaway
    query is still running in the other worker."""
    both = WorkerPool(Replica(None), size=2, timeout=60, sandbox=False)

    async def race() -> tuple[bool, str]:
        query = asyncio.create_task(both.arun(RUNAWAY))
        await asyncio.sleep(0.2)  # the query has a worker
        report = await both.acall(validate_document, SURABAYA_BUSAN, "b.json")
        still_running = not query.done()
        query.cancel()
        return still_running, report.regime

    try:
        assert asyncio.run(race()) == (True, "SE1993")
    finally:
        both.close()


@pytest.mark.slow
def test_a_long_job_yields_its_worker_to_a_client_that_used_less() -> None:
    """Past its share of time a job runs on only while no client that has used the workers
    less waits: heavy queries from a few addresses cannot hold every worker for the whole
    limit, and a light client's own slow job is not stopped for them."""
    one = WorkerPool(Replica(None), size=1, timeout=60, contended=0.3, sandbox=False)

    async def run(who: str, job: Job) -> Any:
        CLIENT.set(who)  # as the server's fair share does, per request
        return await one.arun(job)

    async def scene() -> tuple[bool, BaseException, bytes, bool]:
        heavy = asyncio.create_task(run("attacker", RUNAWAY))
        await asyncio.sleep(2.0)  # alone, past its share: it runs on (2 s of use)
        alone = not heavy.done()
        light = await run("reader", ASK)  # waits for the worker: the heavy job is stopped
        stopped = (await asyncio.gather(heavy, return_exceptions=True))[0]
        # now the reader's own long job: the attacker, who used more, waits in vain
        slow = asyncio.create_task(run("reader", RUNAWAY))
        await asyncio.sleep(0.2)
        waiting = asyncio.create_task(run("attacker", ASK))
        await asyncio.sleep(0.6)  # past the reader's share, the attacker waiting
        kept = not slow.done()
        slow.cancel()
        await asyncio.gather(slow, waiting, return_exceptions=True)
        return alone, stopped, light.body, kept

    try:
        alone, stopped, answer, kept = asyncio.run(scene())
    finally:
        one.close()
    assert alone and kept
    assert isinstance(stopped, QueryTimeoutError)
    assert "longer than 0.3 s while other requests waited" in str(stopped)
    assert b'"boolean":true' in answer.replace(b" ", b"")


def pause(store: KembarStore, seconds: float) -> None:
    """A job of a known length (a worker's call)."""
    time.sleep(seconds)


def test_every_second_of_work_counts_so_jobs_just_under_the_share_make_a_client_heavy() -> None:
    """Regression (the two-address attack of the second review): jobs each shorter than the
    share, one after another, weighed nothing, so a reader whose one search ran past the
    share on a busy machine was the heavier and was stopped for the attacker. Every second
    a client's jobs run now counts."""
    # the use of every pool of a process is counted together: clients of their own here
    one = WorkerPool(Replica(None), size=1, timeout=60, contended=0.3, sandbox=False)

    async def run(who: str, seconds: float) -> Any:
        CLIENT.set(who)
        return await one.acall(pause, seconds)

    async def scene() -> list[Any]:
        for _ in range(6):  # 1.5 s of work, no job past the share
            await run("busy-under-share", 0.25)
        slow = asyncio.create_task(run("reader-once", 0.8))  # past the share...
        await asyncio.sleep(0.1)
        waiting = asyncio.create_task(
            run("busy-under-share", 0.25)
        )  # ...while the busy client waits
        return await asyncio.gather(slow, waiting, return_exceptions=True)

    try:
        slow, waiting = asyncio.run(scene())
    finally:
        one.close()
    assert slow is None, slow  # the reader's job ran to its end
    assert waiting is None


def touched(store: KembarStore) -> None:
    """What a test pool's workers build before they take work (marks the store)."""
    store.memo("touched-by-warm", time.monotonic)


def was_touched(store: KembarStore) -> bool:
    """Whether :func:`touched` ran on this worker's store (without running it)."""
    return bool(store.memo("touched-by-warm", lambda: False))


@pytest.mark.slow  # waits for a worker to be killed and replaced
def test_a_worker_builds_what_warm_names_before_its_first_job_and_after_a_refresh() -> None:
    """A worker started in place of a stopped one, or reopened after a write, first builds
    what its first request would (the search index): a reader is never the one to wait
    for it, nor stopped for running past its share while it is built."""
    primed = WorkerPool(Replica(None), size=1, timeout=5, sandbox=False, warm=touched)
    plain = WorkerPool(Replica(None), size=1, timeout=5, sandbox=False)
    try:
        assert primed.call(was_touched) and not plain.call(was_touched)
        assert primed.refresh(1)
        assert primed.call(was_touched)  # a worker at version 1: that store was prepared too
        with pytest.raises(QueryTimeoutError):
            primed.call(pause, 10.0)  # killed at 5 s and replaced
        assert primed.killed == 1
        assert primed.call(was_touched)  # the replacement was prepared before it took work
    finally:
        primed.close()
        plain.close()


def pid(store: KembarStore) -> int:
    """The worker's process id (a worker's call)."""
    return os.getpid()


def _spare(pool: WorkerPool, version: int, other_than: int = 0) -> int:
    """The pid of the pool's spare once one is kept at *version* (and is not *other_than*)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with pool._lock:
            found = [w for w in pool.spares if w.version == version]
        if found and found[0].process.pid != other_than:
            return int(found[0].process.pid or 0)
        time.sleep(0.05)
    raise AssertionError("no spare worker came")


@pytest.mark.slow  # waits for a worker to be killed and replaced
def test_a_spare_takes_a_stopped_worker_place_at_once_and_follows_writes() -> None:
    spared = WorkerPool(Replica(None), size=1, timeout=3, sandbox=False, spares=1, warm=touched)
    try:
        spare = _spare(spared, 0)
        with pytest.raises(QueryTimeoutError):
            spared.call(pause, 10.0)  # killed at 3 s
        assert spared.call(pid) == spare  # the spare answers the next request
        assert spared.call(was_touched)  # prepared, as any worker of the pool
        newer = _spare(spared, 0, other_than=spare)  # and a new spare is kept
        assert spared.refresh(1)
        assert _spare(spared, 1) == newer  # the spare caught up with the write
        assert len(spared.workers) == 2  # one working, one spare
    finally:
        spared.close()
    assert not spared.workers


@pytest.mark.parametrize(("function", "args"), [
    (getattr, ("no_such_attribute",)),  # an exception Kembar did not expect (AttributeError)
    (int, ()),  # a TypeError outside a query
    (sys.exit, ()),  # a function that calls sys.exit
    (getattr, ("select",)),  # a result that cannot be pickled (a method of the store)
])  # fmt: skip
def test_a_bug_in_a_worker_is_an_internal_error_and_the_worker_lives(
    pool: WorkerPool, function: Any, args: tuple[Any, ...], caplog: pytest.LogCaptureFixture
) -> None:
    """Every bug raised inside a worker comes back as InternalError (500) with an incident id
    and no internal text; the worker is not lost (the pool did not have to replace it)."""
    with pytest.raises(
        InternalError, match=r"an internal error occurred \(incident [0-9a-f]{12}\)"
    ) as got:
        pool.call(function, *args)
    assert "store" not in str(got.value).lower() and len(got.value.incident) == 12
    assert pool.killed == 0 and pool.run(ASK).body  # the same workers answer the next job


def test_a_query_past_the_memory_limit_is_stopped_naming_it() -> None:
    """The 25-step CONCAT doubling: RLIMIT_DATA makes the allocation fail inside the worker;
    the client hears 413 naming worker_memory_limit; the replacement answers the next query."""
    limited = WorkerPool(Replica(None), size=1, timeout=20, sandbox=False, max_memory=1 << 30)
    steps = " ".join(f"BIND (CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(30))
    doubling = Job(f'SELECT ?n WHERE {{ BIND ("aaaaaaaaaaaaaaaa" AS ?a0) {steps} '
                   "BIND (STRLEN(?a30) AS ?n) }", "application/sparql-results+json")  # fmt: skip
    try:
        with pytest.raises(
            LimitError, match=r"more memory than a worker may use \(1024 MB\)"
        ) as got:
            limited.run(doubling)
        assert got.value.limit == "worker_memory_limit" and got.value.status == 413
        assert limited.run(ASK).body.startswith(b'{"head"')
    finally:
        limited.close()


def test_the_validation_engine_travels_with_the_store() -> None:
    """The settings' engine reaches each worker in its spec (no environment round trip),
    and validations there use it."""
    from kembar.graph.validation.validator import validator_of

    chosen = WorkerPool(
        Replica(None, validation_engine="pyshacl"), size=1, timeout=20, sandbox=False
    )
    try:
        assert chosen.call(getattr, "validation_engine") == "pyshacl"
    finally:
        chosen.close()
    store = KembarStore()
    store.validation_engine = "pyshacl"
    assert validator_of(store).engine == "pyshacl"
    assert validator_of(KembarStore()).engine == "turbo"


@pytest.mark.slow
def test_closing_the_pool_wakes_whoever_waits_for_a_worker() -> None:
    one = WorkerPool(Replica(None), size=1, timeout=600, sandbox=False)
    outcome: list[BaseException] = []
    busy = threading.Thread(target=lambda: _ask(one, outcome, RUNAWAY))
    busy.start()  # takes the only worker for a long time
    time.sleep(0.5)
    waiting = threading.Thread(target=lambda: _ask(one, outcome, ASK))
    waiting.start()  # waits for the busy worker, up to the 600 s limit
    time.sleep(0.5)
    one.close()
    waiting.join(10)
    busy.join(10)
    assert not waiting.is_alive() and not busy.is_alive()
    assert {type(e).__name__ for e in outcome} <= {"UnavailableError", "QueryTimeoutError"}
    assert any(isinstance(e, UnavailableError) for e in outcome)


def _ask(pool: WorkerPool, outcome: list[BaseException], job: Job) -> None:
    try:
        pool.run(job)
    except KembarError as exc:
        outcome.append(exc)
