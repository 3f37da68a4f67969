"""Figures of the curated data that tests compare with, read from the fact table."""

from __future__ import annotations

from kembar.graph.ingest.curated import ties

#: The number of curated agreements: every tie of data/ties.yaml but the refuted.
AGREEMENTS = sum(1 for t in ties() if t["confidence"] != "refuted")
