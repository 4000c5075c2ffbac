"""The shared base of every political actor: a side, a name and a stance.

Stance is support for rapprochement with the other country, in [-1, 1]. Where an actor
stands depends on where it sits (Allison & Halperin 1972): each actor has an *anchor*
its stance returns to when nobody pushes it. Every actor bargains inside its government
(:meth:`Actor.bargain`) and reacts to clashes and cooperative events
(:meth:`Actor.react_to_clash`, :meth:`Actor.welcome`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import mesa

if TYPE_CHECKING:
    from resetsim.scenario.schema import Proposal

__all__ = ["CLASH_HAWK_BASE", "Actor", "clip"]

CLASH_HAWK_BASE = 0.5
"""Clash stance factor ``(CLASH_HAWK_BASE + h) / (CLASH_HAWK_BASE + 1)``: hawks move more."""


def clip(value: float, low: float = -1.0, high: float = 1.0) -> float:
    """Clamp ``value`` into ``[low, high]``."""
    return low if value < low else high if value > high else value


class Actor(mesa.Agent):
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

    def support(self, core_against_own_side: bool) -> float:
        """Support for a proposal: stance, less the hawk's guard when it gives up a core interest.

        A proposal that makes this actor's side give up a core security interest meets the
        actor's hawkishness as resistance (FPRI article: the national security community's
        "natural aversion" to abandoning core interests).
        """
        return self.stance - (self.hawkishness if core_against_own_side else 0.0)

    def support_for(self, proposal: Proposal, concession_bonus: float) -> float:
        """Support for ``proposal`` as seen from this actor's side.

        A concession by its own side costs its hawkishness (:meth:`support`); one by the
        other side is a gain worth ``concession_bonus``.
        """
        value = self.support(proposal.core and proposal.concedes == self.side)
        if proposal.core and proposal.concedes not in (self.side, None):
            value += concession_bonus
        return value

    def nudge(self, delta: float) -> None:
        """Move the stance by ``delta``, kept inside [-1, 1]."""
        x = self.stance + delta
        self.stance = -1.0 if x < -1.0 else 1.0 if x > 1.0 else x

    def bargain(self, mean: float, pull: float, home: float) -> None:
        """One month of pulling and hauling inside its government.

        The stance moves ``pull * (1 - inertia)`` of the way to the government's weighted
        mean stance and ``home`` of the way back to its anchor (Allison & Halperin 1972:
        policy as the outcome of "pulling and hauling"; where you stand depends on where
        you sit).
        """
        x = self.stance
        x += pull * (1.0 - self.inertia) * (mean - x) + home * (self.anchor - x)
        self.stance = -1.0 if x < -1.0 else 1.0 if x > 1.0 else x

    def react_to_clash(self, seen: float, impact: float) -> None:
        """A clash read as ``seen`` hostile cools the stance, hawks more (Jervis 1976)."""
        self.nudge(-impact * seen * (CLASH_HAWK_BASE + self.hawkishness) / (CLASH_HAWK_BASE + 1.0))

    def welcome(self, lift: float) -> None:
        """A cooperative event warms the stance by ``lift``, less by the actor's hawkishness."""
        self.nudge(lift * (1 - self.hawkishness))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.side} {self.name!r}, stance={self.stance:+.2f})"
