"""Stage 3, pulling and hauling: actors move each other's stances; presidents persuade.

Inside each government, every actor is pulled towards the clout- and salience-weighted
mean stance and back towards its own institutional anchor (Allison & Halperin 1972:
policy as the outcome of "pulling and hauling"). The president spends capital to pull
everyone towards his own stance, with an effect scaled by his professional reputation
and public prestige (Neustadt 1960), but only while he has business in hand (a
proposal to table or a deal being implemented) and keeps a reserve for tabling.
Updates are simultaneous: all shifts are computed first, then applied.
"""

from __future__ import annotations

from resetsim.scenario.schema import SIDES

__all__ = ["pull_and_haul"]


def pull_and_haul(model) -> None:
    """One month of bargaining on both sides."""
    dyn = model.scenario.dynamics
    for side in SIDES:
        president = model.presidents[side]
        others = model.government(side)[1:]
        members = [president, *others]
        total = sum(a.weight for a in members)
        mean = sum(a.weight * a.stance for a in members) / total if total else 0.0
        shifts = [
            dyn.influence_rate * (1.0 - a.inertia) * (mean - a.stance)
            + dyn.anchor_rate * (a.anchor - a.stance)
            for a in others
        ]
        for actor, shift in zip(others, shifts, strict=True):
            actor.nudge(shift)
        president.nudge(0.5 * dyn.anchor_rate * (president.anchor - president.stance))
        if not model.has_business(side) or president.capital <= dyn.table_cost:
            continue
        spent = president.spend(min(dyn.persuasion_spend, president.capital - dyn.table_cost))
        if spent > 0 and dyn.persuasion_spend > 0:
            rate = dyn.persuasion_rate * spent / dyn.persuasion_spend
            for target in others:
                president.persuade(target, rate, 1.0)
