"""VoID and DCAT description of the dataset, with counts read from the store when asked.

>>> from kembar.graph.store import KembarStore
>>> triples = void_description(KembarStore(), "http://localhost:8000")
>>> any(t.predicate.value.endswith("#sparqlEndpoint") for t in triples)
True
>>> {t.subject.value for t in triples if t.predicate.value.endswith("/license")} >= {str(ids.DATASET)}
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox
from kembar.graph.sparql.functions import FUNCTIONS
from kembar.graph.store import KembarStore, named, subclasses
from kembar.graph.store.stats import stage_counts
from kembar.ontology import ids
from kembar.ontology.namespace import KMB
from rdflib import DCAT, DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SH, SKOS, VOID, XSD, Namespace, URIRef

__all__ = [
    "ABOUT",
    "CC_BY",
    "CC_BY_SA",
    "HOME",
    "citation",
    "dataset_view",
    "release_distributions",
    "service_description",
    "void_description",
]

SD = ids.SD
DCT = DCTERMS
RDF_TYPE = named(RDF.type)
#: ADMS's publisher types (the value DCAT-AP asks of a publisher's dct:type).
ADMS_PUBLISHER = Namespace("http://purl.org/adms/publishertype/")
#: DCAT 3's terms that rdflib's DCAT namespace predates (dcat:version, the versioning ones).
DCAT_NS = Namespace(str(DCAT))
DCAT_VERSION = DCAT_NS["version"]
#: ADMS's licence types.
ADMS_LICENCE = Namespace("http://purl.org/adms/licencetype/")
#: DCAT-AP's availability of a distribution.
AVAILABILITY = URIRef("http://data.europa.eu/r5r/availability")

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


#: The licences: the curated data under CC BY 4.0; an import of Wikipedia's lists keeps its
#: source's CC BY-SA 4.0, and so does any download that holds it (docs/data.md, "Terms").
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
CC_BY_SA = "https://creativecommons.org/licenses/by-sa/4.0/"
#: The downloads: extension, IANA media type, the EU file-type authority's code.
DOWNLOADS = [("nq", "application/n-quads", "RDF_N_QUADS"), ("trig", "application/trig", "RDF_TRIG"),
             ("ttl", "text/turtle", "RDF_TURTLE")]  # fmt: skip
#: The dataset's title and description, by language.
ABOUT = {
    "en": (
        "Kembar: sister-city cooperation, the Indonesian law and security",
        (
            "Local governments of Indonesia and their partners abroad, their sister-city and "
            "sister-province agreements stage by stage with the pages that state them, the "
            "Indonesian law that governs those agreements provision by provision (rules "
            "R01-R55), and the security sectors, human-security dimensions and non-traditional "
            "threats such cooperation touches."
        ),
    ),
    "id": (
        "Kembar: kerja sama kota kembar, peraturan Indonesia, dan keamanan",
        (
            "Pemerintah daerah Indonesia dan mitranya di luar negeri, kerja sama kabupaten/kota "
            "kembar dan provinsi kembar tahap demi tahap beserta halaman sumbernya, peraturan "
            "perundang-undangan Indonesia yang mengaturnya ketentuan demi ketentuan (aturan "
            "R01-R55), serta sektor keamanan, dimensi keamanan manusia, dan ancaman "
            "nontradisional yang disentuh kerja sama itu."
        ),
    ),
}
#: Who publishes and made the dataset, and how to reach them.
PUBLISHER = ids.org("kembar")
HOME = "https://w3id.org/kembar/"
ISSUES = "https://w3id.org/kembar/issues"


def _distribution(
    triples: list[ox.Triple], iri: str, download: str, title: str, media: str, file_type: str,
    licence: ox.NamedNode,
) -> ox.NamedNode:  # fmt: skip
    """A ``dcat:Distribution`` of the dataset: its title, access and download URL, IANA media
    type, EU file type and licence (what every distribution, live or released, states)."""
    node, url = named(URIRef(iri)), _iri(download)

    def add(s: ox.NamedNode, p: URIRef, o: ox.NamedNode | ox.Literal) -> None:
        triples.append(ox.Triple(s, named(p), o))

    media_type = named(ids.IANA_MEDIA[media])
    file_format = named(ids.EU_AUTHORITY[f"file-type/{file_type}"])
    add(named(ids.DATASET), DCAT.distribution, node)
    add(node, RDF.type, named(DCAT.Distribution))
    add(node, DCT.title, _lit(title, language="en"))
    add(node, DCAT.accessURL, url)
    add(node, DCAT.downloadURL, url)
    add(media_type, RDF.type, named(DCT.MediaType))
    add(node, DCAT.mediaType, media_type)
    add(file_format, RDF.type, named(DCT.MediaTypeOrExtent))
    add(node, DCT.format, file_format)
    add(node, DCT.license, licence)
    return node


def void_description(
    store: KembarStore, base: str, served: bool = True, tables: Sequence[str] = ()
) -> list[ox.Triple]:
    """The dataset of record (``https://w3id.org/kembar/dataset``, whatever host serves it)
    as VoID and DCAT-AP 3.0.1: titles and descriptions in English and Indonesian, publisher,
    creator, contact point, licence and rights, version, dates, keywords, theme, spatial and
    temporal coverage, the citation, provenance, and one distribution per download at
    *base*; with the endpoint, the URI space, the graphs and the entity counts of now.

    Parameters
    ----------
    store : KembarStore
        The store to read.
    base : str
        The server's URL, without a trailing slash.
    served : bool
        Whether the description is a server's (its endpoint, dumps and tables at *base*)
        or a release's, whose files :func:`release_distributions` describes.
    tables : sequence of str
        The tidy tables the server gives at ``{base}/dataset/tables/{name}.csv``.

    Returns
    -------
    list of pyoxigraph.Triple
        The description, counts read now (once per store version).
    """
    from kembar.data import DATA_ISSUED, DATA_MODIFIED, DATA_VERSION

    dataset = named(ids.DATASET)
    version = named(ids.dataset_version(DATA_VERSION))
    triples: list[ox.Triple] = []

    def add(
        s: ox.NamedNode | ox.BlankNode, p: URIRef, o: ox.NamedNode | ox.BlankNode | ox.Literal
    ) -> None:
        triples.append(ox.Triple(s, named(p), o))

    def a(s: ox.NamedNode | ox.BlankNode, *classes: URIRef) -> None:
        for c in classes:
            triples.append(ox.Triple(s, RDF_TYPE, named(c)))

    def date(text: str) -> ox.Literal:
        return ox.Literal(text, datatype=named(XSD.date))

    a(dataset, VOID.Dataset, DCAT.Dataset)
    for lang, (title, text) in ABOUT.items():
        add(dataset, DCT.title, _lit(title, language=lang))
        add(dataset, DCT.description, _lit(text, language=lang))
    for word, lang in (("sister cities", "en"), ("twin towns", "en"), ("paradiplomacy", "en"),
                       ("non-traditional security", "en"), ("Indonesian law", "en"),
                       ("kota kembar", "id"), ("kerja sama daerah", "id"),
                       ("keamanan nontradisional", "id"), ("linked data", "en")):  # fmt: skip
        add(dataset, DCAT.keyword, _lit(word, language=lang))
    # who: publisher and creator (a FOAF agent with a type from the ADMS vocabulary), contact
    publisher = named(PUBLISHER)
    a(publisher, FOAF.Agent)
    add(publisher, FOAF.name, _lit("The Kembar team", language="en"))
    add(publisher, FOAF.name, _lit("Tim Kembar", language="id"))
    kind = named(ADMS_PUBLISHER["Academia-ScientificOrganisation"])
    a(kind, SKOS.Concept)
    add(kind, SKOS.prefLabel, _lit("Academia/Scientific organisation", language="en"))
    add(publisher, DCT.type, kind)
    add(dataset, DCT.publisher, publisher)
    add(dataset, DCT.creator, publisher)
    contact = named(URIRef(f"{ids.DATASET}#contact"))
    a(contact, ids.VCARD.Kind, ids.VCARD.Organization)
    add(contact, ids.VCARD.fn, _lit("The Kembar team"))
    add(contact, ids.VCARD.hasURL, named(URIRef(ISSUES)))
    add(dataset, DCAT.contactPoint, contact)
    landing = named(URIRef(f"{base}/dataset" if served else str(ids.DATASET)))
    a(landing, FOAF.Document)
    add(dataset, DCAT.landingPage, landing)
    # terms of reuse
    imported = any("/graph/import/" in c.graph for c in store.graph_counts())
    licence = named(URIRef(CC_BY_SA if imported else CC_BY))
    a(licence, DCT.LicenseDocument)
    attribution = named(ADMS_LICENCE["Attribution"])
    a(attribution, SKOS.Concept)
    add(attribution, SKOS.prefLabel, _lit("Attribution", language="en"))
    add(licence, DCT.type, attribution)
    add(dataset, DCT.license, licence)
    rights = named(URIRef(f"{ids.DATASET}#rights"))
    a(rights, DCT.RightsStatement)
    add(
        rights,
        RDFS.label,
        _lit(
            "The curated data (the fact table, the law, the rules) is CC BY 4.0: reuse it, crediting "
            "Kembar. An import of Wikipedia's lists of twin towns keeps its source's CC BY-SA 4.0 "
            "with attribution to Wikipedia, and so does any download that holds it. Coordinates "
            "from GeoNames (CC BY 4.0); Wikidata (CC0). The code is MIT-licensed.",
            language="en",
        ),
    )
    add(rights, RDFS.label, _lit(
        "Data kurasi (tabel fakta, peraturan, aturan) berlisensi CC BY 4.0: boleh digunakan "
        "kembali dengan menyebut Kembar. Impor daftar kota kembar Wikipedia tetap berlisensi "
        "CC BY-SA 4.0 sumbernya dengan atribusi kepada Wikipedia, begitu pula unduhan yang "
        "memuatnya. Koordinat dari GeoNames (CC BY 4.0); Wikidata (CC0). Kodenya berlisensi MIT.",
        language="id"))  # fmt: skip
    add(dataset, DCT.rights, rights)
    # version and dates
    add(dataset, DCT.issued, date(DATA_ISSUED))
    add(dataset, DCT.modified, date(DATA_MODIFIED))
    add(dataset, DCAT_VERSION, _lit(DATA_VERSION))
    # DCAT 3's versioning: this version of the one dataset (dct:hasVersion, in DCAT-AP,
    # would make each version a second dataset with its own distributions)
    add(dataset, DCAT_NS["hasCurrentVersion"], version)
    a(version, DCAT.Resource)
    add(version, DCAT_NS["isVersionOf"], dataset)
    add(version, DCAT_VERSION, _lit(DATA_VERSION))
    add(version, DCT.title, _lit(f"Kembar {DATA_VERSION}", language="en"))
    add(
        version,
        DCT.description,
        _lit(f"Version {DATA_VERSION} of the Kembar dataset.", language="en"),
    )
    add(version, DCT.issued, date(DATA_MODIFIED))
    # what it is about: theme, place and time
    theme = named(ids.EU_AUTHORITY["data-theme/GOVE"])
    a(theme, SKOS.Concept)
    add(theme, SKOS.prefLabel, _lit("Government and public sector", language="en"))
    add(theme, SKOS.prefLabel, _lit("Pemerintahan dan sektor publik", language="id"))
    add(dataset, DCAT.theme, theme)
    indonesia = named(ids.EU_AUTHORITY["country/IDN"])
    a(indonesia, DCT.Location)
    add(dataset, DCT.spatial, indonesia)
    period = named(URIRef(f"{ids.DATASET}#period"))
    a(period, DCT.PeriodOfTime)
    add(period, DCAT.startDate, date("1960-05-24"))  # the oldest tie, Bandung-Braunschweig
    add(dataset, DCT.temporal, period)
    add(
        dataset,
        DCT.bibliographicCitation,
        _lit(
            f"The Kembar team ({DATA_MODIFIED[:4]}). Kembar: sister-city cooperation, the Indonesian "
            f"law and security (version {DATA_VERSION}) [Data set]. {ids.DATASET}"
        ),
    )
    provenance = named(URIRef(f"{ids.DATASET}#provenance"))
    a(provenance, DCT.ProvenanceStatement)
    add(provenance, RDFS.label, _lit(
        "Built from Kembar's fact table (data/ties.yaml: every tie with the pages that state it, "
        "read by the editors), the texts of the law (PP 28/2018 and the statutes, read in full), "
        "the rule catalogue, and optional imports of Wikipedia's lists of twin towns and of "
        "Wikidata's P190 statements, kept in their own named graphs.", language="en"))  # fmt: skip
    add(dataset, DCT.provenance, provenance)
    # VoID: how to reach it here
    if served:
        add(dataset, VOID.sparqlEndpoint, _iri(f"{base}/sparql"))
        add(dataset, VOID.uriLookupEndpoint, _iri(f"{base}/id/"))
    add(dataset, VOID.uriSpace, _lit(str(ids.ID)))
    add(dataset, VOID.rootResource, _iri(str(ids.ONTOLOGY)))
    for vocabulary in (KMB, SKOS, DCTERMS, PROV, ids.GEO, ids.SCHEMA, ids.ELI, ORG):
        add(dataset, VOID.vocabulary, named(URIRef(str(vocabulary))))
    available = named(ids.EU_AUTHORITY["planned-availability/AVAILABLE"])
    a(available, SKOS.Concept)
    add(available, SKOS.prefLabel, _lit("available", language="en"))
    for ext, media, file_type in DOWNLOADS if served else []:
        download = f"{base}/dump?format={ext}"
        add(dataset, VOID.dataDump, _iri(download))
        title = f"The whole dataset as {file_type.removeprefix('RDF_').replace('_', '-')}"
        distribution = _distribution(triples, f"{ids.DATASET}/distribution/{ext}", download,
                                     title, media, file_type, licence)  # fmt: skip
        add(distribution, DCT.description, _lit(
            f"Every named graph of the store this server holds, now, as {media}; the default "
            "graph is their union.", language="en"))  # fmt: skip
        add(distribution, AVAILABILITY, available)
        add(distribution, DCT.rights, rights)
    for name in tables if served else []:  # the tidy tables, read from the store
        distribution = _distribution(
            triples, f"{ids.DATASET}/distribution/table-{name}",
            f"{base}/dataset/tables/{name}.csv", f"Table {name} (CSV)", "text/csv", "CSV", licence,
        )  # fmt: skip
        add(distribution, DCT.description, _lit(
            f"The tidy table {name} of the store this server holds, now (docs/codebook.md).",
            language="en"))  # fmt: skip
        add(distribution, AVAILABILITY, available)
        add(distribution, DCT.rights, rights)
    total = 0
    for count in store.graph_counts():
        subset = _iri(f"{ids.DATASET}#graph-{count.graph.rsplit('/graph/', 1)[-1]}")
        add(dataset, VOID.subset, subset)
        a(subset, VOID.Dataset)
        add(subset, SD.name, _iri(count.graph))
        add(subset, VOID.triples, _lit(count.triples))
        if "/graph/import/" in count.graph:  # an import keeps its source's terms
            add(subset, DCT.license, named(URIRef(CC_BY_SA)))
        total += count.triples
    add(dataset, VOID.triples, _lit(total))
    # ties by how far they got (kmb:furthestStage): agreements are those past proposed
    for stage, n in stage_counts(store).items():
        subset = _iri(f"{ids.DATASET}#ties-{stage}")
        add(dataset, VOID.subset, subset)
        a(subset, VOID.Dataset)
        add(subset, DCT.title, _lit(f"ties: {stage.replace('_', ' ')}", language="en"))
        add(subset, VOID.entities, _lit(n))
    for row in store.select(_COUNTS):
        partition = ox.BlankNode()
        add(dataset, VOID.classPartition, partition)
        add(partition, VOID["class"], _iri(row["class"]))
        add(partition, VOID.entities, _lit(int(row["n"])))
    return triples


#: What each file of a release is: its name's start -> (media type, EU file type, title).
RELEASE_FILES = {
    "nq": ("application/n-quads", "RDF_N_QUADS", "The whole dataset as N-Quads"),
    "trig": ("application/trig", "RDF_TRIG", "The whole dataset as TriG"),
    "ttl": ("text/turtle", "RDF_TURTLE", "The whole dataset as Turtle (the graphs' union)"),
    "jsonld": ("application/ld+json", "JSON_LD", "The whole dataset as JSON-LD"),
    "datapackage": ("application/json", "JSON", "The tables' Frictionless Data Package"),
}


def release_distributions(
    store: KembarStore, version: str, files: dict[str, tuple[str, int, str]]
) -> list[ox.Triple]:
    """One ``dcat:Distribution`` per file of a release, under its version's IRI: download
    URL, media type and format, byte size, SHA-256 checksum (SPDX), licence.

    Parameters
    ----------
    store : KembarStore
        The released store (an import makes the licence CC BY-SA 4.0).
    version : str
        The data version.
    files : dict
        Name (``nq``, ``ttl``, …, ``datapackage`` or a table's) -> (path in the release,
        bytes, SHA-256 in hex).
    """
    root = str(ids.dataset_version(version))
    imported = any("/graph/import/" in c.graph for c in store.graph_counts())
    licence = named(URIRef(CC_BY_SA if imported else CC_BY))
    triples: list[ox.Triple] = []
    sha256 = named(ids.SPDX["checksumAlgorithm_sha256"])
    triples.append(ox.Triple(licence, RDF_TYPE, named(DCT.LicenseDocument)))

    def add(
        s: ox.NamedNode | ox.BlankNode, p: URIRef, o: ox.NamedNode | ox.BlankNode | ox.Literal
    ) -> None:
        triples.append(ox.Triple(s, named(p), o))

    for name, (path, size, digest) in files.items():
        media, file_type, title = RELEASE_FILES.get(
            name, ("text/csv", "CSV", f"Table {name} (CSV, described by datapackage.json)")
        )
        distribution = _distribution(triples, f"{root}/distribution/{name}", f"{root}/{path}",
                                     f"{title}, version {version}", media, file_type, licence)  # fmt: skip
        add(
            distribution,
            DCAT.byteSize,
            ox.Literal(str(size), datatype=named(XSD.nonNegativeInteger)),
        )
        checksum = ox.BlankNode()
        add(distribution, ids.SPDX.checksum, checksum)
        triples.append(ox.Triple(checksum, RDF_TYPE, named(ids.SPDX.Checksum)))
        add(checksum, ids.SPDX.algorithm, sha256)
        add(checksum, ids.SPDX.checksumValue, ox.Literal(digest, datatype=named(XSD.hexBinary)))
    return triples


def citation() -> dict[str, str]:
    """How to cite the dataset, from the same metadata as its description: APA (7th
    edition's data-set form), BibTeX (``@misc``) and RIS (``TY  - DATA``)."""
    from kembar.data import DATA_MODIFIED, DATA_VERSION

    title, year, url = ABOUT["en"][0], DATA_MODIFIED[:4], str(ids.DATASET)
    version = str(ids.dataset_version(DATA_VERSION))
    apa = f"The Kembar team. ({year}). {title} (Version {DATA_VERSION}) [Data set]. {url}"
    bibtex = "\n".join([
        f"@misc{{kembar{DATA_VERSION.replace('.', '')},",
        "  author = {{The Kembar team}},",
        f"  title = {{{title}}},",
        f"  year = {{{year}}},",
        f"  version = {{{DATA_VERSION}}},",
        "  howpublished = {Data set},",
        f"  url = {{{url}}},",
        f"  note = {{Version IRI: {version}}}",
        "}",
    ])  # fmt: skip
    ris = "\n".join([
        "TY  - DATA", "AU  - The Kembar team", f"TI  - {title}", f"PY  - {year}",
        f"DA  - {DATA_MODIFIED.replace('-', '/')}", f"ET  - {DATA_VERSION}", f"UR  - {url}",
        f"N1  - Version IRI: {version}", "ER  - ",
    ])  # fmt: skip
    return {"apa": apa, "bibtex": bibtex, "ris": ris}


def dataset_view(
    store: KembarStore, base: str, lang: str = "en", tables: Sequence[dict[str, str]] = ()
) -> dict[str, Any]:
    """What the dataset's page shows, in *lang*: title, description, version and dates,
    the terms in words, how to cite it, the downloads and *tables* (``name``, ``href``,
    ``title``, ``description``), the graphs and their sizes, and the same description as
    schema.org ``Dataset`` JSON-LD (what dataset search engines read)."""
    from kembar.data import DATA_ISSUED, DATA_MODIFIED, DATA_VERSION

    title, description = ABOUT.get(lang, ABOUT["en"])
    imported = [c for c in store.graph_counts() if "/graph/import/" in c.graph]
    downloads = [{"href": f"{base}/dump?format={ext}", "media": media, "ext": ext}
                 for ext, media, _ in DOWNLOADS]  # fmt: skip
    schema = {
        "@context": "https://schema.org/", "@type": "Dataset", "@id": str(ids.DATASET),
        "name": ABOUT["en"][0], "alternateName": ABOUT["id"][0], "description": ABOUT["en"][1],
        "url": f"{base}/dataset", "sameAs": str(ids.DATASET), "version": DATA_VERSION,
        "datePublished": DATA_ISSUED, "dateModified": DATA_MODIFIED,
        "license": CC_BY_SA if imported else CC_BY, "inLanguage": ["en", "id"],
        "creator": {"@type": "Organization", "name": "The Kembar team", "url": HOME},
        "publisher": {"@type": "Organization", "name": "The Kembar team", "url": HOME},
        "spatialCoverage": {"@type": "Place", "name": "Indonesia"},
        "temporalCoverage": "1960-05-24/..", "citation": citation()["apa"],
        "keywords": ["sister cities", "twin towns", "paradiplomacy", "non-traditional security",
                     "Indonesia", "kota kembar"],
        "distribution": [{"@type": "DataDownload", "encodingFormat": d["media"],
                          "contentUrl": d["href"]} for d in downloads]
        + [{"@type": "DataDownload", "encodingFormat": "text/csv", "name": t["name"],
            "contentUrl": t["href"]} for t in tables],
    }  # fmt: skip
    return {
        "iri": str(ids.DATASET), "version_iri": str(ids.dataset_version(DATA_VERSION)),
        "title": title, "description": description, "version": DATA_VERSION,
        "issued": DATA_ISSUED, "modified": DATA_MODIFIED, "imported": bool(imported),
        "cite": citation(), "downloads": downloads, "tables": list(tables),
        "graphs": [{"iri": c.graph, "triples": c.triples} for c in store.graph_counts()],
        "schema": schema,
    }  # fmt: skip


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
