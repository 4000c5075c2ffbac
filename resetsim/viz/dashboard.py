"""The classroom dashboard: a solara app of one reset, with Neustadt's knobs and a debrief.

Run it offline with ``resetsim dashboard`` (or ``python -m resetsim.viz.serve`` on this
file). Solara imports this file and renders its ``Page`` component once per browser session,
so every student's tab has its own :class:`~resetsim.viz.dashboard_session.DashboardSession`.

The sidebar holds the scenario picker (the library's names only, checked on the server),
Reset / ▶ / Step, a "changed - press Reset" badge, the readout of the run on screen, presets
and the knobs, each a full-width slider with a number box. The main area shows the
relationship (earlier runs as ghost lines) beside the decision log, the scoreboard, the
spread over 20 seeds, the two-level game and the actors' stances, the presidents' resources
and implementation. Projector mode shows only the relationship and the log, in large type.

The controls are the dashboard's own rather than Mesa's SolaraViz controller: Reset must
follow the picker, a finished run must not lock the controls, and Mesa's internal settings
("Render Interval", "Use Threads") are not for students.
"""

from __future__ import annotations

import time
from typing import Any

import solara
import solara.lab

from resetsim.viz.dashboard_controls import KnobPanel, PresetBar, ScenarioCard
from resetsim.viz.dashboard_session import DashboardSession
from resetsim.viz.dashboard_views import (
    DecisionFeed,
    ImplementationView,
    LeadersView,
    RelationshipView,
    Scoreboard,
    SpreadView,
    StanceView,
)
from resetsim.viz.ratification import RatificationView

__all__ = [
    "MAX_SKIP",
    "PLAY_INTERVAL_S",
    "TITLE",
    "Page",
    "ParameterReadout",
    "months_per_frame",
    "page",
]

TITLE = "resetsim: can a president make a reset last?"
#: seconds between months when playing
PLAY_INTERVAL_S = 0.15
#: most months a slow machine may step between two drawings while playing
MAX_SKIP = 6
_CSS = """
.resetsim-changed { background:#e69f00; color:#000; border-radius:4px; padding:1px 8px;
  font-weight:600; font-size:12.5px; display:inline-block; }
.resetsim-projector .resetsim-view-header { font-size: 26px !important; }
.v-navigation-drawer { width: 380px !important; }
"""


@solara.component
def ParameterReadout(model: Any) -> Any:
    """The parameters of the run on screen, as the model sees them (after Reset)."""
    sc = model.spec
    knobs = model.knobs_now()
    us = next(p for p in sc.presidents if p.side == "US")
    other = sc.declared_sides[1]  # Russia, or the other country of a case
    ru = next(p for p in sc.presidents if p.side == other.id)
    lines = [
        f"Scenario {sc.name}, seed {model.seed}",
        f"US president {us.name}: capital {knobs['capital']:.2f}, "
        f"reputation {knobs['reputation']:.2f}, prestige {knobs['prestige']:.2f}, "
        f"command share {knobs['command_share']:.2f}",
        f"Congress hawkishness {knobs['hawkishness']:.2f}, "
        f"bureaucratic inertia {knobs['inertia']:.2f}",
        f"{other.adjective} president {ru.name}: capital {knobs['ru_capital']:.2f}, command "
        f"share {knobs['ru_command_share']:.2f}; {other.adjective} legislature hawkishness "
        f"{knobs['duma_hawkishness']:.2f}",
        f"Worldview gap {knobs['worldview_gap']:.2f}, trade {knobs['trade_share']:.4f} of US GDP",
    ]
    with solara.Column(gap="2px", classes=["resetsim-readout"]) as column:
        for line in lines:
            solara.Text(line, style={"font-size": "12.5px"})
    return column


