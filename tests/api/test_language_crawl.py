"""Every kind of page a person reads, in Indonesian: no raw RDF (prefixed names, datatype
names, blank-node ids), no internal code, and no untranslated English sentence.

The pages are fetched as a browser would (``?lang=id``) and read as text: what a script
holds as data, and text a page marks as another language with ``lang`` (a name in its own
language, a quotation), are not the page's own words. A few loanwords and proper names are
allowed (:data:`ALLOWED`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import ClassVar

import pytest
from fastapi.testclient import TestClient
from kembar.api.main import create_app
from kembar.api.runtime import Runtime
from kembar.api.settings import Settings

#: One page of each kind (GET), and the report (POST).
PAGES = [
    "/", "/search?q=bandung", "/search?q=jawa", "/explore", "/validate", "/sparql", "/ontology",
    "/id/region/id/kota-bandung", "/id/region/id/provinsi-jawa-barat", "/id/region/id/provinsi-bali",
    "/id/region/kr/ulsan", "/id/country/jp", "/id/country/id", "/id/agreement/bandung-braunschweig",
    "/id/agreement/surabaya-kitakyushu", "/id/rule/R25", "/id/rule/R41", "/id/law/pp-28-2018",
    "/id/law/permendagri-3-2008", "/id/law/uu-23-2014", "/id/law/pp-28-2018/pasal/27",
    "/id/law/pp-28-2018/pasal/27/ayat/1/huruf/a", "/id/region/id/nowhere",
    "/sparql?query=SELEC", "/dump?format=nope", "/dataset",
]  # fmt: skip
REPORT = {
    "format": "kembar-agreement/1", "form": "sister_city",
    "indonesian_party": {"name": "Kota Surabaya", "level": "kota", "province": "Jawa Timur"},
    "foreign_party": {"name": "Kaohsiung", "country": "TW", "level": "municipal_level"},
    "dates": {"loi_signed": "2019-02-01", "signed": "2021-03-01"}, "languages": ["id", "zh"],
    "justifications": {"se1993": {"a": "setara"}}, "fields": ["trade", "religion"],
}  # fmt: skip

#: Prefixed names of RDF vocabularies, datatype names, blank-node ids, internal codes.
RAW = [
    re.compile(
        r"\b(?:dct|dcterms|sh|kmb|kms|xsd|skos|rdfs?|owl|eli|prov|kid|src|geo|schema|"
        r"foaf|dcat|void|org|fn|law|rule|agreement|country|vann|wd):[A-Za-z_]"
    ),
    re.compile(r"\b(?:gYear|gYearMonth|langString|dateTime|xsd)\b"),
    re.compile(r"(?<![\w/])_:[A-Za-z0-9]"),
    re.compile(r"\b(?:PP28-2018|PMDN3-2008|PMDN25-2020|SE1993|PRE-1993)\b"),
    re.compile(r"\b[a-z]+_[a-z]+(?:_[a-z]+)*\b"),  # a code of the data: mou_signed, sister_city
    re.compile(r"\b(?:Violation|Warning|Info)\b"),
]
#: English words that Indonesian never uses; a text with several of them is English.
ENGLISH = {"the", "of", "and", "is", "are", "was", "were", "with", "which", "this", "that",
           "from", "has", "have", "its", "been", "be", "an", "for", "by", "to", "not", "or",
           "on", "at", "as", "it", "no", "their", "these", "there", "will", "would", "can"}  # fmt: skip
#: Names and loanwords that contain such words but are not untranslated text.
ALLOWED = ["Natural Earth", "Sister Cities International", "Open Data Commons",
           "United Cities and Local Governments", "Creative Commons", "world-atlas",
           "SPARQL", "Turtle", "JSON-LD", "N-Triples", "RDF/XML", "ReDoc", "VoID"]  # fmt: skip


class Text(HTMLParser):
    """The words of a page a person reads, chunk by chunk, with the element they are in."""

    SKIP: ClassVar[set[str]] = {"script", "style", "template", "code", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.chunks: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        foreign = bool(found.get("lang")) and found.get("lang") != "id" and tag != "html"
        if tag not in {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col"}:
            self.stack.append((tag, foreign))
        for name in ("title", "aria-label", "placeholder", "alt"):
            if found.get(name):
                self.attributes.append(str(found[name]))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if any(tag in self.SKIP or foreign for tag, foreign in self.stack):
            return
        text = " ".join(data.split())
        if text:
            self.chunks.append(text)


def english(chunk: str) -> bool:
    for name in ALLOWED:
        chunk = chunk.replace(name, "")
    words = re.findall(r"[A-Za-z']+", re.sub(r"https?://\S+", "", chunk))
    hits = [w for w in words if w.lower() in ENGLISH]
    return len(words) >= 4 and len(hits) >= 2 and len(hits) >= 0.15 * len(words)


def problems(html: str) -> list[str]:
    reader = Text()
    reader.feed(html)
    found = []
    for chunk in reader.chunks + reader.attributes:
        plain = re.sub(r"https?://\S+|/[\w/#?=&.%-]+", "", chunk)  # addresses are not words
        for pattern in RAW:
            match = pattern.search(plain)
            if match:
                found.append(f"raw {match.group(0)!r} in {chunk[:90]!r}")
        if english(chunk):
            found.append(f"English: {chunk[:120]!r}")
    return found


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(sandbox=False), runtime=Runtime.inline)) as c:
        yield c


@pytest.mark.parametrize("path", PAGES)
def test_an_indonesian_page_has_no_raw_term_and_no_english(client: TestClient, path: str) -> None:
    sep = "&" if "?" in path else "?"
    r = client.get(f"{path}{sep}lang=id", headers={"accept": "text/html"})
    assert r.headers["content-type"].startswith("text/html"), path
    assert '<html lang="id">' in r.text
    assert problems(r.text) == [], path


@pytest.mark.parametrize("path", PAGES)
def test_an_english_page_has_no_raw_term(client: TestClient, path: str) -> None:
    sep = "&" if "?" in path else "?"
    r = client.get(f"{path}{sep}lang=en", headers={"accept": "text/html"})
    raw = [p for p in problems(r.text) if p.startswith("raw")]
    # the severities are English words on an English page, not codes
    assert [p for p in raw if not re.search(r"raw '(Violation|Warning|Info)'", p)] == [], path


def test_the_report_in_indonesian_has_no_raw_term_and_no_english(client: TestClient) -> None:
    r = client.post("/validate?lang=id", json=REPORT, headers={"accept": "text/html"})
    assert r.status_code == 200
    assert problems(r.text) == []


def test_the_crawl_finds_what_it_should() -> None:
    # the checks themselves: each kind of fault in an Indonesian page is found
    page = ('<html lang="id"><p>sumber dct:source</p><p>1995^^xsd:gYear</p><p>_:c563ab</p>'
            "<p>dinilai menurut PP28-2018+PMDN25-2020</p><p>tahap mou_signed</p>"
            "<p>The agreement was signed without the approval of the regional parliament.</p>"
            '<p lang="en">The name of a book in English is a quotation.</p></html>')  # fmt: skip
    found = problems(page)
    for fault in ("dct:s", "xsd", "_:c", "PP28-2018", "mou_signed", "English: 'The agreement"):
        assert [f for f in found if fault in f], (fault, found)
    assert not [f for f in found if "quotation" in f]
