"""What the graph says about one resource: its description as RDF, and a page model for HTML.

The description of an IRI is its outgoing triples, the triples pointing at it, and around
an agreement or a region the agreements it takes part in with their parties, dates and
labels, so that a reader (or a crawler) can move on. It is one SPARQL CONSTRUCT.

>>> from kembar.graph.store import KembarStore
>>> store = KembarStore()
>>> iri = "https://w3id.org/kembar/id/region/id/kota-bandung"
>>> exists(store, iri), exists(store, iri + "-nowhere")
(True, False)
>>> page = page_of(store, iri)
>>> page.labels["id"], any(a.label.startswith("Bandung") for a in page.agreements)
('Kota Bandung', True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from kembar.graph.store import GRAPH_RESULTS, KembarStore, RemoteTriples, named
from kembar.ontology import ids
from kembar.ontology.namespace import KMB
from rdflib import OWL, SKOS

__all__ = [
    "Link",
    "Page",
    "Term",
    "describe",
    "description",
    "dump_to",
    "exists",
    "graph_triples",
    "local_path",
    "ontology_page",
    "ontology_terms",
    "page_of",
    "page_view",
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
        ?type rdfs:subClassOf+ kmb:Agreement .  # its own kind, not the derived superclass
        OPTIONAL { ?agreement kmb:signedOn ?signed }
        OPTIONAL { ?agreement rdfs:label ?alabel }
        OPTIONAL { ?party rdfs:label ?plabel }
    }
}
"""


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


def page_view(store: KembarStore, iri: str) -> Page | None:
    """:func:`page_of` *iri*, or None when the graph does not hold it.

    Parameters
    ----------
    store : KembarStore
        The store.
    iri : str
        The resource.

    Returns
    -------
    Page or None
    """
    return page_of(store, iri) if exists(store, iri) else None


@dataclass(frozen=True)
class Link:
    """A value on a page: its text, and where it leads (None for a literal)."""

    label: str
    href: str | None = None
    note: str = ""


@dataclass
class Page:
    """What an HTML page of a resource shows."""

    iri: str
    labels: dict[str, str] = field(default_factory=dict)
    types: list[Link] = field(default_factory=list)
    properties: list[tuple[Link, Link]] = field(default_factory=list)
    agreements: list[Link] = field(default_factory=list)
    incoming: int = 0


def local_path(iri: str) -> str | None:
    """The path under which this server answers for *iri*, if it is one of ours."""
    for base, path in ((str(ids.ID), "/id/"), (str(ids.ONTOLOGY), "/ontology")):
        if iri.startswith(base):
            return path + iri[len(base) :].lstrip("/#") if path == "/id/" else "/ontology"
    return None


def page_of(store: KembarStore, iri: str) -> Page:
    """The page model of *iri*: labels in en and id, its statements, agreements around it.

    Parameters
    ----------
    store : KembarStore
        The store to read.
    iri : str
        The resource.

    Returns
    -------
    Page
    """
    triples = list(describe(store, iri))
    labels: dict[str, dict[str, str]] = {}
    for t in triples:
        if t.predicate.value.endswith("#label") and isinstance(t.object, ox.Literal):
            labels.setdefault(t.subject.value, {})[t.object.language or ""] = t.object.value
    page = Page(iri, labels.get(iri, {}))

    def link(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Link:
        if isinstance(term, ox.NamedNode):
            names = labels.get(term.value, {})
            text = names.get("en") or names.get("id") or names.get("") or _short(term.value)
            return Link(text, local_path(term.value) or term.value)
        if isinstance(term, ox.Literal):
            tag = f"@{term.language}" if term.language else ""
            return Link(term.value, None, tag or _short(term.datatype.value))
        return Link(str(term))

    agreements: dict[str, list[str]] = {}
    for t in triples:
        subject = t.subject.value
        if subject == iri:
            if t.predicate.value.endswith("#type"):
                page.types.append(link(t.object))
            elif not t.predicate.value.endswith("#label"):
                page.properties.append((link(t.predicate), link(t.object)))
        elif t.object == ox.NamedNode(iri):
            page.incoming += 1
        if t.predicate.value == str(KMB.party) and subject != iri:
            agreements.setdefault(subject, [])
        if t.predicate.value == str(KMB.signedOn):
            agreements.setdefault(subject, []).append(t.object.value)
    for agreement, dates in sorted(agreements.items()):
        names = labels.get(agreement, {})
        text = names.get("en") or names.get("id") or _short(agreement)
        page.agreements.append(Link(text, local_path(agreement), ", ".join(sorted(dates))))
    page.properties.sort(key=lambda pair: (pair[0].label, pair[1].label))
    return page


def _short(iri: str) -> str:
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


_TERMS = """
SELECT ?term ?kind (SAMPLE(?en) AS ?en_) (SAMPLE(?id) AS ?id_) (SAMPLE(?def) AS ?def_)
       (SAMPLE(?src) AS ?src_)
WHERE {
    GRAPH %(graph)s { ?term rdfs:isDefinedBy %(ontology)s }
    OPTIONAL { ?term rdfs:label ?en FILTER (LANG(?en) = "en") }
    OPTIONAL { ?term rdfs:label ?id FILTER (LANG(?id) = "id") }
    OPTIONAL { ?term skos:definition ?def }
    OPTIONAL { ?term dct:source ?src }
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
                _short(row.get("src_", "")),
            )
        )
    return [(name, terms) for name, terms in sections.items() if terms]
