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
collector runs. A worker of a pool also keeps the memory a chunk frees for the next one
(:func:`worker_start`), instead of giving it back to the system and faulting it in again.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace

from resetsim.batch.store import BatchStore
from resetsim.batch.worker import ChunkResult, ChunkTask, run_chunk
from resetsim.processes import worker_init

__all__ = ["GC_THRESHOLD", "KEPT_HEAP", "collecting_less", "execute_chunk", "worker_start"]

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


KEPT_HEAP = 64 << 20
"""Bytes of free memory at the top of a worker's heap that glibc keeps (``M_TRIM_THRESHOLD``)."""
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # mallopt(3) parameters, from glibc's malloc.h
_MMAP_THRESHOLD = 32 << 20  # the largest glibc takes on 64-bit (DEFAULT_MMAP_THRESHOLD_MAX)


def keep_freed_memory() -> bool:
    """Let this process's C allocator keep freed memory for reuse (glibc; else a no-op).

    A chunk builds its tables (about 18 MB for the actor table of 50 history runs),
    encodes them and frees them. glibc serves blocks above its mmap threshold (128 KiB
    at first, raised as mapped blocks are freed) with ``mmap`` and unmaps them when
    freed, and returns the free top of its heap to the system beyond ``M_TRIM_THRESHOLD``
    (twice the threshold by then); Arrow's mimalloc pool gives its freed pages back too.
    So each 50-run chunk faulted the same memory in again: about 6,000 minor page faults
    and 10-40 ms of system CPU per chunk, on top of 50-70 ms of the engine's own work
    (measured in a pool worker with ``getrusage``; chunks smaller than the first, as at
    the end of a batch, mostly fit in what is still mapped, so long batches gain most).
    Fixed thresholds (``mallopt``, see ``man 3 mallopt``) and Arrow's allocations through
    the same ``malloc`` (its system pool) keep the memory: about 100 faults per chunk. A
    worker keeps at most :data:`KEPT_HEAP` free bytes beyond what it uses, so memory stays
    flat (peak 189-191 MB per worker after 800 history runs, 196 MB before).

    Returns:
        Whether glibc took the settings.

    """
    if not sys.platform.startswith("linux"):  # pragma: no cover - other systems
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # pragma: no cover - no glibc (e.g. musl)
        return False
    done = mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD) and mallopt(_M_TRIM_THRESHOLD, KEPT_HEAP)
    if done:
        import pyarrow as pa

        pa.set_memory_pool(pa.system_memory_pool())
    return bool(done)


def worker_start() -> None:
    """Initializer of the process pool's workers (each runs chunk after chunk).

    :func:`resetsim.processes.worker_init`, then :func:`keep_freed_memory`.
    """
    worker_init()
    keep_freed_memory()


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
