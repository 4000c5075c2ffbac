"""The shared base of every political actor: a side, a name and a stance.

Stance is support for rapprochement with the other country, in [-1, 1]. Where an actor
stands depends on where it sits (Allison & Halperin 1972): each actor has an *anchor*
its stance returns to when nobody pushes it.
"""

from __future__ import annotations

from typing import ClassVar

import mesa

__all__ = ["Actor", "clip"]


def clip(value: float, low: float = -1.0, high: float = 1.0) -> float:
    """Clamp ``value`` into ``[low, high]``."""
    return low if value < low else high if value > high else value


class Actor(mesa.Agent):
    """A political actor on one side (``"US"`` or ``"RU"``).

    Attributes:
        side: ``"US"`` or ``"RU"``.
        name: unique actor name (also the ``actor`` column of ``ResetModel.actors()``).
        stance: support for rapprochement, in [-1, 1].
        anchor: the stance its institutional interest pulls it back to.
        clout: weight in the pulling and hauling.
        salience: how much the actor cares about US-Russia issues, in [0, 1].
        inertia: resistance to being moved, in [0, 1].
        hawkishness: how firmly it guards core security interests, in [0, 1].

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

    @property
    def weight(self) -> float:
        """Weight in the pulling and hauling: clout times salience (Allison & Halperin 1972)."""
        return self.clout * self.salience

    def support(self, core_against_own_side: bool) -> float:
        """Support for a proposal: stance, less the hawk's guard when it gives up a core interest.

        A proposal that makes this actor's side give up a core security interest meets the
        actor's hawkishness as resistance (FPRI article: the national security community's
        "natural aversion" to abandoning core interests).
        """
        return self.stance - (self.hawkishness if core_against_own_side else 0.0)

    def nudge(self, delta: float) -> None:
        """Move the stance by ``delta``, kept inside [-1, 1]."""
        self.stance = clip(self.stance + delta)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.side} {self.name!r}, stance={self.stance:+.2f})"
