"""A live ``kembar serve`` process on localhost, for tests with real HTTP clients."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(*args: str, **env: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``kembar serve ARGS`` on a free port (with extra environment); return the
    process and host:port."""
    port = free_port()
    kembar = Path(sys.executable).with_name("kembar")
    log = tempfile.TemporaryFile()  # noqa: SIM115 - a file, not a pipe: a full pipe would stall the server; closed in stop()
    process = subprocess.Popen(
        [str(kembar), "serve", "--port", str(port), *args],
        stdout=subprocess.DEVNULL, stderr=log, env={**os.environ, "KEMBAR_STORE": "", **env},
    )  # fmt: skip
    _logs[process.pid] = log
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, f"127.0.0.1:{port}"
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(server_log(process)) from None
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("kembar serve did not start")


_logs: dict[int, IO[bytes]] = {}


def server_log(process: subprocess.Popen[bytes]) -> str:
    """What the server wrote to stderr so far."""
    log = _logs[process.pid]
    log.seek(0)
    return log.read().decode("utf-8", "replace")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(20)
    _logs.pop(process.pid).close()


@pytest.fixture(scope="session")
def kembar_serve() -> Iterator[Callable[..., str]]:
    """A factory: ``kembar_serve("--store", DIR)`` starts a server and returns host:port;
    every server started is stopped at the end of the session."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*args: str, **env: str) -> str:
        process, authority = serve(*args, **env)
        started.append(process)
        return authority

    yield start
    for process in started:
        stop(process)


@pytest.fixture(scope="session")
def live_server(kembar_serve: Callable[..., str]) -> str:
    """``kembar serve`` on the embedded graph; ``host:port``."""
    return kembar_serve()
