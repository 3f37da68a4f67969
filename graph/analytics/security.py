"""The security lens on Indonesia's ties: which sectors, dimensions and threats they touch.

Every agreement carries derived links to the Buzan sectors it touches
(``kmb:addressesSector``), the UNDP 1994 dimensions it serves (``kmb:servesDimension``) and
the threats it addresses (``kmb:addressesThreat``), from its cooperation fields and its
assessments (``ontology/rules``). This module reads them for the Indonesian ties with a
foreign party and answers three questions:

- :func:`profile`: for one Indonesian region (a province counts the ties of its cities and
  regencies too) or one partner country, how many of its ties touch each sector, dimension
  and threat (``GET /graph/security``, the report's profile tables);
- :func:`by_decade`: the same counts per decade of signing (the report's chart, the claim
  that cooperation moved towards non-traditional security);
- :func:`vocabulary`: the sectors, dimensions and threats in their order, with labels.

Only ties with at least one cooperation field or assessed threat have links; the others
are counted apart (``unmapped``) so that a share never hides missing data.

>>> from kembar.graph.store import KembarStore
>>> store = KembarStore()
>>> from kembar.ontology import ids
>>> found = profile(ties(store), region=str(ids.region("id", "provinsi-aceh")))
>>> found.ties > 0 and found.ties == found.mapped + found.unmapped
True
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kembar.graph.store import KembarStore
from kembar.ontology.namespace import KMB

__all__ = [
    "FACETS",
    "Profile",
    "Tie",
    "by_decade",
    "concept_view",
    "profile",
    "profiles",
    "scoped",
    "ties",
    "vocabulary",
]

#: The three facets of a tie's security links: name -> the property that carries them.
FACETS = {
    "sectors": str(KMB.addressesSector),
    "dimensions": str(KMB.servesDimension),
    "threats": str(KMB.addressesThreat),
}

_TIES = """
SELECT ?agreement ?year ?party ?province ?country ?property ?target WHERE {
    ?agreement a kmb:Agreement ; kmb:party ?party , ?partner .
    ?party kmb:country country:id .
    ?partner kmb:country ?country FILTER (?country != country:id)
    OPTIONAL { ?party kmb:province ?province }
    OPTIONAL { ?agreement kmb:signingYear ?year }
    OPTIONAL {
        VALUES ?property { kmb:addressesSector kmb:servesDimension kmb:addressesThreat }
        ?agreement ?property ?target
    }
}
"""

_VOCABULARY = """
SELECT ?facet ?concept ?label ?lang WHERE {
    VALUES (?facet ?class) {
        ("sectors" kmb:SecuritySector) ("dimensions" kmb:HumanSecurityDimension)
        ("threats" kmb:Threat)
    }
    ?concept a ?class ; rdfs:label ?label .
    FILTER (LANGMATCHES(LANG(?label), ?lang))
}
"""


@dataclass
class Tie:
    """One Indonesian agreement with a foreign party, and its security links."""

    agreement: str
    year: int | None = None
    parties: set[str] = field(default_factory=set)
    provinces: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    links: dict[str, set[str]] = field(default_factory=lambda: {f: set() for f in FACETS})

    @property
    def mapped(self) -> bool:
        """Whether any security link could be derived for it."""
        return any(self.links.values())


@dataclass(frozen=True)
class Profile:
    """How many ties of a scope touch each sector, dimension and threat."""

    ties: int
    mapped: int
    unmapped: int
    counts: dict[str, dict[str, int]]

    def as_json(self, names: dict[str, dict[str, str]]) -> dict[str, Any]:
        """The profile with labels from :func:`vocabulary`; shares are of the mapped ties."""
        out: dict[str, Any] = {"ties": self.ties, "mapped": self.mapped, "unmapped": self.unmapped}
        for facet, labels in names.items():
            out[facet] = [
                {
                    "iri": iri,
                    "label": label,
                    "ties": self.counts[facet].get(iri, 0),
                    "share": round(self.counts[facet].get(iri, 0) / self.mapped, 3)
                    if self.mapped
                    else None,
                }
                for iri, label in labels.items()
            ]
        return out


def ties(store: KembarStore) -> list[Tie]:
    """Every Indonesian agreement with a foreign party, with its derived security links.

    Parameters
    ----------
    store : KembarStore
        The store (its derived graph built).

    Returns
    -------
    list of Tie
        Ordered by agreement IRI.
    """
    found: dict[str, Tie] = {}
    for row in store.select(_TIES):
        tie = found.setdefault(row["agreement"], Tie(row["agreement"]))
        if "year" in row:
            tie.year = int(row["year"])
        tie.parties.add(row["party"])
        tie.provinces.add(row.get("province", row["party"]))  # a province is its own
        tie.countries.add(row["country"])
        for facet, prop in FACETS.items():
            if row.get("property") == prop:
                tie.links[facet].add(row["target"])
    return [found[a] for a in sorted(found)]


def profile(found: list[Tie], *, region: str | None = None, country: str | None = None) -> Profile:
    """The security profile of one Indonesian region or one partner country.

    Parameters
    ----------
    found : list of Tie
        From :func:`ties`.
    region : str, optional
        An Indonesian region's IRI; a province counts its cities' and regencies' ties too.
    country : str, optional
        A partner country's IRI (``country/jp``).

    Returns
    -------
    Profile
    """
    chosen = scoped(found, region=region, country=country)
    counts = {facet: Counter[str]() for facet in FACETS}
    for tie in chosen:
        for facet, targets in tie.links.items():
            counts[facet].update(targets)
    mapped = sum(1 for t in chosen if t.mapped)
    return Profile(
        len(chosen), mapped, len(chosen) - mapped, {f: dict(c) for f, c in counts.items()}
    )


def scoped(found: list[Tie], *, region: str | None = None, country: str | None = None) -> list[Tie]:
    """The ties of one Indonesian region (a province with its cities) or partner country."""
    return [
        t
        for t in found
        if (region is None or region in t.parties or region in t.provinces)
        and (country is None or country in t.countries)
    ]


def profiles(found: list[Tie], by: str) -> dict[str, Profile]:
    """A profile per Indonesian province (``by="province"``) or partner country (``"country"``)."""
    keys = sorted({k for t in found for k in (t.provinces if by == "province" else t.countries)})
    if by == "province":
        return {k: profile(found, region=k) for k in keys}
    return {k: profile(found, country=k) for k in keys}


def by_decade(found: list[Tie]) -> dict[int, Profile]:
    """A profile of the dated ties of each decade of signing (1960 for 1960-1969)."""
    decades = sorted({t.year // 10 * 10 for t in found if t.year is not None})
    return {
        d: profile([t for t in found if t.year is not None and t.year // 10 * 10 == d])
        for d in decades
    }


def vocabulary(store: KembarStore, lang: str = "en") -> dict[str, dict[str, str]]:
    """The sectors, dimensions and threats, each facet's concepts with labels, by label."""
    import pyoxigraph as ox

    rows = store.select(_VOCABULARY, {"lang": ox.Literal(lang)})
    out: dict[str, list[tuple[str, str]]] = {facet: [] for facet in FACETS}
    for row in rows:
        out[row["facet"]].append((row["label"], row["concept"]))
    return {facet: {iri: label for label, iri in sorted(v)} for facet, v in out.items()}


