"""Stage 2, agenda: presidents with capital and a favourable stance table proposals.

Tabling costs capital (Neustadt 1960: the bargaining advantages of the office are
finite). A president tables proposals that make his own side give up a core interest
only if his stance is very high (the FPRI article's worry about a naive president).
The other side's president answers; a concession by the proposer is sweetened for him.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from resetsim.model.month import MonthState
from resetsim.model.outcomes import Outcome

if TYPE_CHECKING:
    from resetsim.model.model import ResetModel
    from resetsim.model.proposals import ProposalState

__all__ = ["REJECTION_COST", "next_proposal", "set_agenda"]

REJECTION_COST = 0.5
"""Rejection cost: reputation lost when the other president rejects, per ``reputation_step``."""


def next_proposal(model: ResetModel, side: str) -> ProposalState | None:
    """The first proposal ``side``'s president would table now, or None.

    Scenario order is the president's priority list; a concession of his own side's core
    interest is only on his list if his stance reaches ``core_threshold``.
    """
    threshold = model.spec.dynamics.core_threshold
    president = model.presidents[side]
    for state in model.proposals:
        if state.eligible(side, model.month) and president.would_table(state.spec, threshold):
            return state
    return None


def set_agenda(model: ResetModel, month: MonthState) -> None:
    """Each willing president tables at most one proposal; the other president answers."""
    dyn = model.spec.dynamics
    for side in model.sides:
        president = model.presidents[side]
        if not president.can_table(dyn.table_cost, dyn.table_threshold):
            continue
        state = next_proposal(model, side)
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
        answer = other.support(spec.core and spec.concedes == other.side, spec.issue)
        if spec.core and spec.concedes == side:
            answer += dyn.concession_bonus
        if not other.accepts(answer, dyn.answer_threshold):
            facts = {"president": other.name, "answer": answer, "threshold": dyn.answer_threshold}
            model.log(Outcome(other.side, spec, "rejected", "rejected", other.name, facts=facts))
            president.fail(dyn.reputation_step * REJECTION_COST)
            continue
        month.answered.append((side, state))
        model.last_initiative = model.month
