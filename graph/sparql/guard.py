"""What a user's query may not do, said before it runs; and the row cap, applied to its text.

A public endpoint refuses ``SERVICE`` (Oxigraph would fetch from the URL it names),
updates (``LOAD`` fetches too, and the query door is read-only), ``FROM`` naming a graph
the store does not hold (nothing would be fetched, but the user should know why the
answer is empty), and queries nested or chained so deeply that parsing them would exhaust
a worker's stack. The refusal is this module's job; that nothing reaches the network is
the job of the query workers, which cannot open an internet socket at all
(:mod:`kembar.graph.runtime.sandbox`).

The guard reads the query with the SPARQL 1.1 grammar's own terminals (section 19.8 of
the recommendation): IRIs, prefixed names with every character their local part may
hold (``:``, ``%xx``, ``\\#`` and the other escapes), variables, blank nodes, strings,
numbers, language tags and comments. So a keyword is a keyword exactly where the parser
sees one: ``SERVICE`` next to a prefixed name ending in ``:`` is still ``SERVICE``, and a
``#`` inside a prefixed name does not start a comment. Like Oxigraph 0.5, it decodes
``\\uXXXX`` escapes only inside IRIs and strings.

>>> check("SELECT * WHERE { ?s ?p 'SERVICE' } # SERVICE", graphs=list)
>>> check("PREFIX : <http://127.0.0.1:1/> SELECT * { ?a kmb:p b: SERVICE :x { ?s ?p ?o } }", graphs=list)
Traceback (most recent call last):
...
kembar.graph.errors.QueryRefusedError: SERVICE (federated query) is disabled on this server: it would make the server fetch from another host
>>> check("LOAD <http://example.org/data.ttl>", graphs=list)
Traceback (most recent call last):
...
kembar.graph.errors.QueryRefusedError: LOAD is an update; this door only answers queries (SELECT, ASK, CONSTRUCT, DESCRIBE)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

from kembar.graph.errors import LimitError, QueryRefusedError
from kembar.ontology import ids

__all__ = [
    "MAX_CHAIN",
    "MAX_NESTING",
    "MAX_OPERATORS",
    "Token",
    "cap_rows",
    "check",
    "from_graphs",
    "keywords",
    "query_form",
    "tokens",
]

#: Deepest nesting of ``(``, ``{`` and ``[`` a query may have. Oxigraph's parser recurses
#: on each level: a worker's stack ran out at about 3,000 braces or 10,000 parentheses.
MAX_NESTING = 100
#: Most group keywords (``UNION``, ``OPTIONAL``, ``MINUS``, ``FILTER``, ``BIND``, ``VALUES``,
#: ``GRAPH``, ``SERVICE``) a query may hold; a chain of 10,000 UNIONs exhausted the stack.
MAX_CHAIN = 1_000
#: Most operator tokens (``+ - * / | || && ! = != < > <= >= ^ ^^``); 10,000 ``+`` did too.
MAX_OPERATORS = 2_000

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = rf"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = (
    rf"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
)
_VARNAME = rf"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_ECHAR = r"\\[tbnrf\\\"']"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

_TOKEN = re.compile(
    rf"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<long>'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}|{_UCHAR}))*'''
              |\"\"\"(?:(?:"|"")?(?:[^"\\]|{_ECHAR}|{_UCHAR}))*\"\"\")
    | (?P<string>'(?:[^'\\\n\r]|{_ECHAR}|{_UCHAR})*'|"(?:[^"\\\n\r]|{_ECHAR}|{_UCHAR})*")
    | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
    | (?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
    | (?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
    | (?P<var>[?$]{_VARNAME})
    | (?P<lang>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
    | (?P<number>[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.?[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+)
    | (?P<word>[A-Za-z_][A-Za-z_0-9]*)
    | (?P<operator>\|\||&&|!=|<=|>=|\^\^|[-+*/|!=<>^])
    | (?P<open>[({{\[])
    | (?P<close>[)}}\]])
    | (?P<punct>[.,;])
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LOCAL_ESCAPE = re.compile(r"\\(.)")

UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
#: Keywords a prefixed name may hide when glued to its colon (``SERVICE:x``, ``FROM:g``).
_GLUED = UPDATES | {"SERVICE", "FROM", "NAMED", "GRAPH", "INTO", "USING", "SILENT"}
QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_GROUP_KEYWORDS = {"UNION", "OPTIONAL", "MINUS", "FILTER", "BIND", "VALUES", "GRAPH", "SERVICE"}


@dataclass(frozen=True)
class Token:
    """One terminal of the query: its kind, its text and where it starts."""

    kind: str
    text: str
    start: int


def tokens(text: str) -> tuple[Token, ...]:
    """The query's terminals, whitespace and comments left out (read once per text: the
    guard, the answer type, the row cap and the worker all look at the same query).

    A prefixed name whose prefix is a keyword that can take an IRI (``SERVICE:x``,
    ``FROM:g``) comes out as that keyword and ``:x``: Oxigraph's parser reads it so.

    Parameters
    ----------
    text : str
        A SPARQL query (or anything: an unknown character is an ``other`` token).

    Returns
    -------
    tuple of Token

    Examples
    --------
    >>> [(t.kind, t.text) for t in tokens("?s kmb:a\\\\#b SERVICE")]
    [('var', '?s'), ('pname', 'kmb:a\\\\#b'), ('word', 'SERVICE')]
    """
    return _tokens(text)


@lru_cache(maxsize=64)
def _tokens(text: str) -> tuple[Token, ...]:
    return tuple(_scan(text))


def _scan(text: str) -> Iterator[Token]:
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind in {"ws", "comment"}:
            continue
        prefix, colon, local = match[0].partition(":")
        if kind == "pname" and prefix.upper() in _GLUED:
            # Oxigraph's parser tries the keyword before the prefixed name: "SERVICE:x" is
            # SERVICE and ":x" to it, so the guard reads it both ways and takes the keyword
            yield Token("word", prefix, match.start())
            yield Token("pname", colon + local, match.start() + len(prefix))
        else:
            yield Token(kind, match[0], match.start())


def keywords(text: str) -> list[str]:
    """The bare words of a query, upper-cased: keywords, function names, ``a``.

    Words inside strings, IRIs, comments, prefixed names and variables do not count.

    Parameters
    ----------
    text : str
        The query.

    Returns
    -------
    list of str

    Examples
    --------
    >>> keywords('PREFIX ex: <http://e/SERVICE> SELECT ?s { ?s ex:p "LOAD" } # FROM')
    ['PREFIX', 'SELECT']
    >>> keywords("SELECT * { SERVICE:x { } }")  # Oxigraph reads SERVICE and :x
    ['SELECT', 'SERVICE']
    """
    return [t.text.upper() for t in tokens(text) if t.kind == "word"]


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (or an update keyword), whichever comes first.

    Parameters
    ----------
    text : str
        The query.

    Returns
    -------
    str or None
        None when the text has none of them.

    Examples
    --------
    >>> query_form("PREFIX ex: <http://e/> CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    """
    return next((w for w in keywords(text) if w in QUERY_FORMS | UPDATES), None)


