"""The paper's claims, each tested on the data with one SPARQL query and a stated reading.

A :class:`Claim` pairs what the paper asserts (paraphrased, in English and Indonesian)
with the SPARQL that fetches the evidence and a *judge* that reads the rows into figures
and a :class:`Verdict`: ``supported``, ``not supported``, or ``not testable with this
data`` when the data cannot speak to it (no dated ties between two foreign countries, say).
Thresholds a reading needs ("far more") are constants here, named in the claim's text.

>>> from kembar.graph.store import KembarStore
>>> results = check(KembarStore())
>>> [(r.claim.key, r.verdict.value) for r in results][2]
('first-indonesian-tie', 'supported')
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from kembar.graph.analytics import development
from kembar.graph.analytics.inference import Estimate, change, median, wilson
from kembar.graph.analytics.inference import share as _share_of
from kembar.graph.store import KembarStore
from kembar.ontology import ids
from kembar.ontology.namespace import KMB

__all__ = [
    "CLAIMS",
    "FAR_MORE",
    "MIN_TIES",
    "SUBSETS",
    "SUBUNIT_SHARE",
    "Claim",
    "Result",
    "Verdict",
    "check",
    "render",
]

#: "Far more" twins: at least this many times the median elsewhere.
FAR_MORE = 3
#: Dated ties each half of a timeline needs before a trend is read from it.
MIN_TIES = 10
#: The day the Home Affairs circular SE 193/1652/PUOD made the scheme official.
CIRCULAR = "1993-04-26"
JAVA = "ID-JW"

PAPER = ids.source("chandra-2015")
JAKARTA = ids.region("id", "provinsi-dki-jakarta")
SURABAYA = ids.region("id", "kota-surabaya")
BANDUNG = ids.region("id", "kota-bandung")
BRAUNSCHWEIG = ids.region("de", "braunschweig")


class Verdict(Enum):
    """What the data says about a claim."""

    SUPPORTED = "supported"
    NOT_SUPPORTED = "not supported"
    INCONCLUSIVE = "inconclusive"
    NOT_TESTABLE = "not testable with this data"


def _from(estimate: Estimate) -> Verdict:
    return Verdict(estimate.verdict)


def _judged(holds: bool) -> Verdict:
    return Verdict.SUPPORTED if holds else Verdict.NOT_SUPPORTED


@dataclass(frozen=True)
class Reading:
    """A judge's answer: the verdict, the figures behind it, and how they were read."""

    verdict: Verdict
    figures: dict[str, Any]
    reading: str
    estimates: tuple[Estimate, ...] = ()
    """The estimates the verdict reads, with their intervals and tests (none for a count
    or a single fact, which no sampling model fits)."""


@dataclass(frozen=True)
class Claim:
    """A claim of the paper and how the data tests it."""

    key: str
    statement: dict[str, str]
    where: str
    """Where in the paper (:data:`PAPER`) the claim is made."""
    sparql: str
    judge: Callable[[list[dict[str, str]]], Reading] = field(repr=False)
    source: str = str(PAPER)


@dataclass(frozen=True)
class Result:
    """A claim with its verdict on the current data."""

    claim: Claim
    verdict: Verdict
    figures: dict[str, Any]
    reading: str
    estimates: tuple[Estimate, ...] = ()
    sensitivity: tuple[dict[str, Any], ...] = ()
    """The verdict on each subset of :data:`SUBSETS`: does it hold?"""

    def as_json(self, lang: str = "en") -> dict[str, Any]:
        return {
            "claim": self.claim.key,
            "statement": self.claim.statement[lang],
            "source": self.claim.source,
            "where": self.claim.where,
            "verdict": self.verdict.value,
            "estimates": [e.as_json() for e in self.estimates],
            "sensitivity": list(self.sensitivity),
            "figures": self.figures,
            "reading": self.reading,
            "sparql": self.claim.sparql.strip(),
        }


# -- 1. how many regional governments have foreign ties -----------------------------------

