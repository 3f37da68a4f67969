"""``/reconcile``: the Reconciliation Service API 0.2, as OpenRefine calls it.

The answers are checked against models written from the specification's text (below);
``KEMBAR_RECONCILIATION_SCHEMAS`` naming a checkout of the specification's ``0.2/schemas``
folder also checks them against its JSON schemas (no registry this project installs from
carries them, so they are not a test dependency).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from kembar.api.main import create_app
from kembar.api.settings import Settings
from kembar.ontology import ids
from pydantic import BaseModel, ConfigDict, Field

SCHEMAS = os.environ.get("KEMBAR_RECONCILIATION_SCHEMAS")


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


class Type(_Open):
    id: str
    name: str | None = None


class Candidate(_Open):
    id: str
    name: str
    score: float
    match: bool | None = None
    type: list[Type] = []
    description: str | None = None


class Results(_Open):
    result: list[Candidate]


class Service(_Open):
    service_url: str | None = None
    service_path: str | None = None


class Manifest(_Open):
    versions: list[str] = Field(min_length=1)
    name: str
    identifierSpace: str
    schemaSpace: str
    view: dict[str, str]
    preview: dict[str, Any]
    suggest: dict[str, Service]
    extend: dict[str, Any]
    defaultTypes: list[Type]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(sandbox=False))) as c:
        yield c


def batch(client: TestClient, queries: dict[str, Any]) -> dict[str, Results]:
    r = client.post("/reconcile", data={"queries": json.dumps(queries)})
    assert r.status_code == 200, r.text
    return {k: Results.model_validate(v) for k, v in r.json().items()}


def _schema_check(name: str, document: Any) -> None:
    if not SCHEMAS:
        return
    import jsonschema
    from referencing import Registry, Resource

    folder = Path(SCHEMAS)
    resources = [
        (f"https://reconciliation-api.github.io/specs/0.2/schemas/{f.name}",
         Resource.from_contents(json.loads(f.read_text())))
        for f in folder.glob("*.json")
    ]  # fmt: skip
    schema = json.loads((folder / name).read_text())
    validator = jsonschema.Draft7Validator(schema, registry=Registry().with_resources(resources))
    assert list(validator.iter_errors(document)) == []


def test_the_manifest_names_the_services(client: TestClient) -> None:
    body = client.get("/reconcile").json()
    manifest = Manifest.model_validate(body)
    assert "0.2" in manifest.versions and "{{id}}" in manifest.view["url"]
    assert manifest.identifierSpace == str(ids.ID)
    assert {t.id for t in manifest.defaultTypes} >= {"LocalGovernment", "Country"}
    assert manifest.suggest["entity"].service_path == "/reconcile/suggest/entity"
    _schema_check("manifest.json", body)


def test_names_reconcile_in_both_languages_narrowed_by_country(client: TestClient) -> None:
    found = batch(client, {
        "bandung": {"query": "Bandung", "type": "LocalGovernment",
                    "properties": [{"pid": "country", "v": "Indonesia"}]},
        "jogja": {"query": "Jogja", "type": "LocalGovernment"},
        "busan": {"query": "Busan", "properties": [{"pid": "country", "v": "Korea Selatan"}]},
        "code": {"query": "Braunschweig", "properties": [{"pid": "country", "v": "DE"}]},
        "korea": {"query": "Korea Selatan", "type": "Country"},
    })  # fmt: skip
    assert found["bandung"].result[0].id == "region/id/kota-bandung"
    assert found["bandung"].result[0].match is True
    assert found["jogja"].result[0].id == "region/id/kota-yogyakarta"
    assert found["busan"].result[0].id == "region/kr/busan"
    assert found["code"].result[0].id == "region/de/braunschweig"
    assert found["korea"].result[0].id == "country/kr"
    assert all(c.type[0].id == "LocalGovernment" for c in found["bandung"].result)


def test_the_country_keeps_a_namesake_out(client: TestClient) -> None:
    # Kota Tua Jakarta and DKI Jakarta are both Indonesian; a foreign country finds neither
    foreign = batch(
        client, {"q": {"query": "Jakarta", "properties": [{"pid": "country", "v": "JP"}]}}
    )
    assert all(c.match is not True for c in foreign["q"].result)
    assert all(c.score < 90 for c in foreign["q"].result)


def test_results_conform_to_the_result_batch_format(client: TestClient) -> None:
    r = client.get(
        "/reconcile", params={"queries": json.dumps({"q0": {"query": "osaki", "limit": 3}})}
    )
    body = r.json()
    assert len(body["q0"]["result"]) <= 3
    _schema_check("reconciliation-result-batch.json", body)


def test_extension_gives_partners_dates_and_sectors(client: TestClient) -> None:
    asked = {"ids": ["region/id/kota-bandung", "agreement/bandung-braunschweig"],
             "properties": [{"id": "partners"}, {"id": "first_signed"}, {"id": "signed"},
                            {"id": "sectors"}]}  # fmt: skip
    body = client.post("/reconcile", data={"extend": json.dumps(asked)}).json()
    assert [m["id"] for m in body["meta"]] == ["partners", "first_signed", "signed", "sectors"]
    bandung = body["rows"]["region/id/kota-bandung"]
    assert {"id": "region/de/braunschweig", "name": "Braunschweig"} in bandung["partners"]
    assert bandung["first_signed"] == [{"date": "1960-05-24T00:00:00Z"}]
    tie = body["rows"]["agreement/bandung-braunschweig"]
    assert tie["signed"] == [{"date": "1960-05-24T00:00:00Z"}]
    assert "ontology#EconomicSector" in " ".join(v["id"] for v in tie["sectors"])
    _schema_check("data-extension-response.json", body)


def test_suggest_preview_and_properties(client: TestClient) -> None:
    suggested = client.get("/reconcile/suggest/entity", params={"prefix": "sura"}).json()
    assert suggested["result"][0]["id"] == "region/id/kota-surabaya"
    _schema_check("suggest-entities-response.json", suggested)
    types = client.get("/reconcile/suggest/type", params={"prefix": "coun"}).json()
    assert [t["id"] for t in types["result"]] == ["Country"]
    props = client.get("/reconcile/properties", params={"type": "LocalGovernment"}).json()
    assert "partners" in [p["id"] for p in props["properties"]]
    _schema_check("suggest-properties-response.json",
                  client.get("/reconcile/suggest/property", params={"prefix": "part"}).json())  # fmt: skip
    card = client.get("/reconcile/preview", params={"id": "region/id/kota-bandung"})
    assert card.status_code == 200 and "Kota Bandung" in card.text
    assert client.get("/reconcile/preview", params={"id": "a b"}).status_code == 404
    assert client.get("/reconcile/properties", params={"type": "Planet"}).status_code == 404


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"queries": "{nope"}, "queries: not JSON"),
        ({"queries": json.dumps({"q": {"query": ""}})}, "queries.q.query"),
        ({"queries": json.dumps({f"q{n}": {"query": "x"} for n in range(51)})}, "at most 50"),
        ({"extend": json.dumps({"ids": "x"})}, "extend:"),
    ],
)
def test_bad_requests_name_the_parameter(
    client: TestClient, params: dict[str, str], names: str
) -> None:
    r = client.get("/reconcile", params=params)
    assert r.status_code == 400 and names in r.json()["detail"]
    assert (
        client.post(
            "/reconcile", content=b"{}", headers={"content-type": "application/json"}
        ).status_code
        == 415
    )
