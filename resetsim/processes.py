"""Child processes that never outlive the process that started them.

Batches, attribution and validation run workers forked from a fork server; the dashboard
runs its web server as a child. On Linux each child asks the kernel to send it a signal
when its parent dies (``prctl(PR_SET_PDEATHSIG)``, see ``man 2 prctl``), so a batch or
dashboard killed with SIGKILL leaves no orphan behind: the fork server dies with the
command, and each worker dies with the fork server. On other systems this is a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
from multiprocessing.context import BaseContext

__all__ = ["die_with_parent", "process_context", "worker_init"]

_PR_SET_PDEATHSIG = 1
_ORPHAN_GUARD = "resetsim.processes"


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Ask the kernel to send ``sig`` to this process when its parent ends (Linux only).

    If the parent has already gone (the process was re-parented), exit at once.
    """
    if not sys.platform.startswith("linux"):  # pragma: no cover - other systems
        return
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no usable libc
        return
    if os.getppid() != parent:
        os._exit(1)


def worker_init() -> None:
    """Pool-worker initializer: ignore Ctrl-C (the parent handles it), die with the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()


def process_context(preload: str) -> BaseContext:
    """A fork server that has imported ``preload`` once, else spawn.

    Forking from a server started before any thread of ours is safe (unlike plain fork
    from a process that runs a progress thread) and far quicker than spawn, which would
    import numpy, pandas and mesa in every worker. The fork server imports this module
    first and dies with the process that started it (see :func:`_guard_fork_server`).
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([_ORPHAN_GUARD, preload])
        return ctx
    return multiprocessing.get_context("spawn")  # pragma: no cover - e.g. Windows


def _guard_fork_server() -> None:
    """In a fork server (which imports this module as a preload), die with its parent."""
    if _imported_by_fork_server():
        die_with_parent()


def _imported_by_fork_server() -> bool:
    """Whether this import runs inside ``multiprocessing.forkserver.main`` (its preloads)."""
    frame = sys._getframe()
    while frame is not None:
        code = frame.f_code
        if code.co_name == "main" and code.co_filename.endswith(
            os.path.join("multiprocessing", "forkserver.py")
        ):
            return True
        frame = frame.f_back
    return False


_guard_fork_server()
