"""The ceiling of Kembar's design: a bare server that hands each query to the same pool.

Not a way to serve Kembar: a measuring instrument for ``bench/api.py --servers bare``. It
keeps what a query needs to be answered within a time limit that holds (Kembar's own
:class:`~kembar.graph.runtime.WorkerPool`: a killable, sandboxed worker process per job,
the same guard, row and byte caps) and drops everything else Kembar's server does around
it: FastAPI's routing and middleware, fair shares, the result cache, the security
headers, content negotiation. Its rate is what any server built on the pool can reach on
this machine; the full server's rate beside it is what Kembar's layers cost::

    .venv/bin/python bench/bare_server.py --store STORE --port PORT [--inline]

``GET /query?query=...`` answers SPARQL JSON results, 400 on a refused query. With
``--inline`` (``--servers bare-inline``) it answers on its event loop from its own copy of
the store, without a worker or any time limit: what the hop to a worker costs.
"""

from __future__ import annotations

import argparse
import os
import urllib.parse
from pathlib import Path
from typing import Any

import uvicorn
from kembar.graph.runtime import Job, Limits, Replica, WorkerPool, open_replica
from kembar.graph.runtime.child import handle

JSON = "application/sparql-results+json"


def app_for(pool: WorkerPool | None, store: Path) -> Any:
    """A raw ASGI app: ``GET /query`` through *pool*, nothing else; without a pool, answered
    on the event loop from *store* (no time limit: what the hop to a worker costs)."""
    opened = open_replica(Replica(store)) if pool is None else None

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await receive()  # lifespan.startup: the pool is already running
            await send({"type": "lifespan.startup.complete"})
            await receive()  # lifespan.shutdown
            if pool is not None:
                pool.close()
            await send({"type": "lifespan.shutdown.complete"})
            return
        fields = urllib.parse.parse_qs(scope["query_string"].decode("latin-1"))
        status, media, body = 200, JSON, b""
        try:
            job = Job(fields["query"][0], JSON)
            if pool is not None:
                body = (await pool.arun(job)).body
            elif opened is not None:
                reply, body = handle(opened, "query", job, Limits())
                if reply[0] != "ok":
                    raise ValueError(reply[2])
        except (KeyError, ValueError) as error:  # no query, or one the guard refuses
            status, media, body = 400, "text/plain", str(error).encode()
        headers = [(b"content-type", media.encode()), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--inline", action="store_true", help="no workers: answer in process")
    args = parser.parse_args()
    pool = (
        None
        if args.inline
        else WorkerPool(
            Replica(args.store), size=os.cpu_count() or 2, timeout=10.0, name="bare-query"
        )
    )
    uvicorn.run(
        app_for(pool, args.store),
        host="127.0.0.1",
        port=args.port,
        access_log=False,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
