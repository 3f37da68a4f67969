"""Reconciliation (the W3C Entity Reconciliation Community Group's API, version 0.2): match
a spreadsheet's names to Kembar's regions, countries, agreements, laws and rules, and
extend the matched rows with partners, dates and security sectors.

Candidates come from the search index (:mod:`kembar.graph.linkeddata.search`): names in
English and Indonesian, alternative and native names, folded. A ``country`` property
(a name in either language, or an ISO 3166-1 code) narrows a query to the places of that
country; a candidate is a ``match`` (OpenRefine matches it without asking) when it scores
at least 90, is the only candidate of its country that does, and leads the next by 10.
Identifiers are paths under ``https://w3id.org/kembar/id/`` (``region/id/kota-bandung``).

>>> from kembar.graph.store import KembarStore
>>> store = KembarStore()
>>> found = reconcile(store, {"q0": {"query": "Bandung", "type": "LocalGovernment",
...     "properties": [{"pid": "country", "v": "Indonesia"}]}})
>>> best = found["q0"]["result"][0]
>>> best["id"], best["match"]
('region/id/kota-bandung', True)
"""

from __future__ import annotations

import re
from typing import Any

from kembar.graph.linkeddata.search import SearchIndex, index_of
from kembar.graph.store import KembarStore
from kembar.graph.store.core import named
from kembar.ontology import ids
from kembar.ontology.namespace import KMB

__all__ = ["TYPES", "extend", "local_id", "properties_of", "reconcile", "suggest"]

#: Reconciliation type id (a class of the ontology) -> search kind, English name.
TYPES: dict[str, tuple[str, str]] = {
    "LocalGovernment": ("region", "Region (local government)"),
    "Country": ("country", "Country"),
    "Agreement": ("agreement", "Agreement"),
    "LegalInstrument": ("law", "Legal instrument"),
    "Rule": ("rule", "Rule"),
    "Person": ("person", "Person"),
}
_KIND_TYPE = {kind: type_id for type_id, (kind, _) in TYPES.items()}
#: A match is automatic at this score or more, with this lead over the next candidate.
MATCH_SCORE, MATCH_LEAD = 90.0, 10.0

#: Properties a matched row can be extended with: id -> (English name, the types it fits).
PROPERTIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "country": ("Country", ("LocalGovernment",)),
    "province": ("Indonesian province", ("LocalGovernment",)),
    "partners": ("Partners", ("LocalGovernment",)),
    "agreements": ("Agreements", ("LocalGovernment", "Country")),
    "first_signed": ("First signed", ("LocalGovernment",)),
    "parties": ("Parties", ("Agreement",)),
    "signed": ("Signed on", ("Agreement",)),
    "fields": ("Fields of cooperation", ("Agreement",)),
    "sectors": ("Security sectors", ("Agreement", "LocalGovernment")),
}


def local_id(iri: str) -> str:
    """The reconciliation id of *iri*: its path under the identifier space.

    Parameters
    ----------
    iri : str
        An IRI of the graph.

    Returns
    -------
    str
    """
    return ids.instance_path(iri) or iri


def _iri(entity_id: str) -> str:
    return (
        entity_id if entity_id.startswith(("http://", "https://")) else str(ids.instance(entity_id))
    )


def _kinds(wanted: Any) -> list[str] | None:
    names = [wanted] if isinstance(wanted, str) else list(wanted or [])
    kinds = []
    for name in names:
        local = str(name).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if local in TYPES:
            kinds.append(TYPES[local][0])
    return kinds or None


def _country(index: SearchIndex, value: Any) -> str | None:
    """The IRI of the country a property value names (``Japan``, ``Jepang``, ``JP``)."""
    if isinstance(value, dict):
        value = value.get("id") or value.get("name")
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if len(text) == 2 and text.isalpha():
        iri = str(ids.country(text.lower()))
        if iri in index.kinds:
            return iri
    hits = index.search(text, limit=1, kinds=["country"])
    return hits[0]["iri"] if hits and hits[0]["score"] >= 85 else None


def _one(index: SearchIndex, query: dict[str, Any], lang: str) -> dict[str, Any]:
    text = str(query.get("query") or "")[:300]
    limit = max(1, min(int(query.get("limit") or 5), 25))
    kinds = _kinds(query.get("type"))
    country = None
    for prop in query.get("properties") or []:
        if isinstance(prop, dict) and prop.get("pid") in {"country", str(KMB.country)}:
            country = _country(index, prop.get("v"))
    hits = index.search(text, lang=lang, limit=max(limit, 20) if country else limit, kinds=kinds)
    if country:
        local = [h for h in hits if h["country"] == country or h["iri"] == country]
        hits = (local or [{**h, "score": h["score"] * 0.5} for h in hits])[:limit]
    results = []
    for n, hit in enumerate(hits):
        following = hits[n + 1]["score"] if n + 1 < len(hits) else 0.0
        results.append({
            "id": local_id(hit["iri"]),
            "name": hit["label"],
            "type": [{"id": _KIND_TYPE[hit["kind"]], "name": TYPES[_KIND_TYPE[hit["kind"]]][1]}]
            if hit["kind"] in _KIND_TYPE else [],
            "score": hit["score"],
            "match": n == 0 and hit["score"] >= MATCH_SCORE and hit["score"] - following >= MATCH_LEAD,
            "description": hit["context"],
            "features": [{"id": "name", "value": round(hit["score"] / 100, 3)}],
        })  # fmt: skip
    return {"result": results}


