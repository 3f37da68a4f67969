"""Where the graph lives: the embedded Oxigraph store, a remote SPARQL server, the packaged graphs.

:class:`KembarStore` is the one store of a process: in memory, on disk (RocksDB), or any
SPARQL 1.1 server (:mod:`.remote`). It holds the named graphs of design.md section 2 and
answers Kembar's own queries; a user's query goes through :mod:`kembar.graph.sparql` first.
:mod:`.packaged` says which Turtle files fill a new store, :mod:`.derive` what the rules of
``ontology/rules`` conclude from them, :mod:`.stats` counts what it holds.

>>> store = KembarStore()
>>> store.ask("ASK { ?a a kmb:SisterCityAgreement }")
True
"""

from __future__ import annotations

from kembar.graph.store.core import (
    AGREEMENT_KINDS,
    GRAPH_FORMATS,
    GRAPH_RESULTS,
    RESULT_FORMATS,
    FunctionTable,
    GraphCount,
    KembarStore,
    QueryResult,
    Term,
    graph_format,
    named,
    sparql_terms,
    subclasses,
)
from kembar.graph.store.derive import DERIVED_GRAPH, derive_for, derive_import, rebuild
from kembar.graph.store.packaged import EMBEDDED_GRAPHS, packaged_graphs
from kembar.graph.store.remote import RemoteStore, RemoteStoreError, RemoteTriples
from kembar.graph.store.stats import Stats, stats

__all__ = [
    "AGREEMENT_KINDS",
    "DERIVED_GRAPH",
    "EMBEDDED_GRAPHS",
    "GRAPH_FORMATS",
    "GRAPH_RESULTS",
    "RESULT_FORMATS",
    "FunctionTable",
    "GraphCount",
    "KembarStore",
    "QueryResult",
    "RemoteStore",
    "RemoteStoreError",
    "RemoteTriples",
    "Stats",
    "Term",
    "derive_for",
    "derive_import",
    "graph_format",
    "named",
    "packaged_graphs",
    "rebuild",
    "sparql_terms",
    "stats",
    "subclasses",
]
