"""``/reconcile``: the Reconciliation Service API 0.2, as OpenRefine calls it.

The answers are checked against models written from the specification's text (below) and
against the specification's own JSON schemas (``../shared/reconciliation-api-0.2/schemas``,
Draft 7, with jsonschema); every valid example batch of the specification is answered 200
and every invalid one 400.
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
from kembar.api.runtime import Runtime
from kembar.api.settings import Settings
from kembar.ontology import ids
from pydantic import BaseModel, ConfigDict, Field

SPEC = Path(__file__).resolve().parents[4] / "shared" / "reconciliation-api-0.2"
SCHEMAS = os.environ.get("KEMBAR_RECONCILIATION_SCHEMAS") or str(SPEC / "schemas")


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
    with TestClient(create_app(Settings(sandbox=False), runtime=Runtime.inline)) as c:
        yield c


def batch(client: TestClient, queries: dict[str, Any]) -> dict[str, Results]:
    r = client.post("/reconcile", data={"queries": json.dumps(queries)})
    assert r.status_code == 200, r.text
    return {k: Results.model_validate(v) for k, v in r.json().items()}


def _schema_check(name: str, document: Any) -> None:
    """*document* against the specification's schema *name*: no error."""
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    folder = Path(SCHEMAS)
    if not folder.is_dir():
        pytest.skip("../shared/reconciliation-api-0.2 is not beside the checkout")
    resources = []
    for f in folder.glob("*.json"):
        contents = json.loads(f.read_text())
        resource = Resource.from_contents(contents, default_specification=DRAFT7)
        resources.append(
            (f"https://reconciliation-api.github.io/specs/0.2/schemas/{f.name}", resource)
        )
        if "$id" in contents:
            resources.append((contents["$id"], resource))
    schema = json.loads((folder / name).read_text())
    validator = jsonschema.Draft7Validator(
        schema,
        registry=Registry().with_resources(resources),
        format_checker=jsonschema.FormatChecker(),
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == [], f"{name}: {errors[:5]}"


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
    assert bandung["first_signed"] == [{"str": "1960-05-24"}]
    tie = body["rows"]["agreement/bandung-braunschweig"]
    assert tie["signed"] == [{"str": "1960-05-24"}]
    assert "EconomicSector" in [v["id"] for v in tie["sectors"]]
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
        ({"queries": json.dumps({"q": {"query": 5}})}, "queries.q.query"),
        ({"queries": json.dumps({"q": {"query": "x", "props": []}})}, "unknown key 'props'"),
        ({"extend": json.dumps({"ids": "x"})}, "extend:"),
        ({"extend": '{"ids": ["a"], "properties": ' + "[" * 50 + "]" * 50 + "}"}, "extend: nested"),
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


def _examples(kind: str, valid: bool) -> list[Path]:
    folder = SPEC / "examples" / kind / ("valid" if valid else "invalid")
    if not folder.is_dir():
        pytest.skip("../shared/reconciliation-api-0.2 is not beside the checkout")
    return sorted(folder.glob("*.json"))


def test_every_valid_example_batch_is_answered(client: TestClient) -> None:
    for example in _examples("reconciliation-query-batch", valid=True):
        sent = example.read_text(encoding="utf-8")
        answer = client.post("/reconcile", data={"queries": sent})
        assert answer.status_code == 200, (example.name, answer.text)
        assert set(answer.json()) == set(json.loads(sent)), example.name
        _schema_check("reconciliation-result-batch.json", answer.json())
        terms = client.post("/reconcile/terms", data={"queries": sent})
        assert terms.status_code == 200, (example.name, terms.text)
        _schema_check("reconciliation-result-batch.json", terms.json())


def test_every_invalid_example_batch_is_refused_naming_the_fault(client: TestClient) -> None:
    for example in _examples("reconciliation-query-batch", valid=False):
        answer = client.post("/reconcile", data={"queries": example.read_text(encoding="utf-8")})
        assert answer.status_code == 400, (example.name, answer.text)
        assert "queries.q" in answer.json()["detail"], example.name
    for sent, fault in [
        ('{"q0": {"query": "Bandung", "limit": 1e999}}', "queries.q0.limit: a finite number"),
        ('{"q0": {"query": "Bandung", "limit": "5"}}', "queries.q0.limit"),
        ('{"q0": {"query": 5}}', "queries.q0.query: a string"),
        ('{"q0": {"properties": [{"pid": "country"}]}}', "queries.q0.properties[0]"),
        ('{"q0": {"query": "x", "type_strict": "some"}}', "queries.q0.type_strict"),
        ("[" * 100_000 + "]" * 100_000, "queries"),
        # deep where the schema allows a list: refused before anything walks it
        ('{"q0": {"query": "x", "properties": [{"pid": "country", "v": %s}]}}'
         % ("[" * 400 + '"ID"' + "]" * 400), "queries: nested deeper than 8 levels"),
        ('{"q0": {"query": "x", "properties": [{"pid": "country", "v": [["ID"]]}]}}',
         "queries.q0.properties[0].v"),
    ]:  # fmt: skip
        answer = client.post("/reconcile", data={"queries": sent})
        assert answer.status_code == 400 and fault in answer.json()["detail"], (
            sent[:40],
            answer.text,
        )


def test_a_batch_beyond_the_manifests_batch_size_gets_413(client: TestClient) -> None:
    size = client.get("/reconcile").json()["batchSize"]
    assert size == client.get("/reconcile/terms").json()["batchSize"] == 50
    queries = {f"q{n}": {"query": "Bandung"} for n in range(size + 1)}
    answer = client.post("/reconcile", data={"queries": json.dumps(queries)})
    assert answer.status_code == 413 and "batchSize" in answer.json()["detail"]
    assert (
        client.post(
            "/reconcile", data={"queries": json.dumps(dict(list(queries.items())[:size]))}
        ).status_code
        == 200
    )


def test_properties_alone_find_what_they_name(client: TestClient) -> None:
    found = batch(client, {
        "japan": {"properties": [{"pid": "country", "v": "Jepang"}], "type": "LocalGovernment", "limit": 10},
        "nothing": {"properties": [{"pid": "uid", "v": "27eb892afbb2"}]},
    })  # fmt: skip
    assert len(found["japan"].result) == 10
    assert all(c.id.startswith("region/jp/") and c.match is False for c in found["japan"].result)
    assert found["nothing"].result == []


@pytest.mark.parametrize("query", [
    "region/id/kota-bandung", str(ids.ID) + "region/id/kota-bandung",
    "region%2Fid%2Fkota-bandung", "https%3A%2F%2Fw3id.org%2Fkembar%2Fid%2Fregion%2Fid%2Fkota-bandung",
])  # fmt: skip
def test_an_entitys_own_id_finds_it(client: TestClient, query: str) -> None:
    found = batch(client, {"q": {"query": query}})["q"].result
    assert found[0].id == "region/id/kota-bandung" and found[0].match is True and len(found) == 1
    suggested = client.get("/reconcile/suggest/entity", params={"prefix": query}).json()
    assert suggested["result"][0]["id"] == "region/id/kota-bandung"
    _schema_check("suggest-entities-response.json", suggested)


def test_extension_values_stay_inside_an_identifier_space(client: TestClient) -> None:
    asked = {"ids": ["agreement/bandung-braunschweig", "agreement/surabaya-kaohsiung",
                     "region/id/kota-bandung"],
             "properties": [{"id": "fields"}, {"id": "sectors"}, {"id": "signed"},
                            {"id": "first_signed"}, {"id": "colour"}]}  # fmt: skip
    body = client.post("/reconcile", data={"extend": json.dumps(asked)}).json()
    _schema_check("data-extension-response.json", body)
    meta = {m["id"]: m for m in body["meta"]}
    assert (
        meta["fields"]["service"]
        == meta["sectors"]["service"]
        == "http://testserver/reconcile/terms"
    )
    assert "colour" in meta and all(row["colour"] == [] for row in body["rows"].values())
    terms = client.get("/reconcile/terms").json()
    _schema_check("manifest.json", terms)
    values = [v for row in body["rows"].values() for p in ("fields", "sectors") for v in row[p]]
    assert values and all("/" not in v["id"] and ":" not in v["id"] for v in values)
    for value in values[:5]:  # each value id is found by the service meta names, as itself
        found = client.get(
            "/reconcile/terms", params={"queries": json.dumps({"q": {"query": value["id"]}})}
        ).json()
        assert found["q"]["result"][0]["id"] == value["id"] and found["q"]["result"][0]["match"]
        assert client.get("/reconcile/terms/preview", params={"id": value["id"]}).status_code == 200
    kinds = {
        next(iter(v))
        for row in body["rows"].values()
        for p in ("signed", "first_signed")
        for v in row[p]
    }
    assert kinds == {"str"}  # one type for a column of dates: ISO text to the precision known


def test_terms_are_reconciled_by_name_in_both_languages(client: TestClient) -> None:
    found = client.post("/reconcile/terms", data={"queries": json.dumps({
        "health": {"query": "kesehatan", "type": "CooperationField"},
        "disease": {"query": "infectious disease"},
        "sector": {"query": "sektor ekonomi", "type": "SecuritySector"},
    })}).json()  # fmt: skip
    assert found["health"]["result"][0]["id"] == "FieldHealth"
    assert found["disease"]["result"][0]["id"] == "InfectiousDisease"
    assert found["sector"]["result"][0]["id"] == "EconomicSector"


def test_only_previews_may_be_framed_by_another_site(client: TestClient) -> None:
    preview = client.get("/reconcile/preview", params={"id": "region/id/kota-bandung"})
    assert "frame-ancestors *" in preview.headers["content-security-policy"]
    terms = client.get("/reconcile/terms/preview", params={"id": "FieldHealth"})
    assert "frame-ancestors *" in terms.headers["content-security-policy"]
    for path in ("/", "/reconcile", "/id/region/id/kota-bandung", "/search?q=bandung"):
        assert "frame-ancestors 'none'" in client.get(path).headers["content-security-policy"], path


def test_a_costly_batch_is_bounded(client: TestClient) -> None:
    """The outside review's batch: 50 queries of 150 one-letter words with a country: each
    query is read as its first distinct words, and a query over 300 characters is refused."""
    words = " ".join("abcdefghijklmnopqrstuvwxyz"[j % 26] for j in range(150))
    batch_ = {
        f"q{i}": {"query": words, "properties": [{"pid": "country", "v": "Japan"}]}
        for i in range(50)
    }
    assert client.post("/reconcile", data={"queries": json.dumps(batch_)}).status_code == 200
    long = {"q0": {"query": "x" * 301}}
    answer = client.post("/reconcile", data={"queries": json.dumps(long)})
    assert (
        answer.status_code == 400
        and "queries.q0.query: at most 300 characters" in answer.json()["detail"]
    )


def test_a_limit_of_hundreds_of_digits_is_a_limit_like_any_other(client: TestClient) -> None:
    """A JSON integer is finite however long: it is read as a large limit (capped), not a
    500 (the outside review's 309 digits)."""
    for path, query in (("/reconcile", "Bandung"), ("/reconcile/terms", "terrorism")):
        sent = '{"q0": {"query": "%s", "limit": %s}}' % (query, "9" * 400)
        answer = client.post(path, data={"queries": sent})
        assert answer.status_code == 200, answer.text
        assert 0 < len(answer.json()["q0"]["result"]) <= 25
