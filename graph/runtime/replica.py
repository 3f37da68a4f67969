"""What a child process needs to hold its own copy of the server's store, and how it opens it.

A :class:`Replica` says where the data is (the embedded graph plus what the server's
in-memory store holds beyond it, an on-disk store read-only, or a remote SPARQL server),
which version it is of, and how the copy behaves (the SHACL engine of its validations, a
setup such as the ``fn:`` functions). :func:`open_replica` is the one way a child opens it:
the request workers and the computation of the network metrics alike.

>>> store = open_replica(Replica(None))
>>> store.version, store.ask("ASK { ?a a kmb:SisterCityAgreement }")
(0, True)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from kembar.graph.errors import KembarError
from kembar.ontology import ids

if TYPE_CHECKING:
    from kembar.graph.store import KembarStore

__all__ = ["Replica", "Setup", "open_replica"]

#: What a child calls on its store once it is open, with the store's version: registers
#: the ``fn:`` functions (:func:`kembar.graph.analytics.tables.register_table_functions`).
Setup = Callable[["KembarStore", int], None]


@dataclass(frozen=True)
class Replica:
    """A copy of the server's store as a child process opens it (picklable)."""

    path: Path | None
    """The on-disk store, opened read-only; None for the embedded graph (or a remote one)."""
    remote: tuple[str, str | None] | None = None
    """A remote SPARQL server's query and update endpoints."""
    extra: bytes = b""
    """N-Quads the server's in-memory store holds beyond the embedded graph."""
    version: int = 0
    """The store version the data is of."""
    validation_engine: str | None = None
    """The SHACL engine of validations in the copy (the settings' choice)."""
    setup: Setup | None = None
    """Called with the open store and its version (module-level, picklable)."""

    def at(self, version: int, extra: bytes) -> Replica:
        """The same replica at another version."""
        return replace(self, version=version, extra=extra)


def open_replica(replica: Replica, old: KembarStore | None = None) -> KembarStore:
    """Open *replica*'s store, or bring *old* (the child's copy so far) to its version.

    An on-disk store is reopened (a read-only store sees the data of the moment it was
    opened); an in-memory one keeps the embedded graph and reloads what the server holds
    beyond it; a remote one is asked as is.
    """
    from kembar.graph.store import EMBEDDED_GRAPHS, KembarStore

    store: KembarStore
    if replica.remote is not None:
        store = old or KembarStore.remote(*replica.remote, load_embedded=False)
    elif replica.path is None:
        if old is None:
            store = KembarStore(derive=False)  # the server's derived graph comes with *extra*
        else:  # keep the embedded graph, replace what the server holds beyond it
            store = old
            assert isinstance(store.store, ox.Store)
            embedded = {str(ids.graph_iri(name)) for name in EMBEDDED_GRAPHS}
            for graph in list(store.store.named_graphs()):
                if isinstance(graph, ox.NamedNode) and graph.value not in embedded:
                    store.store.remove_graph(graph)
        if replica.extra:
            assert isinstance(store.store, ox.Store)
            store.store.load(replica.extra, format=ox.RdfFormat.N_QUADS)
    else:
        del old
        store = _read_only(replica.path)
    store.version = replica.version
    store.validation_engine = replica.validation_engine
    if replica.setup is not None:
        replica.setup(store, replica.version)
    return store


def _read_only(path: Path) -> KembarStore:
    from kembar.graph.store import KembarStore

    for attempt in range(5):
        try:
            return KembarStore.read_only(path)
        except KembarError:
            # RocksDB may remove a file the reader was about to open (a compaction of the
            # server's store): the next open sees the new set of files
            if attempt == 4:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")
