"""Adding and removing agreements: validated first, each in its own named graph, with provenance.

:func:`add_agreement` takes a submission the validator found conforming and writes it,
in one transaction, into the named graph ``submission/{slug}``: the submission's own
triples on the agreement's IRI, the two parties as regions of the store (a party the
store does not know gets a new region node), ``kmb:twinnedWith`` both ways, and who sent
it, when, the regime it was judged under, and the document verbatim.
:func:`delete_agreement` drops that graph, so only agreements added this way can be
removed; curated and imported ones cannot.

>>> from kembar.graph.store import KembarStore
>>> from kembar.graph.validation.submission import parse_submission
>>> from kembar.graph.validation import Validator
>>> store = KembarStore()
>>> doc = (b'{"format": "kembar-agreement/1", "form": "sister_city", '
...        b'"indonesian_party": {"name": "Kota Malang", "level": "kota", "province": "Jawa Timur"}, '
...        b'"foreign_party": {"name": "Ipswich", "country": "GB", "level": "municipal_level"}}')
>>> submission = parse_submission(doc, "a.json")
>>> report = Validator(store).validate(submission)
>>> iri = add_agreement(store, submission, report, agent="cooperation office", document=doc)
>>> iri.rsplit("/", 1)[-1], delete_agreement(store, "kota-malang-ipswich")
('kota-malang-ipswich', True)
"""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
from kembar.graph.errors import ConflictError
from kembar.graph.store import KembarStore, sparql_terms
from kembar.graph.validation.submission import Submission
from kembar.graph.validation.validator import Report, name_variants
from kembar.ontology import ids
from kembar.ontology.namespace import KMB
from rdflib import DCTERMS, PROV, RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.term import Node
from slugify import slugify

__all__ = ["ConflictError", "add_agreement", "delete_agreement", "graph_name"]

_PREFIXES = ("kota-", "kabupaten-", "provinsi-", "kab-")


def graph_name(slug: str) -> str:
    """The named graph (under ``graph/``) that holds an agreement added over HTTP."""
    return f"submission/{slug}"


def _iri(node: str) -> ox.NamedNode:
    return ox.NamedNode(str(node))


def _subject(node: Node) -> ox.NamedNode | ox.BlankNode:
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    assert isinstance(node, URIRef)
    return _iri(node)


def _term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(node, (URIRef, BNode)):
        return _subject(node)
    assert isinstance(node, Literal)
    if node.language:
        return ox.Literal(str(node), language=node.language)
    return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype or XSD.string)))


def _region(store: KembarStore, name: str, iso: str) -> str | None:
    """The one region of the store named *name* in country *iso*, or None."""
    rows = store.select(
        "SELECT DISTINCT ?region ?iso WHERE { VALUES ?name { %s } "
        "?region rdfs:label|skos:altLabel ?name ; kmb:country/kmb:iso3166Alpha2 ?iso }"
        % sparql_terms(name_variants(name)),
        {"iso": ox.Literal(iso)},
    )
    return rows[0]["region"] if len(rows) == 1 else None


def _slug(name: str) -> str:
    slug = slugify(name)
    for prefix in _PREFIXES:
        slug = slug.removeprefix(prefix)
    return slug or "party"


def add_agreement(
    store: KembarStore, submission: Submission, report: Report, *, agent: str, document: bytes
) -> URIRef:
    """Write a conforming *submission* as an agreement; return its IRI.

    Raises :class:`ConflictError` if it does not conform or its IRI is taken.
    """
    if not report.conforms:
        raise ConflictError("the submission does not conform; nothing was written")
    g, node = submission.graph, submission.node
    ours, theirs = g.value(node, KMB.indonesianParty), g.value(node, KMB.foreignParty)
    our_name = str(g.value(ours, KMB.partyName))
    their_name = str(g.value(theirs, KMB.partyName))
    code = str(g.value(theirs, KMB.countryCode))
    slug = f"{slugify(our_name)}-{_slug(their_name)}"
    agreement = ids.agreement(slug)
    if store.ask("ASK WHERE { ?agreement ?p ?o }", agreement=_iri(agreement)):
        raise ConflictError(f"<{agreement}> exists already")
    graph = ox.NamedNode(str(ids.graph_iri(graph_name(slug))))
    quads = [
        ox.Quad(_subject(agreement if s == node else s), _iri(str(p)),
                _term(agreement if o == node else o), graph)
        for s, p, o in g
    ]  # fmt: skip
    parties = []
    for name, iso in ((our_name, "ID"), (their_name, code)):
        found = _region(store, name, iso)
        if found is None:  # a region the store does not know yet
            found = str(ids.region(iso, _slug(name) if iso != "ID" else slugify(name)))
            quads += [
                ox.Quad(_iri(found), _iri(RDF.type), _iri(KMB.LocalGovernment), graph),
                ox.Quad(_iri(found), _iri(RDFS.label), ox.Literal(name), graph),
                ox.Quad(_iri(found), _iri(KMB.country), _iri(ids.country(iso)), graph),
            ]
        parties.append(_iri(found))
    a, b = parties
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    here = _iri(agreement)
    quads += [
        ox.Quad(here, _iri(KMB.party), a, graph),
        ox.Quad(here, _iri(KMB.party), b, graph),
        ox.Quad(a, _iri(KMB.twinnedWith), b, graph),
        ox.Quad(b, _iri(KMB.twinnedWith), a, graph),
        ox.Quad(here, _iri(KMB.judgedOn), _term(Literal(report.judged_on)), graph),
        ox.Quad(here, _iri(DCTERMS.creator), ox.Literal(agent), graph),
        ox.Quad(here, _iri(PROV.generatedAtTime),
                ox.Literal(now, datatype=_iri(XSD.dateTime)), graph),
        ox.Quad(here, _iri(KMB.submittedDocument), ox.Literal(document.decode("utf-8", "replace")), graph),
    ]  # fmt: skip
    store.add_graph(graph_name(slug), (q for q in quads), replace=False)
    return agreement


def delete_agreement(store: KembarStore, slug: str) -> bool:
    """Drop the graph of an agreement added with :func:`add_agreement`; False if none."""
    graph = ids.graph_iri(graph_name(slug))
    if not store.ask("ASK WHERE { GRAPH ?g { ?s ?p ?o } }", g=_iri(graph)):
        if store.ask("ASK WHERE { ?agreement ?p ?o }", agreement=_iri(ids.agreement(slug))):
            raise ConflictError(
                f"<{ids.agreement(slug)}> is curated or imported data, not a submitted agreement"
            )
        return False
    store.drop_graph(graph_name(slug))
    return True
