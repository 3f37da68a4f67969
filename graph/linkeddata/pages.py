"""What the HTML pages show, read from the graph in the reader's language.

A page of a resource has its names, its kinds, and its statements with the labels of
properties and values in the page's language (from the ontology and the data), each
ontology term linked to its own anchor of ``/ontology``; the resources that point at it,
listed; and, by kind, what a reader of that kind of page wants first:

- a **region**: its country and province, its partners as a table (date, kind, stage,
  fields, sources), its place and its partners' places for a map, and for a province its
  ties per year;
- an **agreement**: its parties, its dates by stage, its fields once, the security sectors,
  dimensions and threats derived from them, the law it was signed under, its sources;
- a **country**: its ties with Indonesia per Indonesian province, and the places involved.

Every query binds the resource as a substitution; lists of IRIs read from the graph go into
``VALUES`` as Oxigraph-written terms.

>>> from kembar.graph.store import KembarStore
>>> page = entity_view(KembarStore(), ids.region("id", "kota-bandung"), "id")
>>> page["kind"], page["title"], any(p["partner"]["label"] == "Braunschweig" for p in page["partners"])
('region', 'Kota Bandung', True)
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from functools import cache
from importlib.resources import files
from typing import Any

import pyoxigraph as ox
from kembar.graph.linkeddata import law
from kembar.graph.linkeddata.describe import exists, local_path
from kembar.graph.store import KembarStore
from kembar.graph.store.core import AGREEMENT_KINDS, named, sparql_terms
from kembar.graph.store.stats import stage_counts
from kembar.ontology import ids
from kembar.ontology.namespace import KMB
from rdflib import RDF, RDFS, SKOS

__all__ = ["countries_view", "entity_view", "home_view", "labels_of", "vocabulary_label"]

#: Properties whose values a page shows in its own sections, not in the statements table.
_SHOWN_ELSEWHERE = {str(RDFS.label), str(SKOS.altLabel), str(RDF.type), str(KMB.securityLink)}
#: Properties a kind's own sections show, left out of its statements table.
_SECTIONS: dict[str, tuple[Any, ...]] = {
    "region": (KMB.country, KMB.province, KMB.adminLevel, ids.GEO.lat, ids.GEO.long),
    "law": (KMB.provisionScope, KMB.officialText, KMB.provisionsReadFrom, KMB.inForceFrom,
            KMB.inForceUntil),
    "rule": (KMB.requirement, KMB.remedy, KMB.basedOnProvision),
    "provision": (KMB.paraphrase, KMB.provisionOrder),
    "agreement": (
        KMB.party, KMB.cooperationField, KMB.fieldLabel, KMB.stage, KMB.citation,
        KMB.addressesSector, KMB.servesDimension, KMB.addressesThreat, KMB.raisesThreat,
        KMB.signedUnderRegime, KMB.status, KMB.signatory, KMB.evidence, KMB.signingYear,
        KMB.sourceSupport, KMB.indonesianTerm, KMB.partnerTerm,
    ),
}  # fmt: skip
#: How many incoming links a page lists.
MAX_INCOMING = 200

_OUT = """
SELECT ?this ?p ?o WHERE { ?this ?p ?o } LIMIT 2000
"""
_IN = """
SELECT DISTINCT ?this ?s ?p WHERE { ?s ?p ?this FILTER (?p != kmb:twinnedWith) } LIMIT %d
"""
#: An agreement's citations, what each page states in the reader's language (else English).
_CITATIONS = """
SELECT ?this ?lang ?c ?url ?publisher ?read ?states ?english WHERE {
    ?this kmb:citation ?c .
    OPTIONAL { ?c dct:source ?url }
    OPTIONAL { ?c dct:publisher ?own FILTER (LANG(?own) = ?lang) }
    OPTIONAL { ?c dct:publisher ?plain FILTER (LANG(?plain) = "") }
    BIND (COALESCE(?own, ?plain) AS ?publisher)
    OPTIONAL { ?c kmb:readOn ?read }
    OPTIONAL { ?c kmb:pageStates ?states FILTER (LANG(?states) = ?lang) }
    OPTIONAL { ?c kmb:pageStates ?english FILTER (LANG(?english) = "en") }
}
"""
_IN_COUNT = "SELECT ?this (COUNT(*) AS ?n) WHERE { ?s ?p ?this } GROUP BY ?this"
_LABELS = """
SELECT ?s ?l WHERE {
    VALUES ?s { %s }
    { ?s rdfs:label ?l } UNION { ?s skos:prefLabel ?l }
}
"""
_PARTNERS = """
SELECT ?this ?agreement ?type ?partner ?country ?signed ?year ?status ?stageKind ?stageDate
       ?field ?source ?plat ?plong WHERE {
    ?agreement kmb:party ?this , ?partner .
    FILTER (?partner != ?this)
    ?agreement a ?type . AGREEMENT_KINDS
    OPTIONAL { ?partner kmb:country ?country }
    OPTIONAL { ?agreement kmb:signedOn ?signed }
    OPTIONAL { ?agreement kmb:signingYear ?year }
    OPTIONAL { ?agreement kmb:status ?status }
    OPTIONAL { ?agreement kmb:stage [ kmb:stageKind ?stageKind ; kmb:stageDate ?stageDate ] }
    OPTIONAL { ?agreement kmb:cooperationField ?field }
    OPTIONAL { ?agreement kmb:citation/dct:source ?source }
    OPTIONAL { { ?partner geo:lat ?plat ; geo:long ?plong } UNION { ?partner geo:location ?partner_at . ?partner_at geo:lat ?plat ; geo:long ?plong } }
}
""".replace("AGREEMENT_KINDS", AGREEMENT_KINDS)
#: Where a region without a point of its own is drawn (a province: its capital).
_LOCATION = """
SELECT ?this ?at ?lat ?long WHERE { ?this geo:location ?at . ?at geo:lat ?lat ; geo:long ?long }
LIMIT 1
"""
#: The ties of the regencies and cities of a province (kerja sama kabupaten/kota di wilayahnya),
#: with both ends' points.
_WITHIN = """
SELECT ?this ?agreement ?member ?partner ?mlat ?mlong ?plat ?plong WHERE {
    ?member kmb:province ?this .
    FILTER (?member != ?this)
    ?agreement kmb:party ?member , ?partner .
    FILTER (?partner != ?member)
    ?agreement a ?type . AGREEMENT_KINDS
    OPTIONAL { { ?member geo:lat ?mlat ; geo:long ?mlong } UNION { ?member geo:location ?member_at . ?member_at geo:lat ?mlat ; geo:long ?mlong } }
    OPTIONAL { { ?partner geo:lat ?plat ; geo:long ?plong } UNION { ?partner geo:location ?partner_at . ?partner_at geo:lat ?plat ; geo:long ?plong } }
}
""".replace("AGREEMENT_KINDS", AGREEMENT_KINDS)
_PROVINCE_YEARS = """
SELECT DISTINCT ?this ?agreement ?year WHERE {
    ?member kmb:province ?this .
    ?agreement kmb:party ?member ; kmb:signingYear ?year .
}
"""
_COUNTRY_TIES = """
SELECT ?this ?indonesia ?agreement ?local ?province ?partner ?year WHERE {
    ?partner kmb:country ?this .
    ?agreement kmb:party ?partner , ?local .
    ?local kmb:country ?indonesia ; kmb:province ?province .
    OPTIONAL { ?agreement kmb:signingYear ?year }
}
"""
_PLACES = """
SELECT ?s ?lat ?long WHERE { VALUES ?s { %s } { ?s geo:lat ?lat ; geo:long ?long } UNION { ?s geo:location ?at . ?at geo:lat ?lat ; geo:long ?long } }
"""
_HOME_COUNTS = """
SELECT
  (COUNT(DISTINCT ?agreement) AS ?agreements)
  (COUNT(DISTINCT ?region) AS ?regions)
  (COUNT(DISTINCT ?country) AS ?countries)
  (COUNT(DISTINCT ?province) AS ?provinces)
