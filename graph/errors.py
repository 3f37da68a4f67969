"""One exception family for Kembar, in four branches that say whose fault it is.

- :class:`ClientError`: the request is wrong (a malformed query, a refused one, a bad
  submission, a limit passed). The message says what to change; HTTP answers 4xx, the
  command line exits 2.
- :class:`UpstreamError`: something Kembar depends on failed (the remote SPARQL server,
  the store's disk). HTTP answers 502 or 503; the command line exits 2.
- :class:`UnavailableError`: Kembar is alive but cannot answer now (a query ran out of
  time, every worker is busy, a view is still being computed). HTTP answers 503 with
  ``Retry-After``.
- :class:`InternalError`: a bug met inside a worker process, logged there with an incident
  id; HTTP answers 500 naming the incident and nothing of the code.

Anything else that escapes is a bug: HTTP answers 500 with no trace, and the error is
logged. ``kembar.api.errors`` maps each class to its status once. Errors cross the pipe
from a query worker as their class and fields (:func:`to_wire`, :func:`from_wire`), so
the server raises the same class the worker did.

>>> issubclass(QuerySyntaxError, ClientError), issubclass(RemoteStoreError, UpstreamError)
(True, True)
>>> error = from_wire(*to_wire(QuerySyntaxError("SPARQL syntax error", 1, 7)))
>>> type(error).__name__, error.line, error.column
('QuerySyntaxError', 1, 7)
"""

from __future__ import annotations

import traceback
from typing import Any

__all__ = [
    "ClientError",
    "ConflictError",
    "ImportDataError",
    "InternalError",
    "KembarError",
    "LimitError",
    "NotFoundError",
    "QueryRefusedError",
    "QuerySyntaxError",
    "QueryTimeoutError",
    "RemoteStoreError",
    "ResultTooLargeError",
    "StoreError",
    "SubmissionError",
    "UnavailableError",
    "UnknownFormatError",
    "UpstreamError",
    "WorkerBusyError",
    "from_wire",
    "to_wire",
    "trace",
]


class KembarError(Exception):
    """Base of every error Kembar reports to a user; its message is meant to be shown."""


# -- the request is wrong ------------------------------------------------------------------


class ClientError(KembarError):
    """The request cannot be answered as sent; the message says what to change."""


class QuerySyntaxError(ClientError):
    """A SPARQL query does not parse; the message names the line and column."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class QueryRefusedError(ClientError):
    """A query this server will not run (SERVICE, an update, FROM an unknown graph); says why."""


class ResultTooLargeError(ClientError):
    """A result grew past the byte limit while being serialised."""


class UnknownFormatError(ClientError):
    """A format name is not one of the supported choices; the message lists them."""


class ImportDataError(ClientError):
    """An input file for import is malformed; the message names the line and the problem."""


class SubmissionError(ClientError):
    """A submission (to the validator, or an assessment) is malformed or breaks its format.

    ``problems`` lists ``(path, message)`` pairs, e.g. ``("dates.signed", "Input should
    be a valid date ...")``, for the HTTP API to return as they are; without problems the
    body did not even parse. ``kinds`` gives each problem's kind (``missing``,
    ``literal_error``...), which a page translates.
    """

    def __init__(
        self,
        message: str,
        problems: list[tuple[str, str]] | None = None,
        kinds: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.problems = problems or []
        self.kinds = kinds or []
        """The kind of each problem, in its order, when known (e.g. ``missing``)."""


class LimitError(ClientError):
    """A request passed one of the server's limits: size, nesting depth, items, triples.

    ``limit`` names the setting or limit (e.g. ``max_submission_bytes``), ``status`` is
    413 for sizes and 422 for the shape of a document.
    """

    def __init__(self, message: str, limit: str = "", status: int = 413) -> None:
        super().__init__(message)
        self.limit = limit
        self.status = status


class ConflictError(ClientError):
    """A write that contradicts the store: the agreement exists, or may not be removed."""


class NotFoundError(ClientError):
    """The thing asked for is not in the graph."""


# -- something Kembar depends on failed ------------------------------------------------------


class UpstreamError(KembarError):
    """A service or resource Kembar relies on failed; not the caller's fault."""


class StoreError(UpstreamError):
    """The store cannot be opened or written, e.g. an unwritable ``--store`` folder."""


class RemoteStoreError(UpstreamError):
    """The remote SPARQL server failed, or could not be reached."""


# -- alive, but not now ----------------------------------------------------------------------


class InternalError(KembarError):
    """A bug: an exception Kembar did not expect, logged with an incident id (500). Its
    message names the incident and nothing of the code."""

    def __init__(self, message: str, incident: str = "") -> None:
        super().__init__(message)
        self.incident = incident


class UnavailableError(KembarError):
    """Kembar cannot answer now; the same request may succeed later (``Retry-After``)."""


class QueryTimeoutError(UnavailableError):
    """A query or computation ran past its time limit and was stopped."""


class WorkerBusyError(UnavailableError):
    """Every worker stayed busy for the whole time limit, or a view is still being built."""


# -- across a process boundary ---------------------------------------------------------------

_SIMPLE = (str, int, float, bool, type(None), list, tuple)


def _classes(root: type[KembarError] = KembarError) -> dict[str, type[KembarError]]:
    found = {root.__name__: root}
    for sub in root.__subclasses__():
        found.update(_classes(sub))
    return found


def to_wire(error: KembarError) -> tuple[str, str, dict[str, Any]]:
    """The error as plain data: its class name, message and fields (picklable, no code)."""
    fields = {k: v for k, v in vars(error).items() if isinstance(v, _SIMPLE)}
    return type(error).__name__, str(error), fields


def from_wire(name: str, message: str, fields: dict[str, Any]) -> KembarError:
    """The error :func:`to_wire` described, as its own class (an unknown name: a bug).

    Raises
    ------
    LookupError
        When *name* is not a class of this family.
    """
    cls = _classes().get(name)
    if cls is None:
        raise LookupError(f"no Kembar error class is called {name!r}")
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(fields)
    return error


def trace(exc: BaseException) -> str:
    """*exc*'s traceback as text, its frames cleared: what a log of a bug records.

    Logged as text, a traceback keeps no frame alive in a handler that keeps records (a
    test's), nor what the frames' variables hold: an Oxigraph result may only be freed on
    the thread that made it, and a kept frame would free it on another.

    >>> try:
    ...     int("x")
    ... except ValueError as exc:
    ...     text = trace(exc)
    >>> text.splitlines()[-1]
    "ValueError: invalid literal for int() with base 10: 'x'"
    """
    # the innermost frames of each exception, and a bounded text: a bug met at depth (a
    # RecursionError's thousand frames) must not write a third of a megabyte per request
    text = "".join(traceback.format_exception(exc, limit=-TRACE_FRAMES))
    traceback.clear_frames(exc.__traceback__)
    if len(text) > TRACE_CHARACTERS:
        text = (
            f"[{len(text) - TRACE_CHARACTERS:,} characters left out]\n" + text[-TRACE_CHARACTERS:]
        )
    return text


#: Frames of each exception, and characters in all, that :func:`trace` keeps.
TRACE_FRAMES, TRACE_CHARACTERS = 40, 20_000
