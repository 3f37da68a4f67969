"""The figures of ``/explore`` and the region pages as data that can leave: each with the
SPARQL that produces it, what it counts and in which unit, its coverage, and its rows.

A figure's rows are its SPARQL's answer (the permalink a caption links to, opened in the
query editor, gives the same numbers), plus the columns read from them: a decade's share
and its Wilson interval. ``/explore/figures/{name}.csv`` serves them;
``tests/graph/analytics/test_figures.py`` checks that the charts draw the same numbers.

>>> from kembar.graph.store import KembarStore
>>> years = figure(KembarStore(), "years")
>>> years["columns"], years["coverage"]["of"] >= years["coverage"]["n"] > 100
(['year', 'ties'], True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kembar.graph.analytics.inference import wilson
from kembar.graph.errors import ClientError, NotFoundError
from kembar.graph.store import KembarStore, named, subclasses
from kembar.ontology.namespace import KMB

__all__ = ["FIGURES", "REGIONAL", "Figure", "figure", "figure_csv", "figures_view"]

#: The ties every figure of Indonesia's side reads: an Indonesian party and a foreign one.
_TIES = """
    ?agreement kmb:party ?party , ?partner .
    ?party kmb:country country:id .
    ?partner kmb:country ?country . ?country kmb:iso3166Alpha2 ?code FILTER (?code != "ID")"""
_SECTOR = """
    ?agreement kmb:addressesSector ?sector .
    ?sector rdfs:label ?sector_label FILTER (LANGMATCHES(LANG(?sector_label), "LANG"))"""


@dataclass(frozen=True)
class Figure:
    """What a figure counts, in which unit, and the SPARQL that gives its rows."""

    title: dict[str, str]
    counts: dict[str, str]
    unit: dict[str, str]
    sparql: str
    columns: tuple[str, ...]
    coverage: str = ""
    """A SPARQL ``SELECT ?n ?of``: how many of the ties it could count it counts."""


_ALL_TIES = "SELECT (COUNT(DISTINCT ?agreement) AS ?of) WHERE {" + _TIES + "}"

FIGURES: dict[str, Figure] = {
    "years": Figure(
        {"en": "Ties per year of signing", "id": "Hubungan per tahun penandatanganan"},
        {"en": "ties between an Indonesian region and a foreign partner, by the year of their "
               "first signed document",
         "id": "hubungan antara daerah Indonesia dan mitra asing, menurut tahun naskah pertama "
               "yang ditandatangani"},
        {"en": "ties", "id": "hubungan"},
        "SELECT ?year (COUNT(DISTINCT ?agreement) AS ?ties) WHERE {" + _TIES
        + "\n    ?agreement kmb:signingYear ?year .\n} GROUP BY ?year ORDER BY ?year",
        ("year", "ties"),
        "SELECT (COUNT(DISTINCT ?dated) AS ?n) (COUNT(DISTINCT ?agreement) AS ?of) WHERE {"
        + _TIES + "\n    OPTIONAL { ?agreement kmb:signingYear ?y BIND (?agreement AS ?dated) }\n}",
    ),
    "countries": Figure(
        {"en": "Ties per partner country", "id": "Hubungan per negara mitra"},
        {"en": "ties between an Indonesian region and a region of each country",
         "id": "hubungan antara daerah Indonesia dan daerah setiap negara"},
        {"en": "ties", "id": "hubungan"},
        "SELECT ?code ?name (COUNT(DISTINCT ?agreement) AS ?ties) WHERE {" + _TIES
        + '\n    ?country rdfs:label ?name FILTER (LANGMATCHES(LANG(?name), "LANG"))\n}'
        " GROUP BY ?code ?name ORDER BY DESC(?ties) ?name",
        ("code", "name", "ties"),
        _ALL_TIES.replace("SELECT", "SELECT (COUNT(DISTINCT ?agreement) AS ?n)", 1),
    ),
    "provinces": Figure(
        {"en": "Ties per Indonesian province", "id": "Hubungan per provinsi Indonesia"},
        {"en": "ties of each province: the provincial government's own and those of its "
               "regencies and cities",
         "id": "hubungan setiap provinsi: milik pemerintah provinsi sendiri dan milik "
               "kabupaten/kotanya"},
        {"en": "ties", "id": "hubungan"},
        "SELECT ?province ?name (COUNT(DISTINCT ?own_tie) AS ?own) "
        "(COUNT(DISTINCT ?member_tie) AS ?within) (COUNT(DISTINCT ?agreement) AS ?ties) WHERE {"
        + _TIES + "\n    ?party kmb:province ?province .\n"
        '    ?province rdfs:label ?name FILTER (LANGMATCHES(LANG(?name), "LANG"))\n'
        "    BIND (IF(?party = ?province, ?agreement, ?none) AS ?own_tie)\n"
        "    BIND (IF(?party != ?province, ?agreement, ?none) AS ?member_tie)\n"
        "} GROUP BY ?province ?name ORDER BY DESC(?ties) ?name",
        ("province", "name", "own", "within", "ties"),
        "SELECT (COUNT(DISTINCT ?placed) AS ?n) (COUNT(DISTINCT ?agreement) AS ?of) WHERE {"
        + _TIES + "\n    OPTIONAL { ?agreement kmb:party ?member . ?member kmb:country country:id ; "
        "kmb:province [] BIND (?agreement AS ?placed) }\n}",
    ),
    "stages": Figure(
        {"en": "Ties by how far they got", "id": "Hubungan menurut tahap terjauh"},
        {"en": "all ties of the graph, by their furthest stage ('unknown': nothing says)",
         "id": "semua hubungan dalam graf, menurut tahap terjauhnya ('unknown': tidak ada "
               "keterangan)"},
        {"en": "ties", "id": "hubungan"},
        "SELECT ?stage (COUNT(DISTINCT ?agreement) AS ?ties) WHERE {\n"
        "    ?agreement a ?type . TYPES\n"
        "    OPTIONAL { ?agreement kmb:furthestStage/skos:notation ?reached }\n"
        '    BIND (COALESCE(?reached, "unknown") AS ?stage)\n} GROUP BY ?stage ORDER BY ?stage',
        ("stage", "ties"),
    ),
    "security-decades": Figure(
        {"en": "Security sectors by decade", "id": "Sektor keamanan per dasawarsa"},
        {"en": "dated ties linked to security (by a field of cooperation or an assessment) "
               "that touch each sector, as a share of that decade's such ties, with Wilson's "
               "95% interval",
         "id": "hubungan bertanggal yang terkait keamanan (melalui bidang kerja sama atau "
               "penilaian) yang menyentuh setiap sektor, sebagai bagian dari hubungan serupa "
               "pada dasawarsa itu, dengan selang Wilson 95%"},
        {"en": "share of ties (0-1)", "id": "bagian hubungan (0-1)"},
        "SELECT ?decade ?sector ?sector_label (COUNT(DISTINCT ?agreement) AS ?ties) ?linked "
        "WHERE {" + _TIES + "\n    ?agreement kmb:signingYear ?year ."
        + _SECTOR + "\n    BIND (xsd:integer(FLOOR(?year / 10) * 10) AS ?decade)\n"
        "    { SELECT ?decade (COUNT(DISTINCT ?tie) AS ?linked) WHERE {\n"
        "        ?tie kmb:securityLink [] ; kmb:signingYear ?y ; kmb:party ?p , ?q .\n"
        "        ?p kmb:country country:id . ?q kmb:country ?qc .\n"
        '        ?qc kmb:iso3166Alpha2 ?qcode FILTER (?qcode != "ID")\n'
        "        BIND (xsd:integer(FLOOR(?y / 10) * 10) AS ?decade) } GROUP BY ?decade }\n"
        "} GROUP BY ?decade ?sector ?sector_label ?linked ORDER BY ?decade ?sector",
        ("decade", "sector", "sector_label", "ties", "linked", "share", "low", "high"),
        "SELECT (COUNT(DISTINCT ?linked) AS ?n) (COUNT(DISTINCT ?agreement) AS ?of) WHERE {"
        + _TIES + "\n    OPTIONAL { ?agreement kmb:securityLink [] ; kmb:signingYear [] "
        "BIND (?agreement AS ?linked) }\n}",
    ),
    "security-provinces": Figure(
        {"en": "Security sectors per Indonesian province", "id": "Sektor keamanan per provinsi"},
        {"en": "ties of each province (its regencies and cities included) that touch each sector",
         "id": "hubungan setiap provinsi (termasuk kabupaten/kotanya) yang menyentuh setiap sektor"},
        {"en": "ties", "id": "hubungan"},
        "SELECT ?province ?name ?sector ?sector_label (COUNT(DISTINCT ?agreement) AS ?ties) "
        "WHERE {" + _TIES + "\n    ?party kmb:province ?province .\n"
        '    ?province rdfs:label ?name FILTER (LANGMATCHES(LANG(?name), "LANG"))' + _SECTOR
        + "\n} GROUP BY ?province ?name ?sector ?sector_label ORDER BY ?name ?sector",
        ("province", "name", "sector", "sector_label", "ties"),
    ),
    "security-countries": Figure(
        {"en": "Security sectors per partner country", "id": "Sektor keamanan per negara mitra"},
        {"en": "ties with each partner country that touch each sector",
         "id": "hubungan dengan setiap negara mitra yang menyentuh setiap sektor"},
        {"en": "ties", "id": "hubungan"},
        "SELECT ?code ?name ?sector ?sector_label (COUNT(DISTINCT ?agreement) AS ?ties) WHERE {"
        + _TIES + '\n    ?country rdfs:label ?name FILTER (LANGMATCHES(LANG(?name), "LANG"))'
        + _SECTOR + "\n} GROUP BY ?code ?name ?sector ?sector_label ORDER BY ?name ?sector",
        ("code", "name", "sector", "sector_label", "ties"),
    ),
    "region-years": Figure(
        {"en": "Ties per year, this province and its regencies and cities",
         "id": "Hubungan per tahun, provinsi ini dan kabupaten/kotanya"},
        {"en": "ties of the provincial government and of its regencies and cities, by the "
               "year of their first signed document",
         "id": "hubungan pemerintah provinsi dan kabupaten/kotanya, menurut tahun naskah "
               "pertama yang ditandatangani"},
        {"en": "ties", "id": "hubungan"},
        "SELECT ?this ?year (COUNT(DISTINCT ?agreement) AS ?ties) WHERE {\n"
        "    ?member kmb:province ?this .\n"
        "    ?agreement kmb:party ?member ; kmb:signingYear ?year .\n"
        "} GROUP BY ?this ?year ORDER BY ?year",
        ("year", "ties"),
        "SELECT ?this (COUNT(DISTINCT ?dated) AS ?n) (COUNT(DISTINCT ?agreement) AS ?of) WHERE {\n"
        "    ?member kmb:province ?this . ?agreement kmb:party ?member .\n"
        "    OPTIONAL { ?agreement kmb:signingYear [] BIND (?agreement AS ?dated) }\n"
        "} GROUP BY ?this",
    ),
    "region-partners": Figure(
        {"en": "Partners of this region", "id": "Mitra daerah ini"},
        {"en": "the ties of this region's own government, one row per tie",
         "id": "hubungan pemerintah daerah ini sendiri, satu baris per hubungan"},
        {"en": "ties", "id": "hubungan"},
        "SELECT ?this ?agreement ?partner ?name ?code ?signed ?stage WHERE {\n"
        "    ?agreement kmb:party ?this , ?partner FILTER (?partner != ?this)\n"
        '    OPTIONAL { ?partner rdfs:label ?name FILTER (LANGMATCHES(LANG(?name), "LANG")) }\n'
        "    OPTIONAL { ?partner kmb:country/kmb:iso3166Alpha2 ?code }\n"
        "    OPTIONAL { ?agreement kmb:signedOn ?signed }\n"
        "    OPTIONAL { ?agreement kmb:furthestStage/skos:notation ?stage }\n"
        "} ORDER BY ?signed ?name",
        ("agreement", "partner", "name", "code", "signed", "stage"),
    ),
}  # fmt: skip
#: Figures of one region (``region=`` names it).
REGIONAL = ("region-years", "region-partners")


def _query(text: str, lang: str) -> str:
    return text.replace('"LANG"', f'"{lang}"').replace(
        "TYPES", subclasses("type", KMB.Agreement, strict=True)
    )


def figure(
    store: KembarStore, name: str, lang: str = "en", region: str | None = None
) -> dict[str, Any]:
    """One figure: its words in *lang*, its SPARQL, columns, rows and coverage.

    Parameters
    ----------
    store : KembarStore
        The store.
    name : str
        A key of :data:`FIGURES`.
    lang : str
        ``en`` or ``id``: the names in the rows and the caption's words.
    region : str, optional
        The region's IRI, for the figures of :data:`REGIONAL` (passed as a term).

    Returns
    -------
    dict
        ``name``, ``title``, ``counts``, ``unit``, ``sparql``, ``columns``, ``rows`` (lists in
        the order of ``columns``), ``coverage`` (``n`` of ``of`` ties, or None).

    Raises
    ------
    NotFoundError
        For a name that is no figure.
    """
    if name not in FIGURES:
        raise NotFoundError(f"no figure {name!r}; the figures are {', '.join(FIGURES)}")
    spec = FIGURES[name]
    lang = lang if lang in ("en", "id") else "en"
    sparql = _query(spec.sparql, lang)
    bound: dict[str, Any] = {}
    if name in REGIONAL:
        if not region:
            raise ClientError(f"the figure {name} needs region= (a region's IRI or id)")
        try:
            bound = {"this": named(region)}
        except ValueError:
            raise ClientError(f"region={region!r} is not an IRI") from None
    rows = []
    for found in store.select(sparql, bound):
        row: dict[str, Any] = dict(found)
        if name == "security-decades":
            k, n = int(row["ties"]), int(row["linked"])
            low, high = wilson(k, n)
            row |= {"share": round(k / n, 3), "low": round(low, 3), "high": round(high, 3)}
        rows.append([_number(row.get(c)) for c in spec.columns])
    coverage = None
    if spec.coverage:
        counted = store.select(_query(spec.coverage, lang), bound)
        coverage = (
            {"n": int(counted[0]["n"]), "of": int(counted[0]["of"])}
            if counted
            else {"n": 0, "of": 0}
        )
    if bound:  # the permalink names the region, as a query of one's own would
        sparql += f"\nVALUES ?this {{ {bound['this']} }}"
    return {
        "name": name, "title": spec.title[lang], "counts": spec.counts[lang],
        "unit": spec.unit[lang], "sparql": sparql, "columns": list(spec.columns),
        "rows": rows, "coverage": coverage,
    }  # fmt: skip


def _number(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            try:
                return float(value) if value.replace(".", "", 1).isdigit() else value
            except ValueError:
                return value
    return value


def figure_csv(store: KembarStore, name: str, lang: str = "en", region: str | None = None) -> str:
    """The figure's rows as CSV, its columns as the header."""
    import csv
    import io

    found = figure(store, name, lang, region)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(found["columns"])
    writer.writerows(["" if v is None else v for v in row] for row in found["rows"])
    return out.getvalue()


def figures_view(
    store: KembarStore, names: list[str], lang: str = "en", region: str | None = None
) -> dict[str, dict[str, Any]]:
    """Several figures at once (one worker task for a page)."""
    return {name: figure(store, name, lang, region) for name in names}
