"""Forecast one case or the whole library, with seeds only, posterior draws, or both.

``resetsim forecast`` calls :func:`run_forecasts`: the runs at the scenarios' own
parameters (seeds only: the runs' noise) and, given a posterior, the runs whose behavioural
parameters are drawn from it (:func:`resetsim.cases.posterior.case_draws`: parameter
uncertainty as well). With both, the page shows them side by side. :func:`write_outputs`
writes the score tables, the pooled reliability figure and, if asked, ``docs/cases.md``
with a paragraph (:func:`provenance`) saying how the scores were made and how long the
library took.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from resetsim.cases.ensemble import forecast_case, forecast_library
from resetsim.cases.outcomes import CaseRecord
from resetsim.cases.posterior import CaseDraws
from resetsim.cases.scoring import CaseScore, reliability

__all__ = ["LibraryForecast", "provenance", "run_forecasts", "write_outputs"]

SEED_ONLY = "seed-only"
"""Sub-folder of ``--out`` for the seeds-only runs shown beside posterior draws."""
_TABLES = ("binary", "votes", "opinion", "unmatched")


@dataclass
class LibraryForecast:
    """Scores of a forecast: the main runs, and the seeds-only runs shown beside them.

    Attributes:
        scores: by case; posterior draws when ``draws`` is set, else seeds only.
        beside: seeds-only scores shown beside posterior draws (None: not run).
        draws: the posterior's parameter sets (None: the scenarios' own parameters).
        seeds: runs per case (seeds only) or per parameter set (posterior draws).
        seed_only: seeds-only runs per case shown beside posterior draws.
        seconds: wall time of the main runs and, if run, of the seeds-only runs.

    """

    scores: dict[str, CaseScore]
    beside: dict[str, CaseScore] | None
    draws: CaseDraws | None
    seeds: int
    seed_only: int | None
    seconds: tuple[float, float]


def _forecast(
    record: CaseRecord | None, records: Mapping[str, CaseRecord], out: Path, **options
) -> dict[str, CaseScore]:
    """Forecast ``record`` (None: every case) into ``out``."""
    if record is None:
        return forecast_library(out=out, **options)
    return {record.case: forecast_case(record, out=out, records=records, **options)}


def run_forecasts(
    record: CaseRecord | None,
    records: Mapping[str, CaseRecord],
    *,
    out: Path,
    seeds: int,
    draws: CaseDraws | None = None,
    seed_only: int | None = None,
    **options,
) -> LibraryForecast:
    """Run and score ``record`` (None: the library) into ``out/runs``.

    Args:
        record: one case, or None for every shipped case.
        records: every case's outcomes (for the base rate).
        out: the forecast's folder.
        seeds: runs per case, or per parameter set with ``draws``.
        draws: behavioural parameter sets drawn from a posterior, or None.
        seed_only: with ``draws``, also run this many runs per case at the scenarios' own
            parameters into ``out/seed-only/runs``, to show beside the draws.
        **options: ``base_seed``, ``workers``, ``executor`` of the batch engine.

    """
    started = time.perf_counter()
    sets = draws.sets if draws else None
    scores = _forecast(record, records, out / "runs", seeds=seeds, draws=sets, **options)
    main = time.perf_counter() - started
    beside = None
    if draws and seed_only:
        started = time.perf_counter()
        beside = _forecast(record, records, out / SEED_ONLY / "runs", seeds=seed_only, **options)
    extra = time.perf_counter() - started if beside is not None else 0.0
    return LibraryForecast(scores, beside, draws, seeds, seed_only, (main, extra))


def provenance(forecast: LibraryForecast, options: Mapping, page: Path) -> str:
    """The page's sentences on how its scores were made: runs, parameters, time taken."""
    seeds, base_seed, draws = forecast.seeds, options["base_seed"], forecast.draws
    command = f"resetsim forecast all --seeds {seeds} --base-seed {base_seed}"
    if options.get("workers"):
        command += f" --workers {options['workers']}"
    workers = f"{options['workers']} worker(s)" if options.get("workers") else "the default workers"
    main, extra = forecast.seconds
    if draws is None:
        return (
            f"Scores below: {seeds} runs per case whose scenario exists, base seed {base_seed} "
            f"(`{command} --page {page.as_posix()}`; `make cases`). Behavioural parameters: "
            "fixed at each scenario's own values (the US-Russia calibration; no posterior was "
            "given), so the forecasts carry only the runs' noise. Running and scoring took "
            f"{main / 60:.1f} minutes on {workers}."
        )
    source = draws.source.as_posix() if draws.source else "the posterior"
    command += f" --posterior {source} --draws {len(draws.sets)}"
    text = (
        f"Scores below: {len(draws.sets) * seeds} runs per case whose scenario exists, base "
        f"seed {base_seed}. Behavioural parameters: drawn from the calibration posterior "
        f"`{source}` ({len(draws.sets)} parameter sets, the same for every case, {seeds} "
        f"run(s) each), so the forecasts carry the parameters' uncertainty. Only the "
        f"behavioural `[dynamics]` columns are drawn ({', '.join(draws.drawn)})"
    )
    if draws.left_out:
        text += (
            f"; the posterior's {', '.join(draws.left_out)} describe the calibration case's "
            "structure and are not drawn: each case keeps its own"
        )
    text += ". A case's roster, structure, dates and opportunities are never drawn."
    if forecast.beside is not None:
        command += f" --seed-only {forecast.seed_only}"
        text += (
            f" Beside them, seeds only: {forecast.seed_only} runs per case at each scenario's "
            "own parameters (only the runs' noise)."
        )
    total = (main + extra) / 60
    text += (
        f" Command: `{command} --page {page.as_posix()}` (`make cases POSTERIOR=...`). Running "
        f"and scoring took {total:.1f} minutes on {workers} ({main / 60:.1f} for the "
        f"posterior draws, {extra / 60:.1f} for seeds only)."
    )
    return text


