"""``kembar report``: the page parses, every chart is there and decodes, the exports load
back into networkx with the same nodes and edges."""

from __future__ import annotations

import base64
import csv
import io
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from kembar.api.cli import main
from kembar.data import DATA_VERSION
from kembar.graph.analytics import network
from kembar.graph.analytics.report import write_report
from kembar.graph.store import KembarStore
from kembar.ontology import ids
from PIL import Image

CHARTS = {"per-year", "per-country", "per-province", "java", "map", "centrality",
          "sectors-by-decade", "security-province", "security-country"}  # fmt: skip


class _Page(HTMLParser):
    """Figures with their image, table ids and the text of table cells."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, str] = {}
        self.tables: set[str] = set()
        self.cells: list[str] = []
        self._figure: str | None = None
        self._cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "figure":
            self._figure = found.get("id")
        elif tag == "img" and self._figure:
            self.figures[self._figure] = found.get("src") or ""
        elif tag == "table":
            self.tables.add(found.get("id") or "")
        elif tag == "td":
            self._cell = True
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure":
            self._figure = None
        elif tag == "td":
            self._cell = False

    def handle_data(self, data: str) -> None:
        if self._cell:
            self.cells[-1] += data


def _decodes(png: bytes) -> tuple[int, int]:
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG"
    return image.size


@pytest.fixture(scope="module")
def html_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    write_report(KembarStore(), folder, "html", progress=False)
    return folder


@pytest.mark.slow
def test_the_page_parses_with_every_chart_embedded(html_report: Path) -> None:
    page = _Page()
    page.feed((html_report / "report.html").read_text(encoding="utf-8"))
    page.close()
    assert set(page.figures) == CHARTS
    for name, src in page.figures.items():
        assert src.startswith("data:image/png;base64,"), name
        width, height = _decodes(base64.b64decode(src.split(",", 1)[1]))
        assert width > 300 and height > 200
    assert {
        "centrality",
        "claims",
        "scorecards",
        "security-province",
        "security-country",
    } <= page.tables
    text = " ".join(page.cells)
    assert "Indonesian twinning began with Bandung and Braunschweig" in text
    assert "bandung-braunschweig (1960-05-24)" in text and "Surabaya" in text
    assert "West Java" in text and "Japan" in text  # the security profile tables
    assert "moved security away from the military" in text  # the new claim, with its verdict


@pytest.mark.slow
def test_exports_load_back_with_the_same_nodes_and_edges(html_report: Path) -> None:
    store = KembarStore()
    views = {
        "regions": network.region_network(store),
        "provinces": network.province_network(store),
        "countries": network.country_network(store),
    }
    for name, graph in views.items():
        for loaded in (
            nx.read_graphml(html_report / "networks" / f"{name}.graphml"),
            nx.read_gexf(html_report / "networks" / f"{name}.gexf"),
        ):
            assert set(loaded.nodes) == set(graph.nodes), name
            assert loaded.number_of_edges() == graph.number_of_edges(), name
        with (html_report / "networks" / f"{name}-edges.csv").open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert {frozenset((r["source"], r["target"])) for r in rows} == {
            frozenset(e) for e in graph.edges
        }
    regions = nx.read_graphml(html_report / "networks" / "regions.graphml")
    bandung, braunschweig = (
        str(ids.region("id", "kota-bandung")),
        str(ids.region("de", "braunschweig")),
    )
    assert regions.nodes[bandung]["country"] == "ID"
    assert regions[bandung][braunschweig]["first_signed"] == "1960-05-24"


@pytest.mark.slow
def test_markdown_report_with_chart_files(tmp_path: Path) -> None:
    written = write_report(KembarStore(), tmp_path, "md", progress=False)
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert written[0] == tmp_path / "report.md"
    for name in CHARTS:
        assert f"(charts/{name}.png)" in text
        _decodes((tmp_path / "charts" / f"{name}.png").read_bytes())
    assert "| claim | verdict | what the data says |" in text


@pytest.mark.slow
def test_the_report_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "-o", str(tmp_path / "out")]) == 0
    assert "wrote" in capsys.readouterr().out and (tmp_path / "out" / "report.html").is_file()
    (tmp_path / "file").write_text("x")
    assert main(["report", "-o", str(tmp_path / "file")]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["report", "-o", str(tmp_path), "--format", "pdf"])
    assert exc.value.code == 2


def test_every_chart_leaves_as_png_svg_and_the_csv_it_draws(html_report: Path) -> None:
    from kembar.graph.analytics.figures import figure

    charts = html_report / "charts"
    names = {p.stem for p in charts.glob("*.png")}
    assert {"per-year", "per-country", "map", "sectors-by-decade"} <= names
    for name in names:
        assert (charts / f"{name}.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
        rows = (charts / f"{name}.csv").read_text(encoding="utf-8").splitlines()
        assert len(rows) > 1, name
    page = (html_report / "report.html").read_text(encoding="utf-8")
    assert 'href="charts/per-year.svg"' in page and f"Data version {DATA_VERSION}" in page
    drawn = {
        int(y): int(n)
        for y, n in (r.split(",") for r in (charts / "per-year.csv").read_text().splitlines()[1:])
    }
    assert {y: n for y, n in drawn.items() if n} == dict(figure(KembarStore(), "years")["rows"])