_GOVERNMENTS = """
SELECT DISTINCT ?agreement ?party ?level ?province WHERE {
    ?agreement kmb:party ?party , ?partner .
    ?party kmb:country country:id .
    ?partner kmb:country ?country FILTER (?country != country:id)
    OPTIONAL { ?party kmb:adminLevel ?level }
    OPTIONAL { ?party kmb:province ?province }
}
"""


def _governments(rows: list[dict[str, str]]) -> Reading:
    parties = {row["party"] for row in rows}
    provincial = {row["party"] for row in rows if row.get("level") == str(KMB.Provinsi)}
    municipal = parties - provincial
    provinces = {row["province"] for row in rows if "province" in row}
    figures = {
        "regional_governments": len(parties),
        "cities_and_regencies": len(municipal),
        "provinces_themselves": len(provincial),
        "provinces_covered": len(provinces),
        "paper": {"city_governments": 47, "provinces": 34},
    }
    holds = len(municipal) >= 47 and len(provinces) >= 34
    return Reading(
        _judged(holds),
        figures,
        f"{len(municipal)} city and regency governments (and {len(provincial)} provinces) "
        f"with at least one foreign tie, in {len(provinces)} provinces; the paper's floor is "
        "47 in 34. The graph holds documented ties only, so falling short means the "
        "data does not confirm the figure, not that it is wrong. A count of documented ties "
        "has no sampling interval: it is a lower bound.",
    )


# -- 2. big Java cities against the rest ---------------------------------------------------

_PARTNERS = """
SELECT ?agreement ?party ?partner ?island WHERE {
    ?agreement kmb:party ?party , ?partner .
    ?party kmb:country country:id .
    ?partner kmb:country ?country FILTER (?country != country:id)
    OPTIONAL { ?party kmb:province/kmb:geographicalUnit ?island }
}
"""


def _java(rows: list[dict[str, str]]) -> Reading:
    partners: dict[str, set[str]] = {}
    island: dict[str, str | None] = {}
    for row in rows:
        partners.setdefault(row["party"], set()).add(row["partner"])
        island[row["party"]] = row.get("island")
    counts = {party: len(found) for party, found in partners.items()}
    big = {"Jakarta": str(JAKARTA), "Surabaya": str(SURABAYA), "Bandung": str(BANDUNG)}
    outside = [n for party, n in counts.items() if island[party] not in {None, JAVA}]
    other_java = [
        n for party, n in counts.items() if island[party] == JAVA and party not in big.values()
    ]  # fmt: skip
    if not outside:
        return Reading(Verdict.NOT_TESTABLE, {}, "no Indonesian party outside Java has a tie")
    middle = statistics.median(outside)
    figures: dict[str, Any] = {name: counts.get(iri, 0) for name, iri in big.items()}
    figures |= {
        "median_outside_java": middle,
        "parties_outside_java": len(outside),
        "median_other_java": statistics.median(other_java) if other_java else None,
        "far_more_means": f"at least {FAR_MORE}x the median outside Java",
    }
    fewest = min(figures[name] for name in big)
    estimate = median(outside, fewest / FAR_MORE, above=False,
                      quantity="median foreign partners of an Indonesian party outside Java")  # fmt: skip
    listed = ", ".join(f"{name} {figures[name]}" for name in big)
    return Reading(
        _from(estimate),
        figures,
        f"Foreign partners: {listed}; the median Indonesian party outside Java has {middle:g} "
        f"(95% interval {estimate.low:g}-{estimate.high:g}, {len(outside)} parties). The claim "
        f"holds if each of the three has at least {FAR_MORE} times that: the whole interval "
        f"must lie below {fewest / FAR_MORE:.3g} (a third of the fewest, {fewest}).",
        (estimate,),
    )


# -- 3. the first Indonesian tie, before the 1993 circular ---------------------------------

_DATED_INDONESIAN = """
SELECT ?agreement ?signed ?a ?b WHERE {
    ?agreement kmb:party ?a , ?b ; kmb:signedOn ?signed .
    ?a kmb:country country:id .
    FILTER (?a != ?b)
} ORDER BY STR(?signed) ?agreement
"""


