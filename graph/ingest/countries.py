"""Countries: the world list Kembar ships, and free-text country names resolved to ISO codes.

The facts live in ``data/``: ``countries.ttl`` holds every ISO 3166-1 country and territory
(plus Kosovo, ``XK``) with English and Indonesian names from ``pycountry``, its
sovereign when it is a dependent territory (``data/territories.csv``), and the other
names the world lists use for it (``data/country-names.csv``: constituent countries such as
Scotland, older names, misspellings seen in the data) as ``skos:hiddenLabel``.
:func:`world_graph` writes it; ``python -m kembar.graph.ingest.curated`` runs it with
the rest of the curated data.

:class:`CountryResolver` reads those names from a store (or any graph) and falls back on
``country_converter``'s patterns for the rest.

>>> from kembar.graph.store import KembarStore
>>> r = CountryResolver.from_store(KembarStore())
>>> r.iso2("Germany"), r.iso2("England"), r.iso2("Ohio, United States"), r.iso2("Grece")
('DE', 'GB', 'US', 'GR')
>>> r.iso2("Atlantis") is None
True
"""

from __future__ import annotations

import csv
import gettext
import io
import logging
import re
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from kembar.graph.store import KembarStore
from kembar.ontology import ids
from kembar.ontology.namespace import KMB
from rdflib import DCTERMS, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

__all__ = ["CountryResolver", "territories", "world_graph"]

#: Where the English and Indonesian names and the codes come from.
ISO_CODES = URIRef("https://salsa.debian.org/iso-codes-team/iso-codes")

_NAMES = """
SELECT ?code ?name WHERE {
    ?country kmb:iso3166Alpha2 ?code .
    { ?country rdfs:label ?name } UNION { ?country skos:altLabel ?name }
    UNION { ?country skos:hiddenLabel ?name }
}
"""


def _data(name: str) -> Traversable:
    return files("kembar.data") / name


def _rows(name: str) -> list[dict[str, str]]:
    text = _data(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def territories() -> dict[str, str]:
    """Dependent territory (ISO code) -> its sovereign's code, from ``data/territories.csv``.

    Rows without a sovereign (Antarctica) are not countries and are left out.

    Returns
    -------
    dict of str to str

    >>> territories()["HK"], "AQ" in territories()
    ('CN', False)
    """
    return {row["iso2"]: row["sovereign"] for row in _rows("territories.csv") if row["sovereign"]}


def _oecd_accessions() -> dict[str, int]:
    """ISO code -> the year the country joined the OECD (``country-converter``'s table)."""
    import math

    import country_converter as coco

    table = coco.CountryConverter().data
    found: dict[str, int] = {}
    for code, year in zip(table["ISO2"], table["OECD"], strict=True):
        if not (isinstance(year, float) and math.isnan(year)):
            for alias in str(code).split("|"):  # a few cells are patterns: ^GB$|^UK$
                found[alias.strip("^$")] = int(year)
    return found


def world_graph() -> Graph:
    """Every country and territory as Turtle-ready triples (``data/countries.ttl``).

    Returns
    -------
    rdflib.Graph
        ``country:xx`` typed ``kmb:State`` or ``kmb:Territory``, with ``rdfs:label`` in
        English and Indonesian, the ISO code, the sovereign of a territory, the level of
        analysis (``kmb:Unit``), the year it joined the OECD (``country-converter``), whether
        the IMF counts it an advanced economy, the other names as ``skos:hiddenLabel``.

    Examples
    --------
    >>> from rdflib import Literal
    >>> world = world_graph()
    >>> Literal("Jerman", lang="id") in set(world.objects(ids.country("DE"), RDFS.label))
    True
    """
    import pycountry

    indonesian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"])
    sovereigns = territories()
    left_out = {row["iso2"] for row in _rows("territories.csv") if not row["sovereign"]}
    names = _rows("country-names.csv")
    preferred = {
        (r["iso2"], r["kind"]): r["name"] for r in names if r["kind"].startswith("preferred")
    }
    joined = _oecd_accessions()
    advanced = {row["iso2"] for row in _rows("imf-advanced-economies.csv")}
    graph = Graph()
    graph.bind("country", str(ids.country("xx"))[:-2])
    graph.bind("kmb", str(KMB))
    entries = [(c.alpha_2, getattr(c, "common_name", c.name)) for c in pycountry.countries]
    entries.append(("XK", "Kosovo"))
    for code, english in sorted(entries):
        if code in left_out:
            continue
        node = ids.country(code)
        en = preferred.get((code, "preferred"), english)
        local = preferred.get((code, "preferred-id"), indonesian.gettext(english))
        graph.add((node, RDF.type, KMB.Territory if code in sovereigns else KMB.State))
        graph.add((node, RDFS.label, Literal(en, lang="en")))
        graph.add((node, RDFS.label, Literal(local, lang="id")))
        graph.add((node, KMB.iso3166Alpha2, Literal(code)))
        graph.add((node, KMB.analysisLevel, KMB.Unit))
        graph.add((node, DCTERMS.source, ISO_CODES))
        if code in sovereigns:
            graph.add((node, KMB.sovereign, ids.country(sovereigns[code])))
        if code in joined:
            graph.add((node, KMB.oecdMemberSince, Literal(str(joined[code]), datatype=XSD.gYear)))
        graph.add((node, KMB.imfAdvancedEconomy, Literal(code in advanced)))
    for row in names:
        if not row["kind"].startswith("preferred"):
            graph.add((ids.country(row["iso2"]), SKOS.hiddenLabel, Literal(row["name"], lang="en")))
    return graph


class CountryResolver:
    """Resolve free-text country names to upper-case ISO alpha-2 codes, with caching.

    Parameters
    ----------
    names : dict of str to str
        Lower-cased name -> ISO code: the country names the data knows.
    """

    def __init__(self, names: dict[str, str]) -> None:
        import country_converter as coco  # heavy (pandas): import only when resolving

        logging.getLogger("country_converter").setLevel(logging.CRITICAL)
        self._coco = coco.CountryConverter()
        self._names = names
        self._cached = lru_cache(maxsize=None)(self._resolve)

    @classmethod
    def from_store(cls, store: KembarStore) -> CountryResolver:
        """A resolver that knows the names of every country in *store*."""
        return cls({row["name"].lower(): row["code"] for row in store.select(_NAMES)})

    @classmethod
    def from_graph(cls, graph: Graph) -> CountryResolver:
        """A resolver that knows the country names of an rdflib *graph*."""
        names: dict[str, str] = {}
        for node, code in graph.subject_objects(KMB.iso3166Alpha2):
            for prop in (RDFS.label, SKOS.altLabel, SKOS.hiddenLabel):
                for name in graph.objects(node, prop):
                    names[str(name).lower()] = str(code)
        return cls(names)

    def iso2(self, name: str) -> str | None:
        """Return the ISO alpha-2 code of *name*, or None when it cannot be resolved."""
        return self._cached(name.strip())

    def _resolve(self, name: str) -> str | None:
        if not name:
            return None
        candidates = [name]
        if "," in name:  # "Ohio, United States", "Azores, Portugal"
            candidates += [part.strip() for part in reversed(name.split(","))]
        for candidate in candidates:
            known = self._names.get(candidate.lower())
            if known:
                return known
            found = self._coco.convert(candidate, to="ISO2", not_found=None)
            if isinstance(found, str) and re.fullmatch(r"[A-Z]{2}", found):
                return found
        return None
