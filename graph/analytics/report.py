"""``kembar report``: one page on the network, the paper's claims and the scorecards, plus
the networks exported for Gephi, yEd, R or a spreadsheet.

:func:`write_report` makes, in a folder:

- ``report.html``: self-contained (every chart a PNG embedded as a data URI), or
  ``report.md`` with the charts beside it in ``charts/``;
- ``networks/``: the region, province and country networks as GraphML, GEXF and CSV edge
  lists (node attributes in GraphML and GEXF; agreements of an edge as IRIs).

Charts (matplotlib, Agg backend): Indonesian agreements per year of signing, per partner
country and per Indonesian province; Java against the rest; a map of the network from the
coordinates (longitude/latitude, no base map: nothing is fetched); top regions by PageRank.
Tables: centrality of the top regions, the claims (:mod:`.claims`) and the scorecards
(:mod:`.assessment`). A progress bar appears on stderr once a report takes over a second.

>>> import tempfile, pathlib
>>> from kembar.graph.store import KembarStore
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> files = write_report(KembarStore(), out, progress=False)
>>> sorted(p.name for p in files if p.parent == out)
['report.html']
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import networkx as nx
from kembar.data import DATA_VERSION
from kembar.graph.analytics import network, security
from kembar.graph.analytics.assessment import scorecards
from kembar.graph.analytics.claims import CIRCULAR, JAVA, check
from kembar.graph.analytics.views import labels_view
from kembar.graph.store import KembarStore
from kembar.ontology import ids

__all__ = ["FORMATS", "write_report"]

FORMATS = ("html", "md")
CIRCULAR_YEAR = int(CIRCULAR[:4])

_INDONESIAN = """
SELECT ?agreement ?signed ?party ?partyLabel ?province ?provinceLabel ?unit ?code ?country
WHERE {
    ?agreement kmb:party ?party , ?partner .
    ?party kmb:country country:id .
    ?partner kmb:country ?c . ?c kmb:iso3166Alpha2 ?code FILTER (?code != "ID")
    OPTIONAL { ?c rdfs:label ?country FILTER (LANGMATCHES(LANG(?country), "en")) }
    OPTIONAL { ?agreement kmb:signedOn ?signed }
    OPTIONAL { ?party rdfs:label ?partyLabel FILTER (LANGMATCHES(LANG(?partyLabel), "en")) }
    OPTIONAL {
        ?party kmb:province ?province .
        ?province rdfs:label ?provinceLabel FILTER (LANGMATCHES(LANG(?provinceLabel), "en"))
        OPTIONAL { ?province kmb:geographicalUnit ?unit }
    }
}
"""


@dataclass(frozen=True)
class Drawn:
    """A figure drawn twice: as PNG (for the page) and as SVG (vectors, for print)."""

    png: bytes
    svg: bytes


@dataclass(frozen=True)
class Chart:
    """One figure: its file stem, title, caption, drawings, and the figures it draws."""

    name: str
    title: str
    caption: str
    drawn: Drawn
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()

    @property
    def png(self) -> bytes:
        return self.drawn.png

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")

    def csv(self) -> str:
        """The figures drawn, as CSV."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return out.getvalue()


def _figure(draw: Callable[[Any], None], size: tuple[float, float] = (8, 4)) -> Drawn:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=size, dpi=110)
    try:
        draw(ax)
        fig.tight_layout()
        png, svg = io.BytesIO(), io.BytesIO()
        fig.savefig(png, format="png")
        fig.savefig(svg, format="svg", metadata={"Date": None})  # no date: a rerun is the same file
        return Drawn(png.getvalue(), svg.getvalue())
    finally:
        plt.close(fig)


def _bars(
    counts: Sequence[tuple[str, float]], xlabel: str, horizontal: bool = False
) -> Callable[[Any], None]:
    def draw(ax: Any) -> None:
        labels, values = [k for k, _ in counts], [v for _, v in counts]
        if horizontal:
            ax.barh(labels[::-1], values[::-1], color="#2b6cb0")
            ax.set_xlabel(xlabel)
        else:
            ax.bar(labels, values, color="#2b6cb0")
            ax.set_ylabel(xlabel)
            ax.tick_params(axis="x", labelrotation=90, labelsize=7)
        ax.spines[["top", "right"]].set_visible(False)

    return draw


def _deals(store: KembarStore) -> list[dict[str, str]]:
    """One row per Indonesian agreement with a foreign party (first match of each)."""
    seen: dict[str, dict[str, str]] = {}
    for row in store.select(_INDONESIAN):
        seen.setdefault(row["agreement"], row)
    return list(seen.values())


