"""The ``resetsim plot`` and ``resetsim attribute`` commands.

Only typer is imported here; the analysis modules (pandas, matplotlib, lifelines) load
when a command runs, so ``resetsim --help`` stays quick.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from resetsim.cli.common import check_writable, console, fail, guard, load_or_exit, say
from resetsim.cli.options import OutDirOpt, ProcessesOpt, ScenarioArg

__all__ = ["attribute_cmd", "plot_app"]

plot_app = typer.Typer(
    help="Figures from a batch directory (written as PNG and SVG with the same stem).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DirArg = Annotated[
    Path,
    typer.Argument(help="Batch directory (from `resetsim batch`) or run folder (`resetsim run`)."),
]
OutOpt = Annotated[
    Path, typer.Option("--out", help="Figure file, FILE.png (FILE.svg is written too).")
]
ByOpt = Annotated[
    str | None,
    typer.Option("--by", help="Group by 'scenario' or a grid key (default: what varies)."),
]
PanelsOpt = Annotated[
    str | None, typer.Option("--by", help="A grid key: one panel per value (default: pooled).")
]
ScenarioOpt = Annotated[str | None, typer.Option("--scenario", help="Only this scenario.")]


def _png(out: Path) -> Path:
    if out.suffix.lower() not in (".png", ""):
        raise fail(f"--out {out}: give a .png file name (an .svg is written beside it)")
    check_writable(out, folder=False)
    return out.with_suffix(".png")


def _load(directory: Path):
    from resetsim.analysis.io import BatchError, read_batch

    try:
        return read_batch(directory)
    except BatchError as exc:
        raise fail(str(exc)) from None


def _run(plot, *args, **kwargs):
    """Call a plot function, turning bad input into a message and exit code 1."""
    import matplotlib.pyplot as plt

    from resetsim.analysis.io import BatchError

    try:
        with guard(f"--out {kwargs.get('path')}: "):
            result = plot(*args, **kwargs)
    except BatchError as exc:
        raise fail(str(exc)) from None
    except (KeyError, ValueError, TypeError) as exc:  # a batch missing columns we need
        raise fail(f"cannot draw this figure from the batch: {type(exc).__name__}: {exc}") from None
    plt.close(result.figure)
    return result


def _wrote(png: Path, *extra: Path) -> None:
    files = [png, png.with_suffix(".svg"), *extra]
    say("Wrote " + ", ".join(str(f) for f in files))


@plot_app.command("decay")
def decay_cmd(
    directory: DirArg,
    out: OutOpt,
    by: ByOpt = None,
    metric: Annotated[
        str,
        typer.Option(
            "--metric",
            help="relationship, trust, us_public_favourability or ru_public_favourability.",
        ),
    ] = "relationship",
    before: Annotated[int, typer.Option(min=0, help="Months shown before the reset.")] = 12,
    after: Annotated[int, typer.Option(min=1, help="Months shown after the reset began.")] = 72,
) -> None:
    """Reset-decay curves: median and 50%/90% bands aligned on each reset's start."""
    from resetsim.analysis.decay import plot_decay

    png = _png(out)
    batch = _load(directory)
    _run(plot_decay, batch, by=by, metric=metric, before=before, after=after, path=png)
    _wrote(png)


@plot_app.command("survival")
def survival_cmd(
    directory: DirArg,
    out: OutOpt,
    by: ByOpt = None,
    episodes: Annotated[
        str, typer.Option("--episodes", help="'all' resets, or the 'first' of each run.")
    ] = "all",
) -> None:
    """Kaplan-Meier reset survival per group, with log-rank tests in a CSV beside it."""
    from resetsim.analysis.survival import plot_survival

    png = _png(out)
    batch = _load(directory)
    result = _run(plot_survival, batch, by=by, episodes_=episodes, path=png)
    for row in result.data["medians"].itertuples(index=False):
        say(
            f"  {row.group}: {row.resets} resets, {row.ended} ended, median "
            f"{'not reached' if row.median == float('inf') else f'{row.median:.0f} months'}"
        )
    tests = result.data["logrank"]
    if len(tests) > 3:
        say(f"  {len(tests)} pairwise log-rank tests: see the CSV")
        tests = tests.iloc[0:0]
    for row in tests.itertuples(index=False):
        say(
            f"  log-rank {row.group_a} vs {row.group_b}: chi2 {row.statistic:.2f}, "
            f"p {row.p_value:.3g}"
        )
    _wrote(png, png.with_name(f"{png.stem}_medians.csv"), png.with_name(f"{png.stem}_logrank.csv"))


@plot_app.command("phases")
def phases_cmd(
    directory: DirArg,
    out: OutOpt,
    scenario: ScenarioOpt = None,
    run: Annotated[
        int | None, typer.Option("--run", help="Draw this run_id alone (relationship + phases).")
    ] = None,
    by: PanelsOpt = None,
) -> None:
    """Share of runs in each Giles phase per month, with the scenario's events marked."""
    from resetsim.analysis.phases import plot_phases

    png = _png(out)
    batch = _load(directory)
    _run(plot_phases, batch, scenario=scenario, run_id=run, path=png, by=by)
    _wrote(png)


