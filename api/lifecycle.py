"""What the server does after a write: its workers reopen the store, the metrics follow.

>>> from kembar.graph.store import KembarStore
>>> version, extra = snapshot(KembarStore())
>>> b"<https://w3id.org/kembar/graph/derived> ." in extra  # derived statements travel too
True
"""

from __future__ import annotations

import io

import pyoxigraph as ox
from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from kembar.graph.store import EMBEDDED_GRAPHS, KembarStore
from kembar.ontology import ids

__all__ = ["current", "refresh", "snapshot"]


def snapshot(store: KembarStore) -> tuple[int, bytes]:
    """The store's version and what fresh workers must load to see it, read together.

    Workers of an on-disk or remote store open it themselves; those of the in-memory store
    load the embedded graph and then these N-Quads (everything else).
    """
    with store.write_lock:
        return current(store)


def current(store: KembarStore) -> tuple[int, bytes]:
    """:func:`snapshot` for a caller that holds the store's write lock already."""
    if store.path is not None or store.is_remote:
        return store.version, b""
    embedded = {str(ids.graph_iri(name)) for name in EMBEDDED_GRAPHS}
    out = io.BytesIO()
    ox.serialize(
        (
            q
            for q in store.store
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value not in embedded
        ),
        out,
        ox.RdfFormat.N_QUADS,
    )
    return store.version, out.getvalue()


async def refresh(app: FastAPI) -> None:
    """After a write: every worker reopens the store, the network metrics are recomputed."""
    version, extra = await run_in_threadpool(snapshot, app.state.store)
    app.state.queries.refresh(version, extra)
    app.state.tasks.refresh(version, extra)
    app.state.tables.start(version, extra)