def _first(rows: list[dict[str, str]]) -> Reading:
    if not rows:
        return Reading(Verdict.NOT_TESTABLE, {}, "no dated tie with an Indonesian party")
    first = rows[0]
    deals = {row["agreement"]: row["signed"] for row in rows}
    before = sorted(a for a, signed in deals.items() if signed < CIRCULAR)
    pair = {first["a"], first["b"]}
    holds = pair == {str(BANDUNG), str(BRAUNSCHWEIG)} and first["signed"].startswith("1960")
    figures = {
        "first": {"agreement": first["agreement"], "signed": first["signed"]},
        "dated_ties": len(deals),
        "signed_before_circular": len(before),
        "circular": CIRCULAR,
        "paper": {"CEMR": 1951, "Sister Cities International": 1956, "Bandung-Braunschweig": 1960},
    }
    return Reading(
        _judged(holds),
        figures,
        f"The earliest dated Indonesian tie is {first['agreement'].rsplit('/', 1)[-1]} "
        f"({first['signed']}); {len(before)} of {len(deals)} dated Indonesian ties were signed "
        f"before the circular of {CIRCULAR}.",
    )


# -- 4. where the movement began ----------------------------------------------------------

_DATED_FOREIGN = """
SELECT ?agreement ?signed ?ca ?cb WHERE {
    ?agreement kmb:party ?a , ?b ; kmb:signedOn ?signed .
    FILTER (STR(?a) < STR(?b))
    ?a kmb:country/kmb:iso3166Alpha2 ?ca . ?b kmb:country/kmb:iso3166Alpha2 ?cb .
    FILTER (?ca != "ID" && ?cb != "ID")
}
"""


def _origins(rows: list[dict[str, str]]) -> Reading:
    early = [r for r in rows if r["signed"][:4] < "1960"]
    figures = {"dated_foreign_ties": len(rows), "before_1960": len(early)}
    if len(rows) < MIN_TIES:
        return Reading(
            Verdict.NOT_TESTABLE,
            figures,
            f"{len(rows)} dated ties between two non-Indonesian parties; at least {MIN_TIES} "
            "are needed to say where twinning began.",
        )
    western = sum(
        1 for r in early
        if "Europe" in {development.world_region(r["ca"]), development.world_region(r["cb"])}
        or "US" in {r["ca"], r["cb"]}
    )  # fmt: skip
    figures["before_1960_european_or_us"] = western
    estimate = _share_of(western, len(early), 0.5, quantity="share of ties before 1960 with a "
                     "European or US party")  # fmt: skip
    return Reading(
        _from(estimate),
        figures,
        f"{western} of {len(early)} ties dated before 1960 have a European or US party "
        f"(95% interval {estimate.low:.0%}-{estimate.high:.0%}); the claim holds if the whole "
        "interval is above half.",
        (estimate,),
    )


# -- 5. from developed-developed towards developing pairs ---------------------------------

_DATED_PAIRS = """
SELECT ?agreement ?signed ?ca ?cb WHERE {
    ?agreement kmb:party ?a , ?b ; kmb:signedOn ?signed .
    FILTER (STR(?a) < STR(?b))
    ?a kmb:country/kmb:iso3166Alpha2 ?ca . ?b kmb:country/kmb:iso3166Alpha2 ?cb .
} ORDER BY STR(?signed)
"""

DD, DG, GG = "developed-developed", "developed-developing", "developing-developing"


def _kinds(rows: list[dict[str, str]]) -> tuple[list[str], dict[str, dict[str, int]]]:
    """Each dated tie's pair kind (OECD in its year), and the counts per decade."""
    kinds: list[str] = []
    decades: dict[str, dict[str, int]] = {}
    for row in rows:
        year = int(row["signed"][:4])
        kind = development.pair_kind(row["ca"], row["cb"], year)
        kinds.append(kind)
        decade = decades.setdefault(f"{year // 10 * 10}s", {DD: 0, DG: 0, GG: 0})
        decade[kind] += 1
    return kinds, decades


def _share(kinds: Sequence[str], kind: str) -> float:
    return round(Counter(kinds)[kind] / len(kinds), 3) if kinds else 0.0


