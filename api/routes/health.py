"""``/health``: the server is up and its store answers."""

from __future__ import annotations

from fastapi import APIRouter
from kembar.api.deps import StoreDep
from pydantic import BaseModel

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """The server's state."""

    status: str
    triples: int
    store_version: int


@router.get("/health", response_model=Health)
def health(store: StoreDep) -> Health:
    """Report that the server is up, with the size of its store."""
    return Health(status="ok", triples=len(store), store_version=store.version)
