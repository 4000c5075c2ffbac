"""Stage 3, pulling and hauling: actors move each other's stances; presidents persuade.

Inside each government, every actor is pulled towards the clout- and salience-weighted
mean stance and back towards its own institutional anchor (Allison & Halperin 1972:
policy as the outcome of "pulling and hauling"; :meth:`Actor.bargain`). The president
spends capital to pull everyone towards his own stance, with an effect scaled by his
professional reputation and public prestige (Neustadt 1960; :meth:`President.persuade`),
but only while he has business in hand (a proposal to table or a deal being implemented)
and keeps a reserve for tabling; with ``president_pull`` his government moves him in turn
(:meth:`President.heed`). The mean is taken over last month's stances (simultaneous
update). Where stances differ by issue, the bargaining is over the issue of the business
in hand (:func:`issue_in_hand`), and the agency that holds the pen on it weighs more
(Allison & Zelikow 1999: action channels).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from resetsim.agents import Actor
from resetsim.model.month import MonthState
from resetsim.model.stages.agenda import next_proposal

if TYPE_CHECKING:
    from resetsim.model.model import ResetModel
    from resetsim.model.proposals import ProposalState

__all__ = ["government_mean", "has_business", "issue_in_hand", "issue_mean", "pull_and_haul"]


def has_business(model: ResetModel, side: str, month: MonthState) -> bool:
    """Whether ``side``'s president has business in hand.

    A deal in implementation (deals are bilateral), a proposal answered this month, or a
    proposal he would table now.
    """
    return bool(model.deals or month.answered or next_proposal(model, side))


def issue_in_hand(model: ResetModel, side: str, month: MonthState) -> str:
    """The issue ``side``'s government bargains over this month ("" if none).

    That of the first proposal answered this month, else of the proposal its president
    would table now, else of the latest deal in implementation.
    """
    return _in_hand(model, side, month)[0]


def _in_hand(model: ResetModel, side: str, month: MonthState) -> tuple[str, ProposalState | None]:
    """:func:`issue_in_hand`, and the proposal its president would table now if it was asked."""
    if month.answered:
        return month.answered[0][1].terms.issue, None
    state = next_proposal(model, side)
    if state is not None:
        return state.terms.issue, state
    return (model.deals[-1].terms.issue if model.deals else ""), None


def government_mean(president: Actor, members: Sequence[Actor], issue: str = "") -> float:
    """Weighted mean stance on ``issue`` of a president and his government; 0 if weightless.

    Weights are clout times salience, times ``pen_weight`` for the holder of the pen on
    ``issue`` (:meth:`Actor.weight_on`); stances are those on ``issue``
    (:meth:`Actor.stance_on`).
    """
    if issue:
        return issue_mean(president, members, issue)[0]
    weight = president.weight
    # lists, not ``map`` over ``attrgetter``: a comprehension reads the attributes
    # with the interpreter's specialised instructions, several times cheaper
    total = weight + sum([a.weight for a in members])
    mean = weight * president.stance + sum([a.weight * a.stance for a in members])
    return mean / total if total else 0.0


def issue_mean(president: Actor, members: Sequence[Actor], issue: str) -> tuple[float, list[float]]:
    """:func:`government_mean` on ``issue`` (not empty), and the members' stances on it.

    The stances are read once, for the mean and for the bargaining that follows
    (:meth:`Actor.bargain_all`).
    """
    weight = president.weight_on(issue)
    weights, on, weighted = Actor.weighted_stances_on(members, issue)  # read once
    total = weight + sum(weights)
    mean = weight * president.stance_on(issue) + sum(weighted)
    return (mean / total if total else 0.0), on


def pull_and_haul(model: ResetModel, month: MonthState) -> None:
    """One month of bargaining on both sides, then the presidents' persuasion."""
    dyn = model.dynamics
    pull, home, heed = dyn.influence_rate, dyn.anchor_rate, dyn.president_pull
    for side in model.sides:
        president, members = model.presidents[side], model.members(side)
        issue, tabling = _in_hand(model, side, month) if model.by_issue else ("", None)
        if issue:
            mean, on = issue_mean(president, members, issue)
        else:
            mean, on = government_mean(president, members), None
        president.return_to_anchor(home)
        if heed:
            president.heed(mean, heed, issue)
        # business in hand matters only to a president who can afford to persuade
        # a proposal he would table that gives up none of his side's core interests is
        # still on his list whatever his own moves did to his stance (:func:`has_business`)
        busy = president.capital > dyn.table_cost and (
            (tabling is not None and not tabling.terms.costs(side))
            or has_business(model, side, month)
        )
        rate = president.persuasion_rate(dyn, busy)
        # the president's own moves leave the members' stances as the mean read them
        Actor.bargain_all(members, mean, pull, home, issue, on)
        if rate:
            president.persuade_all(members, rate, issue)
