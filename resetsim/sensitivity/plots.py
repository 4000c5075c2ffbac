"""Figures of a sensitivity study: Sobol' S1/ST bars, Morris mu*/sigma tornado.

One panel per output; parameters on the vertical axis, the most influential on top;
whiskers are the bootstrap confidence intervals SALib reports. Colours from the
project's colour-blind-safe palette (Okabe & Ito 2008).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from resetsim.viz.figures import save_png
from resetsim.viz.palette import OKABE_ITO

__all__ = ["plot_indices"]

_LABELS = {
    "half_life": "reset half-life\n(months; censored = horizon)",
    "months_survived": "months the reset survived",
    "crisis": "crisis after the reset\n(probability)",
}


_UNITS = {"half_life": "months", "months_survived": "months", "crisis": "probability"}


_COLUMNS = 4
"""Panels per row; more outputs wrap onto further rows."""


def _outputs(indices: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(indices["output"]))


def _label(output: str, labels: dict[str, str] | None) -> str:
    """A panel title: the study's own label (wrapped), else the built-in one."""
    if labels and output in labels:
        import textwrap

        return "\n".join(textwrap.wrap(labels[output], 32))
    return _LABELS.get(output, output)


def _panels(count: int, width: float, height: float, **kw) -> tuple[plt.Figure, list]:
    """A grid of ``count`` panels, at most :data:`_COLUMNS` per row; spare panels hidden."""
    cols = min(count, _COLUMNS)
    rows = -(-count // cols)
    fig, axes = plt.subplots(
        rows,
        cols,
        figsize=(width * cols + 2.2, height * rows),
        constrained_layout=True,
        squeeze=False,
        **kw,
    )
    flat = list(axes.ravel())
    for ax in flat[count:]:
        ax.set_visible(False)
    return fig, flat[:count]


def plot_indices(
    indices: pd.DataFrame,
    method: str,
    title: str = "",
    path: str | Path | None = None,
    labels: dict[str, str] | None = None,
) -> plt.Figure:
    """The figure of a study's ``indices``: Sobol' bars, or a Morris tornado for ``morris``.

    One panel per output, titled from ``labels`` (else the built-in names); ``title``
    heads the figure, which is written to ``path`` (PNG) when given.
    """
    fig = (_sobol if method == "sobol" else _morris)(indices, labels)
    if title:
        fig.suptitle(title, fontsize=11)
    save_png(fig, path)
    return fig


def _sobol(indices: pd.DataFrame, labels: dict[str, str] | None) -> plt.Figure:
    """First-order (S1) and total (ST) Sobol' indices per parameter, one panel per output.

    Parameters are ordered by their mean ST over the outputs, largest on top, the same
    order in every panel; panels wrap after four per row. ``labels`` titles the panels.
    """
    outputs = _outputs(indices)
    order = (
        indices.groupby("parameter", sort=False)["ST"].mean().fillna(0).sort_values().index.tolist()
    )
    height = 1.2 + 0.42 * len(order)
    fig, axes = _panels(len(outputs), 4.2, height, sharey=True)
    y = np.arange(len(order))
    low = float(np.nanmin(indices["S1"])) if indices["S1"].notna().any() else 0.0
    high = (
        float(np.nanmax(indices["ST"] + indices["ST_conf"])) if indices["ST"].notna().any() else 1
    )
    # the same limits in every panel; whiskers beyond them are clipped (tiny studies)
    limits = (max(-0.3, min(-0.05, low - 0.05)), min(1.05, max(0.5, 1.1 * high)))
    for ax, output in zip(axes, outputs, strict=True):
        rows = indices[indices["output"] == output].set_index("parameter").reindex(order)
        for offset, col, colour, label in (
            (0.2, "ST", OKABE_ITO[4], "total effect ST"),
            (-0.2, "S1", OKABE_ITO[0], "first order S1"),
        ):
            values = rows[col].to_numpy(dtype=float)
            ax.barh(y + offset, np.nan_to_num(values), height=0.38, color=colour, label=label)
            ax.errorbar(
                values,
                y + offset,
                xerr=rows[f"{col}_conf"].to_numpy(dtype=float),
                fmt="none",
                ecolor="#333333",
                lw=0.9,
                capsize=2,
            )
        if rows["ST"].isna().all():
            ax.text(
                0.5,
                0.5,
                "output does not vary:\nno indices",
                transform=ax.transAxes,
                ha="center",
                va="center",
                fontsize=9,
            )
        ax.axvline(0, color="#000000", lw=0.8)
        ax.set_xlim(*limits)
        ax.set_title(_label(output, labels), fontsize=10)
        ax.set_xlabel("share of output variance")
        ax.grid(axis="x", color="#dddddd", lw=0.6)
        ax.set_axisbelow(True)
    for i, ax in enumerate(axes):  # names at the start of each row of panels
        ax.set_yticks(y)
        ax.set_yticklabels(order, fontsize=9)
        ax.tick_params(axis="y", labelleft=i % _COLUMNS == 0)
    handles, names = axes[0].get_legend_handles_labels()
    axes[-1].legend(handles[::-1], names[::-1], loc="lower right", fontsize=8.5)
    return fig


def _morris(indices: pd.DataFrame, labels: dict[str, str] | None) -> plt.Figure:
    """Morris screening as a tornado: mu* bars (with CI) and sigma markers per parameter.

    Each panel is sorted by its own mu*, largest on top. mu* measures overall influence,
    sigma non-linearity or interactions (Campolongo et al. 2007).
    """
    outputs = _outputs(indices)
    n_par = indices["parameter"].nunique()
    height = 1.2 + 0.42 * n_par
    fig, axes = _panels(len(outputs), 4.6, height)
    for ax, output in zip(axes, outputs, strict=True):
        rows = indices[indices["output"] == output].copy()
        rows = rows.assign(key=rows["mu_star"].fillna(-1)).sort_values("key")
        y = np.arange(len(rows))
        ax.barh(
            y, rows["mu_star"].fillna(0), height=0.6, color=OKABE_ITO[0], label="mu* (influence)"
        )
        ax.errorbar(
            rows["mu_star"],
            y,
            xerr=rows["mu_star_conf"],
            fmt="none",
            ecolor="#333333",
            lw=0.9,
            capsize=2,
        )
        ax.scatter(
            rows["sigma"],
            y,
            marker="D",
            s=28,
            facecolor="none",
            edgecolor=OKABE_ITO[5],
            lw=1.4,
            zorder=4,
            label="sigma (non-linearity, interactions)",
        )
        ax.set_yticks(y)
        ax.set_yticklabels(rows["parameter"], fontsize=9)
        ax.set_title(_label(output, labels), fontsize=10)
        ax.set_xlabel(f"effect over the whole range ({_UNITS.get(output, 'output units')})")
        ax.set_xlim(left=0)
        ax.grid(axis="x", color="#dddddd", lw=0.6)
        ax.set_axisbelow(True)
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(
        handles[::-1], names[::-1], loc="outside lower center", ncol=2, fontsize=9, frameon=False
    )
    return fig
