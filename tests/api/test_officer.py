"""The officer's path without a browser: the form's markup, the report as a document, the
errors a person reads. (``tests/api/web/test_browser.py`` fills every field in Chromium.)"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from kembar.api.main import create_app
from kembar.api.runtime import Runtime
from kembar.api.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "api" / "templates").glob("*.html")) + sorted(
    (ROOT / "graph" / "analytics" / "templates").glob("*")
)
PAGE = {"accept": "text/html, application/problem+json"}
#: Text that breaks a page escaped twice, or not at all.
HOSTILE = 'Kerja sama "Kota & <b>Bandung</b>" – Sōma\'s'


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(sandbox=False), runtime=Runtime.inline)) as c:
        yield c


class Page(HTMLParser):
    """Every element's attributes, by id, and the text, of an HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.words: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.words.append(data)

    def by_id(self, ident: str) -> tuple[str, dict[str, str]]:
        (found,) = [e for e in self.elements if e[1].get("id") == ident]
        return found

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.words).split())


def base(**edits: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "kembar-agreement/1", "form": "sister_city",
        "indonesian_party": {"name": "Kota Surabaya", "level": "kota", "province": "Jawa Timur"},
        "foreign_party": {"name": "Kitakyushu", "country": "JP", "level": "municipal_level"},
        "dates": {"signed": "2021-03-01"},
    }  # fmt: skip
    doc.update(edits)
    return doc


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.name for t in TEMPLATES])
def test_no_template_writes_attributes_from_a_string(template: Path) -> None:
    # an expression inside a tag but outside a quoted value is a string of attributes, which
    # autoescaping escapes again: data-type=&#34;csv&#34; (what broke "Bahasa naskah")
    source = template.read_text(encoding="utf-8")
    for tag in re.findall(r"<[a-zA-Z][^<>]*>", source):
        bare = re.sub(r"'[^']*'", "''", re.sub(r'"[^"]*"', '""', tag))
        assert "{{" not in bare, f"{template.name}: {tag[:120]}"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_form_marks_required_fields_and_reads_languages_as_names(
    client: TestClient, lang: str
) -> None:
    source = client.get(f"/validate?lang={lang}", headers={"accept": "text/html"}).text
    page = Page(source)
    _, name = page.by_id("f-indonesian_party.name")
    assert name["placeholder"] == "Kota Surabaya" and "required" in name
    _, country = page.by_id("f-foreign_party.country")
    assert "required" in country
    _, languages = page.by_id("f-languages")
    assert languages["data-type"] == "languages" and languages["type"] == "text"
    tag, _ = page.by_id("f-prevailing_language")
    assert tag == "select"
    options = [a.get("value") for t, a in page.elements if t == "option"]
    assert {"id", "ja", "ko", "zh"} <= set(options)
    for _tag, attributes in page.elements:  # no attribute value escaped twice
        assert not any(
            "&#34;" in v or "&quot;" in v or v.startswith('"') for v in attributes.values()
        )
    data = json.loads(re.search(r'id="page-data">(.*?)</script>', source, re.DOTALL).group(1))  # type: ignore[union-attr]
    lookup = data["languages"]
    assert lookup["jepang"] == lookup["japanese"] == lookup["ja"] == "ja"
    assert lookup["indonesia"] == "id" and lookup["mandarin"] == "zh"
    assert data["labels"]["languages"] == (
        "Bahasa naskah" if lang == "id" else "Languages of the text"
    )
    # rule links beside a field are out of the tab order
    rule_links = [
        a for t, a in page.elements if t == "a" and a.get("href", "").startswith("/id/rule/")
    ]
    assert rule_links and all(a.get("tabindex") == "-1" for a in rule_links)