WHERE {
  ?agreement a kmb:Agreement ; kmb:party ?region .
  OPTIONAL { ?region kmb:country ?country }
  OPTIONAL { ?region kmb:province ?province }
}
"""
_HOME_LAW = """
SELECT (COUNT(DISTINCT ?law) AS ?laws) (COUNT(DISTINCT ?rule) AS ?rules) WHERE {
  { ?law a kmb:LegalInstrument } UNION { ?rule a kmb:Rule }
}
"""
_NEWEST = """
SELECT ?agreement (MAX(?date) AS ?latest) WHERE {
  ?agreement a kmb:Agreement .
  { ?agreement kmb:signedOn ?date } UNION { ?agreement kmb:stage/kmb:stageDate ?date }
  FILTER (DATATYPE(?date) = xsd:date)
} GROUP BY ?agreement ORDER BY DESC(?latest) LIMIT 8
"""


def _one(term: ox.NamedNode) -> dict[str, ox.NamedNode]:
    return {"this": term}


def labels_of(store: KembarStore, iris: set[str]) -> dict[str, dict[str, str]]:
    """The labels of *iris* by language (``rdfs:label`` and ``skos:prefLabel``).

    Parameters
    ----------
    store : KembarStore
        The store.
    iris : set of str
        The resources.

    Returns
    -------
    dict of str to dict of str to str
        IRI -> language tag ('' for none) -> label.
    """
    found: dict[str, dict[str, str]] = {}
    nodes = sorted(iris)
    for start in range(0, len(nodes), 500):
        terms = sparql_terms(named(iri) for iri in nodes[start : start + 500])
        result = store.query(_LABELS % terms)
        assert isinstance(result, ox.QuerySolutions)
        for row in result:
            label = row["l"]
            if isinstance(label, ox.Literal):
                found.setdefault(row["s"].value, {}).setdefault(label.language or "", label.value)
    return found


class _Namer:
    """Labels a page's IRIs in its language, ontology terms linked to their anchors."""

    def __init__(self, store: KembarStore, lang: str) -> None:
        self.store, self.lang = store, lang
        self.known: dict[str, dict[str, str]] = {}

    def learn(self, iris: set[str]) -> None:
        missing = {i for i in iris if i not in self.known and i.startswith(("http", "urn"))}
        if missing:
            self.known.update(labels_of(self.store, missing))
            for iri in missing:
                self.known.setdefault(iri, {})

    def label(self, iri: str) -> str:
        names = self.known.get(iri, {}) or vocabulary_label(iri)
        text = names.get(self.lang) or names.get("en") or names.get("id") or names.get("")
        return text or _unnamed(iri, self.lang)

    def href(self, iri: str) -> str:
        if iri.startswith(str(KMB)):
            return f"/ontology#{iri[len(str(KMB)) :]}"
        return local_path(iri) or iri

    def link(self, iri: str) -> dict[str, str]:
        return {"iri": iri, "label": self.label(iri), "href": self.href(iri)}


