"""The one door for configuration: ``Settings``, read from ``KEMBAR_*`` environment variables.

Precedence, highest first: command-line options, environment (``KEMBAR_STORE`` ...), a
``.env`` file in the working directory, the defaults below.

>>> Settings(store=None).port
8000
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from kembar.graph.store import KembarStore

__all__ = ["Settings", "get_settings", "open_store"]


class Settings(BaseSettings):
    """Runtime settings of the CLI and the server."""

    model_config = SettingsConfigDict(
        env_prefix="KEMBAR_",
        env_file=".env",
        env_ignore_empty=True,
        extra="ignore",
        use_attribute_docstrings=True,
    )

    store: Path | None = None
    """Folder of a persistent (RocksDB) store; unset means the embedded in-memory graph."""
    host: str = "127.0.0.1"
    """Address ``kembar serve`` listens on (``0.0.0.0`` for every interface)."""
    port: int = 8000
    """Port ``kembar serve`` listens on."""
    max_submission_bytes: int = 1_000_000
    """Largest body ``POST /validate`` and ``POST /agreements`` read (413 before reading)."""
    max_request_bytes: int = 1_000_000
    """Largest body any other request may send, a SPARQL query by POST among them (413)."""
    request_timeout: float = 10.0
    """Wall-clock seconds a validation, a page, an analytics answer or a description may
    take before its worker is killed (503)."""
    task_workers: int = 2
    """Worker processes for validations, pages and analytics (apart from SPARQL's)."""
    validation_engine: Literal["turbo", "pyshacl"] = "turbo"
    """SHACL engine of validations: pyshacl-turbo (Rust, shapes compiled once) or pySHACL
    (the reference, with the same results, about three times slower)."""
    dump_timeout: float = 300.0
    """Seconds ``/dump`` may take to write the whole dataset."""
    analytics_timeout: float = 600.0
    """Seconds one computation of the network metrics (after start, after each write) may take."""
    sandbox: bool = True
    """Confine the workers of an embedded or on-disk store so that they cannot open internet
    sockets (seccomp; Linux). Off only by the operator's choice; SERVICE turns it off."""
    max_worker_bytes: int = 2 << 30
    """Resident memory past which a worker is replaced after its job (0: never)."""
    worker_memory_limit: int = 3 << 30
    """Bytes of heap and anonymous memory a worker may map (RLIMIT_DATA), set before it
    opens the store: a query past it is stopped with 413 naming the limit, the server and
    the other workers unharmed (0: no limit)."""
    shutdown_timeout: float = 10.0
    """Seconds ``kembar serve`` waits for requests in flight when asked to stop."""
    query_timeout: float = 10.0
    """Wall-clock seconds a SPARQL query may run before its worker is killed (503)."""
    contended_limit: float = 1.0
    """Seconds a query or task may run while others wait for a worker: past them it is
    stopped (503) as soon as a client that has used the workers less heavily waits, so that
    a few heavy requests from a few addresses cannot hold every worker; alone it has the
    whole time limit (0: off)."""
    query_workers: int = 2
    """Worker processes answering SPARQL queries: how many run at once."""
    spare_workers: int = 1
    """Worker processes kept started and prepared beside those of the query and the task
    pools, each: a worker stopped for running too long is replaced at once rather than after
    the second or two a new process takes (0: none; each is one more process)."""
    max_rows: int = 10_000
    """Rows (solutions) a query may return; its outermost LIMIT is lowered to this."""
    max_result_bytes: int = 50 * 1024 * 1024
    """Bytes a serialised result may have."""
    max_query_length: int = 100_000
    """Characters a query may have (413 beyond)."""
    result_cache_bytes: int = 64 * 1024 * 1024
    """Bytes of recent ``GET /sparql`` answers kept to serve repeats (0: no cache)."""
    sparql_endpoint: str | None = None
    """A SPARQL 1.1 query endpoint to use instead of the embedded store (its default graph
    must be the union of its named graphs)."""
    sparql_update_endpoint: str | None = None
    """Its update endpoint: needed to load the packaged graphs into it and for writes."""
    write_token: SecretStr | None = None
    """Bearer token that allows POST and DELETE on ``/agreements``; unset: no writes at all."""
    write_agent: str = "holder of the write token"
    """Who writes with that token, recorded as the creator of what they add."""
    client_concurrency: int = 1
    """Requests one client (its address) may have running at once; the others wait in line
    (0: no limit). One per client leaves a worker of each pool free for everyone else."""
    client_queue: int = 32
    """Requests one client may have waiting in line; the next gets 429 with Retry-After."""
    trusted_proxies: frozenset[str] = frozenset()
    """Peer addresses whose X-Forwarded-For is believed (a reverse proxy in front)."""
    max_connections: int = 1000
    """Connections ``kembar serve`` holds at once; beyond, new ones get 503."""
    header_timeout: float = 5.0
    """Seconds a request's headers may take to arrive, and a kept-alive connection may stay
    idle (then 408 and the connection is closed)."""
    body_timeout: float = 20.0
    """Seconds a request's body may take to arrive after its headers (then 408 and the
    connection is closed; a megabyte at 50 KB/s takes 20 s)."""
    max_header_bytes: int = 32 * 1024
    """Bytes a request's headers may have together (then 431 and the connection is closed)."""
    connections_per_client: int = 32
    """Connections one client may hold at once (beyond, 503; a client is an IPv4 address or
    an IPv6 /64; trusted proxies are not counted)."""
    access_log: bool = True
    """Log every request (uvicorn's access log); a proxy in front may log instead."""
    allow_service: bool = False
    """Let queries use SERVICE, which makes the server fetch from other hosts."""


@lru_cache
def get_settings() -> Settings:
    """The process's settings, read once; tests override the dependency."""
    return Settings()


def open_store(settings: Settings, path: Path | None = None) -> KembarStore:
    """The store the settings name: *path* (or ``store``) on disk, else a remote SPARQL
    server, else the embedded graph in memory."""
    from kembar.graph.store import KembarStore

    path = path or settings.store
    if path is None and settings.sparql_endpoint:
        return KembarStore.remote(settings.sparql_endpoint, settings.sparql_update_endpoint)
    return KembarStore(path)
