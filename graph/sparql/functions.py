"""SPARQL extension functions over the sister-city network (``https://w3id.org/kembar/fn#``).

The functions answer from a :class:`NetworkTable`: each region's degree, betweenness,
PageRank, component and community, and the network's adjacency for distances. The table
is computed once per store version by :mod:`kembar.graph.analytics` (outside the query
workers, so a killed query never throws it away) and handed to whoever runs queries; a
function call is then a look-up. An argument that is not a region of the network leaves
the result unbound, as SPARQL expects of a function error.

>>> a, b = "http://example.org/a", "http://example.org/b"
>>> table = NetworkTable(version=0, degree={a: 1, b: 1}, betweenness={a: 0.0, b: 0.0},
...     pagerank={a: 0.5, b: 0.5}, component={a: 0, b: 0}, community={a: 0, b: 0},
...     neighbours={a: [b], b: [a]})
>>> functions = extension_functions(lambda: table)
>>> degree = functions[ox.NamedNode(str(FN.degree))]
>>> distance = functions[ox.NamedNode(str(FN.distance))]
>>> degree(ox.NamedNode(a)).value, distance(ox.NamedNode(a), ox.NamedNode(b)).value
('1', '1')
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from kembar.graph.store import FunctionTable, Term
from kembar.ontology import ids
from rdflib import XSD

__all__ = ["FN", "FUNCTIONS", "NetworkTable", "extension_functions"]

FN = ids.FN

#: Local name -> what it computes (listed in the service description and the README).
FUNCTIONS: dict[str, str] = {
    "degree": "fn:degree(?region): how many regions it is twinned with",
    "betweenness": "fn:betweenness(?region): normalised betweenness centrality (exact, rustworkx)",
    "pagerank": "fn:pagerank(?region): PageRank in the region network",
    "component": "fn:component(?region): connected component number, 0 = the largest",
    "community": "fn:community(?region): Louvain community number (seed 1951), 0 = the largest",
    "distance": "fn:distance(?a, ?b): hops between two regions",
}

_INTEGER = ox.NamedNode(str(XSD.integer))
_DOUBLE = ox.NamedNode(str(XSD.double))


@dataclass(frozen=True)
class NetworkTable:
    """The region network's metrics for one store version, as plain data.

    Parameters
    ----------
    version : int
        The store version the table was computed from.
    degree, betweenness, pagerank, component, community : dict
        Region IRI -> value.
    neighbours : dict of str to list of str
        Region IRI -> the regions it is twinned with (for :meth:`distance`).
    """

    version: int
    degree: dict[str, int]
    betweenness: dict[str, float]
    pagerank: dict[str, float]
    component: dict[str, int]
    community: dict[str, int]
    neighbours: dict[str, list[str]]

    def distance(self, a: str, b: str) -> int | None:
        """Hops on a shortest chain of ties from *a* to *b*; None when not connected."""
        if a not in self.neighbours or b not in self.neighbours:
            return None
        if self.component.get(a) != self.component.get(b):
            return None
        seen, frontier = {a: 0}, deque([a])
        while frontier:
            here = frontier.popleft()
            if here == b:
                return seen[here]
            for there in self.neighbours[here]:
                if there not in seen:
                    seen[there] = seen[here] + 1
                    frontier.append(there)
        return None  # pragma: no cover - same component means connected

    def save(self, path: Path) -> None:
        """Write the table as JSON (plain data: a worker reads it without trusting code)."""
        path.write_text(json.dumps(asdict(self)), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> NetworkTable:
        """Read a table :meth:`save` wrote."""
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return cls(**data)


def _number(value: float | None) -> ox.Literal | None:
    if value is None:
        return None
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_INTEGER)
    return ox.Literal(repr(float(value)), datatype=_DOUBLE)


def extension_functions(table: Callable[[], NetworkTable]) -> FunctionTable:
    """The ``fn:`` functions, answering from the table *table* gives when first called.

    Parameters
    ----------
    table : callable
        Returns the current :class:`NetworkTable`; called only when a query calls a
        function, so a query without ``fn:`` never waits for one.

    Returns
    -------
    dict
        Function IRI -> Python callable, for Oxigraph's ``custom_functions``.
    """

    def unary(name: str) -> Callable[[Term], Term | None]:
        def call(region: Term) -> Term | None:
            if not isinstance(region, ox.NamedNode):
                return None
            values: dict[str, float] = getattr(table(), name)
            return _number(values.get(region.value))

        return call

    def distance(a: Term, b: Term) -> Term | None:
        if not (isinstance(a, ox.NamedNode) and isinstance(b, ox.NamedNode)):
            return None
        return _number(table().distance(a.value, b.value))

    functions: dict[ox.NamedNode, Callable[..., Term | None]] = {
        ox.NamedNode(str(FN[name])): unary(name)
        for name in ("degree", "betweenness", "pagerank", "component", "community")
    }
    functions[ox.NamedNode(str(FN.distance))] = distance
    return functions
