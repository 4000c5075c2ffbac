"""A chunk run where it executes, its tables written there as parts of the batch.

:func:`execute_chunk` is the function the executors send to workers. A chunk of a batch
(:attr:`~resetsim.batch.worker.ChunkTask.out` set) is run and its tables written by the
worker itself, each part checksummed as :meth:`resetsim.batch.store.BatchStore.write_chunk`
writes it; only the parts' record travels back, and the parent commits the chunk by
listing that record in the manifest (:meth:`~resetsim.batch.store.BatchStore.adopt`). A
worker of a pool leaves its parts staged under temporary names (``sync`` off), and the
parent flushes them to the disk and renames them into place before it lists them, so the
worker does not wait for the disk. So workers compress and write in parallel, the parent
neither receives nor encodes the tables, and a part not yet in the manifest when a batch
stops is removed and its runs run again on ``--resume``, exactly as when the parent wrote
it. An ensemble's chunk (no ``out``) returns its tables.

While a chunk runs, the cyclic garbage collector runs less often (:func:`collecting_less`):
a run allocates many containers that live for the whole run (agents, their records),
and with the default threshold the collector traverses them again and again, which
costs a run of the model several per cent of its time; no result depends on when the
collector runs.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace

from resetsim.batch.store import BatchStore
from resetsim.batch.worker import ChunkResult, ChunkTask, run_chunk

__all__ = ["GC_THRESHOLD", "collecting_less", "execute_chunk"]

GC_THRESHOLD = 20_000
"""Allocations of containers between two collections of the youngest generation while a
chunk runs (Python's default is 700; see the ``gc`` module's ``set_threshold``)."""


_collector_lock = threading.Lock()
_collector = {"chunks": 0, "threshold": gc.get_threshold()}  # running; the threshold before


@contextlib.contextmanager
def collecting_less() -> Iterator[None]:
    """Raise the collector's first threshold to :data:`GC_THRESHOLD`, then restore it.

    Garbage is still collected (only less often), so memory stays bounded; a threshold
    of 0 (collection switched off) or one already higher is kept. Chunks that run at
    once in threads of one process (a Dask worker with several threads) share the
    raised threshold, and the last of them to finish restores the one before the first.
    """
    with _collector_lock:
        if not _collector["chunks"]:
            before = _collector["threshold"] = gc.get_threshold()
            if 0 < before[0] < GC_THRESHOLD:
                gc.set_threshold(GC_THRESHOLD, *before[1:])
        _collector["chunks"] += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector["chunks"] -= 1
            if not _collector["chunks"]:
                gc.set_threshold(*_collector["threshold"])


def execute_chunk(chunk: ChunkTask, on_run: Callable[[bool], None] | None = None) -> ChunkResult:
    """Run ``chunk``; with ``chunk.out``, write its parts there and return their record.

    Args:
        chunk: the runs and what they need.
        on_run: called after each run with True (ok) or False (failed).

    Raises:
        OSError: if a part cannot be written (the runs are run again on ``--resume``).

    """
    with collecting_less():
        result = run_chunk(chunk, on_run)
    if chunk.out is None:
        return result
    store = BatchStore(chunk.out)
    stem, record = store.write_chunk(result, sync=chunk.sync)
    staged = not chunk.sync
    return replace(
        result, tables={}, stem=stem, record=record, schemas=store.schemas, staged=staged
    )
