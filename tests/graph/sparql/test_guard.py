"""The guard reads a query as Oxigraph does: what it refuses, what it lets through, the row cap.

Regression tests of the outside review (issue 12, finding 2) and differential tests against
Oxigraph itself: whatever the guard lets through must not make Oxigraph connect anywhere,
and whatever row cap it writes must hold.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kembar.graph.errors import LimitError, QueryRefusedError
from kembar.graph.sparql.guard import cap_rows, check, from_graphs, keywords, tokens
from kembar.ontology import ids

from tests.listening import listening

PORT = 9  # discard; the bypass payloads below never reach it in these unit tests


@pytest.mark.parametrize(
    "query",
    [
        # a keyword next to a ":" (the reviewer read an internal service this way)
        f"PREFIX : <http://127.0.0.1:{PORT}/> SELECT * WHERE {{ SERVICE :internal {{ ?s ?p ?o }} }}",
        # a prefixed name ending in ":" just before SERVICE, also with the built-in kms:
        f"SELECT * WHERE {{ ?a kmb:party b: SERVICE <http://127.0.0.1:{PORT}/> {{ ?x ?y ?z }} }}",
        f"SELECT * WHERE {{ ?a kmb:party kms: SERVICE <http://127.0.0.1:{PORT}/> {{ ?x ?y ?z }} }}",
        # a property path ending in a bare prefix
        f"SELECT * WHERE {{ ?s kmb:none* kms: SERVICE <http://127.0.0.1:{PORT}/> {{ ?x ?y ?z }} }}",
        # \\# inside a prefixed name is no comment
        f"SELECT * WHERE {{ ?s kmb:a\\#b ?o SERVICE <http://127.0.0.1:{PORT}/> {{ ?x ?y ?z }} }}",
        # a keyword glued to the empty prefix (found by the differential test below)
        f"PREFIX : <http://127.0.0.1:{PORT}/> SELECT * WHERE {{ SERVICE:{{ ?x ?y ?z }} }}",
        # glued to other tokens, lower case, SILENT, inside OPTIONAL / subquery / EXISTS
        f"SELECT*{{?s?p?o.service silent<http://127.0.0.1:{PORT}/>{{?x?y?z}}}}",
        f"SELECT * {{ OPTIONAL {{ SERVICE <http://127.0.0.1:{PORT}/> {{ ?x ?y ?z }} }} }}",
        f"SELECT * {{ {{ SELECT * {{ SERVICE ?where {{ ?x ?y ?z }} }} }} VALUES ?where {{ <http://127.0.0.1:{PORT}/> }} }}",
        f"ASK {{ FILTER EXISTS {{ SERVICE <http://127.0.0.1:{PORT}/> {{ ?x ?y ?z }} }} }}",
    ],
)
def test_service_is_refused_however_it_is_written(query: str) -> None:
    with pytest.raises(QueryRefusedError, match="SERVICE"):
        check(query, list)


def test_a_local_name_may_hold_an_escaped_hash() -> None:
    assert [t.kind for t in tokens("kmb:a\\#b")] == ["pname"]
    assert keywords("SELECT * { ?s kmb:a\\#b ?o } # SERVICE") == ["SELECT"]


def test_from_with_a_prefixed_name_is_resolved_and_checked() -> None:
    """Regression (finding 2): a \\# hid a FROM from the check."""
    query = "SELECT * FROM kmb:x\\#y { ?s ?p ?o }"
    assert from_graphs(query) == [ids.PREFIXES["kmb"] + "x#y"]
    with pytest.raises(QueryRefusedError, match="names a graph this store does not hold"):
        check(query, list)
    check(f"SELECT * FROM <{ids.graph_iri('data')}> {{ }}", lambda: [str(ids.graph_iri("data"))])


def test_escapes_outside_iris_and_strings_are_not_decoded() -> None:
    """Oxigraph 0.5 reads SERV\\u0049CE as a syntax error, not as SERVICE: so does the guard."""
    assert "SERVICE" not in keywords("SELECT * { SERV\\u0049CE <http://a/> { } }")
    assert from_graphs("SELECT * FROM <http://a/\\u0067> { }") == ["http://a/g"]


@pytest.mark.parametrize(
    ("query", "limit"),
    [
        ("SELECT * WHERE { FILTER(" + "(" * 5_000 + "1" + ")" * 5_000 + ") }", "nests brackets"),
        ("SELECT * WHERE " + "{" * 3_000 + "}" * 3_000, "nests brackets"),
        ("SELECT * WHERE { ?s ?p ?o " + " OPTIONAL { ?s ?p ?o }" * 3_000 + " }", "group keywords"),
        ("SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 10_000) + " }", "group keywords"),
        ("SELECT * WHERE { FILTER(" + "+".join(["1"] * 10_000) + ") }", "operators"),
        # where "<" is an operator, an IRI-looking run must not hide parentheses
        ("SELECT * { FILTER(?a<" + "(" * 500 + "1" + ")" * 500 + ">?b) }", "nests brackets"),
    ],
)
def test_deep_nesting_is_refused_naming_the_limit(query: str, limit: str) -> None:
    """Regression (finding 7): such queries killed a worker; now they are a 400, as the SPARQL protocol answers a query it will not run."""
    with pytest.raises(LimitError, match=limit) as refused:
        check(query, list)
    assert refused.value.status == 400 and refused.value.limit == "query"