_CONCEPT = """
SELECT ?concept ?want ?class ?label ?lang ?definition ?dlang ?related ?rlabel WHERE {
    ?concept a ?class . FILTER (?class IN (kmb:SecuritySector, kmb:HumanSecurityDimension,
                                           kmb:NonTraditionalThreat, kmb:TraditionalThreat))
    { ?concept rdfs:label ?label BIND (LANG(?label) AS ?lang) }
    UNION { ?concept skos:definition|rdfs:comment ?definition BIND (LANG(?definition) AS ?dlang) }
    UNION { { ?concept kmb:sector|kmb:dimension ?related } UNION { ?related kmb:sector|kmb:dimension ?concept }
            ?related rdfs:label ?rlabel FILTER (LANGMATCHES(LANG(?rlabel), ?want)) }
}
"""
_LINKED = """
SELECT ?concept ?want ?agreement ?title ?year ?property ?rule ?field ?fieldLabel ?assessment WHERE {
    ?agreement kmb:securityLink ?link .
    ?link kmb:linkTarget ?concept ; kmb:linkProperty ?property ; kmb:derivedBy ?rule .
    OPTIONAL { ?link kmb:viaField ?field .
               ?field rdfs:label ?fieldLabel FILTER (LANGMATCHES(LANG(?fieldLabel), ?want)) }
    OPTIONAL { ?link kmb:viaAssessment ?assessment }
    OPTIONAL { ?agreement rdfs:label ?title FILTER (LANGMATCHES(LANG(?title), "en")) }
    OPTIONAL { ?agreement kmb:signingYear ?year }
}
"""
#: The class of a concept -> its facet, as :data:`FACETS` names them.
_FACET_OF = {str(KMB.SecuritySector): "sectors", str(KMB.HumanSecurityDimension): "dimensions",
             str(KMB.NonTraditionalThreat): "threats", str(KMB.TraditionalThreat): "threats"}  # fmt: skip


