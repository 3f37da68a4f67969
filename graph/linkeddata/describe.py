"""What the graph says about one resource: its description as RDF (its HTML page is
:mod:`.pages`), and the ontology's own documentation.

The description of an IRI is its outgoing triples, the triples pointing at it, and around
an agreement or a region the agreements it takes part in with their parties, dates and
labels, so that a reader (or a crawler) can move on. It is one SPARQL CONSTRUCT.

>>> from kembar.graph.store import KembarStore
>>> store = KembarStore()
>>> iri = "https://w3id.org/kembar/id/region/id/kota-bandung"
>>> exists(store, iri), exists(store, iri + "-nowhere")
(True, False)
>>> local_path(iri)
'/id/region/id/kota-bandung'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from kembar.graph.store import AGREEMENT_KINDS, GRAPH_RESULTS, KembarStore, RemoteTriples, named
from kembar.ontology import ids
from kembar.ontology.namespace import KMB
from rdflib import OWL, SKOS

__all__ = [
    "Term",
    "describe",
    "description",
    "dump_to",
    "exists",
    "graph_triples",
    "local_path",
    "ontology_page",
    "ontology_terms",
    "short_name",
]

_DESCRIBE = """
CONSTRUCT {
    ?this ?p ?o . ?s ?q ?this .
    ?o rdfs:label ?olabel . ?s rdfs:label ?slabel .
    ?agreement a ?type ; kmb:party ?party ; kmb:signedOn ?signed ; rdfs:label ?alabel .
    ?party rdfs:label ?plabel .
}
WHERE {
    VALUES ?this { UNDEF }  # bound by substitution
    { ?this ?p ?o . OPTIONAL { ?o rdfs:label ?olabel } }
    UNION
    {
        SELECT ?this ?s ?q ?slabel WHERE {
            VALUES ?this { UNDEF }
            ?s ?q ?this . OPTIONAL { ?s rdfs:label ?slabel }
        } LIMIT 2000
    }
    UNION
    {
        { ?agreement kmb:party ?this } UNION { ?this kmb:party ?any BIND (?this AS ?agreement) }
        ?agreement a ?type ; kmb:party ?party .
        AGREEMENT_KINDS  # its own kind, not the derived superclass
        OPTIONAL { ?agreement kmb:signedOn ?signed }
        OPTIONAL { ?agreement rdfs:label ?alabel }
        OPTIONAL { ?party rdfs:label ?plabel }
    }
}
""".replace("AGREEMENT_KINDS", AGREEMENT_KINDS)


def _node(text: str) -> ox.NamedNode:
    """*text* as an IRI term (pyoxigraph validates it), or ValueError."""
    return ox.NamedNode(text)


def exists(store: KembarStore, iri: str) -> bool:
    """True when the store has a triple with *iri* as subject or object.

    Parameters
    ----------
    store : KembarStore
        Where to look.
    iri : str
        Any text; what is not an IRI is simply not in the graph.

    Returns
    -------
    bool
    """
    try:
        node = _node(iri)
    except ValueError:
        return False
    return store.ask("ASK WHERE { { ?this ?p ?o } UNION { ?s ?q ?this } }", this=node)


def describe(store: KembarStore, iri: str) -> ox.QueryTriples | RemoteTriples:
    """The description of *iri* (see the module docstring) as triples.

    Parameters
    ----------
    store : KembarStore
        Where the resource is described.
    iri : str
        The resource.

    Returns
    -------
    QueryTriples or RemoteTriples
        Its triples, the triples pointing at it (at most 2,000), and the agreements around it.

    Raises
    ------
    ValueError
        When *iri* is not an IRI.
    """
    result = store.query(_DESCRIBE, substitutions={"this": _node(iri)})
    assert isinstance(result, GRAPH_RESULTS)
    return result


def description(store: KembarStore, iri: str) -> list[ox.Triple] | None:
    """The description of *iri* as a list of triples; None when the graph does not hold it.

    What a worker computes for ``/id/...`` (plain data, sent back through a pipe).

    Parameters
    ----------
    store : KembarStore
        The store.
    iri : str
        The resource.

    Returns
    -------
    list of pyoxigraph.Triple or None
    """
    if not exists(store, iri):
        return None
    return list(describe(store, iri))


def graph_triples(store: KembarStore, name: str) -> list[ox.Triple]:
    """The triples of the named graph ``graph/{name}`` (``shapes``, ``ontology``...).

    Parameters
    ----------
    store : KembarStore
        The store.
    name : str
        The graph's name under ``graph/``.

    Returns
    -------
    list of pyoxigraph.Triple
    """
    graph = named(ids.graph_iri(name))
    return [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in store.store.quads_for_pattern(None, None, None, graph)
    ]


def dump_to(store: KembarStore, path: str, fmt: str) -> int:
    """Write the whole dataset to the file *path*; return its size in bytes.

    Parameters
    ----------
    store : KembarStore
        The store.
    path : str
        The file to write (created or truncated).
    fmt : str
        ``nq`` and ``trig`` keep the named graphs; ``ttl`` writes their union.

    Returns
    -------
    int
    """
    with open(path, "wb") as out:
        if fmt == "ttl":
            union = (ox.Triple(q.subject, q.predicate, q.object) for q in store.store)
            ox.serialize(union, out, ox.RdfFormat.TURTLE, prefixes=ids.PREFIXES)
        else:
            store.store.dump(out, ox.RdfFormat.N_QUADS if fmt == "nq" else ox.RdfFormat.TRIG)
    return Path(path).stat().st_size


def local_path(iri: str) -> str | None:
    """The path under which this server answers for *iri*, if it is one of ours."""
    for base, path in ((str(ids.ID), "/id/"), (str(ids.ONTOLOGY), "/ontology")):
        if iri.startswith(base):
            return path + iri[len(base) :].lstrip("/#") if path == "/id/" else "/ontology"
    return None


def short_name(iri: str) -> str:
    """*iri* as a prefixed name of Kembar's prefixes, else whole.

    Parameters
    ----------
    iri : str
        An IRI.

    Returns
    -------
    str

    Examples
    --------
    >>> short_name("https://w3id.org/kembar/ontology#Kota"), short_name("http://e/x")
    ('kmb:Kota', 'http://e/x')
    """
    for prefix, base in ids.PREFIXES.items():
        if iri.startswith(base) and len(iri) > len(base):
            return f"{prefix}:{iri[len(base) :]}"
    return iri


@dataclass(frozen=True)
class Term:
    """An ontology term as its documentation shows it."""

    local: str
    en: str
    id: str
    definition: str
    source: str
    definition_id: str = ""
    """The definition in Indonesian."""
    source_id: str = ""
    """The source's name in Indonesian (``source`` is its English name)."""


