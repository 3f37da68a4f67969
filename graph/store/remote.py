"""Any SPARQL 1.1 server as Kembar's store: the part of pyoxigraph's ``Store`` that Kembar
uses, spoken over the SPARQL 1.1 Protocol (queries) and Update protocol (writes).

:class:`RemoteStore` sends each query to ``endpoint`` (POST, form-encoded, with
``default-graph-uri`` / ``named-graph-uri``) and each update to ``update_endpoint``; the
answers are parsed by pyoxigraph (solutions and booleans as ``QuerySolutions`` /
``QueryBoolean``, graphs as :class:`RemoteTriples`), so the rest of Kembar reads them as it
reads the embedded store's. The server must make its default graph the union of the
named graphs (Kembar keeps its data in named graphs): Virtuoso, GraphDB and QLever do;
start Oxigraph with ``--union-default-graph`` and Fuseki with ``unionDefaultGraph``.
Each write is one update request, which SPARQL servers apply atomically.
Network functions (``fn:``) run only inside the embedded store.
"""

from __future__ import annotations

import http.client
import io
import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from typing import IO

import pyoxigraph as ox
from kembar.graph.errors import RemoteStoreError

__all__ = ["RemoteStore", "RemoteStoreError", "RemoteTriples"]

log = logging.getLogger(__name__)

#: What a query asks the server for: results, or a graph (the answer's type tells which).
_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
#: What a CONSTRUCT or DESCRIBE asks for: a graph (Virtuoso would send a graph as JSON
#: solutions if results were acceptable).
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9"
_GRAPH_FORM = re.compile(
    r"^(?:\s|#[^\n]*\n|(?:PREFIX|BASE)\b[^\n]*\n)*(?:CONSTRUCT|DESCRIBE)\b", re.IGNORECASE
)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_QUADS = "SELECT * WHERE { GRAPH %(g)s { %(s)s %(p)s %(o)s } %(ours)s }"
_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } %(ours)s }"  # Virtuoso finds no graph in "{ }"
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } %(ours)s }"


class RemoteTriples:
    """The triples of a CONSTRUCT or DESCRIBE answered by a remote server."""

    def __init__(self, triples: list[ox.Triple]) -> None:
        self.triples = triples

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self.triples)

    def serialize(self, output: IO[bytes], format: ox.RdfFormat) -> None:
        ox.serialize(self.triples, output, format)


def _sparql(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph | ox.Triple) -> str:
    """A term in SPARQL (N-Triples) syntax."""
    if isinstance(term, ox.DefaultGraph):
        raise TypeError("the default graph has no name")
    return str(term)


