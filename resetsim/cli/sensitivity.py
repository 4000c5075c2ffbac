"""The ``resetsim sensitivity`` command: Sobol' or Morris global sensitivity of a scenario.

Exit codes: 0 done; 1 bad input (nothing started) or failed runs; 130 interrupted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from resetsim.cli.common import EXIT_INTERRUPTED, QuietOpt, check_writable, console, err, guard, say
from resetsim.cli.options import (
    ExecutorOpt,
    OutDirOpt,
    ScenarioArg,
    SchedulerOpt,
    WorkersOpt,
    executor_options,
)

__all__ = ["sensitivity_cmd"]


def sensitivity_cmd(
    scenario: ScenarioArg = "obama-2009",
    method: Annotated[
        str, typer.Option("--method", help="sobol (variance-based) or morris (screening).")
    ] = "sobol",
    n: Annotated[
        int,
        typer.Option(
            "--n",
            help="Sobol': base sample, a power of two (runs = n x (params + 2) x seeds); "
            "Morris: trajectories (runs = n x (params + 1) x seeds).",
        ),
    ] = 1024,
    out: OutDirOpt = Path("results/sensitivity"),
    seeds: Annotated[
        int,
        typer.Option(
            "--seeds-per-sample",
            "--seeds",
            min=1,
            help="Seeds per sample, the same for every sample; a sample's output is the "
            "mean over its runs.",
        ),
    ] = 1,
    seed_start: Annotated[
        int,
        typer.Option(
            "--seed-start",
            help="Replicate r runs on seed SEED_START + r (calibration range, >= 100000).",
        ),
    ] = 100_000,
    outputs: Annotated[
        str,
        typer.Option(
            "--outputs", help="reset (first reset: survival, half-life, crisis) or history."
        ),
    ] = "reset",
    ranges: Annotated[
        Path | None,
        typer.Option("--ranges", help="Range file (TOML); default: the package's ranges.toml."),
    ] = None,
    workers: WorkersOpt = None,
    executor: ExecutorOpt = None,
    scheduler: SchedulerOpt = None,
    base_seed: Annotated[
        int, typer.Option("--base-seed", min=0, help="Seed of the sampler and the bootstrap.")
    ] = 0,
    levels: Annotated[int, typer.Option("--levels", min=2, help="Morris grid levels.")] = 4,
    quiet: QuietOpt = False,
) -> None:
    """Global sensitivity of a scenario's outputs (a reset's survival, or history's) to parameters.

    Writes indices.csv (S1/ST or mu*/sigma with confidence intervals), samples.csv,
    runs.csv, seed_noise.csv (share of variance that is seed noise), study.json (design,
    seeds, versions, cost) and a figure (sobol.png or morris.png) to --out.
    """
    from resetsim.batch.executors import default_workers
    from resetsim.sensitivity.study import run_study, write_study

    check_writable(out)
    if executor is None and scheduler is None and workers is None:
        workers = default_workers()
    try:
        with guard():
            study = run_study(
                scenario,
                method=method,
                n=n,
                ranges=ranges,
                seeds=seeds,
                base_seed=base_seed,
                options=executor_options(executor, workers, scheduler, progress=not quiet),
                levels=levels,
                outputs=outputs,
                seed_start=seed_start,
            )
    except KeyboardInterrupt:
        err.print("interrupted; nothing was written")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    with guard(f"cannot write the study to {out}: "):
        paths = write_study(study, out)
    from rich.table import Table

    idx = study.indices
    for output, label in study.meta["outputs"].items():
        rows = idx[idx["output"] == output]
        if method == "sobol":
            rows = rows.sort_values("ST", ascending=False)
            table = Table("parameter", "S1", "±", "ST", "±", title=label)
            for r in rows.itertuples(index=False):
                table.add_row(
                    r.parameter,
                    f"{r.S1:.3f}",
                    f"{r.S1_conf:.3f}",
                    f"{r.ST:.3f}",
                    f"{r.ST_conf:.3f}",
                )
        else:
            rows = rows.sort_values("mu_star", ascending=False)
            table = Table("parameter", "mu*", "±", "sigma", title=label)
            for r in rows.itertuples(index=False):
                table.add_row(
                    r.parameter, f"{r.mu_star:.3g}", f"{r.mu_star_conf:.3g}", f"{r.sigma:.3g}"
                )
        console.print(table)
    cost = study.meta["cost"]
    say(
        f"{cost['runs']} runs ({cost['samples']} samples x {cost['seeds_per_sample']} seed(s)) "
        f"in {cost['wall_seconds']:.0f} s on {cost['workers']} worker(s) ({cost['executor']}): "
        f"{cost['ms_per_run_wall']:.1f} ms per run wall, {cost['ms_per_run_per_worker']:.1f} ms "
        f"per run per worker"
        + (f", {cost['cpu_ms_per_run']:.1f} CPU ms per run" if cost.get("cpu_ms_per_run") else "")
        + f"; peak memory {cost['peak_rss_mb']:.0f} MB RSS"
        + (f", {cost['peak_pss_mb']:.0f} MB PSS" if cost.get("peak_pss_mb") else "")
        + " (all processes)."
    )
    say(f"Wrote {', '.join(p.name for p in paths.values())} to {out}/")
