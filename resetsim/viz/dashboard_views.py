"""The dashboard's views: live figures, the decision-log feed, the scoreboard and the spread.

The figures are drawn by :mod:`resetsim.viz.dashboard_figures` (once per run in full, then
only their data each month); these solara components show them with a line of text above,
and show the decision log (newest first, in the model's own sentences, the numbers on
hover), one scoreboard row per run (:mod:`resetsim.viz.scoreboard`) and the spread of the
scoreboard's figures over 20 seeds for the current knobs beside the setting before.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import reacton.ipywidgets as rw
import solara

from resetsim.viz.dashboard_figures import (
    ImplementationFigure,
    LeadersFigure,
    RelationshipFigure,
    StanceFigure,
)
from resetsim.viz.live_figure import LiveFigure
from resetsim.viz.scoreboard import SCORE_LABELS, spread_summary

__all__ = [
    "DecisionFeed",
    "ImplementationView",
    "LeadersView",
    "RelationshipView",
    "Scoreboard",
    "SpreadView",
    "StanceView",
    "feed_entries",
    "html_table",
    "log_entries",
    "move_entries",
    "scoreboard_rows",
    "spread_cell",
    "spread_rows",
]

#: tallest a small figure may be shown, in CSS pixels
MAX_IMAGE_PX = 355
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
    "withdrawn": "#D55E00",
    "hostile move": "#D55E00",
    "cooperative move": "#009E73",
}


def log_entries(log: pd.DataFrame, limit: int = FEED_LIMIT) -> list[tuple[str, str, str, str, str]]:
    """The newest ``limit`` log rows as ``(date, side, outcome, reason, numbers)``, newest first.

    ``numbers`` is the roll call and the blocker, if any, for a hover text.
    """
    rows = log.iloc[::-1].head(limit)
    out = []
    for r in rows.itertuples(index=False):
        numbers = [f"proposal {r.proposal}", f"instrument {r.instrument}"]
        if int(r.votes_yes) or int(r.votes_no):
            numbers.append(f"votes {int(r.votes_yes)} for, {int(r.votes_no)} against")
        if r.blocked_by:
            numbers.append(f"blocked by {r.blocked_by}")
        out.append((str(r.date), str(r.side), str(r.outcome), str(r.reason), "; ".join(numbers)))
    return out


# ---------------------------------------------------------------------- live figures
def _live_image(
    model: Any,
    month: int,
    header: Callable[[Any], str],
    build: Callable[[], LiveFigure],
    max_px: int = MAX_IMAGE_PX,
    variant: str = "",
) -> Any:
    painter = solara.use_memo(build, [id(model), variant])
    png = solara.use_memo(lambda: painter.render(model), [id(model), month, variant])
    with solara.Column(gap="0px", classes=["resetsim-view"]) as column:
        solara.Text(
            header(model),
            classes=["resetsim-view-header"],
            style={"font-size": "13px", "font-weight": "600", "padding": "0 4px"},
        )
        rw.Image(
            value=png,
            format="png",
            layout={"width": "100%", "max_height": f"{max_px}px", "object_fit": "contain"},
        )
    return column


@solara.component
def RelationshipView(
    model: Any,
    month: int,
    ghosts: Sequence[tuple[str, Any]] = (),
    max_px: int = 480,
    projector: bool = False,
) -> Any:
    """Relationship over time with phase colours, reference marks and earlier runs."""
    return _live_image(
        model,
        month,
        RelationshipFigure.header,
        lambda: RelationshipFigure(model, ghosts, projector),
        max_px,
        "projector" if projector else "",
    )


@solara.component
def StanceView(model: Any, month: int) -> Any:
    """Each actor's stance now."""
    return _live_image(model, month, StanceFigure.header, lambda: StanceFigure(model))


@solara.component
def LeadersView(model: Any, month: int) -> Any:
    """Presidents' capital and prestige over time."""
    return _live_image(model, month, LeadersFigure.header, lambda: LeadersFigure(model))


