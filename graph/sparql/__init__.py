"""A user's SPARQL query: what it may not do, where it runs, how its answer is written.

- :mod:`.guard` refuses what must not run on a public endpoint (SERVICE, updates, FROM an
  unknown graph) and says why, and lowers the query's ``LIMIT`` to the row cap.
- :mod:`.functions` the ``fn:`` extension functions, answered from a table of network
  metrics that the application computes and registers.
- :mod:`.render` runs a query for the command line and writes its answer.

>>> from kembar.graph.store import KembarStore
>>> print(render(KembarStore(), "ASK { ?a a kmb:SisterCityAgreement }", "table").decode().strip())
true
"""

from __future__ import annotations

from kembar.graph.sparql.functions import FN, FUNCTIONS, NetworkTable, extension_functions
from kembar.graph.sparql.guard import cap_rows, check, from_graphs, keywords, query_form
from kembar.graph.sparql.render import render

__all__ = [
    "FN",
    "FUNCTIONS",
    "NetworkTable",
    "cap_rows",
    "check",
    "extension_functions",
    "from_graphs",
    "keywords",
    "query_form",
    "render",
]
