"""How runs are executed: one options object shared by every way an ensemble runs.

:class:`ExecutorOptions` holds the executor settings that ``resetsim batch``,
:func:`~resetsim.batch.run_batch`, :func:`~resetsim.batch.run_ensemble`,
:func:`~resetsim.batch.stream_ensemble` and their clients (attribution, validation,
calibration, sensitivity) accept. None of them changes a result: the same spec and seeds
give the same tables on every executor, worker count and chunk size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any

__all__ = ["EXECUTOR_FIELDS", "ExecutorOptions"]


@dataclass(frozen=True)
class ExecutorOptions:
    """Where and how the runs of a batch or an ensemble are executed.

    Attributes:
        executor: ``serial``, ``process`` or ``dask`` (None: ``dask`` with a scheduler,
            ``process`` for more than one worker, else ``serial``).
        workers: worker processes (None: the CPUs available, for process and dask).
        scheduler: address of a running Dask scheduler.
        chunk_size: runs per chunk (None: up to 50, fewer to keep every worker busy).
        progress: show a progress bar (on a terminal only).
        force: allow more than four workers per CPU.

    Example:
        >>> ExecutorOptions(workers=2).kind
        'process'
        >>> ExecutorOptions.of(ExecutorOptions(workers=2), executor="serial").kind
        'serial'

    """

    executor: str | None = None
    workers: int | None = None
    scheduler: str | None = None
    chunk_size: int | None = None
    progress: bool = False
    force: bool = False

    @classmethod
    def of(cls, options: ExecutorOptions | None = None, **settings: Any) -> ExecutorOptions:
        """``options`` (default: all defaults) with the ``settings`` given by name replaced.

        Raises:
            TypeError: for a setting that is not a field of this class.

        """
        unknown = sorted(set(settings) - set(EXECUTOR_FIELDS))
        if unknown:
            raise TypeError(
                f"unexpected keyword argument(s) {', '.join(unknown)}; the executor "
                f"settings are {', '.join(EXECUTOR_FIELDS)}"
            )
        return replace(options or cls(), **settings)

    @property
    def kind(self) -> str:
        """The executor used: as named, else dask, process or serial by the other fields."""
        if self.executor:
            return self.executor
        if self.scheduler:
            return "dask"
        return "process" if (self.workers or 1) > 1 else "serial"

    def check(self) -> None:
        """Refuse a setting that cannot work or would overload the machine.

        Raises:
            BatchError: as :func:`resetsim.batch.executors.check_executor`.

        """
        from resetsim.batch.executors import check_executor

        check_executor(self.kind, self.workers, self.scheduler, force=self.force)

    def start(self, on_run: Callable[[bool], None] | None = None) -> Any:
        """The executor these options name (a context manager with ``imap``), not yet entered.

        Raises:
            BatchError: for a setting :meth:`check` refuses.

        """
        from resetsim.batch.executors import make_executor

        return make_executor(self.kind, self.workers, self.scheduler, on_run, force=self.force)

    def size_of_chunks(self, workers: int, pending: int) -> int:
        """Runs per chunk for ``pending`` runs on ``workers`` workers (see ``chunk_size``).

        Raises:
            BatchError: for a chunk size below 1.

        """
        from resetsim.batch.dispatch import chunk_size_for

        return chunk_size_for(self.kind, workers, pending, self.chunk_size)

    def taper(self, workers: int) -> int:
        """Workers the last chunks are made smaller for (0: every chunk has its size).

        Only chunks sized here, for a pool of workers, are cut; a ``chunk_size`` given is
        kept exactly.
        """
        return workers if self.chunk_size is None and self.kind != "serial" else 0


EXECUTOR_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ExecutorOptions))
"""The names of the :class:`ExecutorOptions` fields (keyword arguments of the runners)."""
