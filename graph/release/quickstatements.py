"""What Kembar can give back to Wikidata: ``kembar export quickstatements``.

For every twinning (sister city, sister province or friendship city: not an agency's
MoU) that reached a signed document, is confirmed by an official page or a news
report, and whose two parties both have a Wikidata item, each direction of "twinned
administrative body" (P190) that the 2016 snapshot lacks becomes one QuickStatements (v1)
line: the start time (P580) at the precision known (year 9, month 10, day 11), the page
that states the signing as reference URL (S854) and the day it was read (S813). Refuted,
proposal-only and Wikipedia-only ties never give a line, nor does a page of Wikipedia.

The other way round, :attr:`Export.contradicted` lists the snapshot's statements that a
refuted tie of Kembar contradicts, with the reason, for an editor to look at.

>>> from kembar.graph.store import KembarStore
>>> from pathlib import Path
>>> snapshot = Path("../shared/data/wikidata")
>>> found = quickstatements(KembarStore(), snapshot) if snapshot.is_dir() else None
>>> found is None or all(line.split("\\t")[1] == "P190" for line in found.lines)
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from kembar.graph.errors import ClientError
from kembar.graph.ingest.links import fold, p190_snapshot
from kembar.graph.store import KembarStore
from kembar.graph.store.stats import SIGNED
from kembar.ontology import ids

__all__ = ["Export", "quickstatements"]

_PRECISION = {"year": 9, "month": 10, "day": 11}
_CONFIRMED = ("official", "news")
#: Kinds of tie that are twinning in Wikidata's sense (an investment MoU is not).
_TWINNING = ("sister_city", "sister_province", "friendship")


@dataclass
class Export:
    """The lines to paste into QuickStatements, and what the snapshot says that Kembar's
    sources contradict."""

    lines: list[str] = field(default_factory=list)
    ties: list[str] = field(default_factory=list)
    contradicted: list[dict[str, str]] = field(default_factory=list)
    eligible: int = 0


def _time(value: pd.Timestamp, precision: str) -> str:
    return f"+{value:%Y-%m-%d}T00:00:00Z/{_PRECISION[precision]}"


def _reference(tie: str, stages: pd.DataFrame, sources: pd.DataFrame) -> tuple[str, str] | None:
    """The page that states the tie's first signing (else its first page that is not
    Wikipedia), with the day it was read."""
    pages = sources[(sources["tie_id"] == tie) & ~sources["url"].str.contains("wikipedia.org")]
    if pages.empty:
        return None
    signed = stages[(stages["tie_id"] == tie) & stages["stage"].isin(SIGNED)]
    signed = signed.sort_values(["date", "stage_no"], na_position="last")
    preferred = [u for u in signed["source_url"].dropna() if u in set(pages["url"])]
    url = preferred[0] if preferred else pages.sort_values("source_no")["url"].iloc[0]
    read = pages[pages["url"] == url]["read_on"].dropna()
    return url, (f"+{read.iloc[0]:%Y-%m-%d}T00:00:00Z/11" if not read.empty else "")


def quickstatements(store: KembarStore, snapshot: Path) -> Export:
    """The P190 statements Kembar can add to Wikidata, and the snapshot's contradicted ones.

    Parameters
    ----------
    store : KembarStore
        The store (its curated ties).
    snapshot : Path
        The folder of the P190 snapshot (``../shared/data/wikidata``).

    Returns
    -------
    Export

    Raises
    ------
    ClientError
        When *snapshot* does not hold the snapshot's files.
    """
    from kembar.graph.release.loader import typed
    from kembar.graph.release.schema import TABLES
    from kembar.graph.release.tables import build_tables

    try:
        statements, names = p190_snapshot(snapshot)
    except OSError as exc:
        raise ClientError(f"--snapshot {snapshot}: no P190 snapshot there ({exc})") from None
    tables = {n: typed(f, TABLES[n]["schema"])
              for n, f in build_tables(store, ["ties", "stages", "sources"]).items()}  # fmt: skip
    ties, stages, sources = tables["ties"], tables["stages"], tables["sources"]
    export = Export()
    chosen = ties[
        ties["confidence"].isin(_CONFIRMED) & ties["agreement"].fillna(False)
        & ties["kind"].isin(_TWINNING)
        & ties["party_wikidata"].notna() & ties["partner_wikidata"].notna()
    ]  # fmt: skip
    export.eligible = len(chosen)
    for tie in chosen.itertuples():
        reference = _reference(tie.tie_id, stages, sources)
        if reference is None:
            continue
        url, read = reference
        qualifiers = ""
        if not pd.isna(tie.first_signed):
            qualifiers = f"\tP580\t{_time(tie.first_signed, str(tie.first_signed_precision))}"
        cite = f'\tS854\t"{url}"' + (f"\tS813\t{read}" if read else "")
        added = False
        for a, b in ((tie.party_wikidata, tie.partner_wikidata),
                     (tie.partner_wikidata, tie.party_wikidata)):  # fmt: skip
            if (a, b) not in statements:
                export.lines.append(f"{a}\tP190\t{b}{qualifiers}{cite}")
                added = True
        if added:
            export.ties.append(tie.tie_id)
    export.contradicted = _contradicted(store, statements, names)
    return export


_REFUTED = """
SELECT ?tie ?label ?party ?qid ?name ?because WHERE {
    ?tie a kmb:RefutedTie ; kmb:claimedParty ?party ; kmb:refutedBecause ?because .
    FILTER (LANGMATCHES(LANG(?because), "en"))
    OPTIONAL { ?tie rdfs:label ?label FILTER (LANGMATCHES(LANG(?label), "en")) }
    OPTIONAL { ?party skos:exactMatch ?qid FILTER (STRSTARTS(STR(?qid), STR(wd:))) }
    OPTIONAL { ?party rdfs:label|skos:altLabel|kmb:nativeName ?name }
}
"""


def _contradicted(
    store: KembarStore, statements: set[tuple[str, str]], names: dict[str, str]
) -> list[dict[str, str]]:
    """Snapshot statements between the two parties of a refuted tie: the party with an item
    of its own, and the other found among that item's P190 twins by its name."""
    twins: dict[str, set[str]] = {}
    for a, b in statements:
        twins.setdefault(a, set()).add(b)
        twins.setdefault(b, set()).add(a)
    labels: dict[str, str] = {}
    because: dict[str, str] = {}
    qids: dict[str, dict[str, str]] = {}
    folded: dict[str, dict[str, set[str]]] = {}
    for row in store.select(_REFUTED):
        tie = row["tie"]
        labels[tie], because[tie] = row.get("label", ""), row["because"]
        if row.get("qid"):
            qids.setdefault(tie, {})[row["party"]] = row["qid"].removeprefix(str(ids.WD))
        if row.get("name"):
            folded.setdefault(tie, {}).setdefault(row["party"], set()).add(fold(row["name"]))
    found = []
    for tie, items in sorted(qids.items()):
        for party, qid in items.items():
            for other, names_of_other in folded.get(tie, {}).items():
                if other == party:
                    continue
                match = next(
                    (q for q in twins.get(qid, ()) if fold(names.get(q, "")) in names_of_other),
                    None,
                )
                if match is None:
                    continue
                said = [
                    f"{a} P190 {b}" for a, b in ((qid, match), (match, qid)) if (a, b) in statements
                ]
                found.append({"tie": tie, "label": labels[tie], "statements": "; ".join(said),
                              "because": because[tie]})  # fmt: skip
    return sorted({f["tie"]: f for f in found}.values(), key=lambda f: f["tie"])
