"""The law as pages and figures: an instrument with its provision table, a rule with the
provisions it enforces, a provision with its parts and rules, and the coverage of each
instrument (provisions checked by rules / not machine-checkable / listed).

The provisions come from ``data/provisions.ttl`` (:mod:`kembar.graph.ingest.law`): ELI
subdivisions of their instrument, each paraphrased in both languages, checked by the rules
that point to it with ``kmb:basedOnProvision`` or marked ``kmb:notCheckable`` with a reason.

>>> from kembar.graph.store import KembarStore
>>> rows = {r["instrument"]: r for r in coverage(KembarStore())}
>>> pp = rows["https://w3id.org/kembar/id/law/pp-28-2018"]
>>> pp["checked"] + pp["not_checkable"] == pp["listed"] > 100
True
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from kembar.graph.store import KembarStore
from kembar.graph.store.core import named

__all__ = [
    "coverage", "instrument_section", "provision_section", "rule_ids_of", "rule_section",
    "unbased_rules",
]  # fmt: skip

_COVERAGE = """
SELECT ?instrument ?label ?lang
       (COUNT(DISTINCT ?p) AS ?listed) (COUNT(DISTINCT ?checked) AS ?checked)
       (COUNT(DISTINCT ?uncheckable) AS ?not_checkable) WHERE {
    ?instrument a kmb:LegalInstrument ; kmb:provisionScope ?scope .
    FILTER (LANG(?scope) = "en")
    OPTIONAL { ?instrument rdfs:label ?label FILTER (LANG(?label) = ?lang) }
    OPTIONAL {
        ?p kmb:paraphrase ?text ; kmb:ofInstrument ?instrument .
        FILTER (LANG(?text) = "en")
        OPTIONAL { ?rule kmb:basedOnProvision ?p BIND (?p AS ?checked) }
        OPTIONAL { ?p kmb:notCheckable ?reason BIND (?p AS ?uncheckable) }
    }
} GROUP BY ?instrument ?label ?lang ORDER BY ?instrument
"""

_PROVISIONS = """
SELECT ?this ?p ?label ?text ?order ?rule ?rule_id ?reason ?reason_label ?note ?lang WHERE {
    ?p kmb:ofInstrument ?this ; kmb:paraphrase ?text ; kmb:provisionOrder ?order .
    FILTER (LANG(?text) = ?lang)
    OPTIONAL { ?p rdfs:label ?label FILTER (LANG(?label) = ?lang) }
    OPTIONAL { ?rule kmb:basedOnProvision ?p ; kmb:ruleId ?rule_id }
    OPTIONAL { ?p kmb:notCheckable ?reason .
               OPTIONAL { ?reason rdfs:label ?reason_label FILTER (LANG(?reason_label) = ?lang) } }
    OPTIONAL { ?p kmb:notCheckableNote ?note FILTER (LANG(?note) = ?lang) }
} ORDER BY ?order ?rule_id
"""

_INSTRUMENT = """
SELECT ?this ?from ?until ?date ?scope ?official ?lang WHERE {
    OPTIONAL { ?this kmb:inForceFrom ?from }
    OPTIONAL { ?this kmb:inForceUntil ?until }
    OPTIONAL { ?this eli:date_document ?date }
    OPTIONAL { ?this kmb:provisionScope ?scope FILTER (LANG(?scope) = ?lang) }
    OPTIONAL { ?this kmb:officialText ?official }
}
"""

_CHANGES = """
SELECT ?this ?relation ?other WHERE {
    { ?this kmb:supersedes ?other BIND ("replaces" AS ?relation) }
    UNION { ?this eli:repeals ?other BIND ("repeals" AS ?relation) }
    UNION { ?other kmb:supersedes ?this BIND ("replaced_by" AS ?relation) }
    UNION { ?other eli:repeals ?this BIND ("repealed_by" AS ?relation) }
}
"""

_READ_FROM = """
SELECT ?this ?lang ?url ?publisher ?read ?states WHERE {
    ?this kmb:provisionsReadFrom ?c . ?c dct:source ?url ; kmb:readOn ?read .
    OPTIONAL { ?c dct:publisher ?own FILTER (LANG(?own) = ?lang) }
    OPTIONAL { ?c dct:publisher ?plain FILTER (LANG(?plain) = "") }
    OPTIONAL { ?c kmb:pageStates ?in FILTER (LANG(?in) = ?lang) }
    OPTIONAL { ?c kmb:pageStates ?english FILTER (LANG(?english) = "en") }
    BIND (COALESCE(?own, ?plain) AS ?publisher)
    BIND (COALESCE(?in, ?english) AS ?states)
} ORDER BY ?c
"""

_RULE = """
SELECT ?this ?requirement ?remedy ?severity ?lang WHERE {
    OPTIONAL { ?this kmb:requirement ?requirement FILTER (LANG(?requirement) = ?lang) }
    OPTIONAL { ?this kmb:remedy ?remedy FILTER (LANG(?remedy) = ?lang) }
    OPTIONAL { ?this kmb:severity ?severity }
}
"""

_RULE_PROVISIONS = """
SELECT ?this ?p ?label ?text ?instrument ?order ?lang WHERE {
    ?this kmb:basedOnProvision ?p .
    ?p kmb:ofInstrument ?instrument .
    OPTIONAL { ?p rdfs:label ?label FILTER (LANG(?label) = ?lang) }
    OPTIONAL { ?p kmb:paraphrase ?text FILTER (LANG(?text) = ?lang) }
    OPTIONAL { ?p kmb:provisionOrder ?order }
} ORDER BY ?instrument ?order
"""

_PARTS = """
SELECT ?this ?part ?label ?text ?rule_id ?lang WHERE {
    ?part eli:is_part_of ?this .
    OPTIONAL { ?part rdfs:label ?label FILTER (LANG(?label) = ?lang) }
    OPTIONAL { ?part kmb:paraphrase ?text FILTER (LANG(?text) = ?lang) }
    OPTIONAL { ?rule kmb:basedOnProvision ?part ; kmb:ruleId ?rule_id }
} ORDER BY ?part
"""


def _terms(this: str, lang: str) -> dict[str, ox.NamedNode | ox.Literal]:
    return {"this": named(this), "lang": ox.Literal(lang)}


def coverage(store: KembarStore, lang: str = "en") -> list[dict[str, Any]]:
    """Per instrument with a provision table: its label, and how many of its listed
    provisions rules check, how many no machine can, and how many are listed."""
    rows = store.select(_COVERAGE, {"lang": ox.Literal(lang)})
    return [
        {
            "instrument": r["instrument"],
            "label": r.get("label", r["instrument"].rsplit("/", 1)[1]),
            "listed": int(r["listed"]),
            "checked": int(r["checked"]),
            "not_checkable": int(r["not_checkable"]),
        }
        for r in rows
    ]


def instrument_section(store: KembarStore, iri: str, lang: str) -> dict[str, Any]:
    """What an instrument's page shows: its dates, what it replaced and what replaced it,
    where its provisions were read, and its provision table with the coverage figures."""
    (facts,) = store.select(_INSTRUMENT, _terms(iri, lang)) or [{}]
    changes = [
        {"relation": r["relation"], "iri": r["other"]}
        for r in store.select(_CHANGES, {"this": named(iri)})
    ]
    read_from = store.select(_READ_FROM, _terms(iri, lang))
    table: dict[str, dict[str, Any]] = {}
    for r in store.select(_PROVISIONS, _terms(iri, lang)):
        row = table.setdefault(
            r["p"],
            {
                "iri": r["p"], "label": r.get("label", r["p"]), "requires": r["text"],
                "rules": [], "reason": r.get("reason_label", ""), "note": r.get("note", ""),
            },
        )  # fmt: skip
        if r.get("rule_id") and r["rule_id"] not in row["rules"]:
            row["rules"].append(r["rule_id"])
    provisions = list(table.values())
    return {
        "from": facts.get("from", ""), "until": facts.get("until", ""),
        "date": facts.get("date", ""), "scope": facts.get("scope", ""),
        "official": facts.get("official", ""), "changes": changes, "read_from": read_from,
        "provisions": provisions,
        "coverage": {
            "listed": len(provisions),
            "checked": sum(1 for p in provisions if p["rules"]),
            "not_checkable": sum(1 for p in provisions if not p["rules"] and p["reason"]),
        },
    }  # fmt: skip


def rule_section(store: KembarStore, iri: str, lang: str) -> dict[str, Any]:
    """What a rule's page shows: what it requires, how to fix a finding, its provisions."""
    (facts,) = store.select(_RULE, _terms(iri, lang)) or [{}]
    seen: set[str] = set()
    provisions = []
    for r in store.select(_RULE_PROVISIONS, _terms(iri, lang)):
        if r["p"] in seen:
            continue
        seen.add(r["p"])
        provisions.append({"iri": r["p"], "label": r.get("label", r["p"]), "requires": r.get("text", ""),
                           "instrument": r["instrument"]})  # fmt: skip
    return {
        "requirement": facts.get("requirement", ""),
        "remedy": facts.get("remedy", ""),
        "severity": facts.get("severity", ""),
        "provisions": provisions,
    }


