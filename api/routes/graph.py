"""``/graph``: the sister-city network over REST (JSON, paginated, with schemas).

Regions are named by their path under ``/id/`` (``region/id/kota-bandung``) or by their
full IRI. Metrics come from :mod:`kembar.graph.analytics.network` (networkx views cached per store
version; betweenness computed exactly with rustworkx).
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from kembar.api.runtime import runtime_of
from kembar.graph.analytics import network
from kembar.graph.analytics.views import (
    claims_view,
    country_pairs,
    labels_view,
    partners_view,
    path_view,
    scorecards_view,
    security_view,
)
from kembar.graph.errors import ClientError, NotFoundError
from kembar.graph.runtime import Pool
from kembar.ontology import ids
from pydantic import BaseModel, Field

router = APIRouter(prefix="/graph", tags=["network analytics"])

Offset = Annotated[int, Query(ge=0, le=1_000_000, description="items to skip")]
Limit = Annotated[int, Query(ge=1, le=1000, description="items per page")]


class Agreement(BaseModel):
    iri: str
    type: str
    signed: str | None = Field(description="xsd:date, gYearMonth or gYear as stored")
    fields: list[str] = Field(description="cooperation-field codes")
    sources: list[str]


class Partner(BaseModel):
    region: str
    label: str
    country: str | None
    agreements: list[Agreement]


Item = TypeVar("Item")


class Page(BaseModel, Generic[Item]):
    total: int
    offset: int
    limit: int
    items: list[Item]


class Partners(Page[Partner]):
    region: str
    label: str


class Ranked(BaseModel):
    region: str
    label: str
    country: str | None
    value: float


class Step(BaseModel):
    region: str
    label: str


class Path(BaseModel):
    source: str
    target: str
    hops: int | None = Field(description="None when the regions are not connected")
    path: list[Step]


class Community(BaseModel):
    community: int
    size: int
    members: list[str] = Field(description="up to 20 member regions")


class CountryTie(BaseModel):
    a: str
    b: str
    agreements: int


class Summary(BaseModel):
    regions: int
    ties: int
    agreements: int
    components: int
    largest_component: int
    density: float
    countries: int
    country_pairs: int
    assortativity_development: float | None = Field(
        description="ties between like development levels (IMF advanced or not), -1 to 1"
    )
    assortativity_world_region: float | None = Field(
        description="ties within one continent, -1 to 1"
    )


class Claim(BaseModel):
    claim: str
    statement: str
    source: str = Field(description="the paper (IRI)")
    where: str = Field(description="where in the paper")
    verdict: Literal["supported", "not supported", "inconclusive", "not testable with this data"]
    estimates: list[dict[str, object]] = Field(
        description="each estimate with its 95% interval, method, test, p-value, the rule and its verdict"
    )
    sensitivity: list[dict[str, object]] = Field(
        description="the verdict on each subset: all, confirmed, dated, signed ties"
    )
    figures: dict[str, object]
    reading: str = Field(description="how the answer was read")
    sparql: str = Field(description="the query that fetches the evidence")


class Scorecard(BaseModel):
    agreement: str
    label: str
    assessments: int
    date: str = Field(description="date of the latest assessment, which the card reads")
    status: str | None
    effectiveness: str | None
    factors_held: list[str]
    factors_lacking: list[str]
    benefits: list[str]
    negative_impacts: list[str]
    stakeholders: list[str]
    activities_per_year: float | None
    threats_addressed: list[str]
    threats_raised: list[str]
    sectors: list[str] = Field(description="Buzan sectors of the threats addressed")
    index: int = Field(description="100 (F + B + (1 - N)) / 3; see the README")


class Facet(BaseModel):
    iri: str
    label: str
    ties: int = Field(description="ties of the scope linked to it")
    share: float | None = Field(description="of the mapped ties; None when none is mapped")


class Decade(BaseModel):
    decade: int
    ties: int
    mapped: int
    sectors: dict[str, int]
    dimensions: dict[str, int]


class SecurityProfile(BaseModel):
    region: str | None
    country: str | None
    ties: int = Field(description="Indonesian ties with a foreign party in the scope")
    mapped: int = Field(description="ties with at least one derived security link")
    unmapped: int = Field(description="ties with no cooperation field or assessed threat")
    sectors: list[Facet]
    dimensions: list[Facet]
    threats: list[Facet]
    by_decade: list[Decade]


def _iri(region: str) -> str:
    return region if region.startswith(("http://", "https://")) else str(ids.instance(region))


_UNKNOWN: dict[int | str, dict[str, Any]] = {404: {"description": "Not a region of the network"}}
_SCOPE: dict[int | str, dict[str, Any]] = {
    400: {"description": "Both a region and a country were given"},
    404: {"description": "The region or country has no tie with Indonesia"},
}


def _tasks(request: Request) -> Pool:
    return runtime_of(request).tasks


@router.get("/regions/{region:path}/partners", response_model=Partners, responses=_UNKNOWN)
async def partners(
    region: str, request: Request, offset: Offset = 0, limit: Limit = 50
) -> Partners:
    """The partners of a region, each with the agreements that tie them (date, type,
    cooperation fields, sources). Example: ``/graph/regions/region/id/kota-bandung/partners``."""
    iri = _iri(region)
    found = await _tasks(request).acall(partners_view, iri)
    if found is None:
        raise NotFoundError(f"{iri} is not a region of the network")
    everyone = found["partners"]
    items = [Partner.model_validate(p) for p in everyone[offset : offset + limit]]
    return Partners(region=iri, label=found["label"], total=len(everyone), offset=offset,
                    limit=limit, items=items)  # fmt: skip


@router.get("/path", response_model=Path, responses=_UNKNOWN)
async def path(
    request: Request,
    source: Annotated[str, Query(alias="from", description="region path or IRI")],
    target: Annotated[str, Query(alias="to", description="region path or IRI")],
) -> Path:
    """A shortest chain of sister ties between two regions."""
    a, b = _iri(source), _iri(target)
    found = await _tasks(request).acall(path_view, a, b)
    if found["missing"]:
        raise NotFoundError(f"{found['missing'][0]} is not a region of the network")
    steps = [Step(region=n, label=label) for n, label in found["path"]]
    return Path(source=a, target=b, hops=len(steps) - 1 if steps else None, path=steps)


@router.get("/top", response_model=Page[Ranked])
async def top(
    request: Request,
    metric: Literal["degree", "betweenness", "pagerank"] = "degree",
    country: Annotated[str | None, Query(pattern="^[A-Z]{2}$", description="ISO code")] = None,
    offset: Offset = 0,
    limit: Limit = 10,
) -> Page[Ranked]:
    """Regions ranked by a metric of the network, optionally within one country.

    The metrics are computed once per store version, outside the request; a request that
    comes while they are being computed waits for them within its time limit (503 past it).
    """
    state = runtime_of(request)
    tasks = _tasks(request)
    table = await run_in_threadpool(state.tables.table, state.store.version, wait=tasks.timeout)
    values: dict[str, float] = getattr(table, metric)
    ranked = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
    if country is not None:
        prefix = str(ids.region(country, ""))
        ranked = [(node, value) for node, value in ranked if node.startswith(prefix)]
    window = ranked[offset : offset + limit]
    names = await tasks.acall(labels_view, [node for node, _ in window])
    items = [
        Ranked(region=n, label=names.get(n, (n, None))[0], country=names.get(n, (n, None))[1],
               value=v)
        for n, v in window
    ]  # fmt: skip
    return Page[Ranked](total=len(ranked), offset=offset, limit=limit, items=items)


@router.get("/communities", response_model=Page[Community])
async def communities(request: Request, offset: Offset = 0, limit: Limit = 20) -> Page[Community]:
    """Louvain communities of the region network (seed 1951), largest first."""
    state = runtime_of(request)
    table = await run_in_threadpool(
        state.tables.table, state.store.version, wait=_tasks(request).timeout
    )
    groups: dict[int, list[str]] = {}
    for node, number in table.community.items():
        groups.setdefault(number, []).append(node)
    ordered = [sorted(groups[i]) for i in sorted(groups)]
    items = [Community(community=i, size=len(g), members=g[:20]) for i, g in enumerate(ordered)][
        offset : offset + limit
    ]
    return Page[Community](total=len(ordered), offset=offset, limit=limit, items=items)


@router.get("/countries", response_model=Page[CountryTie])
async def countries(request: Request, offset: Offset = 0, limit: Limit = 100) -> Page[CountryTie]:
    """The country-to-country network: pairs of countries and how many ties link them."""
    pairs = [
        CountryTie(a=a, b=b, agreements=n) for a, b, n in await _tasks(request).acall(country_pairs)
    ]
    return Page[CountryTie](
        total=len(pairs), offset=offset, limit=limit, items=pairs[offset : offset + limit]
    )


@router.get("/stats", response_model=Summary)
async def stats(request: Request) -> Summary:
    """Size and shape of the networks."""
    return Summary.model_validate(await _tasks(request).acall(network.summary))


@router.get("/claims", response_model=list[Claim])
async def claims(
    request: Request,
    lang: Literal["en", "id"] = "en",
    weak: Annotated[
        Literal["exclude", "include"],
        Query(description="weakly sourced ties (one news item, blog or list alone): left out "
                          "by default, as `kembar claims`; `include` counts them"),
    ] = "exclude",
) -> list[Claim]:  # fmt: skip
    """The paper's claims tested on the current data: each with its SPARQL, the figures
    and a verdict (as ``kembar claims``)."""
    found = await _tasks(request).acall(claims_view, lang, None, weak == "include")
    return [Claim.model_validate(r) for r in found]


@router.get("/scorecards", response_model=Page[Scorecard])
async def scorecard_list(
    request: Request, offset: Offset = 0, limit: Limit = 50
) -> Page[Scorecard]:
    """A scorecard per assessed agreement (its latest assessment), highest index first."""
    cards = await _tasks(request).acall(scorecards_view)
    items = [Scorecard.model_validate(c) for c in cards[offset : offset + limit]]
    return Page[Scorecard](total=len(cards), offset=offset, limit=limit, items=items)


@router.get("/security", response_model=SecurityProfile, responses=_SCOPE)
async def security_profile(
    request: Request,
    region: Annotated[
        str | None, Query(description="an Indonesian region: path under /id/ or IRI")
    ] = None,
    country: Annotated[
        str | None, Query(pattern="^[A-Za-z]{2}$", description="a partner country's ISO code")
    ] = None,
    lang: Literal["en", "id"] = "en",
) -> SecurityProfile:
    """Which Buzan sectors, UNDP dimensions and threats the ties of an Indonesian region
    (a province with its cities and regencies) or of a partner country touch, with shares
    and per decade; with neither, all of Indonesia's ties. Example:
    ``/graph/security?region=region/id/provinsi-jawa-barat`` or ``?country=JP``."""
    if region is not None and country is not None:
        raise ClientError("give region or country, not both")
    iri = _iri(region) if region is not None else None
    nation = str(ids.country(country.lower())) if country is not None else None
    found = await _tasks(request).acall(security_view, iri, nation, lang)
    if found is None:
        raise NotFoundError(f"{iri or nation} has no tie with Indonesia in the graph")
    return SecurityProfile.model_validate(found)
