"""Command-line options shared by the commands that run ensembles on the batch executors."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["ExecutorOpt", "QuietOpt", "SchedulerOpt", "WorkersOpt"]

WorkersOpt = Annotated[
    int | None, typer.Option("--workers", min=1, help="Worker processes (default: CPUs).")
]
ExecutorOpt = Annotated[str | None, typer.Option("--executor", help="serial, process or dask.")]
SchedulerOpt = Annotated[
    str | None, typer.Option("--scheduler", help="Address of a running Dask scheduler.")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", help="No progress bar.")]
