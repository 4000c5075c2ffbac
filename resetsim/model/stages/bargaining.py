"""Stage 3, pulling and hauling: actors move each other's stances; presidents persuade.

Inside each government, every actor is pulled towards the clout- and salience-weighted
mean stance and back towards its own institutional anchor (Allison & Halperin 1972:
policy as the outcome of "pulling and hauling"; :meth:`Actor.bargain`). The president
spends capital to pull everyone towards his own stance, with an effect scaled by his
professional reputation and public prestige (Neustadt 1960; :meth:`President.persuade`),
but only while he has business in hand (a proposal to table or a deal being implemented)
and keeps a reserve for tabling. The mean is taken over last month's stances
(simultaneous update).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from resetsim.model.month import MonthState
from resetsim.model.stages.agenda import next_proposal

if TYPE_CHECKING:
    from resetsim.model.model import ResetModel

__all__ = ["has_business", "pull_and_haul"]


def has_business(model: ResetModel, side: str, month: MonthState) -> bool:
    """Whether ``side``'s president has business in hand.

    A deal in implementation (deals are bilateral), a proposal answered this month, or a
    proposal he would table now.
    """
    return bool(model.deals or month.answered or next_proposal(model, side))


def pull_and_haul(model: ResetModel, month: MonthState) -> None:
    """One month of bargaining on both sides, then the presidents' persuasion."""
    dyn = model.spec.dynamics
    pull, home = dyn.influence_rate, dyn.anchor_rate
    for side in model.sides:
        president, *members = model.government(side)
        weights = [a.weight for a in members]
        total = president.weight + sum(weights)
        mean = president.weight * president.stance + sum(
            [w * a.stance for a, w in zip(members, weights, strict=True)]
        )
        mean = mean / total if total else 0.0
        president.return_to_anchor(home)
        rate = president.persuasion_rate(dyn, has_business(model, side, month))
        for actor in members:
            actor.bargain(mean, pull, home)
            if rate:
                president.persuade(actor, rate)
