"""Find a region, agreement, country, law, rule or person by name, as a person types it;
and the security sectors, human-security dimensions, threats and fields of cooperation.

Every label, alternative label and native name of the searchable kinds is read once per
store version into memory, folded (diacritics dropped, case folded, punctuation to spaces:
``Ōsaki`` -> ``osaki``), and searched there: an exact name first, then names that start
with the query, then names with a word that does, then names that contain it; when fewer
than asked for were found, each word of the query not in any name is replaced by the
closest word that is (RapidFuzz's ratio, 80 or more: ``bandunk`` -> ``bandung``) and the
search is run again at a lower score. Within a tier a place or a country beats an
agreement named after it, a label beats an alternative name, more ties beat fewer.
The index is built with two SELECTs; a lookup touches no store.

>>> from kembar.graph.store import KembarStore
>>> hits = search(KembarStore(), "osaki")
>>> hits[0]["label"], hits[0]["kind"]
('Ōsaki (town), Kagoshima', 'region')
>>> [h["label"] for h in search(KembarStore(), "jogja", lang="id")][:1]
['Kota Yogyakarta']
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from kembar.graph.store import KembarStore
from kembar.graph.store.core import named
from kembar.ontology.namespace import KMB
from rapidfuzz import fuzz, process

__all__ = ["CONCEPT_KINDS", "KINDS", "SearchIndex", "fold", "index_of", "prepare", "search"]

#: Searchable kinds: the class of its members, in the order a tie is broken.
KINDS: dict[str, list[Any]] = {
    "region": [KMB.LocalGovernment, KMB.Locality],
    "country": [KMB.Country],
    "agreement": [KMB.Agreement],
    "law": [KMB.LegalInstrument],
    "rule": [KMB.Rule],
    "person": [KMB.Person],
    "organisation": [KMB.NonStateActor, KMB.CentralGovernmentBody],
    "sector": [KMB.SecuritySector],
    "dimension": [KMB.HumanSecurityDimension],
    "threat": [KMB.NonTraditionalThreat, KMB.TraditionalThreat],
    "field": [KMB.CooperationField],
}
#: Distinct words of a query that are looked for (the rest are ignored).
MAX_WORDS = 8
#: Kinds that are terms of the ontology (concepts), not instances of the graph.
CONCEPT_KINDS = ("sector", "dimension", "threat", "field")

_NAMES = """
SELECT ?s ?kind ?name ?lang ?alt WHERE {
    VALUES (?type ?kind) { %(types)s }
    ?s a ?type .
    { ?s rdfs:label ?name BIND (false AS ?alt) }
    UNION { ?s skos:altLabel ?name BIND (true AS ?alt) }
    UNION { ?s kmb:nativeName ?name BIND (true AS ?alt) }
    UNION { ?s skos:notation ?name BIND (true AS ?alt) }
    UNION { ?s kmb:ruleId ?name BIND (true AS ?alt) }
    BIND (LANG(?name) AS ?lang)
}
"""

_CONTEXT = """
SELECT ?s ?country ?context ?lang ?ties WHERE {
    { ?s kmb:country ?c . ?c rdfs:label ?context BIND (LANG(?context) AS ?lang)
      BIND (STR(?c) AS ?country) }
    UNION
    { SELECT ?s (COUNT(?a) AS ?ties) WHERE { ?a kmb:party ?s } GROUP BY ?s }
}
"""

_FOLD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """*text* as the index compares it: no diacritics, case folded, words split by spaces.

    Parameters
    ----------
    text : str
        A name or a query.

    Returns
    -------
    str

    Examples
    --------
    >>> fold("Ōsaki"), fold("Huế"), fold("  Hluboká-nad-Vltavou ")
    ('osaki', 'hue', 'hluboka nad vltavou')
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _FOLD.sub(" ", bare.replace("đ", "d").replace("ø", "o").replace("ł", "l")).strip()


@dataclass(frozen=True)
class _Entry:
    iri: str
    kind: str
    folded: str
    name: str
    alt: bool