def _shift(rows: list[dict[str, str]]) -> Reading:
    kinds, decades = _kinds(rows)
    half = len(kinds) // 2
    early, late = kinds[:half], kinds[half:]
    indonesian = sum(1 for r in rows if "ID" in {r["ca"], r["cb"]})
    figures: dict[str, Any] = {"by_decade": decades, "dated_ties": len(kinds)}
    figures |= {f"{k}_share_{n}": _share(part, k) for n, part in (("earlier", early), ("later", late)) for k in (DD, GG)}  # fmt: skip
    if half < MIN_TIES or not any(k == DD for k in kinds):
        return Reading(
            Verdict.NOT_TESTABLE,
            figures,
            f"{len(kinds)} dated ties, {Counter(kinds)[DD]} of them between two developed "
            "countries (OECD members in the year of signing), so a move away from "
            f"developed-developed pairs cannot show; {indonesian} of the dated ties have an "
            "Indonesian party (the next claim reads Indonesia's side).",
        )
    fewer_dd = change(Counter(early)[DD], len(early), Counter(late)[DD], len(late), increase=False,
                      quantity="change of the developed-developed share (later - earlier)")  # fmt: skip
    more_gg = change(Counter(early)[GG], len(early), Counter(late)[GG], len(late), increase=True,
                     quantity="change of the developing-developing share (later - earlier)")  # fmt: skip
    verdicts = {fewer_dd.verdict, more_gg.verdict}
    verdict = (Verdict.SUPPORTED if verdicts == {"supported"} else
               Verdict.NOT_SUPPORTED if "not supported" in verdicts else Verdict.INCONCLUSIVE)  # fmt: skip
    return Reading(
        verdict,
        figures,
        f"Developed-developed share {_share(early, DD):.0%} in the earlier half of the dated "
        f"ties, {_share(late, DD):.0%} in the later; developing-developing "
        f"{_share(early, GG):.0%} then {_share(late, GG):.0%}. Supported if both changes' "
        "intervals exclude 0 in the claimed direction.",
        (fewer_dd, more_gg),
    )


def _indonesian_shift(rows: list[dict[str, str]]) -> Reading:
    indonesian = [r for r in rows if "ID" in {r["ca"], r["cb"]} and r["ca"] != r["cb"]]
    kinds, decades = _kinds(indonesian)
    half = len(kinds) // 2
    early, late = kinds[:half], kinds[half:]
    figures = {
        "by_decade": decades,
        "dated_ties": len(kinds),
        "developing_partner_share_earlier": _share(early, GG),
        "developing_partner_share_later": _share(late, GG),
    }
    figures["by_decade_share"] = _decade_shares(
        {d: (c[GG], c[GG] + c[DG]) for d, c in decades.items()}
    )
    if half < MIN_TIES:
        return Reading(Verdict.NOT_TESTABLE, figures, f"{len(kinds)} dated Indonesian foreign ties")
    estimate = change(Counter(early)[GG], len(early), Counter(late)[GG], len(late), increase=True,
                      quantity="change of the share of partners outside the OECD (later - earlier)")  # fmt: skip
    return Reading(
        _from(estimate),
        figures,
        f"Indonesia is not an OECD member, so each tie is developed-developing or "
        f"developing-developing. Partners outside the OECD (in the year of signing): "
        f"{_share(early, GG):.0%} of the earlier half of {len(kinds)} dated ties, "
        f"{_share(late, GG):.0%} of the later half: a change of {estimate.value:+.1%} (95% "
        f"interval {estimate.low:+.1%} to {estimate.high:+.1%}, one-sided p = "
        f"{estimate.p_value:.2f}). By decade, developing partners of all: "
        + ", ".join(f"{d} {c[GG]}/{c[GG] + c[DG]}" for d, c in sorted(decades.items()))
        + ".",
        (estimate,),
    )


def _decade_shares(counts: dict[str, tuple[int, int]]) -> list[dict[str, Any]]:
    """Each decade's share with its Wilson interval: ``k`` of ``n``."""
    out = []
    for decade, (k, n) in sorted(counts.items()):
        low, high = wilson(k, n)
        out.append({"decade": decade, "k": k, "n": n, "share": round(k / n, 3) if n else None,
                    "low": round(low, 3), "high": round(high, 3)})  # fmt: skip
    return out


