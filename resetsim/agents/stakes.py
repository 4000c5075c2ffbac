"""Where an actor sits, issue by issue: its stance, weight, remit and trade on each issue.

Positions on arms control, NATO enlargement, sanctions and regional security are not one
stance: "where you stand depends on where you sit" holds issue by issue (Allison &
Halperin 1972). :class:`IssueStakes` gives every actor its stance on an issue (an offset
added to its one stance), its weight on it (the pen, an action channel: Allison & Zelikow
1999), its exposure to business on it (its remit: an organisation attends to what touches
its essence, Halperin 1974) and its commercial interest in it (trade a hostile move on
the issue puts at risk: Hirschman 1945).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["IssueStakes"]


class IssueStakes:
    """Per-issue stance, weight, remit and commercial interest of an actor.

    A mixin of :class:`~resetsim.agents.base.Actor`, which sets the attributes it reads:
    ``stance``, ``weight``, ``issues`` (offsets), ``pen``, ``pen_weight``, ``remit`` and
    ``commerce``.
    """

    stance: float
    weight: float
    issues: dict[str, float]
    pen: frozenset[str]
    pen_weight: float
    remit: dict[str, float]
    commerce: dict[str, float]

    def stance_on(self, issue: str) -> float:
        """Its stance on ``issue``: its stance plus the issue's offset, kept inside [-1, 1].

        An actor without an offset for ``issue`` (or ``issue`` empty) has its one stance
        (Allison & Halperin 1972: where it stands depends on where it sits, issue by issue).
        """
        # the offset read in place (:meth:`stake`'s rule), without a second method call
        offset = self.issues.get(issue, 0.0) if issue else 0.0
        if not offset:
            return self.stance
        x = self.stance + offset
        return -1.0 if x < -1.0 else 1.0 if x > 1.0 else x

    @staticmethod
    def stances_on(actors: Sequence[IssueStakes], issue: str) -> list[float]:
        """:meth:`stance_on` for each of ``actors`` (with weights: :meth:`weighted_stances_on`)."""
        return [actor.stance_on(issue) for actor in actors]

    @staticmethod
    def weighted_stances_on(
        actors: Sequence[IssueStakes], issue: str
    ) -> tuple[list[float], list[float], list[float]]:
        """:meth:`weight_on`, :meth:`stance_on` and their product for each of ``actors``.

        The rules are theirs, read in place, in one loop: a method call per actor costs the
        interpreter more than the rules themselves, and a government's weights and stances
        on the issue in hand are read every month
        (:func:`~resetsim.model.stages.bargaining.issue_mean`).
        """
        weights, stances, products = [], [], []
        for actor in actors:
            w = actor.weight * actor.pen_weight if issue in actor.pen else actor.weight
            x = actor.stance
            offset = actor.issues.get(issue, 0.0) if issue else 0.0
            if offset:
                x += offset
                x = -1.0 if x < -1.0 else 1.0 if x > 1.0 else x
            weights.append(w)
            stances.append(x)
            products.append(w * x)
        return weights, stances, products

    def weight_on(self, issue: str) -> float:
        """Its weight on ``issue``: ``pen_weight`` times its weight where it holds the pen.

        Who drafts the options on an issue is an action channel that favours its holder
        (Allison & Zelikow 1999).
        """
        return self.weight * self.pen_weight if issue in self.pen else self.weight

    def stake(self, issue: str) -> float:
        """Its stance offset on ``issue`` (0 for none): how far it sits apart on that issue.

        Where you stand depends on where you sit, issue by issue (Allison & Halperin 1972).
        """
        return self.issues.get(issue, 0.0)

    def exposure(self, issue: str) -> float:
        """How far business on ``issue`` moves its stance: its ``remit`` in it (1 if unnamed).

        An organisation attends to what touches its essence, its mission, capabilities and
        budget, and little to the rest (Halperin 1974, ch. 3; Allison & Halperin 1972:
        where you stand depends on where you sit). An enlargement round hardens the
        General Staff more than the economic ministries, an energy cut-off the reverse:
        moves and gestures on ``issue`` (:meth:`~resetsim.agents.base.Actor.react_to_clash`,
        :meth:`~resetsim.agents.base.Actor.welcome`), the
        bargaining over it (:meth:`~resetsim.agents.base.Actor.bargain`) and persuasion on it
        (:meth:`~resetsim.agents.base.Actor.yield_to`) move
        the stance ``exposure`` times as far. Business without an issue moves it fully.
        """
        return self.remit.get(issue, 1.0) if issue else 1.0

    def trade_interest(self, issue: str) -> float:
        """Its commercial stake in ``issue`` (0 for none, or no issue): its ``commerce`` in it.

        A hostile move on an issue that cuts trade (sanctions, energy levers) costs
        commercial actors business, and they lobby to restore it rather than rally to the
        flag: the stance warms by ``commerce`` times the move's impact
        (:meth:`~resetsim.agents.base.Actor.react_to_clash`). Hirschman (1945): trade
        creates domestic interests in its continuation (as in the US Chamber of Commerce's
        2014 campaign against Russia sanctions).
        """
        return self.commerce.get(issue, 0.0) if issue else 0.0
