"""Synthetic scale-up data: N replicas with the degree distribution of the original."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from kembar.graph.analytics.network import region_network
from kembar.graph.ingest.csv_import import HEADER, import_csv
from kembar.graph.ingest.synthetic import scale
from kembar.graph.store import KembarStore

PAIRS = (
    f"{HEADER}\n"
    "Berat,Albania,40.70,19.95,Amasya,Turkey,40.65,35.83\n"
    "Berat,Albania,40.70,19.95,Bagcilar,Turkey,41.03,28.85\n"
    "Tirana,Albania,41.33,19.82,Berat,Albania,40.70,19.95\n"
)


def _degrees(graph: nx.Graph[str], nodes: set[str]) -> Counter[int]:
    return Counter(d for n, d in graph.degree() if n in nodes)


def test_three_times_the_pairs_with_the_same_degree_distribution(tmp_path: Path) -> None:
    out = io.StringIO()
    scale(io.StringIO(PAIRS), out, 3)
    (tmp_path / "x3.csv").write_text(out.getvalue(), encoding="utf-8")
    (tmp_path / "x1.csv").write_text(PAIRS, encoding="utf-8")
    one, three = KembarStore(load_embedded=False), KembarStore(load_embedded=False)
    import_csv(one, tmp_path / "x1.csv")
    report = import_csv(three, tmp_path / "x3.csv")
    assert report.pairs == 3 * 3 and report.places_created == 3 * 4
    g1, g3 = region_network(one), region_network(three)
    d1 = _degrees(g1, set(g1))
    assert _degrees(g3, set(g3)) == Counter({d: 3 * n for d, n in d1.items()})
    assert nx.number_connected_components(g3) == 3 * nx.number_connected_components(g1)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        scale(io.StringIO(PAIRS), io.StringIO(), 0)
    with pytest.raises(ValueError, match="header"):
        scale(io.StringIO("a,b\n"), io.StringIO(), 2)
