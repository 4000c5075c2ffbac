"""A chamber of a legislature: the factions that sit in it and the procedure it votes by.

A side's legislature may have several chambers, each with its own seats, factions and
rules: two thirds of the US Senate consent to a treaty (Art. II), a statute needs a
majority of each house (Art. I, sec. 7) and, in the Senate, three fifths to end debate
first (cloture, Senate Rule XXII); a veto is overridden by two thirds of each house. Iran's
Guardian Council reviews every bill the Majlis passes (Constitution of the Islamic Republic,
arts. 94-96). The chamber counts; its factions vote (:meth:`Faction.roll_call`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from resetsim.agents.legislature import Faction, passes, votes_needed

if TYPE_CHECKING:
    from resetsim.scenario.schema import Legislature

__all__ = ["Chamber"]


class Chamber:
    """One chamber of a side's legislature.

    Attributes:
        key: how procedures, factions and the decision log name it (``Senate``).
        name: how sentences name it (``the Senate``).
        side: its side's id.
        factions: the factions that sit in it, in scenario order.
        treaty_share, majority_share, override_share: the shares of its seats a treaty, a
            statute or appropriation, and an override of a veto need.
        cloture_share: share needed to end debate before any vote (0: no cloture rule).

    """

    def __init__(self, rules: Legislature, factions: Sequence[Faction]):
        self.key = rules.key
        self.name = rules.name
        self.side = rules.side
        self.factions = list(factions)
        self.treaty_share = rules.treaty_share
        self.majority_share = rules.majority_share
        self.override_share = rules.override_share
        self.cloture_share = rules.cloture_share

    def share_for(self, instrument: str) -> float:
        """Share of its seats ``instrument`` needs: two thirds for a treaty, else a majority."""
        return self.treaty_share if instrument == "treaty" else self.majority_share

    def tally(
        self, instrument: str, cast: Callable[[Faction], float], lead_yes: bool = False
    ) -> tuple[float, int, Faction | None]:
        """Sum ``cast(faction)`` over its factions that vote on ``instrument``.

        Returns yes votes, total seats and the faction that cast the most votes against
        (with ``lead_yes``, the most votes for).
        """
        yes, total, leader, leader_no = 0, 0, None, -1
        for faction in self.factions:
            if not faction.votes_on(instrument):
                continue
            votes = cast(faction)
            yes += votes
            total += faction.seats
            opposed = votes if lead_yes else faction.seats - votes
            if opposed > leader_no:
                leader, leader_no = faction, opposed
        return yes, total, leader

    def needed(self, total: int, share: float) -> int:
        """Yes votes a measure needing ``share`` must reach here, cloture included."""
        return votes_needed(total, max(share, self.cloture_share))

    def verdict(self, yes: float, total: int, share: float) -> str:
        """``passed``, ``filibustered`` (enough for ``share`` but not for cloture) or ``failed``.

        >>> from resetsim.scenario.schema import Legislature
        >>> senate = Chamber(Legislature(side="US", name="the Senate", cloture_share=0.6), [])
        >>> [senate.verdict(y, 100, 0.5) for y in (59, 60, 50)]
        ['filibustered', 'passed', 'failed']
        """
        if passes(yes, total, max(share, self.cloture_share)):
            return "passed"
        return "filibustered" if passes(yes, total, share) else "failed"