@solara.component
def ImplementationView(model: Any, month: int) -> Any:
    """Implementation promised vs delivered."""
    return _live_image(
        model, month, ImplementationFigure.header, lambda: ImplementationFigure(model)
    )


def move_entries(events: pd.DataFrame, limit: int = FEED_LIMIT) -> list[tuple]:
    """The newest ``limit`` actors' moves as feed entries ``(date, side, kind, sentence, numbers)``.

    The sentence names the move it answers, if any (``ResetModel.events()``); ``kind`` is
    ``"hostile move"`` or ``"cooperative move"``.
    """
    moves = events[events["origin"] == "actor"].iloc[::-1].head(limit)
    out = []
    for r in moves.itertuples(index=False):
        numbers = [f"actor {r.actor}", f"severity {r.severity:.2f}"]
        if not pd.isna(r.responds_to):
            numbers.append(f"answers event {int(r.responds_to)}")
        kind = f"{r.direction} move"
        out.append((str(r.date), str(r.side), kind, f"{r.event}.", "; ".join(numbers)))
    return out


def feed_entries(log: pd.DataFrame, events: pd.DataFrame, limit: int = FEED_LIMIT) -> list[tuple]:
    """Decision-log entries and actors' moves together, newest first, at most ``limit``.

    Within a month, decisions come before the moves (``sorted`` is stable).
    """
    merged = log_entries(log, limit) + move_entries(events, limit)
    return sorted(merged, key=lambda entry: entry[0], reverse=True)[:limit]


# ---------------------------------------------------------------------- text views
@solara.component
def DecisionFeed(
    model: Any,
    month: int,
    font_px: float = 12.5,
    height_px: int = 420,
    empty: str = "press Step or ▶ (the first proposals come after a few months)",
) -> Any:
    """Decisions and actors' moves, newest first, one plain sentence each, numbers on hover.

    ``empty`` says what to do while the log is empty.
    """
    log = model.log_now()
    events = model.events_now()
    entries = feed_entries(log, events)
    items = []
    for date, side, outcome, reason, numbers in entries:
        colour = _OUTCOME_COLOURS.get(outcome, "#555555")
        items.append(
            f'<li class="resetsim-log-entry" style="margin-bottom:3px" '
            f'title="{html.escape(numbers)}">'
            f'<span style="color:#666">{html.escape(date)} {html.escape(side)}</span> '
            f'<b style="color:{colour}">{html.escape(outcome.replace("_", " "))}</b>: '
            f"{html.escape(reason)}</li>"
        )
    if not items:
        items.append(
            f'<li class="resetsim-log-empty">Nothing proposed yet: {html.escape(empty)}.</li>'
        )
    moves = int((events["origin"] == "actor").sum())
    total = len(log) + moves
    title = "Decisions and actors' moves" if moves else "Decision log"
    more = f", the newest {len(entries)} shown" if total > len(entries) else ""
    body = (
        f'<div class="resetsim-log" style="font-size:{font_px}px;line-height:1.35">'
        f'<div style="font-weight:600;margin-bottom:4px">{title}: '
        f'<span class="resetsim-log-count">{total}</span> entries, newest first{more}</div>'
        f'<ul style="margin:0;padding-left:1.2em;max-height:{height_px}px;'
        f'overflow-y:auto">{"".join(items)}</ul></div>'
    )
    return solara.HTML(tag="div", unsafe_innerHTML=body)


def _cell(name: str, value: Any) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "none" if name == "months_above_pre_reset" else "–"
    if name == "delivered_share":
        return f"{value:.0%}"
    return str(value) if value != "" else "nobody"


