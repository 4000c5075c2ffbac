"""The dashboard's model: a scenario plus the classroom knobs, as Mesa keyword arguments.

The dashboard rebuilds the model on Reset by calling its class with the knob values as
keyword arguments, as Mesa's SolaraViz does with its sliders (:func:`model_params` gives
SolaraViz's form of the knobs). :class:`DashboardModel` is that class: it loads a scenario,
turns the knob values into dotted-key overrides (:meth:`resetsim.Scenario.with_overrides`)
and builds a :class:`resetsim.ResetModel` from the result.

The knobs are Neustadt's (1960) three sources of a US president's power to persuade
(bargaining advantages, here political capital; professional reputation; public prestige),
his command share, the Russian president's capital and command share and the Russian
legislature's hawkishness (the other level of Putnam's 1988 two-level game), and the
resistance the FPRI article names: a hawkish Congress, bureaucratic inertia, the worldview
gap and the missing economic shock absorber.

A knob left where the scenario puts it changes nothing, so the dashboard's defaults run the
shipped scenario exactly. Knobs that stand for a group (the hawkishness of the US
legislative factions, the inertia of every bureaucracy) move every member by the same amount,
so that the group's mean becomes the knob's value and the differences between members stay.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from resetsim.model import ResetModel
from resetsim.scenario import Scenario, load_scenario
from resetsim.viz.sides import side_words

__all__ = [
    "DEFAULT_SCENARIO",
    "KNOBS",
    "DashboardModel",
    "Knob",
    "knob_overrides",
    "knob_values",
    "model_params",
]

DEFAULT_SCENARIO = "obama-2009"


@dataclass(frozen=True)
class Knob:
    """One slider of the dashboard and the scenario values it sets.

    Attributes:
        name: keyword argument of :class:`DashboardModel`.
        label: slider label shown to students; ``{first}`` and ``{second}`` stand for the
            sides' words (:func:`resetsim.viz.sides.side_words`).
        roster: ``"presidents"``, ``"factions"``, ``"bureaucracies"`` or ``""`` for a
            ``structure`` value.
        field: the field set in each matching entry (or in ``structure``).
        side: only entries of this side: 0 for the scenario's first declared side, 1 for
            its second, or None for both.
        low: slider minimum (also the clip range of group members).
        high: slider maximum.
        step: slider step.

    """

    name: str
    label: str
    roster: str
    field: str
    side: int | None
    low: float = 0.0
    high: float = 1.0
    step: float = 0.01

    def members(self, scenario: Scenario) -> list[Any]:
        """The scenario entries this knob sets (empty for a ``structure`` knob)."""
        if not self.roster:
            return []
        entries = getattr(scenario, self.roster)
        if self.side is None:
            return list(entries)
        side_id = scenario.side_ids[self.side]
        return [e for e in entries if e.side == side_id]

    def label_for(self, scenario: Scenario) -> str:
        """The slider's label for ``scenario``, with its sides' words put in."""
        return self.label.format(**side_words(scenario))

    def current(self, scenario: Scenario) -> float:
        """The scenario's own value: the field, or the mean over the group's members."""
        if not self.roster:
            return float(getattr(scenario.structure, self.field))
        values = [float(getattr(e, self.field)) for e in self.members(scenario)]
        return sum(values) / len(values) if values else float("nan")

    def snap(self, value: float) -> float:
        """``value`` rounded to the slider's step and clipped to its range."""
        steps = round((value - self.low) / self.step)
        snapped = self.low + steps * self.step
        return round(min(self.high, max(self.low, snapped)), 6)

    def overrides(self, scenario: Scenario, value: float | None) -> dict[str, float]:
        """Dotted-key overrides that put this knob at ``value`` (none if left in place)."""
        if value is None:
            return {}
        current = self.current(scenario)
        if current != current or abs(float(value) - self.snap(current)) < self.step / 10:
            return {}  # left where the scenario puts it (or no member to set)
        if not self.roster:
            return {f"structure.{self.field}": float(value)}
        if self.roster == "presidents":
            members = self.members(scenario)
            return {f"presidents.{e.side}.{self.field}": float(value) for e in members}
        shift = float(value) - current
        return {
            f"{self.roster}.{e.name}.{self.field}": round(
                min(self.high, max(self.low, float(getattr(e, self.field)) + shift)), 4
            )
            for e in self.members(scenario)
        }


#: The classroom knobs, in the order the sliders appear.
KNOBS: tuple[Knob, ...] = (
    Knob("capital", "{first} president: political capital", "presidents", "capital", 0),
    Knob("reputation", "{first} president: professional reputation", "presidents", "reputation", 0),
    Knob("prestige", "{first} president: public prestige", "presidents", "prestige", 0),
    Knob("command_share", "{first} president: command share", "presidents", "command_share", 0),
    Knob("hawkishness", "{first} legislature: hawkishness (mean)", "factions", "hawkishness", 0),
    Knob("ru_capital", "{second} president: political capital", "presidents", "capital", 1),
    Knob("ru_command_share", "{second} president: command share", "presidents", "command_share", 1),
    Knob(
        "duma_hawkishness",
        "{second} legislature: hawkishness (mean)",
        "factions",
        "hawkishness",
        1,
    ),
    Knob("inertia", "Bureaucracies: inertia (mean)", "bureaucracies", "inertia", None),
    Knob("worldview_gap", "Worldview gap", "", "worldview_gap", None),
    Knob(
        "trade_share",
        "Trade interdependence (share of {first} GDP)",
        "",
        "trade_share",
        None,
        high=0.05,
        step=0.001,
    ),
)
_BY_NAME = {k.name: k for k in KNOBS}
SEED_RANGE = (0, 99)


