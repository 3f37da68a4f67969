"""Dependencies as nouns: ``StoreDep`` for the process's one store, ``SettingsDep``.

Both are ``async``: FastAPI would run a plain function in its thread pool, a thread hop
per request for what is an attribute read.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from kembar.api.runtime import runtime_of
from kembar.api.settings import Settings
from kembar.graph.store import KembarStore

__all__ = ["SettingsDep", "StoreDep", "get_settings", "get_store"]


async def get_store(request: Request) -> KembarStore:
    """The store opened by the app's lifespan."""
    return runtime_of(request).store


async def get_settings(request: Request) -> Settings:
    """The settings the app was made with."""
    return runtime_of(request).settings


StoreDep = Annotated[KembarStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