@cache
def _vocabulary() -> dict[str, dict[str, str]]:
    """Labels in English and Indonesian of the W3C and other vocabularies' terms the pages
    show (``vocabulary.csv``): ``dct:source`` is "source" / "sumber", never its prefixed name."""
    text = (files(__package__) / "vocabulary.csv").read_text(encoding="utf-8")
    return {
        row["iri"]: {"en": row["en"], "id": row["id"]} for row in csv.DictReader(io.StringIO(text))
    }


def vocabulary_label(iri: str) -> dict[str, str]:
    """The labels of another vocabulary's term by language, or {} when it has none."""
    return _vocabulary().get(iri, {})


def _unnamed(iri: str, lang: str) -> str:
    """What a page calls a resource without a label: a shape by its local name, Kembar's own
    resources by the last part of their path, anything else by its whole IRI."""
    if iri.startswith(str(ids.SHAPES)):
        return f"{translate_word('SHACL shape', lang)} {iri[len(str(ids.SHAPES)) :]}"
    local = local_path(iri)
    return local.rsplit("/", 1)[-1] if local else iri


#: Words the namer needs where a resource has no label of its own.
_WORDS = {"SHACL shape": {"en": "SHACL shape", "id": "bentuk SHACL"},
          "unnamed node": {"en": "(an unnamed node)", "id": "(simpul tanpa nama)"},
          "true": {"en": "yes", "id": "ya"}, "false": {"en": "no", "id": "tidak"}}  # fmt: skip