def _charts(store: KembarStore, deals: list[dict[str, str]]) -> Iterator[Chart]:
    years = Counter(int(d["signed"][:4]) for d in deals if "signed" in d)
    if years:
        span = list(range(min(years), max(years) + 1))
        bars = _bars([(str(y), years[y]) for y in span], "agreements")

        def draw(ax: Any) -> None:
            bars(ax)
            if CIRCULAR_YEAR in span:  # the circular that made the scheme official
                ax.axvline(span.index(CIRCULAR_YEAR), color="#c53030", linewidth=1)
                ax.annotate(
                    "circular of 1993",
                    (span.index(CIRCULAR_YEAR), max(years.values())),
                    xytext=(4, 0),
                    textcoords="offset points",
                    color="#c53030",
                    fontsize=8,
                )

        yield Chart("per-year", "Agreements per year of signing",
                    f"{sum(years.values())} of {len(deals)} Indonesian agreements with a foreign "
                    "party carry a signing date; the red line marks the 1993 circular.",
                    _figure(draw), ("year", "agreements"),
                    tuple((y, years[y]) for y in span))  # fmt: skip
    countries = Counter(d.get("country", d["code"]) for d in deals).most_common(20)
    yield Chart("per-country", "Agreements per partner country (top 20)",
                f"{len({d['code'] for d in deals})} partner countries in all.",
                _figure(_bars(countries, "agreements", horizontal=True), (8, 6)),
                ("country", "agreements"), tuple(countries))  # fmt: skip
    provinces = Counter(d.get("provinceLabel", "(province unknown)") for d in deals).most_common()
    yield Chart("per-province", "Agreements per Indonesian province",
                f"{len(provinces)} provinces (and places of unknown province).",
                _figure(_bars(provinces, "agreements", horizontal=True), (8, 7)),
                ("province", "agreements"), tuple(provinces))  # fmt: skip
    yield _java(deals)


def _java(deals: list[dict[str, str]]) -> Chart:
    partners: dict[str, set[str]] = {}
    island: dict[str, str] = {}
    for d in deals:
        partners.setdefault(d["party"], set()).add(d["agreement"])
        island[d["party"]] = "Java" if d.get("unit") == JAVA else "elsewhere"
    groups = {
        side: sorted((len(a) for p, a in partners.items() if island[p] == side), reverse=True)
        for side in ("Java", "elsewhere")
    }

    def draw(ax: Any) -> None:
        data = [groups["Java"] or [0], groups["elsewhere"] or [0]]
        ax.boxplot(data, tick_labels=["Java", "elsewhere"], showfliers=True)
        ax.set_ylabel("agreements per Indonesian party")
        ax.spines[["top", "right"]].set_visible(False)

    medians = {side: statistics.median(v) if v else 0 for side, v in groups.items()}
    return Chart("java", "Java against the rest",
                 f"Indonesian parties on Java: {len(groups['Java'])}, median {medians['Java']:g} "
                 f"agreements; elsewhere: {len(groups['elsewhere'])}, median "
                 f"{medians['elsewhere']:g}.", _figure(draw, (6, 4)),
                 ("side", "agreements_of_a_party"),
                 tuple((side, n) for side, counts in groups.items() for n in counts))  # fmt: skip


def _map(graph: nx.Graph[str]) -> Chart:
    from matplotlib.collections import LineCollection

    placed = {n: (d["long"], d["lat"]) for n, d in graph.nodes(data=True) if "lat" in d}
    segments = [(placed[a], placed[b]) for a, b in graph.edges if a in placed and b in placed]

    # the more lines, the fainter each: a few hundred stay visible, twenty thousand do not blot
    alpha = max(0.015, min(0.3, 300 / max(len(segments), 1)))
    indonesian = [p for n, p in placed.items() if graph.nodes[n].get("country") == "ID"]

    def draw(ax: Any) -> None:
        ax.add_collection(LineCollection(segments, linewidths=0.3, colors="#2b6cb0", alpha=alpha))
        ax.scatter([p[0] for p in placed.values()], [p[1] for p in placed.values()], s=2,
                   c="#1a202c", linewidths=0)  # fmt: skip
        ax.scatter([p[0] for p in indonesian], [p[1] for p in indonesian], s=6, c="#c53030",
                   linewidths=0, zorder=3)  # fmt: skip
        ax.set_xlim(-180, 180)
        ax.set_ylim(-60, 80)
        ax.set_xlabel("longitude")
        ax.set_ylabel("latitude")
        ax.grid(linewidth=0.3, alpha=0.5)

    return Chart("map", "The network on the map",
                 f"{len(placed)} of {graph.number_of_nodes()} regions have coordinates; "
                 f"{len(segments)} ties drawn as straight lines; Indonesian regions in red.",
                 _figure(draw, (10, 5)), ("from_long", "from_lat", "to_long", "to_lat"),
                 tuple((a[0], a[1], b[0], b[1]) for a, b in segments))  # fmt: skip


