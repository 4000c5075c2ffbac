"""Scenario fields for whipped votes, win-set anticipation, deals in force and phase labels.

Each group is a base of one table of :mod:`resetsim.scenario.schema` (``[dynamics]``,
``[phases]``, ``[[factions]]``, ``[[proposals]]``), so the fields read as that table's
own (``dynamics.whip_cohesion``, ``phases.rule``). Every default keeps resetsim 0.1.0's
behaviour: independent votes, no vote counting before tabling, a deal ends when it is
implemented, and the phase label follows Giles's order. Meanings, units and sources are in
``docs/ODD.md``, section 8.3b.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from resetsim.scenario.fields import Signed, Unit

if TYPE_CHECKING:
    from resetsim.scenario.schema import Scenario

__all__ = [
    "DealAndVoteRules",
    "FactionWhip",
    "PhaseLabelRules",
    "ProposalStanding",
    "politics_overrides",
]


class DealAndVoteRules(BaseModel):
    """``[dynamics]`` fields of votes and deals (Putnam 1988; Chayes & Chayes 1993)."""

    whip_cohesion: Unit = 0.0
    anticipate_votes: bool = False
    deal_upkeep: Unit = 0.0
    withdrawal_rate: Unit = 0.0


class PhaseLabelRules(BaseModel):
    """``[phases]`` fields: which rule labels the month (Giles's order or level and trend)."""

    rule: Literal["giles_order", "level_trend"] = "giles_order"
    euphoria_level: Signed = 0.3


class FactionWhip(BaseModel):
    """``[[factions]]`` field: how closely members follow the faction's line (None: dynamics)."""

    cohesion: Unit | None = None


class ProposalStanding(BaseModel):
    """``[[proposals]]`` field: a deal already in force when the scenario starts (ABM, INF)."""

    in_force: bool = False


def politics_overrides(scenario: Scenario) -> dict[str, Any]:
    """This module's ``[dynamics]`` and ``[phases]`` settings in ``scenario``, as overrides.

    Dotted keys that carry them to another scenario (``Scenario.with_overrides``).
    """
    out: dict[str, Any] = {
        f"dynamics.{name}": getattr(scenario.dynamics, name)
        for name in DealAndVoteRules.model_fields
    }
    out |= {
        f"phases.{name}": getattr(scenario.phases, name) for name in PhaseLabelRules.model_fields
    }
    return out
