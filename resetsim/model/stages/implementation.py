"""Stage 5, implementation: agencies deliver what was decided, at their own pace.

Orders are not self-executing (Neustadt 1960: "He'll say 'Do this! Do that!' And
nothing will happen."). Each implementing agency works on the deal each month
(:meth:`Bureaucracy.work_on`) at a pace set by the president's command share, its own
support and its inertia; slow-rolling shows as delivered < promised at the due date
(Halperin 1974, ch. 13 on implementation). The relationship gains the deal's benefit as it
is delivered. Deals in force (implemented, or in force when the scenario starts) pay and
are watched first (:func:`~resetsim.model.stages.compliance.keep_or_leave`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from resetsim.model.month import MonthState
from resetsim.model.outcomes import Outcome
from resetsim.model.stages.compliance import keep_or_leave, tracks_deals_in_force

if TYPE_CHECKING:
    from resetsim.model.model import ResetModel
    from resetsim.model.proposals import Deal

__all__ = ["ABANDON_AFTER", "COMPLETION", "implement"]

ABANDON_AFTER = 4
"""A deal still unfinished after this many times its promised months is dropped."""
COMPLETION = 0.999
"""Completion: the delivered share counted as done."""


def _side_agencies(model: ResetModel, deal: Deal, side: str) -> list[str]:
    return [n for n in deal.progress if model.agency[n].side == side]


def _fall_due(model: ResetModel, deal: Deal) -> None:
    """At the due date: record each side's delivery and log a side that slow-rolled."""
    spec, dyn = deal.spec, model.dynamics
    for side in model.sides:
        names = _side_agencies(model, deal, side)
        share = deal.delivered(names)
        if names:
            model.record_delivery(spec, side, deal.start, share, deal.losses(names))
        if names and share < dyn.slow_roll_share:
            slowest = min(names, key=deal.progress.__getitem__)
            opposition, routine = deal.losses([slowest])
            facts = {
                "date": model.date,
                "share": share,
                "months": spec.months,
                "agency": model.agency[slowest].title,
                "done": deal.progress[slowest],
                "opposition": opposition,
                "routine": routine,
            }
            model.log(
                Outcome(side, spec, "slow_rolled", "slow_rolled", slowest, share, facts=facts)
            )


def implement(model: ResetModel, month: MonthState) -> None:
    """Deals in force first; then advance every deal, log slow-rolling and completion."""
    dyn = model.dynamics
    if model.in_force:
        keep_or_leave(model, month)
    if not model.deals:
        return
    finished = []
    for deal in model.deals:
        spec, terms = deal.spec, deal.terms  # the spec for the records, its terms plainly
        for name in deal.progress:
            agency = model.agency[name]
            kappa = model.presidents[agency.side].command_share
            agency.work_on(deal, kappa, dyn.implementation_drag, dyn.concession_bonus)
        delivered = sum(deal.progress.values()) / len(deal.progress) if deal.progress else 1.0
        month.deal_gain += terms.benefit * (delivered - deal.credited)
        deal.credited = delivered
        elapsed = model.month - deal.start + 1
        if not deal.checked and elapsed >= terms.months:
            deal.checked = True
            _fall_due(model, deal)
        if delivered >= COMPLETION:
            facts = {"elapsed": elapsed, "months": spec.months}
            side = spec.initiator if spec.initiator in model.sides else model.sides[0]
            model.log(Outcome(side, spec, "implemented", "implemented", facts=facts))
            finished.append(deal)
            if tracks_deals_in_force(model, deal):
                model.in_force.append(deal)
        elif elapsed >= ABANDON_AFTER * terms.months:
            slowest = min(deal.progress, key=deal.progress.__getitem__)
            agency = model.agency[slowest]
            facts = {
                "elapsed": elapsed,
                "months": spec.months,
                "delivered": delivered,
                "agency": agency.title,
                "done": deal.progress[slowest],
            }
            model.log(
                Outcome(
                    agency.side, spec, "slow_rolled", "dropped", slowest, delivered, facts=facts
                )
            )
            finished.append(deal)
    for deal in finished:
        model.deals.remove(deal)
