"""The Kembar store: a pyoxigraph ``Store`` holding the named graphs of design.md section 2.

The curated graph (ontology, shapes, data) is packaged as Turtle and loaded on start into the
named graphs ``graph/ontology``, ``graph/shapes`` and ``graph/data``
(:mod:`kembar.graph.store.packaged`); imports go to ``graph/import/{name}``. Queries see the
union of all graphs as their default graph. Results are serialised by Oxigraph itself.

This is the trusted door: the queries it runs are Kembar's own texts, with user values
passed as terms (``substitutions=``), never pasted. Queries from users go through
:mod:`kembar.graph.sparql` (the guard, and worker processes that cannot reach the network).

>>> store = KembarStore()
>>> store.ask("ASK { ?a a <https://w3id.org/kembar/ontology#SisterCityAgreement> }")
True
"""

from __future__ import annotations

import gc
import os
import re
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, TypeVar

import pyoxigraph as ox
from kembar.graph.errors import QueryRefusedError, QuerySyntaxError, StoreError, UnknownFormatError
from kembar.graph.store import derive as derivation
from kembar.graph.store.memo import VersionMemo
from kembar.graph.store.packaged import packaged_graphs
from kembar.graph.store.remote import RemoteStore, RemoteTriples
from kembar.ontology import ids
from kembar.ontology.namespace import KMB

__all__ = [
    "AGREEMENT_KINDS",
    "GRAPH_FORMATS",
    "GRAPH_RESULTS",
    "RESULT_FORMATS",
    "FunctionTable",
    "GraphCount",
    "KembarStore",
    "QueryResult",
    "Term",
    "graph_format",
    "named",
    "sparql_terms",
    "subclasses",
]

T = TypeVar("T")

#: Result formats for SELECT/ASK, by the names the CLI and the API accept.
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
#: RDF formats for CONSTRUCT/DESCRIBE and exports.
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | RemoteTriples
#: What a CONSTRUCT or DESCRIBE gives: Oxigraph's triples, or a remote server's.
GRAPH_RESULTS = (ox.QueryTriples, RemoteTriples)

_POSITION = re.compile(r"(\d+):(\d+)")

#: An RDF term as pyoxigraph gives it, and as substitutions take it.
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
#: SPARQL extension functions by IRI, as Oxigraph's ``custom_functions`` takes them.
FunctionTable = Mapping[ox.NamedNode, Callable[..., Term | None]]


def graph_format(name: str) -> ox.RdfFormat:
    """The RDF format called *name* (``turtle``, ``ttl``, ``nt``, ``nq``, ``trig``, ``jsonld`` ...).

    Parameters
    ----------
    name : str
        A format name as the command line and the API accept it.

    Returns
    -------
    pyoxigraph.RdfFormat

    Raises
    ------
    UnknownFormatError
        When *name* is not one of :data:`GRAPH_FORMATS`; the message lists them.

    Examples
    --------
    >>> graph_format("ttl") == ox.RdfFormat.TURTLE
    True
    """
    try:
        return GRAPH_FORMATS[name]
    except KeyError:
        raise UnknownFormatError(
            f"unknown RDF format {name!r}; choose one of {', '.join(GRAPH_FORMATS)}"
        ) from None


def named(iri: str) -> ox.NamedNode:
    """An IRI (an rdflib ``URIRef`` from a namespace, or a string) as an Oxigraph term.

    Parameters
    ----------
    iri : str
        The IRI; pyoxigraph checks it (``ValueError`` if it is not one).

    Returns
    -------
    pyoxigraph.NamedNode

    Examples
    --------
    >>> from rdflib import RDFS
    >>> named(RDFS.label)
    <NamedNode value=http://www.w3.org/2000/01/rdf-schema#label>
    """
    return ox.NamedNode(str(iri))


_node = named


def sparql_terms(terms: Iterable[Term]) -> str:
    """Terms in SPARQL syntax, each written (and escaped) by Oxigraph, for a ``VALUES`` list.

    How a list of user values reaches a query text: as validated, escaped terms, never as
    pasted text. A single value goes as a substitution instead (:meth:`KembarStore.query`).

    Parameters
    ----------
    terms : iterable of terms
        pyoxigraph terms (a ``NamedNode`` has been validated when it was made).

    Returns
    -------
    str
        The terms in SPARQL syntax, separated by spaces.

    Examples
    --------
    >>> print(sparql_terms([ox.Literal('say "hi"'), ox.NamedNode("http://example.org/a")]))
    "say \\"hi\\"" <http://example.org/a>
    """
    return " ".join(str(term) for term in terms)


