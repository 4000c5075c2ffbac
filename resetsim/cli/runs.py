"""Commands about single scenarios and runs: list, validate, show, run, explain, and ``main``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from resetsim.cli.common import (
    MAX_MONTHS,
    SeedOpt,
    SetOpt,
    check_writable,
    console,
    err,
    fail,
    guard,
    load_or_exit,
    say,
)
from resetsim.cli.options import OutDirOpt, ProcessesOpt, ScenarioArg

__all__ = [
    "MAIN_SCENARIOS",
    "explain_cmd",
    "list_cmd",
    "main_cmd",
    "run_cmd",
    "show_cmd",
    "validate_cmd",
]

MAIN_SCENARIOS = ("obama-2009", "china-absorber", "shared-worldview", "hawks-both-sides")


def list_cmd() -> None:
    """List the shipped scenarios with one-line descriptions."""
    from rich.table import Table

    from resetsim.scenario import list_scenarios

    table = Table("scenario", "description", show_lines=False)
    for name, desc in list_scenarios().items():
        table.add_row(name, desc)
    console.print(table)


def validate_cmd(
    files: Annotated[list[str], typer.Argument(help="Scenario files or names.")],
) -> None:
    """Check scenario files; exit 0 if all are valid, 1 with every problem if not."""
    from resetsim.cli.common import user_message
    from resetsim.scenario import load_scenario

    bad = 0
    for file in files:
        try:
            sc = load_scenario(file)
        except Exception as exc:
            message = user_message(exc)
            if message is None:
                raise
            bad += 1
            if isinstance(exc, RecursionError):
                message = f"{file}: {message}"
            err.print(f"INVALID {file}\n{message}", markup=False)
        else:
            say(f"ok {file} ({sc.name}, {sc.months} months, hash {sc.content_hash})")
    if bad:
        raise typer.Exit(1)


def show_cmd(
    scenario: ScenarioArg,
    sets: SetOpt = None,
    toml: Annotated[
        bool, typer.Option("--toml", help="Print the whole resolved scenario as TOML.")
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write the resolved TOML to this file instead of printing."),
    ] = None,
) -> None:
    """Show a scenario after its ``extends`` chain and the overrides are applied.

    With ``--toml`` (or ``--out FILE``) the result is a self-contained scenario file, with
    no ``extends``, that loads back to the same content hash.
    """
    if out is not None:
        check_writable(out, folder=False)
        if out.suffix != ".toml":
            raise fail(f"--out {out}: give a file name ending in .toml")
    sc = load_or_exit(scenario, sets)
    from resetsim.scenario.writer import scenario_toml

    if toml or out is not None:
        with guard(f"{scenario}: "):
            text = scenario_toml(sc)
        if out is None:
            sys.stdout.write(text)
            return
        with guard(f"--out {out}: "):
            out.write_text(text, encoding="utf-8")
        say(f"Wrote {out} ({sc.name}, content hash {sc.content_hash})")
        return
    sides = " and ".join(f"{s.id} ({s.name})" for s in sc.declared_sides)
    for line in (
        f"{sc.name}: {sc.description}".rstrip(": "),
        f"from {sc.start}, {sc.months} months; sides {sides}",
        f"{len(sc.bureaucracies)} agencies, {len(sc.factions)} factions, "
        f"{len(sc.proposals)} proposals, {len(sc.events)} events, {len(sc.moves)} moves, "
        f"{len(sc.leader_changes)} leader changes",
        f"files: {' <- '.join(reversed(sc._chain))}",
        f"content hash {sc.content_hash}; --toml prints it all",
    ):
        say(line)


def horizon_months(sc, months: int | None) -> int | None:
    """``--months`` checked against the scenario's horizon (as ``resetsim batch`` does)."""
    from resetsim.runner import horizon_problem

    problem = horizon_problem(sc, months)
    if problem:
        raise fail(problem)
    return months