# -- 7. towards non-traditional security ---------------------------------------------------

_SECURITY = """
SELECT ?agreement ?year ?property ?target ?nontraditional WHERE {
    ?agreement a kmb:Agreement ; kmb:signingYear ?year ; kmb:securityLink ?link .
    ?link kmb:linkProperty ?property ; kmb:linkTarget ?target .
    OPTIONAL { ?target a kmb:NonTraditionalThreat BIND (true AS ?nontraditional) }
} ORDER BY ?year ?agreement
"""


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def _security(rows: list[dict[str, str]]) -> Reading:
    deals: dict[str, dict[str, Any]] = {}
    for row in rows:
        deal = deals.setdefault(
            row["agreement"], {"year": int(row["year"]), "links": set(), "nt": False}
        )
        deal["links"].add((_local(row["property"]), _local(row["target"])))
        deal["nt"] = deal["nt"] or "nontraditional" in row
    ordered = sorted(deals.values(), key=lambda d: d["year"])
    military = ("addressesSector", "MilitarySector")
    decades: dict[str, dict[str, Any]] = {}
    for d in ordered:
        decade = decades.setdefault(
            f"{d['year'] // 10 * 10}s", {"agreements": 0, "non_traditional": 0, "military": 0,
                                         "sectors": Counter(), "dimensions": Counter()}
        )  # fmt: skip
        decade["agreements"] += 1
        decade["non_traditional"] += d["nt"]
        decade["military"] += military in d["links"]
        decade["sectors"].update(t for p, t in d["links"] if p == "addressesSector")
        decade["dimensions"].update(t for p, t in d["links"] if p == "servesDimension")
    for decade in decades.values():
        decade["sectors"], decade["dimensions"] = (
            dict(decade["sectors"]),
            dict(decade["dimensions"]),
        )
    half = len(ordered) // 2
    early, late = ordered[:half], ordered[half:]

    def share(part: list[dict[str, Any]], test: Callable[[dict[str, Any]], bool]) -> float:
        return round(sum(1 for d in part if test(d)) / len(part), 3) if part else 0.0

    nt = (share(early, lambda d: d["nt"]), share(late, lambda d: d["nt"]))
    mil = (
        share(early, lambda d: military in d["links"]),
        share(late, lambda d: military in d["links"]),
    )
    figures: dict[str, Any] = {
        "dated_ties_with_links": len(ordered),
        "non_traditional_share_earlier": nt[0], "non_traditional_share_later": nt[1],
        "military_share_earlier": mil[0], "military_share_later": mil[1],
        "split_year": late[0]["year"] if late else None,
        "by_decade": decades,
    }  # fmt: skip
    figures["by_decade_share"] = _decade_shares(
        {d: (c["non_traditional"], c["agreements"]) for d, c in decades.items()})  # fmt: skip
    if half < MIN_TIES:
        return Reading(Verdict.NOT_TESTABLE, figures,
                       f"{len(ordered)} dated ties with a cooperation field or an assessed "
                       f"threat; at least {2 * MIN_TIES} are needed to compare two halves.")  # fmt: skip

    def count(part: list[dict[str, Any]], test: Callable[[dict[str, Any]], bool]) -> int:
        return sum(1 for d in part if test(d))

    more_nt = change(count(early, lambda d: d["nt"]), len(early), count(late, lambda d: d["nt"]),
                     len(late), increase=True,
                     quantity="change of the share addressing a non-traditional threat")  # fmt: skip
    more_mil = change(count(early, lambda d: military in d["links"]), len(early),
                      count(late, lambda d: military in d["links"]), len(late), increase=True,
                      quantity="change of the share touching the military sector")  # fmt: skip
    if more_nt.verdict == "not supported" or more_mil.verdict == "supported":
        verdict = Verdict.NOT_SUPPORTED
    elif more_nt.verdict == "supported":
        verdict = Verdict.SUPPORTED
    else:
        verdict = Verdict.INCONCLUSIVE
    return Reading(
        verdict,
        figures,
        f"Of {len(ordered)} dated ties whose fields or assessments link them to security, "
        f"{nt[0]:.0%} of the earlier half (before {figures['split_year']}) and {nt[1]:.0%} of "
        f"the later half address a non-traditional threat (change {more_nt.value:+.1%}, 95% "
        f"interval {more_nt.low:+.1%} to {more_nt.high:+.1%}); {mil[0]:.0%} and {mil[1]:.0%} "
        "touch the military sector. Supported if the non-traditional share's rise excludes 0 "
        "and the military share's rise does not lie wholly above 0. Ties without fields are "
        "left out (see the report's counts).",
        (more_nt, more_mil),
    )