@plot_app.command("sweep")
def sweep_cmd(
    directory: DirArg,
    out: OutOpt,
    metric: Annotated[
        str,
        typer.Option(
            "--metric",
            help="survival, survival_rmst, half_life, half_life_rmst, crisis or escalation.",
        ),
    ] = "survival",
    param: Annotated[
        list[str] | None,
        typer.Option("--param", help="Grid key on an axis (give one or two; default: first two)."),
    ] = None,
    scenario: ScenarioOpt = None,
    episodes: Annotated[
        str, typer.Option("--episodes", help="Reset metrics on the 'first' reset or 'all'.")
    ] = "first",
) -> None:
    """One or two grid parameters against a batch outcome (line or heatmap) and a CSV."""
    from resetsim.analysis.sweep import plot_sweep

    if episodes not in ("first", "all"):
        raise fail(f"--episodes {episodes!r}: allowed are first, all")
    png = _png(out)
    batch = _load(directory)
    _run(
        plot_sweep,
        batch,
        params=param or None,
        metric=metric,
        scenario=scenario,
        first_only=episodes == "first",
        path=png,
    )
    _wrote(png, png.with_suffix(".csv"))


@plot_app.command("blocking")
def blocking_cmd(directory: DirArg, out: OutOpt, scenario: ScenarioOpt = None) -> None:
    """Who blocked what: outcome shares per proposal and the top blockers, and a CSV."""
    from resetsim.analysis.blocking import plot_blocking

    png = _png(out)
    batch = _load(directory)
    _run(plot_blocking, batch, scenario=scenario, path=png)
    _wrote(png, png.with_suffix(".csv"))


def attribute_cmd(
    scenario: ScenarioArg = "obama-2009",
    seeds: Annotated[int, typer.Option("--seeds", min=2, help="Seeds per condition.")] = 64,
    out: OutDirOpt = Path("results/attribution"),
    workers: ProcessesOpt = 1,
    base_seed: Annotated[int, typer.Option("--base-seed", help="First seed.")] = 0,
    sets: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override a parameter in every condition (repeatable)."),
    ] = None,
    boot: Annotated[int, typer.Option("--boot", min=100, help="Bootstrap resamples.")] = 2000,
) -> None:
    """Knock-out attribution: switch each source of resistance off in turn, same seeds.

    Writes attribution.csv (change vs baseline with paired bootstrap 95% intervals and the
    overrides of each switch), attribution.png/.svg (ranked bars), blocking.csv (who
    blocked what, per condition) and ensemble/ (the runs, as a batch directory, for
    `resetsim plot ... --by knockout`).
    """
    import json

    import matplotlib.pyplot as plt
    import pandas as pd
    from rich.table import Table

    from resetsim.analysis.attribution import (
        DISPLAY,
        attribute,
        attribution_table,
        plot_attribution,
    )
    from resetsim.analysis.blocking import blocking_table
    from resetsim.analysis.io import write_batch
    from resetsim.viz.figures import save_table

    check_writable(out)
    _refuse_used(out)
    sc = load_or_exit(scenario, sets)
    with guard():
        batch = attribute(sc, seeds, base_seed=base_seed, workers=workers)
        table = attribution_table(batch, n_boot=boot)
    with guard(f"--out {out}: "):
        out.mkdir(parents=True, exist_ok=True)
        write_batch(batch, out / "ensemble")
        batch.path = str(out / "ensemble")
        save_table(table, out / "attribution.csv", batch)
        save_table(blocking_table(batch, by="knockout"), out / "blocking.csv", batch)
        result = plot_attribution(table, sc.name, path=out / "attribution.png")
        plt.close(result.figure)

    shown = {
        "survival_rmst": "survival, months",
        "half_life_rmst": "half-life, months",
        "crisis": "crisis prob., pp",
    }
    grid = Table("rank", "switched off", *shown.values(), title="change vs baseline [95% CI]")
    ranked = table.sort_values("rank", na_position="last").drop_duplicates("knockout")
    switches = []
    for knock in ranked["knockout"]:
        if knock == "baseline":
            continue
        rows = table[table["knockout"] == knock].set_index("metric")
        cells = [
            f"{rows.at[m, 'change']:+.1f} "
            f"[{rows.at[m, 'ci_low']:+.1f}, {rows.at[m, 'ci_high']:+.1f}]"
            for m in shown
        ]
        rank = rows["rank"].iloc[0]
        grid.add_row("" if pd.isna(rank) else str(int(rank)), DISPLAY.get(knock, knock), *cells)
        settings = ", ".join(f"{k}={v}" for k, v in json.loads(rows["overrides"].iloc[0]).items())
        switches.append(f"  {DISPLAY.get(knock, knock)}: {settings}")
    base = table[table["knockout"] == "baseline"].set_index("metric")
    say(
        f"{sc.name}, {seeds} seeds per condition. Baseline: restricted mean survival "
        f"{base.at['survival_rmst', 'value']:.1f} months (to "
        f"{base.at['survival_rmst', 'horizon']:.0f}), restricted mean half-life "
        f"{base.at['half_life_rmst', 'value']:.1f} months (to "
        f"{base.at['half_life_rmst', 'horizon']:.0f}), crisis probability "
        f"{base.at['crisis', 'value']:.0f}%."
    )
    console.print(grid)
    say("Switches (overrides):")
    for line in switches:
        say(line)
    say(
        f"Wrote attribution.csv, attribution.png, attribution.svg, blocking.csv and ensemble/ "
        f"to {out}/"
    )


def _refuse_used(out: Path) -> None:
    """An attribution is written to a new or empty folder only, never mixed with another."""
    if out.is_dir() and any(out.iterdir()):
        kind = "an earlier attribution" if (out / "attribution.csv").exists() else "other files"
        raise fail(
            f"--out {out} already holds {kind}; give a new or empty folder (an attribution "
            "is never mixed with earlier output)"
        )
