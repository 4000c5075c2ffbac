"""The dashboard's live views: four small matplotlib figures and the decision-log feed.

The model steps in well under a millisecond; drawing is what costs (on a small machine a
full matplotlib draw of one of these figures takes 50-200 ms, mostly laying out tick labels
and legends). So each figure is drawn in full once per model, with its axes, ticks and legend
and without its data; each month only the data artists (lines, bars, phase bands) are drawn
over a saved copy of that background (matplotlib "blitting"), and the pixels are encoded as a
quickly compressed PNG. Text that changes every month (date, phase, presidents' names) is an
HTML line above each figure. A figure is redrawn in full only when its scale must grow (the
implementation panel's y axis). On a busy 2-core machine a month costs about 10 ms per
figure.

Views:

* relationship and trust over time on Giles-phase bands (Giles; ``palette.PHASE_COLOURS``);
* each actor's stance now, grouped by family, the US on the left and Russia on the right
  (Allison & Halperin 1972: where you stand depends on where you sit);
* both presidents' political capital and public prestige over time (Neustadt 1960);
* implementation promised and delivered; the gap is slow-rolling (Neustadt 1960: orders are
  not self-executing), split into work withheld by opposition (Halperin 1974) and work lost
  to routine slowness (Allison 1971);
* the decision log, newest first, in the model's own sentences.
"""

from __future__ import annotations

import html
import io
from typing import Any

import numpy as np
import pandas as pd
import reacton.ipywidgets as rw
import solara
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from PIL import Image

from resetsim.viz.palette import OKABE_ITO, PHASE_COLOURS
from resetsim.viz.runplot import phase_spans

__all__ = [
    "FAMILY_COLOURS",
    "FAMILY_ORDER",
    "DecisionFeed",
    "ImplementationFigure",
    "ImplementationView",
    "LeadersFigure",
    "LeadersView",
    "LiveFigure",
    "RelationshipFigure",
    "RelationshipView",
    "StanceFigure",
    "StanceView",
    "horizon_dates",
    "log_entries",
]

FIGSIZE = (4.6, 3.3)
DPI = 110
#: tallest an image may be shown, in CSS pixels (Mesa's grid tiles are 390 px high)
MAX_IMAGE_PX = 355
FAMILY_ORDER = ("president", "bureaucracy", "legislature", "public")
FAMILY_COLOURS = {
    "president": OKABE_ITO[0],
    "bureaucracy": OKABE_ITO[1],
    "legislature": OKABE_ITO[2],
    "public": OKABE_ITO[3],
}
FEED_LIMIT = 60
_OUTCOME_COLOURS = {
    "tabled": "#555555",
    "adopted": "#0072B2",
    "ratified": "#009E73",
    "implemented": "#009E73",
    "rejected": "#D55E00",
    "blocked": "#D55E00",
    "reversed": "#D55E00",
    "slow_rolled": "#B35C00",
}


def _short(name: str, width: int = 18) -> str:
    return name if len(name) <= width else name[: width - 1].rstrip() + "…"


def horizon_dates(start: str, horizon: int) -> list[str]:
    """``YYYY-MM`` labels for months ``0 .. horizon-1`` from ``start`` (``YYYY-MM``)."""
    first = int(start[:4]) * 12 + int(start[5:7]) - 1
    return [f"{(first + i) // 12:04d}-{(first + i) % 12 + 1:02d}" for i in range(horizon)]


def _month_axis(ax: Any, dates: list[str]) -> None:
    """Calendar ticks over the whole scenario horizon, so that the view never rescales."""
    horizon = len(dates)
    step = 24 if horizon > 180 else 12 if horizon > 60 else 6 if horizon > 24 else 3
    ticks = list(range(0, horizon, step))
    labels = [dates[t][:4] if step >= 12 else dates[t] for t in ticks]
    ax.set_xticks(ticks, labels, fontsize=7.5)
    ax.set_xlim(-0.5, horizon - 0.5)
    ax.tick_params(axis="y", labelsize=7.5)
    ax.grid(alpha=0.25)


