"""The executor options every command that runs an ensemble shares, and their object.

``--executor``, ``--workers``, ``--scheduler``, ``--chunk-size`` and ``--force`` mean the
same in ``resetsim batch``, ``sensitivity``, ``calibrate``, ``forecast`` and the other
ensemble commands; :func:`executor_options` turns them into one
:class:`~resetsim.batch.ExecutorOptions`. Only typer is imported here (the command line
starts quickly).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from resetsim.batch.options import ExecutorOptions

__all__ = [
    "ChunkSizeOpt",
    "ExecutorOpt",
    "ForceOpt",
    "SchedulerOpt",
    "WorkersOpt",
    "executor_options",
]

WorkersOpt = Annotated[
    int | None,
    typer.Option("--workers", min=1, help="Worker processes for process/dask (default: the CPUs)."),
]
ExecutorOpt = Annotated[
    str | None,
    typer.Option(
        "--executor", help="serial | process | dask (default: serial for 1 worker, else process)."
    ),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option("--scheduler", help="Address of a running Dask scheduler (implies dask)."),
]
ChunkSizeOpt = Annotated[
    int | None, typer.Option("--chunk-size", help="Runs per chunk (default: up to 50).")
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Allow more than 4 workers per CPU.")]


def executor_options(
    executor: str | None,
    workers: int | None,
    scheduler: str | None,
    chunk_size: int | None = None,
    *,
    force: bool = False,
    progress: bool = False,
) -> ExecutorOptions:
    """The :class:`~resetsim.batch.ExecutorOptions` of a command's executor options."""
    from resetsim.batch.options import ExecutorOptions

    return ExecutorOptions(executor, workers, scheduler, chunk_size, progress, force)
