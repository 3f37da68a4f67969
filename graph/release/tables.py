"""The dataset as tidy tables: one row per tie, per stage, per party, per cited page, per
field, per security link, per validation finding, and per tie and year.

Every table is read from a store (the embedded graph, a world import, a remote server) with
a few SPARQL queries and assembled with pandas; :data:`~kembar.graph.release.schema.TABLES`
says what each column holds, in English and Indonesian, and the release writes both as a
Frictionless Data Package (:mod:`kembar.graph.release.package`).

Dates never share a column with years: a date known to the year, month or day is written as
the first day of that period (``date``) beside its precision (``year``, ``month``, ``day``)
and its year as an integer.

>>> from kembar.graph.store import KembarStore
>>> ties = build_table(KembarStore(), "ties")
>>> braunschweig = ties.set_index("tie_id").loc["bandung-braunschweig"]
>>> braunschweig["furthest_stage"], int(braunschweig["first_signed_year"])
('renewed', 1960)
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
from kembar.graph.release.schema import TABLE_NAMES
from kembar.graph.store import KembarStore, named, subclasses
from kembar.graph.store.stats import SIGNED
from kembar.ontology import ids
from kembar.ontology.namespace import KMB
from rdflib import RDF, RDFS, SKOS, URIRef

__all__ = ["TABLE_NAMES", "Reader", "build_table", "build_tables", "parse_date", "shaped"]


#: Agreement classes -> the fact table's kinds.
_KINDS = {
    str(KMB.SisterCityAgreement): "sister_city", str(KMB.SisterProvinceAgreement): "sister_province",
    str(KMB.FriendshipAgreement): "friendship", str(KMB.OtherCooperation): "other_cooperation",
}  # fmt: skip
#: Evidence classes -> the tables' confidence codes.
_EVIDENCE = {
    str(KMB.ConfirmedByOfficialSource): "official", str(KMB.ConfirmedByNews): "news",
    str(KMB.WikipediaListOnly): "wikipedia_only", str(KMB.ConfirmedByPages): "pages",
    str(KMB.PagesOnly): "pages_only", str(KMB.SubmittedRecord): "submitted",
}  # fmt: skip
#: Source support -> codes.
_SUPPORT = {str(KMB.SupportConfirmed): "confirmed", str(KMB.SupportWeak): "weak"}
#: Statuses -> codes (the ontology's notations, spelled out where they are abbreviations).
_STATUS = {
    str(KMB.StatusActive): "active", str(KMB.StatusRenewed): "renewed",
    str(KMB.StatusMoUSigned): "mou_signed", str(KMB.StatusLetterOfIntent): "letter_of_intent",
    str(KMB.StatusInProcess): "in_process", str(KMB.StatusProposed): "proposed",
    str(KMB.StatusExploration): "exploration", str(KMB.StatusStalled): "stalled",
    str(KMB.StatusDormant): "dormant", str(KMB.StatusExpired): "ended",
    str(KMB.StatusUnknown): "unknown",
}  # fmt: skip
#: Security link properties -> the facet column's codes.
_FACETS = {
    str(KMB.addressesSector): "sector", str(KMB.servesDimension): "dimension",
    str(KMB.addressesThreat): "threat", str(KMB.raisesThreat): "threat_raised",
}  # fmt: skip
_DERIVED_BY = {str(KMB.FieldSecurityRule): "cooperation_field",
               str(KMB.AssessmentThreatRule): "assessment"}  # fmt: skip
_WIKIDATA = str(ids.WD)
_GEONAMES = "https://sws.geonames.org/"


def parse_date(text: str | None) -> tuple[dt.date | None, str | None, int | None]:
    """A date known to the year, month or day as (first day, precision, year).

    >>> parse_date("2016"), parse_date("2016-02")[1], parse_date("1960-05-24")[0]
    ((datetime.date(2016, 1, 1), 'year', 2016), 'month', datetime.date(1960, 5, 24))
    >>> parse_date(None), parse_date("about 2005")
    ((None, None, None), (None, None, None))
    """
    if not text:
        return None, None, None
    parts = text[:10].split("-")
    try:
        numbers = [int(p) for p in parts]
        precision = ("year", "month", "day")[len(numbers) - 1]
        first = dt.date(numbers[0], *(numbers[1:] + [1, 1])[:2])
    except (ValueError, IndexError):
        return None, None, None
    return first, precision, first.year


def _path(iri: str, kind: str) -> str:
    """``https://w3id.org/kembar/id/agreement/x`` -> ``x`` (for kind ``agreement``)."""
    path = ids.instance_path(iri) or iri
    return path.removeprefix(f"{kind}/")


