"""The dashboard's sidebar controls: scenario picker, presets and the knobs.

Every control writes to the page's :class:`~resetsim.viz.dashboard_session.DashboardSession`
and then asks the page to refresh; each component takes the page's ``version`` (a counter
bumped on every change), so that it is drawn again when the session changes. A knob is a
full-width slider with a number box under its label (a long label beside a slider leaves it
a few pixels of track); a knob takes effect on Reset, and the sidebar shows "changed - press
Reset" until then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import solara

from resetsim.viz.dashboard_model import KNOBS, SEED_RANGE, Knob
from resetsim.viz.dashboard_presets import PRESETS
from resetsim.viz.dashboard_session import DashboardSession
from resetsim.viz.sides import side_words

__all__ = ["KNOB_GROUPS", "KnobPanel", "KnobSlider", "PresetBar", "ScenarioCard"]

#: The knobs by sidebar section, in order; titles name the sides as :func:`side_words` does.
KNOB_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "{first} president (Neustadt's sources and command)",
        (
            "capital",
            "reputation",
            "prestige",
            "command_share",
        ),
    ),
    ("{first} legislature and both bureaucracies", ("hawkishness", "inertia")),
    ("{second_name}", ("ru_capital", "ru_command_share", "duma_hawkishness")),
    ("Structure (the shock absorbers)", ("worldview_gap", "trade_share")),
)
_BY_NAME = {k.name: k for k in KNOBS}
_SMALL = {"font-size": "12px", "color": "#555"}
_HEADING = {"font-size": "14px", "font-weight": "600", "margin-bottom": "4px"}


@solara.component
def ScenarioCard(session: DashboardSession, on_pick: Callable[[Any], None], version: int) -> Any:
    """The scenario picker (the library's names), its description and any refusal."""
    with solara.Card("Scenario", margin=0, classes=["resetsim-scenario"]) as card:
        # keyed by the refusals, so that a refused value is replaced by the scenario on screen
        solara.Select(
            label="Scenario", values=session.names, value=session.scenario, on_value=on_pick
        ).key(f"scenario-picker-{session.refused}")
        description = session.library.get(session.scenario, "")
        if description:
            solara.Text(description, style=_SMALL)
        if session.error:
            solara.Error(session.error, classes=["resetsim-error"])
    return card


@solara.component
def KnobSlider(
    knob: Knob | None,
    label: str,
    value: float,
    on_value: Callable[[float], None],
    low: float,
    high: float,
    step: float,
) -> Any:
    """A label, then a full-width slider and a number box bound to the same value."""
    integer = knob is None
    with solara.Column(gap="0px", classes=["resetsim-knob"]) as column:
        solara.Text(label, style={"font-size": "12.5px", "font-weight": "500"})
        with solara.Row(gap="8px", style={"align-items": "center"}):
            with solara.Column(style={"flex": "1 1 auto", "min-width": "0"}):
                if integer:
                    solara.SliderInt(
                        "", value=int(value), on_value=on_value, min=int(low), max=int(high), step=1
                    )
                else:
                    solara.SliderFloat(
                        "", value=value, on_value=on_value, min=low, max=high, step=step
                    )
            with solara.Column(style={"flex": "0 0 84px"}):
                box = solara.InputInt if integer else solara.InputFloat
                box(
                    "",
                    value=int(value) if integer else value,
                    on_value=on_value,
                    continuous_update=False,
                    classes=["resetsim-number"],
                )
    return column


@solara.component
def KnobPanel(session: DashboardSession, refresh: Callable[[], None], version: int) -> Any:
    """Every knob by section, then the seed; each takes effect on Reset."""

    def setter(name: str) -> Callable[[float], None]:
        def set_value(value: float | None) -> None:
            if value is None:
                return
            session.set_knob(name, value)
            refresh()

        return set_value

    def set_seed(value: int | None) -> None:
        if value is not None:
            session.set_seed(value)
            refresh()

    with solara.Column(gap="10px", classes=["resetsim-knobs"]) as column:
        solara.Text(
            "Move a knob, then press Reset: the new run uses it.",
            style={**_SMALL, "font-style": "italic"},
        )
        words = side_words(session.model.spec)
        for title, names in KNOB_GROUPS:
            with solara.Card(margin=0):
                solara.Text(title.format(**words), style=_HEADING)
                for name in names:
                    knob = _BY_NAME[name]
                    KnobSlider(
                        knob,
                        knob.label_for(session.model.spec),
                        session.knobs[name],
                        setter(name),
                        knob.low,
                        knob.high,
                        knob.step,
                    )
        with solara.Card(margin=0):
            solara.Text("Chance", style=_HEADING)
            KnobSlider(None, "Random seed", session.seed, set_seed, *SEED_RANGE, 1)
    return column


@solara.component
def PresetBar(session: DashboardSession, refresh: Callable[[], None], version: int) -> Any:
    """One button per preset; a preset sets a few knobs for the next Reset."""

    def apply(name: str) -> Callable[[], None]:
        def click() -> None:
            session.preset(name)
            refresh()

        return click

    with solara.Card(margin=0, classes=["resetsim-presets"]) as card:
        solara.Text("Presets (then press Reset)", style=_HEADING)
        with solara.Row(gap="4px", style={"flex-wrap": "wrap"}):
            for name in PRESETS:
                solara.Button(
                    name,
                    on_click=apply(name),
                    outlined=True,
                    small=True,
                    classes=["resetsim-preset"],
                )
    return card