def concept_view(store: KembarStore, name: str, lang: str = "en") -> dict[str, Any] | None:
    """One sector, dimension or threat (``EconomicSector``, ``InfectiousDisease``): its
    names and definition, its related concepts, and every agreement linked to it with how
    the link was derived (from which field of cooperation, or which assessment), by decade.

    Parameters
    ----------
    store : KembarStore
        The store (its derived graph built).
    name : str
        The concept's local name in the ontology.
    lang : str
        The language of names and definitions.

    Returns
    -------
    dict or None
        None when *name* is no sector, dimension or threat.

    >>> from kembar.graph.store import KembarStore
    >>> view = concept_view(KembarStore(), "InfectiousDisease", "id")
    >>> view["label"], view["facet"], view["agreements"][0]["via"][0]["kind"] in ("field", "assessment")
    ('penyakit menular', 'threats', True)
    """
    import pyoxigraph as ox

    if name not in KMB.__annotations__:  # the closed namespace: a term of the ontology
        return None
    concept = ox.NamedNode(str(KMB[name]))
    want = ox.Literal(lang)
    rows = store.select(_CONCEPT, {"concept": concept, "want": want})
    if not rows:
        return None
    labels = {r["lang"]: r["label"] for r in rows if "label" in r}
    definitions = {r["dlang"]: r["definition"] for r in rows if "definition" in r}
    related = sorted(
        {(r["rlabel"], r["related"].rsplit("#", 1)[1]) for r in rows if "related" in r}
    )
    agreements: dict[str, dict[str, Any]] = {}
    for row in store.select(_LINKED, {"concept": concept, "want": want}):
        entry = agreements.setdefault(row["agreement"], {
            "iri": row["agreement"], "title": row.get("title", row["agreement"]),
            "year": int(row["year"]) if row.get("year") else None, "via": [],
        })  # fmt: skip
        if row.get("field"):
            via = {"kind": "field", "label": row.get("fieldLabel", row["field"].rsplit("#", 1)[1])}
        else:
            via = {"kind": "assessment", "iri": row.get("assessment", "")}
        if via not in entry["via"]:
            entry["via"].append(via)
    listed = sorted(
        agreements.values(), key=lambda a: (a["year"] is None, a["year"] or 0, a["title"])
    )
    decades = Counter(a["year"] // 10 * 10 for a in listed if a["year"] is not None)
    return {
        "name": name, "iri": concept.value, "facet": _FACET_OF[rows[0]["class"]],
        "label": labels.get(lang) or labels.get("en") or name, "labels": labels,
        "definition": definitions.get(lang) or definitions.get("en"),
        "related": [{"label": label, "name": local} for label, local in related],
        "agreements": listed, "dated": sum(decades.values()),
        "by_decade": [{"decade": d, "ties": decades[d]} for d in sorted(decades)],
    }  # fmt: skip
