"""Stage 6, relationship: cooperation rises with delivered deals and falls with clashes.

Clashes are damped by economic interdependence, the shock absorber the US-China
relationship has and the US-Russia one lacks (FPRI article: 2013 US exports to Russia
$11bn, under 0.1% of GDP, against a $300bn market in China), and amplified by the
worldview gap (already in the perceived severity). Without effort the relationship
relaxes towards a structural baseline, lowered by the worldview gap and raised by trade.
"""

from __future__ import annotations

from resetsim.agents.base import clip

__all__ = ["absorber", "structural_baseline", "update_relationship"]

ESCALATION_HIT = 0.2  # relationship points lost in a month of open military confrontation


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


def update_relationship(model) -> None:
    """Move the relationship index one month."""
    st = model.structure
    damp = 1.0 - absorber(st.trade_share, st.absorber_half)
    clash = st.clash_impact * 0.5 * (model.perceived["US"] + model.perceived["RU"]) * damp
    leaders = 0.5 * (model.presidents["US"].stance + model.presidents["RU"].stance)
    change = (
        st.relax_rate * (model.baseline - model.relationship)
        + model.deal_gain
        + model.deal_boost
        + st.climate_rate * leaders
        - clash
        - ESCALATION_HIT * model.escalation
    )
    model.relationship = clip(model.relationship + change)
