"""The reliability figure of the case library: forecast probability against what happened.

A forecaster is reliable when, of the outcomes it gives probability ``p``, a share ``p``
happen (Murphy & Winkler 1977). The figure pools every scored binary outcome of every case
(:func:`resetsim.cases.scoring.reliability`), plots each probability bin's mean forecast
against its observed frequency with a 95% Wilson interval, and the diagonal of perfect
reliability. With a few dozen outcomes the intervals are wide: the figure says so by
printing each bin's count.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from resetsim.cases.scoring import reliability_intervals

__all__ = ["plot_reliability"]


def _series(
    ax, table: pd.DataFrame, label: str, colours: tuple[str, str], marker: str, below: bool = False
):
    """One forecast's bins: mean forecast against observed share, 95% Wilson bars, counts.

    The counts are written above-right of each point, or below-right with ``below`` (so
    that two series' labels do not overlap).
    """
    filled = reliability_intervals(table)
    if not len(filled):
        return
    x, y = filled["mean_forecast"].to_numpy(), filled["observed"].to_numpy()
    err = np.vstack([y - filled["low"].to_numpy(), filled["high"].to_numpy() - y])
    ax.errorbar(
        x, y, yerr=err, fmt=marker, color=colours[0], ecolor=colours[1], capsize=4, ms=7,
        label=label,
    )  # fmt: skip
    for xi, yi, n in zip(x, y, filled["n"], strict=True):
        ax.annotate(f"n={int(n)}", (xi, yi), xytext=(6, -12 if below else 4),
                    textcoords="offset points", fontsize=8, color=colours[0])  # fmt: skip


def plot_reliability(
    table: pd.DataFrame,
    path: str | Path | None = None,
    title: str = "",
    beside: pd.DataFrame | None = None,
) -> plt.Figure:
    """Draw the reliability diagram of ``table`` (from ``reliability``); save to ``path`` if given.

    Each point is one probability bin: x its mean forecast, y the share of its outcomes that
    happened, the bar its 95% Wilson interval, the label its number of outcomes. With
    ``beside`` (the seeds-only forecasts), ``table`` is the forecast with parameters drawn
    from a posterior and both are drawn.
    """
    fig, ax = plt.subplots(figsize=(5.6, 5.2), constrained_layout=True)
    ax.plot([0, 1], [0, 1], color="#777777", ls="--", lw=1, label="perfectly reliable")
    for edge in np.unique(np.r_[table["bin_low"], table["bin_high"]]):
        ax.axvline(edge, color="#DDDDDD", lw=0.6, zorder=0)
    if beside is None:
        _series(ax, table, "cases' outcomes (95% Wilson interval)", ("#0072B2", "#56B4E9"), "o")
    else:
        _series(ax, beside, "seeds only (95% Wilson interval)", ("#D55E00", "#E69F00"), "s",
                below=True)  # fmt: skip
        _series(ax, table, "posterior draws (95% Wilson interval)", ("#0072B2", "#56B4E9"), "o")
    total = int(table["n"].sum())
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("forecast probability (share of runs)")
    ax.set_ylabel("share of outcomes that happened (record)")
    ax.set_title(title or f"Reliability of the case forecasts ({total} outcomes)")
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(alpha=0.2)
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=130)
    return fig
