"""Every place with coordinates lies where the graph says it is.

Checked against GeoNames through ``reverse-geocode`` (a kept, offline library): the nearest
GeoNames place to each point must be in the party's country, and for an Indonesian party in
its province; and every point must lie in its country's bounding box as GeoNames' places
of that country span it. A province-level party has no point (a state's point would be some
city's), so Queensland cannot carry Brisbane's.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from kembar.graph.store import KembarStore

reverse_geocode = pytest.importorskip("reverse_geocode")

_POINTS = """
SELECT ?place ?lat ?long ?iso ?province ?level WHERE {
    ?place geo:lat ?lat ; geo:long ?long ; kmb:country/kmb:iso3166Alpha2 ?iso .
    OPTIONAL { ?place kmb:adminLevel ?level }
    OPTIONAL { ?place kmb:province/rdfs:label ?province FILTER (LANGMATCHES(LANG(?province), "en")) }
}
"""


@pytest.fixture(scope="module")
def points(store: KembarStore) -> list[dict[str, str]]:
    found = store.select(_POINTS)
    assert len(found) > 200
    return found


def _nearest(points: list[dict[str, str]]) -> list[dict[str, object]]:
    return list(reverse_geocode.search([(float(p["lat"]), float(p["long"])) for p in points]))


def test_every_point_is_in_its_country(points: list[dict[str, str]]) -> None:
    wrong = [
        (p["place"], p["iso"], n["country_code"])
        for p, n in zip(points, _nearest(points), strict=True)
        if n["country_code"] != p["iso"]
    ]
    assert wrong == []


def test_every_indonesian_point_is_in_its_province(points: list[dict[str, str]]) -> None:
    indonesian = [p for p in points if p["iso"] == "ID"]
    wrong = []
    for p, n in zip(indonesian, _nearest(indonesian), strict=True):
        state, province = str(n.get("state", "")).lower(), p["province"].lower()
        if state not in province and province.removesuffix(" province") not in state:
            wrong.append((p["place"], p["province"], state))
    assert wrong == []
    lats = [float(p["lat"]) for p in indonesian]
    longs = [float(p["long"]) for p in indonesian]
    assert -11.1 < min(lats) and max(lats) < 6.1 and 95.0 < min(longs) and max(longs) < 141.1


def test_no_province_level_party_has_a_point(store: KembarStore) -> None:
    assert not store.ask(
        "ASK { ?p kmb:adminLevel ?l FILTER (?l IN (kmb:Provinsi, kmb:ProvinceLevel)) ?p geo:lat ?x }"
    )
    assert not store.ask("ASK { ?p geo:lat ?x FILTER NOT EXISTS { ?p dct:source ?s } }")


def test_same_name_places_are_told_apart_by_country(points: list[dict[str, str]]) -> None:
    by_slug: dict[str, set[str]] = defaultdict(set)
    for p in points:
        by_slug[p["place"].rsplit("/", 1)[1]].add(p["iso"])
    shared = {slug for slug, isos in by_slug.items() if len(isos) > 1}
    for p, n in zip(points, _nearest(points), strict=True):
        if p["place"].rsplit("/", 1)[1] in shared:
            assert n["country_code"] == p["iso"], p["place"]
