"""resetsim: an agent-based model of bureaucratic politics in US-Russia relations.

Presidents, bureaucracies, legislative factions and publics on both sides pull and haul
over rapprochement proposals, month by month, so that a leader-driven reset can be seen
rising and then eroding under structural resistance (FPRI article; Allison & Halperin
1972; Neustadt 1960; Putnam 1988; Giles).
"""

from resetsim.model import Phase, ResetModel
from resetsim.model.model import _package_version
from resetsim.scenario import Scenario, ScenarioError, list_scenarios, load_scenario

__version__ = _package_version()

__all__ = [
    "Phase",
    "ResetModel",
    "Scenario",
    "ScenarioError",
    "__version__",
    "list_scenarios",
    "load_scenario",
]
