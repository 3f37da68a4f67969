"""Processes that cannot reach the network: the floor below the guard.

Oxigraph executes ``SERVICE`` by connecting to the host it names, and nothing in its
Python API turns that off. The guard (:mod:`kembar.graph.sparql.guard`) refuses such queries and says why;
this module makes sure that a query the guard misreads still cannot connect anywhere.
:func:`confine` installs a seccomp filter (through libseccomp) in the calling process:
from then on, creating an IPv4, IPv6 or raw packet socket fails with ``EACCES``, and so
does setting up io_uring (which could open sockets past the filter). Unix-domain sockets,
pipes and files keep working, so a worker still talks to the server that started it.

A filter cannot be removed, and it is inherited by every thread and child of the process:
it is for the query workers of an embedded or on-disk store, never for the server itself
(which listens on the network) nor for workers that speak to a remote SPARQL store.

>>> import multiprocessing, socket
>>> def connect(queue):
...     confine()
...     try:
...         socket.create_connection(("127.0.0.1", 9), timeout=1)
...     except OSError as error:
...         queue.put(error.errno)
>>> queue = multiprocessing.get_context("fork").Queue()
>>> child = multiprocessing.get_context("fork").Process(target=connect, args=(queue,))
>>> child.start(); child.join(); queue.get() == errno.EACCES
True
"""

from __future__ import annotations

import errno
import socket
import sys

from kembar.graph.errors import UnavailableError

__all__ = ["SandboxError", "available", "confine"]

#: Address families a confined process may not create sockets of.
FORBIDDEN_FAMILIES = (socket.AF_INET, socket.AF_INET6, getattr(socket, "AF_PACKET", 17))


class SandboxError(UnavailableError):
    """The sandbox cannot be installed here (no libseccomp, not Linux)."""


def available() -> bool:
    """Whether :func:`confine` can work on this machine (Linux with libseccomp).

    Returns
    -------
    bool
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        import pyseccomp  # noqa: F401
    except (ImportError, RuntimeError, OSError):
        return False
    return True


def confine() -> None:
    """Forbid this process, for the rest of its life, to open internet sockets.

    Raises
    ------
    SandboxError
        When libseccomp is missing or the kernel refuses the filter; nothing is installed
        then, and the caller must not run untrusted queries.
    """
    try:
        import pyseccomp as seccomp
    except (ImportError, RuntimeError, OSError) as exc:
        raise SandboxError(f"the query sandbox needs libseccomp on Linux: {exc}") from None
    denied = seccomp.ERRNO(errno.EACCES)
    try:
        rules = seccomp.SyscallFilter(seccomp.ALLOW)
        for family in FORBIDDEN_FAMILIES:
            rules.add_rule(denied, "socket", seccomp.Arg(0, seccomp.EQ, family))
        for call in ("io_uring_setup", "io_uring_enter", "io_uring_register"):
            rules.add_rule(denied, call)
        rules.load()
    except (OSError, ValueError, RuntimeError) as exc:
        raise SandboxError(f"the kernel refused the query sandbox: {exc}") from None
