"""Where chunks of runs execute: this process, a process pool, or a Dask cluster.

Every executor is a context manager with one method, ``imap(chunks)``, which yields
:class:`~resetsim.batch.worker.ChunkResult` objects in the order they finish while
keeping only a few chunks in flight (so memory stays flat however many runs). Seeds are
computed before chunks are built, so results do not depend on the executor.

* ``serial``: runs in this process, one after another (progress per run).
* ``process``: ``concurrent.futures.ProcessPoolExecutor``; workers are forked from a
  fork server that has imported resetsim once, and ignore Ctrl-C (the parent handles it).
* ``dask``: ``distributed.Client`` on an existing scheduler (``--scheduler ADDRESS``,
  e.g. a SLURM allocation started with dask-jobqueue) or on a ``LocalCluster`` of
  ``workers`` single-threaded processes.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import signal
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from resetsim.batch.parts import execute_chunk, worker_start
from resetsim.batch.spec import BatchError
from resetsim.batch.worker import ChunkResult, ChunkTask
from resetsim.processes import process_context

__all__ = [
    "EXECUTORS",
    "WORKERS_PER_CPU",
    "DaskExecutor",
    "ProcessExecutor",
    "SerialExecutor",
    "check_executor",
    "default_workers",
    "make_executor",
]

EXECUTORS = ("serial", "process", "dask")


def default_workers() -> int:
    """Worker count when none is given: the CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - platforms without sched_getaffinity
        return max(1, os.cpu_count() or 1)


class SerialExecutor:
    """Run chunks in this process.

    Args:
        on_run: called after each run with True (ok) or False (failed).

    """

    kind = "serial"

    def __init__(self, on_run: Callable[[bool], None] | None = None):
        self.on_run = on_run
        self.workers = 1

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def imap(self, chunks: Iterable[ChunkTask]) -> Iterator[ChunkResult]:
        """Results chunk by chunk, in order."""
        for chunk in chunks:
            yield execute_chunk(chunk, self.on_run)


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ignore Ctrl-C while child processes start, so that they inherit the ignore."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class ProcessExecutor:
    """Run chunks in a pool of ``workers`` processes on this machine."""

    kind = "process"

    def __init__(self, workers: int):
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ProcessExecutor:
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=process_context("resetsim.batch.parts"),
            initializer=worker_start,
        )
        return self

    def __exit__(self, exc_type: Any, *exc: object) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            # On an error or Ctrl-C: drop queued chunks, let running ones end (workers
            # ignore Ctrl-C), so no process is left behind.
            pool.shutdown(wait=True, cancel_futures=exc_type is not None)

    def imap(self, chunks: Iterable[ChunkTask]) -> Iterator[ChunkResult]:
        """Results in the order chunks finish, at most ``2 * workers`` in flight."""
        assert self._pool is not None, "use ProcessExecutor as a context manager"
        source = iter(chunks)
        limit = 2 * self.workers
        pending: set = set()
        try:
            while True:
                while len(pending) < limit:
                    chunk = next(source, None)
                    if chunk is None:
                        break
                    pending.add(self._pool.submit(execute_chunk, chunk))
                if not pending:
                    return
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=lambda f: f.result().first_run_id):
                    yield future.result()
        except BrokenProcessPool:
            raise BatchError(
                "a worker process died (out of memory, or killed); the runs finished so "
                "far are saved: run the same command with --resume to go on"
            ) from None
        finally:
            for future in pending:
                future.cancel()


_WORKER_CONFIG = {"distributed.worker.profile.enabled": False}


