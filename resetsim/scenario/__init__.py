"""Scenarios: validated TOML data describing rosters, structure, proposals and events."""

from resetsim.scenario.errors import Problem, ScenarioError
from resetsim.scenario.loader import apply_overrides, list_scenarios, load_scenario, scenario_hash
from resetsim.scenario.schema import Scenario

__all__ = [
    "Problem",
    "Scenario",
    "ScenarioError",
    "apply_overrides",
    "list_scenarios",
    "load_scenario",
    "scenario_hash",
]
