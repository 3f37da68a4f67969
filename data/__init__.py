"""The curated instance data in Turtle (regions, countries, agreements, law, rules, the paper).

>>> from kembar.data import data_files
>>> "agreements.ttl" in [f.name for f in data_files()]
True
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

__all__ = [
    "DATA_ISSUED",
    "DATA_MODIFIED",
    "DATA_VERSION",
    "LAW_TTL",
    "LEADS_YAML",
    "PROVISIONS_TTL",
    "RULES_TTL",
    "SEARCHES_YAML",
    "TIES_YAML",
    "data_files",
]  # fmt: skip


#: The version of the curated data: the year, the month and a serial within the month
#: (``2026.12.0``), raised with every change of the facts, the law or the rules
#: (docs/data.md). Each version has its IRI (``https://w3id.org/kembar/dataset/2026.12.0``).
DATA_VERSION = "2026.12.6"
#: When the dataset was first published, and when this version was.
DATA_ISSUED = "2026-11-28"
DATA_MODIFIED = "2026-12-07"

#: The rule catalogue R01-R54 as data: IDs, legal bases, severities, regimes.
RULES_TTL: Traversable = files(__name__) / "rules.ttl"
#: The legal instruments, their dates and what replaced what; central bodies.
LAW_TTL: Traversable = files(__name__) / "law.ttl"
#: Every provision of the instruments' parts on cooperation abroad, and the rules that
#: enforce each (generated from ``data/provisions/*.yaml`` by ``kembar.graph.ingest.law``).
PROVISIONS_TTL: Traversable = files(__name__) / "provisions.ttl"
#: Kembar's fact table: one entry per tie, with stages, status, fields and cited pages.
TIES_YAML: Traversable = files(__name__) / "ties.yaml"
#: Leads: ties a list or a database names that no page had shown, each searched and closed.
LEADS_YAML: Traversable = files(__name__) / "leads.yaml"
#: When each province was last searched, with which queries, and the leads still open.
SEARCHES_YAML: Traversable = files(__name__) / "searches.yaml"


def data_files() -> list[Traversable]:
    """Return every Turtle file of the curated graph, sorted by name."""
    return sorted(
        (f for f in files(__name__).iterdir() if f.name.endswith(".ttl")), key=lambda f: f.name
    )
