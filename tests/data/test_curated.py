"""Facts of the curated graph, read back through SPARQL."""

from __future__ import annotations

from kembar.graph.store import KembarStore
from kembar.graph.store.stats import stats

KID = "https://w3id.org/kembar/id/"


def test_stats_match_the_fact_table(store: KembarStore) -> None:
    s = stats(store)
    assert s.agreements == 160
    assert s.indonesian_provinces == 38
    assert s.rules == 54
    assert s.agreements_by_type == {
        "SisterCityAgreement": 119, "SisterProvinceAgreement": 28,
        "OtherCooperation": 7, "FriendshipAgreement": 6,
    }  # fmt: skip
    assert s.partner_countries == 43  # 42 partner countries and Indonesia


def test_bandung_braunschweig_signed_1960(store: KembarStore) -> None:
    rows = store.select(
        "SELECT ?d ?c WHERE { agreement:bandung-braunschweig kmb:signedOn ?d ; kmb:countersignedOn ?c }"
    )
    assert rows == [{"d": "1960-05-24", "c": "1960-06-02"}]


def test_jakarta_partners_from_either_side(store: KembarStore) -> None:
    rows = store.select(
        f"SELECT ?p WHERE {{ <{KID}region/id/provinsi-dki-jakarta> kmb:twinnedWith ?p }}"
    )
    partners = {r["p"].removeprefix(KID + "region/") for r in rows}
    assert {"de/berlin", "nl/rotterdam", "kr/seoul", "jp/tokyo", "ps/al-quds"} <= partners
    assert len(partners) == 24
    assert store.ask(
        f"ASK {{ <{KID}region/de/berlin> kmb:twinnedWith <{KID}region/id/provinsi-dki-jakarta> }}"
    )


def test_surabaya_kaohsiung_has_a_party_in_taiwan(store: KembarStore) -> None:
    assert store.ask(
        "ASK { agreement:surabaya-kaohsiung kmb:party/kmb:country ?c . "
        '?c kmb:iso3166Alpha2 "TW" ; kmb:diplomaticStatus/kmb:relationStatus kmb:NoDiplomaticRelations }'
    )


def test_traps_are_handled(store: KembarStore) -> None:
    assert store.ask(f"ASK {{ <{KID}region/id/kota-tua-jakarta> a kmb:Locality }}")
    assert not store.ask(f"ASK {{ <{KID}region/id/kota-tua-jakarta> a kmb:LocalGovernment }}")
    for regency in ("sidoarjo", "subang", "siak", "pidie"):
        assert store.ask(
            f"ASK {{ <{KID}region/id/kabupaten-{regency}> kmb:adminLevel kmb:Kabupaten }}"
        )
    rows = store.select(f"SELECT ?a WHERE {{ ?a kmb:party <{KID}region/gb/liverpool> }}")
    assert rows == [{"a": KID + "agreement/surabaya-liverpool"}]
    assert not store.ask(f"ASK {{ <{KID}region/au/palmerston> geo:lat ?lat }}")


def test_diplomatic_dates_of_cook_islands(store: KembarStore) -> None:
    rows = store.select(
        "SELECT ?status ?from ?until WHERE { country:ck kmb:diplomaticStatus ?r . "
        "?r kmb:relationStatus ?status OPTIONAL { ?r kmb:validFrom ?from } "
        "OPTIONAL { ?r kmb:validUntil ?until } } ORDER BY ?status"
    )
    assert {(r["status"].rsplit("#")[1], r.get("from"), r.get("until")) for r in rows} == {
        ("DiplomaticRelations", "2019-07-12", None),
        ("NoDiplomaticRelations", None, "2019-07-11"),
    }


def test_every_agreement_cites_a_source(store: KembarStore) -> None:
    assert not store.ask(
        "ASK { ?a a/rdfs:subClassOf kmb:Agreement FILTER NOT EXISTS { ?a dct:source ?s } }"
    )


def test_coordinates_use_the_w3c_wgs84_vocabulary(store: KembarStore) -> None:
    # rdflib's WGS namespace spells it https://; the W3C vocabulary is http://
    rows = store.select(
        f"SELECT ?lat ?long WHERE {{ <{KID}region/id/kota-bandung> geo:lat ?lat ; geo:long ?long }}"
    )
    assert rows == [{"lat": "-6.9218", "long": "107.6071"}]
    assert not store.ask("ASK { ?s <https://www.w3.org/2003/01/geo/wgs84_pos#lat> ?o }")
