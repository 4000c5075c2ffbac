"""Stage 5, implementation: agencies deliver what was decided, at their own pace.

Orders are not self-executing (Neustadt 1960: "He'll say 'Do this! Do that!' And
nothing will happen."). Each implementing agency delivers each month a share of the
promised monthly work set by the president's command share, its own support and its
inertia; slow-rolling shows as delivered < promised at the due date (Halperin 1974,
ch. 13 on implementation). The relationship gains the deal's benefit as it is delivered.
"""

from __future__ import annotations

from resetsim.model.stages.decision import support_for
from resetsim.scenario.schema import SIDES

__all__ = ["implement"]

_ABANDON_AFTER = 4  # a deal still unfinished after four times its promised months is dropped


def _side_agencies(model, deal, side: str) -> list[str]:
    return [n for n in deal.progress if model.agency[n].side == side]


def implement(model) -> None:
    """Advance every deal; log slow-rolling at the due date and completion when done."""
    dyn = model.spec.dynamics
    finished = []
    for deal in model.deals:
        spec = deal.spec
        for name in deal.progress:
            agency = model.agency[name]
            kappa = model.presidents[agency.side].command_share
            support = support_for(model, agency, spec, agency.side)
            obey, routine = agency.delivery_factors(support, kappa, dyn.implementation_drag)
            deal.record_pace(name, obey, routine)
            deal.progress[name] = min(
                1.0, deal.progress[name] + agency.pace(obey, routine) / spec.months
            )
        delivered = sum(deal.progress.values()) / len(deal.progress) if deal.progress else 1.0
        model.deal_gain += spec.benefit * (delivered - deal.credited)
        deal.credited = delivered
        elapsed = model.month - deal.start + 1
        if not deal.checked and elapsed >= spec.months:
            deal.checked = True
            for side in SIDES:
                names = _side_agencies(model, deal, side)
                share = deal.delivered(names)
                if names:
                    model.record_delivery(spec, side, deal.start, share, deal.losses(names))
                if names and share < dyn.slow_roll_share:
                    slowest = min(names, key=deal.progress.__getitem__)
                    agency = model.agency[slowest]
                    opposition, routine = deal.losses([slowest])
                    model.log(
                        side,
                        spec,
                        "slow_rolled",
                        blocked_by=slowest,
                        support=share,
                        reason=f"By {model.date} the {side} side had delivered "
                        f"{share:.0%} of {spec.topic}, promised in full after "
                        f"{spec.months} months; {agency.title} lagged most "
                        f"({deal.progress[slowest]:.0%} done: {opposition:.0%} of the work "
                        f"withheld by its opposition, {routine:.0%} lost to routine "
                        "slowness).",
                    )
        if delivered >= 0.999:
            model.log(
                spec.initiator if spec.initiator != "both" else "US",
                spec,
                "implemented",
                reason=f"{spec.topic[0].upper()}{spec.topic[1:]} was fully implemented "
                f"after {elapsed} months ({spec.months} promised).",
            )
            finished.append(deal)
        elif elapsed >= _ABANDON_AFTER * spec.months:
            slowest = min(deal.progress, key=deal.progress.__getitem__)
            agency = model.agency[slowest]
            model.log(
                agency.side,
                spec,
                "slow_rolled",
                blocked_by=slowest,
                support=delivered,
                reason=f"{spec.topic[0].upper()}{spec.topic[1:]} was dropped after "
                f"{elapsed} months ({spec.months} promised) with {delivered:.0%} "
                f"delivered; {agency.title} had done {deal.progress[slowest]:.0%}.",
            )
            finished.append(deal)
    for deal in finished:
        model.deals.remove(deal)