def _centrality(store: KembarStore, top: int = 15) -> tuple[Chart, list[dict[str, Any]]]:
    graph = network.region_network(store)
    m = network.metrics(store)
    ranked = sorted(m.pageranks.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    rows = [
        {"region": n, "label": graph.nodes[n].get("label", n), "country": graph.nodes[n].get("country"),
         "degree": m.degrees[n], "strength": m.strengths[n], "pagerank": pr,
         "betweenness": m.betweennesses[n]}
        for n, pr in ranked
    ]  # fmt: skip
    chart = Chart("centrality", f"Top {top} regions by PageRank",
                  "PageRank of the region network (networkx); betweenness in the table is exact "
                  "(rustworkx).",
                  _figure(_bars([(r["label"], r["pagerank"]) for r in rows], "PageRank",
                                horizontal=True), (8, 5)),
                  ("region", "label", "pagerank"),
                  tuple((r["region"], r["label"], r["pagerank"]) for r in rows))  # fmt: skip
    return chart, rows


# -- the security lens -------------------------------------------------------------------


def _labels(store: KembarStore, iris: set[str]) -> dict[str, str]:
    """English labels of places and countries, for the tables."""
    names = labels_view(store, sorted(iris))
    return {iri: names.get(iri, (iri.rsplit("/", 1)[-1], None))[0] for iri in iris}


def _security(store: KembarStore) -> tuple[list[Chart], dict[str, Any]]:
    """The sectors-by-decade chart, the profile heat maps, and the profile tables."""
    found = security.ties(store)
    names = security.vocabulary(store)
    sectors, dimensions = names["sectors"], names["dimensions"]
    decades = security.by_decade(found)
    charts: list[Chart] = []
    if decades:
        labels = [f"{d}s" for d in decades]

        def draw(ax: Any) -> None:
            width = 0.8 / len(sectors)
            for i, (iri, label) in enumerate(sectors.items()):
                shares = [p.counts["sectors"].get(iri, 0) / p.mapped if p.mapped else 0
                          for p in decades.values()]  # fmt: skip
                ax.bar([x + i * width for x in range(len(labels))], shares, width, label=label)
            ax.set_xticks([x + 0.4 - width / 2 for x in range(len(labels))], labels)
            ax.set_ylabel("share of the decade's mapped ties")
            ax.set_ylim(0, 1)
            ax.legend(fontsize=7, ncols=3)
            ax.spines[["top", "right"]].set_visible(False)

        mapped = sum(p.mapped for p in decades.values())
        charts.append(Chart(
            "sectors-by-decade", "Security sectors touched, by decade of signing",
            f"Share of each decade's dated ties (with a cooperation field or an assessed threat: "
            f"{mapped} of {sum(p.ties for p in decades.values())}) linked to each of Buzan's "
            "sectors; a tie can touch several.", _figure(draw, (9, 4)),
            ("decade", "sector", "share"),
            tuple((f"{d}s", label, round(p.counts["sectors"].get(iri, 0) / p.mapped, 3) if p.mapped else 0)
                  for d, p in decades.items() for iri, label in sectors.items())))  # fmt: skip
    tables: dict[str, Any] = {"sectors": list(sectors.values()),
                              "dimensions": list(dimensions.values())}  # fmt: skip
    for by in ("province", "country"):
        profiles = {k: p for k, p in security.profiles(found, by).items() if p.ties}
        names_of = _labels(store, set(profiles))
        ranked = sorted(profiles, key=lambda k: (-profiles[k].ties, names_of[k]))
        tables[by] = [
            {"label": names_of[k], "ties": profiles[k].ties, "mapped": profiles[k].mapped,
             "sectors": [profiles[k].counts["sectors"].get(i, 0) for i in sectors],
             "dimensions": [profiles[k].counts["dimensions"].get(i, 0) for i in dimensions]}
            for k in ranked
        ]  # fmt: skip
        shown = [r for r in tables[by] if r["mapped"]][:20]
        if shown:
            charts.append(_heat(
                f"security-{by}", f"Security profile per {'Indonesian province' if by == 'province' else 'partner country'}",
                shown, list(sectors.values()) + list(dimensions.values())))  # fmt: skip
    return charts, tables


def _heat(name: str, title: str, rows: list[dict[str, Any]], columns: list[str]) -> Chart:
    """Rows (places) by columns (sectors, then dimensions): the share of mapped ties."""
    values = [[v / r["mapped"] for v in r["sectors"] + r["dimensions"]] for r in rows]

    def draw(ax: Any) -> None:
        image = ax.imshow(values, aspect="auto", cmap="Blues", vmin=0, vmax=1)
        ax.set_xticks(range(len(columns)), columns, rotation=60, ha="right", fontsize=7)
        ax.set_yticks(range(len(rows)), [f"{r['label']} ({r['mapped']})" for r in rows], fontsize=7)
        ax.figure.colorbar(image, ax=ax, label="share of its mapped ties")

    return Chart(name, title,
                 f"{len(rows)} with the most ties that have security links; the number after a "
                 "name is how many; columns are Buzan's sectors, then UNDP's dimensions.",
                 _figure(draw, (9, 1.5 + 0.3 * len(rows))), ("label", "column", "share"),
                 tuple((r["label"], c, round(v, 3)) for r, vs in zip(rows, values, strict=True)
                       for c, v in zip(columns, vs, strict=True)))  # fmt: skip


# -- exports ----------------------------------------------------------------------------


def _flat(graph: nx.Graph[str]) -> nx.Graph[str]:
    """A copy with scalar attributes only (GraphML and GEXF take no lists or None)."""
    flat: nx.Graph[str] = nx.Graph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: v for k, v in data.items() if isinstance(v, (str, int, float))})
    for a, b, data in graph.edges(data=True):
        attrs = {k: v for k, v in data.items() if isinstance(v, (str, int, float))}
        deals = data.get("agreements", [])
        if deals:
            attrs["agreements"] = " ".join(str(d["iri"]) for d in deals)
            dated = sorted(str(d["signed"]) for d in deals if d.get("signed"))
            attrs["first_signed"] = dated[0] if dated else ""
        flat.add_edge(a, b, **attrs)
    return flat