def _write_scores(scores: Mapping[str, CaseScore], out: Path) -> list[Path]:
    """Write each score table, every case's rows together, as ``out/<table>.csv``."""
    import pandas as pd

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in _TABLES:
        frames = [t for s in scores.values() if len(t := getattr(s, name))]
        table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        path = out / f"{name}.csv"
        table.to_csv(path, index=False)
        written.append(path)
    return written


def _reliability_figure(forecast: LibraryForecast, path: Path) -> Path:
    """Draw the pooled reliability figure (both forecasts when both ran) to ``path``."""
    import matplotlib.pyplot as plt

    from resetsim.viz.reliability import plot_reliability

    beside = None if forecast.beside is None else reliability(forecast.beside.values())
    plt.close(plot_reliability(reliability(forecast.scores.values()), path, beside=beside))
    return path


def write_outputs(
    forecast: LibraryForecast,
    out: Path,
    records: Mapping[str, CaseRecord],
    page: Path | None = None,
    options: Mapping | None = None,
) -> list[Path]:
    """Write the score tables, ``reliability.png`` and, with ``page``, the case library page."""
    import shutil

    from resetsim.cases.report import write_cases_page

    written = _write_scores(forecast.scores, out)
    if forecast.beside is not None:
        written += _write_scores(forecast.beside, out / SEED_ONLY)
    figure = _reliability_figure(forecast, out / "reliability.png")
    written.append(figure)
    if page is None:
        return written
    shown = page.parent / "img" / "cases-reliability.png"
    shown.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(figure, shown)
    text = provenance(forecast, options or {"base_seed": 0}, page)
    relative = shown.relative_to(page.parent).as_posix()
    write_cases_page(
        page, records, forecast.scores, provenance=text, figure=relative, beside=forecast.beside
    )
    return [*written, shown, page]