# -- 8. the subunit level -----------------------------------------------------------------

#: The share of Indonesian ties whose parties must all be subunits for the claim to hold.
SUBUNIT_SHARE = 0.95

_LEVELS = """
SELECT ?agreement ?party ?level WHERE {
    ?agreement a kmb:Agreement ; kmb:party ?party , ?indonesian .
    ?indonesian kmb:country country:id .
    OPTIONAL { ?party kmb:analysisLevel ?level }
}
"""


def _subunits(rows: list[dict[str, str]]) -> Reading:
    levels: dict[str, set[str]] = {}
    for row in rows:
        levels.setdefault(row["agreement"], set()).add(_local(row.get("level", "none")))
    both = sorted(a for a, found in levels.items() if found == {"Subunit"})
    other = Counter(level for found in levels.values() for level in found if level != "Subunit")
    share = round(len(both) / len(levels), 3) if levels else 0.0
    figures = {"ties": len(levels), "all_parties_subunits": len(both), "share": share,
               "other_levels_met": dict(other), "threshold": SUBUNIT_SHARE}  # fmt: skip
    if not levels:
        return Reading(Verdict.NOT_TESTABLE, figures, "no Indonesian tie in the graph")
    estimate = _share_of(len(both), len(levels), SUBUNIT_SHARE,
                         quantity="share of Indonesian ties joining two subunits")  # fmt: skip
    return Reading(
        _from(estimate),
        figures,
        f"{len(both)} of {len(levels)} Indonesian ties ({share:.0%}, 95% interval "
        f"{estimate.low:.1%}-{estimate.high:.1%}) join two subunits; the claim holds if the "
        f"whole interval is above {SUBUNIT_SHARE:.0%}. Other levels met: "
        + (", ".join(f"{k} {v}" for k, v in sorted(other.items())) or "none")
        + " (a party that is a place, not a government, has no level).",
        (estimate,),
    )


