"""The ``resetsim`` command line (typer).

Every command turns bad input into a clear message and exit code 1, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from resetsim.scenario import ScenarioError, list_scenarios, load_scenario
from resetsim.scenario.loader import parse_value

__all__ = ["app", "main"]

app = typer.Typer(
    name="resetsim",
    help="Agent-based simulation of bureaucratic politics in US-Russia relations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True)

SeedOpt = Annotated[int, typer.Option("--seed", help="Random seed (same seed, same run).")]
SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set", help="Override a parameter, e.g. --set structure.trade_share=0.05 (repeatable)."
    ),
]


def fail(message: str) -> typer.Exit:
    """Print ``message`` to stderr and return an Exit(1) to raise."""
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(1)


def parse_sets(pairs: list[str] | None) -> dict[str, object]:
    """Turn ``key=value`` strings into an overrides dict."""
    out: dict[str, object] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise fail(f"--set {pair!r}: expected KEY=VALUE, e.g. structure.trade_share=0.05")
        out[key.strip()] = parse_value(value.strip())
    return out


def load_or_exit(name: str, sets: list[str] | None = None):
    """Load a scenario with overrides, or print every problem and exit 1."""
    try:
        return load_scenario(name, parse_sets(sets))
    except ScenarioError as exc:
        raise fail(exc.render()) from None


@app.command("list")
def list_cmd() -> None:
    """List the shipped scenarios with one-line descriptions."""
    table = Table("scenario", "description", show_lines=False)
    for name, desc in list_scenarios().items():
        table.add_row(name, desc)
    console.print(table)


@app.command("validate")
def validate_cmd(
    files: Annotated[list[str], typer.Argument(help="Scenario files or names.")],
) -> None:
    """Check scenario files; exit 0 if all are valid, 1 with every problem if not."""
    bad = 0
    for file in files:
        try:
            sc = load_scenario(file)
        except ScenarioError as exc:
            bad += 1
            err.print(
                f"[red]INVALID[/] {escape(file)}\n{escape(exc.render())}",
                highlight=False,
                soft_wrap=True,
            )
        else:
            console.print(
                f"[green]ok[/] {file} ({sc.name}, {sc.months} months, hash {sc.content_hash})",
                highlight=False,
            )
    if bad:
        raise typer.Exit(1)


@app.command("run")
def run_cmd(
    scenario: Annotated[str, typer.Argument(help="Scenario name or .toml path.")] = "obama-2009",
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("results/run"),
    seed: SeedOpt = 0,
    months: Annotated[int | None, typer.Option("--months", min=1, help="Stop early.")] = None,
    sets: SetOpt = None,
) -> None:
    """One run: tables as Parquet and a PNG of the relationship and phases; prints a summary."""
    from resetsim.runner import simulate, write_run
    from resetsim.story import summary_lines
    from resetsim.viz.runplot import plot_run

    sc = load_or_exit(scenario, sets)
    result = simulate(sc, seed=seed, months=months)
    paths = write_run(result, out)
    png = Path(out) / "relationship.png"
    plot_run(
        result.timeseries,
        result.events,
        path=png,
        title=f"{sc.name}, seed {seed}: relationship and Giles phases",
    )
    for line in summary_lines(result.timeseries, result.log, result.resets):
        console.print(line, highlight=False)
    console.print(
        f"Wrote {', '.join(p.name for p in paths.values())} and {png.name} to {out}/",
        highlight=False,
    )


@app.command("explain")
def explain_cmd(
    scenario: Annotated[str, typer.Argument(help="Scenario name or .toml path.")] = "obama-2009",
    seed: SeedOpt = 0,
    sets: SetOpt = None,
    clashes: Annotated[bool, typer.Option(help="Also list random interest clashes.")] = False,
) -> None:
    """Print the run's story: what was proposed, who blocked what and why."""
    from resetsim.runner import simulate
    from resetsim.story import story_lines, summary_lines

    sc = load_or_exit(scenario, sets)
    result = simulate(sc, seed=seed, actors=False)
    console.print(f"[bold]{sc.name}[/] (seed {seed}): {sc.description}", highlight=False)
    for line in story_lines(result.timeseries, result.log, result.events, clashes):
        console.print(line, highlight=False, soft_wrap=True, markup=False)
    console.print("")
    for line in summary_lines(result.timeseries, result.log, result.resets):
        console.print(line, highlight=False)


MAIN_SCENARIOS = ("obama-2009", "china-absorber", "shared-worldview", "hawks-both-sides")


@app.command("main")
def main_cmd(
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("results"),
    seeds: Annotated[int, typer.Option("--seeds", min=2, help="Seeds per scenario.")] = 100,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Processes.")] = 2,
) -> None:
    """The main job behind ``make run``: one story, a batch, its figures and attribution.

    1. one run of obama-2009 (tables, figure, summary);
    2. a batch of obama-2009 and its counterfactuals (china-absorber, shared-worldview,
       hawks-both-sides), ``--seeds`` each;
    3. reset-decay, reset-survival and phase figures from that batch;
    4. knock-out attribution of the sources of resistance on obama-2009.
    """
    import shutil

    from resetsim.analysis.commands import attribute_cmd, decay_cmd, phases_cmd, survival_cmd
    from resetsim.batch import run_batch

    console.rule("1. One run of obama-2009 (seed 0)")
    run_cmd("obama-2009", out=out / "obama-2009", seed=0, months=None, sets=None)
    console.rule(f"2. Batch: {', '.join(MAIN_SCENARIOS)} x {seeds} seeds")
    batch = out / "batch"
    shutil.rmtree(batch, ignore_errors=True)
    run_batch(
        list(MAIN_SCENARIOS),
        out=batch,
        seeds=seeds,
        workers=workers,
        actors=False,
        progress=sys.stdout.isatty(),
    )
    console.print(f"Wrote the batch to {batch}/", highlight=False)
    console.rule("3. Figures")
    figures = out / "figures"
    decay_cmd(batch, figures / "decay.png", by="scenario")
    survival_cmd(batch, figures / "survival.png", by="scenario", episodes="first")
    phases_cmd(batch, figures / "phases.png", scenario="obama-2009")
    console.rule("4. Knock-out attribution on obama-2009")
    attribute_cmd("obama-2009", seeds=64, out=out / "attribution", workers=workers)
    console.rule("Done")
    console.print(
        f"Single run: {out / 'obama-2009'}/  batch: {batch}/  figures: {figures}/  "
        f"attribution: {out / 'attribution'}/",
        highlight=False,
        soft_wrap=True,
    )


from resetsim.batch.commands import batch_cmd  # noqa: E402

app.command("batch")(batch_cmd)

from resetsim.viz.dashboard_cli import dashboard_cmd  # noqa: E402

app.command("dashboard")(dashboard_cmd)

from resetsim.analysis.commands import attribute_cmd, plot_app  # noqa: E402

app.add_typer(plot_app, name="plot")
app.command("attribute")(attribute_cmd)

from resetsim.validation.commands import calibrate_cmd, validate_model_cmd  # noqa: E402

app.command("validate-model")(validate_model_cmd)
app.command("calibrate")(calibrate_cmd)

from resetsim.sensitivity.commands import sensitivity_cmd  # noqa: E402

app.command("sensitivity")(sensitivity_cmd)


def main() -> None:
    """Console entry point."""
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
