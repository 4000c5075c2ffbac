"""Calibration against history: a pattern-oriented filter over a grid of parameter values.

Every grid point of a history scenario (``history-1992-2016`` or one that extends it) is
run on the same seeds (common random numbers) through the batch engine. A point is
*accepted* when it meets every claim of pattern 2 (:func:`history_checks`: the crisis
and reset windows, three cycles, quiet years, the direction of the Gallup series). This
is rejection sampling with the patterns as the tolerance: pattern-oriented modelling's
filter (Grimm et al. 2005, Wiegand et al. 2004), a grid-based form of approximate
Bayesian computation (Beaumont 2010; Hartig et al. 2011). Accepted points are ranked by
the mean absolute error of the ensemble-mean US favourability against Gallup's level,
which the patterns leave free.

Nothing is changed in the scenario files: the result says which values to write there
(``[dynamics]`` or ``[structure]`` tables) before ``resetsim validate-model`` checks
every pattern again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from resetsim.validation.history import (
    CRISES,
    HISTORY,
    QUIET,
    RESETS,
    favourability_by_run,
    gallup_comparison,
    load_gallup,
)
from resetsim.validation.patterns import history_checks

__all__ = [
    "CalibrationResult",
    "calibrate",
    "gallup_matrix",
    "plot_calibration",
    "rank_points",
    "tied_with_best",
]

_NEEDED = (
    min(w[0] for w in (*CRISES.values(), *RESETS.values(), *QUIET.values())),
    max(w[1] for w in (*CRISES.values(), *RESETS.values(), *QUIET.values())),
)
"""First and last month the pattern-2 windows need the scenario to cover."""


@dataclass
class CalibrationResult:
    """One row per grid point (``points``), where it was written, and the batch behind it."""

    points: pd.DataFrame
    keys: list[str]
    out: Path
    batch: Path
    seeds: int
    scenario: str

    @property
    def best(self) -> pd.Series | None:
        """The accepted point with the smallest Gallup error, or None if none is accepted."""
        accepted = self.points[self.points["accepted"]]
        return None if accepted.empty else accepted.iloc[0]


def point_statistics(runs: Sequence[pd.DataFrame]) -> dict[str, Any]:
    """Pattern 2's checks and the Gallup fit of one grid point's runs, as one flat row."""
    checks = history_checks(runs)
    _, gallup = gallup_comparison(runs)
    row: dict[str, Any] = {
        "accepted": all(c.passed for c in checks),
        "failed_checks": "; ".join(c.statistic for c in checks if not c.passed),
        "gallup_mae": gallup["mae"],
        "gallup_bias": gallup["bias"],
        "gallup_r": gallup["r"],
    }
    row.update({c.statistic: c.value for c in checks})
    return row


def gallup_matrix(runs: Sequence[pd.DataFrame]) -> tuple[np.ndarray, np.ndarray]:
    """Each run's US favourability at Gallup's survey months, and Gallup's values.

    Returns ``(model, gallup)``: ``model`` is runs x survey points (runs in the order
    given), ``gallup`` the survey values.
    """
    gallup = load_gallup()
    model = favourability_by_run(runs).reindex(gallup["date"]).to_numpy().T
    return model, gallup["favourable_pct"].to_numpy(dtype=float)


def tied_with_best(
    matrices: Sequence[np.ndarray],
    gallup: np.ndarray,
    accepted: Sequence[bool],
    n_boot: int = 1000,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which points' Gallup error cannot be told apart from the best accepted point's.

    Paired bootstrap over seeds (every point ran on the same seeds, rows in the same
    order): each replicate resamples the seeds once for all points, recomputes each
    point's mean absolute error and its difference to the accepted point with the
    smallest error on the full sample. An accepted point is *tied* when the 95%
    percentile interval of that difference includes 0 (the best is tied with itself);
    a rejected point never is.

    Returns:
        ``(low, high, tied)``: each point's 95% bootstrap interval of its own error, and
        the tied flags (False for every point when none is accepted).

    """
    stack = np.stack(matrices)  # points x runs x survey points
    n_points, n_runs, _ = stack.shape
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, n_runs, size=(n_boot, n_runs))
    boot = np.empty((n_boot, n_points))
    for b, rows in enumerate(picks):
        boot[b] = np.abs(stack[:, rows, :].mean(axis=1) - gallup).mean(axis=1)
    low, high = np.percentile(boot, [2.5, 97.5], axis=0)
    accepted = np.asarray(accepted, dtype=bool)
    tied = np.zeros(n_points, dtype=bool)
    if accepted.any():
        full = np.abs(stack.mean(axis=1) - gallup).mean(axis=1)
        best = int(np.flatnonzero(accepted)[np.argmin(full[accepted])])
        diff = boot - boot[:, [best]]
        tied = (np.percentile(diff, 2.5, axis=0) <= 0.0) & accepted
        tied[best] = True
    return low, high, tied


