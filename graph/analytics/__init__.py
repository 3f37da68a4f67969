"""Research on the graph: the network and its metrics, development levels, the paper's
claims, effectiveness assessments, and the report.

- :mod:`.network`: networkx views of the ties (regions, provinces, countries, the bipartite
  agreement graph) built from one SPARQL query and cached per store version; centrality,
  communities, paths; the table of metrics the ``fn:`` functions answer from.
- :mod:`.development`: OECD membership by year and the IMF's advanced economies.
- :mod:`.claims`: the paper's claims, each tested on the data with a verdict.
- :mod:`.assessment`: how well an agreement works, recorded and scored.
- :mod:`.report`: charts, tables and exports in one page (``kembar report``).

>>> from kembar.graph.store import KembarStore
>>> [r.verdict.name for r in check(KembarStore())][:1]
['NOT_SUPPORTED']
"""

from __future__ import annotations

from kembar.graph.analytics import development, network
from kembar.graph.analytics.assessment import (
    Assessment,
    AssessmentError,
    Scorecard,
    parse_assessment,
    scorecards,
)
from kembar.graph.analytics.claims import CLAIMS, Claim, Result, Verdict, check
from kembar.graph.analytics.network import (
    Metrics,
    metrics,
    network_table,
    province_network,
    region_network,
    register_functions,
)
from kembar.graph.analytics.report import write_report

__all__ = [
    "CLAIMS",
    "Assessment",
    "AssessmentError",
    "Claim",
    "Metrics",
    "Result",
    "Scorecard",
    "Verdict",
    "check",
    "development",
    "metrics",
    "network",
    "network_table",
    "parse_assessment",
    "province_network",
    "region_network",
    "register_functions",
    "scorecards",
    "write_report",
]
