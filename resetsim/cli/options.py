"""Options that mean the same in several commands, and the executor options' object.

``--executor``, ``--workers``, ``--scheduler``, ``--chunk-size`` and ``--force`` mean the
same in ``resetsim batch``, ``sensitivity``, ``calibrate``, ``forecast`` and the other
ensemble commands; :func:`executor_options` turns them into one
:class:`~resetsim.batch.ExecutorOptions`. ``--out`` (an output folder), the ``SCENARIO``
argument, ``--port`` and the pair ``--posterior``/``--draws`` (:func:`posterior_options`)
are shared as well. Only typer is imported here (the command line starts quickly).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from resetsim.batch.options import ExecutorOptions

__all__ = [
    "ChunkSizeOpt",
    "ExecutorOpt",
    "ForceOpt",
    "OutDirOpt",
    "PortOpt",
    "ProcessesOpt",
    "ScenarioArg",
    "SchedulerOpt",
    "WorkersOpt",
    "default_workers",
    "executor_options",
    "posterior_options",
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
OutDirOpt = Annotated[Path, typer.Option("--out", help="Output folder.")]
ScenarioArg = Annotated[str, typer.Argument(help="Scenario name or .toml path.")]
ProcessesOpt = Annotated[int, typer.Option("--workers", min=1, help="Processes.")]
"""``--workers`` of the commands that run in local processes only (no executor choice)."""
PortOpt = Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")]


def posterior_options(what: str, draws: int) -> tuple[Any, Any]:
    """``--posterior`` and ``--draws`` of a command that draws ``what`` from a posterior.

    Args:
        what: what each parameter set gives values to, as the help says it.
        draws: the number of parameter sets drawn when ``--draws`` is not given.

    Returns:
        The two options' types, to annotate the command's parameters with.

    """
    posterior = typer.Option(
        "--posterior",
        help=f"Draw {what} from this posterior.csv (resetsim calibrate --method abc); "
        "with --draws.",
    )
    count = typer.Option("--draws", min=1, help=f"Parameter sets drawn from --posterior [{draws}].")
    return Annotated[Path | None, posterior], Annotated[int | None, count]


def default_workers() -> int:
    """Workers when ``--workers`` is not given: the CPUs this process may use."""
    from resetsim.batch.executors import default_workers as cpus

    return cpus()


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
