"""Bureaucracies: agencies that lobby and implement, each anchored to its mission.

"Where you stand depends on where you sit" (Allison & Halperin 1972): an agency's stance
is pulled back towards an anchor set by its mission, made more hostile by how firmly it
holds its side's worldview when the worldviews clash (FPRI article). Agencies implement
what falls in their remit at a pace set by their own support and inertia, so a decision
can be slow-rolled (Halperin 1974; Neustadt 1960: "nothing will happen").
"""

from __future__ import annotations

from typing import ClassVar

from resetsim.agents.base import Actor, clip

__all__ = ["Bureaucracy"]


class Bureaucracy(Actor):
    """A government agency.

    Attributes:
        worldview: how firmly it holds its side's worldview, in [0, 1].
        mission_anchor: the anchor written in the scenario, before the worldview gap.

    """

    family: ClassVar[str] = "bureaucracy"

    def __init__(self, model, *, worldview: float, **kwargs):
        super().__init__(model, **kwargs)
        self.worldview = float(worldview)
        self.mission_anchor = self.anchor

    def set_worldview_gap(self, gap: float, weight: float) -> None:
        """Shift the anchor down by ``weight * worldview * gap`` (incompatible worldviews)."""
        self.anchor = clip(self.mission_anchor - weight * self.worldview * gap)

    def delivery_rate(self, support: float, command_share: float, drag: float) -> float:
        """Share of the promised monthly delivery this agency actually delivers, in [0, 1].

        An order from the president moves ``command_share`` of the work by itself; the rest
        moves as far as the agency is willing: fully when it does not oppose the deal
        (support >= 0), not at all at support -1 (Halperin 1974: agencies drag their feet
        on what they oppose). Institutional inertia then slows all of it by
        ``drag * inertia``: the national security bureaucracy's "natural aversion ... to
        radical change" (FPRI article) and Neustadt's "nothing will happen". With no
        inertia and no opposition an order is delivered on time.
        """
        return self.pace(*self.delivery_factors(support, command_share, drag))

    @staticmethod
    def pace(obey: float, routine: float) -> float:
        """The delivery rate from its two factors (:meth:`delivery_factors`), in [0, 1]."""
        return clip(obey * routine, 0.0, 1.0)

    def delivery_factors(
        self, support: float, command_share: float, drag: float
    ) -> tuple[float, float]:
        """The two factors of :meth:`delivery_rate`: what opposition and routine let through.

        ``obey`` is the share of the work the agency takes on (the command share plus its
        willingness: Halperin's foot-dragging when it opposes); ``routine`` the share of
        that which its inertia lets through in the month (Allison's organisational
        routines, the FPRI article's "natural aversion ... to radical change").
        """
        willing = clip(1.0 + support, 0.0, 1.0)
        obey = command_share + (1.0 - command_share) * willing
        return obey, 1.0 - drag * self.inertia
