"""Named knob settings for the classroom: one press sets the sliders for a textbook contrast.

Each preset changes a few knobs and leaves the others where they are, so that presets can
be combined (a strong persuader with China-scale trade). "Scenario's own values" puts every
knob back where the scenario has it. The values come from the model's own data, never typed
twice:

* *weak persuader* / *strong persuader*: the US president's three Neustadt (1960) sources,
  capital, professional reputation and public prestige, all at 0.3 or all at 0.95 (the
  contrast notebook 3 runs over 20 seeds);
* *China-scale trade*: the trade share of the ``china-absorber`` scenario (US-China trade
  as a share of US GDP), the shock absorber the FPRI article says US-Russia relations lack;
* *shared worldview*: the worldview gap of the ``shared-worldview`` scenario;
* *Putin's command share*: the US president's command share of the ``command-presidency``
  scenario, which gives him the share Putin has in ``trump-2017`` (0.6 of an order carried
  out because it was ordered, against 0.15).
"""

from __future__ import annotations

from collections.abc import Callable

from resetsim.scenario import Scenario, load_scenario
from resetsim.viz.dashboard_model import KNOBS, knob_values

__all__ = ["PRESETS", "SCENARIO_VALUES", "apply_preset"]

SCENARIO_VALUES = "scenario's own values"
WEAK, STRONG = 0.3, 0.95


def _persuader(level: float) -> Callable[[Scenario], dict[str, float]]:
    return lambda sc: {"capital": level, "reputation": level, "prestige": level}


def _from_scenario(knob: str, name: str) -> Callable[[Scenario], dict[str, float]]:
    return lambda sc: {knob: knob_values(load_scenario(name))[knob]}


#: Preset name -> function of the scenario giving the knobs it sets.
PRESETS: dict[str, Callable[[Scenario], dict[str, float]]] = {
    "weak persuader": _persuader(WEAK),
    "strong persuader": _persuader(STRONG),
    "China-scale trade": _from_scenario("trade_share", "china-absorber"),
    "shared worldview": _from_scenario("worldview_gap", "shared-worldview"),
    "Putin's command share": _from_scenario("command_share", "command-presidency"),
    SCENARIO_VALUES: knob_values,
}


def apply_preset(name: str, scenario: Scenario, knobs: dict[str, float]) -> dict[str, float]:
    """``knobs`` with the preset ``name`` applied for ``scenario`` (snapped to the sliders).

    Raises:
        KeyError: for a name that is not in :data:`PRESETS` (the message lists them).

    """
    if name not in PRESETS:
        raise KeyError(f"unknown preset {name!r}; known: {', '.join(PRESETS)}")
    by_name = {k.name: k for k in KNOBS}
    changes = PRESETS[name](scenario)
    return {**knobs, **{k: by_name[k].snap(v) for k, v in changes.items()}}
