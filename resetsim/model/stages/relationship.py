"""Stage 6, relationship: cooperation rises with delivered deals and falls with clashes.

Clashes are damped by economic interdependence, the shock absorber the US-China
relationship has and the US-Russia one lacks (FPRI article: 2013 US exports to Russia
$11bn, under 0.1% of GDP, against a $300bn market in China), and amplified by the
worldview gap (already in the perceived severity). Without effort the relationship
relaxes towards a structural baseline, lowered by the worldview gap and raised by trade.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from resetsim.agents.base import clip
from resetsim.model.month import MonthState

if TYPE_CHECKING:
    from resetsim.model.model import ResetModel

__all__ = ["ESCALATION_HIT", "absorber", "structural_baseline", "update_relationship"]

ESCALATION_HIT = 0.2
"""Relationship points lost in a month of open military confrontation."""


def absorber(trade_share: float, half: float) -> float:
    """Share of a clash's impact absorbed by trade: ``trade / (trade + half)``, in [0, 1)."""
    return trade_share / (trade_share + half)


def structural_baseline(structure) -> float:
    """The level the relationship relaxes to when nobody pushes it."""
    return clip(
        structure.baseline
        - structure.gap_baseline_weight * structure.worldview_gap
        + structure.absorber_baseline_weight
        * absorber(structure.trade_share, structure.absorber_half)
    )


def update_relationship(model: ResetModel, month: MonthState) -> None:
    """Move the relationship index one month: the mean of the two sides' readings counts."""
    st = model.structure
    damp = 1.0 - absorber(st.trade_share, st.absorber_half)
    sides, presidents = model.sides, model.presidents
    clash = st.clash_impact * 0.5 * sum([month.perceived[s] for s in sides]) * damp
    leaders = 0.5 * sum([presidents[s].stance for s in sides])
    change = (
        st.relax_rate * (model.baseline - model.relationship)
        + month.deal_gain
        + month.deal_boost
        + st.climate_rate * leaders
        - clash
        - ESCALATION_HIT * month.escalation
    )
    model.relationship = clip(model.relationship + change)
