"""Every figure that can leave a page is the figure the page draws: its CSV rows are its
SPARQL's answer, and they equal the numbers the charts and tables show."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from fastapi.testclient import TestClient
from kembar.api.main import create_app
from kembar.api.runtime import Runtime
from kembar.api.settings import Settings
from kembar.graph.analytics import security
from kembar.graph.analytics.figures import FIGURES, figure
from kembar.graph.analytics.views import explore_view
from kembar.graph.errors import ClientError, NotFoundError
from kembar.graph.linkeddata.pages import entity_view
from kembar.graph.store import KembarStore
from kembar.graph.store.stats import stage_counts
from kembar.ontology import ids

JAWA_BARAT = str(ids.region("id", "provinsi-jawa-barat"))


def test_the_explore_figures_are_the_charts_numbers(store: KembarStore) -> None:
    view = explore_view(store, "en")
    years = figure(store, "years")
    drawn = {int(x): y for x, y in zip(view["years"]["x"], view["years"]["y"], strict=True) if y}
    assert dict(years["rows"]) == drawn
    assert years["coverage"] == {"n": view["dated"], "of": view["total"]}
    countries = {name: ties for _, name, ties in figure(store, "countries")["rows"]}
    assert countries == {r["label"]: r["ties"] for r in view["countries"]}
    provinces = {row[0]: tuple(row[2:]) for row in figure(store, "provinces")["rows"]}
    assert provinces == {r["iri"]: (r["own"], r["within"], r["ties"]) for r in view["provinces"]}
    stages = dict(figure(store, "stages")["rows"])
    counts = stage_counts(store)
    assert {s: stages.get(s, 0) for s in view["stages"]} == view["stages"] == {
        s: counts[s] for s in view["stages"]}  # fmt: skip


def test_the_security_lens_counts_what_the_security_module_counts(store: KembarStore) -> None:
    ties = [t for t in security.ties(store) if t.year is not None and t.mapped]
    linked = Counter(t.year // 10 * 10 for t in ties)
    rows = figure(store, "security-decades")["rows"]
    assert {decade: n for decade, _, _, _, n, *_ in rows} == dict(linked)
    for decade, sector, _, k, n, share, low, high in rows:
        touching = sum(
            1 for t in ties if t.year // 10 * 10 == decade and sector in t.links["sectors"]
        )
        assert k == touching and share == round(k / n, 3) and low <= share <= high


def test_a_provinces_figures_are_its_pages(store: KembarStore) -> None:
    page = entity_view(store, JAWA_BARAT, "id")
    assert page is not None
    years = figure(store, "region-years", "id", JAWA_BARAT)
    assert [tuple(r) for r in years["rows"]] == page["years"]
    assert "VALUES ?this { <" + JAWA_BARAT + "> }" in years["sparql"]
    partners = figure(store, "region-partners", "en", str(ids.region("id", "kota-bandung")))
    assert "Braunschweig" in {row[2] for row in partners["rows"]}
    with pytest.raises(ClientError, match="needs region="):
        figure(store, "region-years")
    with pytest.raises(NotFoundError, match="the figures are"):
        figure(store, "nope")


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(create_app(Settings(sandbox=False), runtime=Runtime.inline)) as c:
        yield c  # type: ignore[misc]


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in FIGURES if not n.startswith("region-")])
def test_each_csv_is_its_sparqls_answer(client: TestClient, store: KembarStore, name: str) -> None:
    response = client.get(f"/explore/figures/{name}.csv?lang=id")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    found = figure(store, name, "id")
    assert rows[0] == found["columns"] and len(rows) - 1 == len(found["rows"]) > 0
    # the permalink: the same SPARQL through the endpoint gives the same figures
    answer = client.get("/sparql", params={"query": found["sparql"]},
                        headers={"Accept": "text/csv"})  # fmt: skip
    served = list(csv.DictReader(io.StringIO(answer.text)))
    key = found["columns"][0]
    assert [r[key] for r in served] == [r[0] for r in rows[1:]]


@pytest.mark.slow
def test_a_region_figure_over_http(client: TestClient) -> None:
    found = client.get(
        "/explore/figures/region-years.csv", params={"region": "region/id/provinsi-jawa-barat"}
    )
    assert found.status_code == 200 and found.text.startswith("year,ties\n1960,1\n")
    assert client.get("/explore/figures/region-years.csv").status_code == 400
    assert (
        client.get("/explore/figures/region-years.csv", params={"region": "a b"}).status_code == 400
    )
    assert client.get("/explore/figures/nope.csv").status_code == 404