# -- the row cap holds, whatever the text ------------------------------------------------------


@pytest.fixture(scope="module")
def many() -> ox.Store:
    """A store with 500 triples in one named graph."""
    store = ox.Store()
    graph = ox.NamedNode("https://example.org/g")
    store.extend(
        ox.Quad(ox.NamedNode(f"https://example.org/s{i}"), ox.NamedNode("https://example.org/p"),
                ox.Literal(str(i)), graph)
        for i in range(500)
    )  # fmt: skip
    return store


def _rows(store: ox.Store, query: str) -> int | None:
    try:
        result = store.query(query, use_default_graph_as_union=True, prefixes=ids.PREFIXES)
    except SyntaxError:
        return None
    return sum(1 for _ in result) if isinstance(result, ox.QuerySolutions) else None


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p ?o }\n# the whole graph",
        "SELECT * WHERE { ?s ?p ?o FILTER (?p != kmb:x\\#) }\n# the whole graph",
        "SELECT * WHERE { ?s ?p ?o } LIMIT 100000",
        "SELECT * WHERE { ?s ?p ?o } LIMIT 100000 # more",
        "SELECT * WHERE { { SELECT * { ?s ?p ?o } LIMIT 400 } }",
        "SELECT ?s WHERE { ?s ?p ?o } VALUES ?s { UNDEF }",
        "SELECT * WHERE { ?s ?p ?o FILTER (?o != '}') }",
        'SELECT * WHERE { ?s ?p ?o FILTER (?o != """LIMIT 5 }""") }',
        "SELECT * WHERE { ?s kmb:a\\#b ?o }  UNION { ?s ?p ?o } }",
    ],
)
def test_the_row_cap_holds(many: ox.Store, query: str) -> None:
    """Regression (finding 2): a \\# and a trailing comment let 251,712 rows out under a cap
    of 10,000."""
    capped = _rows(many, cap_rows(query, 10))
    assert capped is None or capped <= 10
    if _rows(many, query) is not None:  # what parses before the cap parses after it
        assert capped is not None


_PIECES = [
    "?s ?p ?o", ".", "{", "}", "(", ")", "kmb:a\\#b", "kmb:x\\#", "b:", "kms:", ":x", "kmb:none*",
    "# c", "\n", "'}'", '"LIMIT 1"', "<https://example.org/p>", "LIMIT 3", "OPTIONAL", "UNION",
    "FILTER(?o != 1)", "SELECT * WHERE", "ORDER BY ?s", "VALUES ?s { UNDEF }", "?a<?b", ">",
]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14))
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_row_cap_holds_on_generated_text(many: ox.Store, pieces: list[str]) -> None:
    query = "SELECT * WHERE { ?s ?p ?o " + " ".join(pieces) + " }"
    capped = _rows(many, cap_rows(query, 7))
    assert capped is None or capped <= 7, query


# -- what the guard lets through never makes Oxigraph connect ----------------------------------


@pytest.fixture(scope="module")
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A socket on localhost that records every connection made to it."""
    with listening() as found:
        yield found


_BEFORE = ["", "?s ?p ?o .", "?a kmb:party b: .", "?a kmb:party b:", "?s kmb:none* kms:",
           "?s kmb:a\\#b ?o .", "?s ?p 'SERVICE' .", "# SERVICE <x>\n"]  # fmt: skip
_KEYWORD = ["SERVICE", "service", "SeRvIcE", "SERV\\u0049CE", "SERVICE SILENT"]
_TARGET = ["<TRAP>", ":", ":x", "?where", "<TRAP\\u0078>"]
_WRAP = ["{}", "OPTIONAL {{ {} }}", "{{ {} }} UNION {{ ?a ?b ?c }}", "FILTER EXISTS {{ {} }}",
         "{{ SELECT * {{ {} }} }}", "MINUS {{ {} }}"]  # fmt: skip
_GAP = [" ", "\n", "\t", " # note\n", ""]


@st.composite
def service_queries(draw: st.DrawFn) -> str:
    """Queries that call SERVICE on the trap, written every way the grammar allows."""
    gap = draw(st.sampled_from(_GAP))
    call = gap.join(
        [draw(st.sampled_from(_KEYWORD)), draw(st.sampled_from(_TARGET)), "{ ?x ?y ?z }"]
    )
    body = draw(st.sampled_from(_WRAP)).format(call)
    values = " VALUES ?where { <TRAP> }" if "?where" in call else ""
    return f"SELECT * WHERE {{ {draw(st.sampled_from(_BEFORE))}{gap}{body} }}{values}"


@given(service_queries())
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_what_the_guard_lets_through_never_connects(
    listener: tuple[int, list[bytes]], template: str
) -> None:
    """Differential: the guard against Oxigraph itself, run here without the sandbox. Any
    text the guard does not refuse, Oxigraph may run: it must not reach the socket."""
    port, seen = listener
    trap = f"http://127.0.0.1:{port}/"
    query = f"PREFIX : <{trap}> " + template.replace("TRAP", trap)
    try:
        check(query, list)
    except (QueryRefusedError, LimitError):
        return
    before = len(seen)
    try:
        list(ox.Store().query(query, prefixes=ids.PREFIXES))
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass
    assert len(seen) == before, query
