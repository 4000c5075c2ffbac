"""The ``resetsim forecast`` command: run a case's scenario and score it against its record.

A case is an outcomes file in ``data/cases/`` (the public record, never read by the model)
and the scenario it names; :mod:`resetsim.cases` does the work. ``--out`` gets the runs
(``runs/``, an ordinary batch directory per case) and the scores (``binary.csv``,
``votes.csv``, ``opinion.csv``, ``unmatched.csv``). ``CASE`` may be ``all``: every shipped
case, and ``--page`` then writes ``docs/cases.md`` from the scores (``make cases``).
``--posterior FILE --draws N`` draws the behavioural parameters of the runs from a
calibration's posterior (:func:`resetsim.cases.posterior.case_draws`: only its
behavioural ``[dynamics]`` columns): N parameter sets, each run ``--seeds`` times (default 1 with a
posterior, so that each run has its own set); without it they are the scenarios' own.

``--seed-only N`` with a posterior also runs N runs per case at the scenarios' own
parameters (``--out/seed-only``), which the page shows beside the draws.

Exit codes: 0 done; 1 bad input (nothing started) or failed runs; 2 usage error.
"""

from __future__ import annotations

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
_SEEDS = 200
_DRAWS = 200


def _cell(value: float) -> str:
    return "-" if value != value else f"{value:.3f}"  # NaN when nothing was scored


def _summary(scores: dict, label: str = "") -> Table:
    from rich.table import Table

    title = "Forecast vs record (Brier score: 0 is best)"
    table = Table(title=f"{title}, {label}" if label else title)
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


CaseArg = Annotated[
    str, typer.Argument(help="Case name (data/cases/<case>.toml), an outcomes file, or 'all'.")
]
SeedsOpt = Annotated[
    int | None,
    typer.Option(
        "--seeds", min=1, help="Runs per case, or per parameter draw [200; 1 with --posterior]."
    ),
]
OutOpt = Annotated[Path, typer.Option("--out", help="New or empty output folder.")]
BaseSeedOpt = Annotated[int, typer.Option("--base-seed", min=0, help="Entropy of the runs' seeds.")]
PageOpt = Annotated[
    Path | None,
    typer.Option("--page", help="Also write the case library page (e.g. docs/cases.md)."),
]
PosteriorOpt, DrawsOpt = posterior_options("the runs' behavioural parameters", 200)
SeedOnlyOpt = Annotated[
    int | None,
    typer.Option(
        "--seed-only",
        min=1,
        help="With --posterior: also run this many runs per case at the scenarios' own "
        "parameters, shown beside the draws.",
    ),
]


def forecast_cmd(
    case: CaseArg,
    seeds: SeedsOpt = None,
    out: OutOpt = Path("results/forecast"),
    base_seed: BaseSeedOpt = 0,
    workers: WorkersOpt = None,
    executor: ExecutorOpt = None,
    page: PageOpt = None,
    posterior: PosteriorOpt = None,
    draws: DrawsOpt = None,
    seed_only: SeedOnlyOpt = None,
) -> None:
    """Forecast a case with the model's frozen parameters and score it against its record.

    Prints each case's Brier score beside the base rate's and writes binary.csv, votes.csv,
    opinion.csv, unmatched.csv and reliability.png (forecast probability vs what happened,
    pooled over the cases) to --out (the runs go to --out/runs). With --posterior FILE
    --draws N each run's behavioural parameters are drawn from a calibration's posterior.
    """
    from resetsim.cases import load_case, load_cases
    from resetsim.cases.library import run_forecasts, write_outputs
    from resetsim.cases.posterior import case_draws

    check_writable(out)
    if page is not None:
        check_writable(page, "--page", folder=False)
    with guard():
        records = load_cases()
        record = None if case == ALL else load_case(case)
        sets = case_draws(posterior, draws, base_seed, default=_DRAWS)
    if seed_only is not None and sets is None:
        raise fail("--seed-only needs --posterior FILE (the seeds-only runs go beside its draws)")
    if out.exists() and any(out.iterdir()):
        raise fail(f"--out {out} is not empty; give a new or empty folder")
    seeds = seeds or (1 if sets else _SEEDS)
    options = {"base_seed": base_seed, "workers": workers, "executor": executor}
    with guard():
        forecast = run_forecasts(
            record, records, out=out, seeds=seeds, draws=sets, seed_only=seed_only, **options
        )
    if forecast.beside is not None:
        console.print(_summary(forecast.beside, "seeds only"))
    console.print(_summary(forecast.scores, "posterior draws" if sets else ""))
    say(f"{len(forecast.scores)} case(s) run and scored in {sum(forecast.seconds):.0f} s")
    if sets and sets.left_out:
        say(f"not drawn (each case keeps its own): {', '.join(sets.left_out)}")
    with guard():
        for path in write_outputs(forecast, out, records, page, options):
            say(f"wrote {path}")
