"""The curated graph, audited: an agreement in the store seen as a validator submission.

:func:`submission_of` builds the submission-format view of a stored agreement from
whatever the graph knows (form, parties, fields, date, renewal); everything it does not
know is simply absent, so the report says what a full file would still need. Dates known
only to the year or month are judged as of their first day.

>>> from kembar.graph.store import KembarStore
>>> store = KembarStore()
>>> sub = submission_of(store, "surabaya-kaohsiung")
>>> sub.model.foreign_party.country, sub.model.form
('TW', 'sister_city')
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pyoxigraph as ox
from kembar.graph.errors import ClientError, NotFoundError
from kembar.graph.store import KembarStore, named, subclasses
from kembar.graph.validation.submission import (
    FORMAT_VERSION,
    Submission,
    SubmissionModel,
    from_model,
)
from kembar.ontology import ids
from kembar.ontology.namespace import KMB
from rdflib import RDF, RDFS, SKOS

__all__ = ["audit_view", "curated_agreements", "submission_of"]

_FORMS = {
    "SisterCityAgreement": "sister_city",
    "SisterProvinceAgreement": "sister_province",
    "FriendshipAgreement": "other",
    "OtherCooperation": "other",
}

_VIEW = """
SELECT ?agreement ?p ?o ?party ?pp ?po WHERE {
    { ?agreement ?p ?o . FILTER (?p IN (rdf:type, kmb:cooperationField, kmb:signedOn,
                                     kmb:renewalOf, rdfs:label)) }
    UNION {
        ?agreement kmb:party ?party .
        { ?party ?pp ?po . FILTER (?pp IN (rdfs:label, kmb:adminLevel)) }
        UNION { ?party kmb:country/kmb:iso3166Alpha2 ?po . BIND (kmb:countryCode AS ?pp) }
        UNION { ?party kmb:province/rdfs:label ?po . BIND (kmb:provinceName AS ?pp) }
    }
    UNION { ?agreement kmb:cooperationField/skos:notation ?o . BIND (skos:notation AS ?p) }
}
"""


def _iri(slug_or_iri: str) -> ox.NamedNode:
    """The agreement's IRI from its slug or IRI; anything that is neither is refused."""
    text = slug_or_iri if ":" in slug_or_iri else str(ids.agreement(slug_or_iri))
    try:
        return ox.NamedNode(text)
    except ValueError:
        raise ClientError(f"{slug_or_iri!r} is neither an agreement's slug nor an IRI") from None


def curated_agreements(store: KembarStore) -> list[str]:
    """IRIs of every agreement in the curated ``data`` graph, sorted.

    Parameters
    ----------
    store : KembarStore
        The store.

    Returns
    -------
    list of str
        The agreements' IRIs.
    """
    rows = store.select(
        "SELECT DISTINCT ?a ?data WHERE { GRAPH ?data { ?a kmb:party ?p } ?a a ?kind . "
        + subclasses("kind", KMB.Agreement)
        + " } ORDER BY ?a",
        {"data": named(ids.graph_iri("data"))},
    )
    return [row["a"] for row in rows]