def reconcile(store: KembarStore, queries: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    """Answer a batch of reconciliation queries (a worker task).

    Parameters
    ----------
    store : KembarStore
        The store.
    queries : dict
        Query id -> ``{"query", "type", "limit", "properties"}`` (the API's query batch).
    lang : str, optional
        The language of the candidates' names.

    Returns
    -------
    dict
        Query id -> ``{"result": [candidate, ...]}``, best first.
    """
    index = index_of(store)
    return {key: _one(index, query, lang) for key, query in queries.items()}


def suggest(
    store: KembarStore, prefix: str, lang: str = "en", limit: int = 10
) -> list[dict[str, str]]:
    """Entities whose name starts with (or holds) *prefix*, for OpenRefine's suggest box.

    Parameters
    ----------
    store : KembarStore
        The store.
    prefix : str
        What the user typed.
    lang : str, optional
        The language of the names.
    limit : int, optional
        How many.

    Returns
    -------
    list of dict
        ``id``, ``name``, ``description``.
    """
    hits = index_of(store).search(prefix, lang=lang, limit=limit)
    return [
        {"id": local_id(h["iri"]), "name": h["label"], "description": h["context"]} for h in hits
    ]


def properties_of(type_id: str | None) -> list[dict[str, str]]:
    """The properties a row of *type_id* can be extended with.

    Parameters
    ----------
    type_id : str or None
        A type id of :data:`TYPES` (all properties when None).

    Returns
    -------
    list of dict
        ``id`` and ``name``.
    """
    return [
        {"id": pid, "name": name}
        for pid, (name, types) in PROPERTIES.items()
        if type_id is None or type_id in types
    ]


_EXTEND = """
SELECT ?this ?lang ?prop ?value ?label WHERE {
  {
    { ?this kmb:country ?value BIND ("country" AS ?prop) }
    UNION { ?this kmb:province ?value FILTER (?value != ?this) BIND ("province" AS ?prop) }
    UNION { ?a kmb:party ?this , ?value FILTER (?value != ?this) BIND ("partners" AS ?prop) }
    UNION { { ?value kmb:party ?this } UNION { ?value kmb:party/kmb:country ?this }
            ?value a kmb:Agreement BIND ("agreements" AS ?prop) }
    UNION { ?a kmb:party ?this ; kmb:signedOn ?value BIND ("first_signed" AS ?prop) }
    UNION { ?this kmb:party ?value BIND ("parties" AS ?prop) }
    UNION { ?this kmb:signedOn ?value BIND ("signed" AS ?prop) }
    UNION { ?this kmb:cooperationField ?value BIND ("fields" AS ?prop) }
    UNION { { ?this kmb:addressesSector ?value } UNION { ?a kmb:party ?this ; kmb:addressesSector ?value }
            BIND ("sectors" AS ?prop) }
  }
  OPTIONAL { ?value rdfs:label ?label FILTER (LANGMATCHES(LANG(?label), ?lang)) }
}
"""


def extend(
    store: KembarStore, entity_ids: list[str], props: list[str], lang: str = "en"
) -> dict[str, Any]:
    """Data extension: the values of *props* for each of *entity_ids* (a worker task).

    Parameters
    ----------
    store : KembarStore
        The store.
    entity_ids : list of str
        Reconciliation ids (or IRIs) of matched rows.
    props : list of str
        Ids of :data:`PROPERTIES`.
    lang : str, optional
        The language of the names of values.

    Returns
    -------
    dict
        ``meta`` (id and name of each property) and ``rows`` (entity id -> property id ->
        values: ``{"id", "name"}`` for entities, ``{"date"}`` for dates).
    """
    import pyoxigraph as ox

    wanted = [p for p in props if p in PROPERTIES]
    rows: dict[str, dict[str, list[dict[str, str]]]] = {}
    for entity_id in entity_ids:
        row: dict[str, list[dict[str, str]]] = {p: [] for p in wanted}
        rows[entity_id] = row
        try:
            this = named(_iri(entity_id))
        except ValueError:
            continue
        found = store.query(_EXTEND, substitutions={"this": this, "lang": ox.Literal(lang)})
        assert isinstance(found, ox.QuerySolutions)
        seen: dict[str, dict[str, dict[str, str]]] = {p: {} for p in wanted}
        for solution in found:
            prop = solution["prop"].value
            if prop not in seen:
                continue
            value = solution["value"]
            if isinstance(value, ox.NamedNode):
                label = solution["label"]
                seen[prop].setdefault(value.value, {
                    "id": local_id(value.value),
                    "name": label.value if label is not None else local_id(value.value),
                })  # fmt: skip
            else:
                seen[prop].setdefault(value.value, _literal(value.value))
        for prop, values in seen.items():
            ordered = sorted(
                values.values(), key=lambda v: str(v.get("date") or v.get("str") or v.get("name"))
            )
            row[prop] = ordered[:1] if prop == "first_signed" else ordered
    meta = [{"id": p, "name": PROPERTIES[p][0]} for p in wanted]
    return {"meta": meta, "rows": rows}


def _literal(text: str) -> dict[str, str]:
    """A day as the API's date-time (``1960-05-24T00:00:00Z``); a year or month as text."""
    if re.fullmatch(r"-?\d{4}-\d{2}-\d{2}", text):
        return {"date": f"{text}T00:00:00Z"}
    return {"str": text}
