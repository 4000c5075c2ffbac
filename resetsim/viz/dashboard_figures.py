"""The dashboard's live figures: relationship, stances, presidents' resources, implementation.

* relationship and trust over time on Giles-phase bands (Giles; ``palette.PHASE_COLOURS``),
  with the structural baseline, the pre-reset level, the scenario's scheduled events, the
  decisions actors took, and earlier runs as ghost lines to compare;
* each actor's stance now, grouped by family, the US on the left and Russia on the right
  (Allison & Halperin 1972: where you stand depends on where you sit);
* both presidents' political capital and public prestige over time (Neustadt 1960);
* implementation promised and delivered; the gap is slow-rolling (Neustadt 1960: orders are
  not self-executing), split into work withheld by opposition (Halperin 1974) and work lost
  to routine slowness (Allison 1971).

Text that changes every month (date, phase, presidents' names) is an HTML line above each
figure (:meth:`LiveFigure.header`), cheaper than drawing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from resetsim.calendar import month_index
from resetsim.viz.live_figure import LiveFigure, band, horizon_dates, month_axis, new_figure
from resetsim.viz.palette import OKABE_ITO, PHASE_COLOURS
from resetsim.viz.runplot import phase_spans

__all__ = [
    "FAMILY_COLOURS",
    "FAMILY_ORDER",
    "ImplementationFigure",
    "LeadersFigure",
    "RelationshipFigure",
    "StanceFigure",
    "scheduled_months",
]

RELATIONSHIP_FIGSIZE = (7.2, 4.2)
#: projector mode: fewer inches at a higher resolution, so that the text is larger on screen
PROJECTOR_FIGSIZE, PROJECTOR_DPI = (5.0, 3.9), 190
#: colours of earlier runs' lines, oldest first
GHOST_COLOURS = ("#e69f00", "#56b4e9", "#cc79a7", "#999999")
BLOCKING = ("blocked", "rejected")

FAMILY_ORDER = ("president", "bureaucracy", "legislature", "public")
FAMILY_COLOURS = {
    "president": OKABE_ITO[0],
    "bureaucracy": OKABE_ITO[1],
    "legislature": OKABE_ITO[2],
    "public": OKABE_ITO[3],
}


def _short(name: str, width: int = 18) -> str:
    return name if len(name) <= width else name[: width - 1].rstrip() + "…"


class RelationshipFigure(LiveFigure):
    """Relationship and trust so far, on bands coloured by Giles phase, with reference marks.

    Besides the run on screen: the structural baseline (the level the relationship relaxes
    towards), each reset's pre-reset level (the trough it climbed out of;
    :mod:`resetsim.model.metrics`), the scenario's scheduled events and leader changes
    (dotted verticals), the decisions actors took (deals ratified, proposals blocked), and
    earlier runs as thin "ghost" lines.

    Args:
        model: the run on screen (a :class:`~resetsim.viz.dashboard_model.DashboardModel`).
        ghosts: earlier runs to draw, as ``(label, relationship by month)``.
        projector: draw for a projector (text larger relative to the figure).

    """

    def __init__(
        self,
        model: Any,
        ghosts: Sequence[tuple[str, np.ndarray]] = (),
        projector: bool = False,
    ) -> None:
        if projector:
            super().__init__(new_figure(PROJECTOR_FIGSIZE, PROJECTOR_DPI))
        else:
            super().__init__(new_figure(RELATIONSHIP_FIGSIZE))
        sc = model.spec
        self.dates = horizon_dates(sc.start, int(sc.months))
        ax = self.fig.add_subplot()
        self.fig.subplots_adjust(
            left=0.1 if projector else 0.07,
            right=0.985,
            top=0.97,
            bottom=0.36 if projector else 0.3,
        )
        ax.axhline(0, color="#999999", lw=0.6)
        month_axis(ax, self.dates)
        ax.set_ylim(-1.05, 1.05)
        for month in scheduled_months(sc):
            ax.axvline(month, color="#444444", lw=0.7, ls=(0, (1, 2)), alpha=0.8)
        for (label, values), colour in zip(ghosts, GHOST_COLOURS, strict=False):
            ax.plot(np.arange(len(values)), values, color=colour, lw=1.4, alpha=0.95, label=label)
        self.bands = PolyCollection([], alpha=0.3, lw=0, animated=True)
        ax.add_collection(self.bands)
        (self.baseline,) = ax.plot([], [], color="#555555", lw=1.1, ls=":", animated=True)
        self.pre_reset = LineCollection([], colors="#7a0177", lw=1.3, ls="--", animated=True)
        ax.add_collection(self.pre_reset)
        (self.trust,) = ax.plot([], [], color=OKABE_ITO[0], lw=1.1, ls="--", animated=True)
        (self.line,) = ax.plot([], [], color="#000000", lw=1.9, animated=True)
        marks = {"ls": "", "ms": 5.5, "animated": True, "markeredgecolor": "white", "mew": 0.5}
        (self.ratified,) = ax.plot([], [], marker="^", color="#009E73", **marks)
        (self.blocked,) = ax.plot([], [], marker="v", color="#D55E00", **marks)
        handles = [
            Line2D([], [], color="#000000", lw=1.9, label="relationship (this run)"),
            Line2D([], [], color=OKABE_ITO[0], lw=1.1, ls="--", label="trust (0..1)"),
            Line2D([], [], color="#555555", lw=1.1, ls=":", label="structural baseline"),
            Line2D([], [], color="#7a0177", lw=1.3, ls="--", label="pre-reset level"),
            Line2D([], [], color="#444444", lw=0.7, ls=(0, (1, 2)), label="scheduled event"),
            Line2D([], [], marker="^", ls="", color="#009E73", label="deal ratified"),
            Line2D([], [], marker="v", ls="", color="#D55E00", label="blocked / rejected"),
            *(
                Line2D([], [], color=c, lw=1.1, label=label)
                for (label, _), c in zip(ghosts, GHOST_COLOURS, strict=False)
            ),
            *(Patch(color=c, alpha=0.45, label=p) for p, c in PHASE_COLOURS.items()),
        ]
        self.fig.legend(
            handles=handles,
            loc="lower center",
            ncol=3 if projector else 4,
            fontsize=6.5,
            frameon=False,
            handlelength=1.8,
            columnspacing=1.0,
        )
        self.dynamic = [
            self.bands,
            self.baseline,
            self.pre_reset,
            self.trust,
            self.line,
            self.ratified,
            self.blocked,
        ]

    def update(self, model: Any) -> None:
        """Bands, lines and marks up to the current month."""
        ts = model.timeseries_now()
        x = ts["month"].to_numpy()
        verts, colours = [], []
        for first, last, phase in phase_spans(ts["phase"].tolist()):
            x0, x1 = x[first] - 0.5, x[last - 1] + 0.5
            verts.append([(x0, -1.05), (x1, -1.05), (x1, 1.05), (x0, 1.05)])
            colours.append(PHASE_COLOURS.get(phase, "#cccccc"))
        self.bands.set_verts(verts)
        self.bands.set_facecolors(colours)
        relationship = ts["relationship"].to_numpy()
        self.baseline.set_data(x, ts["baseline"].to_numpy())
        self.trust.set_data(x, ts["trust"].to_numpy())
        self.line.set_data(x, relationship)
        self.pre_reset.set_segments(
            [
                [(row.start_month, row.pre_level), (x[-1], row.pre_level)]
                for row in model.resets().itertuples(index=False)
            ]
        )
        log = model.log_now()
        for artist, outcomes in ((self.ratified, ("ratified",)), (self.blocked, BLOCKING)):
            months = log.loc[log["outcome"].isin(outcomes), "month"].to_numpy(dtype=int)
            artist.set_data(months, relationship[months])

    @staticmethod
    def header(model: Any) -> str:
        """The month, its Giles phase and the relationship index, as text above the figure."""
        last = model.timeseries_now().iloc[-1]
        return (
            f"Relationship in {last['date']}: {last['phase']}, "
            f"index {last['relationship']:+.2f}, trust {last['trust']:.2f}"
        )


def scheduled_months(scenario: Any) -> list[int]:
    """Months (from the start) of the scenario's scheduled events, leader and structure changes."""
    dated = [*scenario.events, *scenario.leader_changes, *scenario.structure_changes]
    months = {month_index(item.date, scenario.start) for item in dated}
    return sorted(m for m in months if 0 <= m < int(scenario.months))


