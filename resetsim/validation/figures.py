"""Validation figures: favourability against Gallup, the phase ribbon, escalation risk.

All three read the history ensemble (or its escalation runs) and use the project's
colour-blind-safe palette (Okabe & Ito 2008). Calendar months are drawn as decimal
years so the record's dates (Gallup surveys, crisis windows) sit where a reader expects.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch, Rectangle

from resetsim.validation.history import CRISES, PHASES, RESETS
from resetsim.viz.figures import save_png
from resetsim.viz.palette import OKABE_ITO, PHASE_COLOURS

__all__ = ["plot_escalation", "plot_favourability", "plot_phase_ribbon", "year"]


def year(dates: pd.Series | list[str] | np.ndarray) -> np.ndarray:
    """``YYYY-MM`` labels as decimal years at mid-month (2009-01 -> 2009.04)."""
    text = pd.Series(list(dates), dtype=str)
    return (text.str[:4].astype(int) + (text.str[5:7].astype(int) - 0.5) / 12).to_numpy()


def plot_favourability(
    bands: pd.DataFrame,
    gallup: pd.DataFrame,
    stats: Mapping[str, float],
    runs: int,
    path: str | Path | None = None,
) -> plt.Figure:
    """US public favourability: ensemble median with 50% and 90% bands, Gallup points.

    Args:
        bands: :func:`~resetsim.validation.history.favourability_bands` output.
        gallup: :func:`~resetsim.validation.history.load_gallup` output.
        stats: ``r``, ``mae`` and ``bias`` from ``gallup_comparison``.
        runs: ensemble size, for the title.
        path: save the PNG there if given.

    """
    x = year(bands["date"])
    fig, ax = plt.subplots(figsize=(11, 4.8), constrained_layout=True)
    for window in CRISES.values():
        lo, hi = year(list(window))
        ax.axvspan(lo - 1 / 24, hi + 1 / 24, color=PHASE_COLOURS["crisis"], alpha=0.10, lw=0)
    ax.fill_between(x, bands["q05"], bands["q95"], color=OKABE_ITO[0], alpha=0.15, lw=0)
    ax.fill_between(x, bands["q25"], bands["q75"], color=OKABE_ITO[0], alpha=0.30, lw=0)
    ax.plot(x, bands["q50"], color=OKABE_ITO[0], lw=2, label="model: median of runs")
    ax.plot(x, bands["mean"], color=OKABE_ITO[0], lw=1, ls="--", label="model: mean of runs")
    gx = year(gallup["date"])
    ax.scatter(
        gx,
        gallup["favourable_pct"],
        s=46,
        color="#000000",
        zorder=5,
        label="Gallup: % favourable to Russia",
    )
    handles, labels = ax.get_legend_handles_labels()
    handles += [
        Patch(color=OKABE_ITO[0], alpha=0.30, lw=0),
        Patch(color=OKABE_ITO[0], alpha=0.15, lw=0),
        Patch(color=PHASE_COLOURS["crisis"], alpha=0.10, lw=0),
    ]
    labels += ["model: 50% of runs", "model: 90% of runs", "crisis windows (1999, 2008, 2014)"]
    ax.legend(handles, labels, loc="lower left", fontsize=8.5, ncol=2, framealpha=0.9)
    ax.set_xlim(x[0], x[-1])
    ax.set_ylim(0, 100)
    ax.set_ylabel("% of US public favourable to Russia")
    ax.set_xlabel("year")
    ax.grid(axis="y", color="#dddddd", lw=0.6)
    ax.set_title(
        f"history-1992-2016, {runs} runs: US favourability vs Gallup "
        f"(r = {stats['r']:.2f}, mean abs. error {stats['mae']:.1f} points, "
        f"bias {stats['bias']:+.1f})",
        fontsize=11,
    )
    save_png(fig, path)
    return fig


def plot_phase_ribbon(
    shares: pd.DataFrame,
    windows: pd.DataFrame,
    runs: int,
    path: str | Path | None = None,
) -> plt.Figure:
    """Share of runs in each Giles stage per month, with the record's windows marked.

    Args:
        shares: :func:`~resetsim.validation.history.phase_shares` output.
        windows: :func:`~resetsim.validation.history.window_table` output (hit rates).
        runs: ensemble size, for the title.
        path: save the PNG there if given.

    """
    x = year(shares["date"])
    fig, ax = plt.subplots(figsize=(11, 5.0), constrained_layout=True)
    ax.stackplot(
        x,
        *(shares[p].to_numpy() for p in PHASES),
        colors=[PHASE_COLOURS[p] for p in PHASES],
        lw=0,
        labels=list(PHASES),
    )
    hits = dict(zip(windows["window"], windows["hit_rate"], strict=True))
    for kind, table, y in (("crisis", CRISES, 1.05), ("reset", RESETS, 1.15)):
        for name, (lo, hi) in table.items():
            a, b = year([lo, hi])
            a, b = a - 1 / 24, b + 1 / 24
            ax.add_patch(
                Rectangle(
                    (a, 0),
                    b - a,
                    1,
                    fill=False,
                    edgecolor="#000000",
                    lw=1.4,
                    ls="-" if kind == "crisis" else "--",
                    zorder=4,
                )
            )
            ax.plot([a, b], [1.0, 1.0], color="#000000", lw=1.4, clip_on=False, zorder=4)
            ax.annotate(
                f"{kind} {name}: {hits.get(f'{kind} {name}', np.nan):.0%} of runs",
                xy=((a + b) / 2, 1.0),
                xytext=((a + b) / 2, y),
                ha="center",
                va="center",
                fontsize=8.5,
                bbox={"boxstyle": "round,pad=0.25", "fc": PHASE_COLOURS[kind], "ec": "none"},
                arrowprops={"arrowstyle": "-", "color": "#000000", "lw": 0.8},
                annotation_clip=False,
                zorder=5,
            )
    ax.set_xlim(x[0], x[-1])
    ax.set_ylim(0, 1.25)
    ax.spines["left"].set_bounds(0, 1)
    ax.set_yticks(np.linspace(0, 1, 6))
    ax.set_yticklabels([f"{t:.0%}" for t in np.linspace(0, 1, 6)])
    ax.set_ylabel("share of runs in each stage")
    ax.set_xlabel("year")
    ax.spines[["top", "right"]].set_visible(False)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(
        handles[::-1],
        labels[::-1],
        loc="upper left",
        bbox_to_anchor=(1.005, 0.8),
        fontsize=9,
        title="Giles stage",
        title_fontsize=9,
        frameon=False,
    )
    ax.set_title(
        f"history-1992-2016, {runs} runs: share of runs in each Giles stage, month by month\n"
        "boxes: windows of the record (solid: crisis, dashed: reset), labelled with the "
        "share of runs in that stage at least once in the window",
        fontsize=10,
        loc="left",
    )
    save_png(fig, path)
    return fig


def plot_escalation(table: pd.DataFrame, path: str | Path | None = None) -> plt.Figure:
    """Escalation risk per window and condition, with Wilson 95% intervals.

    Args:
        table: :func:`~resetsim.validation.escalation.escalation_table` output.
        path: save the PNG there if given.

    """
    windows = list(dict.fromkeys(table["window"]))
    conditions = list(dict.fromkeys(table["condition"]))
    width = 0.8 / len(conditions)
    fig, ax = plt.subplots(figsize=(8, 4.2), constrained_layout=True)
    colours = [OKABE_ITO[2], OKABE_ITO[5], OKABE_ITO[0], OKABE_ITO[1]]
    for j, condition in enumerate(conditions):
        rows = table[table["condition"] == condition].set_index("window").reindex(windows)
        pos = np.arange(len(windows)) + (j - (len(conditions) - 1) / 2) * width
        err = np.clip(
            np.vstack([rows["risk"] - rows["ci_low"], rows["ci_high"] - rows["risk"]]), 0, None
        )
        ax.bar(pos, rows["risk"], width * 0.92, color=colours[j % 4], label=condition)
        ax.errorbar(pos, rows["risk"], yerr=err, fmt="none", ecolor="#000000", capsize=3, lw=1)
        for p, r, top in zip(pos, rows["risk"], rows["ci_high"], strict=True):
            ax.text(p, top, f"{r:.1%}", ha="center", va="bottom", fontsize=8)
    runs = int(table["runs"].iloc[0])
    ax.set_xticks(np.arange(len(windows)))
    spans = table.drop_duplicates("window").set_index("window")
    ax.set_xticklabels(
        [f"{w}\n{spans.loc[w, 'from'][:4]}-{spans.loc[w, 'to'][:4]}" for w in windows]
    )
    ax.set_ylabel("share of runs with an escalation")
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{100 * v:.3g}%"))
    top = float(np.nanmax(table["ci_high"])) if len(table) else 1.0
    ax.set_ylim(0, top * 1.25 + 0.01)
    ax.grid(axis="y", color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)
    ax.legend(fontsize=9, loc="upper left")
    ax.set_title(
        f"history-1992-2016, {runs} runs per condition: escalation to open confrontation "
        "(95% Wilson intervals)",
        fontsize=10,
    )
    save_png(fig, path)
    return fig
