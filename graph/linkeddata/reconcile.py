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

from typing import Any
from urllib.parse import unquote

from kembar.graph.linkeddata.search import CONCEPT_KINDS, KINDS, SearchIndex, index_of
from kembar.graph.store import KembarStore
from kembar.graph.store.core import named
from kembar.ontology import ids
from kembar.ontology.namespace import KMB

__all__ = [
    "TERM_PROPERTIES", "TERM_TYPES", "TYPES", "extend", "local_id", "properties_of", "reconcile",
    "reconcile_terms", "suggest", "term_view",
]  # fmt: skip

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
#: The kinds a query without a type looks among: the graph's instances, not the ontology's terms.
_INSTANCE_KINDS = [kind for kind in KINDS if kind not in CONCEPT_KINDS]
#: The second service (``/reconcile/terms``): the ontology's terms that extension values
#: name (fields of cooperation, security sectors), its type id -> search kind, English name.
TERM_TYPES: dict[str, tuple[str, str]] = {
    "CooperationField": ("field", "Field of cooperation"),
    "SecuritySector": ("sector", "Security sector"),
    "HumanSecurityDimension": ("dimension", "Human-security dimension"),
    "Threat": ("threat", "Threat"),
}
_TERM_KIND_TYPE = {kind: type_id for type_id, (kind, _) in TERM_TYPES.items()}
#: Extension properties whose values are terms of the ontology (the terms service's ids).
TERM_PROPERTIES = frozenset({"fields", "sectors"})
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


def _kinds(wanted: Any, types: dict[str, tuple[str, str]] = TYPES) -> list[str] | None:
    names = [wanted] if isinstance(wanted, str) else list(wanted or [])
    kinds = []
    for name in names:
        local = str(name).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if local in types:
            kinds.append(types[local][0])
    return kinds or None


def _country(index: SearchIndex, value: Any) -> str | None:
    """The IRI of the country a property value names (``Japan``, ``Jepang``, ``JP``)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("id") or value.get("name")
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if len(text) == 2 and text.isalpha():
        iri = str(ids.country(text.lower()))
        if iri in index.kinds:
            return iri
    if (own := _own_id(index, text)) and index.kinds.get(own) == "country":
        return own
    hits = index.search(text, limit=1, kinds=["country"])
    return hits[0]["iri"] if hits and hits[0]["score"] >= 85 else None


def _own_id(index: SearchIndex, text: str, space: str = str(ids.ID)) -> str | None:
    """The IRI *text* names when it is an identifier of the service: relative
    (``region/id/kota-bandung``), the full IRI, or either percent-encoded."""
    candidate = unquote(text.strip())
    if not candidate or any(c.isspace() for c in candidate):
        return None
    iri = candidate if candidate.startswith(space) else space + candidate.lstrip("/")
    return iri if iri in index.kinds else None


def _candidate(hit: dict[str, Any], *, match: bool, types: dict[str, tuple[str, str]],
               kind_type: dict[str, str], space: str) -> dict[str, Any]:  # fmt: skip
    type_id = kind_type.get(hit["kind"])
    return {
        "id": hit["iri"].removeprefix(space),
        "name": hit["label"],
        "type": [{"id": type_id, "name": types[type_id][1]}] if type_id else [],
        "score": hit["score"],
        "match": match,
        "description": hit["context"],
        "features": [{"id": "name", "value": round(hit["score"] / 100, 3)}],
    }


def _one(
    index: SearchIndex, query: dict[str, Any], lang: str, *,
    types: dict[str, tuple[str, str]] = TYPES, default_kinds: list[str] | None = None,
    space: str = str(ids.ID),
) -> dict[str, Any]:  # fmt: skip
    text = str(query.get("query") or "")[:300]
    limit = max(1, min(int(query.get("limit") or 5), 25))
    kinds = _kinds(query.get("type"), types) or default_kinds
    kind_type = {kind: type_id for type_id, (kind, _) in types.items()}
    own = _own_id(index, text, space) if text else None
    if own and (not kinds or index.kinds[own] in kinds):  # an id of the service: that entity
        hit = index.entity(own, lang)
        assert hit is not None
        return {
            "result": [_candidate(hit, match=True, types=types, kind_type=kind_type, space=space)]
        }
    country = None
    for prop in query.get("properties") or []:
        if isinstance(prop, dict) and prop.get("pid") in {"country", str(KMB.country)}:
            country = _country(index, prop.get("v"))
    if not text.strip():  # properties only: what they name (a country's places)
        hits = index.in_country(country, lang=lang, limit=limit, kinds=kinds) if country else []
    else:
        hits = index.search(
            text, lang=lang, limit=max(limit, 20) if country else limit, kinds=kinds
        )
    if country and text.strip():
        local = [h for h in hits if h["country"] == country or h["iri"] == country]
        hits = (local or [{**h, "score": h["score"] * 0.5} for h in hits])[:limit]
    results = []
    for n, hit in enumerate(hits):
        following = hits[n + 1]["score"] if n + 1 < len(hits) else 0.0
        match = bool(text.strip()) and n == 0 and hit["score"] >= MATCH_SCORE and (
            hit["score"] - following >= MATCH_LEAD)  # fmt: skip
        results.append(_candidate(hit, match=match, types=types, kind_type=kind_type, space=space))
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
    return {key: _one(index, query, lang, default_kinds=_INSTANCE_KINDS)
            for key, query in queries.items()}  # fmt: skip


def reconcile_terms(
    store: KembarStore, queries: dict[str, Any], lang: str = "en"
) -> dict[str, Any]:
    """Answer a batch of queries against the ontology's terms (``/reconcile/terms``): fields
    of cooperation, sectors, dimensions and threats, by their names in both languages; ids
    are their local names in the ontology's namespace (``FieldEconomy``)."""
    index = index_of(store)
    return {key: _one(index, query, lang, types=TERM_TYPES, default_kinds=list(CONCEPT_KINDS),
                      space=str(KMB)) for key, query in queries.items()}  # fmt: skip