def _unescape(iri: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), iri)


def from_graphs(text: str) -> list[str]:
    """The IRIs a query names in ``FROM`` or ``FROM NAMED``, prefixed names resolved.

    Parameters
    ----------
    text : str
        The query; its ``PREFIX`` and ``BASE`` declarations, and Kembar's predeclared
        prefixes, resolve the names.

    Returns
    -------
    list of str

    Examples
    --------
    >>> from_graphs("PREFIX ex: <http://e/> SELECT * FROM ex:g FROM NAMED <http://f/h> { }")
    ['http://e/g', 'http://f/h']
    """
    prefixes = dict(ids.PREFIXES)
    base = ""
    found = []
    stream = list(tokens(text))
    for i, token in enumerate(stream):
        word = token.text.upper() if token.kind == "word" else ""
        after = stream[i + 1 : i + 3]
        if word == "PREFIX" and len(after) == 2 and after[0].kind == "pname":
            prefixes[after[0].text[:-1]] = urljoin(base, _unescape(after[1].text[1:-1]))
        elif word == "BASE" and after and after[0].kind == "iri":
            base = urljoin(base, _unescape(after[0].text[1:-1]))
        elif word == "FROM":
            target = (
                after[1]
                if after and after[0].text.upper() == "NAMED"
                else after[0]
                if after
                else None
            )
            if target is not None and target.kind == "iri":
                found.append(urljoin(base, _unescape(target.text[1:-1])))
            elif target is not None and target.kind == "pname":
                prefix, _, local = target.text.partition(":")
                found.append(prefixes.get(prefix, f"{prefix}:") + _LOCAL_ESCAPE.sub(r"\1", local))
    return found


def _parenthesis_depth(text: str) -> int:
    depth = deepest = 0
    for char in text:
        depth += (char == "(") - (char == ")")
        deepest = max(deepest, depth)
    return deepest


