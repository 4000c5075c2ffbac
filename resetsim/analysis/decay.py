"""Reset-decay curves: a metric aligned on each reset's start month, with bands across runs.

Every reset episode of the batch (a row of the ``resets`` table) contributes one curve: the
run's monthly ``metric`` at lags ``-before .. +after`` months from the episode's
``start_month`` (NaN outside the run). Per group (scenario or grid value) the figure shows
the median curve with 50% and 90% central bands, the structural baseline the relationship
relaxes to (the timeseries column ``baseline``, aligned the same way), and the month at
which the median reset had lost half its gain.

That month is the Kaplan-Meier median of "months from the reset's start until the gain
first halved" (the episode's peak lag plus its ``half_life_months``), where a gain that
never halved is censored at the run's end, so resets that last count as lasting rather
than being dropped (MODEL.md pattern 1: the gain decays back towards the baseline).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from resetsim.analysis.io import Batch, BatchError, grid_keys
from resetsim.analysis.outcomes import episodes
from resetsim.analysis.stats import km_median, quantile_bands
from resetsim.viz.figures import (
    FIGSIZE,
    Plot,
    figure_style,
    format_group,
    group_colours,
    runs_phrase,
    save_figure,
)

__all__ = [
    "DECAY_METRICS",
    "align_episodes",
    "batch_phrase",
    "check_by",
    "decay_bands",
    "default_by",
    "group_order",
    "plot_decay",
    "pooled_note",
    "resolve_by",
]

_NAMES = {
    "relationship": "the relationship",
    "trust": "trust",
    "us_public_favourability": "US public favourability",
    "ru_public_favourability": "Russian public favourability",
}
DECAY_METRICS = {
    "relationship": "relationship index (-1 hostility .. +1 partnership)",
    "trust": "mutual trust (0-1)",
    "us_public_favourability": "US public favourable to Russia (%)",
    "ru_public_favourability": "Russian public favourable to the US (%)",
}
"""Timeseries columns the decay figure can align, with their axis labels."""


def default_by(batch: Batch) -> str:
    """Group by scenario when there are several, else by the first grid key, else scenario."""
    ts = batch["timeseries"]
    if ts["scenario"].nunique() > 1:
        return "scenario"
    keys = [k for k in grid_keys(batch) if ts[k].nunique() > 1]
    return keys[0] if keys else "scenario"


def group_order(batch: Batch, by: str, values) -> list:
    """Group values in the manifest's grid order when it lists them, else sorted."""
    present = list(pd.unique(pd.Series(list(values))))
    listed = [v for v in batch.grid.get(by, []) if v in present] if hasattr(batch, "grid") else []
    rest = sorted(v for v in present if v not in listed)
    return [*listed, *rest]


def pooled_note(batch: Batch, used: list[str]) -> str:
    """``"; pooled over KEY"`` for grid keys that vary but are not drawn (else empty)."""
    ts = batch["timeseries"]
    pooled = [k for k in grid_keys(batch) if k not in used and ts[k].nunique() > 1]
    return f"; pooled over {', '.join(pooled)}" if pooled else ""


def batch_phrase(batch: Batch, by: str) -> str:
    """What a figure grouped by ``by`` draws, for its title: ``obama-2009 (12 runs)``.

    The scenarios and the number of runs (:func:`~resetsim.viz.figures.runs_phrase`),
    then :func:`pooled_note` for the grid keys that vary but are not ``by``.
    """
    ts = batch["timeseries"]
    scenarios = sorted(ts["scenario"].unique())
    return runs_phrase(ts["run_id"].nunique(), scenarios) + pooled_note(batch, [by])


def note_groups_without_resets(ax, batch: Batch, by: str, present) -> None:
    """Add a legend line naming the groups of the batch in which no run had a reset."""
    runs = batch.get("runs")
    if runs is None or by not in runs:
        return
    missing = sorted(set(map(str, runs[by])) - set(map(str, present)))
    if missing:
        ax.plot([], [], " ", label=f"{', '.join(missing)}: no reset in any run")


