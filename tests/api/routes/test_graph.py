"""``/graph``: partners, paths, rankings, communities, countries, stats."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.facts import AGREEMENTS

KID = "https://w3id.org/kembar/id/"


@pytest.fixture(scope="module")
def client(shared_client: TestClient) -> TestClient:
    return shared_client


def test_partners_with_their_agreements_paginated(client: TestClient) -> None:
    first = client.get("/graph/regions/region/id/kota-bandung/partners", params={"limit": 5}).json()
    second = client.get(
        "/graph/regions/region/id/kota-bandung/partners", params={"offset": 5, "limit": 5}
    ).json()
    assert first["total"] == second["total"] >= 10 and first["label"] == "Kota Bandung"
    names = [p["region"] for p in first["items"] + second["items"]]
    assert len(names) == len(set(names)) == 10
    everyone = client.get(
        "/graph/regions/region/id/kota-bandung/partners", params={"limit": 100}
    ).json()
    braunschweig = next(
        p for p in everyone["items"] if p["region"] == f"{KID}region/de/braunschweig"
    )
    deal = braunschweig["agreements"][0]
    assert (
        deal["signed"] == "1960-05-24"
        and deal["sources"]
        and deal["type"].endswith("SisterCityAgreement")
    )


def test_path_between_regions(client: TestClient) -> None:
    r = client.get(
        "/graph/path",
        params={"from": "region/id/kota-bandung", "to": f"{KID}region/de/braunschweig"},
    ).json()
    assert r["hops"] == 1 and r["path"][0]["label"] == "Kota Bandung"
    assert (
        client.get(
            "/graph/path", params={"from": "region/id/atlantis", "to": "region/id/kota-bandung"}
        ).status_code
        == 404
    )


def test_top_regions_by_metric_within_a_country(client: TestClient) -> None:
    r = client.get("/graph/top", params={"metric": "degree", "country": "ID", "limit": 3}).json()
    values = [i["value"] for i in r["items"]]
    assert values == sorted(values, reverse=True) and all(i["country"] == "ID" for i in r["items"])
    assert client.get("/graph/top", params={"metric": "fame"}).status_code == 422


def test_communities_countries_and_stats(client: TestClient) -> None:
    stats = client.get("/graph/stats").json()
    assert stats["agreements"] == AGREEMENTS and stats["regions"] > 150
    communities = client.get("/graph/communities").json()
    assert (
        communities["total"] >= 2
        and communities["items"][0]["size"] >= communities["items"][1]["size"]
    )
    countries = client.get("/graph/countries", params={"limit": 1}).json()["items"][0]
    assert {countries["a"], countries["b"]} == {"CN", "ID"}


def test_openapi_has_the_schemas(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert {"Partners", "Path", "Summary", "CountryTie"} <= set(schemas)


def test_claims_over_http(client: TestClient) -> None:
    r = client.get("/graph/claims", params={"lang": "id"})
    assert r.status_code == 200
    found = {c["claim"]: c for c in r.json()}
    first = found["first-indonesian-tie"]
    assert first["verdict"] == "supported" and first["statement"].startswith(
        "Kota kembar Indonesia"
    )
    assert first["figures"]["first"]["signed"] == "1960-05-24" and "SELECT" in first["sparql"]
    assert client.get("/graph/claims", params={"lang": "fr"}).status_code == 422


def test_scorecards_over_http(client: TestClient) -> None:
    page = client.get("/graph/scorecards", params={"limit": 3}).json()
    assert page["total"] >= 10 and len(page["items"]) == 3
    indices = [c["index"] for c in page["items"]]
    assert indices == sorted(indices, reverse=True)
    everyone = client.get("/graph/scorecards", params={"limit": 100}).json()["items"]
    busan = next(c for c in everyone if c["agreement"] == f"{KID}agreement/surabaya-busan")
    assert busan["effectiveness"] == "effective" and "community" in busan["stakeholders"]


def test_stats_report_assortativity(client: TestClient) -> None:
    stats = client.get("/graph/stats").json()
    assert -1 <= stats["assortativity_development"] < 0 <= stats["regions"]


def test_the_security_profile_of_a_province_a_country_and_all(client: TestClient) -> None:
    aceh = client.get("/graph/security", params={"region": "region/id/kota-banda-aceh"})
    assert aceh.status_code == 200, aceh.text
    body = aceh.json()
    assert body["ties"] == body["mapped"] + body["unmapped"] >= 1
    disaster = next(t for t in body["threats"] if t["iri"].endswith("#NaturalDisaster"))
    assert disaster["ties"] >= 1 and disaster["label"] == "natural disaster"
    japan = client.get("/graph/security", params={"country": "JP", "lang": "id"}).json()
    labels = {s["label"] for s in japan["sectors"]}
    assert "sektor ekonomi" in labels and japan["ties"] >= 10
    assert all(d["ties"] >= d["mapped"] for d in japan["by_decade"])
    everything = client.get("/graph/security").json()
    assert everything["ties"] == AGREEMENTS and everything["region"] is None
    province = client.get(
        "/graph/security", params={"region": f"{KID}region/id/provinsi-jawa-barat"}
    ).json()
    city = client.get("/graph/security", params={"region": "region/id/kota-bandung"}).json()
    assert province["ties"] > city["ties"]  # the province counts Bandung's ties too


def test_the_security_profile_refuses_what_it_cannot_answer(client: TestClient) -> None:
    assert client.get("/graph/security", params={"country": "Japan"}).status_code == 422
    assert client.get("/graph/security", params={"country": "AQ"}).status_code == 404
    both = client.get(
        "/graph/security", params={"country": "JP", "region": "region/id/kota-bandung"}
    )
    assert both.status_code == 400 and "not both" in both.json()["detail"]
    missing = client.get("/graph/security", params={"region": "region/id/kota-atlantis"})
    assert missing.status_code == 404 and "kota-atlantis" in missing.json()["detail"]


@pytest.mark.parametrize(
    "path", ["/graph/top", "/graph/communities", "/graph/countries", "/graph/scorecards"]
)
def test_an_offset_past_the_documented_bound_names_the_parameter(
    client: TestClient, path: str
) -> None:
    """Pages are skipped by at most a million items: a number of thousands of digits is
    refused naming ``offset``, not echoed back."""
    answer = client.get(path, params={"offset": "9" * 4000})
    assert answer.status_code == 422 and "offset" in answer.text
    assert client.get(path, params={"offset": 1_000_000}).status_code == 200
