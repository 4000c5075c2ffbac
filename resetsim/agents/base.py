"""The shared base of every political actor: a side, a name and a stance.

Stance is support for rapprochement with the other country, in [-1, 1]. Where an actor
stands depends on where it sits (Allison & Halperin 1972): each actor has an *anchor*
its stance returns to when nobody pushes it. Every actor bargains inside its government
(:meth:`Actor.bargain`) and reacts to clashes and cooperative events
(:meth:`Actor.react_to_clash`, :meth:`Actor.welcome`). Actors that hold moves act on the
other side on their own (:meth:`Actor.consider_moves`) and answer its moves
(:meth:`Actor.answer`): Jervis's (1976) spiral for hostile moves, Osgood's (1962) GRIT for
cooperative ones. Stances differ by issue (:meth:`Actor.stance_on`), the agency that holds
the pen on an issue weighs more in it (:meth:`Actor.weight_on`; Allison & Zelikow 1999), and
business on an issue moves an actor as far as the issue lies in its remit
(:meth:`Actor.exposure`; Halperin 1974 on organisational essence).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar

import mesa

from resetsim.agents.repertoire import MoveRepertoire
from resetsim.agents.stakes import IssueStakes

if TYPE_CHECKING:
    from resetsim.agents.orders import Orders
    from resetsim.scenario.moves import Move
    from resetsim.scenario.schema import Proposal

__all__ = ["CLASH_HAWK_BASE", "Actor", "clip"]

CLASH_HAWK_BASE = 0.5
"""Clash stance factor ``(CLASH_HAWK_BASE + h) / (CLASH_HAWK_BASE + 1)``: hawks move more."""


def clip(value: float, low: float = -1.0, high: float = 1.0) -> float:
    """Clamp ``value`` into ``[low, high]``."""
    return low if value < low else high if value > high else value


class Actor(IssueStakes, MoveRepertoire, mesa.Agent):
    """A political actor on one of the scenario's two sides.

    Attributes:
        side: the id of its side (e.g. ``"US"``), as the scenario declares it.
        name: unique actor name (also the ``actor`` column of ``ResetModel.actors()``).
        stance: support for rapprochement, in [-1, 1].
        anchor: the stance its institutional interest pulls it back to.
        clout: weight in the pulling and hauling.
        salience: how much the actor cares about the relationship, in [0, 1].
        inertia: resistance to being moved, in [0, 1].
        hawkishness: how firmly it guards core security interests, in [0, 1].
        weight: clout times salience, its weight in the pulling and hauling.
        moves: the moves of the scenario's repertoire it holds (empty: it never moves).
        issues: per-issue offsets added to its stance on that issue (empty: one stance).
        pen: the issues on which it holds the pen (an action channel).
        pen_weight: how many times its weight counts on an issue whose pen it holds.
        remit: per-issue exposure of its stance to business on that issue (empty: 1 on all).
        commerce: per-issue commercial stake: a hostile move on the issue warms it.
        last_made: per move id, the month it last made (a statute: originated) that move.
        idle_until: with no move open, the month before which it has no move to weigh
            (:meth:`~resetsim.agents.repertoire.MoveRepertoire.consider_moves` sets it; set
            here, with the other attributes, so that every instance keeps the same compact
            layout: added later, it made every run 4% dearer).

    """

    family: ClassVar[str] = "actor"

    def __init__(
        self,
        model: mesa.Model,
        *,
        side: str,
        name: str,
        stance: float,
        anchor: float | None = None,
        clout: float = 0.2,
        salience: float = 0.5,
        inertia: float = 0.5,
        hawkishness: float = 0.5,
        title: str = "",
        issues: dict[str, float] | None = None,
        pen: Iterable[str] = (),
        pen_weight: float = 1.0,
        remit: dict[str, float] | None = None,
        commerce: dict[str, float] | None = None,
    ):
        super().__init__(model)
        self.side = side
        self.name = name
        self.title = title or name
        self.stance = float(stance)
        self.anchor = float(stance if anchor is None else anchor)
        self.clout = float(clout)
        self.salience = float(salience)
        self.inertia = float(inertia)
        self.hawkishness = float(hawkishness)
        # weight in the pulling and hauling: clout times salience (Allison & Halperin 1972)
        self.weight = self.clout * self.salience
        self.moves: tuple[Move, ...] = ()
        self.spontaneous: tuple[Move, ...] = ()
        self.issues: dict[str, float] = dict(issues or {})
        self.pen = frozenset(pen)
        self.pen_weight = float(pen_weight)
        self.remit: dict[str, float] = dict(remit or {})
        self.commerce: dict[str, float] = dict(commerce or {})
        self.last_made: dict[str, int] = {}  # move id -> month it last made (or originated) it
        self.idle_until = 0  # with no move open, nothing to weigh before this month
        self.orders: Orders | None = None  # a player's decisions this month (role-play)

    def take_orders(self, orders: Orders | None) -> None:
        """Act on ``orders`` (a player's decisions) from now on; None: by its own rules again."""
        self.orders = orders

    def ordered(self, decision: str) -> object | None:
        """A player's ``decision`` (an :class:`~resetsim.agents.orders.Orders` field), or None."""
        return None if self.orders is None else getattr(self.orders, decision)

    def support(self, core_against_own_side: bool, issue: str = "") -> float:
        """Support for a proposal: stance, less the hawk's guard when it gives up a core interest.

        The stance that counts is its stance on the proposal's ``issue``
        (:meth:`stance_on`). A proposal that makes this actor's side give up a core
        security interest meets the actor's hawkishness as resistance (FPRI article: the
        national security community's "natural aversion" to abandoning core interests).
        """
        x = self.stance_on(issue) if issue else self.stance
        return x - (self.hawkishness if core_against_own_side else 0.0)

    def support_for(self, proposal: Proposal, concession_bonus: float) -> float:
        """Support for ``proposal`` as seen from this actor's side.

        A concession by its own side costs its hawkishness (:meth:`support`); one by the
        other side is a gain worth ``concession_bonus``. ``proposal`` may be its plain
        copy (:class:`~resetsim.model.proposals.ProposalTerms`), as the monthly rules pass it.
        """
        value = self.support(proposal.costs(self.side), proposal.issue)
        if proposal.pays(self.side):
            value += concession_bonus
        return value

    def nudge(self, delta: float) -> None:
        """Move the stance by ``delta``, kept inside [-1, 1]."""
        x = self.stance + delta
        self.stance = -1.0 if x < -1.0 else 1.0 if x > 1.0 else x

    def bargain(self, mean: float, pull: float, home: float, issue: str = "") -> None:
        """One month of pulling and hauling inside its government.

        Its stance on ``issue`` (the business in hand) moves ``pull * (1 - inertia)`` of the
        way to the government's weighted mean stance on it, and its stance ``home`` of the
        way back to its anchor (Allison & Halperin 1972: policy as the outcome of "pulling
        and hauling"; where you stand depends on where you sit). Its issue offsets are fixed,
        so the pull on one issue moves its whole stance, times its :meth:`exposure` to it.
        The rule is :meth:`bargain_all`'s, for one actor.
        """
        Actor.bargain_all((self,), mean, pull, home, issue)

    @staticmethod
    def bargain_all(
        members: Iterable[Actor],
        mean: float,
        pull: float,
        home: float,
        issue: str = "",
        on: Sequence[float] | None = None,
    ) -> None:
        """:meth:`bargain` for each of ``members``, in one loop (a government's month).

        Each stance moves ``pull * exposure * (1 - inertia)`` of the way from its stance on
        ``issue`` to ``mean`` and ``home`` of the way back to its anchor, kept in [-1, 1].
        ``on`` holds the members' stances on ``issue`` (:meth:`stance_on`) if already read.
        """
        if issue:
            if on is None:
                on = Actor.stances_on(members, issue)
            # ``on[i]``, not ``zip(..., strict=True)``: a keyword argument makes ``zip``
            # parse its arguments slowly, at a cost like that of a member's update
            for i, actor in enumerate(members):
                x = actor.stance
                # its :meth:`exposure`, read in place (a method call costs more than the rule)
                x += pull * actor.remit.get(issue, 1.0) * (1.0 - actor.inertia) * (
                    mean - on[i]
                ) + home * (actor.anchor - x)
                actor.stance = -1.0 if x < -1.0 else 1.0 if x > 1.0 else x
            return
        for actor in members:
            x = actor.stance
            x += pull * (1.0 - actor.inertia) * (mean - x) + home * (actor.anchor - x)
            actor.stance = -1.0 if x < -1.0 else 1.0 if x > 1.0 else x

    def yield_to(self, aim: float, coefficient: float, issue: str = "") -> float:
        """Persuaded towards ``aim`` on ``issue``; returns the shift of its stance.

        The shift is ``coefficient * (1 - inertia) * (aim - its stance on the issue)``, times
        its :meth:`exposure` to the issue: being won over on business outside its remit
        hardly moves an actor's view of the relationship (Neustadt 1960: persuasion meets
        people with their own stakes; the persuader's side of it is
        :meth:`~resetsim.agents.president.President.persuade`). The rule is
        :meth:`yield_all`'s, for one actor.
        """
        return Actor.yield_all((self,), aim, coefficient, issue)

    @staticmethod
    def yield_all(
        targets: Iterable[Actor], aim: float, coefficient: float, issue: str = ""
    ) -> float:
        """:meth:`yield_to` for each of ``targets``, in one loop; returns the shifts' sum.

        Each stance shifts ``coefficient * exposure * (1 - inertia) * (aim - its stance on
        issue)``, kept in [-1, 1].
        """
        moved = 0.0
        if issue:
            # :meth:`exposure` and :meth:`stance_on` read in place, as in :meth:`stances_on`
            for actor in targets:
                x = on = actor.stance
                offset = actor.issues.get(issue, 0.0)
                if offset:
                    on += offset
                    on = -1.0 if on < -1.0 else 1.0 if on > 1.0 else on
                shift = (
                    coefficient * actor.remit.get(issue, 1.0) * (1.0 - actor.inertia) * (aim - on)
                )
                x += shift
                actor.stance = -1.0 if x < -1.0 else 1.0 if x > 1.0 else x
                moved += shift
            return moved
        for actor in targets:
            x = actor.stance
            shift = coefficient * (1.0 - actor.inertia) * (aim - x)
            x += shift
            actor.stance = -1.0 if x < -1.0 else 1.0 if x > 1.0 else x
            moved += shift
        return moved

    def react_to_clash(self, seen: float, impact: float, issue: str = "") -> None:
        """A clash read as ``seen`` hostile cools the stance, hawks more (Jervis 1976).

        A clash on ``issue`` cools it ``(1 - offset) * exposure`` times as much, with its
        offset on that issue (:meth:`stake`) and its :meth:`exposure` to it: a hostile move
        hits hardest those most guarded on its issue and those whose remit it falls in.
        Trade it puts at risk warms it by ``impact * seen`` times its
        :meth:`trade_interest` in the issue. The rule is :meth:`react_all`'s, for one actor.
        """
        Actor.react_all((self,), seen, impact, issue)

    @staticmethod
    def react_all(actors: Iterable[Actor], seen: float, impact: float, issue: str = "") -> None:
        """:meth:`react_to_clash` for each of ``actors``, in one loop (a government's reading).

        Each stance cools by ``impact * seen * (CLASH_HAWK_BASE + hawkishness) /
        (CLASH_HAWK_BASE + 1)``, times ``(1 - offset) * exposure`` on ``issue``, less the
        trade the clash puts at risk, and is kept in [-1, 1] (:meth:`nudge`).
        """
        hit, scale, trade = -impact * seen, CLASH_HAWK_BASE + 1.0, impact * seen
        for actor in actors:
            cool = hit * (CLASH_HAWK_BASE + actor.hawkishness) / scale
            if issue:  # :meth:`stake`, :meth:`exposure`, :meth:`trade_interest` read in place
                cool *= (1.0 - actor.issues.get(issue, 0.0)) * actor.remit.get(issue, 1.0)
                if actor.commerce:
                    cool += trade * actor.commerce.get(issue, 0.0)
            x = actor.stance + cool
            actor.stance = -1.0 if x < -1.0 else 1.0 if x > 1.0 else x

    def welcome(self, lift: float, issue: str = "") -> None:
        """A cooperative event warms the stance by ``lift``, less by the actor's hawkishness.

        A gesture on ``issue`` warms it ``(1 + offset) * exposure`` times as much
        (:meth:`stake`, :meth:`exposure`). The rule is :meth:`welcome_all`'s, for one actor.
        """
        Actor.welcome_all((self,), lift, issue)

    @staticmethod
    def welcome_all(actors: Iterable[Actor], lift: float, issue: str = "") -> None:
        """:meth:`welcome` for each of ``actors``, in one loop; stances kept in [-1, 1]."""
        for actor in actors:
            warm = lift * (1 - actor.hawkishness)
            if issue:  # :meth:`stake` and :meth:`exposure` read in place
                warm *= (1.0 + actor.issues.get(issue, 0.0)) * actor.remit.get(issue, 1.0)
            x = actor.stance + warm
            actor.stance = -1.0 if x < -1.0 else 1.0 if x > 1.0 else x

    def revise(
        self,
        stance: float | None = None,
        hawkishness: float | None = None,
        inertia: float | None = None,
        clout: float | None = None,
    ) -> None:
        """A dated change of the actor (scenario ``[[roster_changes]]``): new chief, new seats.

        Only the values given change; the weight follows the clout.
        """
        if stance is not None:
            self.stance = clip(float(stance))
        if hawkishness is not None:
            self.hawkishness = float(hawkishness)
        if inertia is not None:
            self.inertia = float(inertia)
        if clout is not None:
            self.clout = float(clout)
            self.weight = self.clout * self.salience

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.side} {self.name!r}, stance={self.stance:+.2f})"
