"""The work a child process is sent: a user's query (:class:`Job`) and what comes back.

>>> Job("ASK {}", "application/sparql-results+json").media in RESULT_TYPES
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

__all__ = ["GRAPH_TYPES", "RESULT_TYPES", "Answer", "Job", "Limited", "Limits"]

RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}


@dataclass(frozen=True)
class Job:
    """One user query to answer in *media*, with the protocol's dataset and the base IRI."""

    query: str
    media: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    base_iri: str | None = None


@dataclass(frozen=True)
class Answer:
    """The serialised result and the limits that applied."""

    body: bytes
    media: str
    row_limit: int
    version: int
    """The store version the answer was computed from (what a cache may key it under)."""


@dataclass(frozen=True)
class Limits:
    """What one job may produce and use."""

    max_rows: int = 10_000
    max_bytes: int = 50 << 20
    max_memory: int = 0
    """Bytes of heap and anonymous memory the process may map (RLIMIT_DATA; 0: no limit)."""


class Limited:
    """What a pool tells clients of its limits (both pools are one)."""

    limits: Limits

    @property
    def max_rows(self) -> int:
        """Rows per query result."""
        return self.limits.max_rows

    @property
    def max_bytes(self) -> int:
        """Bytes per serialised query result."""
        return self.limits.max_bytes
