"""What the benchmarks against a live server share: the world import in a fresh on-disk
store, ``kembar serve`` on it at a free port, and percentiles.

>>> percentile([3.0, 1.0, 2.0, 4.0], 0.5)
3.0
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEMBAR = Path(sys.executable).with_name("kembar")
#: The Wikipedia pairs the world import reads (beside the checkout).
WORLD_CSV = HERE.parent.parent / "shared/data/twin_cities_wikipedia.csv"


def get(url: str, accept: str = "application/json") -> tuple[int, bytes]:
    """GET *url*: its status and body (an error status too)."""
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def percentile(values: list[float], share: float) -> float:
    """The value below which *share* of *values* lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@contextmanager
def world_store(csv: Path = WORLD_CSV, prefix: str = "kembar-bench-") -> Iterator[Path]:
    """A fresh on-disk store with *csv* imported (``kembar import csv``), removed after."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    store = folder / "store"
    try:
        done = subprocess.run([str(KEMBAR), "import", "csv", str(csv), "--store", str(store)],
                              check=False, stdout=subprocess.DEVNULL)  # fmt: skip
        if done.returncode not in (0, 1):  # 1: imported, some rows set aside
            raise subprocess.CalledProcessError(done.returncode, done.args)
        yield store
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def tree(pid: int) -> list[int]:
    """*pid* and its children (from /proc)."""
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    return pids


def rss_kb(pid: int) -> int:
    """Resident memory of *pid* and its children, in kB (from /proc)."""
    total = 0
    for p in tree(pid):
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by *pid* and its children (from /proc)."""
    return sum(cpu_of(p) for p in tree(pid))


def cpu_of(pid: int) -> float:
    """CPU time used so far by *pid* alone (from /proc; 0 once it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def settle(pid: int, limit: float = 300.0) -> float:
    """Wait until *pid*'s processes are idle (under 5 % of a CPU for two seconds): a server
    computes its network tables after it starts, and a load measured then measures both.
    The seconds waited."""
    began = time.perf_counter()
    quiet = 0
    before = cpu_seconds(pid)
    while quiet < 2 and time.perf_counter() - began < limit:
        time.sleep(1.0)
        now = cpu_seconds(pid)
        quiet = quiet + 1 if now - before < 0.05 else 0
        before = now
    return time.perf_counter() - began


@contextmanager
def serving(store: Path, **env: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``kembar serve`` on *store* at a free local port (no access log, *env* added), once
    ``/health`` answers and its start-up work is done: its base URL and process; stopped
    after."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(KEMBAR), "serve", "--store", str(store), "--port", str(port)],
        env={**os.environ, "KEMBAR_ACCESS_LOG": "0", **env},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        while True:
            try:
                if get(f"{base}/health")[0] == 200:
                    break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError("kembar serve stopped before it answered") from None
                time.sleep(0.05)
        settle(server.pid)
        yield base, server
    finally:
        server.terminate()
        server.wait(30)
