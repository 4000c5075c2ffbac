"""resetsim: an agent-based model of bureaucratic politics in US-Russia relations.

Presidents, bureaucracies, legislative factions and publics on both sides pull and haul
over rapprochement proposals, month by month, so that a leader-driven reset can be seen
rising and then eroding under structural resistance (FPRI article; Allison & Halperin
1972; Neustadt 1960; Putnam 1988; Giles).

The names below are imported on first use, so that the command line starts without
loading the model (and mesa, pandas) until a command needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from resetsim.lazy import lazy_exports

if TYPE_CHECKING:
    from resetsim.model import Phase, ResetModel
    from resetsim.scenario import Scenario, ScenarioError, list_scenarios, load_scenario

_LAZY = {
    "__version__": "resetsim.version",
    "Phase": "resetsim.model",
    "ResetModel": "resetsim.model",
    "Scenario": "resetsim.scenario",
    "ScenarioError": "resetsim.scenario",
    "list_scenarios": "resetsim.scenario",
    "load_scenario": "resetsim.scenario",
}

__all__ = [
    "Phase",
    "ResetModel",
    "Scenario",
    "ScenarioError",
    "__version__",
    "list_scenarios",
    "load_scenario",
]


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, __all__)
