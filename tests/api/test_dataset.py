"""The dataset of record: its citation file checked by the Citation File Format's own tool,
its page with the terms and how to cite it, the same metadata everywhere."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from kembar.api.main import create_app
from kembar.api.runtime import Runtime
from kembar.api.settings import Settings
from kembar.data import DATA_MODIFIED, DATA_VERSION
from kembar.graph.linkeddata.void import ABOUT, citation

ROOT = Path(__file__).resolve().parents[2]
#: cffconvert lives in a venv of its own (the Makefile says why).
CFFCONVERT = str(Path(sys.executable).parents[1] / "cff" / "bin" / "cffconvert")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(sandbox=False), runtime=Runtime.inline)) as c:
        yield c


def test_citation_cff_is_valid_and_says_what_the_dataset_says() -> None:
    checked = subprocess.run([CFFCONVERT, "--validate", "-i", str(ROOT / "CITATION.cff")],
                             capture_output=True, text=True, check=False)  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == DATA_VERSION and str(cff["date-released"]) == DATA_MODIFIED
    assert cff["title"] == ABOUT["en"][0] and cff["license"] == "CC-BY-4.0"
    assert "https://w3id.org/kembar/dataset" in [i["value"] for i in cff["identifiers"]]


def test_the_citations_name_the_version_and_the_dataset_iri() -> None:
    cite = citation()
    assert cite["apa"] == (f"The Kembar team. ({DATA_MODIFIED[:4]}). {ABOUT['en'][0]} "
                           f"(Version {DATA_VERSION}) [Data set]. https://w3id.org/kembar/dataset")  # fmt: skip
    assert re.match(r"@misc\{kembar\d+,\n", cite["bibtex"]) and cite["bibtex"].endswith("}")
    assert f"version = {{{DATA_VERSION}}}" in cite["bibtex"]
    lines = cite["ris"].splitlines()
    assert (
        lines[0] == "TY  - DATA"
        and lines[-1].startswith("ER  -")
        and f"ET  - {DATA_VERSION}" in lines
    )


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_dataset_page_gives_terms_citations_downloads_and_schema_org(
    client: TestClient, lang: str
) -> None:
    page = client.get(f"/dataset?lang={lang}", headers={"accept": "text/html"}).text
    schema = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL).group(1)
    )  # type: ignore[union-attr]
    assert schema["@type"] == "Dataset" and schema["version"] == DATA_VERSION
    assert schema["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert [d["contentUrl"].rsplit("/", 1)[1] for d in schema["distribution"]] == [
        "dump?format=nq", "dump?format=trig", "dump?format=ttl", "ties.csv", "stages.csv",
        "parties.csv", "sources.csv", "fields.csv", "security.csv", "validation.csv",
        "ties_by_year.csv",
    ]  # fmt: skip
    assert ABOUT[lang][0] in page and "[Data set]" in page and "TY  - DATA" in page
    assert ("Ketentuan penggunaan kembali" if lang == "id" else "Terms of reuse") in page
    assert 'rel="license"' in page


@pytest.mark.slow  # the ties table audits every tie: seconds
def test_tables_are_served_as_csv(client: TestClient) -> None:
    import io

    import pandas as pd

    response = client.get("/dataset/tables/ties.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    ties = pd.read_csv(io.StringIO(response.text), dtype=str, keep_default_na=False)
    braunschweig = ties.set_index("tie_id").loc["bandung-braunschweig"]
    assert braunschweig["first_signed"] == "1960-05-24" and braunschweig["agreement"] == "true"
    missing = client.get("/dataset/tables/tie.csv")
    assert missing.status_code == 404 and "ties_by_year" in missing.json()["detail"]
    page = client.get("/dataset?lang=id", headers={"Accept": "text/html"}).text
    assert 'href="http://testserver/dataset/tables/ties_by_year.csv"' in page
    assert "Satu baris per hubungan dan tahun" in page
