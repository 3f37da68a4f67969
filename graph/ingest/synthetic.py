"""Synthetic twinning data at N times a real import, for benchmarks.

:func:`scale` writes *n* copies of a CSV of pairs (the shape :mod:`.csv_import` reads):
copy 1 is the file itself, copy *k* suffixes every place name with `` k`` (``Berlin 2``)
and keeps each pair inside its copy, so every place of copy *k* has the degree its
original has: the degree distribution is the same at every scale, and the network is *n*
disjoint replicas. Countries and coordinates are kept, so the importer resolves them the
same way.

>>> import io
>>> out = io.StringIO()
>>> scale(io.StringIO("city1,country1,lat1,lng1,city2,country2,lat2,lng2\\nA,France,1,2,B,Spain,3,4\\n"), out, 2)
2
>>> out.getvalue().splitlines()[2]
'A 2,France,1,2,B 2,Spain,3,4'
"""

from __future__ import annotations

import csv
from typing import TextIO

from kembar.graph.ingest.csv_import import HEADER

__all__ = ["scale"]


def scale(source: TextIO, target: TextIO, n: int) -> int:
    """Write *n* copies of the pairs of *source* to *target* (names suffixed `` 2``, `` 3``...).

    Parameters
    ----------
    source, target : text streams
        A pairs CSV with the header :data:`~kembar.graph.ingest.csv_import.HEADER`, and
        where to write the copies.
    n : int
        How many copies (1 writes the source unchanged).

    Returns
    -------
    int
        The number of copies written.

    Raises
    ------
    ValueError
        When *n* is below 1 or the header is not the expected one.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> scale(io.StringIO(HEADER + chr(10) + "A,X,,,B,Y,," + chr(10)), out, 2)
    2
    >>> out.getvalue().splitlines()[2]
    'A 2,X,,,B 2,Y,,'
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    rows = list(csv.reader(source))
    if not rows or ",".join(rows[0]) != HEADER:
        raise ValueError(f"expected the header {HEADER!r}")
    writer = csv.writer(target, lineterminator="\n")
    writer.writerow(rows[0])
    for copy in range(1, n + 1):
        suffix = "" if copy == 1 else f" {copy}"
        for row in rows[1:]:
            if len(row) == 8:
                writer.writerow([row[0] + suffix, *row[1:4], row[4] + suffix, *row[5:8]])
    return n