CLAIMS: tuple[Claim, ...] = (
    Claim(
        "regional-governments",
        {"en": "At least 47 city governments, in 34 provinces, have sister ties abroad.",
         "id": "Sedikitnya 47 pemerintah kota di 34 provinsi menjalin kerja sama kota kembar "
               "dengan luar negeri."},
        "its count of Indonesian sister cities",
        _GOVERNMENTS, _governments,
    ),
    Claim(
        "java-concentration",
        {"en": f"The big Java cities (Jakarta, Surabaya, Bandung) have far more sister ties "
               f"than cities outside Java (read: at least {FAR_MORE} times the median).",
         "id": f"Kota besar di Jawa (Jakarta, Surabaya, Bandung) memiliki jauh lebih banyak "
               f"kota kembar daripada kota di luar Jawa (dibaca: sedikitnya {FAR_MORE} kali "
               f"mediannya)."},
        "the Java cities",
        _PARTNERS, _java,
    ),
    Claim(
        "first-indonesian-tie",
        {"en": "Indonesian twinning began with Bandung and Braunschweig in 1960, long before "
               "the 1993 circular made sister cities official.",
         "id": "Kota kembar Indonesia dimulai oleh Bandung dan Braunschweig pada 1960, jauh "
               "sebelum surat edaran 1993 meresmikannya."},
        "its timeline: 1951, 1956, 1960, 1993",
        _DATED_INDONESIAN, _first,
    ),
    Claim(
        "movement-origins",
        {"en": "Twinning started in Europe (CEMR, 1951) and the United States (Sister Cities "
               "International, 1956).",
         "id": "Gerakan kota kembar bermula di Eropa (CEMR, 1951) dan Amerika Serikat "
               "(Sister Cities International, 1956)."},
        "its timeline",
        _DATED_FOREIGN, _origins,
    ),
    Claim(
        "development-shift",
        {"en": "Ties moved from pairs of developed countries towards developed-developing and "
               "developing-developing pairs.",
         "id": "Kerja sama bergeser dari pasangan negara maju ke pasangan negara maju-"
               "berkembang dan berkembang-berkembang."},
        "the shift in pairs",
        _DATED_PAIRS, _shift,
    ),
    Claim(
        "development-shift-indonesia",
        {"en": "The same shift, read on Indonesia's own ties: more and more partners are "
               "developing countries.",
         "id": "Pergeseran yang sama pada kerja sama Indonesia sendiri: makin banyak mitra "
               "dari negara berkembang."},
        "the shift in pairs, Indonesia's side",
        _DATED_PAIRS, _indonesian_shift,
    ),
    Claim(
        "non-traditional-shift",
        {"en": "Sister-city cooperation moved security away from the military towards the "
               "non-traditional: ties increasingly address threats such as poverty, disease, "
               "environmental damage and disasters.",
         "id": "Kerja sama kota kembar menggeser keamanan dari militer ke non-tradisional: "
               "makin banyak kerja sama yang menangani ancaman seperti kemiskinan, penyakit, "
               "kerusakan lingkungan dan bencana."},
        "its thesis on non-traditional security",
        _SECURITY, _security,
    ),
    Claim(
        "subunit-level",
        {"en": f"A city that cooperates abroad acts as a subunit (read: at least "
               f"{SUBUNIT_SHARE:.0%} of Indonesia's ties join two subunits).",
         "id": f"Kota yang bekerja sama dengan luar negeri bertindak sebagai subunit (dibaca: "
               f"sedikitnya {SUBUNIT_SHARE:.0%} kerja sama Indonesia menghubungkan dua subunit)."},
        "its levels of analysis",
        _LEVELS, _subunits,
    ),
)  # fmt: skip


def check(
    store: KembarStore, claims: Sequence[Claim] = CLAIMS, *, include_weak: bool = False
) -> list[Result]:
    """Test each claim on *store*: run its SPARQL, read the rows, give the verdict.

    Weakly sourced ties (``kmb:sourceSupport kmb:SupportWeak``: one news item, blog,
    abstract or Wikipedia list alone) are left out unless *include_weak*; the sensitivity
    table always reads each verdict again the other way.

    Parameters
    ----------
    store : KembarStore
        The store to read.
    claims : sequence of Claim
        The claims to test; the paper's (:data:`CLAIMS`) by default.
    include_weak : bool
        Count weakly sourced ties too.

    Returns
    -------
    list of Result
        Each claim with its figures and verdict, in the order given.

    Examples
    --------
    >>> from kembar.graph.store import KembarStore
    >>> first = check(KembarStore())[2]
    >>> first.claim.key, first.verdict.name
    ('first-indonesian-tie', 'SUPPORTED')
    """
    subsets, weak = _subsets(store)
    other = ("with-weak", "weak ties included") if not include_weak else (
        "without-weak", "weak ties left out")  # fmt: skip
    results = []
    for claim in claims:
        every = store.select(claim.sparql)
        strong = [r for r in every if r.get("agreement") not in weak]
        rows = every if include_weak else strong
        found = claim.judge(rows)
        sensitivity = []
        variants = {name: (label, members, rows) for name, (label, members) in subsets.items()}
        variants[other[0]] = (other[1], None, strong if include_weak else every)
        for name, (label, members, base) in variants.items():
            chosen = base if members is None else [r for r in base if r.get("agreement") in members]
            again = claim.judge(chosen) if members is None or chosen else None
            sensitivity.append({
                "subset": name, "label": label,
                "ties": len({r["agreement"] for r in chosen if "agreement" in r}),
                "verdict": again.verdict.value if again else Verdict.NOT_TESTABLE.value,
                "estimate": again.estimates[0].as_json() if again and again.estimates else None,
            })  # fmt: skip
        results.append(Result(claim, found.verdict, found.figures, found.reading,
                              found.estimates, tuple(sensitivity)))  # fmt: skip
    return results


