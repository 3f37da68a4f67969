"""Work refused by cost before the costly step: the amplifying submissions of the outside
review (28,000 prefix declarations; an inline context of 12,000 scoped terms) and the
reconciliation batch of 150 one-letter words are refused or bounded, naming the limit."""

from __future__ import annotations

import json

import pytest
from kembar.graph.errors import LimitError
from kembar.graph.linkeddata.search import MAX_WORDS, index_of
from kembar.graph.store import KembarStore
from kembar.graph.validation.submission import (
    MAX_CONTEXT_TERMS,
    MAX_DECLARATIONS,
    MAX_KEYS,
    parse_submission,
)


def test_a_flood_of_prefix_declarations_is_refused_before_parsing() -> None:
    turtle = b"".join(b"@prefix p%d: <http://example.org/%d#> .\n" % (i, i) for i in range(20_000))
    with pytest.raises(
        LimitError, match="20,000 prefix and base declarations; the limit is 100"
    ) as got:
        parse_submission(turtle[:990_000], "flood.ttl", "text/turtle")
    assert got.value.limit == "max_declarations" and got.value.status == 422
    few = b"".join(
        b"PREFIX p%d: <http://example.org/%d#>\n" % (i, i) for i in range(MAX_DECLARATIONS)
    )
    with pytest.raises(Exception) as other:  # within the limit: parsed, then judged on content
        parse_submission(few + b"<urn:a> <urn:b> <urn:c> .", "few.ttl", "text/turtle")
    assert not isinstance(other.value, LimitError)


@pytest.mark.parametrize(("context", "limit"), [
    ({f"t{i}": {"@id": f"http://e/{i}", "@context": {"x": "http://e/x"}} for i in range(12_000)}, "max_keys"),
    ([{f"t{i}": {"@id": f"http://e/{i}", "@context": {"x": "http://e/x"}} for i in range(150)}] * 3,
     "max_context_terms"),
])  # fmt: skip
def test_an_inline_context_of_scoped_terms_is_refused(context: object, limit: str) -> None:
    document = json.dumps({"@context": context, "t1": "a"}).encode()
    with pytest.raises(LimitError) as got:
        parse_submission(document, "scoped.jsonld", "application/ld+json")
    assert got.value.limit == limit and str(
        MAX_KEYS if limit == "max_keys" else MAX_CONTEXT_TERMS
    ) in str(got.value)


def test_a_query_of_many_words_looks_for_a_few(store: KembarStore) -> None:
    index = index_of(store)
    calls: list[list[str]] = []
    original = index._holding

    def holding(words: list[str]) -> set[int]:
        calls.append(words)
        return original(words)

    index._holding = holding  # type: ignore[method-assign]
    try:
        index.search(" ".join("abcdefghijklmnopqrstuvwxyz"[j % 26] for j in range(150)))
    finally:
        del index._holding
    assert calls and all(len(words) <= MAX_WORDS for words in calls)
    assert index.search("kota kota bandung bandung")[0]["label"] == "Kota Bandung"