def provision_section(store: KembarStore, iri: str, lang: str) -> dict[str, Any]:
    """What a provision's page shows: its parts, each with the rules that check it."""
    parts: dict[str, dict[str, Any]] = {}
    for r in store.select(_PARTS, _terms(iri, lang)):
        part = parts.setdefault(r["part"], {"iri": r["part"], "label": r.get("label", r["part"]),
                                            "requires": r.get("text", ""), "rules": []})  # fmt: skip
        if r.get("rule_id") and r["rule_id"] not in part["rules"]:
            part["rules"].append(r["rule_id"])
    rules = rule_ids_of(store, iri)
    return {"parts": list(parts.values()), "rules": rules}


_CHECKED_BY = """
SELECT ?this ?rule_id WHERE { ?rule kmb:basedOnProvision ?this ; kmb:ruleId ?rule_id }
ORDER BY ?rule_id
"""


def rule_ids_of(store: KembarStore, iri: str) -> list[str]:
    """The IDs of the rules that check the provision *iri*."""
    return [r["rule_id"] for r in store.select(_CHECKED_BY, {"this": named(iri)})]


_UNBASED = """
SELECT ?rule_id ?basis WHERE {
    ?rule a kmb:Rule ; kmb:ruleId ?rule_id ; kmb:legalBasis ?basis .
    FILTER NOT EXISTS { ?rule kmb:basedOnProvision ?p }
} ORDER BY ?rule_id
"""


def unbased_rules(store: KembarStore) -> list[tuple[str, str]]:
    """The rules that point to no provision, with their legal basis (practice, or a text
    whose articles could not be read)."""
    return [(r["rule_id"], r["basis"]) for r in store.select(_UNBASED)]
