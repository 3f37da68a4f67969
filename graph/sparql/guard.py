"""Refuse queries that would make the store reach the network or change it.

Oxigraph executes ``SERVICE`` by fetching from the URL it names, so a public endpoint
that passes it on can be made to call any host (SSRF). Kembar refuses ``SERVICE`` unless
a setting allows it, refuses updates (``LOAD`` fetches too) on its query door, and refuses
``FROM``/``FROM NAMED`` for graphs the store does not hold (nothing would be fetched, but
the user should know why the answer is empty). The check reads the query's tokens, not
its text: keywords inside strings, IRIs and comments do not count, and SPARQL's
``\\uXXXX`` escapes are decoded first, as the parser does.

>>> check("SELECT * WHERE { ?s ?p 'SERVICE' } # SERVICE", graphs=set)
>>> check("select * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }", graphs=set)
Traceback (most recent call last):
...
kembar.graph.errors.QueryRefusedError: SERVICE (federated query) is disabled on this server: it would make the server fetch from another host
>>> check("LOAD <http://example.org/data.ttl>", graphs=set)
Traceback (most recent call last):
...
kembar.graph.errors.QueryRefusedError: LOAD is an update; this door only answers queries (SELECT, ASK, CONSTRUCT, DESCRIBE)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from kembar.graph.errors import QueryRefusedError

__all__ = ["cap_rows", "check", "from_graphs", "keywords", "query_form"]

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""
      (?P<long>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
    | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<comment>\#[^\n]*)
    | (?P<word>[A-Za-z_][A-Za-z_0-9-]*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), text)


def _tokens(text: str) -> Iterator[tuple[str, str]]:
    for match in _TOKEN.finditer(_unescape(text)):
        kind = match.lastgroup or "other"
        if kind not in {"comment", "other"} or not match[0].isspace():
            yield kind, match[0]


def keywords(text: str) -> list[str]:
    """The bare words of a query, upper-cased, outside strings, IRIs and comments.

    >>> keywords('PREFIX service: <http://e/SERVICE> SELECT ?s { ?s service:p "LOAD" }')
    ['PREFIX', 'SELECT']
    """
    tokens = list(_tokens(text))
    words = []
    for i, (kind, token) in enumerate(tokens):
        before = tokens[i - 1][1] if i else ""
        after = tokens[i + 1][1] if i + 1 < len(tokens) else ""
        # ?var, $var, prefix:local and the local part of a prefixed name are not keywords
        if kind == "word" and before not in {"?", "$", ":"} and after != ":":
            words.append(token.upper())
    return words


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (or an update keyword), whichever comes first.

    >>> query_form("PREFIX ex: <http://e/> CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    """
    return next((w for w in keywords(text) if w in QUERY_FORMS | UPDATES), None)


def from_graphs(text: str) -> list[str]:
    """The IRIs a query names in ``FROM`` or ``FROM NAMED``."""
    named = []
    tokens = [t for t in _tokens(text) if t[0] != "comment"]
    for i, (kind, token) in enumerate(tokens):
        if kind == "word" and token.upper() == "FROM":
            j = i + 1
            if j < len(tokens) and tokens[j][1].upper() == "NAMED":
                j += 1
            if j < len(tokens) and tokens[j][0] == "iri":
                named.append(tokens[j][1][1:-1])
    return named


def check(text: str, graphs: Callable[[], Iterable[str]], *, allow_service: bool = False) -> None:
    """Raise :class:`QueryRefusedError` if *text* must not run on this store.

    *graphs* gives the IRIs of the store's named graphs (asked only when the query has a
    ``FROM``); a ``FROM`` naming any other IRI is refused.
    """
    words = keywords(text)
    form = next((w for w in words if w in QUERY_FORMS | UPDATES), None)
    if form in UPDATES:
        raise QueryRefusedError(
            f"{form} is an update; this door only answers queries (SELECT, ASK, CONSTRUCT, DESCRIBE)"
        )
    if "SERVICE" in words and not allow_service:
        raise QueryRefusedError(
            "SERVICE (federated query) is disabled on this server: "
            "it would make the server fetch from another host"
        )
    named = from_graphs(text)
    held = set(graphs()) if named else set()
    for iri in named:
        if iri not in held:
            raise QueryRefusedError(
                f"FROM <{iri}> names a graph this store does not hold; nothing is fetched "
                f"from the web (the graphs are listed at /void)"
            )


def cap_rows(text: str, cap: int) -> str:
    """*text* with its outermost ``LIMIT`` lowered to *cap*, or ``LIMIT cap`` added.

    Only the query's own solution modifier is touched (brace depth 0), so a subquery's
    LIMIT stays as written; a trailing ``VALUES`` block stays last, as the grammar wants.
    Updates and unparseable text are returned unchanged (the parser will say why).

    >>> cap_rows("SELECT * { ?s ?p ?o }", 100)
    'SELECT * { ?s ?p ?o } LIMIT 100'
    >>> cap_rows("SELECT * { { SELECT ?s { ?s ?p ?o } LIMIT 5 } } LIMIT 100000", 100)
    'SELECT * { { SELECT ?s { ?s ?p ?o } LIMIT 5 } } LIMIT 100'
    >>> cap_rows("SELECT ?x { } VALUES ?x { 1 2 }", 10)
    'SELECT ?x { }  LIMIT 10 VALUES ?x { 1 2 }'
    """
    if query_form(text) not in QUERY_FORMS - {"ASK"}:
        return text
    source = _unescape(text)
    depth, limit_at, values_at = 0, None, None
    closed_where = False
    for match in _TOKEN.finditer(source):
        token = match[0]
        if match.lastgroup != "other" and match.lastgroup != "word":
            continue
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            closed_where = closed_where or depth == 0
        elif depth == 0 and closed_where and match.lastgroup == "word":
            if token.upper() == "LIMIT":
                limit_at = match.end()
            elif token.upper() == "VALUES":
                values_at = match.start()
    if limit_at is not None:
        number = re.match(r"\s*(\d+)", source[limit_at:])
        if number is None:
            return text
        start, end = limit_at + number.start(1), limit_at + number.end(1)
        return source[:start] + str(min(int(number[1]), cap)) + source[end:]
    if values_at is not None:
        return f"{source[:values_at]} LIMIT {cap} {source[values_at:]}"
    return f"{source.rstrip()} LIMIT {cap}"
