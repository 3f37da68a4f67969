"""The exception family: three branches, and errors that cross a process pipe intact."""

from __future__ import annotations

import pickle

import pytest
from kembar.graph import errors
from kembar.graph.errors import (
    ClientError,
    InternalError,
    KembarError,
    LimitError,
    QuerySyntaxError,
    SubmissionError,
    UnavailableError,
    UpstreamError,
    from_wire,
    to_wire,
)

FAMILY = [getattr(errors, name) for name in errors.__all__ if name[0].isupper()]


@pytest.mark.parametrize("cls", FAMILY, ids=lambda c: c.__name__)
def test_every_error_is_in_exactly_one_branch(cls: type[KembarError]) -> None:
    roots = (ClientError, UpstreamError, UnavailableError, InternalError)  # InternalError: a bug
    if cls in (KembarError,) or cls in roots:
        return
    branches = [b for b in roots if issubclass(cls, b)]
    assert len(branches) == 1, cls


@pytest.mark.parametrize(
    "error",
    [
        QuerySyntaxError("SPARQL syntax error at 2:5", 2, 5),
        SubmissionError("x.json: form: bad", [("form", "bad")]),
        LimitError("the body is larger than 10 bytes", "max_submission_bytes", 413),
        errors.RemoteStoreError("the remote SPARQL store cannot be reached"),
        errors.QueryTimeoutError("the query ran longer than 10 s and was stopped"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_an_error_crosses_the_pipe_as_its_class_with_its_fields(error: KembarError) -> None:
    wire = pickle.loads(pickle.dumps(to_wire(error)))  # what a worker's pipe carries
    back = from_wire(*wire)
    assert type(back) is type(error) and str(back) == str(error)
    assert vars(back) == vars(error)


def test_an_unknown_class_name_is_a_bug_not_a_guess() -> None:
    with pytest.raises(LookupError):
        from_wire("SystemExit", "bye", {})


def test_the_trace_of_a_bug_met_deep_in_a_recursion_is_bounded() -> None:
    """A RecursionError's thousand frames (two alternating functions, which the traceback
    module cannot fold) are logged as the innermost frames, within a bounded text."""

    def down(n: int) -> int:
        return [up(n)][0]

    def up(n: int) -> int:
        return down(n + 1)

    with pytest.raises(RecursionError) as caught:
        down(0)
    text = errors.trace(caught.value)
    assert len(text) <= errors.TRACE_CHARACTERS + 100
    assert text.rstrip().endswith("RecursionError: maximum recursion depth exceeded")
    assert text.count("in down") + text.count("in up") <= errors.TRACE_FRAMES
    assert "in down" in text and "in up" in text
