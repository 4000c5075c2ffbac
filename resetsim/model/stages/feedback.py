"""Stage 7, feedback: publics, prestige, capital, trust and disillusionment update.

Publics drift towards a favourability set by the relationship and by elite cues; a
president who is warmer to the other country than his attentive public loses prestige,
and capital regenerates towards prestige (Neustadt 1960, ch. 5; Putnam 1988, level II).
Legislators feel their public. Promises that fall due undelivered turn into
disillusionment: the presidents cool and trust falls (Giles: euphoria turns to
disillusionment when expectations are not met).
"""

from __future__ import annotations

from resetsim.agents.base import clip
from resetsim.scenario.schema import SIDES

__all__ = ["feed_back", "overdue_gap"]


def overdue_gap(model) -> float:
    """Benefit promised by deals now past due but not delivered."""
    gap = 0.0
    for deal in model.deals:
        if model.month - deal.start + 1 >= deal.spec.months:
            gap += deal.spec.benefit * (1.0 - deal.credited)
    return gap


def feed_back(model) -> None:
    """Update publics, prestige, capital, legislators, trust and disillusionment."""
    dyn = model.spec.dynamics
    gap = overdue_gap(model)
    for side in SIDES:
        public = model.publics[side]
        president = model.presidents[side]
        target = (
            dyn.favourability_mid
            + dyn.favourability_scale * model.relationship
            + dyn.public_cue_weight * 50.0 * president.stance
        )
        public.drift(clip(target, 0.0, 100.0), dyn.public_rate)
        out_of_step = max(0.0, president.stance - public.stance)
        president.prestige = clip(
            president.prestige
            + dyn.prestige_rate * (model.base_prestige[side] - president.prestige)
            - dyn.prestige_cost * public.attention * out_of_step,
            0.0,
            1.0,
        )
        president.capital = clip(
            president.capital + dyn.capital_regen * (president.prestige - president.capital),
            0.0,
            1.0,
        )
        pressure = dyn.public_pressure * public.attention
        for faction in model.factions[side]:
            faction.nudge(pressure * (public.stance - faction.stance))
        if gap > 0:
            president.nudge(-dyn.disillusion_rate * gap)
            president.anchor = clip(president.anchor - dyn.disillusion_rate * gap)
    model.trust = clip(
        model.trust
        + dyn.trust_rate * (0.5 * (1.0 + model.relationship) - model.trust)
        - dyn.disillusion_rate * gap,
        0.0,
        1.0,
    )
