"""Run a query and serialise its answer in a named format, for the CLI.

SELECT/ASK answers go through Oxigraph's serialisers (json, xml, csv, tsv); CONSTRUCT and
DESCRIBE through its RDF serialisers (turtle, ntriples, jsonld). ``table`` is a plain-text
table for people.

>>> from kembar.graph.store import KembarStore
>>> print(render(KembarStore(), "SELECT ?id WHERE { ?r kmb:ruleId ?id } ORDER BY ?id LIMIT 2", "table").decode())
id
---
R01
R02
<BLANKLINE>
"""

from __future__ import annotations

import io

import pyoxigraph as ox
from kembar.graph.errors import UnknownFormatError
from kembar.graph.sparql.guard import check, from_graphs
from kembar.graph.store import GRAPH_FORMATS, GRAPH_RESULTS, RESULT_FORMATS, KembarStore

__all__ = ["render"]


def _table(result: ox.QuerySolutions) -> bytes:
    names = [v.value for v in result.variables]
    rows = [[("" if row[n] is None else row[n].value) for n in names] for row in result]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    lines = [" | ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return ("\n".join(lines) + "\n").encode()


def render(store: KembarStore, sparql: str, fmt: str, *, allow_service: bool = False) -> bytes:
    """Run a user's query *sparql* on *store* and return the answer serialised as *fmt*.

    The query passes the guard first (:func:`kembar.graph.sparql.guard.check`), as on
    the server; its own ``FROM`` decides the default graph when it has one.

    Parameters
    ----------
    store : KembarStore
        Where the query runs.
    sparql : str
        The query.
    fmt : str
        ``table``, ``json``, ``xml``, ``csv``, ``tsv`` for SELECT/ASK; ``turtle``,
        ``ntriples``, ``jsonld``, ``rdfxml`` for CONSTRUCT/DESCRIBE.
    allow_service : bool
        Let ``SERVICE`` through (the operator's choice; off by default).

    Returns
    -------
    bytes
        The serialised answer.

    Raises
    ------
    QuerySyntaxError
        When the query does not parse.
    QueryRefusedError
        For SERVICE, updates, and a FROM this store does not hold.
    UnknownFormatError
        When *fmt* does not fit the kind of query (e.g. ``turtle`` for a SELECT).
    """
    check(sparql, store.graph_names, allow_service=allow_service)
    result = store.query(sparql, union=not from_graphs(sparql))
    out = io.BytesIO()
    if isinstance(result, GRAPH_RESULTS):
        if fmt not in GRAPH_FORMATS or fmt in ("nquads", "nq", "trig"):
            raise UnknownFormatError(
                f"format {fmt!r} does not fit a graph result; choose turtle, ntriples, jsonld"
            )
        result.serialize(out, GRAPH_FORMATS[fmt])
        return out.getvalue()
    if fmt == "table":
        if isinstance(result, ox.QueryBoolean):
            return f"{'true' if result else 'false'}\n".encode()
        return _table(result)
    if fmt not in RESULT_FORMATS:
        raise UnknownFormatError(
            f"format {fmt!r} does not fit a SELECT/ASK result; choose table, json, xml, csv, tsv"
        )
    result.serialize(out, RESULT_FORMATS[fmt])
    return out.getvalue()
