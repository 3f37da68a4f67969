"""A socket on localhost that records every connection made to it: the trap that shows a
query or a submission reached the network (it must never be called)."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def listening() -> Iterator[tuple[int, list[bytes]]]:
    """Yield the port and the list of what each connection sent (its first 1,000 bytes)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.1)
    seen: list[bytes] = []
    running = True

    def accept() -> None:
        while running:
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    seen.append(conn.recv(1000))
                except OSError:
                    seen.append(b"")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], seen
    finally:
        running = False
        thread.join(2)
        server.close()
