"""Reset survival: Kaplan-Meier curves of months survived, per scenario or grid value.

A reset *survives* while the relationship stays above its pre-reset level; the ``resets``
table gives ``months_survived`` and ``ended`` (False = still above the level when the run
stopped, a right-censored observation). Curves are Kaplan & Meier (1958) estimates with
95% confidence bands (lifelines' exponential Greenwood intervals); groups are compared with
the log-rank test (Mantel 1966), pairwise when there are more than two.

By default every reset episode counts (``episodes="all"``); episodes of the same run are
then not independent, which the log-rank test ignores. ``episodes="first"`` keeps one
reset per run (the leader-driven one a scenario starts with).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd

from resetsim.analysis.decay import (
    batch_phrase,
    group_order,
    note_groups_without_resets,
    resolve_by,
)
from resetsim.analysis.io import Batch, BatchError
from resetsim.analysis.outcomes import episodes
from resetsim.analysis.stats import km_median
from resetsim.viz import figures
from resetsim.viz.figures import Plot

__all__ = ["logrank_table", "plot_survival", "survival_curves", "survival_episodes"]


def _lifelines():
    try:
        import lifelines
        import lifelines.statistics
    except ImportError:  # pragma: no cover - depends on the environment
        raise BatchError(
            "survival curves need the lifelines package: pip install 'resetsim[analysis]'"
        ) from None
    return lifelines


def survival_episodes(batch: Batch, by: str | None = None, episodes_: str = "all") -> pd.DataFrame:
    """The episodes entering the survival curves, with a ``group`` column."""
    by = resolve_by(batch, by)
    if episodes_ not in ("all", "first"):
        raise BatchError(f"--episodes {episodes_!r}: allowed are all, first")
    ep = episodes(batch)
    if not len(ep):
        raise BatchError(f"{batch.path or 'batch'}: no reset episodes in the resets table")
    if episodes_ == "first":
        ep = ep[ep["episode"] == 1]
    out = ep.assign(group=ep[by]).reset_index(drop=True)
    out.attrs["order"] = group_order(batch, by, out["group"])
    return out


def _crossing(times: np.ndarray, values: np.ndarray) -> float:
    """First time at which a step curve is at or below 0.5 (inf if never)."""
    hit = np.flatnonzero(values <= 0.5 + 1e-12)
    return float(times[hit[0]]) if hit.size else float("inf")


def survival_curves(ep: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Kaplan-Meier curve and 95% band per group, and per-group medians.

    Returns:
        ``(curves, medians)``: ``curves`` has ``group``, ``time``, ``survival``, ``ci_low``,
        ``ci_high``, ``at_risk``; ``medians`` has ``group``, ``resets``, ``ended``,
        ``censored``, ``median`` (inf if not reached), ``median_ci_low``, ``median_ci_high``.
        The median is the first time the curve is at or below 0.5
        (:func:`resetsim.analysis.stats.km_median`, the convention used everywhere in
        this package); its interval is where the 95% band's bounds cross 0.5.

    """
    lifelines = _lifelines()
    curves, medians = [], []
    order = ep.attrs.get("order") or sorted(ep["group"].unique())
    for group in order:
        sub = ep[ep["group"] == group]
        kmf = lifelines.KaplanMeierFitter(alpha=0.05)
        kmf.fit(sub["months_survived"], event_observed=sub["ended"].astype(bool), label="S")
        sf = kmf.survival_function_["S"]
        ci = kmf.confidence_interval_survival_function_
        table = kmf.event_table
        curves.append(
            pd.DataFrame(
                {
                    "group": group,
                    "time": sf.index.to_numpy(dtype=float),
                    "survival": sf.to_numpy(),
                    "ci_low": ci.iloc[:, 0].to_numpy(),
                    "ci_high": ci.iloc[:, 1].to_numpy(),
                    "at_risk": table["at_risk"].reindex(sf.index).to_numpy(),
                }
            )
        )
        times = sf.index.to_numpy(dtype=float)
        medians.append(
            {
                "group": group,
                "resets": len(sub),
                "ended": int(sub["ended"].sum()),
                "censored": int((~sub["ended"].astype(bool)).sum()),
                "median": km_median(sub["months_survived"], sub["ended"].astype(bool)),
                "median_ci_low": _crossing(times, ci.iloc[:, 0].to_numpy()),
                "median_ci_high": _crossing(times, ci.iloc[:, 1].to_numpy()),
            }
        )
    return pd.concat(curves, ignore_index=True), pd.DataFrame(medians)


