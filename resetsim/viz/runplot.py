"""The single-run figure: relationship over time on coloured Giles-phase bands."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch

from resetsim.analysis.chains import move_chains
from resetsim.viz.palette import PHASE_COLOURS

__all__ = [
    "LABEL_GAP_MONTHS",
    "LABEL_WIDTH_MONTHS",
    "MOVE_STYLE",
    "labelled_chains",
    "mark_moves",
    "phase_spans",
    "plot_run",
]

LABEL_GAP_MONTHS = 24
"""Months between the starts of two labelled chains (a label is about that wide)."""
LABEL_WIDTH_MONTHS = 48
"""A chain starting this close to the run's end is labelled to the left of its mark."""

MOVE_STYLE = {
    "hostile": {"marker": "v", "color": "#D55E00"},
    "cooperative": {"marker": "^", "color": "#009E73"},
}
"""Marker and colour of actors' moves by direction (Okabe-Ito palette)."""


def phase_spans(phases: list[str]) -> list[tuple[int, int, str]]:
    """Runs of equal labels as ``(first, last_exclusive, phase)``."""
    spans, start = [], 0
    for i in range(1, len(phases) + 1):
        if i == len(phases) or phases[i] != phases[start]:
            spans.append((start, i, phases[start]))
            start = i
    return spans


def mark_moves(ax, timeseries: pd.DataFrame, events: pd.DataFrame, labels: int = 5) -> int:
    """Mark actors' moves on the relationship line; label the ``labels`` chains that mattered most.

    A move that starts a chain is a filled triangle (down: hostile, up: cooperative), an
    answer a hollow one; the chains that moved the index most carry their first move's
    sentence. Returns the number of moves marked.
    """
    moves = events[events["origin"] == "actor"]
    if moves.empty:
        return 0
    level = timeseries.set_index("month")["relationship"]
    answered = moves["responds_to"].notna()
    for direction, style in MOVE_STYLE.items():
        for is_answer, face, size in ((False, style["color"], 46), (True, "none", 24)):
            chosen = moves[(moves["direction"] == direction) & (answered == is_answer)]
            if chosen.empty:
                continue
            kind = "answer" if is_answer else "move"
            ax.scatter(
                chosen["month"], level.reindex(chosen["month"]).to_numpy(), s=size,
                marker=style["marker"], facecolors=face, edgecolors=style["color"],
                linewidths=1.0, zorder=4, label=f"actor's {direction} {kind}",
            )  # fmt: skip
    last = int(timeseries["month"].max())
    for c in labelled_chains(move_chains(events, timeseries), labels).itertuples(index=False):
        y = level.get(c.first_month, 0.0)
        late = c.first_month > last - LABEL_WIDTH_MONTHS  # would run off the right edge
        ax.annotate(
            c.event[:46], (c.first_month, y), xytext=(-4 if late else 4, 8 if y < -0.6 else -12),
            textcoords="offset points", fontsize=7, color=MOVE_STYLE[c.direction]["color"],
            ha="right" if late else "left",
        )  # fmt: skip
    return len(moves)


def labelled_chains(chains: pd.DataFrame, labels: int, gap: int = LABEL_GAP_MONTHS) -> pd.DataFrame:
    """The chains that moved the index most, at most ``labels``, starting ``gap`` months apart.

    Greedy by the size of the change: a chain that starts within ``gap`` months of one
    already chosen is passed over, so that no two labels are written over each other.
    """
    chosen: list[int] = []
    ranked = chains.assign(size=chains["change"].abs()).sort_values("size", ascending=False)
    for index, month in zip(ranked.index, ranked["first_month"], strict=True):
        if len(chosen) == labels:
            break
        if all(abs(month - chains.at[other, "first_month"]) >= gap for other in chosen):
            chosen.append(index)
    return chains.loc[chosen]


def plot_run(
    timeseries: pd.DataFrame,
    events: pd.DataFrame | None = None,
    title: str = "",
    path: str | Path | None = None,
) -> plt.Figure:
    """Relationship and trust over calendar time, phases as bands, events and moves marked.

    Args:
        timeseries: ``ResetModel.timeseries()`` of one run.
        events: ``ResetModel.events()``; scheduled clashes of severity >= 0.4, leader
            changes and opportunities are marked on the time axis, actors' moves on the
            relationship line (:func:`mark_moves`).
        title: figure title.
        path: if given, save there (PNG; an SVG is written beside it).

    """
    ts = timeseries.reset_index(drop=True)
    x = ts["month"].to_numpy()
    fig, ax = plt.subplots(figsize=(11, 6.2), constrained_layout=True)
    for first, last, phase in phase_spans(ts["phase"].tolist()):
        ax.axvspan(x[first] - 0.5, x[last - 1] + 0.5, color=PHASE_COLOURS[phase], alpha=0.22, lw=0)
    ax.plot(x, ts["relationship"], color="#000000", lw=2.2, label="relationship index")
    ax.plot(x, ts["trust"], color="#0072B2", lw=1.4, ls="--", label="trust (0-1)")
    if "baseline" in ts:
        ax.axhline(
            ts["baseline"].iloc[0], color="#555555", lw=1, ls=":", label="structural baseline"
        )
    if events is not None and len(events):
        named = events[(events["event"] != "an interest clash") & (events["origin"] != "actor")]
        marks = named[
            (named["kind"].isin(["leader", "deal", "congress", "structure", "opportunity"]))
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
        war = events.loc[events["kind"] == "escalation", "month"].unique()
        if len(war):
            ax.plot(
                war, [-1.03] * len(war), "|", color="#CC0000", ms=9, mew=1.6,
                label="escalation to open confrontation",
            )  # fmt: skip
        mark_moves(ax, ts, events)
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
    ax.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=8, ncol=5,
        framealpha=0.9,
    )  # fmt: skip
    ax.grid(alpha=0.25)
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=130)
        fig.savefig(path.with_suffix(".svg"))
    return fig