class StanceFigure(LiveFigure):
    """Each actor's stance now: US on the left, Russia on the right, grouped by family."""

    def __init__(self, model: Any) -> None:
        super().__init__(new_figure())
        rank = {f: i for i, f in enumerate(FAMILY_ORDER)}
        axes = self.fig.subplots(1, 2, sharex=True)
        self.fig.subplots_adjust(left=0.275, right=0.725, top=0.93, bottom=0.15, wspace=0.2)
        self.actors: dict[str, list[Any]] = {}
        self.bars: dict[str, Any] = {}
        for ax, side in zip(axes, ("US", "RU"), strict=True):
            # the roster's actor objects last the whole run (a new president replaces the
            # old one's name and values in place)
            actors = [a for a in model.roster if a.side == side]
            actors.sort(key=lambda a: rank.get(a.family, len(rank)))
            self.actors[side] = actors
            y = np.arange(len(actors))[::-1]
            labels = ["President" if a.family == "president" else _short(a.name) for a in actors]
            colours = [FAMILY_COLOURS.get(a.family, "#777777") for a in actors]
            bars = ax.barh(y, np.zeros(len(actors)), color=colours, height=0.7)
            for bar in bars:
                bar.set_animated(True)
            self.bars[side] = bars
            ax.axvline(0, color="#333333", lw=0.7)
            ax.set_yticks(y, labels, fontsize=7)
            ax.set_ylim(-0.6, len(actors) - 0.4)
            ax.set_xlim(-1, 1)
            ax.set_xticks([-1, -0.5, 0, 0.5, 1], ["-1", "", "0", "", "+1"], fontsize=7)
            ax.tick_params(axis="x", pad=2)
            ax.grid(axis="x", alpha=0.25)
            ax.set_title("United States" if side == "US" else "Russia", fontsize=8)
        axes[1].yaxis.tick_right()
        handles = [Patch(color=FAMILY_COLOURS[f], label=f) for f in FAMILY_ORDER]
        self.fig.legend(
            handles=handles,
            loc="lower center",
            ncol=4,
            fontsize=7,
            frameon=False,
            handlelength=1.2,
        )
        self.dynamic = [*self.bars["US"], *self.bars["RU"]]

    def update(self, model: Any) -> None:
        """Bar lengths and the presidents' names for the current month."""
        for side, actors in self.actors.items():
            for bar, actor in zip(self.bars[side], actors, strict=True):
                bar.set_width(float(actor.stance))

    @staticmethod
    def header(model: Any) -> str:
        """Who is president now, as text above the figure."""
        us, ru = model.presidents["US"].name, model.presidents["RU"].name
        return f"Stances now (-1 against, +1 for rapprochement); presidents {us} and {ru}"


