"""Adding and removing agreements: validated first, atomic, and only where they belong.

:func:`add_agreement` takes a submission the validator found conforming and writes, in
one transaction and under the store's write lock (so that two writers cannot both find
the IRI free):

- the **agreement**, shaped exactly like a curated one: its class and ``kmb:Agreement``, a
  label, its two parties as regions of the store (``kmb:party``, ``kmb:twinnedWith`` both
  ways), its signing date, fields and status, its evidence, and as source the submitted
  document it derives from (``dct:source``, ``prov:wasDerivedFrom``);
- the **submission** itself as its own resource (``id/submission/{slug}``, a
  ``kmb:Submission``): what the document said, who sent it and when, the date and regime
  it was judged under, and the document verbatim;
- a **region** for a party the store does not know yet, in the shared graph
  ``graph/submission-regions``.

The agreement and the submission live in the named graph ``graph/submission/{slug}``.
Before anything is committed, the new resources are checked against the graph's own
structural shapes (``shapes/structure.ttl``); what would not fit is refused with the
reason. :func:`delete_agreement` drops that graph and the regions nothing uses any more;
curated and imported agreements cannot be removed.

>>> from kembar.graph.store import KembarStore
>>> from kembar.graph.validation.submission import parse_submission
>>> from kembar.graph.validation.validator import Validator
>>> store = KembarStore()
>>> doc = (b'{"format": "kembar-agreement/1", "form": "sister_city", '
...        b'"indonesian_party": {"name": "Kota Malang", "level": "kota", "province": "Jawa Timur"}, '
...        b'"foreign_party": {"name": "Ipswich", "country": "GB", "level": "municipal_level"}}')
>>> submission = parse_submission(doc, "a.json")
>>> report = Validator(store).validate(submission)
>>> iri = add_agreement(store, submission, report, agent="cooperation office", document=doc)
>>> store.ask("ASK WHERE { ?a a kmb:Agreement ; kmb:party ?p ; dct:source ?s }", a=named(iri))
True
>>> iri.rsplit("/", 1)[-1], delete_agreement(store, "kota-malang-ipswich")
('kota-malang-ipswich', True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from kembar.graph.errors import ConflictError, SubmissionError
from kembar.graph.store import DERIVED_GRAPH, KembarStore, derive_for, named, sparql_terms
from kembar.graph.validation.rulebook import rulebook
from kembar.graph.validation.submission import Submission
from kembar.graph.validation.validator import Report, name_variants
from kembar.ontology import ONTOLOGY_TTL, ids
from kembar.ontology.namespace import KMB
from kembar.shapes import STRUCTURE_TTL
from rdflib import DCTERMS, PROV, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node
from slugify import slugify

__all__ = ["REGIONS_GRAPH", "ConflictError", "add_agreement", "delete_agreement", "graph_name"]

#: The named graph (under ``graph/``) of regions that written agreements brought in.
REGIONS_GRAPH = "submission-regions"
_PREFIXES = ("kota-", "kabupaten-", "provinsi-", "kab-")
_CLASSES = {
    KMB.SisterCityAgreement, KMB.SisterProvinceAgreement, KMB.FriendshipAgreement,
    KMB.OtherCooperation,
}  # fmt: skip
_LEVELS = {KMB.Provinsi, KMB.Kabupaten, KMB.Kota, KMB.ProvinceLevel, KMB.MunicipalLevel}


def graph_name(slug: str) -> str:
    """The named graph (under ``graph/``) that holds an agreement added over HTTP.

    Parameters
    ----------
    slug : str
        The agreement's slug.

    Returns
    -------
    str

    Examples
    --------
    >>> graph_name("kota-malang-ipswich")
    'submission/kota-malang-ipswich'
    """
    return f"submission/{slug}"


def _slug(name: str) -> str:
    slug = slugify(name)
    for prefix in _PREFIXES:
        slug = slug.removeprefix(prefix)
    return slug or "party"


def _region(store: KembarStore, name: str, iso: str) -> str | None:
    """The one region of the store named *name* in country *iso*, or None."""
    rows = store.select(
        "SELECT DISTINCT ?region ?iso WHERE { VALUES ?name { %s } "
        "?region rdfs:label|skos:altLabel ?name ; kmb:country/kmb:iso3166Alpha2 ?iso }"
        % sparql_terms(name_variants(name)),
        {"iso": ox.Literal(iso)},
    )
    return rows[0]["region"] if len(rows) == 1 else None


def _province(store: KembarStore, name: str) -> str | None:
    """The Indonesian province called *name* (``Jawa Timur``, ``Provinsi Jawa Timur``)."""
    rows = store.select(
        "SELECT DISTINCT ?province ?name WHERE { ?province kmb:adminLevel kmb:Provinsi ; "
        "rdfs:label|skos:altLabel ?label FILTER (STR(?label) = ?name || STR(?label) = CONCAT('Provinsi ', ?name)) }",
        {"name": ox.Literal(name.removeprefix("Provinsi ").strip())},
    )
    return rows[0]["province"] if len(rows) == 1 else None


def _tier(name: str) -> URIRef | None:
    """The Indonesian tier a name's prefix says (``Kota Malang`` -> ``kmb:Kota``), if any."""
    for prefix, tier in (
        ("kota ", KMB.Kota),
        ("kabupaten ", KMB.Kabupaten),
        ("provinsi ", KMB.Provinsi),
    ):
        if name.lower().startswith(prefix):
            return tier
    return None


