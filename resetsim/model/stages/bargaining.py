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
    """One month of bargaining on both sides.

    Pull towards the weighted mean and the anchor, then the president's persuasion; the
    mean is taken over last month's stances (simultaneous update). Weights, inertia and
    anchors do not change during a run, so they are read from ``model.bargainers``.
    """
    dyn = model.spec.dynamics
    pull, home = dyn.influence_rate, dyn.anchor_rate
    for side in SIDES:
        president = model.presidents[side]
        members, weights = model.bargainers[side]
        total = president.weight + weights
        mean = president.weight * president.stance + sum([w * a.stance for a, w, _, _ in members])
        mean = mean / total if total else 0.0
        president.nudge(0.5 * home * (president.anchor - president.stance))
        persuade, aim = 0.0, president.stance
        if president.capital > dyn.table_cost and model.has_business(side):
            spent = president.spend(min(dyn.persuasion_spend, president.capital - dyn.table_cost))
            if spent > 0 and dyn.persuasion_spend > 0:
                rate = dyn.persuasion_rate * spent / dyn.persuasion_spend
                persuade = president.persuasion_coefficient(rate)
        for actor, _, free, anchor in members:
            x = actor.stance
            x += pull * free * (mean - x) + home * (anchor - x)
            x = -1.0 if x < -1.0 else 1.0 if x > 1.0 else x
            if persuade:  # President.persuasion_shift, with the coefficient taken once
                x += persuade * free * (aim - x)
                x = -1.0 if x < -1.0 else 1.0 if x > 1.0 else x
            actor.stance = x