def run_cmd(
    scenario: ScenarioArg = "obama-2009",
    out: OutDirOpt = Path("results/run"),
    seed: SeedOpt = 0,
    months: Annotated[
        int | None,
        typer.Option(
            "--months",
            min=1,
            max=MAX_MONTHS,
            help="Months the run covers, the start month included (default: the scenario's).",
        ),
    ] = None,
    sets: SetOpt = None,
) -> None:
    """One run: tables as Parquet and a PNG of the relationship and phases; prints a summary."""
    check_writable(out)
    sc = load_or_exit(scenario, sets)
    months = horizon_months(sc, months)
    from resetsim.runner import simulate, write_run
    from resetsim.story import summary_lines
    from resetsim.viz.runplot import plot_run

    result = simulate(sc, seed=seed, months=months)
    png = Path(out) / "relationship.png"
    with guard(f"--out {out}: "):
        paths = write_run(result, out)
        plot_run(
            result.timeseries,
            result.events,
            path=png,
            title=f"{sc.name}, seed {seed}: relationship and Giles phases",
        )
    for line in summary_lines(result.timeseries, result.log, result.resets):
        say(line)
    say(f"Wrote {', '.join(p.name for p in paths.values())} and {png.name} to {out}/")


def explain_cmd(
    scenario: ScenarioArg = "obama-2009",
    seed: SeedOpt = 0,
    sets: SetOpt = None,
    clashes: Annotated[bool, typer.Option(help="Also list random interest clashes.")] = False,
) -> None:
    """Print the run's story: what was proposed, who blocked what and why."""
    sc = load_or_exit(scenario, sets)
    from resetsim.analysis.chains import chain_lines, move_chains
    from resetsim.runner import simulate
    from resetsim.story import story_lines, summary_lines

    result = simulate(sc, seed=seed, actors=False)
    say(f"{sc.name} (seed {seed}): {sc.description}")
    for line in story_lines(result.timeseries, result.log, result.events, clashes):
        say(line)
    chains = move_chains(result.events, result.timeseries)
    if len(chains):
        say("")
        say(f"Who moved and what came of it ({len(chains)} chains of moves and answers):")
        for line in chain_lines(chains):
            say(line)
    say("")
    for line in summary_lines(result.timeseries, result.log, result.resets):
        say(line)


def main_cmd(
    out: OutDirOpt = Path("results"),
    seeds: Annotated[int, typer.Option("--seeds", min=2, help="Seeds per scenario.")] = 100,
    workers: ProcessesOpt = 2,
) -> None:
    """The main job behind ``make run``: one story, a batch, its figures and attribution.

    1. one run of obama-2009 (tables, figure, summary);
    2. a batch of obama-2009 and its counterfactuals (china-absorber, shared-worldview,
       hawks-both-sides), ``--seeds`` each;
    3. reset-decay, reset-survival and phase figures from that batch;
    4. knock-out attribution of the sources of resistance on obama-2009.

    The batch and attribution folders under ``--out`` are replaced.
    """
    import shutil

    from resetsim.cli.plots import attribute_cmd, decay_cmd, phases_cmd, survival_cmd

    check_writable(out)
    console.rule("1. One run of obama-2009 (seed 0)")
    run_cmd("obama-2009", out=out / "obama-2009", seed=0, months=None, sets=None)
    console.rule(f"2. Batch: {', '.join(MAIN_SCENARIOS)} x {seeds} seeds")
    batch = out / "batch"
    shutil.rmtree(batch, ignore_errors=True)
    from resetsim.batch import run_batch

    with guard():
        run_batch(
            list(MAIN_SCENARIOS),
            out=batch,
            seeds=seeds,
            workers=workers,
            actors=False,
            progress=sys.stdout.isatty(),
        )
    say(f"Wrote the batch to {batch}/")
    console.rule("3. Figures")
    figures = out / "figures"
    decay_cmd(batch, figures / "decay.png", by="scenario")
    survival_cmd(batch, figures / "survival.png", by="scenario", episodes="first")
    phases_cmd(batch, figures / "phases.png", scenario="obama-2009")
    console.rule("4. Knock-out attribution on obama-2009")
    shutil.rmtree(out / "attribution", ignore_errors=True)
    attribute_cmd("obama-2009", seeds=64, out=out / "attribution", workers=workers)
    console.rule("Done")
    say(
        f"Single run: {out / 'obama-2009'}/  batch: {batch}/  figures: {figures}/  "
        f"attribution: {out / 'attribution'}/"
    )
