"""The ``resetsim batch`` command.

Exit codes: 0 all runs ok; 1 bad input (nothing started) or the batch could not go on;
3 some runs failed (they are in the ``runs`` table with their error); 130 interrupted
(Ctrl-C or SIGTERM; the directory is resumable with ``--resume``).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from resetsim.cli.common import EXIT_INTERRUPTED, check_writable, err, fail, guard, say
from resetsim.cli.options import (
    ChunkSizeOpt,
    ExecutorOpt,
    ForceOpt,
    SchedulerOpt,
    WorkersOpt,
    executor_options,
    posterior_options,
)

__all__ = ["EXIT_FAILED_RUNS", "EXIT_INTERRUPTED", "batch_cmd"]

EXIT_FAILED_RUNS = 3
_GRID_HELP = (
    "Grid axis KEY=v1,v2,... or KEY=lo:hi:n (n values incl. ends); axes combine as a "
    "cartesian product (repeatable)."
)
_ZIP_HELP = (
    "Linked grid axis KEY=v1,v2,...: all --zip keys take their i-th values together (as "
    "many values each) and combine with --grid as a product."
)

PosteriorOpt, DrawsOpt = posterior_options("each point's parameters", 100)
GridOpt = Annotated[list[str] | None, typer.Option("--grid", help=_GRID_HELP)]
ZipOpt = Annotated[list[str] | None, typer.Option("--zip", help=_ZIP_HELP)]


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM (e.g. a cluster job's time limit) like Ctrl-C while the batch runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _first_errors(out: Path, limit: int = 3) -> list[str]:
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    from resetsim.batch.store import BatchStore

    files = [str(p) for p in BatchStore(out).parts("runs")]
    if not files:
        return []
    table = ds.dataset(files, format="parquet").to_table(
        columns=["run_id", "error"], filter=pc.field("status") != "ok"
    )
    errors: dict[str, int] = {}
    for run_id, error in zip(
        table.column("run_id").to_pylist(), table.column("error").to_pylist(), strict=True
    ):
        errors.setdefault(str(error).splitlines()[0] if error else "?", run_id)
    return [f"run {run_id}: {error}" for error, run_id in list(errors.items())[:limit]]


def batch_cmd(
    scenarios: Annotated[
        list[str] | None,
        typer.Argument(help="Scenario names or .toml paths.", show_default=False),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Output directory (new or empty).")
    ] = None,
    seeds: Annotated[
        int | None, typer.Option("--seeds", help="Replicates per scenario and grid point.")
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option("--set", help="Fixed override for every run, KEY=VALUE (repeatable)."),
    ] = None,
    grids: GridOpt = None,
    zips: ZipOpt = None,
    workers: WorkersOpt = None,
    executor: ExecutorOpt = None,
    scheduler: SchedulerOpt = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue the batch already in --out.")
    ] = False,
    retry_failed: Annotated[
        bool,
        typer.Option("--retry-failed", help="With --resume: run the runs that failed again."),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, no summary.")] = False,
    actors: Annotated[
        bool | None,
        typer.Option(
            "--actors/--no-actors", help="Write the month x actor table.", show_default=False
        ),
    ] = None,
    spec: Annotated[
        Path | None,
        typer.Option("--spec", help="Batch spec TOML file; options given here add to it."),
    ] = None,
    base_seed: Annotated[
        int | None, typer.Option("--base-seed", help="Seed all run seeds derive from [0].")
    ] = None,
    months: Annotated[
        int | None,
        typer.Option(
            "--months",
            help="Months every run covers, the start month included (default: the scenario's).",
        ),
    ] = None,
    chunk_size: ChunkSizeOpt = None,
    common_seeds: Annotated[
        bool | None,
        typer.Option(
            "--common-seeds/--independent-seeds",
            help="Same seed for replicate r at every grid point and scenario.",
            show_default=False,
        ),
    ] = None,
    force: ForceOpt = False,
    yes: Annotated[
        bool, typer.Option("--yes", help="Allow a batch of more than a million runs.")
    ] = False,
    posterior: PosteriorOpt = None,
    draws: DrawsOpt = None,
    repair: Annotated[
        bool,
        typer.Option(
            "--repair",
            help="Rebuild a damaged manifest of the batch in --out (or DIR) from its parts, "
            "then stop; go on with --resume.",
        ),
    ] = False,
) -> None:
    """Many runs: scenarios x grid points x seeds, in parallel, streamed to Parquet.

    Writes DIR/manifest.json, DIR/batch.toml and the Parquet datasets timeseries/,
    actors/, log/, resets/, events/ and runs/ (one row per run).

    Exit codes: 0 all ok; 1 bad input; 3 some runs failed; 130 interrupted (go on
    with --resume).
    """
    if repair:
        target = out or (Path(scenarios[0]) if scenarios and len(scenarios) == 1 else None)
        if target is None:
            raise fail("--repair: give the batch directory: resetsim batch --repair --out DIR")
        _repair(target)
        return
    if out is None:
        raise fail("give an output directory: --out DIR")
    check_writable(out)
    from resetsim.batch.engine import build_spec, execute
    from resetsim.batch.posterior import posterior_draws
    from resetsim.batch.spec import BatchError, parse_assignment, parse_grid_text
    from resetsim.batch.store import SPEC_FILE
    from resetsim.cli.common import parse_sets

    if resume and not scenarios and spec is None and (out / SPEC_FILE).is_file():
        spec = out / SPEC_FILE  # `resetsim batch --out DIR --resume` continues DIR's batch
    overrides = parse_sets(sets)
    try:
        with guard():
            grid: dict[str, Any] = {}
            for option, texts in (("--grid", grids), ("--zip", zips)):
                for text in texts or []:
                    key, value = parse_assignment(text, option)
                    if key in grid:
                        raise BatchError(
                            f"{option} {key} is given twice (in --grid or --zip); "
                            "list all its values in one"
                        )
                    grid[key] = parse_grid_text(key, value)
            linked = [parse_assignment(text, "--zip")[0] for text in zips or []]
            if len(linked) == 1:
                raise BatchError(
                    f"--zip {linked[0]}: link at least two keys (give --zip twice or more), "
                    "or use --grid for one key"
                )
            study = build_spec(
                scenarios,
                spec=spec,
                overrides=overrides,
                grid=grid,
                links=[linked] if linked else (),
                draws=posterior_draws(posterior, draws, base_seed),
                seeds=seeds,
                base_seed=base_seed,
                months=months,
                actors=actors,
                common_seeds=common_seeds,
            )
            with _sigterm_as_interrupt():
                how = executor_options(
                    executor, workers, scheduler, chunk_size, force=force, progress=not quiet
                )
                summary = execute(
                    study, out, how, resume=resume, retry_failed=retry_failed, yes=yes
                )
    except KeyboardInterrupt:
        err.print(
            f"interrupted: the runs finished so far are saved in {out}; "
            "run the same command with --resume to go on",
            markup=False,
        )
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if not quiet:
        rate = summary.ran / summary.seconds if summary.seconds > 0 else 0.0
        again = f" ({summary.before} were already done)" if summary.before else ""
        say(
            f"{summary.total} runs ({study.n_points} grid point(s) x {study.seeds} seeds x "
            f"{len(study.scenarios)} scenario(s)): {summary.ran} run now{again} in "
            f"{summary.seconds:.1f} s ({rate:,.1f} runs/s); {summary.ok} ok, "
            f"{summary.failed} failed -> {out}"
        )
    if summary.failed:
        lines = _first_errors(Path(out))
        err.print(
            f"{summary.failed} of {summary.total} runs failed (see the runs table: "
            "status, error, traceback)",
            markup=False,
        )
        for line in lines:
            err.print(f"  {line}", markup=False)
        raise typer.Exit(EXIT_FAILED_RUNS)


def _repair(directory: Path) -> None:
    """``resetsim batch --repair DIR``: rebuild the manifest from batch.toml and the parts."""
    from resetsim.batch.repair import repair_batch

    with guard():
        report = repair_batch(directory)
    say(
        f"{directory}: manifest rebuilt from {report.kept} intact chunk(s) "
        f"({report.runs} runs kept, {report.dropped} damaged chunk(s) removed); "
        "go on with: resetsim batch --out DIR --resume"
    )
