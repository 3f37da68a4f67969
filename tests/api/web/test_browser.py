"""The pages in a real browser: Debian's Chromium driven by Playwright, against a live
``kembar serve``.

Every page a test opens is watched: a console error, a failed request, or a request to any
host but the server fails the test. axe-core (from npm, ``node_modules``) checks home,
search, an entity page, the validation form and the query editor for serious or critical
accessibility violations. Screenshots at 1280 and 390 pixels go to ``out/screenshots``
(git-ignored), and at 390 pixels no page scrolls sideways.

Chromium is Debian's (``apt-get install chromium``; ``.ci/run`` installs it); Playwright
never downloads a browser. Without it the tests are skipped, saying so.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.live, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[3]
SHOTS = ROOT / "out" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("KEMBAR_CHROMIUM") or shutil.which("chromium") or ""
#: What a machine without a screen, a GPU or an open network needs (env/python.md).
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@dataclass
class Watch:
    """What a page did that it must not: console errors, failed or foreign requests."""

    origin: str
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        page.on("request", self._request)

    def _request(self, request: Any) -> None:
        if not request.url.startswith((self.origin, "data:", "blob:")):
            self.foreign.append(request.url)

    def check(self) -> None:
        assert self.errors == [] and self.failed == [] and self.foreign == [], (
            f"console errors {self.errors}; failed {self.failed}; other hosts {self.foreign}"
        )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def visit(browser: Any, live_server: str) -> Iterator[Callable[..., Any]]:
    """``visit(path, width=1280, lang=None)``: a watched page at *path*, loaded."""
    origin = f"http://{live_server}"
    watches: list[Watch] = []
    contexts: list[Any] = []

    def open_(path: str, width: int = 1280, lang: str | None = None) -> Any:
        context = browser.new_context(
            viewport={"width": width, "height": 900}, locale=lang or "en-GB",
            extra_http_headers={"Accept-Language": lang} if lang else None,
        )  # fmt: skip
        contexts.append(context)
        page = context.new_page()
        watch = Watch(origin)
        watch.attach(page)
        watches.append(watch)
        page.goto(origin + path, wait_until="networkidle")
        return page

    yield open_
    for context in contexts:
        context.close()
    for watch in watches:
        watch.check()


def shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def drawn(page: Any, selector: str) -> bool:
    """Whether the chart or map in *selector* has painted something on its canvas."""
    page.wait_for_selector(f"{selector} canvas", timeout=15_000)
    return bool(
        page.eval_on_selector(
            f"{selector} canvas",
            """canvas => {
                const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let inked = 0;
                for (let i = 0; i < data.length; i += 4 * 97) if (data[i + 3] > 0) inked++;
                return inked > 50;
            }""",
        )
    )


def test_search_bandung_and_open_its_page(visit: Callable[..., Any]) -> None:
    page = visit("/")
    page.fill("#home-q", "bandung")
    page.press("#home-q", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=bandung"))
    page.get_by_role("link", name="Kota Bandung", exact=True).first.click()
    page.wait_for_url(re.compile(r"/id/region/id/kota-bandung$"))
    partners = page.locator("#partners + .table-wrap table")
    assert partners.get_by_role("link", name="Braunschweig").count() == 1
    assert partners.locator("tbody tr").count() >= 10
    assert drawn(page, "#map")  # the world boundaries and the partners, drawn here
    shoot(page, "entity-kota-bandung-1280")


def test_agreement_page_shows_its_date_and_sources(visit: Callable[..., Any]) -> None:
    page = visit("/id/agreement/bandung-braunschweig")
    stages = page.locator("table", has=page.get_by_role("columnheader", name="Stage"))
    assert "1960-05-24" in stages.inner_text()
    sources = page.locator("h2:has-text('Sources') + ol a")
    assert "https://braunschweig.de/leben/stadtportraet/partnerstaedte/bandung.php" in [
        sources.nth(i).get_attribute("href") for i in range(sources.count())
    ]
    assert page.locator("h2:has-text('Validation')").count() == 1
    shoot(page, "entity-bandung-braunschweig-1280")


def test_validation_form_names_the_missing_dprd_approval_in_indonesian(
    visit: Callable[..., Any],
) -> None:
    page = visit("/validate?lang=id")
    assert page.get_attribute("html", "lang") == "id"
    page.select_option("#f-form", "sister_city")
    page.fill("[id='f-indonesian_party.name']", "Kota Surabaya")
    page.select_option("[id='f-indonesian_party.level']", "kota")
    page.fill("[id='f-indonesian_party.province']", "Jawa Timur")
    page.fill("[id='f-foreign_party.name']", "Busan")
    page.select_option("[id='f-foreign_party.country']", "KR")
    page.check("[data-path='fields'] input[value='trade']")
    page.fill("[id='f-dates.signed']", "2023-05-10")
    page.click("#check")
    page.wait_for_selector("#report:not([hidden]) .finding")
    violation = page.locator(".finding.Violation", has=page.get_by_role("link", name="R25"))
    assert violation.count() == 1
    text = violation.inner_text()
    assert "PP 28/2018 Pasal 30" in text and "persetujuan DPRD" in text
    assert page.locator("#findings h3").first.inner_text().startswith("Pelanggaran")
    shoot(page, "validate-report-id-1280")


def test_query_editor_runs_an_example_and_pages_through_a_hundred_rows(
    visit: Callable[..., Any],
) -> None:
    page = visit("/sparql")
    page.click("details.no-print summary")
    page.get_by_role("button", name=re.compile("Who signed the agreements")).click()
    page.wait_for_selector(".yasr table tbody tr")
    info = page.locator(".yasr .dt-info, .yasr .dataTables_info")
    assert re.search(r"1 to 50 of \d{3} ", info.inner_text())
    page.locator(".yasr .dt-paging-button.next").click()
    assert re.search(r"51 to 100 of \d{3} ", info.inner_text())
    assert "query=" in page.url  # a permalink: the same URL a program GETs for data
    shoot(page, "query-1280")


def test_a_query_link_opens_the_editor_with_its_results(
    visit: Callable[..., Any], live_server: str
) -> None:
    page = visit("/sparql?query=SELECT%20%3Fa%20WHERE%20%7B%20%3Fa%20a%20kmb%3AAgreement%20%7D")
    page.wait_for_selector(".yasr table tbody tr")
    assert page.locator(".yasr table tbody tr").count() == 50


def test_explore_draws_its_charts_and_map(visit: Callable[..., Any]) -> None:
    page = visit("/explore")
    for chart in ("#years-chart", "#countries-chart", "#provinces-chart", "#world-map"):
        assert drawn(page, chart), chart
    page.wait_for_selector("#central-table tbody tr td a")
    page.wait_for_selector("#claims-list .finding")
    shoot(page, "explore-1280")


def test_the_language_is_chosen_shown_and_kept(visit: Callable[..., Any]) -> None:
    page = visit("/", lang="id")
    assert page.get_attribute("html", "lang") == "id"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Kembar: kota kembar")
    page.get_by_role("link", name="English").click()
    assert page.get_attribute("html", "lang") == "en"
    assert page.get_by_role("link", name="Explore", exact=True).get_attribute("href") == (
        "/explore?lang=en"
    )


@pytest.mark.parametrize(
    "path",
    ["/", "/search?q=jogja", "/id/region/id/kota-bandung", "/validate", "/sparql", "/explore"],
)
def test_no_serious_accessibility_violation(browser: Any, live_server: str, path: str) -> None:
    """axe-core, injected into a context that allows it (the pages' own CSP would not)."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"http://{live_server}{path}", wait_until="networkidle")
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
        )
        serious = [v for v in violations if v["impact"] in {"serious", "critical"}]
        assert serious == [], serious
    finally:
        context.close()


@pytest.mark.parametrize(
    "path",
    ["/", "/search?q=bandung", "/id/region/id/kota-bandung", "/id/agreement/bandung-braunschweig",
     "/validate", "/sparql", "/explore", "/docs", "/redoc"],
)  # fmt: skip
def test_pages_fit_a_phone_and_a_desktop(visit: Callable[..., Any], path: str) -> None:
    for width in (1280, 390):
        page = visit(path, width=width)
        page.wait_for_timeout(300)  # charts and API docs render after load
        name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
        shoot(page, f"{name}-{width}")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{path} is {scroll} px wide at {width} px"
