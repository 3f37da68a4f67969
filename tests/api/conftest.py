"""A live ``kembar serve`` process on localhost, for tests with real HTTP clients."""

from __future__ import annotations

import http.client
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
from fastapi.testclient import TestClient
from kembar.api.main import create_app
from kembar.api.runtime import Runtime
from kembar.api.settings import Settings

from tests.listening import listening


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(*args: str, **env: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``kembar serve ARGS`` on a free port (with extra environment); return the
    process and host:port."""
    port = free_port()
    # KEMBAR_SERVE_BIN runs the live tests against another build (an older checkout's, to
    # show that a regression test fails without its fix)
    kembar = Path(os.environ.get("KEMBAR_SERVE_BIN") or Path(sys.executable).with_name("kembar"))
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
    if process.poll() is None:
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
def kembar_process() -> Iterator[Callable[..., tuple[subprocess.Popen[bytes], str]]]:
    """A factory: ``kembar_process(**env)`` starts a server and returns the process and
    host:port, for tests that signal it or read its log (``server_log``)."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*args: str, **env: str) -> tuple[subprocess.Popen[bytes], str]:
        process, authority = serve(*args, **env)
        started.append(process)
        return process, authority

    yield start
    for process in started:
        if process.pid in _logs:
            stop(process)


@pytest.fixture(scope="session")
def read_log() -> Callable[[subprocess.Popen[bytes]], str]:
    """``read_log(process)``: what a server started by ``kembar_process`` wrote so far."""
    return server_log


@pytest.fixture(scope="session")
def live_server(kembar_serve: Callable[..., str]) -> str:
    """``kembar serve`` on the embedded graph; ``host:port``."""
    return kembar_serve()


def send(server: str, method: str, path: str, body: bytes = b"",
             headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:  # fmt: skip
    host, port = server.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.fixture
def trap() -> Iterator[list[bytes]]:
    """A listening socket on localhost that records whoever connects to it; ``trap[0]`` is
    its port, what each connection sent follows."""
    with listening() as (port, seen):
        seen.insert(0, str(port).encode())  # before any request can reach it
        yield seen


@pytest.fixture(scope="session")
def raw() -> Callable[..., tuple[int, dict[str, str], bytes]]:
    """``raw(server, method, path, body, headers)``: one HTTP request as sent, the answer's
    status, headers and body (repeated headers and odd bodies included)."""
    return send


def lean(**overrides: object) -> Settings:
    """Settings for an app in the tests: the embedded graph, one worker per pool."""
    return Settings(**{"store": None, "query_workers": 1, "task_workers": 1, **overrides})  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def lean_settings() -> Callable[..., Settings]:
    """``lean_settings(**overrides)``: see :func:`lean`."""
    return lean


@pytest.fixture(scope="session")
def shared_client() -> Iterator[TestClient]:
    """One app for the read-only tests of several modules, on the in-process runtime (what
    routes do; the worker processes have tests of their own)."""
    with TestClient(create_app(lean(), runtime=Runtime.inline)) as client:
        yield client