class DaskExecutor:
    """Run chunks on a Dask cluster.

    Args:
        workers: worker processes of the LocalCluster started when no scheduler is given
            (ignored with a scheduler address).
        scheduler: address of a running scheduler, e.g. ``tcp://10.0.0.5:8786``.

    """

    kind = "dask"

    def __init__(self, workers: int, scheduler: str | None = None):
        self.workers = workers
        self.scheduler = scheduler
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> DaskExecutor:  # workers ignore Ctrl-C: it is handled here, once
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise BatchError(
                "the dask executor needs dask.distributed: pip install 'resetsim[dask]'"
            ) from None
        if self.scheduler:
            try:
                self._client = Client(self.scheduler, timeout="10s")
            except Exception as exc:  # distributed raises OSError, TimeoutError, ValueError...
                raise BatchError(
                    f"cannot reach the Dask scheduler at {self.scheduler}: {exc}"
                ) from None
            self.workers = max(1, sum(self._client.nthreads().values()) or self.workers)
        else:
            import dask

            # The workers' statistical profiler samples the running task every 10 ms and
            # costs this CPU-bound model 10-30% of its speed; a batch does not need it.
            with _sigint_ignored(), warnings.catch_warnings(), dask.config.set(_WORKER_CONFIG):
                # the scheduler's health endpoint falls back to a free port if 8787 is taken
                warnings.filterwarnings("ignore", "Port .* is already in use", UserWarning)
                self._cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.CRITICAL,  # task errors still reach us via futures
                )
            self._client = Client(self._cluster)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    def _slots(self) -> int:
        try:
            threads = sum(self._client.nthreads().values())
        except Exception:
            threads = self.workers
        return max(2, 2 * threads)

    def imap(self, chunks: Iterable[ChunkTask]) -> Iterator[ChunkResult]:
        """Results in the order chunks finish, about two chunks per worker thread in flight."""
        from distributed import as_completed

        assert self._client is not None, "use DaskExecutor as a context manager"
        source = iter(chunks)
        limit, checked = self._slots(), time.monotonic()
        flight = as_completed()
        count = 0

        def submit() -> bool:
            chunk = next(source, None)
            if chunk is None:
                return False
            flight.add(self._client.submit(execute_chunk, chunk, pure=False))
            return True

        try:
            while count < limit and submit():
                count += 1
            for future in flight:
                result = future.result()
                future.release()
                count -= 1
                yield result
                if time.monotonic() - checked > 10:  # the cluster may have grown
                    limit, checked = self._slots(), time.monotonic()
                while count < limit and submit():
                    count += 1
        finally:
            for future in list(flight.futures):
                future.cancel()


_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):\d{1,5}$")
WORKERS_PER_CPU = 4
"""More workers than this per CPU only slow a batch down; ``--force`` allows them."""


def check_executor(
    kind: str, workers: int | None, scheduler: str | None, *, force: bool = False
) -> None:
    """Refuse an executor setting that cannot work or would overload the machine.

    Raises:
        BatchError: for an unknown kind, a worker count below 1 or above four per CPU
            (without ``force``), workers with the serial executor, or a scheduler
            address that is not ``[protocol://]host:port``.

    """
    if kind not in EXECUTORS:
        raise BatchError(f"--executor {kind!r}: choose one of {', '.join(EXECUTORS)}")
    if workers is not None and workers < 1:
        raise BatchError(f"--workers must be at least 1 (got {workers})")
    if scheduler is not None:
        if kind != "dask":
            raise BatchError("--scheduler needs --executor dask")
        port = scheduler.rpartition(":")[2]
        if not _ADDRESS.match(scheduler) or not 0 < int(port or 0) < 65536:
            raise BatchError(
                f"--scheduler {scheduler!r}: give the scheduler's address as "
                "[protocol://]host:port, e.g. tcp://10.0.0.5:8786"
            )
    if kind == "serial" and workers is not None and workers > 1:
        raise BatchError(
            f"--executor serial runs one run at a time, so --workers {workers} would be "
            "ignored; use --executor process (or dask) for more workers"
        )
    limit = WORKERS_PER_CPU * default_workers()
    if workers is not None and workers > limit and not force and scheduler is None:
        raise BatchError(
            f"--workers {workers} is more than {WORKERS_PER_CPU} per CPU ({limit} here), "
            "which only slows a batch down; add --force if you mean it"
        )


def make_executor(
    kind: str,
    workers: int | None = None,
    scheduler: str | None = None,
    on_run: Callable[[bool], None] | None = None,
    *,
    force: bool = False,
) -> SerialExecutor | ProcessExecutor | DaskExecutor:
    """The executor named ``kind`` (``serial``, ``process`` or ``dask``).

    Raises:
        BatchError: for a setting :func:`check_executor` refuses.

    """
    check_executor(kind, workers, scheduler, force=force)
    if kind == "serial":
        return SerialExecutor(on_run)
    count = workers or default_workers()
    if kind == "process":
        return ProcessExecutor(count)
    return DaskExecutor(count, scheduler)
