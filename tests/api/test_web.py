"""The web without a browser: HTTP as browsers and caches expect it, the two languages,
search, the pages' markup rules (no inline script, no other host), and the catalogue."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from fastapi.testclient import TestClient
from kembar.api.main import create_app
from kembar.api.runtime import Runtime
from kembar.api.settings import Settings
from kembar.api.web.http import CSP
from kembar.api.web.i18n import catalogue
from kembar.ontology import ids

ROOT = Path(__file__).resolve().parents[2]
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
PAGES = ["/", "/search?q=bandung", "/explore", "/validate", "/sparql", "/docs", "/redoc", "/dataset",
         "/ontology", "/id/region/id/kota-bandung", "/id/agreement/bandung-braunschweig",
         "/id/country/de", "/id/rule/R25"]  # fmt: skip
#: An example value for each path parameter of the GET routes.
EXAMPLES = {"path": "region/id/kota-bandung", "region": "region/id/kota-bandung",
            "slug": "bandung-braunschweig"}  # fmt: skip


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(sandbox=False), runtime=Runtime.inline)) as c:
        yield c


def html(client: TestClient, path: str, **headers: str) -> str:
    r = client.get(path, headers={"accept": BROWSER, **headers})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), path
    return r.text


@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads_only_its_own_files(client: TestClient, path: str) -> None:
    page = html(client, path)
    r = client.get(path, headers={"accept": BROWSER})
    assert r.headers["content-security-policy"] == CSP and "'self'" in CSP
    assert "http" not in CSP and "'unsafe-eval'" not in CSP
    for tag in re.findall(r"<script[^>]*>", page):  # no inline script: files or JSON data
        assert 'src="/static/' in tag or re.search(r'type="application/(ld\+)?json"', tag), tag
    for attribute in re.findall(r'<(?:script|link|img)[^>]*(?:src|href)="([^"]+)"', page):
        assert attribute.startswith("/"), f"{path} loads {attribute}"
    assert '<html lang="en">' in page and 'href="/static/favicon.svg"' in page


def test_every_get_route_answers_head_with_the_headers_of_get(client: TestClient) -> None:
    documented = client.app.openapi()["paths"]  # type: ignore[attr-defined]
    paths = [p for p, methods in documented.items() if "get" in methods]
    checked = 0
    for path in [*paths, *PAGES, "/favicon.ico", "/.well-known/void"]:
        for name, value in EXAMPLES.items():
            path = path.replace("{" + name + "}", value)
        got = client.get(path, headers={"accept": "*/*"})
        head = client.head(path, headers={"accept": "*/*"})
        assert head.status_code == got.status_code and head.content == b"", path
        assert head.headers.get("content-type") == got.headers.get("content-type"), path
        checked += 1
    assert checked >= 20
    assert client.head("/static/css/kembar.css").status_code == 200


def test_pages_are_compressed_tagged_and_revalidated(client: TestClient) -> None:
    r = client.get("/id/region/id/kota-bandung", headers={"accept": BROWSER,
                   "accept-encoding": "gzip"})  # fmt: skip
    assert r.headers["content-encoding"] == "gzip" and "Kota Bandung" in r.text
    tag = r.headers["etag"]
    assert tag.startswith('W/"') and r.headers["cache-control"] == "no-cache"
    again = client.get("/id/region/id/kota-bandung",
                       headers={"accept": BROWSER, "if-none-match": tag})  # fmt: skip
    assert again.status_code == 304 and again.content == b""
    # another representation of the same URL has another tag
    turtle = client.get("/id/region/id/kota-bandung", headers={"accept": "text/turtle"})
    assert turtle.headers["etag"] != tag
    client.app.state.runtime.store.changed()  # type: ignore[attr-defined]
    after = client.get("/id/region/id/kota-bandung",
                       headers={"accept": BROWSER, "if-none-match": tag})  # fmt: skip
    assert after.status_code == 200 and after.headers["etag"] != tag


def test_static_files_are_kept_by_browsers(client: TestClient) -> None:
    r = client.get("/static/vendor/echarts/echarts.min.js", headers={"accept-encoding": "gzip"})
    assert r.status_code == 200 and r.headers["content-encoding"] == "gzip"
    assert r.headers["cache-control"] == "public, max-age=86400"
    again = client.get("/static/vendor/echarts/echarts.min.js",
                       headers={"if-none-match": r.headers["etag"]})  # fmt: skip
    assert again.status_code == 304
    assert client.get("/favicon.ico").headers["content-type"] == "image/svg+xml"
    assert client.get("/static/../api/main.py").status_code == 404


def test_browsers_get_error_pages_and_programs_problem_json(client: TestClient) -> None:
    page = client.get("/id/region/nowhere", headers={"accept": BROWSER,
                      "accept-language": "id"})  # fmt: skip
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert '<html lang="id">' in page.text and "Tidak ditemukan" in page.text
    program = client.get("/id/region/nowhere")
    assert program.status_code == 404
    assert program.headers["content-type"] == "application/problem+json"
    form = client.post("/validate", content=b"{", headers={"accept": BROWSER,
                       "content-type": "application/json"})  # fmt: skip
    assert form.status_code == 400 and "Malformed submission" in form.text


@pytest.mark.parametrize(
    ("query", "headers", "lang"),
    [
        ("?lang=id", {}, "id"),
        ("", {"accept-language": "id-ID,id;q=0.9,en;q=0.8"}, "id"),
        ("", {"accept-language": "fr-FR, en;q=0.5"}, "en"),
        ("?lang=en", {"accept-language": "id"}, "en"),
        ("?lang=xx", {"accept-language": "id"}, "id"),
    ],
)
def test_the_language_comes_from_lang_then_accept_language(
    client: TestClient, query: str, headers: dict[str, str], lang: str
) -> None:
    r = client.get("/" + query, headers={"accept": BROWSER, **headers})
    assert f'<html lang="{lang}">' in r.text and r.headers["content-language"] == lang
    assert "Accept-Language" in r.headers["vary"]


def test_a_chosen_language_is_kept_in_the_links(client: TestClient) -> None:
    page = html(client, "/id/region/id/kota-bandung?lang=id")
    assert 'href="/explore?lang=id"' in page and 'href="/id/country/id?lang=id"' in page
    assert "Mitra" in page and "Negara" in page  # headings and labels in Indonesian
    # the switch: the same page in the other language, a query alone (never another path)
    assert 'class="lang" href="?lang=en"' in page
    plain = html(client, "/id/region/id/kota-bandung")
    assert 'href="/explore"' in plain and "Partners" in plain


def test_entity_pages_label_terms_and_group_values(client: TestClient) -> None:
    page = html(client, "/id/region/id/kota-bandung")
    assert "kmb:" not in re.sub(r"<[^>]+>", "", page)  # labels, not CURIEs
    assert 'href="/ontology#Kota"' in page  # a term links to its own anchor
    agreement = html(client, "/id/agreement/bandung-braunschweig")
    # the fields once, in their own section; the law it was signed under; derived sectors
    assert agreement.count('href="/ontology#FieldCulture"') == 1
    assert "before the 1993 circular" in agreement and "economic sector" in agreement
    assert "What points here" in agreement


def test_search_finds_names_as_people_type_them(client: TestClient) -> None:
    def top(q: str, **params: str) -> list[dict[str, object]]:
        r = client.get("/search", params={"q": q, **params})
        assert r.status_code == 200 and r.headers["content-type"] == "application/json"
        return r.json()["items"]  # type: ignore[no-any-return]

    assert top("osaki")[0]["label"] == "Ōsaki (town), Kagoshima"
    assert top("OSAKI")[0]["iri"] == top("Ōsaki")[0]["iri"]
    yogyakarta = str(ids.region("id", "kota-yogyakarta"))
    for typed in ("jogja", "yogya", "Yogyakarta"):
        assert yogyakarta in [h["iri"] for h in top(typed)[:2]], typed
    assert top("bandunk")[0]["iri"] == str(ids.region("id", "kota-bandung"))
    assert {h["kind"] for h in top("korea", kind="country")} == {"country"}
    assert top("Korea Selatan", lang="id")[0]["label"] == "Korea Selatan"
    assert top("zzzzqqq") == []


@pytest.mark.parametrize(
    ("params", "field"), [({"q": "x" * 201}, "q"), ({"q": "a", "limit": "0"}, "limit"),
                          ({"q": "a", "kind": "planet"}, "kind")],
)  # fmt: skip
def test_bad_search_parameters_are_named(
    client: TestClient, params: dict[str, str], field: str
) -> None:
    r = client.get("/search", params=params)
    assert r.status_code == 422 and field in r.json()["detail"]


def test_the_search_page_links_hits_in_the_readers_language(client: TestClient) -> None:
    page = html(client, "/search?q=jogja&lang=id")
    assert 'href="/id/region/id/kota-yogyakarta?lang=id"' in page
    assert "cocok dengan" in page and "Jogja" in page


def test_the_audit_of_a_stored_agreement_prefills_the_form(client: TestClient) -> None:
    r = client.get("/agreements/bandung-braunschweig/audit")
    body = r.json()
    assert body["submission"]["foreign_party"]["country"] == "DE"
    assert body["report"]["regime"] == "PRE-1993"
    assert client.get("/agreements/no-such-tie/audit").status_code == 404
    assert client.get("/agreements/Bad%20Slug/audit").status_code == 422


def test_the_form_offers_the_rules_help_and_countries(client: TestClient) -> None:
    page = html(client, "/validate?lang=id")
    assert 'data-path="dates.dprd_approval"' in page
    assert 'href="/id/rule/R25?lang=id"' in page  # the rules that check the field
    assert '<option value="KR">Korea Selatan (KR)</option>' in page
    assert "Persetujuan DPRD" in page
    assert client.get("/validate", headers={"accept": "application/json"}).status_code == 406


def test_a_query_link_is_the_editor_for_people_and_data_for_programs(client: TestClient) -> None:
    link = "/sparql?query=ASK%20%7B%20%3Fa%20a%20kmb%3AAgreement%20%7D"
    page = html(client, link)
    assert 'id="yasgui"' in page and "ASK { ?a a kmb:Agreement }" in page
    data = client.get(link)
    assert data.headers["content-type"].startswith("application/sparql-results+json")
    assert data.json()["boolean"] is True


def test_the_api_docs_load_kembars_own_files(client: TestClient) -> None:
    for path, script in (("/docs", "swagger-ui-dist/swagger-ui-bundle.js"),
                         ("/redoc", "redoc/redoc.standalone.js")):  # fmt: skip
        page = html(client, path)
        assert f'src="/static/vendor/{script}"' in page
        body = client.get(f"/static/vendor/{script}").content
        assert len(body) > 100_000 and b"cdn.redoc.ly" not in body


def test_every_text_of_the_pages_has_its_indonesian(tmp_path: Path) -> None:
    """What ``make messages`` extracts (templates and marked Python) is in the catalogue."""
    method_map = [("api/**.py", "python"), ("api/templates/**.html", "jinja2")]
    options = {"api/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    found = {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(
            str(ROOT),
            method_map,
            options,
            keywords={
                "_": None,
                "N_": None,
                "translate": (1,),
                "gettext": None,
                "ngettext": (1, 2),
            },
        )
    }
    indonesian = catalogue("id")
    missing = sorted(m for m in found if m not in indonesian)
    assert len(found) > 250 and missing == []
    assert indonesian["Search"] == "Cari"


def test_a_weak_tie_says_so_on_its_page_in_both_languages(client: TestClient) -> None:
    # Aceh - Kahramanmaraş rests on Wikipedia's list alone
    weak = {
        lang: html(client, f"/id/agreement/aceh-kahramanmaras?lang={lang}") for lang in ("en", "id")
    }
    assert 'id="weak"' in weak["en"] and "Weakly sourced" in weak["en"]
    assert 'id="weak"' in weak["id"] and "Sumbernya lemah" in weak["id"]
    # Bandung - Braunschweig: both cities' own pages; the parties' terms and accounts are shown
    assert 'id="weak"' not in html(client, "/id/agreement/bandung-braunschweig?lang=en")
    salatiga = html(client, "/id/agreement/salatiga-mungyeong?lang=id")
    assert "Sebutan pihak mitra" in salatiga and "menurut" in salatiga and "우호교류" in salatiga