def check_by(batch: Batch, by: str) -> str:
    """Return ``by`` if it can group this batch, else raise BatchError listing what can."""
    allowed = ["scenario", *grid_keys(batch)]
    if by not in allowed:
        raise BatchError(
            f"--by {by!r} is not a column of this batch; allowed: {', '.join(allowed)}"
        )
    return by


def resolve_by(batch: Batch, by: str | None) -> str:
    """The column a figure groups by: ``by`` if given (checked), else :func:`default_by`."""
    return check_by(batch, by or default_by(batch))


def align_episodes(
    batch: Batch, metric: str = "relationship", before: int = 12, after: int = 72
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray | None]:
    """Curves of ``metric`` aligned on each reset's start month.

    Returns:
        ``(episodes, curves, baselines)``: the episodes table (one row per curve), a 2-D
        array of shape (episodes, before + after + 1) with NaN where the run has no month,
        and the same for the ``baseline`` column (None if the timeseries has none).

    """
    ts = batch["timeseries"]
    if metric not in ts.columns or not pd.api.types.is_numeric_dtype(ts[metric]):
        allowed = [m for m in DECAY_METRICS if m in ts.columns]
        raise BatchError(
            f"--metric {metric!r} is not a numeric timeseries column; allowed: "
            f"{', '.join(allowed)} (or another numeric column such as us_capital)"
        )
    ep = episodes(batch).reset_index(drop=True)
    lags = np.arange(-before, after + 1)
    curves = np.full((len(ep), lags.size), np.nan)
    base = np.full((len(ep), lags.size), np.nan) if "baseline" in ts else None
    by_run = {rid: g.set_index("month") for rid, g in ts.groupby("run_id")}
    for i, row in enumerate(ep.itertuples(index=False)):
        run = by_run[row.run_id]
        months = row.start_month + lags
        inside = (months >= run.index.min()) & (months <= run.index.max())
        curves[i, inside] = run[metric].reindex(months[inside]).to_numpy()
        if base is not None:
            base[i, inside] = run["baseline"].reindex(months[inside]).to_numpy()
    return ep, curves, base


