"""Stage 2, agenda: presidents with capital and a favourable stance table proposals.

Tabling costs capital (Neustadt 1960: the bargaining advantages of the office are
finite). A president tables proposals that make his own side give up a core interest
only if his stance is very high (the FPRI article's worry about a naive president).
The other side's president answers; a concession by the proposer is sweetened for him.
With ``dynamics.anticipate_votes`` he first counts the votes both legislatures would cast
and does not table what he expects to lose (Putnam 1988, win-set anticipation).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from resetsim.model.month import MonthState
from resetsim.model.outcomes import Outcome
from resetsim.model.stages.decision import anticipated_defeat

if TYPE_CHECKING:
    from resetsim.model.model import ResetModel
    from resetsim.model.proposals import ProposalState

__all__ = ["REJECTION_COST", "candidates", "choose", "next_proposal", "set_agenda"]

REJECTION_COST = 0.5
"""Rejection cost: reputation lost when the other president rejects, per ``reputation_step``."""


def candidates(model: ResetModel, side: str) -> Iterator[ProposalState]:
    """The proposals ``side``'s president would table now, in his order of priority.

    Scenario order is the president's priority list; a concession of his own side's core
    interest is only on his list if his stance reaches ``core_threshold``.
    """
    threshold = model.dynamics.core_threshold
    president, now = model.presidents[side], model.month
    both = (side, "both")
    for state in model.proposals:
        # :meth:`ProposalState.eligible`, read in place (commonest first: not yet due, done)
        if now < state.earliest or state.done or now < state.retry_at:
            continue
        if state.terms.initiator in both and president.would_table(state.terms, threshold):
            yield state


def next_proposal(model: ResetModel, side: str) -> ProposalState | None:
    """The first proposal ``side``'s president would table now (:func:`candidates`), or None."""
    return next(candidates(model, side), None)


def choose(model: ResetModel, side: str) -> ProposalState | None:
    """The proposal ``side``'s president tables this month, or None.

    Without ``dynamics.anticipate_votes`` it is :func:`next_proposal`. With it he counts
    the votes first (:func:`~resetsim.model.stages.decision.anticipated_defeat`): a
    proposal he expects to lose is not tabled but logged as blocked by anticipation and
    put off for ``retry_months``, and he turns to the next on his list (Putnam 1988).
    """
    dyn = model.dynamics
    if not dyn.anticipate_votes:
        return next_proposal(model, side)
    for state in candidates(model, side):
        defeat = anticipated_defeat(model, side, state.spec)
        if defeat is None:
            return state
        model.log(defeat)
        state.retry_at = model.month + dyn.retry_months
    return None


def set_agenda(model: ResetModel, month: MonthState) -> None:
    """Each willing president tables at most one proposal; the other president answers."""
    dyn = model.dynamics
    for side in model.sides:
        president = model.presidents[side]
        if not president.can_table(dyn.table_cost, dyn.table_threshold):
            continue
        state = choose(model, side)
        if state is None:
            continue
        spec = state.spec
        president.spend(dyn.table_cost)
        state.attempts += 1
        state.retry_at = model.month + dyn.retry_months
        facts = {"president": president.name, "stance": president.stance}
        model.log(
            Outcome(side, spec, "tabled", "tabled", facts=facts | {"capital": president.capital})
        )
        other = model.presidents[model.other(side)]
        answer = other.support(spec.costs(other.side), spec.issue)
        if spec.pays(other.side):
            answer += dyn.concession_bonus
        if not other.accepts(answer, dyn.answer_threshold):
            facts = {"president": other.name, "answer": answer, "threshold": dyn.answer_threshold}
            model.log(Outcome(other.side, spec, "rejected", "rejected", other.name, facts=facts))
            president.fail(dyn.reputation_step * REJECTION_COST)
            continue
        month.answered.append((side, state))
        model.last_initiative = model.month
