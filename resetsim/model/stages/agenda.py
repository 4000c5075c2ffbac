"""Stage 2, agenda: presidents with capital and a favourable stance table proposals.

Tabling costs capital (Neustadt 1960: the bargaining advantages of the office are
finite). A president tables proposals that make his own side give up a core interest
only if his stance is very high (the FPRI article's worry about a naive president).
The other side's president answers; a concession by the proposer is sweetened for him.
"""

from __future__ import annotations

from resetsim.scenario.schema import SIDES

__all__ = ["next_proposal", "set_agenda"]


def _other(side: str) -> str:
    return SIDES[1 - SIDES.index(side)]


def next_proposal(model, side: str):
    """The first proposal ``side``'s president would table now, or None.

    Scenario order is the president's priority list; a concession of his own side's core
    interest is only on his list if his stance reaches ``core_threshold``.
    """
    threshold = model.spec.dynamics.core_threshold
    president = model.presidents[side]
    for state in model.proposals:
        spec = state.spec
        if not state.eligible(side, model.month):
            continue
        if spec.core and spec.concedes == side and president.stance < threshold:
            continue
        return state
    return None


def set_agenda(model) -> None:
    """Each willing president tables at most one proposal; the other president answers."""
    dyn = model.spec.dynamics
    for side in SIDES:
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
        model.log(
            side,
            spec,
            "tabled",
            reason=f"President {president.name} put {spec.topic} on the agenda "
            f"(stance {president.stance:+.2f}, capital {president.capital:.2f}).",
        )
        other = model.presidents[_other(side)]
        answer = other.support(spec.core and spec.concedes == other.side)
        if spec.core and spec.concedes == side:
            answer += dyn.concession_bonus
        if answer < dyn.answer_threshold:
            model.log(
                other.side,
                spec,
                "rejected",
                blocked_by=other.name,
                reason=f"President {other.name} turned down {spec.topic}: his support "
                f"was {answer:+.3f}, below the {dyn.answer_threshold:+.3f} he needs "
                "to engage.",
            )
            president.fail(dyn.reputation_step / 2)
            continue
        model.pending.append((side, state))
        model.last_initiative = model.month