def submission_of(store: KembarStore, slug_or_iri: str) -> Submission:
    """Build the submission view of a stored agreement, given its slug or IRI.

    Parameters
    ----------
    store : KembarStore
        Where the agreement is.
    slug_or_iri : str
        ``surabaya-kaohsiung`` or the agreement's whole IRI.

    Returns
    -------
    Submission
        What a submission of this agreement would contain, as far as the graph knows.

    Raises
    ------
    NotFoundError
        When no agreement has that slug or IRI.
    ClientError
        When it is not an IRI, or the resource is not an agreement with two parties.
    """
    node = _iri(slug_or_iri)
    iri = node.value
    rows = store.select(_VIEW, {"agreement": node})
    if not rows:
        raise NotFoundError(f"no agreement {slug_or_iri!r} in the store")
    agreement: dict[str, list[str]] = defaultdict(list)
    parties: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if "party" in row and "pp" in row:
            parties[row["party"]][row["pp"]].append(row["po"])
        elif "p" in row:
            agreement[row["p"]].append(row["o"])
    form = next(
        (_FORMS[t.rsplit("#", 1)[1]] for t in agreement[str(RDF.type)]
         if t.startswith(str(KMB)) and t.rsplit("#", 1)[1] in _FORMS),
        None,
    )  # fmt: skip
    if form is None or len(parties) != 2:
        raise ClientError(f"{iri} is not an agreement with two parties")
    ours, theirs = sorted(parties.items(), key=lambda kv: kv[1].get(str(KMB.countryCode)) != ["ID"])
    document: dict[str, object] = {
        "format": FORMAT_VERSION,
        "id": iri.rsplit("/", 1)[1],
        "form": form,
        "indonesian_party": _party(ours[1], indonesian=True),
        "foreign_party": _party(theirs[1], indonesian=False),
    }
    if labels := agreement[str(RDFS.label)]:
        document["title"] = labels[0]
    if fields := sorted(set(agreement[str(SKOS.notation)])):
        document["fields"] = fields
    if signed := _day(agreement[str(KMB.signedOn)]):
        document["dates"] = {"signed": signed}
    if renewed := agreement[str(KMB.renewalOf)]:
        document["renewal_of"] = renewed[0].rsplit("/", 1)[1]
    model = SubmissionModel.model_validate(document, strict=False)
    return from_model(model, iri)


def audit_view(store: KembarStore, slug_or_iri: str) -> dict[str, Any]:
    """A stored agreement as a submission and its report: what an agreement's page shows
    and what the validation form is prefilled with (a worker task).

    Parameters
    ----------
    store : KembarStore
        Where the agreement is.
    slug_or_iri : str
        Its slug or IRI.

    Returns
    -------
    dict
        ``submission`` (the JSON document, as far as the graph knows it) and ``report``
        (the JSON report of submission-format.md).

    Raises
    ------
    NotFoundError, ClientError
        As :func:`submission_of`.
    """
    from kembar.graph.validation.validator import validator_of

    submission = submission_of(store, slug_or_iri)
    assert submission.model is not None
    report = validator_of(store).validate(submission, graph=False)
    document = submission.model.model_dump(mode="json", exclude_none=True)
    return {"submission": document, "report": report.as_json()}


_LEVELS = {
    str(KMB.Provinsi): "provinsi", str(KMB.Kabupaten): "kabupaten", str(KMB.Kota): "kota",
    str(KMB.ProvinceLevel): "province_level", str(KMB.MunicipalLevel): "municipal_level",
}  # fmt: skip


def _party(values: dict[str, list[str]], *, indonesian: bool) -> dict[str, str]:
    names = sorted(set(values.get(str(RDFS.label), [])))
    party: dict[str, str] = {"name": names[0] if names else "(unnamed)"}
    code = next((_LEVELS[v] for v in values.get(str(KMB.adminLevel), []) if v in _LEVELS), None)
    if indonesian:
        if code in {"provinsi", "kabupaten", "kota"}:
            party["level"] = code
        province = next(iter(values.get(str(KMB.provinceName), [])), None)
        if province is None and code == "provinsi":
            province = party["name"]
        if province is not None:
            party["province"] = province.removeprefix("Provinsi ")
    else:
        party["country"] = next(iter(values.get(str(KMB.countryCode), [])), "")
        party["type"] = "subnational_government"
        if code in {"province_level", "municipal_level"}:
            party["level"] = code
        elif code == "provinsi":
            party["level"] = "province_level"
        elif code in {"kabupaten", "kota"}:
            party["level"] = "municipal_level"
    return party


def _day(values: list[str]) -> str | None:
    """The first xsd:date-like value as YYYY-MM-DD; a year or month counts from its first day."""
    for text in values:
        parts = text.split("-")
        try:
            if len(parts) == 3:
                return dt.date.fromisoformat(text).isoformat()
            if len(parts) == 2:
                return dt.date(int(parts[0]), int(parts[1]), 1).isoformat()
            return dt.date(int(parts[0]), 1, 1).isoformat()
        except ValueError:
            continue
    return None