@lru_cache(maxsize=1)
def allowed_predicates() -> frozenset[str]:
    """The properties the submission format can state (every term of its JSON-LD context,
    expanded), with ``rdf:type``: nothing else may be said about a submitted agreement."""
    from kembar.graph.validation.submission import context_document

    context = context_document()["@context"]
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))}
    found = {str(RDF.type)}
    stack: list[Any] = [context]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        for value in node.values():
            iri = value.get("@id") if isinstance(value, dict) else value
            if isinstance(value, dict) and "@context" in value:
                stack.append(value["@context"])
            if isinstance(iri, str) and ":" in iri and not iri.startswith("@"):
                prefix, _, local = iri.partition(":")
                found.add(prefixes[prefix] + local if prefix in prefixes else iri)
    return frozenset(found)


def _check_statements(graph: Graph, node: Node) -> None:
    """Refuse a submission that states about its agreement what the format cannot say
    (``owl:sameAs``, ``kmb:twinnedWith``…): a write adds only what a submission means."""
    allowed = allowed_predicates()
    extra = sorted({str(p) for s, p, _ in graph if s == node and str(p) not in allowed})
    if extra:
        raise SubmissionError(
            f"the submission states what the format cannot say about its agreement: {', '.join(extra)}",
            [("(agreement)", f"{p} is not a property of the submission format") for p in extra],
        )


def _triples_of(graph: Graph, node: Node, target: URIRef) -> Iterator[tuple[Node, Node, Node]]:
    """The submission's triples, its agreement node renamed *target*."""
    for s, p, o in graph:
        yield (target if s == node else s, p, target if o == node else o)


