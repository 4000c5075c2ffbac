"""The classroom dashboard: a Mesa SolaraViz app of one reset, with Neustadt's knobs.

Run it offline with ``resetsim dashboard`` (or ``python -m resetsim.viz.serve`` on this
file). Solara imports this file and renders its ``Page`` component once per browser session,
so every student's tab has its own model.

The sidebar holds a scenario picker (every shipped scenario, read when the page opens), a
readout of the parameters of the run on screen, Mesa's own Step / ▶ / Reset controls and the
sliders: the US president's political capital, professional reputation and public prestige
(Neustadt's three sources of the power to persuade) and command share, Congress's
hawkishness, bureaucratic inertia, the worldview gap, trade interdependence (the shock
absorber) and the seed. As in every SolaraViz app, a slider takes effect on Reset; picking a
scenario starts a new run at once, with the sliders at that scenario's own values.
"""

from __future__ import annotations

from typing import Any

import solara
from mesa.visualization import SolaraViz

from resetsim.scenario import ScenarioError, list_scenarios
from resetsim.viz.dashboard_model import DEFAULT_SCENARIO, DashboardModel, model_params
from resetsim.viz.dashboard_views import (
    DecisionFeed,
    ImplementationView,
    LeadersView,
    RelationshipView,
    StanceView,
)

__all__ = ["TITLE", "Page", "ParameterReadout", "page"]

TITLE = "resetsim: can a president make a reset last?"


def _relationship(model: Any) -> Any:
    return RelationshipView(model=model, month=model.month)


def _stances(model: Any) -> Any:
    return StanceView(model=model, month=model.month)


def _leaders(model: Any) -> Any:
    return LeadersView(model=model, month=model.month)


def _implementation(model: Any) -> Any:
    return ImplementationView(model=model, month=model.month)


def _feed(model: Any) -> Any:
    return DecisionFeed(model=model, month=model.month)


# Mesa lays these out two per row, in this order: the relationship next to the log that
# explains it, then who stands where and the presidents' resources, then implementation.
COMPONENTS = [_relationship, _feed, _stances, _leaders, _implementation]


@solara.component
def ParameterReadout(model: Any) -> Any:
    """The parameters of the run on screen, as the model sees them (after Reset)."""
    sc = model.spec
    knobs = model.knobs_now()
    us = next(p for p in sc.presidents if p.side == "US")
    lines = [
        f"Scenario {sc.name}, seed {model.seed}",
        f"US president {us.name}: capital {knobs['capital']:.2f}, "
        f"reputation {knobs['reputation']:.2f}, prestige {knobs['prestige']:.2f}, "
        f"command share {knobs['command_share']:.2f}",
        f"Congress hawkishness {knobs['hawkishness']:.2f}, "
        f"bureaucratic inertia {knobs['inertia']:.2f}",
        f"Worldview gap {knobs['worldview_gap']:.2f}, trade {knobs['trade_share']:.4f} of US GDP",
    ]
    with solara.Column(gap="2px", classes=["resetsim-readout"]) as column:
        for line in lines:
            solara.Text(line, style={"font-size": "12.5px"})
    return column


@solara.component
def Page() -> None:
    """One browser session: a scenario picker, the readout and Mesa's SolaraViz."""
    shipped = solara.use_memo(list_scenarios, [])  # read when the page opens
    names = list(shipped)
    first = DEFAULT_SCENARIO if DEFAULT_SCENARIO in names else names[0]
    scenario, set_scenario = solara.use_state(first)
    error, set_error = solara.use_state("")
    initial = solara.use_memo(lambda: DashboardModel(scenario_name=first), [])
    model = solara.use_reactive(initial)

    def pick(name: str) -> None:
        try:
            fresh = DashboardModel(scenario_name=name)
        except ScenarioError as exc:
            set_error(f"Scenario {name} could not be loaded: {exc.render()}")
            return
        set_error("")
        set_scenario(name)
        model.set(fresh)

    params = solara.use_memo(lambda: model_params(scenario), [scenario])
    description = shipped.get(scenario, "")

    # Mesa puts the views under a tab bar; with one page of views its lone "PAGE 0" tab
    # only takes room from the plots
    solara.Style(".solara-content-main .v-tabs { display: none; }")
    with solara.Sidebar():
        with solara.Card("Scenario", margin=0, classes=["resetsim-scenario"]):
            solara.Select(label="Scenario", values=names, value=scenario, on_value=pick)
            if description:
                solara.Text(description, style={"font-size": "12px", "color": "#555"})
            if error:
                solara.Error(error)
            ParameterReadout(model.value)
            solara.Text(
                "Move a slider, then press Reset: the new run uses it.",
                style={"font-size": "12px", "color": "#555", "font-style": "italic"},
            )
    # keyed by scenario: a new scenario remounts SolaraViz, so its sliders start at the
    # new scenario's own values
    SolaraViz(
        model,
        components=COMPONENTS,
        model_params=params,
        name=TITLE,
        play_interval=150,
    ).key(f"viz-{scenario}")


page = Page
