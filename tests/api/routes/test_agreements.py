"""``/agreements``: writes with a bearer token, validated, with provenance; the rest read-only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from kembar.api.main import create_app
from kembar.api.settings import Settings
from kembar.graph.validation.submission import parse_submission
from kembar.ontology import ids
from kembar.ontology.ids import CONTEXT_IRI
from kembar.ontology.namespace import KMB
from pydantic import SecretStr
from rdflib import PROV, Graph, URIRef

TOKEN = {"Authorization": "Bearer s3cret-token"}
MALANG_IPSWICH = {
    "format": "kembar-agreement/1",
    "form": "sister_city",
    "indonesian_party": {"name": "Kota Malang", "level": "kota", "province": "Jawa Timur"},
    "foreign_party": {"name": "Ipswich", "country": "GB", "level": "municipal_level"},
}
TAIWAN = {**MALANG_IPSWICH, "foreign_party": {"name": "Tainan", "country": "TW",
                                              "level": "municipal_level"}}  # fmt: skip
ADDED = ids.agreement("kota-malang-ipswich")


def _settings(store: Path | None = None) -> Settings:
    return Settings(store=store, query_workers=1, task_workers=1, write_token=SecretStr("s3cret-token"),
                    write_agent="Kemendagri desk")  # fmt: skip


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(_settings())) as c:
        yield c


def _ask(client: TestClient, query: str) -> bool:
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 200, r.text
    return bool(r.json()["boolean"])


@pytest.mark.slow
def test_without_the_right_token_nothing_is_written(client: TestClient) -> None:
    missing = client.post("/agreements", json=MALANG_IPSWICH)
    assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Bearer")
    wrong = client.post("/agreements", json=MALANG_IPSWICH, headers={"Authorization": "Bearer no"})
    assert wrong.status_code == 403 and wrong.headers["content-type"] == "application/problem+json"
    assert client.delete("/agreements/bandung-braunschweig").status_code == 401
    with TestClient(create_app(Settings(store=None, query_workers=1, task_workers=1))) as closed:
        assert closed.post("/agreements", json=MALANG_IPSWICH, headers=TOKEN).status_code == 403
    assert not _ask(client, f"ASK {{ <{ADDED}> ?p ?o }}")


def test_a_conforming_agreement_is_added_with_provenance_then_removed(client: TestClient) -> None:
    before = client.get("/health").json()["triples"]
    r = client.post("/agreements", json=MALANG_IPSWICH, headers=TOKEN)
    assert r.status_code == 201, r.text
    assert r.headers["location"] == "/id/agreement/kota-malang-ipswich"
    assert r.json()["added"] == str(ADDED) and r.json()["conforms"] is True
    # the query workers see it (they were renewed): shaped like a curated agreement, its
    # source the submitted document, kept as its own resource with who sent it and when
    assert _ask(
        client,
        f"""ASK {{ <{ADDED}> a kmb:SisterCityAgreement , kmb:Agreement ;
        kmb:party ?malang , ?ipswich ; kmb:evidence kmb:SubmittedRecord ;
        dct:source ?record ; prov:wasDerivedFrom ?record .
        ?record a kmb:Submission ; dct:creator "Kemendagri desk" ;
        prov:generatedAtTime ?when ; kmb:submittedDocument ?doc .
        ?malang kmb:province idr:provinsi-jawa-timur ; kmb:adminLevel kmb:Kota .
        ?ipswich kmb:country country:gb ; kmb:twinnedWith ?malang }}""",
    )
    # nothing of the form stays on the agreement: no blank party nodes, no kmb:Submission
    assert not _ask(client, f"ASK {{ <{ADDED}> kmb:indonesianParty ?p }}")
    assert not _ask(client, f"ASK {{ <{ADDED}> a kmb:Submission }}")
    page = client.get("/id/agreement/kota-malang-ipswich", headers={"Accept": "text/turtle"})
    assert page.status_code == 200
    described = Graph().parse(data=page.text, format="turtle")
    assert (
        URIRef(ADDED),
        PROV.wasDerivedFrom,
        ids.instance("submission/kota-malang-ipswich"),
    ) in described
    record = client.get("/id/submission/kota-malang-ipswich", headers={"Accept": "text/turtle"})
    assert record.status_code == 200 and "Kemendagri desk" in record.text
    assert client.post("/agreements", json=MALANG_IPSWICH, headers=TOKEN).status_code == 409

    assert client.delete("/agreements/kota-malang-ipswich", headers=TOKEN).status_code == 204
    assert not _ask(client, f"ASK {{ <{ADDED}> ?p ?o }}")
    assert client.get("/health").json()["triples"] == before
    assert client.delete("/agreements/kota-malang-ipswich", headers=TOKEN).status_code == 404
    assert client.delete("/agreements/x%3E%20%3Fs", headers=TOKEN).status_code == 422
    curated = client.delete("/agreements/bandung-braunschweig", headers=TOKEN)
    assert curated.status_code == 409 and "curated" in curated.json()["detail"]


@pytest.mark.slow
def test_a_rejected_submission_changes_nothing(client: TestClient) -> None:
    before = client.get("/health").json()["triples"]
    r = client.post("/agreements", json=TAIWAN, headers=TOKEN)
    assert r.status_code == 422 and r.json()["added"] is None
    assert "R04" in {f["rule"] for f in r.json()["results"]}
    bad = client.post("/agreements", json={**MALANG_IPSWICH, "form": "marriage"}, headers=TOKEN)
    assert bad.status_code == 422 and bad.json()["errors"][0]["path"] == "form"
    huge = client.post("/agreements", content=b"{" + b" " * 1_100_000 + b"}", headers={
        **TOKEN, "content-type": "application/json"})  # fmt: skip
    assert huge.status_code == 413
    assert client.get("/health").json()["triples"] == before
    assert not _ask(client, 'ASK { ?a kmb:party ?p . ?p rdfs:label "Tainan" }')


@pytest.mark.slow
def test_writes_reach_the_workers_of_an_on_disk_store(tmp_path: Path) -> None:
    """The query workers read an on-disk store of their own (read-only): a write reaches
    them, the submitted document with it. (A restarted server's data is tried on real
    processes, as an operator restarts one: ``tests/api/test_faults.py``.)"""
    with TestClient(create_app(_settings(store=tmp_path / "store"))) as client:
        assert client.post("/agreements", json=MALANG_IPSWICH, headers=TOKEN).status_code == 201
        assert _ask(client, f"ASK {{ <{ADDED}> kmb:party ?p }}")
        rows = client.get("/sparql", params={"query": f"SELECT ?doc WHERE {{ <{ADDED}> prov:wasDerivedFrom/kmb:submittedDocument ?doc }}"})  # fmt: skip
        doc = rows.json()["results"]["bindings"][0]["doc"]["value"]
        assert json.loads(doc)["foreign_party"]["name"] == "Ipswich"


@pytest.mark.slow  # five writes and deletes through the app, 5 s: make test
def test_writes_never_edit_curated_places_and_delete_only_their_own(client: TestClient) -> None:
    """A name differing from a curated label only by case is the curated place, used as it
    is (no statement added to it); deleting one submitted agreement leaves the regions
    another still names; a submission cannot state what the format cannot say; a name with
    no letters or digits is refused."""
    shouting = {**MALANG_IPSWICH, "indonesian_party": {"name": "KOTA BANDUNG", "level": "kota",
                                                         "province": "Jawa Barat"},
                "foreign_party": {"name": "Ipswich", "country": "GB", "level": "municipal_level"}}  # fmt: skip
    first = client.post("/agreements", json=shouting, headers=TOKEN)
    assert first.status_code == 201, first.text
    slug_first = first.headers["location"].rsplit("/", 1)[1]
    regions = "https://w3id.org/kembar/graph/submission-regions"
    bandung = "https://w3id.org/kembar/id/region/id/kota-bandung"
    assert not _ask(client, f"ASK {{ GRAPH <{regions}> {{ <{bandung}> ?p ?o }} }}")
    assert not _ask(client, f'ASK {{ <{bandung}> ?p "KOTA BANDUNG"@en }}')
    second = client.post("/agreements", json=MALANG_IPSWICH, headers=TOKEN)
    assert second.status_code == 201, second.text
    ipswich = "https://w3id.org/kembar/id/region/gb/ipswich"
    assert client.delete(f"/agreements/{slug_first}", headers=TOKEN).status_code == 204
    assert _ask(client, f"ASK {{ GRAPH <{regions}> {{ <{ipswich}> ?p ?o }} }}")  # still named
    assert client.delete("/agreements/kota-malang-ipswich", headers=TOKEN).status_code == 204
    assert not _ask(client, f"ASK {{ GRAPH <{regions}> {{ <{ipswich}> ?p ?o }} }}")

    claims = {**MALANG_IPSWICH, "@context": "https://w3id.org/kembar/context.jsonld",
              "http://www.w3.org/2002/07/owl#sameAs": {"@id": bandung}}  # fmt: skip
    refused = client.post("/agreements", content=json.dumps(claims), headers={
        **TOKEN, "Content-Type": "application/ld+json"})  # fmt: skip
    assert refused.status_code == 422 and "owl#sameAs" in refused.text
    assert not _ask(client, f"ASK {{ <{ADDED}> ?p ?o }}")
    nameless = {**MALANG_IPSWICH, "foreign_party": {"name": "!!!", "country": "GB",
                                                    "level": "municipal_level"}}  # fmt: skip
    empty = client.post("/agreements", json=nameless, headers=TOKEN)
    assert empty.status_code == 422
    assert not _ask(client, "ASK { ?a a kmb:Agreement FILTER (STRENDS(STR(?a), '-')) }")


@pytest.mark.slow
def test_a_blank_node_label_from_a_query_names_no_node_of_the_store(tmp_path: Path) -> None:
    """Blank node labels are the document's own: a submission that reuses the label of a
    curated blank node (a query on an on-disk store shows the store's own) adds nothing to
    that node, in JSON-LD or in Turtle."""
    target = "https://w3id.org/kembar/ontology#linkTarget"
    planted = f"ASK {{ ?a kmb:securityLink ?l . ?l <{target}> <urn:planted> }}"
    with TestClient(create_app(_settings(store=tmp_path / "store"))) as client:
        query = "SELECT ?l WHERE { ?a kmb:securityLink ?l } LIMIT 1"
        label = client.get("/sparql", params={"query": query}).json()["results"]["bindings"][0]
        party = {**MALANG_IPSWICH["indonesian_party"], "@id": f"_:{label['l']['value']}",
                 target: {"@id": "urn:planted"}}  # fmt: skip
        jsonld = {**MALANG_IPSWICH, "@context": str(CONTEXT_IRI), "indonesian_party": party}
        sent = client.post("/agreements", content=json.dumps(jsonld),
                           headers={**TOKEN, "Content-Type": "application/ld+json"})  # fmt: skip
        assert sent.status_code == 201, sent.text  # the party may say more of itself
        assert not _ask(client, planted)
        assert client.delete("/agreements/kota-malang-ipswich", headers=TOKEN).status_code == 204

        graph = parse_submission(json.dumps(jsonld).encode(), "x.jsonld").graph
        node = graph.value(None, KMB.indonesianParty)
        turtle = graph.serialize(format="nt").replace(f"_:{node} ", f"_:{label['l']['value']} ")
        sent = client.post("/agreements", content=turtle.encode(),
                           headers={**TOKEN, "Content-Type": "text/turtle"})  # fmt: skip
        assert sent.status_code == 201, sent.text
        assert not _ask(client, planted)
