"""The graphs that ship with Kembar, by the named graph each is loaded into.

``ontology`` holds ``kembar.ttl``; ``shapes`` every shapes file (structure and the rules
of each legal instrument); ``data`` the curated Turtle. :meth:`KembarStore.load_embedded
<kembar.graph.store.KembarStore.load_embedded>` loads them into an empty store.

>>> sorted(packaged_graphs())
['data', 'ontology', 'shapes']
>>> "agreements.ttl" in [f.name for f in packaged_graphs()["data"]]
True
"""

from __future__ import annotations

from importlib.resources.abc import Traversable

from kembar.data import data_files
from kembar.ontology import ONTOLOGY_TTL
from kembar.shapes import shape_files

__all__ = ["EMBEDDED_GRAPHS", "packaged_graphs"]

#: The named graphs (under ``graph/``) that hold the packaged Turtle.
EMBEDDED_GRAPHS = ("ontology", "shapes", "data")


def packaged_graphs() -> dict[str, list[Traversable]]:
    """Each packaged named graph and the Turtle files it is loaded from.

    Returns
    -------
    dict of str to list of Traversable
        ``{"ontology": [...], "shapes": [...], "data": [...]}``, files sorted by name.

    Examples
    --------
    >>> [f.name for f in packaged_graphs()["ontology"]]
    ['kembar.ttl']
    """
    return {"ontology": [ONTOLOGY_TTL], "shapes": shape_files(), "data": data_files()}
