"""Crash safety of the persistent store: an import killed with SIGKILL at any point leaves the
previous state intact, and the store opens cleanly afterwards."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from itertools import islice
from pathlib import Path

import pytest
from kembar.graph.store import KembarStore

KEMBAR = str(Path(sys.executable).with_name("kembar"))


def _cpu(pid: int) -> float:
    """CPU seconds the process has used so far (user + system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _import(csv: Path, store: Path, graph: str) -> subprocess.Popen[bytes]:
    command = [KEMBAR, "import", "csv", str(csv), "--store", str(store), "--graph", graph]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _snapshot(path: Path) -> tuple[int, list[str]]:
    store = KembarStore(path, load_embedded=False)
    try:
        return len(store), sorted(store.graph_names())
    finally:
        del store


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.slow
def test_an_import_killed_at_any_point_changes_nothing(shared: Path, tmp_path: Path) -> None:
    with (shared / "data" / "twin_cities_wikipedia.csv").open(encoding="utf-8") as f:
        header, *rows = list(islice(f, 5001))
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(header + "".join(rows[:2500]), encoding="utf-8")
    second.write_text(header + "".join(rows[2500:]), encoding="utf-8")
    store = tmp_path / "store"

    done = _import(first, store, "first")
    _, status, usage = os.wait4(done.pid, 0)  # wait, and learn the CPU time it took
    done.returncode = os.waitstatus_to_exitcode(status)
    assert done.returncode == 0
    cpu_of_an_import = usage.ru_utime + usage.ru_stime
    before = _snapshot(store)
    assert before[0] > 10_000 and any(g.endswith("import/first") for g in before[1])

    pristine = tmp_path / "pristine"
    shutil.copytree(store, pristine)
    reference = tmp_path / "reference"
    shutil.copytree(pristine, reference)
    assert _import(second, reference, "second").wait() == 0
    after = _snapshot(reference)
    assert after[0] > before[0] and any(g.endswith("import/second") for g in after[1])

    seen = []
    for fraction in (0.3, 0.5, 0.7, 0.85, 0.95, 1.05):
        shutil.rmtree(store)
        shutil.copytree(pristine, store)
        running = _import(second, store, "second")
        while running.poll() is None and _cpu(running.pid) < fraction * cpu_of_an_import:
            os.sched_yield()
        running.send_signal(signal.SIGKILL)
        running.wait()
        state = _snapshot(store)  # opens cleanly after the kill
        # all or nothing: the store holds the old data, or the whole import
        assert state in (before, after), (
            f"killed at {fraction:.0%} of an import: {state[0]} triples"
        )
        seen.append("old" if state == before else "new")
    assert "old" in seen, seen  # some kills landed before the import was committed
