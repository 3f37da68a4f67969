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
from rdflib import Graph, Literal
from rdflib.compare import isomorphic


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


@pytest.mark.parametrize("separator", [b" ", b"\r", b"\t"], ids=["one line", "CR", "tab"])
@pytest.mark.parametrize("form", [b"@prefix p%d: <http://example.org/%d#> .", b"PREFIX p%d: <http://example.org/%d#>"])  # fmt: skip
def test_declarations_count_wherever_they_stand(separator: bytes, form: bytes) -> None:
    """Turtle lets declarations share a line or be parted by any white space: each counts."""
    turtle = separator.join(form % (i, i) for i in range(20_000))
    with pytest.raises(LimitError, match="20,000 prefix and base declarations") as got:
        parse_submission(turtle[:990_000], "flood.ttl", "text/turtle")
    assert got.value.limit == "max_declarations"


def test_a_turtle_submission_is_read_once_by_oxigraph_as_rdflib_would() -> None:
    """rdflib never parses the submitted text (its reader is slow in the declarations):
    the graph comes from Oxigraph's reading, terms as rdflib's own reader makes them."""
    json_doc = {"format": "kembar-agreement/1", "form": "sister_city", "duration_years": 5,
                "indonesian_party": {"name": "Kota Bandung", "level": "kota"},
                "foreign_party": {"name": "Aarhus", "country": "DK"},
                "dates": {"signed": "2016-03-01"}}  # fmt: skip
    turtle = parse_submission(json.dumps(json_doc).encode(), "a.json").graph.serialize(
        format="turtle"
    )
    mine = parse_submission(turtle.encode(), "a.ttl").graph
    theirs = Graph().parse(data=turtle, format="turtle")
    assert len(mine) > 10 and isomorphic(mine, theirs)  # plain strings carry no datatype
    assert Literal("Aarhus") in set(mine.objects())


@pytest.mark.parametrize(("context", "limit"), [
    ({f"t{i}": {"@id": f"http://e/{i}", "@context": {"x": "http://e/x"}} for i in range(12_000)}, "max_keys"),
    ([{f"t{i}": {"@id": f"http://e/{i}", "@context": {"x": "http://e/x"}} for i in range(150)}] * 3,
     "max_context_terms"),
    (["https://w3id.org/kembar/context.jsonld"] * 11, "max_context_terms"),  # each one inlined
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


def test_the_packaged_context_named_in_every_node_counts_each_time() -> None:
    """The packaged context is inlined wherever a document names it: named in a hundred
    nodes, it is a hundred contexts to process (the outside review's 10,100 took 10 s)."""
    context = "https://w3id.org/kembar/context.jsonld"
    nodes = [{"@context": context, "@id": f"urn:n{i}"} for i in range(100)]
    document = json.dumps({"@context": context, "@graph": nodes}).encode()
    with pytest.raises(LimitError) as got:
        parse_submission(document, "many.jsonld", "application/ld+json")
    assert got.value.limit == "max_context_terms" and got.value.status == 422


@pytest.mark.parametrize("name", ["huge.json", "huge.jsonld"])
def test_a_number_of_thousands_of_digits_is_refused_naming_the_limit(name: str) -> None:
    """Python will not read an integer of more than 4,300 digits: a 422 naming that limit,
    not a bug (the outside review's 500)."""
    context = '"@context": "https://w3id.org/kembar/context.jsonld", ' if "ld" in name else ""
    document = ("{" + context + '"duration_years": ' + "9" * 5_000 + "}").encode()
    with pytest.raises(LimitError, match="a number has more than 4,300 digits") as got:
        parse_submission(document, name)
    assert got.value.limit == "max_digits" and got.value.status == 422
