"""Linked data: what the graph says about one IRI, and what it says about itself.

- :mod:`.describe`: the description of a resource (its triples, the triples pointing at it,
  the agreements around it) and the ontology's documentation.
- :mod:`.pages`: what the HTML pages show, in the reader's language.
- :mod:`.search` and :mod:`.reconcile`: finding resources by name, for people and for
  OpenRefine.
- :mod:`.void`: the VoID/DCAT description of the dataset and the SPARQL service description.

>>> from kembar.graph.store import KembarStore
>>> exists(KembarStore(), "https://w3id.org/kembar/id/region/id/kota-bandung")
True
"""

from __future__ import annotations

from kembar.graph.linkeddata.describe import (
    describe,
    description,
    dump_to,
    exists,
    graph_triples,
    ontology_terms,
)
from kembar.graph.linkeddata.void import service_description, void_description

__all__ = [
    "describe",
    "description",
    "dump_to",
    "exists",
    "graph_triples",
    "ontology_terms",
    "service_description",
    "void_description",
]