def _plan(
    store: KembarStore, submission: Submission, report: Report, agent: str, document: bytes
) -> tuple[str, Graph, Graph]:
    """The slug, the agreement's graph and the new regions' graph of a write."""
    g, node = submission.graph, submission.node
    ours, theirs = g.value(node, KMB.indonesianParty), g.value(node, KMB.foreignParty)
    our_name, their_name = str(g.value(ours, KMB.partyName)), str(g.value(theirs, KMB.partyName))
    code = str(g.value(theirs, KMB.countryCode))
    slug = f"{slugify(our_name)}-{_slug(their_name)}"
    agreement, record = ids.agreement(slug), ids.instance(f"submission/{slug}")
    deal, regions = Graph(), Graph()
    parties = []
    if not slugify(our_name) or not slugify(their_name):
        raise SubmissionError(
            "a party's name gives no identifier (it has no letters or digits)",
            [("indonesian_party.name" if not slugify(our_name) else "foreign_party.name",
              "a name with letters or digits is needed")],
        )  # fmt: skip
    _check_statements(g, node)
    for party, name, iso in ((ours, our_name, "ID"), (theirs, their_name, code)):
        found = _region(store, name, iso)
        node_iri = (
            URIRef(found)
            if found
            else ids.region(iso, slugify(name) if iso == "ID" else _slug(name))
        )
        if found is None and store.ask("ASK WHERE { ?r ?p ?o }", r=named(node_iri)):
            found = str(node_iri)  # its IRI is a place the store has: used, never edited
        if found is None:  # a region the store does not know yet
            level = g.value(party, KMB.adminLevel) or _tier(name)
            regions.add((node_iri, RDF.type, KMB.LocalGovernment))
            regions.add((node_iri, RDFS.label, Literal(name, lang="en")))
            regions.add((node_iri, KMB.country, ids.country(iso)))
            tier = level if isinstance(level, URIRef) and level in _LEVELS else KMB.MunicipalLevel
            regions.add((node_iri, KMB.adminLevel, tier))
            regions.add((node_iri, KMB.analysisLevel, KMB.Subunit))
            regions.add((node_iri, DCTERMS.source, record))
            if iso == "ID":
                province = g.value(party, KMB.provinceName)
                found_province = _province(store, str(province)) if province else None
                if level == KMB.Provinsi:
                    found_province = str(node_iri)
                if found_province:
                    regions.add((node_iri, KMB.province, URIRef(found_province)))
        parties.append(node_iri)
    a, b = parties
    kinds = [t for t in g.objects(node, RDF.type) if t in _CLASSES] or [KMB.OtherCooperation]
    for kind in kinds:
        deal.add((agreement, RDF.type, kind))
    deal.add((agreement, RDF.type, KMB.Agreement))
    label = f"{our_name.removeprefix('Kota ').removeprefix('Kabupaten ')} – {their_name}"
    deal.add((agreement, RDFS.label, Literal(label, lang="en")))
    deal.add((agreement, KMB.party, a))
    deal.add((agreement, KMB.party, b))
    deal.add((a, KMB.twinnedWith, b))
    deal.add((b, KMB.twinnedWith, a))
    signed = submission.date(KMB.signedOn)
    if signed is not None:
        deal.add((agreement, KMB.signedOn, Literal(signed)))
    for field in g.objects(node, KMB.cooperationField):
        deal.add((agreement, KMB.cooperationField, field))
    status = (
        KMB.StatusMoUSigned if signed
        else KMB.StatusLetterOfIntent if submission.date(KMB.loiSignedOn)
        else KMB.StatusProposed
    )  # fmt: skip
    deal.add((agreement, KMB.status, status))
    deal.add((agreement, KMB.evidence, KMB.SubmittedRecord))
    deal.add((agreement, DCTERMS.source, record))
    deal.add((agreement, PROV.wasDerivedFrom, record))
    # the submission as its own resource, with its provenance
    for triple in _triples_of(g, node, record):
        if triple[1] != RDF.type or triple[0] != record:
            deal.add(triple)
    regime = next(r.iri for r in rulebook().regimes if r.notation == report.regime)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    deal.add((record, RDF.type, KMB.Submission))
    deal.add((record, DCTERMS.creator, Literal(agent)))
    deal.add((record, PROV.generatedAtTime, Literal(now, datatype=XSD.dateTime)))
    deal.add((record, KMB.judgedOn, Literal(report.judged_on)))
    deal.add((record, KMB.judgedUnder, regime))
    deal.add((record, KMB.submittedDocument, Literal(document.decode("utf-8", "replace"))))
    return slug, deal, regions


@lru_cache(maxsize=1)
def _structure() -> tuple[Graph, Graph]:
    """The structural shapes and the ontology's class hierarchy and concept types."""
    shapes = Graph().parse(STRUCTURE_TTL.read_bytes(), format="turtle")
    ontology = Graph().parse(ONTOLOGY_TTL.read_bytes(), format="turtle")
    kept = Graph()
    for triple in ontology.triples((None, RDFS.subClassOf, None)):
        kept.add(triple)
    for s, o in ontology.subject_objects(RDF.type):
        kept.add((s, RDF.type, o))
    return shapes, kept