@solara.component
def Controls(
    session: DashboardSession, playing: solara.Reactive[bool], refresh: Any, version: int
) -> Any:
    """Reset, play/pause and Step, the month, and the "changed - press Reset" badge.

    ``version`` changes whenever the session does, so that the controls are drawn again.
    """
    model = session.model

    def reset() -> None:
        playing.set(False)
        session.reset()
        refresh()

    def step() -> None:
        session.step()
        refresh()

    with solara.Column(gap="6px") as column:
        with solara.Row(justify="space-between"):
            solara.Button("Reset", color="primary", on_click=reset)
            solara.Button(
                "❚❚" if playing.value else "▶",
                color="primary",
                on_click=lambda: playing.set(not playing.value),
                disabled=session.finished,
            )
            solara.Button(
                "Step", color="primary", on_click=step, disabled=playing.value or session.finished
            )
        with solara.Row(gap="10px", style={"align-items": "center"}):
            solara.Text(f"Step: {model.month}", classes=["resetsim-step"])
            solara.Text(f"{model.date} of {model.spec.months} months")
            if session.finished:
                solara.Text("finished", style={"color": "#555"})
        if session.changed():
            solara.Text("changed - press Reset", classes=["resetsim-changed"])
    return column


def months_per_frame(draw_seconds: float) -> int:
    """Months to step before the next drawing, so that playing keeps its pace on a slow machine.

    One month per frame while drawing takes less than the play interval; when it takes
    longer, as many months as the interval would have shown, at most :data:`MAX_SKIP`.
    """
    return int(min(MAX_SKIP, max(1, draw_seconds // PLAY_INTERVAL_S)))


@solara.component
def Page() -> None:
    """One browser session: the controls in the sidebar, the views in the main area."""
    session = solara.use_memo(DashboardSession, [])
    tick = solara.use_reactive(0)
    playing = solara.use_reactive(False)
    projector = solara.use_reactive(False)

    def refresh() -> None:
        tick.value += 1

    def play_loop() -> None:
        months = 1
        while playing.value:
            time.sleep(PLAY_INTERVAL_S)
            started = time.monotonic()
            for _ in range(months):
                if not session.step():
                    playing.value = False
                    break
            refresh()
            months = months_per_frame(time.monotonic() - started)

    solara.lab.use_task(play_loop, dependencies=[playing.value], prefer_threaded=True)

    def pick(value: Any) -> None:
        playing.set(False)
        session.pick(value)
        refresh()

    def run_seeds() -> None:
        session.spread()
        refresh()

    # in a worker thread, so that the page says "running" while the 20 runs go
    seeds_task = solara.lab.use_task(run_seeds, dependencies=None, prefer_threaded=True)

    version = tick.get()  # read, so that a refresh re-renders the page
    model = session.model
    month = model.month
    ghosts = tuple((r.label, r.relationship) for r in session.ghosts())
    solara.Title("resetsim dashboard")
    solara.Style(_CSS)
    with solara.AppBar():
        solara.AppBarTitle(TITLE)
        solara.Switch(label="Projector mode", value=projector)
    with solara.Sidebar():
        ScenarioCard(session, pick, version)
        with solara.Card(margin=0, classes=["resetsim-controls"]):
            Controls(session, playing, refresh, version)
            ParameterReadout(model)
        PresetBar(session, refresh, version)
        KnobPanel(session, refresh, version)
    if projector.value:
        with solara.Columns([1, 1], classes=["resetsim-projector"]):
            RelationshipView(model, month, ghosts, max_px=760, projector=True)
            DecisionFeed(model, month, font_px=22, height_px=720)
        return
    with solara.Columns([3, 2]):
        RelationshipView(model, month, ghosts)
        DecisionFeed(model, month)
    Scoreboard(session.runs, session.current())
    with solara.Columns([1, 1]):
        SpreadView(session.spreads, seeds_task, seeds_task.pending)
        RatificationView(model, month)
    with solara.Columns([1, 1, 1]):
        StanceView(model, month)
        LeadersView(model, month)
        ImplementationView(model, month)


page = Page
