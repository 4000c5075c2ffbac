"""The ``resetsim forecast`` command: run a case's scenario and score it against its record.

A case is an outcomes file in ``data/cases/`` (the public record, never read by the model)
and the scenario it names; :mod:`resetsim.cases` does the work. ``--out`` gets the runs
(``runs/``, an ordinary batch directory per case) and the scores (``binary.csv``,
``votes.csv``, ``opinion.csv``, ``unmatched.csv``). ``CASE`` may be ``all``: every shipped
case, and ``--page`` then writes ``docs/cases.md`` from the scores (``make cases``).

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

if TYPE_CHECKING:
    from rich.table import Table

__all__ = ["ALL", "forecast_cmd"]

ALL = "all"
"""The ``CASE`` argument that forecasts every shipped case."""
_TABLES = ("binary", "votes", "opinion", "unmatched")


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


def forecast_cmd(
    case: Annotated[
        str, typer.Argument(help="Case name (data/cases/<case>.toml), an outcomes file, or 'all'.")
    ],
    seeds: Annotated[int, typer.Option("--seeds", min=1, help="Runs per case.")] = 200,
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
) -> None:
    """Forecast a case with the model's frozen parameters and score it against its record.

    Prints each case's Brier score beside the base rate's and writes binary.csv, votes.csv,
    opinion.csv, unmatched.csv and reliability.png (forecast probability vs what happened,
    pooled over the cases) to --out (the runs go to --out/runs).
    """
    from resetsim.cases import load_case, load_cases
    from resetsim.cases.ensemble import forecast_case, forecast_library

    check_writable(out)
    if page is not None:
        check_writable(page, "--page", folder=False)
    with guard():
        records = load_cases()
        record = None if case == ALL else load_case(case)
    if out.exists() and any(out.iterdir()):
        raise fail(f"--out {out} is not empty; give a new or empty folder")
    options = {"seeds": seeds, "base_seed": base_seed, "workers": workers, "executor": executor}
    with guard():
        if record is None:
            scores = forecast_library(out=out / "runs", **options)
        else:
            scores = {
                record.case: forecast_case(record, out=out / "runs", records=records, **options)
            }
    console.print(_summary(scores))
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

        provenance = (
            f"Scores below: {seeds} runs per case whose scenario exists, base seed "
            f"{base_seed}, made by `make cases` (`resetsim forecast all --seeds {seeds} "
            f"--base-seed {base_seed} --page {page}`)."
        )
        relative = shown.relative_to(page.parent).as_posix()
        written = write_cases_page(page, records, scores, provenance=provenance, figure=relative)
        say(f"wrote {written} and {shown}")