class RemoteStore:
    """A SPARQL 1.1 server with pyoxigraph ``Store``'s methods (those Kembar calls)."""

    def __init__(
        self,
        endpoint: str,
        update_endpoint: str | None = None,
        timeout: float = 60.0,
        graphs: str | None = None,
    ):
        self.endpoint, self.update_endpoint, self.timeout = endpoint, update_endpoint, timeout
        #: Only named graphs whose IRI starts with this are the store's (a server such as
        #: Virtuoso keeps graphs of its own beside them); None: every named graph.
        self.graphs = graphs

    # -- HTTP ---------------------------------------------------------------------------

    def _post(
        self, url: str, fields: list[tuple[str, str]], accept: str, *, safe: bool = True
    ) -> tuple[bytes, str]:
        """POST the form *fields*; the answer's body and media type.

        A query (*safe*) whose connection the server closed before answering is sent once
        more, as HTTP lets a client do with a request that changes nothing (Virtuoso did so
        once in about sixty loads); an update is not, since it may have been applied.
        """
        if safe:
            try:
                return self._post_once(url, fields, accept)
            except http.client.RemoteDisconnected:
                log.info("the remote SPARQL store closed the connection; asking once more")
        try:
            return self._post_once(url, fields, accept)
        except http.client.RemoteDisconnected as error:
            log.warning("the remote SPARQL store at %s closed the connection: %s", url, str(error))
            raise RemoteStoreError(
                "the remote SPARQL store closed the connection before answering"
            ) from None

    def _post_once(self, url: str, fields: list[tuple[str, str]], accept: str) -> tuple[bytes, str]:
        body = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                media = answer.headers.get_content_type()
                state = answer.headers.get("X-SQL-State")
                if state:  # Virtuoso's "anytime" answer: what it found before its time limit
                    log.warning("the remote SPARQL store answered in part: %s %s", state,
                                answer.headers.get("X-SQL-Message", ""))  # fmt: skip
                    raise RemoteStoreError("the remote SPARQL store answered only in part "
                                           f"(its time limit, {state})")  # fmt: skip
                return bytes(answer.read()), media
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace").strip()[:300]
            if error.code == 400:  # the server's parser said no: a syntax error for the caller
                raise SyntaxError(detail or "the SPARQL server refused the query") from None
            log.warning("the remote SPARQL store answered %s: %s", error.code, detail)
            raise RemoteStoreError(f"the remote SPARQL store failed (HTTP {error.code})") from None
        except http.client.RemoteDisconnected:
            raise  # closed before an answer: the caller decides whether to ask again
        except OSError as error:  # refused, unreachable, timed out: the details go to the log
            log.warning("the remote SPARQL store at %s cannot be reached: %s", url, str(error))
            raise RemoteStoreError("the remote SPARQL store cannot be reached") from None

    # -- reading ------------------------------------------------------------------------

    def query(
        self,
        query: str,
        *,
        prefixes: dict[str, str] | None = None,
        base_iri: str | None = None,
        default_graph: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None,
        named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None,
        substitutions: Mapping[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]
        | None = None,
        **_ignored: object,
    ) -> ox.QuerySolutions | ox.QueryBoolean | RemoteTriples:
        """Run *query* on the server; the prefixes and base are declared in its prologue.

        *substitutions* become a ``VALUES`` block at the start of the query's ``WHERE``
        group, each term in its own escaped syntax (the protocol has no other way to pass
        them). Kembar's queries that take substitutions spell ``WHERE`` out, and use a
        substituted variable in a ``FILTER`` only at the top level of ``WHERE``: a nested
        group is evaluated on its own, where the ``VALUES`` binding is not yet joined.
        """
        if substitutions:
            query = _bind(query, substitutions)
        prologue = f"BASE <{base_iri}>\n" if base_iri else ""
        prologue += "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in (prefixes or {}).items())
        fields = [("query", prologue + query)]
        fields += [
            ("default-graph-uri", g.value)
            for g in default_graph or []
            if isinstance(g, ox.NamedNode)
        ]
        fields += [("named-graph-uri", g.value) for g in named_graphs or [] if isinstance(g, ox.NamedNode)]  # fmt: skip
        accept = _GRAPH_ACCEPT if _GRAPH_FORM.match(prologue + query) else _ACCEPT
        data, media = self._post(self.endpoint, fields, accept)
        if media in {"application/n-triples", "text/plain"}:
            return RemoteTriples([q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)])
        if media == "text/turtle":
            return RemoteTriples([q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE)])
        if media in {"application/sparql-results+json", "application/json"}:
            return ox.parse_query_results(_standard_json(data), format=ox.QueryResultsFormat.JSON)
        if media in {"application/sparql-results+xml", "application/xml"}:
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.XML)
        log.warning("the remote SPARQL store answered in %s", media)
        raise RemoteStoreError(f"the remote SPARQL store answered in an unexpected type ({media})")

    def quads_for_pattern(
        self,
        subject: ox.NamedNode | ox.BlankNode | None,
        predicate: ox.NamedNode | None,
        object: ox.NamedNode | ox.BlankNode | ox.Literal | None,
        graph_name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None = None,
    ) -> Iterator[ox.Quad]:
        """The quads of the named graphs that match (None matches anything)."""
        terms = {"s": subject, "p": predicate, "o": object, "g": graph_name}
        pattern = {k: _sparql(v) if v is not None else f"?{k}" for k, v in terms.items()}
        found = self.query(_QUADS % {**pattern, "ours": self._ours() if graph_name is None else ""})
        assert isinstance(found, ox.QuerySolutions)
        for row in found:
            s, p, o, g = (terms[k] if terms[k] is not None else row[k] for k in "spog")
            yield ox.Quad(s, p, o, g)  # type: ignore[arg-type]  # the server's terms, per position

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        found = self.query(_GRAPHS % {"ours": self._ours()})
        assert isinstance(found, ox.QuerySolutions)
        for row in found:
            graph = row["g"]
            if isinstance(graph, ox.NamedNode):
                yield graph

    def __iter__(self) -> Iterator[ox.Quad]:
        return self.quads_for_pattern(None, None, None, None)

    def __len__(self) -> int:
        found = self.query(_COUNT % {"ours": self._ours()})
        assert isinstance(found, ox.QuerySolutions)
        row = next(iter(found))
        return int(row["n"].value)

    def dump(
        self,
        output: IO[bytes],
        format: ox.RdfFormat,
        *,
        from_graph: ox.NamedNode | None = None,
        prefixes: dict[str, str] | None = None,
    ) -> None:
        if from_graph is None:
            ox.serialize(iter(self), output, format, prefixes=prefixes)
            return
        triples = (q.triple for q in self.quads_for_pattern(None, None, None, from_graph))
        ox.serialize(triples, output, format, prefixes=prefixes)

    def _ours(self) -> str:
        """The FILTER that keeps ``?g`` to the store's own graphs (empty without a prefix)."""
        if self.graphs is None:
            return ""
        return "FILTER (STRSTARTS(STR(?g), %s))" % _sparql(ox.Literal(self.graphs))

    # -- writing ------------------------------------------------------------------------

    def update(self, update: str) -> None:
        """Run a SPARQL update on the update endpoint (one request: all or nothing)."""
        if self.update_endpoint is None:
            raise RemoteStoreError("no update endpoint is set (KEMBAR_SPARQL_UPDATE_ENDPOINT)")
        self._post(self.update_endpoint, [("update", update)], "*/*", safe=False)

    def remove_graph(self, graph: ox.NamedNode) -> None:
        """Drop the named graph *graph* and everything in it (as ``pyoxigraph.Store`` does)."""
        self.update("DROP SILENT GRAPH " + _sparql(graph))

    def extend(self, quads: Iterable[ox.Quad], chunk: int = 250) -> None:
        """Insert *quads*: one update request per group of about *chunk* triples.

        Servers bound the size of one update (Virtuoso: 10,000 lines of the SQL it
        generates, about 500 triples), so a large insert is split; triples that share a
        blank node always travel together, since a blank node of one request is another node
        than the same label in the next. A split insert is not atomic: a failure leaves the
        groups before it written (a writer of agreements inserts far fewer triples).
        """
        groups = _by_blank_node(list(quads))
        batch: list[ox.Quad] = []
        for group in groups:
            if batch and len(batch) + len(group) > chunk:
                self._insert(batch)
                batch = []
            batch.extend(group)
        if batch:
            self._insert(batch)

    def _insert(self, quads: list[ox.Quad]) -> None:
        out = io.BytesIO()
        by_graph: dict[str, list[ox.Quad]] = {}
        for quad in quads:
            by_graph.setdefault(_sparql(quad.graph_name), []).append(quad)
        for graph, members in by_graph.items():
            out.write(f"GRAPH {graph} {{\n".encode())
            ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in members), out,
                         ox.RdfFormat.N_TRIPLES)  # fmt: skip
            out.write(b"}\n")
        # INSERT ... WHERE {}, not INSERT DATA: Virtuoso refuses blank nodes in INSERT DATA
        self.update("INSERT {\n" + out.getvalue().decode() + "} WHERE {}")

    def flush(self) -> None:
        """Nothing to do: the server persists what it accepts."""


