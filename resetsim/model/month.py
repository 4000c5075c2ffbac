"""What one month has produced so far, handed from stage to stage.

Stages 1-5 write it (perceived hostility, the worst clash, deal gains, escalation, the
proposals answered this month); stages 6-8 and the recorder read it. A fresh one starts
every month, so nothing of it outlives the month (``docs/ODD.md``, section 3).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from resetsim.model.proposals import ProposalState

__all__ = ["MonthState"]


@dataclass(slots=True)
class MonthState:
    """The state of the current month, shared by the stages of ``ResetModel.step``.

    Attributes:
        perceived: per side id, the summed perceived severity of this month's clashes.
        worst_clash: the largest perceived severity of a clash seen by either side.
        worst_force: the same over the clashes that can escalate
            (``structure.escalation_kinds``; every clash when none is listed).
        clashes: clash, shock and congress events noted this month.
        escalation: 1 if a clash tipped into open military confrontation, else 0.
        deal_gain: relationship points gained from deals delivered this month.
        deal_boost: relationship points gained from cooperative events this month.
        answered: ``(proposer side, proposal)`` tabled and accepted for decision this month.

    """

    perceived: dict[str, float]
    worst_clash: float = 0.0
    worst_force: float = 0.0
    clashes: int = 0
    escalation: int = 0
    deal_gain: float = 0.0
    deal_boost: float = 0.0
    answered: list[tuple[str, ProposalState]] = field(default_factory=list)

    @classmethod
    def begin(cls, sides: tuple[str, ...]) -> MonthState:
        """A month in which nothing has happened yet."""
        # every field given: the generated ``__init__`` skips its default-factory path
        return cls(dict.fromkeys(sides, 0.0), 0.0, 0.0, 0, 0, 0.0, 0.0, [])