def rank_points(points: pd.DataFrame) -> pd.DataFrame:
    """Accepted points first, each group by Gallup error (smallest first); adds ``rank``."""
    ranked = points.sort_values(
        ["accepted", "gallup_mae"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    return ranked


def _check_horizon(scenario: str) -> None:
    from resetsim.calendar import format_month, parse_month
    from resetsim.scenario import load_scenario

    sc = load_scenario(scenario)
    first, last = parse_month(sc.start), parse_month(sc.start) + sc.months - 1
    if first > parse_month(_NEEDED[0]) or last < parse_month(_NEEDED[1]):
        raise ValueError(
            f"scenario {sc.name} covers {sc.start}..{format_month(last)}; calibration checks "
            f"windows from {_NEEDED[0]} to {_NEEDED[1]} (use {HISTORY} or a scenario that "
            "extends it)"
        )


def calibrate(
    grid: Mapping[str, Sequence[Any]],
    out: str | Path,
    *,
    scenario: str = HISTORY,
    seeds: int = 30,
    base_seed: int = 0,
    executor: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    progress: bool = False,
) -> CalibrationResult:
    """Run every grid point on the same seeds and rank the points against history.

    Args:
        grid: dotted parameter key -> values (as ``resetsim batch --grid``).
        out: folder for ``points.csv``, ``calibration.json``, the figure and the batch
            (``out/batch``, resumable).
        scenario: a history scenario covering 1998-09 to 2014-12.
        seeds: runs per grid point (replicate r has the same seed at every point).
        base_seed: entropy the runs' seeds derive from.
        executor: ``serial``, ``process`` or ``dask`` (as :func:`resetsim.batch.run_batch`).
        workers: worker processes (default: the CPUs available).
        scheduler: address of a running Dask scheduler.
        resume: go on with the batch already in ``out/batch``.
        progress: show the batch's progress bar.

    Raises:
        ValueError: if the scenario does not cover the pattern-2 windows or the grid is
            empty.
        resetsim.batch.BatchError: bad grid keys or values, or failed runs.

    """
    from resetsim.batch import BatchError, load_batch, run_batch

    if not grid:
        raise ValueError("give at least one --grid KEY=V1,V2,... to calibrate over")
    _check_horizon(scenario)
    out = Path(out)
    batch = run_batch(
        scenario,
        seeds=seeds,
        grid=dict(grid),
        base_seed=base_seed,
        common_seeds=True,
        actors=False,
        out=out / "batch",
        executor=executor,
        workers=workers,
        scheduler=scheduler,
        resume=resume,
        progress=progress,
    )
    tables = load_batch(batch, ["timeseries", "runs"])
    failed = tables["runs"]["status"].ne("ok").sum()
    if failed:
        raise BatchError(
            f"{failed} run(s) failed; see {batch}/runs (status, error); "
            "fix the cause and rerun with --resume --retry-failed"
        )
    keys = list(grid)
    rows, matrices = [], []
    gallup = None
    for point, frame in tables["timeseries"].groupby(keys, sort=True):
        values = point if isinstance(point, tuple) else (point,)
        runs = [run for _, run in frame.groupby("seed", sort=True)]  # same order everywhere
        rows.append({**dict(zip(keys, values, strict=True)), **point_statistics(runs)})
        matrix, gallup = gallup_matrix(runs)
        matrices.append(matrix)
    table = pd.DataFrame(rows)
    low, high, tied = tied_with_best(matrices, gallup, table["accepted"], seed=base_seed)
    table["gallup_mae_low"], table["gallup_mae_high"] = low, high
    table["tied_with_best"] = tied
    points = rank_points(table)
    result = CalibrationResult(points, keys, out, Path(batch), seeds, scenario)
    _write(result)
    return result


def _write(result: CalibrationResult) -> None:
    import matplotlib.pyplot as plt

    from resetsim.batch import read_manifest
    from resetsim.version import package_version
    from resetsim.viz.figures import save_figure

    result.out.mkdir(parents=True, exist_ok=True)
    result.points.to_csv(result.out / "points.csv", index=False)
    best = result.best
    manifest = read_manifest(result.batch)
    summary = {
        "scenario": result.scenario,
        "scenario_hash": manifest["scenarios"][0]["content_hash"],
        "package_version": package_version(),
        "seeds_per_point": result.seeds,
        "base_seed": manifest["base_seed"],
        "grid": {k: manifest["grid"][k] for k in result.keys},
        "points": len(result.points),
        "accepted": int(result.points["accepted"].sum()),
        "tied_with_best": int(result.points["tied_with_best"].sum()),
        "best": None if best is None else {k: _plain(best[k]) for k in result.keys},
        "best_gallup_mae": None if best is None else float(best["gallup_mae"]),
    }
    (result.out / "calibration.json").write_text(json.dumps(summary, indent=2) + "\n")
    figure = plot_calibration(result.points, result.keys, result.scenario, result.seeds).figure
    save_figure(figure, result.out / "calibration.png")
    plt.close(figure)


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def _current_point(points: pd.DataFrame, keys: Sequence[str], scenario: str) -> Any:
    """The grid row holding the scenario's own values of ``keys``, or None."""
    from resetsim.scenario import ScenarioError, load_scenario

    try:
        sc = load_scenario(scenario)
    except ScenarioError:
        return None
    return _grid_row(points, keys, [_value(sc, k) for k in keys])


def _grid_row(points: pd.DataFrame, keys: Sequence[str], values: Sequence[float]) -> Any:
    """The row of ``points`` whose ``keys`` hold ``values``, or None when none does."""
    match = points
    for key, value in zip(keys, values, strict=True):
        match = match[np.isclose(match[key], float(value))]
    return None if match.empty else match.iloc[0]


def plot_calibration(points: pd.DataFrame, keys: Sequence[str], scenario: str, seeds: int):
    """Gallup error against Gallup correlation, one marker per grid point.

    Accepted points (every pattern-2 claim met) are filled, rejected ones hollow; the best
    accepted point is labelled with its values, and the values the scenario itself has
    now (when they are on the grid) are ringed.
    """
    import matplotlib.pyplot as plt

    from resetsim.viz.figures import Plot, figure_style
    from resetsim.viz.palette import OKABE_ITO

    with figure_style():
        fig, ax = plt.subplots(figsize=(8, 6.5))
        accepted = points[points["accepted"]]
        rejected = points[~points["accepted"]]
        tied = accepted[accepted["tied_with_best"]] if "tied_with_best" in points else accepted
        untied = accepted.drop(tied.index)
        groups = (
            (
                rejected,
                {"facecolors": "none", "edgecolors": OKABE_ITO[5]},
                "rejected: misses a pattern-2 claim",
            ),
            (untied, {"color": OKABE_ITO[4]}, "accepted, worse than the best"),
            (tied, {"color": OKABE_ITO[0]}, "accepted, tied with the best: paired bootstrap, 95%"),
        )
        for group, style, label in groups:
            ax.scatter(
                group["gallup_r"],
                group["gallup_mae"],
                s=60,
                label=f"{label} ({len(group)})",
                **style,
            )
        current = _current_point(points, keys, scenario)
        if current is not None:
            ax.scatter(
                current["gallup_r"],
                current["gallup_mae"],
                s=260,
                facecolors="none",
                edgecolors="#000000",
                linewidths=1.5,
                label=f"the values {scenario} has now",
            )
        if len(accepted):
            best = accepted.iloc[0]
            text = "\n".join(f"{k} = {_plain(best[k]):g}" for k in keys)
            ax.annotate(
                f"best\n{text}",
                (best["gallup_r"], best["gallup_mae"]),
                xytext=(-30, 70),
                textcoords="offset points",
                ha="right",
                fontsize=9,
                bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "0.7"},
                arrowprops={"arrowstyle": "-", "color": "0.4"},
            )
        ax.axvline(0.5, color="0.5", linestyle=":", linewidth=1)
        ax.set_xlabel("correlation of ensemble-mean US favourability with Gallup (r)")
        ax.set_ylabel("mean absolute error against Gallup (percentage points)")
        ax.set_title(
            f"Calibration of {scenario}: {len(points)} grid points x {seeds} seeds\n"
            "(lower is better; the dotted line is pattern 2's r >= 0.5)"
        )
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), fontsize=9, frameon=False)
        fig.tight_layout()
    return Plot(points, fig)


def _value(scenario: Any, key: str) -> Any:
    obj = scenario
    for part in key.split("."):
        obj = getattr(obj, part)
    return obj