class LeadersFigure(LiveFigure):
    """Both presidents' political capital and public prestige over time (Neustadt 1960)."""

    def __init__(self, model: Any) -> None:
        super().__init__(new_figure())
        sc = model.spec
        ax = self.fig.add_subplot()
        self.fig.subplots_adjust(left=0.095, right=0.98, top=0.97, bottom=0.18)
        month_axis(ax, horizon_dates(sc.start, int(sc.months)))
        ax.set_ylim(0, 1.02)
        self.lines = {}
        for side, ls in (("us", "-"), ("ru", "--")):
            for field, colour in (("capital", OKABE_ITO[0]), ("prestige", OKABE_ITO[1])):
                (line,) = ax.plot(
                    [],
                    [],
                    color=colour,
                    ls=ls,
                    lw=1.5,
                    animated=True,
                    label=f"{side.upper()} {field}",
                )
                self.lines[f"{side}_{field}"] = line
        self.fig.legend(
            handles=list(self.lines.values()),
            loc="lower center",
            ncol=4,
            fontsize=7,
            frameon=False,
            handlelength=2.0,
        )
        self.dynamic = list(self.lines.values())

    def update(self, model: Any) -> None:
        """Lines up to the current month; the title names the presidents in office."""
        ts = model.timeseries_now()
        x = ts["month"].to_numpy()
        for column, line in self.lines.items():
            line.set_data(x, ts[column].to_numpy())

    @staticmethod
    def header(model: Any) -> str:
        """The presidents' capital and prestige now, as text above the figure."""
        us, ru = model.presidents["US"], model.presidents["RU"]
        return (
            f"Presidents' capital and prestige: {us.name} (US, solid) {us.capital:.2f} / "
            f"{us.prestige:.2f}, {ru.name} (RU, dashed) {ru.capital:.2f} / {ru.prestige:.2f}"
        )


