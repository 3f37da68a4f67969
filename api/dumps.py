"""``/dump``'s files: each store version's dump written once per format and shared by every
request for it, in a folder of the server's own.

A dump of the whole store takes seconds and as much disk as the store; writing one per
request let a hundred clients that never read fill a disk. Here the first request for a
version and format has a worker write it (the others wait for that one file); a newer
version's file replaces the older ones. Each request streams the file through a descriptor
of its own (:class:`FileStream`) that is closed when the answer ends, or when its client
leaves.

>>> import asyncio, tempfile, pathlib
>>> dumps = Dumps(pathlib.Path(tempfile.mkdtemp()))
>>> async def write(version, ext):
...     path = dumps.folder / f"x-{version}.{ext}.part"
...     path.write_text("data")
>>> path = asyncio.run(dumps.file(3, "nq", write))
>>> path.name, path.read_text()
('kembar-3.nq', 'data')
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import anyio
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

__all__ = ["CHUNK", "Dumps", "FileStream", "chunks"]

#: Bytes read and sent at a time.
CHUNK = 1 << 16


class Dumps:
    """The dump files of the current store version, one per format, made once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: dict[tuple[int, str], Path] = {}
        self._locks: dict[tuple[int, str], asyncio.Lock] = {}

    async def file(
        self, version: int, ext: str, write: Callable[[int, str], Awaitable[object]]
    ) -> Path:
        """The file of *version* in format *ext*, written by ``write(version, ext)`` (into
        ``x-{version}.{ext}.part`` of the folder) if no request has made it yet."""
        key = (version, ext)
        found = self.files.get(key)
        if found is not None and found.exists():
            return found
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            found = self.files.get(key)
            if found is not None and found.exists():
                return found
            part = self.folder / f"x-{version}.{ext}.part"
            try:
                await write(version, ext)
                path = self.folder / f"kembar-{version}.{ext}"
                os.replace(part, path)
            finally:
                part.unlink(missing_ok=True)
            self.files[key] = path
            for old in [k for k in self.files if k[0] != version]:  # an older version's files
                self.files.pop(old).unlink(missing_ok=True)  # open readers keep their copy
                self._locks.pop(old, None)
            return path


def chunks(body: bytes) -> Iterator[bytes]:
    """*body* in slices of :data:`CHUNK` bytes, so that the server hands a large answer to
    a client as it reads it (the server waits while the client's buffer is full) rather
    than all at once into its own buffers."""
    if not body:
        yield b""
    for start in range(0, len(body), CHUNK):
        yield body[start : start + CHUNK]


class FileStream(Response):
    """A file sent from a descriptor opened when the answer is made (a newer version may
    remove the file meanwhile: the open descriptor keeps its data), read a chunk at a time
    off the event loop, and closed whatever ends the answer: its last byte, an error, a
    client that leaves (its ``send`` fails), a cancelled request."""

    def __init__(self, path: Path | BinaryIO, media_type: str, headers: dict[str, str]) -> None:
        super().__init__(content=None, media_type=media_type, headers=headers)
        self.handle = path.open("rb") if isinstance(path, Path) else path
        self.headers["content-length"] = str(os.fstat(self.handle.fileno()).st_size)

    @classmethod
    def spooled(cls, body: bytes, media_type: str, headers: dict[str, str]) -> FileStream:
        """*body* written to an unnamed temporary file and sent from it a chunk at a time:
        a large answer to a slow reader is not held in memory while it reads (the file has
        no name, so nothing outlives the descriptor)."""
        handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by __call__ whatever ends the answer
        try:
            handle.write(body)
            handle.seek(0)
        except OSError:
            handle.close()
            raise
        return cls(handle, media_type, headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await send({"type": "http.response.start", "status": self.status_code,
                        "headers": self.raw_headers})  # fmt: skip
            if scope.get("method") != "HEAD":
                while chunk := await anyio.to_thread.run_sync(self.handle.read, CHUNK):
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            self.handle.close()
