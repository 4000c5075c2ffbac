"""The ``resetsim forecast`` command: run a case's scenario and score it against its record.

A case is an outcomes file in ``data/cases/`` (the public record, never read by the model)
and the scenario it names; :mod:`resetsim.cases` does the work. ``--out`` gets the runs
(``runs/``, an ordinary batch directory per case) and the scores (``binary.csv``,
``votes.csv``, ``opinion.csv``, ``unmatched.csv``). ``CASE`` may be ``all``: every shipped
case, and ``--page`` then writes ``docs/cases.md`` from the scores (``make cases``).
``--posterior FILE --draws N`` draws the behavioural parameters of the runs from a
calibration's posterior (:func:`resetsim.batch.posterior.posterior_draws`, as ``resetsim
batch --posterior``): N parameter sets, each run ``--seeds`` times (default 1 with a
posterior, so that each run has its own set); without it they are the scenarios' own.

Exit codes: 0 done; 1 bad input (nothing started) or failed runs; 2 usage error.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from resetsim.cli.common import (
    ExecutorOpt,
    WorkersOpt,
    check_writable,
    console,
    fail,
    guard,
    say,
)
from resetsim.cli.options import posterior_options

if TYPE_CHECKING:
    from rich.table import Table

__all__ = ["ALL", "forecast_cmd"]

ALL = "all"
"""The ``CASE`` argument that forecasts every shipped case."""
_TABLES = ("binary", "votes", "opinion", "unmatched")
_SEEDS = 200
_DRAWS = 200


def _cell(value: float) -> str:
    return "-" if value != value else f"{value:.3f}"  # NaN when nothing was scored


def _write_scores(scores: dict, out: Path) -> list[Path]:
    """Write each score table, every case's rows together, as ``out/<table>.csv``."""
    import pandas as pd

    written = []
    for name in _TABLES:
        frames = [t for s in scores.values() if len(t := getattr(s, name))]
        table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        path = out / f"{name}.csv"
        table.to_csv(path, index=False)
        written.append(path)
    return written


def _summary(scores: dict) -> Table:
    from rich.table import Table

    table = Table(title="Forecast vs record (Brier score: 0 is best)")
    for column in ("case", "runs", "scored", "model Brier", "base-rate Brier", "verdict"):
        table.add_column(column)
    for name, s in scores.items():
        if not len(s.binary):
            verdict = "nothing scored"
        elif s.brier < s.base_brier:
            verdict = "model better than the base rate"
        else:
            verdict = "model NOT better than the base rate"
        table.add_row(
            name, str(s.runs), str(len(s.binary)), _cell(s.brier), _cell(s.base_brier), verdict
        )
    return table


def _reliability_figure(scores: dict, path: Path) -> Path:
    """Draw the pooled reliability figure of ``scores`` to ``path``."""
    import matplotlib.pyplot as plt

    from resetsim.cases.scoring import reliability
    from resetsim.viz.reliability import plot_reliability

    plt.close(plot_reliability(reliability(scores.values()), path))
    return path


def _provenance(options: dict, page: Path, posterior: Path | None, seconds: float) -> str:
    """The page's sentences on how its scores were made: runs, parameters, time taken."""
    seeds, base_seed, sets = options["seeds"], options["base_seed"], options["draws"]
    command = f"resetsim forecast all --seeds {seeds} --base-seed {base_seed}"
    if options["workers"]:
        command += f" --workers {options['workers']}"
    if sets:
        command += f" --posterior {posterior.as_posix()} --draws {len(sets)}"
        runs = f"{len(sets) * seeds} runs per case whose scenario exists"
        parameters = (
            f"Behavioural parameters: drawn from the calibration posterior "
            f"`{posterior.as_posix()}` ({len(sets)} parameter sets, the same for every case, "
            f"{seeds} run(s) each), so the forecasts carry the parameters' uncertainty."
        )
    else:
        runs = f"{seeds} runs per case whose scenario exists"
        parameters = (
            "Behavioural parameters: fixed at each scenario's own values (the US-Russia "
            "calibration; no posterior was given), so the forecasts carry only the runs' noise."
        )
    workers = f"{options['workers']} worker(s)" if options["workers"] else "the default workers"
    return (
        f"Scores below: {runs}, base seed {base_seed} (`{command} --page {page.as_posix()}`; "
        f"`make cases`). {parameters} Running and scoring took {seconds / 60:.1f} minutes on "
        f"{workers}."
    )


PosteriorOpt, DrawsOpt = posterior_options("the runs' behavioural parameters", 200)


def forecast_cmd(
    case: Annotated[
        str, typer.Argument(help="Case name (data/cases/<case>.toml), an outcomes file, or 'all'.")
    ],
    seeds: Annotated[
        int | None,
        typer.Option(
            "--seeds", min=1, help="Runs per case, or per parameter draw [200; 1 with --posterior]."
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="New or empty output folder.")] = Path(
        "results/forecast"
    ),
    base_seed: Annotated[
        int, typer.Option("--base-seed", min=0, help="Entropy of the runs' seeds.")
    ] = 0,
    workers: WorkersOpt = None,
    executor: ExecutorOpt = None,
    page: Annotated[
        Path | None,
        typer.Option("--page", help="Also write the case library page (e.g. docs/cases.md)."),
    ] = None,
    posterior: PosteriorOpt = None,
    draws: DrawsOpt = None,
) -> None:
    """Forecast a case with the model's frozen parameters and score it against its record.

    Prints each case's Brier score beside the base rate's and writes binary.csv, votes.csv,
    opinion.csv, unmatched.csv and reliability.png (forecast probability vs what happened,
    pooled over the cases) to --out (the runs go to --out/runs). With --posterior FILE
    --draws N each run's behavioural parameters are drawn from a calibration's posterior.
    """
    from resetsim.batch.posterior import posterior_draws
    from resetsim.cases import load_case, load_cases
    from resetsim.cases.ensemble import forecast_case, forecast_library

    check_writable(out)
    if page is not None:
        check_writable(page, "--page", folder=False)
    with guard():
        records = load_cases()
        record = None if case == ALL else load_case(case)
        sets = posterior_draws(posterior, draws, base_seed, default=_DRAWS)
    if out.exists() and any(out.iterdir()):
        raise fail(f"--out {out} is not empty; give a new or empty folder")
    seeds = seeds or (1 if sets else _SEEDS)
    options = {"seeds": seeds, "base_seed": base_seed, "workers": workers, "executor": executor}
    options["draws"] = sets
    started = time.perf_counter()
    with guard():
        if record is None:
            scores = forecast_library(out=out / "runs", **options)
        else:
            scores = {
                record.case: forecast_case(record, out=out / "runs", records=records, **options)
            }
    seconds = time.perf_counter() - started
    console.print(_summary(scores))
    say(f"{len(scores)} case(s) run and scored in {seconds:.0f} s")
    for path in _write_scores(scores, out):
        say(f"wrote {path}")
    figure = _reliability_figure(scores, out / "reliability.png")
    say(f"wrote {figure}")
    if page is not None:
        import shutil

        from resetsim.cases.report import write_cases_page

        shown = page.parent / "img" / "cases-reliability.png"
        with guard(f"--page {page}: "):
            shown.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(figure, shown)

        provenance = _provenance(options, page, posterior, seconds)
        relative = shown.relative_to(page.parent).as_posix()
        written = write_cases_page(page, records, scores, provenance=provenance, figure=relative)
        say(f"wrote {written} and {shown}")
