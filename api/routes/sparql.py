"""``/sparql``: SPARQL 1.1 Protocol queries (GET ``query=``, POST form, POST sparql-query).

This first version answers SELECT/ASK as SPARQL JSON results and CONSTRUCT/DESCRIBE as
Turtle; content negotiation, limits and the service description come with the API issue.
"""

from __future__ import annotations

import io
from typing import Annotated
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from kembar.api.deps import StoreDep
from kembar.graph.store import KembarStore

router = APIRouter(tags=["sparql"])

SPARQL_JSON = "application/sparql-results+json"


def _answer(store: KembarStore, text: str) -> Response:
    result = store.query(text)
    out = io.BytesIO()
    if isinstance(result, ox.QueryTriples):
        result.serialize(out, ox.RdfFormat.TURTLE)
        return Response(out.getvalue(), media_type="text/turtle")
    result.serialize(out, ox.QueryResultsFormat.JSON)
    return Response(out.getvalue(), media_type=SPARQL_JSON)


@router.get("/sparql")
async def sparql_get(
    store: StoreDep, query: Annotated[str, Query(description="the SPARQL query")]
) -> Response:
    """Answer a query given as the ``query`` parameter."""
    return await run_in_threadpool(_answer, store, query)


@router.post("/sparql")
async def sparql_post(store: StoreDep, request: Request) -> Response:
    """Answer a query sent as a form (``query=``) or as ``application/sparql-query``."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    try:
        if media == "application/sparql-query":
            text = body.decode("utf-8")
        elif media == "application/x-www-form-urlencoded":
            values = parse_qs(body.decode("utf-8"), keep_blank_values=True).get("query", [])
            if len(values) != 1:
                raise HTTPException(400, "exactly one 'query' parameter is required")
            text = values[0]
        else:
            raise HTTPException(
                415, "send application/sparql-query or application/x-www-form-urlencoded"
            )
    except UnicodeDecodeError:
        raise HTTPException(400, "the request body is not UTF-8") from None
    return await run_in_threadpool(_answer, store, text)
