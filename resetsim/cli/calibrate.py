"""The ``resetsim calibrate`` command: fit parameters to history (grid, ABC or null model).

``--method grid`` ranks a parameter grid against history
(:mod:`resetsim.validation.calibration`); ``abc`` and ``null`` run
:func:`resetsim.cli.inference.run_abc` and :func:`~resetsim.cli.inference.run_null`.

Exit code 1 for bad input (e.g. ``--out`` is a file), 130 when interrupted (the finished
runs are kept; ``--resume`` goes on).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from resetsim.cli.common import (
    EXIT_INTERRUPTED,
    ExecutorOpt,
    QuietOpt,
    SchedulerOpt,
    WorkersOpt,
    check_writable,
    console,
    err,
    fail,
    guard,
    say,
)
from resetsim.cli.options import OutDirOpt, default_workers

__all__ = ["calibrate_cmd"]


def calibrate_cmd(
    grids: Annotated[
        list[str] | None,
        typer.Option(
            "--grid",
            help="KEY=V1,V2,... or KEY=LO:HI:N, e.g. dynamics.favourability_mid=50,55,60 "
            "(repeatable; the points are all combinations). For --method grid or null.",
        ),
    ] = None,
    scenario: Annotated[
        str | None,
        typer.Argument(
            help="A history scenario covering 1998-09 to 2014-12 [grid: history-1992-2016; "
            "abc: history-1992-2016-generative].",
            show_default=False,
        ),
    ] = None,
    method: Annotated[
        str,
        typer.Option(
            "--method",
            help="grid (pattern-2 filter over --grid), abc (pyabc ABC-SMC over the main "
            "behavioural parameters; writes a posterior) or null (the null model's own grid "
            "calibration on the abc targets).",
        ),
    ] = "grid",
    population: Annotated[
        int, typer.Option("--population", min=2, help="abc: particles per generation.")
    ] = 100,
    generations: Annotated[
        int, typer.Option("--generations", min=1, help="abc: generations at most.")
    ] = 4,
    max_minutes: Annotated[
        float | None,
        typer.Option(
            "--max-minutes",
            min=0.1,
            help="abc: start no new generation after this wall time [no limit].",
            show_default=False,
        ),
    ] = None,
    predictive: Annotated[
        int,
        typer.Option(
            "--predictive",
            min=0,
            help="abc: posterior draws for the posterior-predictive check (0 skips it).",
        ),
    ] = 200,
    seeds: Annotated[
        int | None,
        typer.Option(
            "--seeds",
            min=1,
            help="Runs per grid point, common seeds [30]; abc: runs per particle [2].",
            show_default=False,
        ),
    ] = None,
    out: OutDirOpt = Path("results/calibration"),
    workers: WorkersOpt = None,
    executor: ExecutorOpt = None,
    scheduler: SchedulerOpt = None,
    base_seed: Annotated[
        int | None,
        typer.Option(
            "--base-seed",
            min=0,
            help="Seed the runs' seeds derive from [grid: 0; abc: 100000, the calibration "
            "range, which must be >= 100000].",
            show_default=False,
        ),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Go on with the batch already in OUT/batch.")
    ] = False,
    quiet: QuietOpt = False,
) -> None:
    """Rank parameter values against history: pattern 2 as a filter, Gallup's level as the score.

    Runs every grid point of the scenario on the same seeds, accepts the points that meet
    every claim of pattern 2 (crisis and reset windows, three cycles, quiet years, Gallup
    direction) and ranks them by mean absolute error against the Gallup series. Writes
    OUT/points.csv, OUT/calibration.json and OUT/calibration.png; changes no scenario file.

    With --method abc: ABC-SMC (pyabc) on calibration seeds (>= 100000); --seeds is the
    runs per particle. Writes OUT/abc.db, OUT/posterior.csv, OUT/abc.json,
    OUT/posterior.png and the posterior-predictive check (OUT/predictive.csv, .json,
    .png); `resetsim batch --posterior OUT/posterior.csv` draws from it.
    """
    from resetsim.batch.spec import BatchError
    from resetsim.cli.inference import parse_grids
    from resetsim.validation.calibration import calibrate

    check_writable(out)
    if method not in ("grid", "abc", "null"):
        raise fail(f"--method {method!r}: use grid, abc or null")
    if method == "null":
        from resetsim.cli.inference import run_null

        run_null(scenario, out, parse_grids(grids) if grids else None, seeds, base_seed, workers)
        return
    if method == "abc":
        from resetsim.cli.inference import run_abc

        if grids:
            raise fail("--grid is for --method grid; abc draws its parameters from priors")
        run_abc(
            scenario, out, population, generations, seeds or 2, base_seed, workers,
            max_minutes, predictive,
        )  # fmt: skip
        return
    seeds = 30 if seeds is None else seeds
    if seeds < 2:
        raise fail("--seeds: a grid point needs at least 2 runs")
    if not grids:
        raise fail("give at least one --grid KEY=V1,V2,... to calibrate over (--method grid)")
    scenario = scenario or "history-1992-2016"
    base_seed = base_seed or 0
    try:
        grid = parse_grids(grids)
        with guard():
            result = calibrate(
                grid,
                out,
                scenario=scenario,
                seeds=seeds,
                base_seed=base_seed,
                executor=executor,
                workers=workers or default_workers(),
                scheduler=scheduler,
                resume=resume,
                progress=not quiet,
            )
    except (BatchError, ValueError) as exc:
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        err.print(
            f"interrupted: finished runs are saved; add --resume to go on ({out}/batch)",
            markup=False,
        )
        raise typer.Exit(EXIT_INTERRUPTED) from None
    points = result.points
    from rich.table import Table

    table = Table("rank", "accepted", "tied", "Gallup MAE", "bias", "r", "misses")
    table.add_column("grid point", overflow="fold", ratio=1)
    for _, row in points.head(10).iterrows():
        table.add_row(
            str(row["rank"]),
            "yes" if row["accepted"] else "no",
            "yes" if row["tied_with_best"] else "no",
            f"{row['gallup_mae']:.1f}",
            f"{row['gallup_bias']:+.1f}",
            f"{row['gallup_r']:.2f}",
            row["failed_checks"] or "-",
            "\n".join(f"{k}={row[k]:g}" for k in result.keys),
        )
    console.print(table)
    best = result.best
    if best is None:
        say(
            "No grid point meets every pattern-2 claim on these seeds; use more --seeds, or "
            "widen or move the grid."
        )
    else:
        sets = " ".join(f"--set {k}={best[k]:g}" for k in result.keys)
        say(
            f"Best accepted point ({int(points['accepted'].sum())} of {len(points)} accepted, "
            f"{int(points['tied_with_best'].sum())} tied with it): "
            f"{sets}\nTo adopt it, write these values in the scenario files and run "
            "`resetsim validate-model`."
        )
    say(f"Wrote points.csv, calibration.json and calibration.png/.svg to {out}/")