#: The longest ``rdfs:subClassOf`` chain a query follows (:func:`subclasses`);
#: ``tests/ontology/test_rules.py`` fails if the ontology grows a longer one.
CHAIN_STEPS = 6


def subclasses(variable: str, of: str, *, strict: bool = False) -> str:
    """A group that binds ``?variable`` once to each class that is *of*'s subclass by a chain
    of one to :data:`CHAIN_STEPS` ``rdfs:subClassOf`` steps, and to *of* itself unless
    *strict*: ``?variable rdfs:subClassOf* of`` (``+`` when strict) without a transitive path.

    Kembar's queries also run on a remote SPARQL server, and Virtuoso 7.2 sometimes plans a
    transitive path joined with the rest of a query so that it finds one or two agreements
    out of thousands (``ontology/rules/README.md``); written out, every server answers alike.

    Parameters
    ----------
    variable : str
        The variable's name, without ``?``.
    of : str
        The class's IRI.
    strict : bool
        Leave *of* itself out (``+`` rather than ``*``).

    Returns
    -------
    str
        A ``{ SELECT DISTINCT ... }`` group, to be joined in a query's ``WHERE``.

    Raises
    ------
    ValueError
        When *variable* is not a SPARQL variable name, or *of* not an IRI.

    Examples
    --------
    >>> store = KembarStore()
    >>> kinds = store.select("SELECT ?k WHERE " + subclasses("k", KMB.Agreement, strict=True))
    >>> str(KMB.SisterCityAgreement) in {str(row["k"]) for row in kinds}
    True
    """
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", variable):
        raise ValueError(f"not a SPARQL variable name: {variable!r}")
    target, var = str(named(of)), "?" + variable
    branches = [] if strict else ["{ BIND (%s AS %s) }" % (target, var)]
    branches += [
        "{ %s %s %s }" % (var, "/".join(["rdfs:subClassOf"] * steps), target)
        for steps in range(1, CHAIN_STEPS + 1)
    ]
    return "{ SELECT DISTINCT %s WHERE { %s } }" % (var, " UNION ".join(branches))


#: ``?type`` bound to each agreement class below ``kmb:Agreement``: an agreement's own kind,
#: not the superclass the type rule derives. Queries write ``AGREEMENT_KINDS`` where it goes.
AGREEMENT_KINDS = subclasses("type", KMB.Agreement, strict=True)


@dataclass(frozen=True)
class GraphCount:
    """Triples in one named graph."""

    graph: str
    triples: int


@lru_cache(maxsize=1)
def _packaged_by_graph() -> dict[str, tuple[ox.Quad, ...]]:
    """The packaged Turtle as quads in their named graphs, parsed once per process."""
    found: dict[str, tuple[ox.Quad, ...]] = {}
    for name, files in packaged_graphs().items():
        graph = _node(str(ids.graph_iri(name)))
        quads: list[ox.Quad] = []
        for file in files:
            parsed = ox.parse(file.read_bytes(), format=ox.RdfFormat.TURTLE)
            quads.extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in parsed)
        found[name] = tuple(quads)
    return found


@lru_cache(maxsize=2)
def _packaged_quads(derive: bool) -> tuple[ox.Quad, ...]:
    """Everything a fresh store holds: the packaged graphs and, with *derive*, the derived."""
    quads = [q for graph in _packaged_by_graph().values() for q in graph]
    if derive:
        graph = _node(str(ids.graph_iri(derivation.DERIVED_GRAPH)))
        quads += [ox.Quad(t.subject, t.predicate, t.object, graph) for t in derivation.packaged()]
    return tuple(quads)


