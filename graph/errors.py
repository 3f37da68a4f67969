"""One exception family for Kembar. ``kembar.api.errors`` maps each to an HTTP status once.

>>> issubclass(QuerySyntaxError, KembarError)
True
"""

from __future__ import annotations

__all__ = [
    "ImportDataError",
    "KembarError",
    "QueryRefusedError",
    "QuerySyntaxError",
    "QueryTimeoutError",
    "ResultTooLargeError",
    "StoreError",
    "SubmissionError",
    "UnknownFormatError",
]


class KembarError(Exception):
    """Base of every error Kembar reports to a user; its message is meant to be shown."""


class StoreError(KembarError):
    """The store cannot be opened or written, e.g. an unwritable ``--store`` folder."""


class QuerySyntaxError(KembarError):
    """A SPARQL query does not parse; the message names the line and column."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class UnknownFormatError(KembarError):
    """A format name is not one of the supported choices; the message lists them."""


class ImportDataError(KembarError):
    """An input file for import is malformed; the message names the line and the problem."""


class SubmissionError(KembarError):
    """A submission to the validator is malformed; the message names each field and problem.

    ``problems`` lists ``(path, message)`` pairs, e.g. ``("dates.signed", "Input should
    be a valid date ...")``, for the HTTP API to return as they are.
    """

    def __init__(self, message: str, problems: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class QueryRefusedError(KembarError):
    """A query this store will not run (SERVICE, an update, FROM an unknown graph); says why."""


class QueryTimeoutError(KembarError):
    """A query ran past its time limit and was stopped (its worker process was killed)."""


class ResultTooLargeError(KembarError):
    """A result grew past the byte limit while being serialised."""