def translate_word(word: str, lang: str) -> str:
    """One of :data:`_WORDS` in *lang*."""
    return _WORDS[word].get(lang) or _WORDS[word]["en"]


def _value(term: Any, namer: _Namer) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return namer.link(term.value)
    if isinstance(term, ox.Literal):
        kind = term.datatype.value.rsplit("#", 1)[-1]
        is_link = term.value.startswith(("http://", "https://")) and " " not in term.value
        label = term.value
        if kind == "boolean":
            label = translate_word("true" if term.value in ("true", "1") else "false", namer.lang)
        return {
            "label": label,
            "lang": term.language or "",
            "date": term.value if kind in ("date", "gYearMonth") else "",
            "href": term.value if is_link else None,
        }
    return {"label": translate_word("unnamed node", namer.lang), "href": None}


def entity_view(store: KembarStore, iri: str, lang: str = "en") -> dict[str, Any] | None:
    """The page of *iri* in *lang*, or None when the graph says nothing about it.

    Parameters
    ----------
    store : KembarStore
        The store.
    iri : str
        The resource.
    lang : str, optional
        The page's language (``en`` or ``id``).

    Returns
    -------
    dict or None
        ``kind``, ``title``, ``labels``, ``types``, ``facts`` (property, values),
        ``incoming`` and ``incoming_total``, and the kind's own sections.
    """
    if not exists(store, str(iri)):  # what is not an IRI is not in the graph either
        return None
    this = named(str(iri))
    result = store.query(_OUT, substitutions=_one(this))
    assert isinstance(result, ox.QuerySolutions)
    out = [(row["p"], row["o"]) for row in result]
    namer = _Namer(store, lang)
    incoming_rows = store.query(_IN % MAX_INCOMING, substitutions=_one(this))
    assert isinstance(incoming_rows, ox.QuerySolutions)
    incoming = [(row["s"], row["p"]) for row in incoming_rows]
    total = store.select(_IN_COUNT, _one(this))
    namer.learn(
        {str(iri)}
        | {p.value for p, _ in out}
        | {o.value for _, o in out if isinstance(o, ox.NamedNode)}
        | {s.value for s, _ in incoming if isinstance(s, ox.NamedNode)}
        | {p.value for _, p in incoming}
    )
    names: dict[str, list[str]] = defaultdict(list)
    alt: list[str] = []
    types: list[str] = []
    facts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p, o in out:
        if p.value == str(RDFS.label) and isinstance(o, ox.Literal):
            names[o.language or ""].append(o.value)
        elif p.value == str(SKOS.altLabel) and isinstance(o, ox.Literal):
            alt.append(o.value)
        elif p.value == str(RDF.type):
            types.append(o.value)
        if p.value not in _SHOWN_ELSEWHERE:
            facts[p.value].append(_value(o, namer))
    labels = {tag: min(values) for tag, values in names.items()}
    title = labels.get(lang) or labels.get("en") or labels.get("id") or labels.get("") or iri
    kmb_types = {t for t in types if t.startswith(str(KMB))}
    page: dict[str, Any] = {
        "iri": str(iri),
        "title": title,
        "labels": labels,
        "alt_labels": sorted(set(alt) - set(labels.values())),
        "types": [namer.link(t) for t in sorted(set(types), key=namer.label)],
        "facts": [
            {
                "property": namer.link(p),
                "values": sorted(_in_language(v, lang), key=lambda x: str(x["label"])),
            }
            for p, v in sorted(facts.items(), key=lambda item: namer.label(item[0]).lower())
        ],
        "incoming": [
            {"subject": _value(s, namer), "property": namer.link(p.value)}
            for s, p in sorted(incoming, key=lambda sp: (sp[1].value, str(sp[0])))
        ],
        "incoming_total": int(total[0]["n"]) if total else 0,
        "kind": "resource",
    }
    if kmb_types & {str(KMB.LocalGovernment), str(KMB.Locality)}:
        _region(store, this, namer, page)
    elif str(KMB.Agreement) in kmb_types:
        _agreement(store, this, namer, page)
    elif str(KMB.Country) in kmb_types:
        _country(store, this, namer, page)
    elif str(KMB.LegalInstrument) in kmb_types:
        page["kind"] = "law"
        page["law"] = law.instrument_section(store, str(iri), lang)
        namer.learn({c["iri"] for c in page["law"]["changes"]})
        for change in page["law"]["changes"]:
            change.update(namer.link(change["iri"]))
    elif str(KMB.Rule) in kmb_types:
        page["kind"] = "rule"
        page["rule"] = law.rule_section(store, str(iri), lang)
        namer.learn({page["rule"]["severity"]} - {""})
        if page["rule"]["severity"]:
            page["rule"]["severity_label"] = namer.label(page["rule"]["severity"])
    elif str(ids.ELI.LegalResourceSubdivision) in types:
        page["kind"] = "provision"
        page["provision"] = law.provision_section(store, str(iri), lang)
    shown = {str(p) for p in _SECTIONS.get(page["kind"], ())}
    page["facts"] = [f for f in page["facts"] if f["property"]["iri"] not in shown]
    return page


