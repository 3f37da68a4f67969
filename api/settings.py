"""The one door for configuration: ``Settings``, read from ``KEMBAR_*`` environment variables.

Precedence, highest first: command-line options, environment (``KEMBAR_STORE`` ...), a
``.env`` file in the working directory, the defaults below.

>>> Settings(store=None).port
8000
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]


class Settings(BaseSettings):
    """Runtime settings of the CLI and the server."""

    model_config = SettingsConfigDict(
        env_prefix="KEMBAR_", env_file=".env", env_ignore_empty=True, extra="ignore"
    )

    store: Path | None = None
    """Folder of a persistent (RocksDB) store; unset means the embedded in-memory graph."""
    host: str = "127.0.0.1"
    port: int = 8000
    max_submission_bytes: int = 1_000_000
    """Largest body ``POST /validate`` reads (413 beyond)."""


@lru_cache
def get_settings() -> Settings:
    """The process's settings, read once; tests override the dependency."""
    return Settings()
