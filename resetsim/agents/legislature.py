"""Legislative and elite factions: votes, influence and the instruments they hold.

Congress holds real foreign-policy instruments (Corwin 1948: an "invitation to
struggle"): treaty consent needs two thirds of the Senate, lifting or codifying sanctions
needs a statute, and military aid needs appropriations (FPRI article). Russian elite
factions (Duma, siloviki, business) weigh in too, though the Kremlin's command share bends
the Duma's votes. A deal stands only if both sides ratify it (Putnam 1988).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, ClassVar

from resetsim.agents.base import Actor, clip

if TYPE_CHECKING:
    from collections.abc import Iterable

    from resetsim.agents.president import President
    from resetsim.scenario.schema import Proposal

__all__ = ["Faction", "passes", "votes_needed"]


def votes_needed(total_seats: int, share: float) -> int:
    """Smallest number of yes votes that reaches ``share`` of ``total_seats``.

    >>> votes_needed(100, 2 / 3), votes_needed(100, 0.6667), votes_needed(450, 0.5)
    (67, 67, 226)
    """
    exact = share * total_seats
    if share <= 0.5:  # a majority is strictly more than half
        return math.floor(exact + 1e-9) + 1
    return max(math.ceil(exact - 1e-6), 1)


def passes(yes: int, total_seats: int, share: float) -> bool:
    """Whether ``yes`` votes clear ``share`` of the chamber (66 of 100 fails 2/3, 67 passes)."""
    return yes >= votes_needed(total_seats, share)


class Faction(Actor):
    """A legislative or elite faction.

    Attributes:
        seats: votes it casts on treaties, statutes and appropriations (0 for elite groups).
        instruments: which of ``treaty``, ``statute``, ``appropriation`` it votes on.
        cohesion: share of its members who vote the faction's line (the whip), in [0, 1].
        constituency: how far its public's mood reaches it, a multiple of the public pressure
            (0: an elite group without voters).

    """

    family: ClassVar[str] = "legislature"

    def __init__(
        self,
        model,
        *,
        seats: int,
        instruments: list[str],
        cohesion: float = 0.0,
        constituency: float = 1.0,
        **kwargs,
    ):
        super().__init__(model, **kwargs)
        self.constituency = float(constituency)
        self.seats = int(seats)
        self.instruments = tuple(instruments)
        self.cohesion = float(cohesion)

    def revise(self, seats: int | None = None, **changes: float) -> None:
        """A dated change (:meth:`Actor.revise`), e.g. a midterm election's new ``seats``."""
        super().revise(**changes)
        if seats is not None:
            self.seats = int(seats)

    def yes_probability(self, support: float, spread: float) -> float:
        """Chance that one member votes yes: logistic in support, ``spread`` wide."""
        z = max(-50.0, min(50.0, support / spread))  # beyond +-50 the answer is 0 or 1
        return 1.0 / (1.0 + math.exp(-z))

    def yes_share(self, support: float, spread: float) -> float:
        """Chance that one member votes yes, the whip included.

        The faction's leadership takes a line, yes when the faction's ``support`` is
        positive; a share ``cohesion`` of the members follow the line and the rest vote
        their own mind (:meth:`yes_probability`): ``cohesion * line + (1 - cohesion) * p``.
        Party discipline makes votes block votes (Cox & McCubbins 1993; Lee 2009 on
        party-line voting in the Senate); with ``cohesion`` 0 members vote independently.
        """
        p = self.yes_probability(support, spread)
        if self.cohesion <= 0.0:
            return p
        line = 1.0 if support > 0.0 else 0.0
        return self.cohesion * line + (1.0 - self.cohesion) * p

    def vote(self, support: float, spread: float, rng) -> int:
        """Yes votes cast by its members (:meth:`yes_share` each, one binomial draw)."""
        if self.seats == 0:
            return 0
        return int(rng.binomial(self.seats, self.yes_share(support, spread)))

    def expected_votes(self, support: float, spread: float) -> float:
        """Yes votes a vote counter expects of it: ``seats * yes_share`` (no draw)."""
        return self.seats * self.yes_share(support, spread)

    def votes_on(self, instrument: str) -> bool:
        """Whether its members vote on ``instrument``."""
        return self.seats > 0 and instrument in self.instruments

    def roll_call(
        self,
        proposal: Proposal,
        president: President,
        concession_bonus: float,
        spread: float,
        rng,
        against: bool = False,
    ) -> int:
        """Yes votes on ``proposal`` (on undoing it, with ``against``).

        Members vote on :meth:`roll_call_support`: Russia's Duma bends to the Kremlin's
        command share; the US Senate hardly does. A player's ``vote`` order whips every
        member: "for" rapprochement is yes on a deal and no on undoing it (the members' own
        votes are still drawn, so that the rest of the run sees the same random numbers).
        """
        support = self.roll_call_support(proposal, president, concession_bonus, against)
        yes = self.vote(support, spread, rng)
        wanted = self.ordered("vote")
        if wanted is None:
            return yes
        return self.seats if (wanted == "for") != against else 0

    def roll_call_support(
        self, proposal: Proposal, president: President, concession_bonus: float, against: bool
    ) -> float:
        """``(1 - kappa) * own support + kappa * the president's`` (negated with ``against``)."""
        kappa = president.command_share
        support = (1.0 - kappa) * self.support_for(
            proposal, concession_bonus
        ) + kappa * president.support_for(proposal, concession_bonus)
        return -support if against else support

    def harden(self, gain: float) -> None:
        """Hawkishness rises by ``gain`` (legislators acting on their own, e.g. Magnitsky)."""
        self.hawkishness = clip(self.hawkishness + gain, 0.0, 1.0)

    def feel(self, public_stance: float, pressure: float) -> None:
        """Move ``pressure * constituency`` of the way to its public's stance.

        Legislators answer to the voters who re-elect them (Mayhew 1974: the electoral
        connection; Putnam 1988, level II); an elite group without voters (siloviki,
        business) has ``constituency`` 0 and answers to its own interests instead. The
        rule is :meth:`feel_all`'s, for one faction.
        """
        Faction.feel_all((self,), public_stance, pressure)

    @staticmethod
    def feel_all(factions: Iterable[Faction], public_stance: float, pressure: float) -> None:
        """:meth:`feel` for each of ``factions``, in one loop (a side's month)."""
        for faction in factions:
            x = faction.stance
            x += pressure * faction.constituency * (public_stance - x)
            faction.stance = -1.0 if x < -1.0 else 1.0 if x > 1.0 else x  # :meth:`nudge`