_FACTS = """
CONSTRUCT { ?x a ?type ; rdfs:label ?label ; kmb:country ?c ; kmb:adminLevel ?level ;
              kmb:province ?province . ?c a ?ctype ; kmb:iso3166Alpha2 ?code ; rdfs:label ?clabel }
WHERE {
    VALUES ?x { %s }
    { ?x a ?type } UNION { ?x rdfs:label ?label } UNION { ?x kmb:adminLevel ?level }
    UNION { ?x kmb:province ?province }
    UNION { ?x kmb:country ?c . ?c a ?ctype ; kmb:iso3166Alpha2 ?code ; rdfs:label ?clabel }
}
"""


def _problems(store: KembarStore, deal: Graph, regions: Graph) -> list[str]:
    """What the new resources break of the structural shapes, checked with the facts they
    point at (their parties, countries and concepts)."""
    from pyshacl import validate

    shapes, ontology = _structure()
    data = Graph()
    for triple in (*deal, *regions):
        data.add(triple)
    data += ontology
    mentioned = {o for _, _, o in data if isinstance(o, URIRef)} - set(ontology.subjects())
    if mentioned:
        facts = store.query(_FACTS % sparql_terms(ox.NamedNode(str(t)) for t in mentioned))
        payload = ox.serialize(facts, format=ox.RdfFormat.N_TRIPLES)  # type: ignore[arg-type]
        del facts  # Oxigraph's result must die on the thread that made it
        if payload:
            data.parse(data=payload, format="nt")
    conforms, report, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True)
    if conforms:
        return []
    assert isinstance(report, Graph)
    sh = "http://www.w3.org/ns/shacl#"
    found = []
    for result in report.subjects(RDF.type, URIRef(sh + "ValidationResult")):
        focus = report.value(result, URIRef(sh + "focusNode"))
        message = report.value(result, URIRef(sh + "resultMessage"))
        if focus is not None and (focus in set(deal.subjects()) | set(regions.subjects())):
            found.append(f"{focus}: {message}")
    return sorted(set(found))


def _quads(graph: Graph, into: ox.NamedNode, fresh: dict[BNode, ox.BlankNode]) -> Iterator[ox.Quad]:
    """*graph*'s triples in the graph *into*, each blank node of the submission a new one
    (*fresh*, shared by the graphs of one write): a label a submission gives, such as one
    a query showed, never names a blank node already in the store."""

    def term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(node, BNode):
            return fresh.setdefault(node, ox.BlankNode())
        return _term(node)

    for s, p, o in graph:
        yield ox.Quad(term(s), named(p), term(o), into)  # type: ignore[arg-type]


def _term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(node, URIRef):
        return named(node)
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    assert isinstance(node, Literal)
    if node.language:
        return ox.Literal(str(node), language=node.language)
    return ox.Literal(str(node), datatype=named(node.datatype or XSD.string))


