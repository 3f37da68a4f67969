"""Derived statements: what the rules of ``ontology/rules`` conclude from the asserted data.

Each rule is a SPARQL CONSTRUCT query kept beside the ontology (its README lists them): the
superclasses of every instance, the signing year and legal regime of every dated
agreement, and the security sectors, human-security dimensions and threats an agreement
touches through its cooperation fields and its assessments, each such link recorded with
what it came from (``kmb:securityLink``). The rules read asserted statements only (every
graph but ``derived``) and do not depend on each other, so the whole set is computed in one
pass and written to the named graph ``derived`` in one transaction:

- :func:`rebuild` recomputes it for the whole store (when it is built);
- :func:`derive_import` writes an import with what it implies, into ``derived/import/NAME``;
- :func:`derive_for` computes it for new statements alone (an agreement being written), so
  that they can be committed together with the agreement.

>>> from kembar.graph.store import KembarStore
>>> store = KembarStore()
>>> store.ask("ASK { agreement:bandung-braunschweig a kmb:Agreement ; kmb:signingYear 1960 }")
True
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

import pyoxigraph as ox
from kembar.ontology import derivation_rules, ids

if TYPE_CHECKING:
    from kembar.graph.store.core import KembarStore

__all__ = ["DERIVED_GRAPH", "derive_for", "derive_import", "rebuild", "rules"]

#: The named graph (under ``graph/``) that holds the derived statements.
DERIVED_GRAPH = "derived"


@lru_cache(maxsize=1)
def rules() -> tuple[tuple[str, str], ...]:
    """The derivation rules as (file name, query text), in the order of their names."""
    return tuple((f.name, f.read_text(encoding="utf-8")) for f in derivation_rules())


def _run(
    store: ox.Store, default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None
) -> list[ox.Triple]:
    """Every rule's answer over an Oxigraph *store*: its *default* graphs, or the union of all."""
    found: list[ox.Triple] = []
    for _, text in rules():
        answer = store.query(
            text,
            prefixes=ids.PREFIXES,
            use_default_graph_as_union=default is None,
            default_graph=default,
        )
        found.extend(answer)  # type: ignore[arg-type]
    return found


def rebuild(store: KembarStore) -> int:
    """Recompute the derived graph of *store* from its asserted graphs.

    Parameters
    ----------
    store : KembarStore
        The store; its ``derived`` graph is replaced in one transaction.

    Returns
    -------
    int
        How many statements were derived.

    Examples
    --------
    >>> from kembar.graph.store import KembarStore
    >>> rebuild(KembarStore()) > 0
    True
    """
    derived = str(ids.graph_iri(DERIVED_GRAPH))
    sources = [g for g in store.graph_names() if not g.startswith(derived)]
    triples: list[ox.Triple] = []
    if isinstance(store.store, ox.Store):
        graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
            ox.NamedNode(g) for g in sources
        ]
        triples = _run(store.store, graphs)
    else:  # a remote server: the protocol's dataset, with the ontology as a named graph
        for _, text in rules():
            answer = store.query(
                text, default_graphs=sources, named_graphs=[str(ids.graph_iri("ontology"))]
            )
            triples.extend(answer)  # type: ignore[arg-type]
    for name in store.graph_names():  # what imports derived is now in the one graph
        if name.startswith(derived + "/"):
            store.drop_graph(name.removeprefix(str(ids.graph_iri(""))))
    return store.add_graph(
        DERIVED_GRAPH, (ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    )


def derive_import(store: KembarStore, name: str, quads: list[ox.Quad]) -> int:
    """Write the import ``import/{name}`` and what it alone implies, in one transaction.

    The rules read one agreement's own statements (and the ontology), so an import's
    agreements need nothing else; what they derive goes to ``derived/import/{name}``, and a
    re-import replaces both graphs together (a kill in between leaves the old ones).

    Parameters
    ----------
    store : KembarStore
        The store to write to.
    name : str
        The import's name.
    quads : list of pyoxigraph.Quad
        The import's statements (their graph is ignored).

    Returns
    -------
    int
        How many statements the import wrote (the derived ones not counted).
    """
    ontology = ox.NamedNode(str(ids.graph_iri("ontology")))
    found = derive_for(
        _graph_triples(store, ontology),
        (ox.Triple(q.subject, q.predicate, q.object) for q in quads),
    )
    written = store.replace_graphs({
        f"import/{name}": quads,
        f"{DERIVED_GRAPH}/import/{name}": (ox.Quad(t.subject, t.predicate, t.object) for t in found),
    })  # fmt: skip
    return written[f"import/{name}"]


def _graph_triples(store: KembarStore, graph: ox.NamedNode) -> list[ox.Triple]:
    """The triples of one named graph of *store*."""
    if isinstance(store.store, ox.Store):
        return [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in store.store.quads_for_pattern(None, None, None, graph)
        ]
    answer = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", default_graphs=[graph.value])
    return list(answer)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def packaged() -> tuple[ox.Triple, ...]:
    """What the rules derive from the packaged graphs alone."""
    from kembar.graph.store.packaged import packaged_graphs

    scratch = ox.Store()
    for name, files in packaged_graphs().items():
        graph = ox.NamedNode(str(ids.graph_iri(name)))
        for file in files:
            parsed = ox.parse(file.read_bytes(), format=ox.RdfFormat.TURTLE)
            scratch.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in parsed)
    return tuple(_run(scratch, list(scratch.named_graphs())))


def derive_for(ontology: Iterable[ox.Triple], statements: Iterable[ox.Triple]) -> list[ox.Triple]:
    """What the rules conclude from *statements* alone, read with the *ontology*.

    Parameters
    ----------
    ontology : iterable of pyoxigraph.Triple
        The ontology graph's statements (classes, field mapping, regimes).
    statements : iterable of pyoxigraph.Triple
        The new asserted statements, such as an agreement and its new regions.

    Returns
    -------
    list of pyoxigraph.Triple
        The derived statements about them (and about nothing else).
    """
    scratch = ox.Store()
    graph = ox.NamedNode(str(ids.graph_iri("ontology")))
    scratch.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in ontology)
    scratch.extend(ox.Quad(t.subject, t.predicate, t.object) for t in statements)
    found = _run(scratch, None)
    ontology_terms = {q.subject for q in scratch.quads_for_pattern(None, None, None, graph)}
    return [t for t in found if t.subject not in ontology_terms]
