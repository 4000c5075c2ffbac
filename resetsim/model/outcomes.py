"""Decisions as data: what happened to a proposal, with the facts that explain it.

The stages return :class:`Outcome` records; :mod:`resetsim.model.narrative` turns each into
the plain-English ``reason`` of the decision log, so the decision rules carry no prose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from resetsim.scenario.schema import Proposal

__all__ = ["PROPOSAL_OUTCOMES", "Outcome"]

PROPOSAL_OUTCOMES: tuple[str, ...] = (
    "tabled",
    "initiated",
    "adopted",
    "rejected",
    "blocked",
    "ratified",
    "implemented",
    "slow_rolled",
    "reversed",
    "withdrawn",
)
"""Every ``outcome`` a decision-log row can have, in the order a proposal meets them."""


@dataclass(frozen=True)
class Outcome:
    """One proposal outcome of the decision log.

    Attributes:
        side: the side id it happened on.
        proposal: the proposal.
        outcome: the ``outcome`` column (``tabled``, ``rejected``, ``adopted``, ...).
        story: which sentence of :mod:`~resetsim.model.narrative` tells it.
        blocked_by: the actor who stopped it, or empty.
        support: the score or share behind the outcome (NaN where none).
        votes: ``(yes, no)`` of a roll call, or None.
        facts: the numbers and names the sentence needs.
        chamber: the key of the chamber that voted ("": the side's main chamber or none).

    """

    side: str
    proposal: Proposal
    outcome: str
    story: str
    blocked_by: str = ""
    support: float = float("nan")
    votes: tuple[int, int] | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    chamber: str = ""
