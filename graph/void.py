"""VoID and DCAT description of the dataset, with counts read from the store when asked.

>>> from kembar.graph.store import KembarStore
>>> triples = void_description(KembarStore(), "http://localhost:8000")
>>> any(t.predicate.value.endswith("#sparqlEndpoint") for t in triples)
True
"""

from __future__ import annotations

import pyoxigraph as ox
from kembar.graph.store import KembarStore
from kembar.ontology import ids

__all__ = ["service_description", "void_description"]

VOID = ids.PREFIXES["void"]
DCAT = ids.PREFIXES["dcat"]
SD = ids.PREFIXES["sd"]
DCT = ids.PREFIXES["dct"]
RDF_TYPE = ox.NamedNode(ids.PREFIXES["rdf"] + "type")
KMB = ids.PREFIXES["kmb"]

#: Classes whose entity counts the description gives (void:classPartition).
PARTITIONED = ["Agreement", "LocalGovernment", "State", "Territory", "LegalInstrument", "Rule"]

_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?entity) AS ?n) WHERE {
    VALUES ?class { CLASSES }
    ?entity a ?type . ?type rdfs:subClassOf* ?class .
} GROUP BY ?class
"""


def _iri(text: str) -> ox.NamedNode:
    return ox.NamedNode(text)


def _lit(value: object, datatype: str | None = None, language: str | None = None) -> ox.Literal:
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_iri(ids.PREFIXES["xsd"] + "integer"))
    if language:
        return ox.Literal(str(value), language=language)
    return ox.Literal(str(value), datatype=_iri(datatype) if datatype else None)


def void_description(store: KembarStore, base: str) -> list[ox.Triple]:
    """The dataset served at *base*: endpoint, dumps, URI space, graphs and their sizes."""
    dataset = _iri(f"{base}/void#kembar")
    triples: list[ox.Triple] = []

    def add(
        s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.BlankNode | ox.Literal
    ) -> None:
        triples.append(ox.Triple(s, _iri(p), o))

    triples.append(ox.Triple(dataset, RDF_TYPE, _iri(VOID + "Dataset")))
    triples.append(ox.Triple(dataset, RDF_TYPE, _iri(DCAT + "Dataset")))
    add(dataset, DCT + "title", _lit("Kembar: sister-city cooperation", language="en"))
    add(dataset, DCT + "title", _lit("Kembar: kerja sama kota kembar", language="id"))
    add(dataset, DCT + "description", _lit(
        "Local governments, their sister-city and sister-province agreements with sources, "
        "the Indonesian law that governs them (rules R01-R54), and the security sectors "
        "and threats such cooperation touches.", language="en"))  # fmt: skip
    add(dataset, VOID + "sparqlEndpoint", _iri(f"{base}/sparql"))
    add(dataset, VOID + "uriSpace", _lit(str(ids.ID)))
    add(dataset, VOID + "uriLookupEndpoint", _iri(f"{base}/id/"))
    add(dataset, VOID + "rootResource", _iri(str(ids.ONTOLOGY)))
    for vocabulary in ("kmb", "skos", "dct", "prov", "geo", "schema", "eli", "org"):
        add(dataset, VOID + "vocabulary", _iri(ids.PREFIXES[vocabulary]))
    for ext, media in (("nq", "application/n-quads"), ("trig", "application/trig")):
        download = _iri(f"{base}/dump?format={ext}")
        add(dataset, VOID + "dataDump", download)
        distribution = ox.BlankNode()
        add(dataset, DCAT + "distribution", distribution)
        triples.append(ox.Triple(distribution, RDF_TYPE, _iri(DCAT + "Distribution")))
        add(distribution, DCAT + "downloadURL", download)
        add(distribution, DCAT + "mediaType", _lit(media))
    total = 0
    for count in store.graph_counts():
        subset = _iri(f"{base}/void#graph-{count.graph.rsplit('/graph/', 1)[-1]}")
        add(dataset, VOID + "subset", subset)
        triples.append(ox.Triple(subset, RDF_TYPE, _iri(VOID + "Dataset")))
        add(subset, SD + "name", _iri(count.graph))
        add(subset, VOID + "triples", _lit(count.triples))
        total += count.triples
    add(dataset, VOID + "triples", _lit(total))
    classes = " ".join(f"kmb:{name}" for name in PARTITIONED)
    for row in store.select(_COUNTS.replace("CLASSES", classes)):
        partition = ox.BlankNode()
        add(dataset, VOID + "classPartition", partition)
        add(partition, VOID + "class", _iri(row["class"]))
        add(partition, VOID + "entities", _lit(int(row["n"])))
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
    store: KembarStore, base: str, result_types: list[str], graph_types: list[str]
) -> list[ox.Triple]:
    """The SPARQL Service Description of ``{base}/sparql``, with the current graph sizes."""
    service = _iri(f"{base}/sparql#service")
    triples: list[ox.Triple] = [ox.Triple(service, RDF_TYPE, _iri(SD + "Service"))]

    def add(
        s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.BlankNode | ox.Literal
    ) -> None:
        triples.append(ox.Triple(s, _iri(p), o))

    add(service, SD + "endpoint", _iri(f"{base}/sparql"))
    add(service, SD + "supportedLanguage", _iri(SD + "SPARQL11Query"))
    add(service, SD + "feature", _iri(SD + "UnionDefaultGraph"))
    if store.allow_service:
        add(service, SD + "feature", _iri(SD + "BasicFederatedQuery"))
    for media in dict.fromkeys(result_types + graph_types):
        if media in FORMAT_IRIS:
            add(service, SD + "resultFormat", _iri(ids.PREFIXES["formats"] + FORMAT_IRIS[media]))
    from kembar.graph.functions import FUNCTIONS

    for name in FUNCTIONS:
        function = _iri(ids.PREFIXES["fn"] + name)
        add(service, SD + "extensionFunction", function)
        triples.append(ox.Triple(function, RDF_TYPE, _iri(SD + "Function")))
        add(function, ids.PREFIXES["rdfs"] + "comment", _lit(FUNCTIONS[name], language="en"))
    dataset = ox.BlankNode()
    add(service, SD + "defaultDataset", dataset)
    triples.append(ox.Triple(dataset, RDF_TYPE, _iri(SD + "Dataset")))
    default = ox.BlankNode()
    add(dataset, SD + "defaultGraph", default)
    total = 0
    for count in store.graph_counts():
        named = ox.BlankNode()
        add(dataset, SD + "namedGraph", named)
        add(named, SD + "name", _iri(count.graph))
        graph = ox.BlankNode()
        add(named, SD + "graph", graph)
        add(graph, VOID + "triples", _lit(count.triples))
        total += count.triples
    add(default, VOID + "triples", _lit(total))
    add(service, DCT + "description", _lit(
        "The default graph is the union of all named graphs. SERVICE and updates are refused.",
        language="en"))  # fmt: skip
    return triples
