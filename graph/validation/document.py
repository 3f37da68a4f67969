"""The report as a document an office can file: what was judged, under which law, by which
version of the rules, and each finding once, with the provisions it rests on, what they
require, what the submission gave and how to fix it — in English and Indonesian.

:func:`judge_document` is what a worker does for a person's check (``POST /validate`` asking
for a page): it parses and validates the submission like :func:`.validator.validate_document`
and adds to the report (:meth:`.Report.as_json`, the contract of submission-format.md) the
parts a reader needs; :mod:`kembar.api` renders it in the reader's language.

>>> from kembar.graph.store import KembarStore
>>> doc = judge_document(KembarStore(), b'''{"format": "kembar-agreement/1", "form": "sister_city",
...   "indonesian_party": {"name": "Kota Surabaya", "level": "kota"},
...   "foreign_party": {"name": "Kaohsiung", "country": "TW"}, "dates": {"signed": "2021-03-01"}}''',
...   "x.json")
>>> doc["regime"]["label"]["id"], [g["rule"] for g in doc["groups"]][:2]
('rezim PP 28/2018 dan Permendagri 25/2020', ['R01', 'R04'])
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from kembar.data import LAW_TTL, PROVISIONS_TTL, RULES_TTL
from kembar.graph.store import KembarStore
from kembar.graph.validation.rulebook import LANGUAGES, Rulebook, rulebook
from kembar.graph.validation.submission import Submission, parse_submission
from kembar.graph.validation.validator import SEVERITIES, Finding, Report, validator_of
from kembar.ontology import ONTOLOGY_TTL, ids
from kembar.ontology.namespace import KMB
from kembar.shapes import shape_files
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

__all__ = ["Law", "judge_document", "law", "report_document", "versions"]

#: The submission's fields a report names the agreement by, in this order.
SUMMARY_PATHS = (
    "title", "form", "indonesian_party.name", "indonesian_party.level",
    "indonesian_party.province", "foreign_party.name", "foreign_party.country",
    "foreign_party.type", "foreign_party.level", "dates.loi_signed", "dates.signed",
    "dates.start", "dates.end", "duration_years",
)  # fmt: skip

#: A submission's agreement class -> its ``form`` code (an RDF submission has no JSON).
_FORMS = {KMB.SisterCityAgreement: "sister_city", KMB.SisterProvinceAgreement: "sister_province"}


class Law:
    """The law as the report cites it: instruments, rules and provisions with their texts in
    both languages, read once per process from the package's data (:func:`law`)."""

    def __init__(self) -> None:
        self.graph = Graph()
        for file in (LAW_TTL, RULES_TTL, PROVISIONS_TTL, ONTOLOGY_TTL):
            self.graph.parse(file.read_bytes(), format="turtle")

    def texts(self, subject: Node, prop: URIRef) -> dict[str, str]:
        """The *prop* of *subject* by language (``en``, ``id``); empty where missing."""
        found = {
            o.language: str(o)
            for o in self.graph.objects(subject, prop)
            if isinstance(o, Literal) and o.language in LANGUAGES
        }
        return found

    def label(self, subject: Node) -> dict[str, str]:
        """The label of *subject* in both languages (the English one where Indonesian lacks)."""
        found = self.texts(subject, RDFS.label) or self.texts(subject, SKOS.prefLabel)
        if "en" in found:
            found.setdefault("id", found["en"])
        return found

    def provisions(self, rule_id: str, day: dt.date | None = None) -> list[dict[str, Any]]:
        """The provisions rule *rule_id* enforces, in their instruments' order: on *day*,
        only those of instruments in force then, and never an article beside its own part
        (``Pasal 27 ayat (1)`` goes when ``… huruf a`` is listed)."""
        rule = ids.rule(rule_id)
        listed = {str(p) for p in self.graph.objects(rule, KMB.basedOnProvision)}
        found = []
        for iri in listed:
            if any(other.startswith(iri + "/") for other in listed):
                continue
            slug = iri.split("/law/")[1].split("/")[0]
            if day is not None and not self.in_force(ids.law(slug), day):
                continue
            node = URIRef(iri)
            found.append({
                "iri": iri, "instrument": slug, "label": self.label(node),
                "requires": self.texts(node, KMB.paraphrase),
                "order": int(str(self.graph.value(node, KMB.provisionOrder) or 0)),
            })  # fmt: skip
        return sorted(found, key=lambda p: (p["instrument"], p["order"]))

    def in_force(self, instrument: Node, day: dt.date) -> bool:
        """Whether *instrument* was in force on *day* (a year or month counts as a whole),
        and not yet superseded by a newer one (the 1993 circular from 2008 on)."""
        end = self.graph.value(instrument, KMB.inForceUntil)
        if not self._started(instrument, day) or not (
            end is None or day.isoformat()[: len(str(end))] <= str(end)
        ):
            return False
        return not any(
            self._started(newer, day) for newer in self.graph.subjects(KMB.supersedes, instrument)
        )

    def _started(self, instrument: Node, day: dt.date) -> bool:
        start = self.graph.value(instrument, KMB.inForceFrom)
        return start is None or str(start)[:10] <= day.isoformat()

    def rule(self, rule_id: str, day: dt.date | None = None) -> dict[str, Any]:
        """What a report says of a rule: its requirement, remedy, provisions and instrument."""
        rule = ids.rule(rule_id)
        instrument = self.graph.value(rule, KMB.basedOn)
        return {
            "requirement": self.texts(rule, KMB.requirement),
            "remedy": self.texts(rule, KMB.remedy),
            "provisions": self.provisions(rule_id, day),
            "instrument": str(instrument) if instrument else None,
        }

    def instruments(self, iris: set[str]) -> list[dict[str, Any]]:
        """The instruments *iris* with their labels, oldest first."""
        found = []
        for iri in iris:
            node = URIRef(iri)
            start = self.graph.value(node, KMB.inForceFrom)
            found.append({"iri": iri, "label": self.label(node), "from": str(start or "")})
        return sorted(found, key=lambda i: (i["from"], i["iri"]))

    def regime(self, notation: str) -> dict[str, Any]:
        """A regime by its notation: its names and the instruments that make it up."""
        for regime in self.graph.subjects(RDF.type, KMB.LegalRegime):
            if str(self.graph.value(regime, SKOS.notation)) == notation:
                return {
                    "notation": notation,
                    "label": self.label(regime),
                    "instruments": [
                        str(i) for i in self.graph.objects(regime, KMB.regimeInstrument)
                    ],
                }
        raise LookupError(f"no regime {notation}")