_TERMS = """
SELECT ?term ?kind (SAMPLE(?en) AS ?en_) (SAMPLE(?id) AS ?id_) (SAMPLE(?def) AS ?def_)
       (SAMPLE(?defid) AS ?defid_) (SAMPLE(?src) AS ?src_) (SAMPLE(?srcen) AS ?srcen_)
       (SAMPLE(?srcid) AS ?srcid_)
WHERE {
    GRAPH %(graph)s { ?term rdfs:isDefinedBy %(ontology)s }
    OPTIONAL { ?term rdfs:label ?en FILTER (LANG(?en) = "en") }
    OPTIONAL { ?term rdfs:label ?id FILTER (LANG(?id) = "id") }
    OPTIONAL { ?term skos:definition ?def FILTER (LANG(?def) = "en") }
    OPTIONAL { ?term skos:definition ?defid FILTER (LANG(?defid) = "id") }
    OPTIONAL { ?term dct:source ?src
               OPTIONAL { ?src rdfs:label ?srcen FILTER (LANG(?srcen) = "en") }
               OPTIONAL { ?src rdfs:label ?srcid FILTER (LANG(?srcid) = "id") } }
    OPTIONAL { ?term a ?type FILTER (?type IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty)) }
    BIND (COALESCE(?type, skos:Concept) AS ?kind)
}
GROUP BY ?term ?kind ORDER BY ?kind ?term
"""

_SECTIONS = {
    str(OWL.Class): "Classes",
    str(OWL.ObjectProperty): "Object properties",
    str(OWL.DatatypeProperty): "Datatype properties",
    str(SKOS.Concept): "Concepts and individuals",
}


def ontology_page(store: KembarStore) -> tuple[dict[str, str], list[tuple[str, list[Term]]]]:
    """What the ontology's HTML documentation shows: its header and its terms by kind.

    Parameters
    ----------
    store : KembarStore
        The store.

    Returns
    -------
    (dict of str to str, list of (str, list of Term))
        Title, version, descriptions in English and Indonesian, and the IRI; the sections.
    """
    rows = store.select(
        "SELECT ?title ?version ?description ?description_id ?g ?o WHERE { "
        "GRAPH ?g { ?o owl:versionIRI ?version ; dct:title ?title . "
        'FILTER (LANG(?title) = "en") ?o dct:description ?description , ?description_id . '
        'FILTER (LANG(?description) = "en" && LANG(?description_id) = "id") } } LIMIT 1',
        {"g": named(ids.graph_iri("ontology")), "o": named(ids.ONTOLOGY)},
    )
    header = {k: v for k, v in (rows[0] if rows else {}).items() if k not in {"g", "o"}}
    header["iri"] = str(ids.ONTOLOGY)
    return header, ontology_terms(store)


def ontology_terms(store: KembarStore) -> list[tuple[str, list[Term]]]:
    """Every term of the ontology graph with its labels, definition and source, by kind.

    Parameters
    ----------
    store : KembarStore
        The store to read.

    Returns
    -------
    list of (str, list of Term)
        Sections (classes, object properties, datatype properties, concepts) in order.
    """
    query = _TERMS % {"graph": named(ids.graph_iri("ontology")), "ontology": named(ids.ONTOLOGY)}
    sections: dict[str, list[Term]] = {name: [] for name in _SECTIONS.values()}
    seen: set[str] = set()
    for row in store.select(query):
        term = row["term"]
        if term in seen or not term.startswith(str(KMB)):
            continue
        seen.add(term)
        sections[_SECTIONS[row["kind"]]].append(
            Term(
                term[len(str(KMB)) :],
                row.get("en_", ""),
                row.get("id_", ""),
                row.get("def_", ""),
                row.get("srcen_") or short_name(row.get("src_", "")),
                row.get("defid_", ""),
                row.get("srcid_") or row.get("srcen_") or short_name(row.get("src_", "")),
            )
        )
    return [(name, terms) for name, terms in sections.items() if terms]
