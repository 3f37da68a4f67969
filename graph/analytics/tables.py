"""The network's metrics, computed once per store version outside the request workers.

Exact betweenness of the world network takes about ten seconds; a request's time limit is
ten seconds too, and a killed worker would throw the work away. So the metrics that
``fn:`` functions and ``/graph`` serve are computed in a process of their own
(:class:`TableService`), once per store version, as soon as the store opens and after each
write, and saved as a plain JSON table (:class:`~kembar.graph.sparql.functions.NetworkTable`)
in a private folder. Request workers and the server read that file: a function call is a
look-up. A request that needs a table still being computed waits for it within its own
time limit, then gets 503 with ``Retry-After``.

>>> import tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> service = TableService(folder, None, timeout=120)
>>> service.start(0)
>>> service.table(0, wait=120).degree["https://w3id.org/kembar/id/region/id/kota-bandung"] >= 10
True
>>> service.close()
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import threading
import time
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from pathlib import Path

import pyoxigraph as ox
from kembar.graph.analytics.network import network_table
from kembar.graph.errors import QueryTimeoutError, WorkerBusyError
from kembar.graph.sparql.functions import NetworkTable, extension_functions
from kembar.graph.sparql.workers import settle
from kembar.graph.store import KembarStore

__all__ = ["TableService", "register_table_functions", "table_setup"]

log = logging.getLogger(__name__)

#: How many versions' tables stay on disk (workers of an older version may still ask).
KEEP = 3


def _file(folder: Path, version: int) -> Path:
    return folder / f"network-{version}.json"


@dataclass(frozen=True)
class _Spec:
    path: Path | None
    remote: tuple[str, str | None] | None
    extra: bytes
    version: int
    folder: Path


def _compute(spec: _Spec) -> None:
    """A table process: open the store as a worker would, compute, save atomically."""
    settle("kembar-metrics")
    if spec.remote is not None:
        store = KembarStore.remote(*spec.remote, load_embedded=False)
    elif spec.path is None:
        store = KembarStore()
        if spec.extra:
            assert isinstance(store.store, ox.Store)
            store.store.load(spec.extra, format=ox.RdfFormat.N_QUADS)
    else:
        store = KembarStore.read_only(spec.path)
    store.version = spec.version
    table = network_table(store)
    partial = spec.folder / f".network-{spec.version}.json.part"
    table.save(partial)
    partial.replace(_file(spec.folder, spec.version))


class TableService:
    """Computes the network table of each store version in its own process.

    Parameters
    ----------
    folder : pathlib.Path
        Where the tables are written (private to this server).
    path : pathlib.Path or None
        The on-disk store, opened read-only; None for the embedded graph.
    remote : (str, str or None), optional
        A remote SPARQL store's query and update endpoints.
    timeout : float
        Seconds one computation may take before it is stopped.
    """

    def __init__(
        self,
        folder: Path,
        path: Path | None,
        *,
        remote: tuple[str | None, str | None] | None = None,
        timeout: float = 600.0,
    ) -> None:
        self.folder, self.path, self.timeout = folder, path, timeout
        self.remote = (remote[0], remote[1]) if remote and remote[0] else None
        self.folder.mkdir(parents=True, exist_ok=True)
        self._process: BaseProcess | None = None
        self._version = -1
        self._failed: dict[int, str] = {}
        self._lock = threading.Lock()
        self._closed = False

    def start(self, version: int, extra: bytes = b"") -> None:
        """Compute the table of store *version* (what *extra* holds beyond the embedded graph).

        A computation for an older version still running is stopped: nobody will ask it.
        """
        with self._lock:
            if version <= self._version:
                return
            if self._process is not None and self._process.is_alive():
                self._process.kill()
            self._version = version
            context = multiprocessing.get_context("spawn")
            spec = _Spec(self.path, self.remote, extra, version, self.folder)
            process = context.Process(target=_compute, args=(spec,), daemon=True)
            process.start()
            self._process = process
        threading.Thread(target=self._watch, args=(process, version), daemon=True).start()
        for old in self.folder.glob("network-*.json"):
            if int(old.stem.split("-")[1]) <= version - KEEP:
                old.unlink(missing_ok=True)

    def _watch(self, process: BaseProcess, version: int) -> None:
        process.join(self.timeout)
        if self._closed:
            return
        if process.is_alive():
            process.kill()
            process.join()
            self._failed[version] = f"took longer than {self.timeout:g} s"
            log.error(
                "the network table of version %s took longer than %s s", version, self.timeout
            )
        elif (
            process.exitcode not in (0, None)
            and not _file(self.folder, version).exists()
            and version == self._version  # not merely replaced by a newer one
        ):
            self._failed[version] = f"its process ended with code {process.exitcode}"
            log.error("the network table of version %s failed", version)

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
        """Stop a computation still running."""
        self._closed = True
        with self._lock:
            if self._process is not None and self._process.is_alive():
                self._process.kill()


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
        ``setup(store, version)``, picklable, for :class:`~kembar.graph.sparql.WorkerPool`.
    """
    return functools.partial(register_table_functions, folder)
