"""The ``resetsim validate-model`` and ``resetsim calibrate`` commands.

``validate-model`` reports every pattern; ``calibrate`` ranks a parameter grid against
history (:mod:`resetsim.validation.calibration`).

Exit code 0 even when a pattern fails (the command reports, it does not gate); failures
are printed in red and listed at the end. Exit code 1 only for bad input (e.g. ``--out``
is a file).
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

__all__ = ["calibrate_cmd", "validate_model_cmd"]


def _default_workers() -> int:
    from resetsim.batch.executors import default_workers

    return default_workers()


def _check_section_folder(
    flag: str, folder: Path | None, doc: Path | None, files: tuple[str, ...]
) -> None:
    """A folder summarised on the page needs --doc and the files its command writes."""
    if folder is None:
        return
    if doc is None:
        raise fail(f"{flag} needs --doc (it adds a section to the page)")
    missing = [f for f in files if not (folder / f).is_file()]
    if missing:
        command = flag.removeprefix("--").replace("calibration", "calibrate")
        command = command.replace("abc", "calibrate --method abc")
        raise fail(
            f"{flag} {folder}: no {', '.join(missing)} there; give the --out folder of a "
            f"finished `resetsim {command}` run"
        )


def validate_model_cmd(
    seeds: Annotated[
        int, typer.Option("--seeds", min=2, help="Runs per pattern ensemble (seeds 1000...).")
    ] = 100,
    escalation_seeds: Annotated[
        int | None,
        typer.Option(
            "--escalation-seeds",
            min=2,
            help="Runs per escalation ensemble (seeds 2000...); default 5 x --seeds.",
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the tables (CSV, Markdown) and figures.")
    ] = Path("results/validation"),
    doc: Annotated[
        Path | None,
        typer.Option(
            "--doc",
            help="Also write the validation page here (e.g. docs/validation.md), "
            "figures in its img/ folder.",
        ),
    ] = None,
    workers: WorkersOpt = None,
    calibration: Annotated[
        Path | None,
        typer.Option(
            "--calibration",
            help="With --doc: summarise this `resetsim calibrate` output folder on the page.",
        ),
    ] = None,
    sensitivity: Annotated[
        list[Path] | None,
        typer.Option(
            "--sensitivity",
            help="With --doc: summarise this `resetsim sensitivity` output folder on the page "
            "(repeatable: one study per scenario).",
        ),
    ] = None,
    abc: Annotated[
        Path | None,
        typer.Option(
            "--abc",
            help="With --doc: summarise this `resetsim calibrate --method abc` output folder.",
        ),
    ] = None,
    null_calibration: Annotated[
        Path | None,
        typer.Option(
            "--null-calibration",
            help="A `resetsim calibrate --method null` folder: the null model's own values.",
        ),
    ] = None,
    mechanism_seeds: Annotated[
        int | None,
        typer.Option(
            "--mechanism-seeds",
            min=0,
            help="Runs per claim and mode beside the null model and placebo calendars "
            "(seeds 0...); default --seeds; 0 skips the comparison.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run the model's nine patterns (docs/ODD.md 1.2) on ensembles; pass/fail per claim.

    Also compares the history scenario with Gallup and the crisis/reset windows, and
    reports escalation risk per decade with and without crisis management.
    """
    from resetsim.validation.report import validate_model, write_report

    check_writable(out)
    if doc is not None:
        check_writable(doc, "--doc", folder=False)
    if doc is not None and doc.suffix.lower() != ".md":
        raise fail(f"--doc {doc}: give a Markdown file name ending in .md")
    for folder in sensitivity or []:
        _check_section_folder("--sensitivity", folder, doc, ("study.json", "indices.csv"))
    _check_section_folder("--calibration", calibration, doc, ("calibration.json", "points.csv"))
    _check_section_folder("--abc", abc, doc, ("abc.json", "posterior.png"))
    null_parameters = None
    if null_calibration is not None:
        if not (null_calibration / "null.json").is_file():
            raise fail(
                f"--null-calibration {null_calibration}: no null.json there; give the --out "
                "folder of a finished `resetsim calibrate --method null` run"
            )
        from resetsim.validation.null_calibration import load_null_parameters

        null_parameters = load_null_parameters(null_calibration)
    n_workers = workers or _default_workers()
    n_esc = escalation_seeds or 5 * seeds
    say(
        f"Validating: {seeds} seeds per ensemble, {n_esc} per escalation ensemble, "
        f"{n_workers} worker(s)..."
    )
    n_mech = seeds if mechanism_seeds is None else mechanism_seeds
    report = validate_model(
        seeds=seeds,
        escalation_seeds=n_esc,
        workers=n_workers,
        mechanism_seeds=n_mech,
        null_parameters=null_parameters,
    )
    from rich.table import Table

    table = Table("pattern", "statistic", "threshold", "value", "result", title="Patterns")
    checks = report.checks
    for i, c in enumerate(checks):
        first = i == 0 or checks[i - 1].pattern != c.pattern
        last = i == len(checks) - 1 or checks[i + 1].pattern != c.pattern
        table.add_row(
            f"{c.pattern}. {c.title}" if first else "",
            c.statistic,
            c.threshold_text,
            c.value_text,
            "pass" if c.passed else "FAIL",
            style="" if c.passed else "bold red",
            end_section=last,
        )
    console.print(table)
    stats = report.gallup_stats
    say(
        f"Gallup (US favourable to Russia, {stats['points']} points): r = {stats['r']:.2f}, "
        f"mean absolute error {stats['mae']:.1f} points, mean error {stats['bias']:+.1f}."
    )
    hits = ", ".join(
        f"{w} {h:.0%}"
        for w, h in zip(report.windows["window"], report.windows["hit_rate"], strict=True)
    )
    say(f"Window hit rates: {hits}.")
    esc = report.escalation
    for condition in dict.fromkeys(esc["condition"]):
        rows = esc[esc["condition"] == condition]
        text = ", ".join(
            f"{w} {r:.1%} [{lo:.1%}, {hi:.1%}]"
            for w, r, lo, hi in zip(
                rows["window"], rows["risk"], rows["ci_low"], rows["ci_high"], strict=True
            )
        )
        say(f"Escalation risk, {condition}: {text}.")
    try:
        paths = write_report(report, out)
        say(f"Wrote {', '.join(sorted(p.name for p in paths.values()))} to {out}/")
        if doc is not None:
            from resetsim.validation.doc import write_doc

            write_doc(
                report,
                doc,
                figures_from=out,
                sensitivity=sensitivity,
                calibration=calibration,
                abc=abc,
            )
            say(f"Wrote {doc} and its figures in {doc.parent / 'img'}/")
    except OSError as exc:
        raise fail(f"cannot write the report: {exc}") from None
    if report.mechanism:
        from resetsim.validation.mechanism import headline

        counts = headline(report.mechanism)
        say(
            "Patterns beside the null model and placebo calendars: "
            + ", ".join(f"{v} {k}" for k, v in counts.items())
            + "."
        )
    failed = report.failures
    passed = len(report.checks) - len(failed)
    if failed:
        say(
            f"{len(failed)} of {len(report.checks)} checks FAILED: "
            + "; ".join(f"pattern {c.pattern}: {c.statistic}" for c in failed)
        )
    else:
        say(f"All {passed} checks pass.")
    say(f"({report.seconds:.0f} s)")


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
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path(
        "results/calibration"
    ),
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
                workers=workers or _default_workers(),
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
