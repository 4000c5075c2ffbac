"""``resetsim calibrate --method abc`` and ``resetsim robustness``.

:func:`run_abc` runs ABC-SMC (:mod:`resetsim.validation.abc`) and prints the posterior;
:func:`robustness_cmd` reruns every validation claim on disjoint seed blocks
(:mod:`resetsim.validation.robustness`) and writes the pass-rate table into the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from resetsim.cli.common import WorkersOpt, check_writable, console, fail, guard, say
from resetsim.validation.seed_ranges import LAST_SEED, ROBUSTNESS_BASE

__all__ = ["parse_grids", "robustness_cmd", "run_abc", "run_null"]


def parse_grids(grids: list[str]) -> dict[str, list]:
    """``--grid KEY=...`` options as key -> values (bad input: a one-line error)."""
    from resetsim.batch.spec import BatchError, parse_assignment, parse_grid_text

    grid: dict[str, list] = {}
    try:
        for text in grids:
            key, value = parse_assignment(text, "--grid")
            if key in grid:
                raise BatchError(f"--grid {key} is given twice; list all its values in one")
            grid[key] = parse_grid_text(key, value)
    except BatchError as exc:
        raise fail(str(exc)) from None
    return grid


def _calibrate(method: Any, out: Path, scenario: str | None, **settings: Any) -> dict[str, Any]:
    """Run a calibration of :mod:`resetsim.validation` on ``scenario`` (default: generative).

    Bad input (an unknown scenario, a value out of range) becomes a one-line error.
    """
    from resetsim.scenario import ScenarioError
    from resetsim.validation.claims import GENERATIVE

    try:
        with guard():
            return method(out, scenario=scenario or GENERATIVE, **settings)
    except (ScenarioError, ValueError) as exc:
        raise fail(str(exc)) from None


def run_abc(
    scenario: str | None,
    out: Path,
    population: int,
    generations: int,
    runs: int,
    base_seed: int | None,
    workers: int | None,
    max_minutes: float | None = None,
    predictive: int = 0,
) -> None:
    """Run ABC-SMC on calibration seeds and print the posterior medians and 90% intervals."""
    from resetsim.validation.abc import CALIBRATION_SEED_BASE, calibrate_abc

    seed_base = CALIBRATION_SEED_BASE if base_seed is None else base_seed
    if seed_base < CALIBRATION_SEED_BASE:
        raise fail(
            f"--base-seed {seed_base}: calibration seeds start at {CALIBRATION_SEED_BASE} "
            "(seeds 0-9999 are for the tests and the validation page)"
        )
    n_workers = workers or 1
    say(
        f"ABC-SMC: population {population}, at most {generations} generations, {runs} run(s) "
        f"per particle, seeds from {seed_base}, {n_workers} worker(s)..."
    )
    summary = _calibrate(
        calibrate_abc, out, scenario, seed_base=seed_base, workers=n_workers, runs=runs,
        population=population, generations=generations, max_minutes=max_minutes,
        predictive=predictive,
    )  # fmt: skip
    from rich.table import Table

    table = Table("parameter", "median", "90% interval", title="Posterior (last generation)")
    for key, q in summary["posterior"].items():
        table.add_row(key, f"{q['median']:.3g}", f"{q['q05']:.3g} - {q['q95']:.3g}")
    console.print(table)
    say(
        f"{summary['generations']} generation(s), {summary['simulations']} particles simulated "
        f"in {summary['seconds']:.0f} s. Wrote abc.db, posterior.csv, abc.json and "
        f"posterior.png to {out}/; run `resetsim batch SCENARIO --posterior "
        f"{out}/posterior.csv --draws N --out DIR` to draw parameter sets from it."
    )


def run_null(
    scenario: str | None,
    out: Path,
    grid: dict[str, list] | None,
    seeds: int | None,
    base_seed: int | None,
    workers: int | None,
) -> None:
    """Calibrate the null model on a small grid (calibration seeds) and print the best point."""
    from resetsim.validation.abc import CALIBRATION_SEED_BASE
    from resetsim.validation.null_calibration import NULL_GRID, calibrate_null

    summary = _calibrate(
        calibrate_null, out, scenario, grid=grid or NULL_GRID, seeds=seeds or 10,
        seed_base=CALIBRATION_SEED_BASE if base_seed is None else base_seed,
        workers=workers or 1,
    )  # fmt: skip
    best = " ".join(f"--set {k}={v:g}" for k, v in summary["best"].items())
    say(
        f"Null model's best point (distance {summary['best_distance']:.2f}): {best}. Wrote "
        f"points.csv and null.json to {out}/; use it with `resetsim validate-model "
        f"--null-calibration {out}`."
    )


def robustness_cmd(
    blocks: Annotated[
        int, typer.Option("--blocks", min=2, help="Disjoint seed blocks (>= 10 for the page).")
    ] = 10,
    seeds: Annotated[int, typer.Option("--seeds", min=2, help="Runs per block.")] = 100,
    base: Annotated[
        int,
        typer.Option(
            "--base", min=0, max=LAST_SEED, help=f"First seed of the first block (0-{LAST_SEED})."
        ),
    ] = ROBUSTNESS_BASE,
    doc: Annotated[
        Path | None,
        typer.Option("--doc", help="Write the pass-rate table into this page (its section)."),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for robustness.csv.")] = Path(
        "results/robustness"
    ),
    workers: WorkersOpt = None,
) -> None:
    """Rerun every validation claim (full model) on disjoint seed blocks; pass rate per claim."""
    from resetsim.validation.robustness import pass_rates, write_section

    last = base + blocks * seeds - 1
    if last > LAST_SEED:
        raise fail(
            f"--blocks {blocks} x --seeds {seeds} from {base} ends at seed {last}; the test "
            f"and page range stops at {LAST_SEED} (fewer blocks, fewer seeds or a lower --base)"
        )
    check_writable(out)
    if doc is not None and not doc.is_file():
        raise fail(f"--doc {doc}: no such page; write it first with `resetsim validate-model`")
    say(f"Robustness: {blocks} blocks of {seeds} seeds from {base}, {workers or 1} worker(s)...")
    out.mkdir(parents=True, exist_ok=True)

    def done(block: int, so_far) -> None:
        so_far.to_csv(out / "robustness.csv", index=False)
        say(f"block {block + 1} of {blocks} done")

    table = pass_rates(blocks, seeds, base, workers or 1, on_block=done)
    from rich.table import Table

    shown = Table("pattern", "statistic", "passed", "blocks", "pass rate", title="Robustness")
    for _, row in table.iterrows():
        shown.add_row(
            row["pattern"], row["statistic"], str(row["passed"]), str(row["blocks"]),
            f"{row['pass_rate']:.0%}",
        )  # fmt: skip
    console.print(shown)
    if doc is not None:
        write_section(doc, table, blocks, seeds, base)
        say(f"Wrote the pass-rate table into {doc}")
    say(f"Wrote {out}/robustness.csv")