def _standard_json(data: bytes) -> bytes:
    """SPARQL JSON results as the standard writes them, from Virtuoso's dialect: an ASK
    answered as a one-row table of ``__ASK_RETVAL``, blank nodes labelled ``nodeID://b1``.

    >>> _standard_json(b'{"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": '
    ...                b'[{"__ASK_RETVAL": {"type": "literal", "value": "1"}}]}}')
    b'{"head": {}, "boolean": true}'
    """
    if b"__ASK_RETVAL" not in data and b"nodeID://" not in data:
        return data
    document = json.loads(data)
    if document.get("head", {}).get("vars") == ["__ASK_RETVAL"]:
        rows = document.get("results", {}).get("bindings", [])
        value = rows[0]["__ASK_RETVAL"]["value"] if rows else "0"
        return json.dumps({"head": {}, "boolean": value in {"1", "true"}}).encode()
    for row in document.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("type") == "bnode":
                term["value"] = term["value"].removeprefix("nodeID://")
    return json.dumps(document).encode()


def _by_blank_node(quads: list[ox.Quad]) -> list[list[ox.Quad]]:
    """*quads* in groups: the quads that share a blank node (directly or through others)
    in one group, every other quad alone; in their first order."""
    parent: dict[int, int] = {}

    def root(n: int) -> int:
        while parent.get(n, n) != n:
            parent[n] = parent.get(parent[n], parent[n])
            n = parent[n]
        return n

    first: dict[str, int] = {}
    for n, quad in enumerate(quads):
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.BlankNode):
                seen = first.setdefault(term.value, n)
                parent[root(n)] = root(seen)
    groups: dict[int, list[ox.Quad]] = {}
    for n, quad in enumerate(quads):
        groups.setdefault(root(n), []).append(quad)
    return list(groups.values())


def _bind(
    query: str,
    substitutions: Mapping[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple],
) -> str:
    """*query* with a ``VALUES`` block of the substituted terms opening each ``WHERE`` group.

    >>> _bind("SELECT ?d WHERE { ?a kmb:signedOn ?d }", {ox.Variable("a"): ox.NamedNode("http://e/a")})
    'SELECT ?d WHERE { VALUES (?a) { (<http://e/a>) } ?a kmb:signedOn ?d }'
    """
    if _WHERE.search(query) is None:
        raise ValueError("a query with substitutions must spell out WHERE")
    names = " ".join(str(v) for v in substitutions)
    terms = " ".join(str(t) for t in substitutions.values())  # each term escaped by Oxigraph
    values = f" VALUES ({names}) {{ ({terms}) }}"
    # every WHERE, a subquery's too: a subquery that projects the variable binds it there
    return _WHERE.sub(lambda m: m[0] + values, query)
