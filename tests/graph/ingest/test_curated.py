"""The curated Turtle ``make`` puts in ``data/`` is exactly what the curation module writes
from the fact table as it is now."""

from __future__ import annotations

from pathlib import Path

import pytest
from kembar.data import data_files
from kembar.graph.ingest import curated
from rdflib import Graph
from rdflib.compare import isomorphic


@pytest.mark.slow
def test_packaged_turtle_is_what_curate_writes(shared: Path) -> None:
    packaged = {f.name: f for f in data_files()}
    for name, graph in curated.build(shared / "data").items():
        on_disk = Graph().parse(data=packaged[name].read_text(encoding="utf-8"), format="turtle")
        assert isomorphic(on_disk, graph), (
            f"data/{name} is stale: run make (or python -m kembar.graph.ingest.curated)"
        )
