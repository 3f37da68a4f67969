"""IRIs of Kembar's instances and named graphs (design.md section 2), built in one place.

>>> region("id", "kota-bandung")
rdflib.term.URIRef('https://w3id.org/kembar/id/region/id/kota-bandung')
>>> country("DE")
rdflib.term.URIRef('https://w3id.org/kembar/id/country/de')
>>> graph_iri("import/wikipedia")
rdflib.term.URIRef('https://w3id.org/kembar/graph/import/wikipedia')
"""

from __future__ import annotations

from rdflib import Namespace, URIRef

__all__ = [
    "ASSESSMENT_CONTEXT_IRI",
    "CONTEXT_IRI",
    "DATASET",
    "ELI",
    "EU_AUTHORITY",
    "FN",
    "FORMATS",
    "GEO",
    "GRAPH",
    "IANA_MEDIA",
    "ID",
    "ONTOLOGY",
    "PREFIXES",
    "SCHEMA",
    "SD",
    "SHAPES",
    "SPDX",
    "VCARD",
    "WD",
    "agreement",
    "assessment",
    "country",
    "graph_iri",
    "instance",
    "instance_path",
    "law",
    "org",
    "provision",
    "region",
    "rule",
    "source",
]

ID = Namespace("https://w3id.org/kembar/id/")
GRAPH = Namespace("https://w3id.org/kembar/graph/")
ONTOLOGY = URIRef("https://w3id.org/kembar/ontology")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
#: Named SHACL shapes, e.g. ``SHAPES["R25-dprd-approval"]``.
SHAPES = Namespace("https://w3id.org/kembar/shapes#")
#: Where the submission context is published; submissions may name it, it is never fetched.
CONTEXT_IRI = URIRef("https://w3id.org/kembar/context.jsonld")
#: Where the assessment context is published; likewise resolved locally, never fetched.
ASSESSMENT_CONTEXT_IRI = URIRef("https://w3id.org/kembar/assessment-context.jsonld")

#: Prefixes used when Kembar writes Turtle, and offered to SPARQL users.
PREFIXES: dict[str, str] = {
    "kmb": "https://w3id.org/kembar/ontology#",
    "kid": str(ID),
    "country": f"{ID}country/",
    "region": f"{ID}region/",
    "idr": f"{ID}region/id/",
    "agreement": f"{ID}agreement/",
    "person": f"{ID}person/",
    "assessment": f"{ID}assessment/",
    "body": f"{ID}org/",
    "law": f"{ID}law/",
    "rule": f"{ID}rule/",
    "src": f"{ID}source/",
    "kg": str(GRAPH),
    "org": "http://www.w3.org/ns/org#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "schema": "https://schema.org/",
    "eli": str(ELI),
    "sh": "http://www.w3.org/ns/shacl#",
    "kms": str(SHAPES),
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "formats": "http://www.w3.org/ns/formats/",
    "fn": "https://w3id.org/kembar/fn#",
    "wd": "http://www.wikidata.org/entity/",
}
#: WGS84 positions, ``http``: rdflib's own ``WGS`` namespace spells it with ``https``.
GEO = Namespace(PREFIXES["geo"])
#: Wikidata entities (``wd:Q10389``), the targets of ``skos:exactMatch`` links.
WD = Namespace(PREFIXES["wd"])
#: schema.org, in its ``https`` form (rdflib's ``SDO``).
SCHEMA = Namespace(PREFIXES["schema"])
#: Kembar's SPARQL extension functions (``fn:degree`` ...).
FN = Namespace(PREFIXES["fn"])
#: The SPARQL 1.1 Service Description vocabulary (rdflib has no module for it).
SD = Namespace(PREFIXES["sd"])
#: W3C's unique URIs for file formats (``formats:Turtle``).
FORMATS = Namespace(PREFIXES["formats"])


#: The dataset of record, whatever host serves it; each version has its own IRI.
DATASET = URIRef("https://w3id.org/kembar/dataset")
#: Vocabularies of dataset descriptions (DCAT-AP): vCard contacts, SPDX checksums, the EU
#: Publications Office's authority tables (file types, themes, countries), IANA media types.
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
EU_AUTHORITY = Namespace("http://publications.europa.eu/resource/authority/")
IANA_MEDIA = Namespace("https://www.iana.org/assignments/media-types/")


def dataset_version(version: str) -> URIRef:
    """IRI of one version of the dataset, e.g. ``dataset_version("2026.12.0")``."""
    return URIRef(f"{DATASET}/{version}")


def instance(path: str) -> URIRef:
    """IRI of the instance the server answers for at ``/id/{path}``.

    >>> instance("agreement/bandung-braunschweig") == agreement("bandung-braunschweig")
    True
    """
    return ID[path.lstrip("/")]


def instance_path(iri: str) -> str | None:
    """The path under ``/id/`` of one of Kembar's instance IRIs, or None for any other IRI.

    >>> instance_path(region("id", "kota-bandung")), instance_path("http://example.org/x")
    ('region/id/kota-bandung', None)
    """
    return iri[len(ID) :] if iri.startswith(str(ID)) and len(iri) > len(ID) else None


def country(iso2: str) -> URIRef:
    """IRI of a country or territory from its ISO 3166-1 alpha-2 code (any case)."""
    return ID[f"country/{iso2.lower()}"]


def region(iso2: str, slug: str) -> URIRef:
    """IRI of a local government (or locality) in the country *iso2*."""
    return ID[f"region/{iso2.lower()}/{slug}"]


def agreement(slug: str) -> URIRef:
    """IRI of an agreement."""
    return ID[f"agreement/{slug}"]


def assessment(slug: str) -> URIRef:
    """IRI of an assessment of an agreement (``{agreement}-{date}-{assessor}``)."""
    return ID[f"assessment/{slug}"]


def law(slug: str) -> URIRef:
    """IRI of a legal instrument, e.g. ``law("pp-28-2018")``."""
    return ID[f"law/{slug}"]


def provision(slug: str, at: tuple[tuple[str, str], ...]) -> URIRef:
    """IRI of a provision of a legal instrument: its kinds and numbers, outermost first.

    >>> str(provision("pp-28-2018", (("pasal", "27"), ("ayat", "1"), ("huruf", "a"))))
    'https://w3id.org/kembar/id/law/pp-28-2018/pasal/27/ayat/1/huruf/a'
    """
    return ID[f"law/{slug}/" + "/".join(f"{kind}/{number}" for kind, number in at)]


def rule(rule_id: str) -> URIRef:
    """IRI of a rule of the catalogue, e.g. ``rule("R01")``."""
    return ID[f"rule/{rule_id}"]


def source(slug: str) -> URIRef:
    """IRI of a bibliographic source or dataset the graph cites."""
    return ID[f"source/{slug}"]


def org(slug: str) -> URIRef:
    """IRI of a named organisation (a ministry, an NGO)."""
    return ID[f"org/{slug}"]


def graph_iri(name: str) -> URIRef:
    """IRI of a named graph: ``ontology``, ``data``, ``shapes`` or ``import/{name}``."""
    return GRAPH[name]
