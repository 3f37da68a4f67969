"""Content negotiation by ``Accept``, with q-values (python-mimeparse does the parsing).

>>> negotiate("text/turtle;q=0.5, application/json", ["application/json", "text/turtle"])
'application/json'
>>> negotiate(None, ["application/json", "text/turtle"])
'application/json'
>>> negotiate("text/html", ["application/json"]) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import mimeparse

__all__ = ["negotiate"]


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer that *accept* prefers; the first offer when ties or no header; None if none fits.

    A malformed header is ignored, as RFC 9110 allows, and the first offer is served.
    """
    if not accept or not accept.strip():
        return offers[0]
    if len(accept) > _CACHED:  # a long header is worked out each time, never kept
        return _choose(accept, tuple(offers))
    return _best(accept, tuple(offers))


#: The longest Accept header kept in the memo (browsers send about 100 characters).
_CACHED = 512


def _choose(accept: str, offers: tuple[str, ...]) -> str | None:
    try:
        # mimeparse breaks ties in favour of the last candidate: give it ours reversed
        best = mimeparse.best_match(list(reversed(offers)), accept)
    except mimeparse.MimeTypeParseException:
        return offers[0]
    return best or None


#: Clients send a handful of Accept headers, again and again.
_best = lru_cache(maxsize=1024)(_choose)