@cache
def law() -> Law:
    """The process's one :class:`Law`."""
    return Law()


@cache
def versions() -> dict[str, str]:
    """The version of Kembar, and a digest of the rules (the rule catalogue, the provisions
    and every shape file) that changes whenever any rule or its text does."""
    try:
        kembar = version("kembar")
    except PackageNotFoundError:  # pragma: no cover - always installed
        kembar = "unknown"
    digest = hashlib.sha256()
    for file in (RULES_TTL, PROVISIONS_TTL, *shape_files()):
        digest.update(file.read_bytes())
    return {"kembar": kembar, "rules": digest.hexdigest()[:12]}


def judge_document(
    store: KembarStore,
    data: bytes,
    source: str,
    media_type: str | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Parse and judge one submission, and describe the result as a document (a worker task).

    Parameters
    ----------
    store : KembarStore
        Where the context comes from.
    data : bytes
        The submission as sent.
    source : str
        Its name in messages.
    media_type : str, optional
        ``application/json``, ``application/ld+json`` or ``text/turtle``.
    today : datetime.date, optional
        The judging date of a submission with neither signing nor letter-of-intent date.

    Returns
    -------
    dict
        See :func:`report_document`.
    """
    submission = parse_submission(data, source, media_type)
    validator = validator_of(store)
    report = validator.validate(submission, today, graph=False)
    return report_document(report, submission, validator.book, store)


def report_document(
    report: Report,
    submission: Submission,
    book: Rulebook | None = None,
    store: KembarStore | None = None,
) -> dict[str, Any]:
    """*report* as a document: ``report`` (the JSON of submission-format.md), ``conforms``,
    ``counts`` (rules by severity), ``agreement`` (the submission's parties, form and dates,
    as codes), ``country`` (the partner country's names), ``regime`` (names and instruments
    applied), ``judged_on``, ``made_on``, ``versions`` and ``groups``: one per rule, its
    findings' fields and values together, with the rule's provisions, requirement and remedy.
    """
    book = book or rulebook()
    the_law = law()
    groups: dict[str, dict[str, Any]] = {}
    for finding in report.results:
        group = groups.get(finding.rule)
        if group is None:
            group = groups[finding.rule] = {
                "rule": finding.rule, "severity": finding.severity,
                "legal_basis": finding.legal_basis, "items": [], "messages": [],
                **the_law.rule(finding.rule, report.judged_on),
            }  # fmt: skip
        _add(group, finding)
    ordered = sorted(groups.values(), key=lambda g: (SEVERITIES.index(g["severity"]), g["rule"]))
    regime = the_law.regime(report.regime)
    applied = {str(i) for i in regime["instruments"]}
    for shape in book.applicable(report.judged_on):
        instrument = the_law.graph.value(book.rule_shapes[shape], KMB.basedOn)
        if instrument is not None and the_law.in_force(instrument, report.judged_on):
            applied.add(str(instrument))
    agreement = _summary(submission, book)
    country = agreement.get("foreign_party", {}).get("country")
    return {
        "report": {**report.as_json(), "judged_on": report.judged_on.isoformat(), **versions()},
        "conforms": report.conforms,
        "counts": {s: sum(1 for g in ordered if g["severity"] == s) for s in SEVERITIES},
        "agreement": agreement,
        "country": _country_names(store, country) if store is not None and country else {},
        "regime": {**regime, "instruments": the_law.instruments(applied)},
        "judged_on": report.judged_on.isoformat(),
        "made_on": dt.date.today().isoformat(),
        "versions": versions(),
        "groups": ordered,
    }


def _add(group: dict[str, Any], finding: Finding) -> None:
    """One finding into its rule's group: the worst severity, each field and message once."""
    if SEVERITIES.index(finding.severity) < SEVERITIES.index(group["severity"]):
        group["severity"] = finding.severity
    item = {"path": finding.path, "value": finding.value}
    if item not in group["items"] and (finding.path or finding.value is not None):
        group["items"].append(item)
    if finding.message not in group["messages"]:
        group["messages"].append(finding.message)


def _summary(submission: Submission, book: Rulebook) -> dict[str, Any]:
    """The fields the report names the agreement by, nested as the submission has them."""
    if submission.model is not None:
        whole = submission.model.model_dump(mode="json", exclude_none=True)
        flat = {path: _get(whole, path) for path in SUMMARY_PATHS}
    else:
        graph, node = submission.graph, submission.node
        flat = {path: book.code(book.field_value(graph, node, path)) for path in SUMMARY_PATHS}
        kinds = [c for c in graph.objects(node, RDF.type) if isinstance(c, URIRef) and c in _FORMS]
        flat["form"] = _FORMS[kinds[0]] if kinds else flat.get("form")
    nested: dict[str, Any] = {}
    for path, value in flat.items():
        if value is None or value == "":
            continue
        here = nested
        keys = path.split(".")
        for key in keys[:-1]:
            here = here.setdefault(key, {})
        here[keys[-1]] = value
    return nested


def _get(document: dict[str, Any], path: str) -> Any:
    here: Any = document
    for key in path.split("."):
        here = here.get(key) if isinstance(here, dict) else None
    return here


_COUNTRY = """
SELECT ?code ?label WHERE { ?country kmb:iso3166Alpha2 ?code ; rdfs:label ?label . }
"""


def _country_names(store: KembarStore, code: str) -> dict[str, str]:
    """The partner country's names by language, from the store."""
    import pyoxigraph as ox

    found: dict[str, str] = {}
    result = store.query(_COUNTRY, substitutions={"code": ox.Literal(code)})
    for row in result:  # type: ignore[union-attr]
        label = row["label"]
        if isinstance(label, ox.Literal) and label.language in LANGUAGES:
            found.setdefault(label.language, label.value)
    return found