class SearchIndex:
    """The names of one store version, folded, with what a hit shows beside its name."""

    def __init__(self, store: KembarStore) -> None:
        values = " ".join(
            f'({named(cls)} "{kind}")' for kind, classes in KINDS.items() for cls in classes
        )
        self.entries: list[_Entry] = []
        self.labels: dict[str, dict[str, str]] = {}
        self.kinds: dict[str, str] = {}
        seen: set[tuple[str, str]] = set()
        order = list(KINDS)
        for row in store.select(_NAMES % {"types": values}):
            iri, kind, name = row["s"], row["kind"], row["name"]
            if order.index(kind) < order.index(self.kinds.get(iri, "organisation")):
                self.kinds[iri] = kind
            else:
                self.kinds.setdefault(iri, kind)
            alt = row["alt"] == "true"
            if not alt:
                self.labels.setdefault(iri, {}).setdefault(row.get("lang") or "", name)
            folded = fold(name)
            if folded and (iri, folded) not in seen:
                seen.add((iri, folded))
                self.entries.append(_Entry(iri, kind, folded, name, alt))
        self.entries = [e for e in self.entries if self.kinds[e.iri] == e.kind]
        self.countries: dict[str, str] = {}
        self.context: dict[str, dict[str, str]] = {}
        self.ties: dict[str, int] = {}
        for row in store.select(_CONTEXT):
            if row.get("ties"):
                self.ties[row["s"]] = int(row["ties"])
            elif row.get("context"):
                self.countries[row["s"]] = row["country"]
                self.context.setdefault(row["s"], {})[row.get("lang") or ""] = row["context"]
        self.words = sorted({w for e in self.entries for w in e.folded.split() if len(w) > 2})
        # every folded name on its own line of one string: a word of a query is found in all
        # of them at once by the C scanner of str.find, not name by name in Python
        self.blob = "\n".join(e.folded for e in self.entries)
        self.starts = list(
            itertools.accumulate((len(e.folded) + 1 for e in self.entries), initial=0)
        )
        self.rank = {kind: n for n, kind in enumerate(order)}

    def label(self, iri: str, lang: str) -> str:
        """The name of *iri* in *lang*, else in the other language, else its IRI."""
        names = self.labels.get(iri, {})
        return names.get(lang) or names.get("en") or names.get("id") or names.get("") or iri

    def entity(self, iri: str, lang: str = "en") -> dict[str, Any] | None:
        """The hit for *iri* itself (score 100), or None when the index does not hold it."""
        kind = self.kinds.get(iri)
        if kind is None:
            return None
        label = self.label(iri, lang)
        return self._hit(iri, kind, label, 100.0, lang)

    def _hit(self, iri: str, kind: str, matched: str, score: float, lang: str) -> dict[str, Any]:
        context = self.context.get(iri, {})
        return {
            "iri": iri, "kind": kind, "label": self.label(iri, lang), "matched": matched,
            "context": context.get(lang) or context.get("en") or "",
            "country": self.countries.get(iri), "ties": self.ties.get(iri, 0),
            "score": round(score, 1),
        }  # fmt: skip

    def in_country(
        self, country: str, *, lang: str = "en", limit: int = 20, kinds: list[str] | None = None
    ) -> list[dict[str, Any]]:
        """The places of *country* (an IRI), most ties first: what a query that gives only
        a country property finds."""
        found = [iri for iri, c in self.countries.items()
                 if c == country and (not kinds or self.kinds.get(iri) in kinds)]  # fmt: skip
        found.sort(key=lambda iri: (-self.ties.get(iri, 0), self.label(iri, lang)))
        return [self._hit(iri, self.kinds[iri], self.label(iri, lang), 50.0, lang)
                for iri in found[:limit]]  # fmt: skip

    def search(
        self, query: str, *, lang: str = "en", limit: int = 20, kinds: list[str] | None = None
    ) -> list[dict[str, Any]]:
        """The best *limit* hits for *query*.

        Parameters
        ----------
        query : str
            What the person typed.
        lang : str, optional
            The language of the names shown.
        limit : int, optional
            How many hits at most.
        kinds : list of str, optional
            Only these kinds (keys of :data:`KINDS`).

        Returns
        -------
        list of dict
            ``iri``, ``kind``, ``label``, ``matched`` (the name that matched), ``context``
            (a place's country), ``ties``, ``score`` (0-100), best first.
        """
        # the words of the query once each, at most MAX_WORDS of them: each word is a scan of
        # every name, and 150 one-letter words must not cost 150 scans
        wanted = " ".join(list(dict.fromkeys(fold(query).split()))[:MAX_WORDS])
        if not wanted:
            return []
        best: dict[str, tuple[float, _Entry]] = {}
        self._match(wanted, 1.0, kinds, best)
        if len(best) < limit:
            corrected = " ".join(self._closest(word) for word in wanted.split())
            if corrected != wanted:
                self._match(corrected, 0.8, kinds, best)

        def key(item: tuple[float, _Entry]) -> tuple[float, int, int, str]:
            score, entry = item
            ties = self.ties.get(entry.iri, 0)
            return (-score, -min(ties, 1000), self.rank[entry.kind], entry.folded)

        return [self._hit(entry.iri, entry.kind, entry.name, score, lang)
                for score, entry in sorted(best.values(), key=key)[:limit]]  # fmt: skip

    def _match(
        self, wanted: str, weight: float, kinds: list[str] | None, best: dict[str, Any]
    ) -> None:
        """Score every name that holds *wanted* (or all its words) into *best*."""
        words, padded = wanted.split(), " " + wanted
        for n in sorted(self._holding(words)):
            entry = self.entries[n]
            name = entry.folded
            if kinds and entry.kind not in kinds:
                continue
            score: float
            if name == wanted:
                score = 100
            elif name.startswith(wanted):
                score = 90
            elif padded in " " + name:
                score = 85
            elif all((" " + w) in (" " + name) for w in words):
                score = 75
            elif wanted in name:
                score = 65
            else:
                continue
            score += _KIND_BONUS.get(entry.kind, 0) - (2 if entry.alt else 0)
            score = min(score, 100) * weight
            if entry.iri not in best or score > best[entry.iri][0]:
                best[entry.iri] = (score, entry)

    def _holding(self, words: list[str]) -> set[int]:
        """The entries whose name contains every one of *words*."""
        found: set[int] | None = None
        for word in sorted(words, key=len, reverse=True):  # the rarest (longest) first
            here: set[int] = set()
            at = self.blob.find(word)
            while at != -1:
                n = bisect.bisect_right(self.starts, at) - 1
                here.add(n)
                at = self.blob.find(word, self.starts[n + 1])  # on to the next name
            found = here if found is None else found & here
            if not found:
                return set()
        return found or set()

    def _closest(self, word: str) -> str:
        """*word*, or the closest word of any name when no name has it."""
        if len(word) < 4 or word in self.blob:
            return word
        found = process.extractOne(word, self.words, scorer=fuzz.ratio, score_cutoff=80)
        return found[0] if found else word


#: Places and countries before the agreements and rules named after them.
_KIND_BONUS = {"region": 4, "country": 4, "law": 2}


def index_of(store: KembarStore) -> SearchIndex:
    """The index of *store* at its current version (built on the first search after a write).

    Parameters
    ----------
    store : KembarStore
        The store.

    Returns
    -------
    SearchIndex
    """
    return store.memo("search-index", lambda: SearchIndex(store))


def prepare(store: KembarStore) -> None:
    """Build the index of *store* now (a worker does it before it takes requests)."""
    index_of(store)


def search(
    store: KembarStore,
    query: str,
    lang: str = "en",
    limit: int = 20,
    kinds: list[str] | None = None,
) -> list[dict[str, Any]]:
    """:meth:`SearchIndex.search` on the index of *store* (a worker task).

    Parameters
    ----------
    store : KembarStore
        The store.
    query : str
        What the person typed.
    lang : str, optional
        The language of the names shown.
    limit : int, optional
        How many hits at most.
    kinds : list of str, optional
        Only these kinds.

    Returns
    -------
    list of dict
    """
    return index_of(store).search(query, lang=lang, limit=limit, kinds=kinds)