#: The subsets each verdict is read again on: does it hold without the weaker evidence?
SUBSETS = {
    "all": "all ties",
    "confirmed": "ties confirmed by an official page or two independent outlets",
    "dated": "ties with a year of signing",
    "signed": "ties that reached a signed document",
}
_SUBSET_QUERY = """
SELECT ?a ?support ?year ?stage WHERE {
    ?a a ?type . TYPES
    OPTIONAL { ?a kmb:sourceSupport ?support }
    OPTIONAL { ?a kmb:signingYear ?year }
    OPTIONAL { ?a kmb:furthestStage/skos:notation ?stage }
}
"""


def _subsets(store: KembarStore) -> tuple[dict[str, tuple[str, set[str] | None]], set[str]]:
    """The subsets of :data:`SUBSETS` (None: every tie), and the weakly sourced ties."""
    from kembar.graph.store import subclasses
    from kembar.graph.store.stats import SIGNED

    rows = store.select(_SUBSET_QUERY.replace("TYPES", subclasses("type", KMB.Agreement)))
    members = {
        "confirmed": {r["a"] for r in rows if r.get("support") == str(KMB.SupportConfirmed)},
        "dated": {r["a"] for r in rows if r.get("year")},
        "signed": {r["a"] for r in rows if r.get("stage") in SIGNED},
    }
    weak = {r["a"] for r in rows if r.get("support") == str(KMB.SupportWeak)}
    return {name: (label, members.get(name)) for name, label in SUBSETS.items()}, weak


def _estimate_line(e: Estimate) -> str:
    p = f", {e.test}: p = {e.p_value:.3g}" if e.p_value is not None else ""
    return (f"{e.quantity}: {e.value:.3g} (95% interval {e.low:.3g} to {e.high:.3g}, "
            f"{e.method}, n = {e.n}{p}) -> {e.verdict}")  # fmt: skip


def _sensitivity_line(r: Result) -> str:
    return "; ".join(f"{s['subset']} ({s['ties']}): {s['verdict']}" for s in r.sensitivity)


def render(results: Sequence[Result], fmt: str = "text", lang: str = "en") -> str:
    """The results as ``text``, ``md`` (a table, the sensitivity table, then each claim's
    estimates and query) or ``json``."""
    if fmt == "json":
        return json.dumps([r.as_json(lang) for r in results], indent=2, ensure_ascii=False)
    if fmt == "md":
        lines = ["| claim | verdict | what the data says |", "|---|---|---|"]
        lines += [
            f"| {r.claim.statement[lang]} | **{r.verdict.value}** | {r.reading} |" for r in results
        ]
        lines += ["", "Does the verdict hold on each subset of ties?", "",
                  "| claim | " + " | ".join(SUBSETS.values()) + " |",
                  "|---|" + "---|" * len(SUBSETS)]  # fmt: skip
        lines += [f"| {r.claim.key} | " + " | ".join(s["verdict"] for s in r.sensitivity) + " |"
                  for r in results]  # fmt: skip
        for r in results:
            lines += ["", f"### {r.claim.key}", ""]
            lines += [f"- {_estimate_line(e)}" for e in r.estimates]
            lines += ["", "```sparql", r.claim.sparql.strip(), "```"]
        return "\n".join(lines)
    out = []
    for r in results:
        out += [f"[{r.verdict.value.upper()}] {r.claim.key}", f"  {r.claim.statement[lang]}",
                f"  {r.reading}"]  # fmt: skip
        out += [f"  estimate: {_estimate_line(e)}" for e in r.estimates]
        out += [f"  on subsets: {_sensitivity_line(r)}", "  SPARQL:"]
        out += [f"    {line}" for line in r.claim.sparql.strip().splitlines()]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
