"""The single-run figure: relationship over time on coloured Giles-phase bands."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch

from resetsim.viz.palette import PHASE_COLOURS

__all__ = ["phase_spans", "plot_run"]


def phase_spans(phases: list[str]) -> list[tuple[int, int, str]]:
    """Runs of equal labels as ``(first, last_exclusive, phase)``."""
    spans, start = [], 0
    for i in range(1, len(phases) + 1):
        if i == len(phases) or phases[i] != phases[start]:
            spans.append((start, i, phases[start]))
            start = i
    return spans


def plot_run(
    timeseries: pd.DataFrame,
    events: pd.DataFrame | None = None,
    title: str = "",
    path: str | Path | None = None,
) -> plt.Figure:
    """Relationship and trust over calendar time, phases as bands, scheduled events marked.

    Args:
        timeseries: ``ResetModel.timeseries()`` of one run.
        events: ``ResetModel.events()``; clashes of severity >= 0.4 and leader changes are
            marked on the time axis.
        title: figure title.
        path: if given, save there (PNG; an SVG is written beside it).

    """
    ts = timeseries.reset_index(drop=True)
    x = ts["month"].to_numpy()
    fig, ax = plt.subplots(figsize=(11, 5.2), constrained_layout=True)
    for first, last, phase in phase_spans(ts["phase"].tolist()):
        ax.axvspan(x[first] - 0.5, x[last - 1] + 0.5, color=PHASE_COLOURS[phase], alpha=0.22, lw=0)
    ax.plot(x, ts["relationship"], color="#000000", lw=2.2, label="relationship index")
    ax.plot(x, ts["trust"], color="#0072B2", lw=1.4, ls="--", label="trust (0-1)")
    if "baseline" in ts:
        ax.axhline(
            ts["baseline"].iloc[0], color="#555555", lw=1, ls=":", label="structural baseline"
        )
    if events is not None and len(events):
        named = events[events["event"] != "an interest clash"]
        marks = named[
            (named["kind"].isin(["leader", "deal", "escalation", "congress", "structure"]))
            | ((named["kind"] == "clash") & (named["severity"] >= 0.4))
        ]
        for month, label in marks.groupby("month")["event"].first().items():
            ax.axvline(month, color="#444444", lw=0.6, alpha=0.6)
            ax.text(
                month,
                0.98,
                label[:38],
                rotation=90,
                va="top",
                ha="right",
                fontsize=7,
                transform=ax.get_xaxis_transform(),
                color="#333333",
            )
    step = 24 if len(x) > 180 else 12 if len(x) > 60 else 6 if len(x) > 24 else 3
    ticks = x[::step]
    ax.set_xticks(ticks, ts["date"].iloc[::step], rotation=45, ha="right")
    ax.set_xlim(x[0] - 0.5, x[-1] + 0.5)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("month")
    ax.set_ylabel("relationship index (-1 hostility .. +1 partnership)")
    ax.set_title(title or "Relationship and Giles phases")
    handles, _ = ax.get_legend_handles_labels()
    handles += [Patch(color=c, alpha=0.4, label=p) for p, c in PHASE_COLOURS.items()]
    ax.legend(handles=handles, loc="lower left", fontsize=8, ncol=4, framealpha=0.9)
    ax.grid(alpha=0.25)
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=130)
        fig.savefig(path.with_suffix(".svg"))
    return fig