def check(text: str, graphs: Callable[[], Iterable[str]], *, allow_service: bool = False) -> None:
    """Refuse *text* if it must not run on this store; say why.

    Parameters
    ----------
    text : str
        The query.
    graphs : callable
        Gives the IRIs of the store's named graphs (asked only when the query has a
        ``FROM``).
    allow_service : bool
        Let ``SERVICE`` through (the operator's choice).

    Raises
    ------
    QueryRefusedError
        For an update, ``SERVICE``, or a ``FROM`` naming a graph the store does not hold.
    LimitError
        For nesting deeper than :data:`MAX_NESTING`, more than :data:`MAX_CHAIN` group
        keywords or :data:`MAX_OPERATORS` operators (422, naming the limit).
    """
    depth = deepest = groups = operators = 0
    form = None
    service = False
    for token in tokens(text):
        if token.kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif token.kind == "close":
            depth -= 1
        elif token.kind == "iri" and "(" in token.text:
            # where an operator is expected, Oxigraph reads "<" as "less than": count what
            # an IRI-looking run would hide from the nesting depth
            deepest = max(deepest, depth + _parenthesis_depth(token.text))
        elif token.kind == "operator":
            operators += 1
        elif token.kind == "word":
            word = token.text.upper()
            form = form or (word if word in QUERY_FORMS | UPDATES else None)
            groups += word in _GROUP_KEYWORDS
            service = service or word == "SERVICE"
    for found, limit, what in (
        (deepest, MAX_NESTING, "nests brackets deeper than"),
        (groups, MAX_CHAIN, "has more group keywords (UNION, OPTIONAL, FILTER...) than"),
        (operators, MAX_OPERATORS, "has more operators than"),
    ):
        if found > limit:
            raise LimitError(f"the query {what} {limit} ({found}); simplify it", "query", 400)
    if form in UPDATES:
        raise QueryRefusedError(
            f"{form} is an update; this door only answers queries (SELECT, ASK, CONSTRUCT, DESCRIBE)"
        )
    if service and not allow_service:
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

    Only the query's own solution modifier is touched (brace depth 0, after the ``WHERE``
    group), so a subquery's LIMIT stays as written; a trailing ``VALUES`` block stays last,
    as the grammar wants. ASK, updates and text without a query form come back unchanged.

    Parameters
    ----------
    text : str
        The query.
    cap : int
        The most rows the answer may have.

    Returns
    -------
    str

    Examples
    --------
    >>> cap_rows("SELECT * { ?s ?p ?o }", 100)
    'SELECT * { ?s ?p ?o } LIMIT 100'
    >>> cap_rows("SELECT * { ?s ?p ?o } # every triple", 100)
    'SELECT * { ?s ?p ?o } # every triple\\nLIMIT 100'
    >>> cap_rows("SELECT * { { SELECT ?s { ?s ?p ?o } LIMIT 5 } } LIMIT 100000", 100)
    'SELECT * { { SELECT ?s { ?s ?p ?o } LIMIT 5 } } LIMIT 100'
    >>> cap_rows("SELECT ?x { } VALUES ?x { 1 2 }", 10)
    'SELECT ?x { }  LIMIT 10 VALUES ?x { 1 2 }'
    >>> cap_rows("SELECT * { ?s kmb:a\\\\#b ?o } LIMIT 1000000", 10)
    'SELECT * { ?s kmb:a\\\\#b ?o } LIMIT 10'
    """
    if query_form(text) not in QUERY_FORMS - {"ASK"}:
        return text
    depth, closed_where = 0, False
    limit: Token | None = None
    values: Token | None = None
    stream = list(tokens(text))
    for i, token in enumerate(stream):
        if token.kind == "open" and token.text == "{":
            depth += 1
        elif token.kind == "close" and token.text == "}":
            depth -= 1
            closed_where = closed_where or depth == 0
        elif depth == 0 and closed_where and token.kind == "word":
            if token.text.upper() == "LIMIT" and i + 1 < len(stream):
                limit = stream[i + 1]
            elif token.text.upper() == "VALUES":
                values = token
    if limit is not None:
        if limit.kind != "number" or not limit.text.isdigit():
            return text  # not a number: the parser will say why
        lowered = str(min(int(limit.text), cap))
        return text[: limit.start] + lowered + text[limit.start + len(limit.text) :]
    if values is not None:
        return f"{text[: values.start]} LIMIT {cap} {text[values.start :]}"
    last = stream[-1] if stream else None
    tail = text[last.start + len(last.text) :] if last else text
    # after a trailing comment, on a line of its own; else on the same line, so that a
    # syntax error still points at the user's own line and column
    separator = "\n" if "#" in tail else " "
    return f"{text.rstrip()}{separator}LIMIT {cap}"
