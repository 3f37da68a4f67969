"""Figures of the curated data that tests compare with, read from the fact table."""

from __future__ import annotations

from kembar.graph.ingest.curated import support, ties

#: The number of curated agreements: every tie of data/ties.yaml but the refuted.
AGREEMENTS = sum(1 for t in ties() if t["confidence"] != "refuted")
#: How many of them rest on weak sources (one news item, blog, abstract or list alone).
WEAK = sum(1 for t in ties() if t["confidence"] != "refuted" and support(t) == "weak")
