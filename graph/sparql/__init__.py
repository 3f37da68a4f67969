"""A user's SPARQL query: what it may not do, where it runs, how its answer is written.

- :mod:`.guard` refuses what must not run on a public endpoint (SERVICE, updates, FROM an
  unknown graph) and says why, and lowers the query's ``LIMIT`` to the row cap.
- :mod:`.workers` runs each query in a worker process that can be killed at its time
  limit, and cannot reach the network.
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
from kembar.graph.sparql.workers import GRAPH_TYPES, RESULT_TYPES, Answer, Job, QueryPool

__all__ = [
    "FN",
    "FUNCTIONS",
    "GRAPH_TYPES",
    "RESULT_TYPES",
    "Answer",
    "Job",
    "NetworkTable",
    "QueryPool",
    "cap_rows",
    "check",
    "extension_functions",
    "from_graphs",
    "keywords",
    "query_form",
    "render",
]
