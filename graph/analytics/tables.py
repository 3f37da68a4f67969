"""The network's metrics, computed once per store version outside the request workers.

Exact betweenness of the world network takes about ten seconds; a request's time limit is
ten seconds too, and a killed worker would throw the work away. So the metrics that
``fn:`` functions and ``/graph`` serve are computed by a pool of their own (one worker with
a long time limit: :class:`~kembar.graph.runtime.WorkerPool`, the same job loop as the
request workers), once per store version, as soon as the store opens and after each
write, and saved as a plain JSON table (:class:`~kembar.graph.sparql.NetworkTable`) in a
private folder. Request workers and the server read that file: a function call is a
look-up. A request that needs a table still being computed waits for it within its own
time limit, then gets 503 with ``Retry-After``.

>>> import tempfile
>>> from pathlib import Path
>>> from kembar.graph.runtime import Replica, WorkerPool
>>> folder = Path(tempfile.mkdtemp())
>>> service = TableService(folder, WorkerPool(Replica(None), size=1, timeout=120, sandbox=False))
>>> service.start(0)
>>> service.table(0, wait=120).degree["https://w3id.org/kembar/id/region/id/kota-bandung"] >= 10
True
>>> service.close()
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from pathlib import Path

from kembar.graph.analytics.network import network_table
from kembar.graph.errors import KembarError, QueryTimeoutError, WorkerBusyError
from kembar.graph.runtime import Pool
from kembar.graph.sparql import NetworkTable, extension_functions
from kembar.graph.store import KembarStore

__all__ = ["TableService", "register_table_functions", "table_setup", "write_table"]

log = logging.getLogger(__name__)

#: How many versions' tables stay on disk (workers of an older version may still ask).
KEEP = 3


def _file(folder: Path, version: int) -> Path:
    return folder / f"network-{version}.json"


def write_table(store: KembarStore, folder: Path) -> int:
    """Compute the network table of *store* and save it in *folder* under its version,
    atomically; return the version (what a metrics worker does)."""
    table = network_table(store)
    partial = folder / f".network-{store.version}.json.part"
    table.save(partial)
    partial.replace(_file(folder, store.version))
    return store.version


class TableService:
    """Computes the network table of each store version with *pool*, one at a time.

    Parameters
    ----------
    folder : pathlib.Path
        Where the tables are written (private to this server).
    pool : Pool
        Where the computation runs: a pool of one worker whose time limit is the
        computation's (or the in-process pool of the tests).
    """

    def __init__(self, folder: Path, pool: Pool) -> None:
        self.folder, self.pool = folder, pool
        self.folder.mkdir(parents=True, exist_ok=True)
        self._wanted = -1
        self._failed: dict[int, str] = {}
        self._more = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._compute, daemon=True, name="metrics")
        self._thread.start()

    def start(self, version: int, extra: bytes = b"") -> None:
        """Compute the table of store *version* (what *extra* holds beyond the embedded graph).

        Versions asked for while one is being computed are coalesced: the newest is next.
        """
        with self._more:
            if version <= self._wanted:
                return
            self._wanted = version
            self.pool.refresh(version, extra)
            self._more.notify()
        for old in self.folder.glob("network-*.json"):
            if int(old.stem.split("-")[1]) <= version - KEEP:
                old.unlink(missing_ok=True)

    def _compute(self) -> None:
        done = -1
        while True:
            with self._more:
                while not self._closed and self._wanted <= done:
                    self._more.wait()
                if self._closed:
                    return
                wanted = self._wanted
            try:
                done = self.pool.call(write_table, self.folder)
            except KembarError as exc:
                if self._closed:
                    return
                self._failed[wanted] = str(exc)
                done = wanted
                log.error("the network table of version %s failed: %s", wanted, str(exc))

    def table(self, version: int, *, wait: float) -> NetworkTable:
        """The table of store *version*, waiting at most *wait* seconds for it.

        Raises
        ------
        WorkerBusyError
            When it is still being computed after *wait* seconds (503, try again).
        QueryTimeoutError
            When its computation failed or ran out of time.
        """
        return _load(self.folder, version, wait, self._failed)

    def close(self) -> None:
        """Stop the computation, running or not, and wait (within the pool's time limit)
        until nothing writes to the folder any more: the caller may remove it next. A worker
        pool's computation ends when its worker is stopped; the in-process pool's runs out."""
        with self._more:
            self._closed = True
            self._more.notify()
        self.pool.close()
        self._thread.join(self.pool.timeout)


def _load(
    folder: Path, version: int, wait: float, failed: dict[int, str] | None = None
) -> NetworkTable:
    deadline = time.monotonic() + wait
    target = _file(folder, version)
    while True:
        if target.exists():
            return _read(target)
        if failed and version in failed:
            raise QueryTimeoutError(f"the network metrics could not be computed: {failed[version]}")
        if time.monotonic() >= deadline:
            raise WorkerBusyError(
                "the network metrics of the current data are still being computed; "
                "try again in a few seconds"
            )
        time.sleep(0.05)


@functools.lru_cache(maxsize=4)
def _read(path: Path) -> NetworkTable:
    return NetworkTable.load(path)


def register_table_functions(folder: Path, store: KembarStore, version: int) -> None:
    """Let *store*'s queries call ``fn:``, answered from the table of *version* in *folder*.

    What a request worker does once its store is open (see :func:`table_setup`). The table
    is read when a function is first called, waiting for it if it is still being computed
    (the worker's own time limit bounds the wait).

    Parameters
    ----------
    folder : pathlib.Path
        Where :class:`TableService` writes the tables.
    store : KembarStore
        The worker's store.
    version : int
        The store version the worker's data is of.
    """
    store.use_functions(lambda: extension_functions(lambda: _load(folder, version, 3600.0)))


def table_setup(folder: Path) -> functools.partial[None]:
    """The worker setup that registers the ``fn:`` functions of *folder*'s tables.

    Parameters
    ----------
    folder : pathlib.Path
        Where :class:`TableService` writes the tables.

    Returns
    -------
    functools.partial
        ``setup(store, version)``, picklable, for a :class:`~kembar.graph.runtime.Replica`.
    """
    return functools.partial(register_table_functions, folder)
