"""Stage 7, feedback: publics, prestige, capital, trust and disillusionment update.

Publics drift towards a favourability set by the relationship and by elite cues; a
president who is warmer to the other country than his attentive public loses prestige,
and capital regenerates towards prestige (Neustadt 1960, ch. 5; Putnam 1988, level II).
Legislators feel their public. Promises that fall due undelivered turn into
disillusionment: the presidents cool and trust falls (Giles: euphoria turns to
disillusionment when expectations are not met).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from resetsim.agents.base import clip
from resetsim.agents.legislature import Faction
from resetsim.model.month import MonthState

if TYPE_CHECKING:
    from resetsim.model.model import ResetModel

__all__ = ["feed_back", "overdue_gap"]


def overdue_gap(model: ResetModel) -> float:
    """Benefit promised by deals now past due but not delivered."""
    gap = 0.0
    for deal in model.deals:
        terms = deal.terms
        if model.month - deal.start + 1 >= terms.months:
            gap += terms.benefit * (1.0 - deal.credited)
    return gap


def feed_back(model: ResetModel, month: MonthState) -> None:
    """Update publics, prestige, capital, legislators, trust and disillusionment."""
    dyn = model.dynamics
    gap = overdue_gap(model)
    for side in model.sides:
        public = model.publics[side]
        president = model.presidents[side]
        public.follow(model.relationship, president.stance, dyn)
        president.answer_public(public, dyn)
        pressure = dyn.public_pressure * public.attention
        Faction.feel_all(model.factions[side], public.stance, pressure)
        if gap > 0:
            president.disillusion(dyn.disillusion_rate * gap)
    model.trust = clip(
        model.trust
        + dyn.trust_rate * (0.5 * (1.0 + model.relationship) - model.trust)
        - dyn.disillusion_rate * gap,
        0.0,
        1.0,
    )