def _in_language(values: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """*values* without the texts in the other language, when the page's own is among them
    (a label or definition is shown once, in the reader's language)."""
    tagged = {v.get("lang") for v in values if v.get("lang")}
    if lang in tagged:
        return [v for v in values if not v.get("lang") or v["lang"] == lang]
    return values


def _point(lat: str | None, long: str | None) -> list[float] | None:
    try:
        return [float(long), float(lat)] if lat and long else None
    except ValueError:
        return None


def _facts(page: dict[str, Any], prop: Any) -> list[dict[str, Any]]:
    return next((f["values"] for f in page["facts"] if f["property"]["iri"] == str(prop)), [])


def _first(values: list[dict[str, Any]]) -> dict[str, Any] | None:
    return values[0] if values else None


def _region(store: KembarStore, this: ox.NamedNode, namer: _Namer, page: dict[str, Any]) -> None:
    page["kind"] = "region"
    page["country"] = _first(_facts(page, KMB.country))
    province = _first(_facts(page, KMB.province))
    page["province"] = province if province and province["iri"] != this.value else None
    page["level"] = _first(_facts(page, KMB.adminLevel))
    lat, long = (_facts(page, ids.GEO.lat) or [{}])[0], (_facts(page, ids.GEO.long) or [{}])[0]
    page["point"] = _point(lat.get("label"), long.get("label"))
    page["drawn_at"] = None
    if page["point"] is None:  # a province: drawn at its capital's point (geo:location)
        for row in store.select(_LOCATION, _one(this)):
            page["point"] = _point(row["lat"], row["long"])
            namer.learn({row["at"]})
            page["drawn_at"] = namer.link(row["at"])
    rows = store.select(_PARTNERS, _one(this))
    namer.learn({r[k] for r in rows for k in ("agreement", "type", "partner", "country",
                                               "status", "stageKind", "field") if r.get(k)})  # fmt: skip
    ties: dict[str, dict[str, Any]] = {}
    for r in rows:
        tie = ties.setdefault(r["agreement"], {
            "agreement": namer.link(r["agreement"]), "kind": namer.link(r["type"]),
            "partner": namer.link(r["partner"]),
            "country": namer.link(r["country"]) if r.get("country") else None,
            "signed": r.get("signed") or r.get("year") or "", "status": None, "stages": {},
            "fields": set(), "sources": set(), "point": _point(r.get("plat"), r.get("plong")),
        })  # fmt: skip
        if r.get("status"):
            tie["status"] = namer.link(r["status"])
        if r.get("stageKind"):
            tie["stages"][r["stageKind"]] = r["stageDate"]
        if r.get("field"):
            tie["fields"].add(namer.label(r["field"]))
        if r.get("source"):
            tie["sources"].add(r["source"])
    partners = []
    for tie in ties.values():
        latest = max(tie.pop("stages").items(), key=lambda kv: kv[1], default=None)
        tie["stage"] = {**namer.link(latest[0]), "date": latest[1]} if latest else None
        tie["fields"] = sorted(tie["fields"])
        tie["sources"] = sorted(tie["sources"])
        partners.append(tie)
    page["partners"] = sorted(
        partners, key=lambda t: (str(t["signed"]) or "9999", t["partner"]["label"])
    )
    within: list[dict[str, Any]] = []
    if page["level"] and page["level"]["iri"] == str(KMB.Provinsi):
        years = Counter(int(r["year"]) for r in store.select(_PROVINCE_YEARS, _one(this)))
        page["years"] = sorted(years.items())
        within = _within(store, this, namer)
    page["within"] = within
    own = [t for t in page["partners"] if t["point"]]
    page["map"] = {
        "home": {"name": page["title"], "value": page["point"]} if page["point"] else None,
        "partners": [
            {"name": t["partner"]["label"], "value": t["point"], "href": t["partner"]["href"]}
            for t in own
        ] if page["point"] else [],
        "within": [
            {"name": f"{t['local']['label']} – {t['partner']['label']}", "href": t["agreement"]["href"],
             "coords": [t["from"], t["to"]]}
            for t in within if t["from"] and t["to"]
        ],
    }  # fmt: skip
    # what the map leaves out, and why: a tie is drawn only when both its ends have a point
    page["on_map"] = {
        "own": len(page["map"]["partners"]), "own_total": len(page["partners"]),
        "within": len(page["map"]["within"]), "within_total": len(within),
        "home_missing": not page["point"],
    }  # fmt: skip


def _within(store: KembarStore, this: ox.NamedNode, namer: _Namer) -> list[dict[str, Any]]:
    """The ties of a province's regencies and cities, one per agreement, with their points."""
    rows = store.select(_WITHIN, _one(this))
    namer.learn({r[k] for r in rows for k in ("agreement", "member", "partner")})
    found: dict[str, dict[str, Any]] = {}
    for r in rows:
        found.setdefault(r["agreement"], {
            "agreement": namer.link(r["agreement"]), "local": namer.link(r["member"]),
            "partner": namer.link(r["partner"]),
            "from": _point(r.get("mlat"), r.get("mlong")), "to": _point(r.get("plat"), r.get("plong")),
        })  # fmt: skip
    return sorted(found.values(), key=lambda t: (t["local"]["label"], t["partner"]["label"]))


def _agreement(store: KembarStore, this: ox.NamedNode, namer: _Namer, page: dict[str, Any]) -> None:
    page["kind"] = "agreement"
    parties = [v for v in _facts(page, KMB.party)]
    places = (
        store.select(_PLACES % sparql_terms(named(p["iri"]) for p in parties)) if parties else []
    )
    points = {r["s"]: _point(r["lat"], r["long"]) for r in places}
    page["parties"] = [{**p, "point": points.get(p["iri"])} for p in parties]
    stages = store.select(
        "SELECT ?this ?kind ?date ?source ?who WHERE { ?this kmb:stage ?s . ?s kmb:stageKind ?kind . "
        "OPTIONAL { ?s kmb:stageDate ?date } OPTIONAL { ?s dct:source ?source } "
        "OPTIONAL { ?s kmb:accordingTo ?who } }",
        _one(this),
    )
    namer.learn({r["kind"] for r in stages} | {r["who"] for r in stages if r.get("who")})
    by_stage: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in stages:
        slot = (r["kind"], r.get("date", ""), r.get("who", ""))
        by_stage[slot].update([r["source"]] if r.get("source") else [])
    page["stages"] = [
        {**namer.link(kind), "date": date, "sources": sorted(sources),
         "according_to": namer.link(who) if who else None}
        for (kind, date, who), sources in sorted(by_stage.items(), key=lambda kv: kv[0][1] or "9999")
    ]  # fmt: skip
    citations = store.select(_CITATIONS, {"this": this, "lang": ox.Literal(namer.lang)})
    page["citations"] = sorted(
        (
            {**{k: r.get(k, "") for k in ("c", "url", "publisher", "read")},
             "states": r.get("states") or r.get("english", ""),
             "states_lang": namer.lang if r.get("states") else "en"}
            for r in citations
        ),
        key=lambda c: c["c"],
    )  # fmt: skip
    for key, prop in (
        ("fields", KMB.cooperationField), ("sectors", KMB.addressesSector),
        ("dimensions", KMB.servesDimension), ("threats", KMB.addressesThreat),
        ("raises", KMB.raisesThreat), ("regime", KMB.signedUnderRegime),
        ("status", KMB.status), ("signatories", KMB.signatory), ("evidence", KMB.evidence),
        ("support", KMB.sourceSupport), ("indonesian_term", KMB.indonesianTerm),
        ("partner_term", KMB.partnerTerm),
    ):  # fmt: skip
        page[key] = _facts(page, prop)
    page["weak"] = any(v.get("iri") == str(KMB.SupportWeak) for v in page["support"])
    ends = [p for p in page["parties"] if p["point"]]
    page["map"] = {
        "home": None,
        "partners": [{"name": p["label"], "value": p["point"], "href": p["href"]} for p in ends],
        # the tie itself: the one line an agreement's map draws
        "lines": [{"coords": [ends[0]["point"], ends[1]["point"]]}] if len(ends) == 2 else [],
    }  # fmt: skip


def _country(store: KembarStore, this: ox.NamedNode, namer: _Namer, page: dict[str, Any]) -> None:
    page["kind"] = "country"
    rows = store.select(_COUNTRY_TIES, {"this": this, "indonesia": named(ids.country("ID"))})
    namer.learn({r[k] for r in rows for k in ("agreement", "local", "province", "partner")})
    per_province: Counter[str] = Counter()
    seen: set[str] = set()
    ties = []
    for r in sorted(rows, key=lambda r: (r.get("year", "9999"), r["agreement"])):
        if r["agreement"] in seen:
            continue
        seen.add(r["agreement"])
        per_province[r["province"]] += 1
        ties.append(
            {
                "agreement": namer.link(r["agreement"]),
                "local": namer.link(r["local"]),
                "partner": namer.link(r["partner"]),
                "year": r.get("year", ""),
            }
        )
    page["ties"] = ties
    page["provinces"] = [{**namer.link(p), "count": n} for p, n in per_province.most_common()]


def home_view(store: KembarStore, lang: str = "en") -> dict[str, Any]:
    """What the home page shows: counts of the graph and the newest agreements, computed
    once per store version and language (a worker keeps them: at world scale the counts
    take a second).

    Parameters
    ----------
    store : KembarStore
        The store.
    lang : str, optional
        The language of the labels.

    Returns
    -------
    dict
        ``counts`` (agreements, regions, countries, provinces, laws, rules) and ``newest``
        (agreement link and date).
    """
    return store.memo(("home", lang), lambda: _home(store, lang))


def _home(store: KembarStore, lang: str) -> dict[str, Any]:
    counts = {k: int(v) for k, v in (store.select(_HOME_COUNTS) or [{}])[0].items()}
    counts.update({k: int(v) for k, v in (store.select(_HOME_LAW) or [{}])[0].items()})
    stages = stage_counts(store)
    counts.update(ties=stages["ties"], agreements=stages["agreements"], proposed=stages["proposed"])
    newest = store.select(_NEWEST)
    namer = _Namer(store, lang)
    namer.learn({r["agreement"] for r in newest})
    return {
        "counts": counts,
        "newest": [{**namer.link(r["agreement"]), "date": r["latest"]} for r in newest],
    }


_COUNTRIES = """
SELECT ?code ?label WHERE {
    ?country a kmb:Country ; kmb:iso3166Alpha2 ?code ; rdfs:label ?label .
}
"""


def countries_view(store: KembarStore, lang: str = "en") -> list[dict[str, str]]:
    """Every country with an ISO 3166-1 code, named in *lang*: the form's choices.

    Parameters
    ----------
    store : KembarStore
        The store.
    lang : str, optional
        The language of the names.

    Returns
    -------
    list of dict
        ``code`` and ``label``, by label.
    """
    names: dict[str, dict[str, str]] = {}
    result = store.query(_COUNTRIES)
    assert isinstance(result, ox.QuerySolutions)
    for row in result:
        label = row["label"]
        tag = label.language if isinstance(label, ox.Literal) else ""
        names.setdefault(row["code"].value, {})[tag or ""] = label.value
    found = [
        {"code": code, "label": n.get(lang) or n.get("en") or next(iter(n.values()))}
        for code, n in names.items()
    ]
    return sorted(found, key=lambda c: c["label"])
