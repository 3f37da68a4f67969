"""Dependencies as nouns: ``StoreDep`` for the process's one store, ``SettingsDep``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from kembar.api.settings import Settings, get_settings
from kembar.graph.store import KembarStore

__all__ = ["SettingsDep", "StoreDep", "get_store"]


def get_store(request: Request) -> KembarStore:
    """The store opened by the app's lifespan."""
    store: KembarStore = request.app.state.store
    return store


StoreDep = Annotated[KembarStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