def _properties(
    store: KembarStore, subjects: str, properties: Iterable[URIRef]
) -> dict[str, dict[str, list[tuple[str, str | None]]]]:
    """{subject: {property: [(value, language)]}} for the subjects a graph pattern binds to
    ``?s`` (one query, whatever the number of subjects)."""
    values = " ".join(named(p).__str__() for p in properties)
    query = f"""
        SELECT ?s ?p ?o (LANG(?o) AS ?lang) WHERE {{
            {{ SELECT DISTINCT ?s WHERE {{ {subjects} }} }}
            VALUES ?p {{ {values} }}
            ?s ?p ?o
        }}"""
    found: dict[str, dict[str, list[tuple[str, str | None]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for row in store.select(query):
        found[row["s"]][row["p"]].append((row["o"], row.get("lang") or None))
    return found


def _one(values: list[tuple[str, str | None]] | None, lang: str | None = None) -> str | None:
    """The first value (in *lang*, or without a language, when *lang* is given)."""
    for value, language in sorted(values or []):
        if lang is None or language in (lang, None):
            return value
    return None


_AGREEMENTS = "?s a ?type . " + subclasses("type", KMB.Agreement, strict=True) + " ?s kmb:party []"
_PARTY_PROPS = (RDFS.label, KMB.adminLevel, KMB.country, KMB.province, KMB.homeAffairsCode,
                SKOS.exactMatch, SKOS.closeMatch, ids.GEO.lat, ids.GEO.long)  # fmt: skip


def _graphs(store: KembarStore) -> dict[str, str]:
    """Each agreement -> the named graph that states its parties (``data``, ``import/…``)."""
    rows = store.select(
        "SELECT ?s (MIN(STR(?g)) AS ?graph) WHERE { GRAPH ?g { ?s kmb:party [] } "
        "FILTER (!STRSTARTS(STR(?g), STR(kg:derived))) } GROUP BY ?s"
    )
    prefix = str(ids.graph_iri(""))
    return {row["s"]: row["graph"].removeprefix(prefix) for row in rows}


def _countries(store: KembarStore) -> dict[str, str]:
    rows = store.select("SELECT ?c ?iso WHERE { ?c kmb:iso3166Alpha2 ?iso }")
    return {row["c"]: row["iso"] for row in rows}


def _notations(store: KembarStore) -> dict[str, str]:
    rows = store.select("SELECT ?c ?n WHERE { GRAPH kg:ontology { ?c skos:notation ?n } }")
    return {row["c"]: row["n"] for row in rows}


class Reader:
    """What several tables share, read once per build."""

    def __init__(self, store: KembarStore, today: dt.date | None = None) -> None:
        from kembar.data import DATA_MODIFIED

        self.store = store
        self.release_year = (today or dt.date.fromisoformat(DATA_MODIFIED)).year
        self._cache: dict[str, Any] = {}

    def cached(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    @property
    def agreements(self) -> dict[str, dict[str, list[tuple[str, str | None]]]]:
        props = (RDF.type, RDFS.label, KMB.party, KMB.furthestStage, KMB.status, KMB.statusAsOf,
                 KMB.signingYear, KMB.signedOn, KMB.evidence, KMB.sourceSupport, KMB.citation,
                 KMB.indonesianTerm, KMB.partnerTerm)  # fmt: skip
        return self.cached("agreements", lambda: _properties(self.store, _AGREEMENTS, props))  # type: ignore[no-any-return]

    @property
    def parties(self) -> dict[str, dict[str, list[tuple[str, str | None]]]]:
        where = (
            "{ ?a kmb:party ?s } UNION { ?a kmb:party ?x . ?x kmb:province ?s } "
            "?a a ?type . " + subclasses("type", KMB.Agreement, strict=True)
        )
        return self.cached("parties", lambda: _properties(self.store, where, _PARTY_PROPS))  # type: ignore[no-any-return]

    @property
    def countries(self) -> dict[str, str]:
        return self.cached("countries", lambda: _countries(self.store))  # type: ignore[no-any-return]

    @property
    def notations(self) -> dict[str, str]:
        return self.cached("notations", lambda: _notations(self.store))  # type: ignore[no-any-return]

    def stages(self) -> list[dict[str, Any]]:
        def make() -> list[dict[str, Any]]:
            rows = self.store.select(
                "SELECT ?a ?stage ?kind (MIN(?when) AS ?date) (MIN(STR(?page)) AS ?source) "
                "WHERE { ?a kmb:stage ?stage . ?stage kmb:stageKind ?kind . "
                "OPTIONAL { ?stage kmb:stageDate ?when } OPTIONAL { ?stage dct:source ?page } "
                "} GROUP BY ?a ?stage ?kind"
            )
            return sorted(rows, key=lambda r: (r["a"], int(r["stage"].rsplit("/", 1)[1])))

        return self.cached("stages", make)  # type: ignore[no-any-return]

    def indonesian_first(self, parties: list[str]) -> tuple[str, str | None]:
        """The Indonesian party first (a tie of two Indonesian or two foreign places: by IRI)."""

        def foreign(iri: str) -> bool:
            country = _one(self.parties.get(iri, {}).get(str(KMB.country)))
            return self.countries.get(country or "") != "ID"

        ordered = sorted(parties, key=lambda p: (foreign(p), p))
        return ordered[0], ordered[1] if len(ordered) > 1 else None

    def party_columns(self, iri: str | None, prefix: str) -> dict[str, Any]:
        values = self.parties.get(iri or "", {})
        country = _one(values.get(str(KMB.country)))
        level = _one(values.get(str(KMB.adminLevel)))
        province = _one(values.get(str(KMB.province)))
        return {
            f"{prefix}_id": _path(iri, "region") if iri else None,
            f"{prefix}_name": _one(values.get(str(RDFS.label)), "en"),
            f"{prefix}_level": self.notations.get(level or ""),
            f"{prefix}_country": self.countries.get(country or ""),
            f"{prefix}_province_id": _path(province, "region") if province else None,
            f"{prefix}_home_affairs_code": _one(values.get(str(KMB.homeAffairsCode))),
            f"{prefix}_wikidata": _qid(values),
        }


def _qid(values: dict[str, list[tuple[str, str | None]]]) -> str | None:
    for iri, _ in values.get(str(SKOS.exactMatch), []):
        if iri.startswith(_WIKIDATA):
            return iri.removeprefix(_WIKIDATA)
    return None


def _geonames(values: dict[str, list[tuple[str, str | None]]]) -> int | None:
    for iri, _ in values.get(str(SKOS.closeMatch), []):
        if iri.startswith(_GEONAMES):
            return int(iri.removeprefix(_GEONAMES).strip("/"))
    return None


def _ties(reader: Reader) -> pd.DataFrame:
    graphs = _graphs(reader.store)
    validation = reader.cached("validation", lambda: _validate(reader))
    rows = []
    for iri, values in reader.agreements.items():
        parties = [p for p, _ in values.get(str(KMB.party), [])]
        party, partner = reader.indonesian_first(parties)
        kinds = [_KINDS[t] for t, _ in values.get(str(RDF.type), []) if t in _KINDS]
        stage = reader.notations.get(_one(values.get(str(KMB.furthestStage))) or "")
        status = _STATUS.get(_one(values.get(str(KMB.status))) or "")
        as_of, as_of_precision, _ = parse_date(_one(values.get(str(KMB.statusAsOf))))
        signed, signed_precision, signed_year = parse_date(_one(values.get(str(KMB.signedOn))))
        year = _one(values.get(str(KMB.signingYear)))
        judged = validation.get(iri)
        rows.append({
            "tie_id": _path(iri, "agreement"), "iri": iri,
            "label": _one(values.get(str(RDFS.label)), "en"),
            **reader.party_columns(party, "party"),
            **reader.party_columns(partner, "partner"),
            "kind": kinds[0] if kinds else None,
            "furthest_stage": stage, "agreement": stage in SIGNED,
            "status": status, "status_as_of": as_of, "status_as_of_precision": as_of_precision,
            "first_signed_year": int(year) if year else signed_year,
            "first_signed": signed, "first_signed_precision": signed_precision,
            "confidence": _EVIDENCE.get(_one(values.get(str(KMB.evidence))) or ""),
            "support": _SUPPORT.get(_one(values.get(str(KMB.sourceSupport))) or ""),
            "indonesian_term": _one(values.get(str(KMB.indonesianTerm))),
            "partner_term": _one(values.get(str(KMB.partnerTerm))),
            "sources": len(values.get(str(KMB.citation), [])),
            "regime": judged["regime"] if judged else None,
            "violations": judged["violations"] if judged else None,
            "warnings": judged["warnings"] if judged else None,
            "graph": graphs.get(iri),
        })  # fmt: skip
    return pd.DataFrame(rows).sort_values("tie_id", ignore_index=True)


def _stages(reader: Reader) -> pd.DataFrame:
    rows = []
    for row in reader.stages():
        if row["a"] not in reader.agreements:
            continue
        date, precision, year = parse_date(row.get("date"))
        rows.append({
            "tie_id": _path(row["a"], "agreement"), "stage_no": int(row["stage"].rsplit("/", 1)[1]),
            "stage": reader.notations.get(row["kind"]), "date": date, "date_precision": precision,
            "year": year, "source_url": row.get("source"),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=["tie_id", "stage_no", "stage", "date", "date_precision",
                                       "year", "source_url"])  # fmt: skip


def _parties(reader: Reader) -> pd.DataFrame:
    rows = []
    for iri, values in reader.parties.items():
        country = _one(values.get(str(KMB.country)))
        province = _one(values.get(str(KMB.province)))
        lat, lon = _one(values.get(str(ids.GEO.lat))), _one(values.get(str(ids.GEO.long)))
        rows.append({
            "party_id": _path(iri, "region"), "iri": iri,
            "name_en": _one(values.get(str(RDFS.label)), "en"),
            "name_id": _one(values.get(str(RDFS.label)), "id"),
            "level": reader.notations.get(_one(values.get(str(KMB.adminLevel))) or ""),
            "country": reader.countries.get(country or ""),
            "province_id": _path(province, "region") if province else None,
            "home_affairs_code": _one(values.get(str(KMB.homeAffairsCode))),
            "wikidata": _qid(values), "geonames": _geonames(values),
            "lat": float(lat) if lat else None, "lon": float(lon) if lon else None,
        })  # fmt: skip
    return pd.DataFrame(rows).sort_values("party_id", ignore_index=True)


def _sources(reader: Reader) -> pd.DataFrame:
    rows = reader.store.select(
        "SELECT ?a ?c ?url ?publisher ?type ?read ?en ?id WHERE { ?a kmb:citation ?c . "
        "?c dct:source ?url . OPTIONAL { ?c dct:publisher ?publisher FILTER (LANG(?publisher) = '') } "
        "OPTIONAL { ?c kmb:sourceType ?type } "
        "OPTIONAL { ?c kmb:readOn ?read } "
        "OPTIONAL { ?c kmb:pageStates ?en FILTER (LANG(?en) = 'en') } "
        "OPTIONAL { ?c kmb:pageStates ?id FILTER (LANG(?id) = 'id') } }"
    )
    out = []
    for row in rows:
        if row["a"] not in reader.agreements:
            continue
        read, _, _ = parse_date(row.get("read"))
        out.append({
            "tie_id": _path(row["a"], "agreement"), "source_no": int(row["c"].rsplit("/", 1)[1]),
            "url": row["url"], "publisher": row.get("publisher"), "type": row.get("type"),
            "read_on": read,
            "states_en": row.get("en"), "states_id": row.get("id"),
        })  # fmt: skip
    columns = ["tie_id", "source_no", "url", "publisher", "type", "read_on", "states_en",
               "states_id"]  # fmt: skip
    return pd.DataFrame(out, columns=columns).sort_values(
        ["tie_id", "source_no"], ignore_index=True
    )


def _fields(reader: Reader) -> pd.DataFrame:
    rows = reader.store.select("SELECT DISTINCT ?a ?field WHERE { ?a kmb:cooperationField ?field }")
    out = [
        {"tie_id": _path(r["a"], "agreement"), "field": reader.notations.get(r["field"])}
        for r in rows
        if r["a"] in reader.agreements
    ]
    return pd.DataFrame(out, columns=["tie_id", "field"]).sort_values(
        ["tie_id", "field"], ignore_index=True
    )


def _security(reader: Reader) -> pd.DataFrame:
    rows = reader.store.select(
        "SELECT DISTINCT ?a ?property ?target ?rule ?field ?assessment WHERE { "
        "?a kmb:securityLink ?link . ?link kmb:linkProperty ?property ; kmb:linkTarget ?target ; "
        "kmb:derivedBy ?rule . OPTIONAL { ?link kmb:viaField ?field } "
        "OPTIONAL { ?link kmb:viaAssessment ?assessment } }"
    )
    out = []
    for r in rows:
        if r["a"] not in reader.agreements or r["property"] not in _FACETS:
            continue
        out.append({
            "tie_id": _path(r["a"], "agreement"), "facet": _FACETS[r["property"]],
            "concept": r["target"].rsplit("#", 1)[-1], "derived_by": _DERIVED_BY.get(r["rule"]),
            "via_field": reader.notations.get(r.get("field") or ""),
            "via_assessment": _path(r["assessment"], "assessment") if r.get("assessment") else None,
        })  # fmt: skip
    columns = ["tie_id", "facet", "concept", "derived_by", "via_field", "via_assessment"]
    frame = pd.DataFrame(out, columns=columns).drop_duplicates()
    return frame.sort_values(columns[:4] + ["via_field"], ignore_index=True, na_position="first")


def _validate(reader: Reader) -> dict[str, dict[str, Any]]:
    """Each curated agreement judged as a submission under the regime of its date
    (:mod:`kembar.graph.validation.audit`): {iri: {regime, violations, warnings, findings}}."""
    from kembar.graph.errors import ClientError
    from kembar.graph.validation.audit import curated_agreements, submission_of
    from kembar.graph.validation.validator import validator_of

    validator = validator_of(reader.store)
    judged: dict[str, dict[str, Any]] = {}
    for iri in curated_agreements(reader.store):
        try:
            submission = submission_of(reader.store, iri)
        except ClientError:  # not two parties: nothing a submission could say
            continue
        report = validator.validate(submission, graph=False)
        severities = [f.severity for f in report.results]
        judged[iri] = {
            "regime": report.regime, "judged_on": report.judged_on,
            "violations": severities.count("Violation"), "warnings": severities.count("Warning"),
            "findings": report.results,
        }  # fmt: skip
    return judged


def _validation(reader: Reader) -> pd.DataFrame:
    validation = reader.cached("validation", lambda: _validate(reader))
    rows = []
    for iri, judged in validation.items():
        for finding in judged["findings"]:
            rows.append({
                "tie_id": _path(iri, "agreement"), "regime": judged["regime"],
                "judged_on": judged["judged_on"], "rule": finding.rule,
                "severity": finding.severity, "legal_basis": finding.legal_basis,
                "path": finding.path, "message_en": finding.message.get("en"),
                "message_id": finding.message.get("id"),
            })  # fmt: skip
    columns = ["tie_id", "regime", "judged_on", "rule", "severity", "legal_basis", "path",
               "message_en", "message_id"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).sort_values(["tie_id", "rule"], ignore_index=True)


#: Stages that end a tie, and those that say it sleeps.
_ENDING, _SLEEPING = {"ended"}, {"dormant"}
_PROGRESS = ["proposed", "letter_of_intent", "mou_signed", "agreement_signed", "renewed"]


def _ties_by_year(reader: Reader) -> pd.DataFrame:
    """One row per tie and year, from the year of its first dated stage (or of its first
    signing) to the year it ended or the release's year: the stage it had reached by then
    and the status the sources give for that year."""
    ties = reader.cached("ties", lambda: _ties(reader)).set_index("iri")
    dated: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in reader.stages():
        _, _, year = parse_date(row.get("date"))
        if year is not None and row["a"] in reader.agreements:
            dated[row["a"]].append((year, reader.notations.get(row["kind"], "")))
    rows = []
    for iri, tie in ties.iterrows():
        steps = sorted(dated.get(str(iri), []))
        signed = tie["first_signed_year"]
        if not steps and pd.isna(signed):
            continue
        if not pd.isna(signed) and not any(s in SIGNED for _, s in steps):
            steps = sorted([*steps, (int(signed), "signed")])
        start = steps[0][0]
        status_year = tie["status_as_of"].year if not pd.isna(tie["status_as_of"]) else None
        end = reader.release_year
        ended = [y for y, s in steps if s in _ENDING]
        if ended:
            end = ended[0]
        elif tie["status"] == "ended" and status_year is not None:
            end = status_year
        reached, condition = None, "active"
        for year in range(start, max(start, end) + 1):
            for y, s in steps:
                if y != year:
                    continue
                if s in _ENDING:
                    condition = "ended"
                elif s in _SLEEPING:
                    condition = "dormant"
                else:
                    if reached is None or _rank(s) >= _rank(reached):
                        reached = s
                    condition = "active"
            status = tie["status"] if status_year is not None and year >= status_year else None
            rows.append({
                "tie_id": tie["tie_id"], "year": year, "stage": reached,
                "agreement": reached in SIGNED, "condition": condition, "status": status,
            })  # fmt: skip
    columns = ["tie_id", "year", "stage", "agreement", "condition", "status"]
    return pd.DataFrame(rows, columns=columns)


def _rank(stage: str) -> float:
    return _PROGRESS.index(stage) if stage in _PROGRESS else 0.5


_BUILDERS: dict[str, Callable[[Reader], pd.DataFrame]] = {
    "ties": lambda r: r.cached("ties", lambda: _ties(r)),
    "stages": _stages,
    "parties": _parties,
    "sources": _sources,
    "fields": _fields,
    "security": _security,
    "validation": _validation,
    "ties_by_year": _ties_by_year,
}


def build_tables(
    store: KembarStore, names: Iterable[str] = TABLE_NAMES, *, today: dt.date | None = None
) -> dict[str, pd.DataFrame]:
    """Read the tables *names* from *store*, sharing what they have in common.

    Parameters
    ----------
    store : KembarStore
        The store (its derived graph built: the security links and signing years).
    names : iterable of str
        Tables of :data:`TABLE_NAMES`.
    today : datetime.date, optional
        The year the panel (``ties_by_year``) runs to; by default the data version's.

    Returns
    -------
    dict of str to pandas.DataFrame
        The tables as read, columns in the order of their schemas.

    Raises
    ------
    KeyError
        For a name that is not a table.
    """
    reader = Reader(store, today)
    return {name: shaped(reader, name) for name in names}


def shaped(reader: Reader, name: str) -> pd.DataFrame:
    """The table *name* read by *reader*, its columns in the order of its schema and whole
    numbers kept whole (nullable integers)."""
    from kembar.graph.release.schema import TABLES

    fields = TABLES[name]["schema"]["fields"]
    frame = _BUILDERS[name](reader).reindex(columns=[f["name"] for f in fields])
    for field in fields:  # whole numbers stay whole where a value is missing
        if field["type"] in ("integer", "year"):
            frame[field["name"]] = frame[field["name"]].astype("Int64")
    return frame


def build_table(store: KembarStore, name: str) -> pd.DataFrame:
    """One table of :data:`TABLE_NAMES` read from *store* (see :func:`build_tables`)."""
    return build_tables(store, [name])[name]