class LiveFigure:
    """A figure drawn in full once, then only its data artists each month (blitting).

    Subclasses build the figure in ``__init__`` (creating data artists with
    ``animated=True``, which a full draw leaves out) and set ``self.dynamic``; ``update``
    moves the data artists to the model's current state.
    """

    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        self.canvas = FigureCanvasAgg(fig)
        self.dynamic: list[Any] = []
        self._background: Any = None

    def update(self, model: Any) -> None:
        """Move the data artists to ``model``'s current month."""
        raise NotImplementedError

    @staticmethod
    def header(model: Any) -> str:
        """A line of text shown above the figure (cheaper as HTML than drawn in it)."""
        return ""

    def invalidate(self) -> None:
        """Ask for a full redraw at the next render (after a change of scale)."""
        self._background = None

    def render(self, model: Any) -> bytes:
        """Update to ``model`` and return the figure as PNG bytes."""
        self.update(model)
        if self._background is None:
            self.canvas.draw()  # everything but the animated data artists
            self._background = self.canvas.copy_from_bbox(self.fig.bbox)
        else:
            self.canvas.restore_region(self._background)
        renderer = self.canvas.get_renderer()
        for artist in self.dynamic:
            artist.draw(renderer)
        width, height = self.canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba())
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


def _band(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Polygon vertices of the band between ``low`` and ``high`` over ``x``."""
    return np.column_stack([np.r_[x, x[::-1]], np.r_[high, low[::-1]]])


def _new_figure() -> Figure:
    return Figure(figsize=FIGSIZE, dpi=DPI)


class RelationshipFigure(LiveFigure):
    """Relationship and trust so far, on bands coloured by Giles phase."""

    def __init__(self, model: Any) -> None:
        super().__init__(_new_figure())
        sc = model.spec
        self.dates = horizon_dates(sc.start, int(sc.months))
        ax = self.fig.add_subplot()
        self.fig.subplots_adjust(left=0.095, right=0.98, top=0.97, bottom=0.18)
        ax.axhline(0, color="#999999", lw=0.6)
        ax.axhline(float(model.baseline), color="#555555", lw=0.9, ls=":")
        _month_axis(ax, self.dates)
        ax.set_ylim(-1.05, 1.05)
        self.bands = PolyCollection([], alpha=0.35, lw=0, animated=True)
        ax.add_collection(self.bands)
        (self.trust,) = ax.plot([], [], color=OKABE_ITO[0], lw=1.2, ls="--", animated=True)
        (self.line,) = ax.plot([], [], color="#000000", lw=1.8, animated=True)
        handles = [
            Patch(color="#000000", label="relationship"),
            Patch(color=OKABE_ITO[0], label="trust (0..1)"),
            *(Patch(color=c, alpha=0.5, label=p) for p, c in PHASE_COLOURS.items()),
        ]
        self.fig.legend(
            handles=handles,
            loc="lower center",
            ncol=4,
            fontsize=7,
            frameon=False,
            handlelength=1.2,
            columnspacing=1.0,
        )
        self.dynamic = [self.bands, self.trust, self.line]

    def update(self, model: Any) -> None:
        """Bands, lines and title up to the current month."""
        ts = model.timeseries_now()
        x = ts["month"].to_numpy()
        verts, colours = [], []
        for first, last, phase in phase_spans(ts["phase"].tolist()):
            x0, x1 = x[first] - 0.5, x[last - 1] + 0.5
            verts.append([(x0, -1.05), (x1, -1.05), (x1, 1.05), (x0, 1.05)])
            colours.append(PHASE_COLOURS.get(phase, "#cccccc"))
        self.bands.set_verts(verts)
        self.bands.set_facecolors(colours)
        self.trust.set_data(x, ts["trust"].to_numpy())
        self.line.set_data(x, ts["relationship"].to_numpy())

    @staticmethod
    def header(model: Any) -> str:
        """The month, its Giles phase and the relationship index, as text above the figure."""
        last = model.timeseries_now().iloc[-1]
        return (
            f"Relationship in {last['date']}: {last['phase']}, "
            f"index {last['relationship']:+.2f}, trust {last['trust']:.2f}"
        )


class StanceFigure(LiveFigure):
    """Each actor's stance now: US on the left, Russia on the right, grouped by family."""

    def __init__(self, model: Any) -> None:
        super().__init__(_new_figure())
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
        super().__init__(_new_figure())
        sc = model.spec
        ax = self.fig.add_subplot()
        self.fig.subplots_adjust(left=0.095, right=0.98, top=0.97, bottom=0.18)
        _month_axis(ax, horizon_dates(sc.start, int(sc.months)))
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
        super().__init__(_new_figure())
        sc = model.spec
        self.ax = ax = self.fig.add_subplot()
        self.fig.subplots_adjust(left=0.095, right=0.98, top=0.97, bottom=0.25)
        _month_axis(ax, horizon_dates(sc.start, int(sc.months)))
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
        self.routine.set_verts([_band(x, delivered, middle)])
        self.gap.set_verts([_band(x, middle, upper)])

    @staticmethod
    def header(model: Any) -> str:
        """Deals in force and the share of promised implementation delivered so far."""
        last = model.timeseries_now().iloc[-1]
        promised, delivered = float(last["promised"]), float(last["delivered"])
        share = f"{delivered / promised:.0%} of what was promised" if promised > 0 else "nothing"
        return f"Deals in implementation: {int(last['deals_active'])}; delivered so far: {share}"


def log_entries(log: pd.DataFrame, limit: int = FEED_LIMIT) -> list[tuple[str, str, str, str]]:
    """The newest ``limit`` decision-log rows as ``(date, side, outcome, reason)``, newest first."""
    rows = log.iloc[::-1].head(limit)
    return [
        (str(r.date), str(r.side), str(r.outcome), str(r.reason))
        for r in rows.itertuples(index=False)
    ]


# ---------------------------------------------------------------------- solara views
def _live_image(model: Any, month: int, cls: type[LiveFigure]) -> Any:
    painter = solara.use_memo(lambda: cls(model), [id(model)])
    png = solara.use_memo(lambda: painter.render(model), [id(model), month])
    with solara.Column(gap="0px", classes=["resetsim-view"]) as column:
        solara.Text(
            cls.header(model),
            classes=["resetsim-view-header"],
            style={"font-size": "13px", "font-weight": "600", "padding": "0 4px"},
        )
        rw.Image(
            value=png,
            format="png",
            layout={"width": "100%", "max_height": f"{MAX_IMAGE_PX}px", "object_fit": "contain"},
        )
    return column


@solara.component
def RelationshipView(model: Any, month: int) -> Any:
    """Relationship over time with phase colours."""
    return _live_image(model, month, RelationshipFigure)


@solara.component
def StanceView(model: Any, month: int) -> Any:
    """Each actor's stance now."""
    return _live_image(model, month, StanceFigure)


@solara.component
def LeadersView(model: Any, month: int) -> Any:
    """Presidents' capital and prestige over time."""
    return _live_image(model, month, LeadersFigure)


@solara.component
def ImplementationView(model: Any, month: int) -> Any:
    """Implementation promised vs delivered."""
    return _live_image(model, month, ImplementationFigure)


@solara.component
def DecisionFeed(model: Any, month: int) -> Any:
    """The decision log, newest first, one plain sentence per entry."""
    log = model.log_now()
    entries = log_entries(log)
    items = []
    for date, side, outcome, reason in entries:
        colour = _OUTCOME_COLOURS.get(outcome, "#555555")
        items.append(
            f'<li class="resetsim-log-entry" style="margin-bottom:3px">'
            f'<span style="color:#666">{html.escape(date)} {html.escape(side)}</span> '
            f'<b style="color:{colour}">{html.escape(outcome.replace("_", " "))}</b>: '
            f"{html.escape(reason)}</li>"
        )
    if not items:
        items.append(
            '<li class="resetsim-log-empty">Nothing proposed yet: press Step or ▶ '
            "(the first proposals come after a few months).</li>"
        )
    more = f", the newest {len(entries)} shown" if len(log) > len(entries) else ""
    body = (
        '<div class="resetsim-log" style="font-size:12.5px;line-height:1.35">'
        '<div style="font-weight:600;margin-bottom:4px">Decision log: '
        f'<span class="resetsim-log-count">{len(log)}</span> entries, newest first{more}</div>'
        f'<ul style="margin:0;padding-left:1.2em;max-height:{MAX_IMAGE_PX - 30}px;'
        f'overflow-y:auto">{"".join(items)}</ul></div>'
    )
    return solara.HTML(tag="div", unsafe_innerHTML=body)
