"""Sweep figures: how a batch outcome changes across one or two grid parameters.

For each grid cell (combination of grid values, within one scenario) a metric from
:data:`resetsim.analysis.outcomes.METRICS` is computed over its runs (run metrics) or its
reset episodes (reset metrics; the first reset of each run by default, so each run counts
once). One parameter gives a line with a 95% bootstrap interval over runs; two give a
heatmap with the value and run count in each cell. Kaplan-Meier medians that are not
reached (more than half the resets never ended or never halved) are shown as "> T",
hatched, T being the longest follow-up in the cell.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from resetsim.analysis.decay import pooled_note
from resetsim.analysis.io import Batch, BatchError, grid_keys
from resetsim.analysis.outcomes import METRICS, common_horizon, episodes, run_outcomes
from resetsim.viz.figures import (
    FIGSIZE,
    Plot,
    figure_style,
    group_colours,
    runs_phrase,
    save_figure,
    save_table,
)

__all__ = ["plot_sweep", "sweep_table"]

_TABLE_COLUMNS = ("scenario", "metric", "value", "ci_low", "ci_high", "runs", "units")
_TABLE_COLUMNS += ("follow_up", "horizon")


def _metric_or_fail(metric: str):
    if metric not in METRICS:
        raise BatchError(f"--metric {metric!r} is unknown; allowed: {', '.join(METRICS)}")
    return METRICS[metric]


def _cell_units(batch: Batch, metric: str, first_only: bool) -> pd.DataFrame:
    m = METRICS[metric]
    if m.level == "run":
        return run_outcomes(batch)
    ep = episodes(batch)
    return ep[ep["episode"] == 1] if first_only else ep


def _value(metric: str, units: pd.DataFrame, horizon: float) -> float:
    return METRICS[metric].compute({c: units[c].to_numpy() for c in units.columns}, horizon)


def sweep_table(
    batch: Batch,
    params: list[str] | None = None,
    metric: str = "survival",
    first_only: bool = True,
    horizon: float | None = None,
    n_boot: int = 400,
    rng: int = 0,
) -> pd.DataFrame:
    """One row per scenario and grid cell: the metric, a bootstrap 95% CI and counts.

    Args:
        batch: tables from :func:`resetsim.analysis.io.read_batch`.
        params: one or two grid keys (default: the first two grid keys that vary).
        metric: a name from :data:`~resetsim.analysis.outcomes.METRICS`.
        first_only: reset metrics on the first reset of each run (else on every reset).
        horizon: months for restricted means (default: the shortest longest follow-up
            over the cells, see :func:`~resetsim.analysis.outcomes.common_horizon`).
        n_boot: bootstrap resamples of runs for the interval (0: none).
        rng: seed of the bootstrap.

    Returns:
        Columns ``scenario``, the params, ``value``, ``ci_low``, ``ci_high``, ``runs``,
        ``units`` (runs or resets the value is computed on), ``follow_up`` (longest
        observed duration, the "> T" of an unreached median).

    """
    _metric_or_fail(metric)
    varying = [k for k in grid_keys(batch) if batch["timeseries"][k].nunique() > 1]
    params = list(params or varying[:2])
    if not params:
        raise BatchError(
            f"{batch.path or 'batch'}: no grid parameter varies; a sweep needs a batch run with "
            "--grid KEY=V1,V2,..."
        )
    if len(params) > 2:
        raise BatchError("a sweep figure shows one or two grid parameters")
    bad = [p for p in params if p not in grid_keys(batch)]
    if bad:
        raise BatchError(
            f"--param {bad[0]!r} is not a grid parameter of this batch; it has: "
            f"{', '.join(varying) or 'none'}"
        )
    units = _cell_units(batch, metric, first_only)
    runs = run_outcomes(batch)
    keys = ["scenario", *params]
    grouped = dict(list(units.groupby(keys, sort=True)))
    grouped = {k if isinstance(k, tuple) else (k,): v for k, v in grouped.items()}
    every = [tuple(k) for k in runs[keys].drop_duplicates().sort_values(keys).to_numpy()]
    cells = [(k, grouped.get(k, units.iloc[0:0])) for k in every]  # cells without resets too
    if horizon is None:
        horizon = common_horizon(metric, [cell for _, cell in cells])
    gen = np.random.default_rng(rng)
    time_col = METRICS[metric].time
    rows = []
    for key, cell in cells:
        value = _value(metric, cell, horizon) if len(cell) else float("nan")
        boots = []
        cols = {c: cell[c].to_numpy() for c in METRICS[metric].columns}
        run_ids, owner = np.unique(cell["run_id"].to_numpy(), return_inverse=True)
        for _ in range(n_boot if len(cell) else 0):  # resample runs; a run brings its rows
            counts = np.bincount(
                gen.integers(0, run_ids.size, run_ids.size), minlength=run_ids.size
            )
            picked = np.repeat(np.arange(len(cell)), counts[owner])
            boots.append(METRICS[metric].compute({c: v[picked] for c, v in cols.items()}, horizon))
        finite = np.asarray(boots)[np.isfinite(boots)] if boots else np.array([])
        low, high = np.quantile(finite, [0.025, 0.975]) if finite.size else (np.nan, np.nan)
        match = np.ones(len(runs), dtype=bool)
        for name, v in zip(["scenario", *params], key, strict=True):
            match &= (runs[name] == v).to_numpy()
        follow = cell[time_col].max() if time_col and len(cell) else np.nan
        rows.append(
            {
                **dict(zip(["scenario", *params], key, strict=True)),
                "metric": metric,
                "value": value,
                "ci_low": float(low),
                "ci_high": float(high),
                "runs": int(match.sum()),
                "units": len(cell),
                "follow_up": float(follow),
                "horizon": horizon if "rmst" in metric else np.nan,
            }
        )
    return pd.DataFrame(rows)


def plot_sweep(
    batch: Batch,
    params: list[str] | None = None,
    metric: str = "survival",
    scenario: str | None = None,
    first_only: bool = True,
    horizon: float | None = None,
    path: str | Path | None = None,
) -> Plot:
    """Line (one parameter) or heatmap (two) of ``metric`` across grid values.

    With two parameters and several scenarios, one heatmap panel per scenario.

    Returns:
        ``Plot(data=sweep_table(...), figure)``; with ``path`` the table is also written to
        ``<stem>.csv``.

    """
    import matplotlib.pyplot as plt

    m = _metric_or_fail(metric)
    table = sweep_table(batch, params, metric, first_only, horizon)
    if scenario is not None:
        if scenario not in set(table["scenario"]):
            raise BatchError(f"--scenario {scenario!r} is not in this batch")
        table = table[table["scenario"] == scenario].reset_index(drop=True)
    params = [c for c in table.columns if c not in _TABLE_COLUMNS]
    scenarios = list(dict.fromkeys(table["scenario"]))
    tau = table["horizon"].iloc[0] if len(table) else np.nan
    unit = f"{m.unit}" + (f", restricted to {tau:g}" if "rmst" in metric else "")
    label = f"{m.short} ({unit})"
    with figure_style():
        if len(params) == 1:
            fig, ax = plt.subplots(figsize=FIGSIZE, layout="constrained")
            colours = group_colours(scenarios)
            for name in scenarios:
                t = table[table["scenario"] == name].sort_values(params[0])
                colour, dash = colours[name]
                shown = t["value"].where(np.isfinite(t["value"]), t["follow_up"])
                ax.fill_between(
                    t[params[0]], t["ci_low"], t["ci_high"], color=colour, alpha=0.2, lw=0
                )
                ax.plot(
                    t[params[0]],
                    shown,
                    color=colour,
                    ls=dash,
                    lw=2.4,
                    marker="o",
                    label=f"{name} (95% bootstrap interval over runs shaded)",
                )
                for x, y, v in zip(t[params[0]], shown, t["value"], strict=True):
                    if not np.isfinite(v):
                        ax.annotate(
                            f"> {y:.0f}",
                            (x, y),
                            xytext=(0, 8),
                            textcoords="offset points",
                            ha="center",
                            fontsize=11,
                        )
            ax.set_xticks(sorted(table[params[0]].unique()))
            ax.set_xlabel(f"{params[0]} (grid parameter)")
            ax.set_ylabel(label)
            ax.legend(loc="best")
            axes = [ax]
        else:
            fig, axes = plt.subplots(
                1, len(scenarios), figsize=FIGSIZE, layout="constrained", squeeze=False
            )
            axes = list(axes[0])
            finite = table["value"].where(np.isfinite(table["value"]), table["follow_up"])
            vmin, vmax = float(np.nanmin(finite)), float(np.nanmax(finite))
            image = None
            for ax, name in zip(axes, scenarios, strict=True):
                t = table[table["scenario"] == name]
                xs = sorted(t[params[0]].unique())
                ys = sorted(t[params[1]].unique())
                grid = np.full((len(ys), len(xs)), np.nan)
                for row in t.to_dict("records"):
                    i, j = ys.index(row[params[1]]), xs.index(row[params[0]])
                    reached = np.isfinite(row["value"])
                    grid[i, j] = row["value"] if reached else vmax  # "longer than observed"
                    if m.level == "run":
                        text = f"{row['value']:.0f}%"
                    elif reached:
                        text = f"{row['value']:.0f}"
                    else:
                        text = f"> {row['follow_up']:.0f}"
                    ax.text(
                        j,
                        i,
                        f"{text}\nn={row['runs']}",
                        ha="center",
                        va="center",
                        fontsize=11,
                        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "alpha": 0.75, "lw": 0},
                    )
                    if not reached:
                        ax.add_patch(
                            plt.Rectangle(
                                (j - 0.5, i - 0.5),
                                1,
                                1,
                                fill=False,
                                hatch="//",
                                lw=0,
                                ec="#555555",
                            )
                        )
                image = ax.imshow(
                    grid, origin="lower", aspect="auto", cmap="cividis", vmin=vmin, vmax=vmax
                )
                ax.set_xticks(range(len(xs)), [f"{x:g}" for x in xs])
                ax.set_yticks(range(len(ys)), [f"{y:g}" for y in ys])
                ax.set_xlabel(params[0])
                ax.set_ylabel(params[1])
                ax.grid(False)
                if len(scenarios) > 1:
                    ax.set_title(name, loc="left")
            fig.colorbar(image, ax=axes, label=label)
        n_runs = int(table["runs"].sum())
        which = (
            "" if m.level == "run" else (", first reset per run" if first_only else ", every reset")
        )
        note = pooled_note(batch, params)
        if not np.isfinite(table["value"].fillna(0)).all():
            note += "; hatched: median not reached (> the longest follow-up)"
        fig.suptitle(f"{m.title}{which}\n{runs_phrase(n_runs, scenarios)}{note}")
    if path is not None:
        png, _ = save_figure(fig, path)
        save_table(table, png.with_suffix(".csv"), batch)
    return Plot(table, fig)
