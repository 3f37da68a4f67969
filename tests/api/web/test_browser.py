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

import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from kembar.data import DATA_VERSION

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
    partners = page.locator("#partners + figure .table-wrap table")
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
    page.wait_for_selector("#report:not([hidden]) #report-document")
    violation = page.locator("#rule-R25.finding.Violation")
    assert violation.count() == 1
    text = violation.inner_text()
    assert "PP 28/2018 Pasal 30" in text and "persetujuan dprd" in text.lower()
    assert page.locator("#report-document h4").first.inner_text().startswith("Pelanggaran")
    shoot(page, "validate-report-id-1280")


#: Every field of the form, as a person fills it (dates in the procedure's order).
DATES = {
    "exploration": "2020-01-15", "consult_mendagri": "2020-02-01", "consult_menlu": "2020-02-03",
    "loi_signed": "2020-03-10", "plan": "2020-04-01", "dprd_request": "2020-04-10",
    "dprd_approval": "2020-05-20", "mendagri_submission": "2020-06-01",
    "mendagri_advice": "2020-06-20", "interministerial_meeting": "2020-07-15",
    "mendagri_draft_approval": "2020-07-30", "kemlu_confirmation": "2020-08-20",
    "mendagri_forward": "2020-08-25", "signed": "2020-09-01", "start": "2020-09-01",
    "end": "2025-08-31",
}  # fmt: skip
#: Languages typed as a person would: names in the page's language, or codes.
TYPED = {
    "id": ("Indonesia, Korea, Inggris", "Korea (ko)"),
    "en": ("id, ko, English", "Korean (ko)"),
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_field_of_the_form_filled_gives_a_report(
    visit: Callable[..., Any], lang: str, tmp_path: Path
) -> None:
    page = visit(f"/validate?lang={lang}")
    by = lambda path: f"[id='f-{path}']"
    assert page.get_attribute("#download", "href") is None  # nothing to download yet
    # text, number and choice fields
    page.select_option("#f-form", "sister_city")
    page.fill(by("title"), 'Kota kembar "Surabaya & Busan" <2020> – Sōma')
    page.fill(by("duration_years"), "5")
    page.fill(by("renewal_of"), "surabaya-busan")
    page.fill(by("indonesian_party.name"), "Kota Surabaya")
    page.select_option(by("indonesian_party.level"), "kota")
    page.fill(by("indonesian_party.province"), "Jawa Timur")
    page.fill(by("foreign_party.name"), "Busan")
    page.select_option(by("foreign_party.country"), "KR")
    page.select_option(by("foreign_party.type"), "subnational_government")
    page.select_option(by("foreign_party.level"), "municipal_level")
    # multi-choices
    for code in ("education", "trade", "cultural_exchange"):
        page.check(f"[data-path='fields'] input[value='{code}']")
    for code in ("kemlu", "sector_ministry", "province"):
        page.check(f"[data-path='interministerial_participants'] input[value='{code}']")
    for code in ("apbd", "partner"):
        page.check(f"[data-path='funding_sources'] input[value='{code}']")
    # every date of the procedure
    for code, day in DATES.items():
        page.fill(by(f"dates.{code}"), day)
    page.select_option(by("mendagri_advice_outcome"), "draft_text")
    # justifications, the 1993 circular's points behind their disclosure
    for path in ("equality", "complementarity", "people_to_people", "tech_transfer_plan"):
        page.fill(by(f"justifications.{path}"), f"Alasan {path} ‘kedua kota’ & <pelabuhan>")
    page.fill(by("justifications.plan_references"), "RPJMD Kota Surabaya 2021-2026\nRKPD 2020")
    page.click("details:has([id='f-justifications.se1993.a']) summary")
    for letter in "abcdef":
        page.fill(by(f"justifications.se1993.{letter}"), f"Butir {letter}")
    # the text of the agreement: languages typed as names or codes, and every yes/no
    typed, echoed = TYPED[lang]
    page.fill(by("languages"), typed)
    assert echoed in page.inner_text("#o-languages")
    page.select_option(by("prevailing_language"), "en")
    page.select_option(by("dispute_settlement"), "negotiation_consultation")
    for path, answer in (("termination_clause", "true"), ("asset_ownership_clause", "true"),
                         ("establishes_office_abroad", "false"), ("involves_grant", "false"),
                         ("signed_abroad", "false"), ("text_contains_aceh_phrase", "false")):  # fmt: skip
        page.select_option(by(path), answer)
    page.fill(by("full_powers_ref"), "SK-1/2020")
    page.fill(by("mission_confirmation_ref"), "KBRI-7/2020")
    # repeatable rows
    page.click("#add-signatory")
    row = page.locator(".signatory").last
    row.locator("[data-key='party']").select_option("indonesian")
    row.locator("[data-key='office']").select_option("wali_kota")
    row.locator("[data-key='name']").fill("Tri Rismaharini")
    row.locator("[data-key='acting']").check()
    page.click("#add-signatory")
    row = page.locator(".signatory").last
    row.locator("[data-key='party']").select_option("foreign")
    row.locator("[data-key='office']").select_option("other")
    row.locator("[data-key='name']").fill("Oh Keo-don")
    page.click("#add-report")
    report_row = page.locator(".report").last
    report_row.locator("[data-key='date']").fill("2021-12-15")
    report_row.locator("[data-key='recipient']").select_option("kemendagri")
    page.click("#check")
    page.wait_for_selector("#report:not([hidden]) #report-document")
    assert page.locator("#error-summary").is_hidden()  # the form was read whole
    document = page.inner_text("#report-document")
    assert 'Kota kembar "Surabaya & Busan" <2020> – Sōma' in document
    assert ("Korea Selatan" if lang == "id" else "South Korea") in document
    assert "R04" not in document and "R25" not in document  # approved, and a lawful partner
    assert page.locator("#report-document section.finding").count() == len(
        set(
            page.eval_on_selector_all("#report-document section.finding", "ss => ss.map(s => s.id)")
        )
    )
    assert page.get_attribute("#download", "href").startswith("blob:")
    shoot(page, f"validate-every-field-{lang}-1280")
    # the same submission, downloaded, opens the form again with every field filled
    with page.expect_download() as saved:
        page.click("#download-submission")
    submission = tmp_path / "submission.json"
    saved.value.save_as(submission)
    sent = json.loads(submission.read_text(encoding="utf-8"))
    assert sent["languages"] == ["id", "ko", "en"] and len(sent["dates"]) == len(DATES)
    assert sent["signatories"][0] == {"party": "indonesian", "office": "wali_kota",
                                      "name": "Tri Rismaharini", "acting": True}  # fmt: skip
    fresh = visit(f"/validate?lang={lang}")
    fresh.set_input_files("#load-file", str(submission))
    fresh.wait_for_function("document.querySelector(\"[id='f-title']\").value !== ''")
    assert fresh.input_value(by("justifications.se1993.f")) == "Butir f"
    assert fresh.input_value(by("dates.kemlu_confirmation")) == DATES["kemlu_confirmation"]
    assert fresh.locator(".signatory").count() == 2 and fresh.locator(".report").count() == 1
    fresh.click("#check")
    fresh.wait_for_selector("#report:not([hidden]) #report-document")
    assert fresh.inner_text("#report-document") == document


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_form_error_is_summarised_at_the_top_by_field_label(
    visit: Callable[..., Any], lang: str
) -> None:
    page = visit(f"/validate?lang={lang}")
    page.fill("[id='f-foreign_party.name']", "Busan")
    page.select_option("[id='f-foreign_party.country']", "KR")
    page.fill("[id='f-languages']", "Indonesia, Klingon")
    page.click("#check")
    summary = page.locator("#error-summary")
    summary.wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    items = summary.locator("li a")
    texts = [items.nth(i).inner_text() for i in range(items.count())]
    name = "Nama pihak Indonesia" if lang == "id" else "Name of the Indonesian party"
    language = "Bahasa naskah" if lang == "id" else "Languages of the text"
    assert any(t.startswith(name) for t in texts) and any(
        t.startswith(language) and "Klingon" in t for t in texts
    )
    assert page.get_attribute("[id='f-languages']", "aria-invalid") == "true"
    assert page.locator("#report").is_hidden() and page.get_attribute("#download", "href") is None
    items.first.click()
    assert page.evaluate("document.activeElement.id") == "f-indonesian_party.name"
    shoot(page, f"validate-error-{lang}-1280")


def test_the_report_prints_on_a4_without_the_form(visit: Callable[..., Any]) -> None:
    page = visit("/validate?agreement=bandung-braunschweig&lang=id")
    page.wait_for_selector("#report:not([hidden]) #report-document")
    page.emulate_media(media="print")
    assert page.locator("#submission").is_hidden() and page.locator("#report-document").is_visible()
    pdf = page.pdf(format="A4", print_background=False)
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "validate-report-id.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 1


@pytest.mark.parametrize("slug", ["provinsi-jawa-barat", "provinsi-jawa-timur", "provinsi-bali"])
def test_a_province_is_drawn_at_its_capital_with_its_own_ties(
    visit: Callable[..., Any], slug: str
) -> None:
    page = visit(f"/id/region/id/{slug}?lang=id")
    assert drawn(page, "#map")
    caption = page.inner_text("figure figcaption")
    assert "Digambar pada ibu kota Provinsi" in caption and re.search(
        r"\d+ dari \d+ mitra di peta", caption
    )
    shoot(page, f"province-{slug}-1280")


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


def test_openrefine_shows_a_preview_in_its_frame(browser: Any, live_server: str) -> None:
    """OpenRefine (here a page served from another origin on this machine, as OpenRefine
    serves itself on localhost:3333) embeds the preview in an iframe: Chromium shows it; a
    page that is not a preview stays refused to any frame."""
    import http.server
    import threading

    origin = f"http://{live_server}"
    frames = {"/preview": "/reconcile/preview?id=region/id/kota-bandung",
              "/page": "/id/region/id/kota-bandung"}  # fmt: skip

    class Host(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = f'<!doctype html><iframe id="p" src="{origin}{frames[self.path]}"></iframe>'
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("localhost", 0), Host)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    other = f"http://localhost:{server.server_address[1]}"
    context = browser.new_context()
    page = context.new_page()
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "frame-ancestors" in m.text else None)
    try:
        page.goto(other + "/preview", wait_until="networkidle")
        assert page.frame_locator("#p").locator("strong").inner_text() == "Kota Bandung"
        assert blocked == []
        page.goto(other + "/page", wait_until="networkidle")
        assert any("frame-ancestors 'none'" in m for m in blocked), blocked
    finally:
        context.close()
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(("path", "figure", "lang", "words"), [
    ("/explore", "years", "en", ("Download SVG", "Download PNG", "Download CSV")),
    ("/explore", "security-decades", "id", ("Unduh SVG", "Unduh PNG", "Unduh CSV")),
    ("/id/region/id/provinsi-jawa-barat", "region-years", "id", ("Unduh SVG", "Unduh PNG", "Unduh CSV")),
])  # fmt: skip
def test_a_chart_leaves_as_svg_png_and_csv(
    visit: Callable[..., Any], path: str, figure: str, lang: str, words: tuple[str, str, str]
) -> None:
    """A reader clicks each download under a chart: an SVG drawing, a PNG image, and the
    CSV of the figures drawn; the caption names coverage, version and how to cite."""
    page = visit(f"{path}?lang={lang}", lang=lang)
    holder = page.locator(f'figure[data-figure="{figure}"]')
    page.wait_for_selector(f'figure[data-figure="{figure}"] canvas')
    caption = holder.locator("figcaption").inner_text()
    assert DATA_VERSION in caption and ("Cakupan" if lang == "id" else "Coverage") in caption
    svg, png, table = words
    with page.expect_download() as got:
        holder.get_by_role("button", name=svg).click()
    drawing = Path(got.value.path()).read_text(encoding="utf-8")
    assert got.value.suggested_filename == f"kembar-{figure}.svg" and drawing.startswith("<svg")
    assert "<text" in drawing  # axes and labels, drawn as vectors
    with page.expect_download() as got:
        holder.get_by_role("button", name=png).click()
    image = Path(got.value.path()).read_bytes()
    assert (
        got.value.suggested_filename == f"kembar-{figure}.png" and image[:8] == b"\x89PNG\r\n\x1a\n"
    )
    with page.expect_download() as got:
        holder.get_by_role("link", name=table).click()
    rows = Path(got.value.path()).read_text(encoding="utf-8").splitlines()
    assert rows[0].split(",")[0] in ("year", "decade") and len(rows) > 3


def test_a_result_iri_cannot_add_attributes_to_its_link(visit: Callable[..., Any]) -> None:
    """An IRI holding quotes (valid in RDF) is shown as text of one link with one href; a
    javascript: IRI is no link at all."""
    import urllib.parse

    hostile = "http://example.org/a'style='position:fixed;inset:0;z-index:99'"
    query = (f'SELECT ?x WHERE {{ VALUES ?x {{ <{hostile}> <javascript:alert(1)> '
             "<https://w3id.org/kembar/id/region/id/kota-bandung> } }")  # fmt: skip
    page = visit("/sparql?query=" + urllib.parse.quote(query))
    page.wait_for_selector(".yasr table tbody tr")
    links = page.locator(".yasr table tbody a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hostile in hrefs and not any(h.startswith("javascript") for h in hrefs)
    assert page.locator(".yasr table tbody a[style]").count() == 0
    assert "javascript:alert(1)" in page.locator(".yasr table tbody").inner_text()