def add_agreement(
    store: KembarStore, submission: Submission, report: Report, *, agent: str, document: bytes
) -> URIRef:
    """Write a conforming *submission* as an agreement, atomically; return its IRI.

    Parameters
    ----------
    store : KembarStore
        The writable store.
    submission : Submission
        The parsed submission (its statements are confined to its own nodes).
    report : Report
        The validator's report on it; it must conform.
    agent : str
        Who writes (the holder of the write token), recorded as the submission's creator.
    document : bytes
        The document as sent, kept verbatim.

    Returns
    -------
    rdflib.URIRef
        The new agreement's IRI.

    Raises
    ------
    ConflictError
        When it does not conform, or an agreement with that IRI exists (409).
    SubmissionError
        When the agreement would break the graph's structural shapes (422, each named).
    """
    if not report.conforms:
        raise ConflictError("the submission does not conform; nothing was written")
    with store.write_lock:  # from the existence check to the commit
        slug, deal, regions = _plan(store, submission, report, agent, document)
        agreement = ids.agreement(slug)
        if store.ask("ASK WHERE { ?a ?p ?o }", a=named(agreement)):
            raise ConflictError(f"<{agreement}> exists already")
        problems = _problems(store, deal, regions)
        if problems:
            raise SubmissionError(
                "the agreement would not fit the graph: " + "; ".join(problems),
                [("(agreement)", p) for p in problems],
            )
        home = named(ids.graph_iri(graph_name(slug)))
        shared = named(ids.graph_iri(REGIONS_GRAPH))
        fresh: dict[BNode, ox.BlankNode] = {}
        asserted = [*_quads(deal, home, fresh), *_quads(regions, shared, fresh)]
        derived = named(ids.graph_iri(DERIVED_GRAPH))
        inferred = derive_for(
            _ontology(), (ox.Triple(q.subject, q.predicate, q.object) for q in asserted)
        )
        store.add(
            [*asserted, *(ox.Quad(t.subject, t.predicate, t.object, derived) for t in inferred)]
        )
    return agreement


@lru_cache(maxsize=1)
def _ontology() -> tuple[ox.Triple, ...]:
    """The packaged ontology, which the derivation rules read beside a new agreement."""
    return tuple(ox.parse(ONTOLOGY_TTL.read_bytes(), format=ox.RdfFormat.TURTLE))


def delete_agreement(store: KembarStore, slug: str) -> bool:
    """Drop an agreement added with :func:`add_agreement`, and the regions nothing else uses.

    Parameters
    ----------
    store : KembarStore
        The writable store.
    slug : str
        The agreement's slug (a pattern of lower-case letters, digits and hyphens).

    Returns
    -------
    bool
        False when no agreement was added under that slug.

    Raises
    ------
    ConflictError
        When the slug names a curated or imported agreement, which cannot be removed.
    """
    graph = named(ids.graph_iri(graph_name(slug)))
    with store.write_lock:
        if not store.ask("ASK WHERE { GRAPH ?g { ?s ?p ?o } }", g=graph):
            if store.ask("ASK WHERE { ?a ?p ?o }", a=named(ids.agreement(slug))):
                raise ConflictError(
                    f"<{ids.agreement(slug)}> is curated or imported data, not a submitted agreement"
                )
            return False
        shared = named(ids.graph_iri(REGIONS_GRAPH))
        derived = named(ids.graph_iri(DERIVED_GRAPH))
        this, link, party = named(ids.agreement(slug)), named(KMB.securityLink), named(KMB.party)
        parties = [row["p"] for row in store.select(
            "SELECT ?g ?a ?p WHERE { GRAPH ?g { ?a kmb:party ?p } }", {"g": graph, "a": this})]  # fmt: skip
        store.update(  # the agreement, what was derived from it, and regions nothing else uses
            f"DROP SILENT GRAPH {graph} ; "
            f"DELETE {{ GRAPH {derived} {{ ?l ?p ?o }} }} "
            f"WHERE {{ GRAPH {derived} {{ {this} {link} ?l . ?l ?p ?o }} }} ; "
            f"DELETE {{ GRAPH {derived} {{ {this} ?p ?o }} }} WHERE {{ GRAPH {derived} {{ {this} ?p ?o }} }} ; "
            # its parties that the shared graph added and that no agreement of any graph still
            # names (an update's WHERE reads the default graph, not the union: say GRAPH ?g)
            f"DELETE {{ GRAPH {shared} {{ ?r ?p ?o }} }} WHERE {{ "
            f"VALUES ?r {{ {sparql_terms(named(p) for p in parties)} }} GRAPH {shared} {{ ?r ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?any {{ ?a {party} ?r }} }} }} ; "
            # what was derived about a party that no other graph states anything about now
            f"DELETE {{ GRAPH {derived} {{ ?r ?p ?o }} }} WHERE {{ "
            f"VALUES ?r {{ {sparql_terms(named(p) for p in parties)} }} GRAPH {derived} {{ ?r ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?r ?q ?v }} FILTER (?g != {derived}) }} }}"
        )
    return True
