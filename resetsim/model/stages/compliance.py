"""Stage 5b, compliance: deals in force keep paying while both sides comply, or are left.

A deal that has been implemented stays in force. Each month each side's agencies keep
their standing obligations as far as they are willing
(:meth:`~resetsim.agents.bureaucracy.Bureaucracy.complies_with`), and the deal pays the
relationship ``deal_upkeep * benefit`` times the lower of the two sides' compliance (a
deal works only while both keep it: Chayes & Chayes 1993). Each president watches the
other side: its compliance and its recent hostile moves
(:meth:`~resetsim.agents.president.President.read_compliance`); when that, or the
relationship, falls and the deal is worth little to his government, hawkish agencies
pulling its value down, he may withdraw
(:meth:`~resetsim.agents.president.President.weigh_withdrawal`), as the US left the ABM
Treaty in 2001 and the INF Treaty in 2019. The other side reads a withdrawal as a hostile
act and may answer it next month, like any hostile move (Jervis 1976).

With ``violation_rate`` above 0 a side may also break a deal covertly
(:meth:`~resetsim.agents.president.President.violation_chance`): the other side finds out,
answers it like a hostile move and, from then on, discounts the violator's compliance
with that deal when it weighs leaving (``violation_weight``), as the US cited Russia's
9M729 missile when it left the INF Treaty.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from resetsim.model.month import MonthState
from resetsim.model.outcomes import Outcome
from resetsim.model.stages.events import clash, perceived_severity
from resetsim.model.stages.moves import Pending

if TYPE_CHECKING:
    from resetsim.model.model import ResetModel
    from resetsim.model.proposals import Deal

__all__ = [
    "caught",
    "compliance",
    "keep_or_leave",
    "tracks_deals_in_force",
    "violate",
    "withdraw",
]


def tracks_deals_in_force(model: ResetModel, deal: Deal) -> bool:
    """Whether ``deal``, once implemented, stays in force.

    It does when anything acts on deals in force (``deal_upkeep``, ``withdrawal_rate`` or
    ``violation_rate`` > 0) or when the deal has a withdrawal rate of its own above 0
    (``[[proposals]] withdrawal_rate``).
    """
    dyn = model.dynamics
    own = deal.spec.withdrawal_rate
    return (
        dyn.deal_upkeep > 0.0
        or dyn.withdrawal_rate > 0.0
        or dyn.violation_rate > 0.0
        or (own is not None and own > 0.0)
    )


def compliance(model: ResetModel, deal: Deal, side: str) -> float:
    """Mean share of its obligations under ``deal`` that ``side``'s agencies keep (1: none)."""
    kappa = model.presidents[side].command_share
    bonus = model.dynamics.concession_bonus
    kept = [
        model.agency[name].complies_with(deal.spec, kappa, bonus)
        for name in deal.progress
        if model.agency[name].side == side
    ]
    return sum(kept) / len(kept) if kept else 1.0


def _felt(
    model: ResetModel, month: MonthState, side: str, actor: str, label: str, kind: str,
    severity: float,
) -> None:  # fmt: skip
    """A hostile act of ``actor`` on ``side``: the other side feels it and may answer it."""
    other = model.other(side)
    how = {"origin": "actor", "side": side, "actor": actor, "direction": "hostile"}
    row = clash(model, month, severity, {side: 0.0, other: 1.0}, label, kind, **how)
    st = model.structure
    seen = perceived_severity(severity, 1.0, st.worldview_gap, st.misperception, model.trust)
    model.move_memory[other]["hostile"] += seen
    model.pending_moves.append(Pending(row, other, "hostile", seen, label))


def withdraw(model: ResetModel, month: MonthState, deal: Deal, side: str, facts: dict) -> None:
    """``side`` leaves ``deal``: logged as ``withdrawn``, felt by the other side as hostile."""
    spec = deal.spec
    president = model.presidents[side]
    model.in_force.remove(deal)
    model.log(
        Outcome(side, spec, "withdrawn", "withdrawn", president.name, facts["value"], facts=facts)
    )
    label = (
        f"President {president.name} took the {model.side_labels[side]} side out of {spec.topic}"
    )
    _felt(model, month, side, president.name, label, "withdrawal", spec.benefit)


def _most_opposed(model: ResetModel, deal: Deal, side: str) -> tuple[str, float]:
    """``side``'s implementing agency most against ``deal`` and its opposition (>= 0)."""
    bonus = model.dynamics.concession_bonus
    support = {n: model.agency[n].support_for(deal.spec, bonus) for n in deal.progress
               if model.agency[n].side == side}  # fmt: skip
    name = min(support, key=support.__getitem__)
    return name, max(0.0, -support[name])


def violate(model: ResetModel, month: MonthState, deal: Deal, side: str, agency: str) -> None:
    """``agency`` of ``side`` covertly breaks ``deal``; the other side finds out and keeps it.

    It is a hostile move of severity ``benefit`` the other side may answer, and the other
    side's president discounts ``side``'s compliance with ``deal`` from now on
    (``violation_weight``).
    """
    spec = deal.spec
    label = f"{model.agency[agency].title.capitalize()} broke {spec.topic} covertly; the " \
        f"{model.side_labels[model.other(side)]} side found out"  # fmt: skip
    model.presidents[model.other(side)].note_violation(spec.id)
    _felt(model, month, side, agency, label, "violation", spec.benefit)


def _violations(model: ResetModel, month: MonthState, deal: Deal) -> None:
    """Each side not yet caught on ``deal`` may break it (``President.violation_chance``)."""
    rate = model.dynamics.violation_rate
    for side in model.sides:
        if caught(model, deal, side) or not any(
            model.agency[n].side == side for n in deal.progress
        ):
            continue
        agency, opposition = _most_opposed(model, deal, side)
        chance = model.presidents[side].violation_chance(opposition, rate)
        if chance > 0.0 and model.rng.random() < chance:
            violate(model, month, deal, side, agency)


def caught(model: ResetModel, deal: Deal, side: str) -> bool:
    """Whether the other side has already caught ``side`` violating ``deal``."""
    return deal.spec.id in model.presidents[model.other(side)].violations_seen


def keep_or_leave(model: ResetModel, month: MonthState) -> None:
    """Deals in force pay while both sides comply; each president may withdraw from one."""
    dyn = model.dynamics
    bonus = dyn.concession_bonus
    for deal in list(model.in_force):
        kept = {side: compliance(model, deal, side) for side in model.sides}
        month.deal_gain += dyn.deal_upkeep * deal.spec.benefit * min(kept.values())
        if dyn.violation_rate > 0.0:
            _violations(model, month, deal)
        own = deal.spec.withdrawal_rate  # a treaty's own rate (scenario/statutes.py), or None
        rate = dyn.withdrawal_rate if own is None else own
        if rate <= 0.0:
            continue
        for side in model.sides:
            president = model.presidents[side]
            seen = president.read_compliance(
                kept[model.other(side)],
                model.move_memory[side]["hostile"],
                president.violation_weight(deal.spec.id, dyn.violation_weight),
            )
            score, worst, _ = president.executive_score(deal.spec, model.bureaucracies[side], bonus)
            value = score + deal.spec.benefit * seen
            chance = president.weigh_withdrawal(value, seen, model.relationship, rate)
            if chance > 0.0 and model.rng.random() < chance:
                facts = {
                    "president": president.name,
                    "value": value,
                    "agency": worst.title if worst else "nobody",
                    "compliance": seen,
                    "other": model.side_labels[model.other(side)],
                    "relationship": model.relationship,
                }
                withdraw(model, month, deal, side, facts)
                break
