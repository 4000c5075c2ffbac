"""A chamber of a legislature: the factions that sit in it and the procedure it votes by.

A side's legislature may have several chambers, each with its own seats, factions and
rules: two thirds of the US Senate consent to a treaty (Art. II), a statute needs a
majority of each house (Art. I, sec. 7) and, in the Senate, three fifths to end debate
first (cloture, Senate Rule XXII); a veto is overridden by two thirds of each house. Iran's
Guardian Council reviews every bill the Majlis passes (Constitution of the Islamic Republic,
arts. 94-96). The chamber counts; its factions vote (:meth:`Faction.roll_call`).

A chamber also originates statutes when it distrusts its president's course towards the
other side (:meth:`Chamber.distrust`, :meth:`Chamber.originates`), and keeps those it
enacted: codified sanctions put his relief under its review (:meth:`Chamber.reviews_of`),
an aid floor forbids him to lower support to a partner (:meth:`Chamber.floor_on`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from resetsim.agents.legislature import Faction, passes, votes_needed
from resetsim.scenario.institutions import ReviewAct

if TYPE_CHECKING:
    from resetsim.scenario.schema import Legislature, Proposal
    from resetsim.scenario.statutes import Statute

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
        enacted: the statutes it originated that are law, with the review act each
            codification brings (None for an aid floor), in the order they passed.

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
        self.enacted: list[tuple[Statute, ReviewAct | None]] = []
        self.tried: dict[str, int] = {}  # statute id -> month it last took it up

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

    def distrust(self, executive: float, relationship: float, hostile_memory: float) -> float:
        """How far it distrusts its president's course towards the other side, in [0, 1].

        ``gap * (cold + threat) / 2``: ``gap`` is the seat-weighted mean of
        ``max(0, executive - stance) / 2`` over its factions that vote on statutes (how much
        warmer towards the other side the president is than its members), ``cold =
        (1 - relationship) / 2`` and ``threat = m / (1 + m)`` with ``m`` the other side's
        recent hostile moves as its side saw them. Legislators act on their own when they
        fear the executive will give away what they hold (FPRI article on Congress; Corwin
        1948; Lindsay 1994 on congressional assertiveness).

        >>> from resetsim.scenario.schema import Legislature
        >>> Chamber(Legislature(side="US", name="the Senate"), []).distrust(0.7, -0.5, 1.0)
        0.0
        """
        total = gap = 0.0
        for faction in self.factions:
            if faction.votes_on("statute"):
                total += faction.seats
                gap += faction.seats * max(0.0, executive - faction.stance) / 2.0
        if total == 0.0:
            return 0.0
        threat = hostile_memory / (1.0 + hostile_memory)
        return (gap / total) * ((1.0 - relationship) / 2.0 + threat) / 2.0

    @staticmethod
    def statute_hazard(statute: Statute, distrust: float, scale: float) -> float:
        """Monthly hazard of originating ``statute``: ``scale * h0 * exp(w * (distrust - 0.5))``.

        ``h0`` is its ``base_hazard`` (the hazard at distrust one half), ``w`` its
        ``distrust_weight`` and ``scale`` ``dynamics.move_rate_scale`` (proportional
        hazards, Cox 1972, as for moves).

        >>> from resetsim.scenario.statutes import Statute
        >>> s = Statute(id="x", side="US", effect="aid_floor", name="n", topic="t",
        ...             label="l", base_hazard=0.02, distrust_weight=2.0)
        >>> [round(Chamber.statute_hazard(s, d, k), 4) for d, k in ((0.5, 1.0), (1.0, 0.5))]
        [0.02, 0.0272]
        """
        return scale * statute.base_hazard * math.exp(statute.distrust_weight * (distrust - 0.5))

    def in_force(self, statute: Statute) -> bool:
        """Whether it has enacted ``statute`` (a statute in force is not passed again)."""
        return any(law.id == statute.id for law, _ in self.enacted)

    def originates(
        self, statute: Statute, distrust: float, scale: float, rng, month: int = 0
    ) -> bool:
        """Whether it takes up ``statute`` in ``month``: probability ``1 - exp(-hazard)``.

        No random number is drawn for a statute in force, one voted down less than its
        ``cooldown_months`` ago, or one of hazard 0, so ``move_rate_scale`` 0 (the null
        model) leaves the run as without statutes. Taking it up starts its cooldown.
        """
        last = self.tried.get(statute.id)
        if self.in_force(statute) or (last is not None and month - last < statute.cooldown_months):
            return False
        hazard = self.statute_hazard(statute, distrust, scale)
        if hazard > 0.0 and rng.random() < -math.expm1(-hazard):
            self.tried[statute.id] = month
            return True
        return False

    def enact(self, statute: Statute) -> None:
        """``statute`` becomes law; a codification brings its review of relief.

        The review act lets the chambers named in ``review_chambers`` (default: this one)
        disapprove, within ``window`` months, any deal it covers, subject to the
        president's veto and an override (INARA 2015; CAATSA 2017, sec. 216).
        """
        act = None
        if statute.effect == "codify_sanctions":
            act = ReviewAct(
                side=self.side, name=statute.name, window=statute.window,
                chambers=statute.review_chambers or [self.key],
                instruments=["executive", "treaty", "statute", "appropriation"],
            )  # fmt: skip
        self.enacted.append((statute, act))

    @staticmethod
    def covers(statute: Statute, proposal: Proposal) -> bool:
        """Whether ``statute`` reaches ``proposal``.

        A proposal named in its ``covers``; with none named, a core concession of its side
        (for an aid floor, one made by appropriation: a cut in the money).
        """
        if statute.covers:
            return proposal.id in statute.covers
        if statute.effect == "aid_floor" and proposal.instrument != "appropriation":
            return False
        return proposal.costs(statute.side)

    def reviews_of(self, proposal: Proposal) -> list[ReviewAct]:
        """The review acts of its codified sanctions that cover ``proposal``."""
        return [act for law, act in self.enacted if act is not None and self.covers(law, proposal)]

    def floor_on(self, proposal: Proposal) -> Statute | None:
        """The aid floor in force that forbids ``proposal`` (it lowers the support), or None."""
        for law, _ in self.enacted:
            if law.effect == "aid_floor" and self.covers(law, proposal):
                return law
        return None