def _export(graph: nx.Graph[str], folder: Path, name: str) -> list[Path]:
    flat = _flat(graph)
    written = [folder / f"{name}.graphml", folder / f"{name}.gexf", folder / f"{name}-edges.csv"]
    nx.write_graphml(flat, written[0])
    nx.write_gexf(flat, written[1])
    columns = sorted({k for _, _, d in flat.edges(data=True) for k in d})
    with written[2].open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["source", "target", *columns])
        for a, b, d in flat.edges(data=True):
            writer.writerow([a, b, *(d.get(c, "") for c in columns)])
    return written


# -- the page ---------------------------------------------------------------------------


def write_report(
    store: KembarStore, folder: Path, fmt: str = "html", *, progress: bool = True
) -> list[Path]:
    """Write the report and the network exports into *folder*.

    Parameters
    ----------
    store : KembarStore
        The store to read.
    folder : pathlib.Path
        Created when missing.
    fmt : str
        ``html`` (one self-contained page) or ``md`` (Markdown with chart files).
    progress : bool
        Show a progress bar on a terminal once it takes more than a second.

    Returns
    -------
    list of pathlib.Path
        The files written, the page first.

    Raises
    ------
    ValueError
        When *fmt* is neither ``html`` nor ``md``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    from tqdm import tqdm

    steps = tqdm(total=7, desc="report", unit="step", file=sys.stderr, delay=1.0,
                 disable=not progress)  # fmt: skip
    try:
        deals = _deals(store)
        steps.update()
        charts = list(_charts(store, deals))
        steps.update()
        charts.append(_map(network.region_network(store)))
        steps.update()
        chart, central = _centrality(store)
        charts.append(chart)
        lens, profiles = _security(store)
        charts.extend(lens)
        steps.update()
        claims = check(store)
        cards = scorecards(store)
        steps.update()
        folder.mkdir(parents=True, exist_ok=True)
        exports = folder / "networks"
        exports.mkdir(exist_ok=True)
        written = [
            *_export(network.region_network(store), exports, "regions"),
            *_export(network.province_network(store), exports, "provinces"),
            *_export(network.country_network(store), exports, "countries"),
        ]
        steps.update()
        context = {
            "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "summary": network.summary(store), "charts": charts, "central": central,
            "claims": claims, "cards": cards, "deals": len(deals), "exports": written,
            "profiles": profiles, "version": DATA_VERSION,
            "cite": f"The Kembar team, Kembar (version {DATA_VERSION}) [Data set], "
                    f"{ids.dataset_version(DATA_VERSION)}",
            "folder": folder, "fmt": fmt,
        }  # fmt: skip
        (folder / "charts").mkdir(exist_ok=True)
        for c in charts:  # each figure also leaves as PNG, SVG and the CSV of what it draws
            for ext, data in (("png", c.png), ("svg", c.drawn.svg), ("csv", c.csv().encode())):
                path = folder / "charts" / f"{c.name}.{ext}"
                path.write_bytes(data)
                written.append(path)
        page = folder / f"report.{fmt}"
        page.write_text(_template(fmt).render(**context), encoding="utf-8")
        steps.update()
        return [page, *written]
    finally:
        steps.close()


def _template(fmt: str) -> Any:
    from jinja2 import Environment, StrictUndefined

    text = (files("kembar.graph.analytics.templates") / f"report.{fmt}.jinja").read_text(
        encoding="utf-8"
    )
    environment = Environment(autoescape=fmt == "html", undefined=StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True)  # fmt: skip
    return environment.from_string(text)
