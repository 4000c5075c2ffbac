"""Worker processes for the pools that batches, attribution and validation start."""

from __future__ import annotations

import multiprocessing
from multiprocessing.context import BaseContext

__all__ = ["process_context"]


def process_context(preload: str) -> BaseContext:
    """A fork server that has imported ``preload`` once, else spawn.

    Forking from a server started before any thread of ours is safe (unlike plain fork
    from a process that runs a progress thread) and far quicker than spawn, which would
    import numpy, pandas and mesa in every worker.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([preload])
        return ctx
    return multiprocessing.get_context("spawn")  # pragma: no cover - e.g. Windows