def decay_bands(
    batch: Batch,
    by: str | None = None,
    metric: str = "relationship",
    before: int = 12,
    after: int = 72,
    min_share: float = 0.25,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per group and lag: n, quantiles q05..q95 of ``metric`` and the median baseline.

    Lags where fewer than ``min_share`` of a group's episodes (and fewer than 3) are still
    observed are left NaN, so a few long runs do not draw a misleading tail. The
    ``baseline`` column is the median structural baseline of the group's runs at the
    resets' start months (the baseline is a property of the run's structure).

    Returns:
        ``(bands, marks)``: the long table of bands and one row per group with the number of
        runs and episodes, the number that ``halved``, the Kaplan-Meier median lag at which
        the gain halved (``halved_lag``) and the Kaplan-Meier median half-life from the peak
        (``median_half_life``); both inf when most gains never halved within the run.

    """
    by = resolve_by(batch, by)
    ep, curves, base = align_episodes(batch, metric, before, after)
    if not len(ep):
        raise BatchError(f"{batch.path or 'batch'}: no reset episodes in the resets table")
    lags = np.arange(-before, after + 1)
    ts = batch["timeseries"]
    run_end = ts.groupby("run_id")["month"].max()
    frames, marks = [], []
    groups = ep.groupby(by, sort=False).groups
    for value in group_order(batch, by, groups):
        idx = groups[value]
        rows = ep.index.get_indexer(idx)
        need = max(3, int(np.ceil(min_share * rows.size))) if rows.size >= 3 else 1
        bands = quantile_bands(curves[rows], min_count=need)
        bands.insert(0, "lag", lags)
        bands.insert(0, "group", value)
        if base is not None:  # median over the group's resets at their start month
            at_start = float(np.nanmedian(base[rows, before])) if rows.size else np.nan
            bands["baseline"] = np.where(bands["q50"].notna(), at_start, np.nan)
        frames.append(bands)
        sub = ep.loc[idx]
        to_half = (sub["peak_month"] - sub["start_month"] + sub["half_life_months"]).to_numpy()
        censor = (sub["run_id"].map(run_end) - sub["start_month"]).to_numpy(dtype=float)
        halved = ~np.isnan(to_half)
        marks.append(
            {
                "group": value,
                "runs": sub["run_id"].nunique(),
                "episodes": len(sub),
                "halved": int(halved.sum()),
                "halved_lag": km_median(np.where(halved, to_half, censor), halved),
                "median_half_life": km_median(sub["half_life_time"], sub["half_life_event"]),
            }
        )
    return pd.concat(frames, ignore_index=True), pd.DataFrame(marks)


def plot_decay(
    batch: Batch,
    by: str | None = None,
    metric: str = "relationship",
    path: str | Path | None = None,
    **window: int,
) -> Plot:
    """Reset-decay figure: median and 50%/90% bands per group, baseline, median half-life.

    Args:
        batch: tables from :func:`resetsim.analysis.io.read_batch`.
        by: ``scenario`` or a grid key (default: :func:`default_by`).
        metric: a timeseries column, see :data:`DECAY_METRICS`.
        path: if given, write PNG and SVG there.
        **window: passed to :func:`decay_bands`: ``before`` and ``after`` (months shown
            before the reset's start and after it) and ``min_share``.

    Returns:
        ``Plot(data=(bands, marks), figure)`` as from :func:`decay_bands`.

    """
    import matplotlib.pyplot as plt

    by = resolve_by(batch, by)
    bands, marks = decay_bands(batch, by, metric, **window)
    groups = list(marks["group"])
    colours = group_colours(groups)
    with figure_style():
        fig, ax = plt.subplots(figsize=FIGSIZE, layout="constrained")
        for group in groups:
            colour, dash = colours[group]
            b = bands[bands["group"] == group]
            m = marks[marks["group"] == group].iloc[0].to_dict()
            ax.fill_between(b["lag"], b["q05"], b["q95"], color=colour, alpha=0.12, lw=0)
            ax.fill_between(b["lag"], b["q25"], b["q75"], color=colour, alpha=0.28, lw=0)
            gain = "gain" if metric == "relationship" else "relationship gain"
            if np.isfinite(m["median_half_life"]):
                half = (
                    f"{gain} halved in {m['halved']:.0f}, median half-life "
                    f"{m['median_half_life']:.0f} mo from the peak"
                )
                if np.isfinite(m["halved_lag"]):
                    half += f" (month {m['halved_lag']:.0f})"
            elif m["halved"]:
                half = f"{gain} halved in only {m['halved']:.0f}, median not reached"
            else:
                half = f"{gain} never halved"
            label = f"{format_group(by, group)}: {m['episodes']:.0f} resets; {half}"
            ax.plot(b["lag"], b["q50"], color=colour, ls=dash, lw=2.4, label=label)
            if metric == "relationship" and "baseline" in b:
                ax.plot(b["lag"], b["baseline"], color=colour, ls=":", lw=1.6)
            lag = m["halved_lag"]
            if np.isfinite(lag) and metric != "relationship":
                ax.axvline(lag, color=colour, ls="--", lw=1.3)
            elif np.isfinite(lag):
                y = np.interp(lag, b["lag"], b["q50"].to_numpy())
                ax.plot([lag], [y], marker="D", ms=9, color=colour, mec="black", zorder=5)
        ax.axvline(0, color="black", lw=1)
        note_groups_without_resets(ax, batch, by, groups)
        fig.legend(loc="outside lower center", ncol=1, frameon=False)
        key = "lines: median; shaded: 50%/90% of resets"
        if metric == "relationship":
            key += "; dotted: structural baseline; \u25c6: gain halved (Kaplan-Meier)"
        else:
            key += "; dashed: month the relationship gain halved (Kaplan-Meier)"
        ax.set_title(key, fontsize=11, color="#333333")
        ax.set_xlabel("months since the reset began (0 = first month labelled reset)")
        ax.set_ylabel(DECAY_METRICS.get(metric, metric))
        low, high = ax.get_ylim()
        if metric == "relationship":
            ax.set_ylim(max(low, -1.0), min(high, 1.0))
        fig.suptitle(f"Reset decay of {_NAMES.get(metric, metric)}: {batch_phrase(batch, by)}")
    if path is not None:
        save_figure(fig, path)
    return Plot((bands, marks), fig)
