"""Roll calls: a chamber's factions vote on a proposal, or a vote counter foresees them.

Members vote on their support for the proposal, bent by their president's command share
(:meth:`~resetsim.agents.legislature.Faction.roll_call`); the chamber counts
(:meth:`~resetsim.agents.chamber.Chamber.tally`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from resetsim.agents.chamber import Chamber
from resetsim.agents.legislature import Faction
from resetsim.model.proposals import ProposalTerms
from resetsim.scenario.schema import Proposal

if TYPE_CHECKING:
    from resetsim.model.model import ResetModel

__all__ = ["Vote", "legislative_vote"]

Vote = tuple[Chamber, str, bool, float]
"""One vote of a passage plan: chamber, instrument, on undoing it (``against``), share."""


def legislative_vote(
    model: ResetModel,
    side: str,
    spec: Proposal,
    instrument: str,
    against: bool = False,
    expected: bool = False,
    chamber: Chamber | None = None,
) -> tuple[float, int, Faction | None]:
    """Roll-call on ``instrument`` in ``chamber`` (default: ``side``'s main chamber).

    Returns yes votes, total seats and the faction that cast the most votes against
    (:meth:`Faction.roll_call`; with ``against`` the vote is on undoing the proposal).
    With ``expected`` it is the vote as a counter expects it, without a draw: each
    faction's :meth:`Faction.expected_votes` on the support it would vote on; the faction
    returned is then the one that would cast the most votes against the proposal (for
    undoing it, with ``against``).
    """
    dyn = model.dynamics
    president = model.presidents[side]
    terms = ProposalTerms(spec)  # read by every faction twice: its fields as plain attributes

    def cast(f: Faction) -> float:
        if expected:
            support = f.roll_call_support(terms, president, dyn.concession_bonus, against)
            return f.expected_votes(support, dyn.vote_spread)
        return f.roll_call(
            terms, president, dyn.concession_bonus, dyn.vote_spread, model.rng, against
        )

    chamber = chamber or model.main_chamber(side)
    return chamber.tally(instrument, cast, lead_yes=expected and against)
