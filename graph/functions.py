"""SPARQL extension functions over the sister-city network (``https://w3id.org/kembar/fn#``).

Each takes region IRIs and answers from :mod:`kembar.graph.network`, whose networkx views
are cached per store version; an argument that is not a region of the network leaves the
result unbound, as SPARQL expects of a function error.

>>> from kembar.graph.store import KembarStore
>>> store = KembarStore()
>>> rows = store.select('''SELECT ?d WHERE {
...     BIND (fn:degree(<https://w3id.org/kembar/id/region/id/kota-bandung>) AS ?d) }''')
>>> int(rows[0]["d"]) >= 10
True
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
from kembar.graph.network import metrics
from kembar.ontology import ids

__all__ = ["FUNCTIONS", "extension_functions"]

#: Local name -> what it computes (listed in the service description and the README).
FUNCTIONS: dict[str, str] = {
    "degree": "fn:degree(?region): how many regions it is twinned with",
    "betweenness": "fn:betweenness(?region): normalised betweenness centrality (exact, rustworkx)",
    "pagerank": "fn:pagerank(?region): PageRank in the region network",
    "component": "fn:component(?region): connected component number, 0 = the largest",
    "community": "fn:community(?region): Louvain community number (seed 1951), 0 = the largest",
    "distance": "fn:distance(?a, ?b): hops between two regions",
}

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
XSD = ids.PREFIXES["xsd"]


def _number(value: float | None) -> ox.Literal | None:
    if value is None:
        return None
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    return ox.Literal(repr(float(value)), datatype=ox.NamedNode(XSD + "double"))


def extension_functions(store: object) -> dict[ox.NamedNode, Callable[..., Term | None]]:
    """The functions for *store* (a KembarStore), to pass to Oxigraph's ``custom_functions``."""

    def unary(name: str) -> Callable[[Term], Term | None]:
        def call(region: Term) -> Term | None:
            if not isinstance(region, ox.NamedNode):
                return None
            return _number(getattr(metrics(store), name)(region.value))  # type: ignore[arg-type]

        return call

    def distance(a: Term, b: Term) -> Term | None:
        if not (isinstance(a, ox.NamedNode) and isinstance(b, ox.NamedNode)):
            return None
        return _number(metrics(store).distance(a.value, b.value))  # type: ignore[arg-type]

    table: dict[ox.NamedNode, Callable[..., Term | None]] = {
        ox.NamedNode(ids.PREFIXES["fn"] + name): unary(name)
        for name in ("degree", "betweenness", "pagerank", "component", "community")
    }
    table[ox.NamedNode(ids.PREFIXES["fn"] + "distance")] = distance
    return table