def scoreboard_rows(runs: Sequence[Any], current: Any) -> list[dict[str, str]]:
    """Scoreboard rows, newest first: the run on screen (so far), then the runs kept."""
    rows = []
    for record, now in [(current, True), *((r, False) for r in reversed(runs))]:
        row = {
            "run": f"{record.number}{' (on screen)' if now else ''}",
            "scenario, seed": f"{record.scenario}, {record.seed}",
            "setting": record.setting,
            "months run": str(record.months),
        }
        row.update({label: _cell(k, record.scores[k]) for k, label in SCORE_LABELS.items()})
        rows.append(row)
    return rows


def html_table(rows: Sequence[Mapping[str, Any]], css: str, font_px: float = 12) -> str:
    """``rows`` (column -> value, the first row's keys as headings) as an HTML table.

    Every value is escaped; ``css`` is the table's class; empty ``rows`` give "".
    """
    if not rows:
        return ""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in rows[0])
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row.values()) + "</tr>"
        for row in rows
    )
    return (
        f"<style>.{css} th,.{css} td{{border-bottom:1px solid #ddd;padding:2px 6px;"
        f"text-align:left;vertical-align:top}}</style>"
        f'<table class="{css}" style="border-collapse:collapse;font-size:{font_px}px;width:100%">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


@solara.component
def Scoreboard(runs: Sequence[Any], current: Any) -> Any:
    """One row per run: what it decided, what it delivered, how long it lasted."""
    body = (
        '<div style="font-weight:600;font-size:13px;margin-bottom:4px">Scoreboard: '
        "deciding (ratified, blocked, delivered) and lasting (months above baseline and "
        "above the pre-reset level, first crisis)</div>"
        + html_table(scoreboard_rows(runs, current), "resetsim-scoreboard")
    )
    return solara.HTML(tag="div", unsafe_innerHTML=body)


def spread_cell(summary: pd.DataFrame, name: str) -> str:
    """One figure of a :func:`~resetsim.viz.scoreboard.spread_summary` as "median (p10-p90)"."""
    if name == "runs_with_crisis":
        row = summary.loc[name]
        return f"{int(row['median'])} of {int(row['runs'])}"
    row = summary.loc[name]
    if math.isnan(row["median"]):
        return "–"
    fmt = "{:.0f}"
    if name == "delivered_share":
        fmt = "{:.0%}"
    elif name in ("ratified", "blocked"):
        fmt = "{:.1f}"
    return f"{fmt.format(row['median'])} ({fmt.format(row['p10'])}–{fmt.format(row['p90'])})"


SPREAD_LABELS = {
    "ratified": "ratified",
    "blocked": "blocked or rejected",
    "delivered_share": "share delivered",
    "months_above_baseline": "months above baseline",
    "months_above_pre_reset": "months above pre-reset level",
    "first_crisis_month": "months to first crisis (runs with one)",
    "runs_with_crisis": "runs with a crisis",
}


def spread_rows(spreads: Sequence[Any]) -> list[dict[str, str]]:
    """One row per figure, one column per kept setting: median (10th–90th percentile)."""
    summaries = [(record.label, spread_summary(record.runs)) for record in spreads]
    return [
        {"figure": label, **{title: spread_cell(s, name) for title, s in summaries}}
        for name, label in SPREAD_LABELS.items()
    ]


@solara.component
def SpreadView(spreads: Sequence[Any], on_run: Callable[[], None], busy: bool) -> Any:
    """The "run 20 seeds" button and the spread of the figures, newest setting first."""
    with solara.Column(gap="4px", classes=["resetsim-spread"]) as column:
        solara.Button(
            "Run 20 seeds", color="secondary", on_click=on_run, disabled=busy, outlined=True
        )
        if busy:
            solara.Text("running seeds 0-19 ...")
        if spreads:
            rows = spread_rows(list(reversed(spreads)))
            body = (
                '<div style="font-size:12px;color:#444">Seeds 0-19 with the knobs as set: '
                "median (10th–90th percentile); the column after the first is the setting "
                "run before.</div>" + html_table(rows, "resetsim-spread-table")
            )
            solara.HTML(tag="div", unsafe_innerHTML=body)
    return column