def knob_values(scenario: Scenario) -> dict[str, float]:
    """The scenario's own value of every knob (group knobs: the mean), snapped to the slider."""
    return {k.name: k.snap(k.current(scenario)) for k in KNOBS}


def knob_overrides(scenario: Scenario, knobs: Mapping[str, float | None]) -> dict[str, float]:
    """Dotted-key overrides for ``scenario`` that put each knob in ``knobs`` at its value.

    Raises:
        KeyError: for a name that is not one of :data:`KNOBS`.

    """
    out: dict[str, float] = {}
    for name, value in knobs.items():
        if name not in _BY_NAME:
            raise KeyError(f"unknown knob {name!r}; known: {', '.join(_BY_NAME)}")
        out.update(_BY_NAME[name].overrides(scenario, value))
    return out


def model_params(scenario: str, seed: int = 0) -> dict[str, Any]:
    """SolaraViz ``model_params``: the scenario name fixed, one slider per knob and the seed.

    Args:
        scenario: a shipped scenario name (or a ``.toml`` path), as given to
            :class:`DashboardModel`.
        seed: the seed slider's starting value.

    The sliders start at the scenario's own values, so that Reset without moving a slider
    runs the shipped scenario.
    """
    base = load_scenario(scenario)
    values = knob_values(base)
    params: dict[str, Any] = {"scenario_name": scenario}
    for knob in KNOBS:
        params[knob.name] = {
            "type": "SliderFloat",
            "value": values[knob.name],
            "label": knob.label_for(base),
            "min": knob.low,
            "max": knob.high,
            "step": knob.step,
        }
    params["seed"] = {
        "type": "SliderInt",
        "value": int(seed),
        "label": "Random seed",
        "min": SEED_RANGE[0],
        "max": SEED_RANGE[1],
        "step": 1,
    }
    return params


class DashboardModel(ResetModel):
    """A :class:`~resetsim.ResetModel` built from a scenario name and the classroom knobs.

    Args:
        scenario_name: shipped scenario name (or a path to a ``.toml`` file). Not called
            ``scenario``: Mesa 3.5's SolaraViz passes a Mesa scenario as ``scenario`` on Reset
            to any model that takes one.
        capital: US president's political capital, 0-1 (Neustadt: bargaining advantages).
        reputation: US president's professional reputation, 0-1 (Neustadt).
        prestige: US president's public prestige, 0-1 (Neustadt).
        command_share: share of a US presidential order carried out as commanded, 0-1.
        hawkishness: mean hawkishness of the US legislative factions, 0-1.
        ru_capital: Russian president's political capital, 0-1.
        ru_command_share: share of a Russian presidential order carried out as commanded.
        duma_hawkishness: mean hawkishness of the Russian legislative factions, 0-1.
        inertia: mean inertia of the bureaucracies of both sides, 0-1.
        worldview_gap: distance between the two sides' worldviews, 0-1.
        trade_share: US-Russia trade as a share of US GDP (the shock absorber), 0-0.05.
        seed: the run's random seed.

    A knob left at None, or at the scenario's own value, leaves the scenario unchanged.

    """

    def __init__(
        self,
        scenario_name: str = DEFAULT_SCENARIO,
        capital: float | None = None,
        reputation: float | None = None,
        prestige: float | None = None,
        command_share: float | None = None,
        hawkishness: float | None = None,
        ru_capital: float | None = None,
        ru_command_share: float | None = None,
        duma_hawkishness: float | None = None,
        inertia: float | None = None,
        worldview_gap: float | None = None,
        trade_share: float | None = None,
        seed: int = 0,
    ):
        base = load_scenario(scenario_name)
        knobs = {
            "capital": capital,
            "reputation": reputation,
            "prestige": prestige,
            "command_share": command_share,
            "hawkishness": hawkishness,
            "ru_capital": ru_capital,
            "ru_command_share": ru_command_share,
            "duma_hawkishness": duma_hawkishness,
            "inertia": inertia,
            "worldview_gap": worldview_gap,
            "trade_share": trade_share,
        }
        self.overrides = knob_overrides(base, knobs)
        sc = base.with_overrides(self.overrides) if self.overrides else base
        super().__init__(sc, seed=int(seed))
        self._cache: dict[str, tuple[int, pd.DataFrame]] = {}

    def _cached(self, name: str, build: Any) -> pd.DataFrame:
        hit = self._cache.get(name)
        if hit is None or hit[0] != self.month:
            hit = (self.month, build())
            self._cache[name] = hit
        return hit[1]

    def timeseries_now(self) -> pd.DataFrame:
        """``timeseries()``, built once per month however many views read it."""
        return self._cached("timeseries", self.timeseries)

    def log_now(self) -> pd.DataFrame:
        """``decision_log()``, built once per month."""
        return self._cached("log", self.decision_log)

    def events_now(self) -> pd.DataFrame:
        """``events()``, built once per month."""
        return self._cached("events", self.events)

    def knobs_now(self) -> dict[str, float]:
        """The knob values this run actually uses (group knobs: the mean)."""
        return {k.name: k.current(self.spec) for k in KNOBS}