class ImplementationFigure(LiveFigure):
    """Implementation promised and delivered over time; the gap between them is shaded.

    The gap is split in two: work withheld by agencies that oppose the deal (Halperin's
    foot-dragging) and work lost to routine slowness (inertia), as the model books it.
    """

    def __init__(self, model: Any) -> None:
        super().__init__(new_figure())
        sc = model.spec
        self.ax = ax = self.fig.add_subplot()
        self.fig.subplots_adjust(left=0.095, right=0.98, top=0.97, bottom=0.25)
        month_axis(ax, horizon_dates(sc.start, int(sc.months)))
        self.top = 0.2
        ax.set_ylim(0, self.top)
        self.routine = PolyCollection([], color=OKABE_ITO[1], alpha=0.35, lw=0, animated=True)
        self.gap = PolyCollection([], color=OKABE_ITO[5], alpha=0.35, lw=0, animated=True)
        ax.add_collection(self.routine)
        ax.add_collection(self.gap)
        (self.promised,) = ax.plot([], [], color="#000000", lw=1.3, ls="--", animated=True)
        (self.delivered,) = ax.plot([], [], color=OKABE_ITO[2], lw=1.8, animated=True)
        handles = [
            Patch(color="#000000", label="promised"),
            Patch(color=OKABE_ITO[2], label="delivered"),
            Patch(color=OKABE_ITO[5], alpha=0.45, label="withheld by opposition"),
            Patch(color=OKABE_ITO[1], alpha=0.45, label="lost to routine slowness"),
        ]
        self.fig.legend(handles=handles, loc="lower center", ncol=2, fontsize=7, frameon=False)
        self.dynamic = [self.routine, self.gap, self.promised, self.delivered]

    def update(self, model: Any) -> None:
        """Lines and the gap up to the current month; grow the y axis if needed."""
        ts = model.timeseries_now()
        x = ts["month"].to_numpy().astype(float)
        promised = ts["promised"].to_numpy()
        delivered = ts["delivered"].to_numpy()
        peak = float(max(promised.max(initial=0.0), delivered.max(initial=0.0)))
        if peak > self.top / 1.1:
            self.top = float(np.ceil(peak * 1.25 * 10) / 10)
            self.ax.set_ylim(0, self.top)
            self.invalidate()
        self.promised.set_data(x, promised)
        self.delivered.set_data(x, delivered)
        upper = np.maximum(promised, delivered)
        middle = np.clip(upper - ts["withheld"].to_numpy(), delivered, upper)
        self.routine.set_verts([band(x, delivered, middle)])
        self.gap.set_verts([band(x, middle, upper)])

    @staticmethod
    def header(model: Any) -> str:
        """Deals in force and the share of promised implementation delivered so far."""
        last = model.timeseries_now().iloc[-1]
        promised, delivered = float(last["promised"]), float(last["delivered"])
        share = f"{delivered / promised:.0%} of what was promised" if promised > 0 else "nothing"
        return f"Deals in implementation: {int(last['deals_active'])}; delivered so far: {share}"
