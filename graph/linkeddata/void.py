"""VoID and DCAT description of the dataset, with counts read from the store when asked.

>>> from kembar.graph.store import KembarStore
>>> triples = void_description(KembarStore(), "http://localhost:8000")
>>> any(t.predicate.value.endswith("#sparqlEndpoint") for t in triples)
True
"""

from __future__ import annotations

import pyoxigraph as ox
from kembar.graph.sparql.functions import FUNCTIONS
from kembar.graph.store import KembarStore, named, subclasses
from kembar.ontology import ids
from kembar.ontology.namespace import KMB
from rdflib import DCAT, DCTERMS, ORG, PROV, RDF, RDFS, SH, SKOS, VOID, XSD, URIRef

__all__ = ["service_description", "void_description"]

SD = ids.SD
DCT = DCTERMS
RDF_TYPE = named(RDF.type)

#: Classes whose entity counts the description gives (void:classPartition).
PARTITIONED = [KMB.Agreement, KMB.LocalGovernment, KMB.State, KMB.Territory, KMB.LegalInstrument,
               KMB.Rule]  # fmt: skip

#: Each class with its subclasses written out (:func:`~kembar.graph.store.subclasses`).
_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?entity) AS ?n) WHERE {
    { %s }
    ?entity a ?type .
} GROUP BY ?class
""" % " } UNION { ".join(
    "BIND (%s AS ?class) %s" % (named(c), subclasses("type", c)) for c in PARTITIONED
)


def _iri(text: str) -> ox.NamedNode:
    return ox.NamedNode(text)


def _lit(value: object, language: str | None = None) -> ox.Literal:
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=named(XSD.integer))
    if language:
        return ox.Literal(str(value), language=language)
    return ox.Literal(str(value))


def void_description(store: KembarStore, base: str) -> list[ox.Triple]:
    """The dataset served at *base*: endpoint, dumps, URI space, graphs and their sizes.

    Parameters
    ----------
    store : KembarStore
        The store to read.
    base : str
        The server's URL, without a trailing slash.

    Returns
    -------
    list of pyoxigraph.Triple
        The VoID and DCAT description, counts read now (once per store version).
    """
    dataset = _iri(f"{base}/void#kembar")
    triples: list[ox.Triple] = []

    def add(
        s: ox.NamedNode | ox.BlankNode, p: URIRef, o: ox.NamedNode | ox.BlankNode | ox.Literal
    ) -> None:
        triples.append(ox.Triple(s, named(p), o))

    triples.append(ox.Triple(dataset, RDF_TYPE, named(VOID.Dataset)))
    triples.append(ox.Triple(dataset, RDF_TYPE, named(DCAT.Dataset)))
    add(dataset, DCT.title, _lit("Kembar: sister-city cooperation", language="en"))
    add(dataset, DCT.title, _lit("Kembar: kerja sama kota kembar", language="id"))
    add(dataset, DCT.description, _lit(
        "Local governments, their sister-city and sister-province agreements with sources, "
        "the Indonesian law that governs them (rules R01-R55), and the security sectors "
        "and threats such cooperation touches.", language="en"))  # fmt: skip
    add(dataset, VOID.sparqlEndpoint, _iri(f"{base}/sparql"))
    add(dataset, VOID.uriSpace, _lit(str(ids.ID)))
    add(dataset, VOID.uriLookupEndpoint, _iri(f"{base}/id/"))
    add(dataset, VOID.rootResource, _iri(str(ids.ONTOLOGY)))
    for vocabulary in (KMB, SKOS, DCTERMS, PROV, ids.GEO, ids.SCHEMA, ids.ELI, ORG):
        add(dataset, VOID.vocabulary, named(URIRef(str(vocabulary))))
    for ext, media in (("nq", "application/n-quads"), ("trig", "application/trig")):
        download = _iri(f"{base}/dump?format={ext}")
        add(dataset, VOID.dataDump, download)
        distribution = ox.BlankNode()
        add(dataset, DCAT.distribution, distribution)
        triples.append(ox.Triple(distribution, RDF_TYPE, named(DCAT.Distribution)))
        add(distribution, DCAT.downloadURL, download)
        add(distribution, DCAT.mediaType, _lit(media))
    total = 0
    for count in store.graph_counts():
        subset = _iri(f"{base}/void#graph-{count.graph.rsplit('/graph/', 1)[-1]}")
        add(dataset, VOID.subset, subset)
        triples.append(ox.Triple(subset, RDF_TYPE, named(VOID.Dataset)))
        add(subset, SD.name, _iri(count.graph))
        add(subset, VOID.triples, _lit(count.triples))
        total += count.triples
    add(dataset, VOID.triples, _lit(total))
    for row in store.select(_COUNTS):
        partition = ox.BlankNode()
        add(dataset, VOID.classPartition, partition)
        add(partition, VOID["class"], _iri(row["class"]))
        add(partition, VOID.entities, _lit(int(row["n"])))
    return triples


#: W3C format IRIs (http://www.w3.org/ns/formats/) by media type.
FORMAT_IRIS = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/n-triples": "N-Triples",
    "application/ld+json": "JSON-LD",
    "application/rdf+xml": "RDF_XML",
    "application/n-quads": "N-Quads",
    "application/trig": "TriG",
}


def service_description(
    store: KembarStore,
    base: str,
    result_types: list[str],
    graph_types: list[str],
    *,
    allow_service: bool = False,
) -> list[ox.Triple]:
    """The SPARQL Service Description of ``{base}/sparql``, with the current graph sizes.

    Parameters
    ----------
    store : KembarStore
        The store to read.
    base : str
        The server's URL, without a trailing slash.
    result_types, graph_types : list of str
        The media types answers can come in.
    allow_service : bool
        Whether this server lets ``SERVICE`` through (it is refused by default), so that
        clients know whether federated queries are worth trying.

    Returns
    -------
    list of pyoxigraph.Triple
    """
    service = _iri(f"{base}/sparql#service")
    triples: list[ox.Triple] = [ox.Triple(service, RDF_TYPE, named(SD.Service))]

    def add(
        s: ox.NamedNode | ox.BlankNode, p: URIRef, o: ox.NamedNode | ox.BlankNode | ox.Literal
    ) -> None:
        triples.append(ox.Triple(s, named(p), o))

    add(service, SD.endpoint, _iri(f"{base}/sparql"))
    add(service, SD.supportedLanguage, named(SD.SPARQL11Query))
    add(service, SD.feature, named(SD.UnionDefaultGraph))
    if allow_service:
        add(service, SD.feature, named(SD.BasicFederatedQuery))
    for media in dict.fromkeys(result_types + graph_types):
        if media in FORMAT_IRIS:
            add(service, SD.resultFormat, named(ids.FORMATS[FORMAT_IRIS[media]]))
    for name in FUNCTIONS:
        function = named(ids.FN[name])
        add(service, SD.extensionFunction, function)
        triples.append(ox.Triple(function, RDF_TYPE, named(SD.Function)))
        add(function, RDFS.comment, _lit(FUNCTIONS[name], language="en"))
    # the predeclared prefixes, in SHACL's vocabulary for prefix declarations (sh:declare)
    for prefix, namespace in ids.PREFIXES.items():
        declaration = ox.BlankNode()
        add(service, SH.declare, declaration)
        add(declaration, SH.prefix, _lit(prefix))
        add(declaration, SH.namespace,
            ox.Literal(namespace, datatype=named(XSD.anyURI)))  # fmt: skip
    dataset = ox.BlankNode()
    add(service, SD.defaultDataset, dataset)
    triples.append(ox.Triple(dataset, RDF_TYPE, named(SD.Dataset)))
    default = ox.BlankNode()
    add(dataset, SD.defaultGraph, default)
    total = 0
    for count in store.graph_counts():
        member = ox.BlankNode()
        add(dataset, SD.namedGraph, member)
        add(member, SD.name, _iri(count.graph))
        graph = ox.BlankNode()
        add(member, SD.graph, graph)
        add(graph, VOID.triples, _lit(count.triples))
        total += count.triples
    add(default, VOID.triples, _lit(total))
    add(service, DCT.description, _lit(
        "The default graph is the union of all named graphs, derived statements included "
        "(graph/derived). The prefixes declared here (sh:declare) need no PREFIX line. "
        "SERVICE and updates are refused.",
        language="en"))  # fmt: skip
    return triples
