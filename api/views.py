"""What one page needs from the graph, gathered in one worker job.

Each visit to a pool is a wait for a worker, and under load each wait may last up to the
contended share (``KEMBAR_CONTENDED_LIMIT``): a page that asked three times waited three
times. These functions run in a task worker with its store (module-level, so that a pool
can send them) and bring back everything a page shows at once.

>>> from kembar.graph.store import KembarStore
>>> from kembar.ontology import ids
>>> found = entity_page(KembarStore(), str(ids.region("id", "kota-bandung")), "en")
>>> found["page"]["kind"], sorted(found["figures"])
('region', ['region-partners'])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kembar.graph.analytics.figures import figures_view
from kembar.graph.analytics.views import claims_view, explore_view
from kembar.graph.errors import ClientError
from kembar.graph.linkeddata.pages import entity_view
from kembar.graph.validation.audit import audit_view

if TYPE_CHECKING:
    from kembar.graph.store import KembarStore

__all__ = ["entity_page", "explore_page"]


def entity_page(store: KembarStore, iri: str, lang: str) -> dict[str, Any] | None:
    """A resource's page (:func:`~kembar.graph.linkeddata.pages.entity_view`), with an
    agreement's audit against the law and a region's figures; None when the graph says
    nothing about *iri*."""
    page = entity_view(store, iri, lang)
    if page is None:
        return None
    audit = None
    if page["kind"] == "agreement":
        try:
            audit = audit_view(store, iri)
        except ClientError:  # not judgeable (a party missing): the page says nothing
            audit = None
    figures: dict[str, Any] = {}
    if page["kind"] == "region":  # the partners table, and a province's years chart
        names = ["region-partners", *(["region-years"] if page.get("years") else [])]
        figures = figures_view(store, names, lang, iri)
    return {"page": page, "audit": audit, "figures": figures}


def explore_page(store: KembarStore, lang: str, figures: list[str]) -> dict[str, Any]:
    """The explore page's views, its *figures* and the non-traditional-shift claim."""
    return {
        "view": explore_view(store, lang),
        "figures": figures_view(store, figures, lang),
        "shift": claims_view(store, lang, ["non-traditional-shift"])[0],
    }