def test_a_report_keeps_hostile_text_as_text(client: TestClient) -> None:
    doc = base(title=HOSTILE, foreign_party={"name": HOSTILE, "country": "JP"})
    r = client.post("/validate?lang=en", json=doc, headers=PAGE)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = Page(r.text)
    assert HOSTILE in page.text
    assert not [t for t, _ in page.elements if t == "b"]  # the data made no element


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_report_names_each_rule_once_with_its_law_and_versions(
    client: TestClient, lang: str
) -> None:
    # signed in 1995 with none of the 1993 circular's points a-f: R08 finds six of them
    doc = base(dates={"signed": "1995-06-01"})
    data = client.post("/validate", json=doc).json()
    assert sum(1 for r in data["results"] if r["rule"] == "R08") >= 5
    r = client.post(f"/validate?lang={lang}", json=doc, headers=PAGE)
    page = Page(r.text)
    article = Page(r.text[r.text.index("<article") : r.text.index("</article>")]).text
    sections = [
        a["id"] for t, a in page.elements if t == "section" and a.get("id", "").startswith("rule-")
    ]
    assert sections.count("rule-R08") == 1 and len(sections) == len(set(sections))
    text = article
    regime = "rezim surat edaran 1993" if lang == "id" else "1993 circular regime"
    assert regime.lower() in text.lower() and "SE1993" not in text
    assert (
        "Kota Surabaya" in text
        and "Kitakyushu" in text
        and ("Jepang" if lang == "id" else "Japan") in text
    )
    assert re.search(r"(versi aturan|rules version) [0-9a-f]{12}", text)
    assert "Kembar 0." in text
    assert "()" not in text and ": )" not in text and "hasil: )" not in text
    # the embedded JSON is the report of the contract, for the download
    embedded = json.loads(re.search(r'id="report-data">(.*?)</script>', r.text, re.DOTALL).group(1))  # type: ignore[union-attr]
    assert embedded["results"] == data["results"] and embedded["judged_on"] == "1995-06-01"


def test_a_finding_without_a_value_prints_no_empty_aside(client: TestClient) -> None:
    data = client.post("/validate", json=base()).json()
    (r28,) = [r for r in data["results"] if r["rule"] == "R28"]
    assert r28["value"] is None
    assert "()" not in r28["message"]["en"] and ": )" not in r28["message"]["id"]


def test_a_refused_field_comes_back_with_its_kind(client: TestClient) -> None:
    r = client.post("/validate?lang=id", json=base(languages="id, ja"), headers=PAGE)
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    (error,) = r.json()["errors"]
    assert error == {
        "path": "languages",
        "problem": "Input should be a valid array",
        "type": "list_type",
    }
    r = client.post("/validate", json=base(languages=["id", "xx"]))
    (error,) = r.json()["errors"]
    assert error["type"] == "language_code" and error["path"] == "languages"


def test_an_error_page_links_only_to_its_own_path(client: TestClient) -> None:
    r = client.get("//evil.example/x", headers={"accept": "text/html"})
    assert r.status_code == 404
    hrefs = [a.get("href", "") for t, a in Page(r.text).elements if t == "a"]
    assert hrefs and not [h for h in hrefs if "evil.example" in h or h.startswith("//")]


def test_the_law_has_a_page_with_its_provisions_and_coverage(client: TestClient) -> None:
    from kembar.graph.linkeddata.law import coverage
    from kembar.graph.store import KembarStore

    r = client.get(
        "/law/pp-28-2018?lang=id", headers={"accept": "text/html"}, follow_redirects=False
    )
    assert r.status_code == 308 and r.headers["location"] == "/id/law/pp-28-2018?lang=id"
    page = client.get(r.headers["location"], headers={"accept": "text/html"}).text
    row = next(c for c in coverage(KembarStore()) if c["instrument"].endswith("/law/pp-28-2018"))
    assert f"{row['checked']} dari {row['listed']} ketentuan diperiksa" in page
    assert 'id="pasal/27/ayat/1/huruf/a"' in page and 'href="/id/rule/R01?lang=id"' in page
    rule = client.get("/id/rule/R41?lang=id", headers={"accept": "text/html"}).text
    assert "PP 28/2018 Pasal 26 ayat (2)" in rule and "Cara memperbaiki temuan" in rule