def logrank_table(ep: pd.DataFrame) -> pd.DataFrame:
    """Log-rank test for each pair of groups (one row per pair; empty with one group)."""
    _lifelines()
    from lifelines.statistics import logrank_test

    groups = ep.attrs.get("order") or sorted(ep["group"].unique())
    rows = []
    for a, b in itertools.combinations(groups, 2):
        ga, gb = ep[ep["group"] == a], ep[ep["group"] == b]
        res = logrank_test(
            ga["months_survived"],
            gb["months_survived"],
            event_observed_A=ga["ended"].astype(bool),
            event_observed_B=gb["ended"].astype(bool),
        )
        rows.append(
            {
                "group_a": a,
                "group_b": b,
                "resets_a": len(ga),
                "resets_b": len(gb),
                "ended_a": int(ga["ended"].sum()),
                "ended_b": int(gb["ended"].sum()),
                "test": "log-rank",
                "statistic": float(res.test_statistic),
                "p_value": float(res.p_value),
            }
        )
    cols = ["group_a", "group_b", "resets_a", "resets_b", "ended_a", "ended_b", "test"]
    return pd.DataFrame(rows, columns=[*cols, "statistic", "p_value"])


def _median_text(value: float, lo: float, hi: float) -> str:
    if not np.isfinite(value):
        return "median not reached"
    ci = f"{lo:.0f}-{hi:.0f}" if np.isfinite(lo) and np.isfinite(hi) else f"{lo:.0f}-n.r."
    return f"median {value:.0f} mo (95% CI {ci})"


def plot_survival(
    batch: Batch,
    by: str | None = None,
    episodes_: str = "all",
    path: str | Path | None = None,
) -> Plot:
    """Kaplan-Meier reset survival per group, with 95% bands and medians in the legend.

    When ``path`` is given, the figure is written there (PNG + SVG) and two tables beside
    it: ``<stem>_medians.csv`` and ``<stem>_logrank.csv``.

    Returns:
        ``Plot(data={"curves", "medians", "logrank", "episodes"}, figure)``.

    """
    import matplotlib.pyplot as plt

    by = resolve_by(batch, by)
    ep = survival_episodes(batch, by, episodes_)
    curves, medians = survival_curves(ep)
    tests = logrank_table(ep)
    colours = figures.group_colours(list(medians["group"]))
    with figures.figure_style():
        fig, ax = plt.subplots(figsize=figures.FIGSIZE, layout="constrained")
        for row in medians.itertuples(index=False):
            colour, dash = colours[row.group]
            c = curves[curves["group"] == row.group]
            ax.fill_between(
                c["time"], c["ci_low"], c["ci_high"], step="post", color=colour, alpha=0.2, lw=0
            )
            label = (
                f"{figures.format_group(by, row.group)}: {row.resets} resets, "
                f"{row.censored} censored; "
                f"{_median_text(row.median, row.median_ci_low, row.median_ci_high)}"
            )
            ax.step(
                c["time"], c["survival"], where="post", color=colour, ls=dash, lw=2.4, label=label
            )
            censored = ep[(ep["group"] == row.group) & ~ep["ended"].astype(bool)]
            if len(censored):
                at = np.interp(censored["months_survived"], c["time"], c["survival"])
                ax.plot(censored["months_survived"], at, "|", color=colour, ms=12, mew=1.6)
        note_groups_without_resets(ax, batch, by, medians["group"])
        ax.axhline(0.5, color="black", lw=0.8, ls=":")
        ax.set_ylim(-0.01, 1.06)
        ax.set_xlim(left=0)
        ax.set_xlabel("months since the reset began")
        ax.set_ylabel("share of resets still above their pre-reset level")
        if len(tests) == 1:
            t = tests.iloc[0]
            key = f"log-rank test: chi\u00b2 = {t['statistic']:.1f}, p = {t['p_value']:.2g}; "
        elif len(tests):
            key = f"pairwise log-rank tests: smallest p = {tests['p_value'].min():.2g}; "
        else:
            key = ""
        ax.set_title(
            key + "shaded: 95% confidence band; | : censored at run end",
            fontsize=11,
            color="#333333",
        )
        which = "first reset per run" if episodes_ == "first" else "all resets"
        fig.suptitle(f"Reset survival (Kaplan-Meier, {which}): {batch_phrase(batch, by)}")
        fig.legend(loc="outside lower center", ncol=1, frameon=False)
    if path is not None:
        png, _ = figures.save_figure(fig, path)
        figures.save_table(medians, png.with_name(f"{png.stem}_medians.csv"), batch)
        figures.save_table(tests, png.with_name(f"{png.stem}_logrank.csv"), batch)
    return Plot({"curves": curves, "medians": medians, "logrank": tests, "episodes": ep}, fig)