def term_view(store: KembarStore, term: str, lang: str = "en") -> dict[str, str] | None:
    """A term of the ontology the terms service knows: its name, kind and definition."""
    index = index_of(store)
    iri = str(KMB) + term
    kind = index.kinds.get(iri)
    if kind not in CONCEPT_KINDS:
        return None
    rows = store.select(
        "SELECT ?term ?want ?definition WHERE { ?term skos:definition|rdfs:comment ?definition "
        "FILTER (LANGMATCHES(LANG(?definition), ?want)) } LIMIT 1",
        {"term": named(iri), "want": _literal_node(lang)},
    )
    return {"label": index.label(iri, lang), "kind": TERM_TYPES[_TERM_KIND_TYPE[str(kind)]][1],
            "definition": rows[0]["definition"] if rows else ""}  # fmt: skip


def _literal_node(text: str) -> Any:
    import pyoxigraph as ox

    return ox.Literal(text)


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
    index = index_of(store)
    own = _own_id(index, prefix)
    hits = [hit] if own and (hit := index.entity(own, lang)) else []
    hits += [h for h in index.search(prefix, lang=lang, limit=limit, kinds=_INSTANCE_KINDS)
             if not hits or h["iri"] != hits[0]["iri"]]  # fmt: skip
    return [
        {"id": local_id(h["iri"]), "name": h["label"], "description": h["context"]}
        for h in hits[:limit]
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
    unknown = [p for p in dict.fromkeys(props) if p not in PROPERTIES]
    rows: dict[str, dict[str, list[dict[str, str]]]] = {}
    for entity_id in entity_ids:
        row: dict[str, list[dict[str, str]]] = {p: [] for p in [*wanted, *unknown]}
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
                term = value.value.startswith(str(KMB))  # the terms service's id: its local name
                value_id = value.value[len(str(KMB)) :] if term else local_id(value.value)
                seen[prop].setdefault(value.value, {
                    "id": value_id, "name": label.value if label is not None else value_id,
                })  # fmt: skip
            else:
                seen[prop].setdefault(value.value, _literal(value.value))
        for prop, values in seen.items():
            ordered = sorted(
                values.values(), key=lambda v: str(v.get("date") or v.get("str") or v.get("name"))
            )
            row[prop] = ordered[:1] if prop == "first_signed" else ordered
    meta = [{"id": p, "name": PROPERTIES[p][0]} for p in wanted]
    meta += [{"id": p, "name": f"{p} (not a property of Kembar: empty)"} for p in unknown]
    return {"meta": meta, "rows": rows}


def _literal(text: str) -> dict[str, str]:
    """A date as ISO 8601 text, to the precision known (``1960-05-24``, ``2005-06``,
    ``2005``): one type for the whole column, never a date-time beside a year."""
    return {"str": text}