class KembarStore:
    """The one store of a process: in memory, or on disk (RocksDB) when *path* is given.

    Parameters
    ----------
    path : pathlib.Path or None
        Folder of a persistent store; created when missing. ``None`` keeps it in memory.
    load_embedded : bool
        Load the packaged ontology, shapes and data when their graphs are empty.
    derive : bool
        Then rebuild the derived graph (:mod:`.derive`); a worker that receives the
        server's derived graph with the rest passes False.

    Attributes
    ----------
    version : int
        Grows by one with every write; caches and views are keyed by it.
    write_lock : threading.RLock
        Held from a write's checks to its commit (:mod:`kembar.graph.validation.writes`),
        so that two writers cannot both see "absent" and both commit.

    Raises
    ------
    StoreError
        When *path* cannot be created or written.
    """

    def __init__(
        self, path: Path | None = None, *, load_embedded: bool = True, derive: bool = True
    ) -> None:
        self._setup(path)
        self.store: ox.Store | RemoteStore
        if path is None:
            self.store = ox.Store()
        else:
            try:
                path.mkdir(parents=True, exist_ok=True)
                if not os.access(path, os.W_OK):
                    raise PermissionError(f"permission denied: {path}")
                self.store = _open_writable(path)
            except OSError as exc:
                raise StoreError(f"cannot open the store at {path}: {exc}") from None
        if load_embedded:
            self.load_embedded(derive=derive)

    @classmethod
    def remote(
        cls,
        endpoint: str,
        update_endpoint: str | None = None,
        *,
        load_embedded: bool = True,
    ) -> KembarStore:
        """Use the SPARQL 1.1 server at *endpoint* (:mod:`.remote`) instead of an embedded store.

        With *load_embedded*, the packaged graphs are written to it if it lacks them.
        """
        self = cls.__new__(cls)
        self._setup(None)
        self.store = RemoteStore(endpoint, update_endpoint, graphs=str(ids.GRAPH))
        if load_embedded:
            self.load_embedded()
        return self

    def _setup(self, path: Path | None) -> None:
        self.path = path
        self.version = 0
        #: The SHACL engine validations of this store use (``turbo`` or ``pyshacl``; None:
        #: the default): the settings set it, a worker gets it with its store.
        self.validation_engine: str | None = None
        self.write_lock = threading.RLock()
        self._functions: Callable[[], FunctionTable] | None = None
        self._memo = VersionMemo()

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """What *build* gives for this store, computed once per store version under *key*
        (a view of the graph: an index, a network, a table); see :mod:`.memo`."""
        return self._memo.get(self.version, key, build)

    @property
    def is_remote(self) -> bool:
        """Whether the data lives on another SPARQL server."""
        return isinstance(self.store, RemoteStore)

    @classmethod
    def read_only(cls, path: Path) -> KembarStore:
        """Open the store at *path* for reading only (query workers do this)."""
        self = cls.__new__(cls)
        self._setup(path)
        try:
            self.store = ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:  # RocksDB reports a missing file as corruption
            raise StoreError(f"cannot open the store at {path} for reading: {exc}") from None
        return self

    # -- loading -------------------------------------------------------------

    def load_embedded(self, *, derive: bool = True) -> None:
        """Load the packaged Turtle into its named graphs, unless already there, and derive.

        The derived graph (:mod:`.derive`) is rebuilt when anything was loaded or it is
        missing.
        """
        if isinstance(self.store, ox.Store) and not self.graph_names():
            # an empty local store: the packaged graphs (and, with *derive*, what they derive)
            # as parsed once per process
            self.store.extend(_packaged_quads(derive))
            self.changed()
            return
        loaded = False
        for name, quads in _packaged_by_graph().items():
            graph = _node(str(ids.graph_iri(name)))
            if next(iter(self.store.quads_for_pattern(None, None, None, graph)), None):
                continue
            loaded = True
            self.store.extend(quads)  # one transaction per graph
        derived = _node(str(ids.graph_iri(derivation.DERIVED_GRAPH)))
        if derive and (
            loaded or not next(iter(self.store.quads_for_pattern(None, None, None, derived)), None)
        ):
            derivation.rebuild(self)
        self.changed()

    def derive(self) -> int:
        """Rebuild the graph of derived statements (:func:`.derive.rebuild`); return its size.

        Returns
        -------
        int
            How many statements the rules derived.
        """
        return derivation.rebuild(self)

    def add_graph(self, name: str, quads: Iterable[ox.Quad], *, replace: bool = True) -> int:
        """Write *quads* into the named graph *name* atomically; return how many were added.

        With *replace*, the graph's previous content is dropped in the same transaction.
        """
        return self.replace_graphs({name: quads}, replace=replace)[name]

    def replace_graphs(
        self, graphs: Mapping[str, Iterable[ox.Quad]], *, replace: bool = True
    ) -> dict[str, int]:
        """Write several named graphs in one transaction; return how many quads each got.

        With *replace*, the graphs' previous contents are dropped in the same transaction, so
        that a failure (or a kill) leaves all of them as they were.
        """
        batches = {
            name: [ox.Quad(q.subject, q.predicate, q.object, _node(str(ids.graph_iri(name))))
                   for q in quads]
            for name, quads in graphs.items()
        }  # fmt: skip
        occupied = any(
            next(iter(self.store.quads_for_pattern(None, None, None, _node(str(ids.graph_iri(n))))), None)
            for n in batches
        )  # fmt: skip
        if replace and occupied:
            # Drop and insert in one update, so that a failure leaves the old graphs intact.
            parts = [f"DROP SILENT GRAPH {_node(str(ids.graph_iri(n)))} ;" for n in batches]
            inserts = []
            for name, batch in batches.items():
                triples = ox.serialize(
                    (ox.Triple(q.subject, q.predicate, q.object) for q in batch),
                    format=ox.RdfFormat.N_TRIPLES,
                )
                assert triples is not None
                inserts.append(f"GRAPH {_node(str(ids.graph_iri(name)))} {{ {triples.decode()} }}")
            self.store.update(" ".join(parts) + f" INSERT DATA {{ {' '.join(inserts)} }}")
        else:
            self.store.extend([q for batch in batches.values() for q in batch])
        self.changed()
        return {name: len(batch) for name, batch in batches.items()}

    def add(self, quads: Iterable[ox.Quad]) -> int:
        """Add *quads*, whatever their named graphs, in one transaction; return how many.

        Parameters
        ----------
        quads : iterable of pyoxigraph.Quad
            What to add.

        Returns
        -------
        int
        """
        batch = list(quads)
        self.store.extend(batch)
        self.changed()
        return len(batch)

    def update(self, sparql: str) -> None:
        """Run one of Kembar's own SPARQL updates, atomically.

        Never a user's text: the terms in it are written by Oxigraph (:func:`named`,
        :func:`sparql_terms`). The query door refuses updates.

        Parameters
        ----------
        sparql : str
            The update.
        """
        self.store.update(sparql)
        self.changed()

    def drop_graph(self, name: str) -> None:
        """Remove the named graph *name* and everything in it, in one transaction."""
        self.store.remove_graph(named(ids.graph_iri(name)))
        self.changed()

    def changed(self) -> None:
        """Mark the store as changed so that cached views are rebuilt."""
        self.version += 1
        if self.path is not None:
            self.store.flush()

    # -- reading -------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, Term] | None = None,
        union: bool = True,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a SPARQL query, by default over the union of all graphs.

        Parameters
        ----------
        sparql : str
            The query; the prefixes of :data:`kembar.ontology.ids.PREFIXES` are predeclared.
        substitutions : mapping of str to term, optional
            Values bound to variables before the query runs (SEP-0007): how a value from a
            user reaches a query, as a term and never as text. Oxigraph substitutes only
            variables the query projects: list them in a SELECT, and give them a place in
            a CONSTRUCT's or ASK's pattern (``VALUES ?x { UNDEF }`` will do).
        union : bool
            Whether the default graph is the union of all graphs; pass False when the
            query's own ``FROM`` should decide.
        default_graphs, named_graphs : list of str, optional
            The SPARQL protocol's ``default-graph-uri`` and ``named-graph-uri``: the graphs
            that make up the default graph, and those ``GRAPH`` may visit. They override the
            query's own ``FROM``; a graph the store does not hold is simply empty.
        base_iri : str, optional
            The IRI relative IRIs in the query resolve against (the endpoint's URL).

        Returns
        -------
        QuerySolutions, QueryBoolean, QueryTriples or RemoteTriples
            As Oxigraph gives them (or the remote server's answer, parsed the same way).

        Raises
        ------
        QueryRefusedError
            For the network functions ``fn:`` on a remote store.
        QuerySyntaxError
            When the query does not parse; its message carries Oxigraph's line and column.

        Examples
        --------
        >>> import pyoxigraph as ox
        >>> store = KembarStore()
        >>> rows = store.select("SELECT ?d ?l WHERE { ?a rdfs:label ?l ; kmb:signedOn ?d }",
        ...                     substitutions={"l": ox.Literal("Bandung – Braunschweig", language="en")})
        >>> rows[0]["d"]
        '1960-05-24'
        """
        if self.is_remote and ("fn:" in sparql or str(ids.FN) in sparql):
            raise QueryRefusedError(
                "the network functions fn: run only on the embedded store, not on a remote one"
            )
        default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None
        if default_graphs:
            default = [_node(g) for g in default_graphs]
        named: list[ox.NamedNode | ox.BlankNode] | None = None
        if named_graphs:
            named = [_node(g) for g in named_graphs]
        bound = {ox.Variable(k): v for k, v in (substitutions or {}).items()} or None
        try:
            return self.store.query(
                sparql,
                custom_functions=dict(self._functions()) if self._functions else None,
                prefixes=ids.PREFIXES,
                base_iri=base_iri,
                use_default_graph_as_union=union and not default_graphs,
                default_graph=default,
                named_graphs=named,
                substitutions=bound,
            )
        except SyntaxError as exc:
            message = " ".join(str(exc.msg if hasattr(exc, "msg") else exc).split())
            if len(message) > 160:
                message = message[:157] + "..."
            found = _POSITION.search(message)
            line, column = (int(found[1]), int(found[2])) if found else (None, None)
            raise QuerySyntaxError(f"SPARQL syntax error: {message}", line, column) from None

    def use_functions(self, table: Callable[[], FunctionTable] | None) -> None:
        """Let queries call the extension functions *table* gives (``fn:``), or none.

        Whoever builds the application registers them (the server, the CLI, each query
        worker): the store itself knows nothing of what they compute. *table* is asked once
        per query; it should return quickly (a prepared table, not a computation).
        """
        self._functions = table

    def graph_names(self) -> list[str]:
        """IRIs of the store's named graphs."""
        return [g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)]

    def ask(self, sparql: str, **substitutions: Term) -> bool:
        """Run an ASK query (values bound by keyword, see :meth:`query`) and answer it."""
        result = self.query(sparql, substitutions=substitutions)
        if not isinstance(result, ox.QueryBoolean):
            raise TypeError("not an ASK query")
        return bool(result)

    def select(
        self, sparql: str, substitutions: Mapping[str, Term] | None = None
    ) -> list[dict[str, str]]:
        """Run a SELECT query and return its rows as plain strings (for small results)."""
        result = self.query(sparql, substitutions=substitutions)
        if not isinstance(result, ox.QuerySolutions):
            raise TypeError("not a SELECT query")
        names = [v.value for v in result.variables]
        return [{n: row[n].value for n in names if row[n] is not None} for row in result]

    def graph_counts(self) -> list[GraphCount]:
        """Triples per named graph, sorted by graph IRI; counted once per store version
        (the service description and VoID ask on every request)."""

        def count() -> list[GraphCount]:
            rows = self.select(
                "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
            )
            return sorted((GraphCount(r["g"], int(r["n"])) for r in rows), key=lambda c: c.graph)

        return list(self.memo("graph_counts", count))

    def dump(self, output: IO[bytes], fmt: ox.RdfFormat, graph: str | None = None) -> None:
        """Write the whole dataset (or one named graph) to *output* in *fmt*."""
        if graph is None:
            if not fmt.supports_datasets:
                # Triple formats get the union of all graphs.
                triples = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
                assert isinstance(triples, GRAPH_RESULTS)
                triples.serialize(output, fmt)
                return
            self.store.dump(output, fmt, prefixes=ids.PREFIXES)
            return
        self.store.dump(
            output, fmt, from_graph=_node(str(ids.graph_iri(graph))), prefixes=ids.PREFIXES
        )

    def __len__(self) -> int:
        """How many quads the store holds; counted once per store version (Oxigraph counts
        by scanning, 37 ms at world scale)."""
        return self.memo("quads", lambda: len(self.store))


def _open_writable(path: Path) -> ox.Store:
    """Oxigraph's store at *path*, for reading and writing.

    RocksDB's lock is held as long as anything of a store lives: a store this process let
    go of a moment ago (a server restarted in place) may still be held by garbage in a
    reference cycle, or by a thread finishing with it. Such a lock is waited for, for at
    most about two seconds, collecting garbage in between; another process's lock is not.
    """
    for attempt in range(8):
        try:
            return ox.Store(str(path))
        except OSError as exc:
            if "by current process" not in str(exc) or attempt == 7:  # RocksDB's wording
                raise
            gc.collect()
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")
