"""Bureaucracies: agencies that lobby and implement, each anchored to its mission.

"Where you stand depends on where you sit" (Allison & Halperin 1972): an agency's stance
is pulled back towards an anchor set by its mission, made more hostile by how firmly it
holds its side's worldview when the worldviews clash (FPRI article). Agencies implement
what falls in their remit at a pace set by their own support and inertia, so a decision
can be slow-rolled (Halperin 1974; Neustadt 1960: "nothing will happen").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from resetsim.agents.base import Actor, clip

if TYPE_CHECKING:
    from resetsim.model.proposals import Deal
    from resetsim.scenario.schema import Proposal

__all__ = ["REMIT_WEIGHT", "Bureaucracy"]

REMIT_WEIGHT = 2.0
"""Remit weight: agencies in charge of a proposal count this many times in the executive score."""


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

    def revise(self, anchor: float | None = None, **changes: float) -> None:
        """A dated change (:meth:`Actor.revise`); a new ``anchor`` is its new mission anchor.

        The anchor it returns to is then the new mission anchor pulled down by the current
        worldview gap (:meth:`set_worldview_gap`).
        """
        super().revise(**changes)
        if anchor is not None:
            self.mission_anchor = float(anchor)
            model = self.model
            self.set_worldview_gap(
                model.structure.worldview_gap, model.dynamics.worldview_anchor_weight
            )

    def set_worldview_gap(self, gap: float, weight: float, follow: bool = False) -> None:
        """Shift the anchor down by ``weight * worldview * gap`` (incompatible worldviews).

        With ``follow`` (an agency whose scenario gives no starting stance) the stance
        starts at the new anchor.
        """
        self.anchor = clip(self.mission_anchor - weight * self.worldview * gap)
        if follow:
            self.stance = self.anchor

    @staticmethod
    def pace(obey: float, routine: float) -> float:
        """Share of the promised monthly work delivered, from its two factors, in [0, 1].

        With no inertia and no opposition an order is delivered on time (Neustadt 1960:
        otherwise "nothing will happen").
        """
        return clip(obey * routine, 0.0, 1.0)

    def delivery_factors(
        self, support: float, command_share: float, drag: float
    ) -> tuple[float, float]:
        """The two factors of :meth:`pace`: what opposition and routine let through.

        ``obey`` is the share of the work the agency takes on (the command share plus its
        willingness: Halperin's foot-dragging when it opposes); ``routine`` the share of
        that which its inertia lets through in the month (Allison's organisational
        routines, the FPRI article's "natural aversion ... to radical change").
        A player's ``deliver`` order sets its willingness.
        """
        wanted = None if self.orders is None else self.ordered("deliver")
        willing = clip(1.0 + support, 0.0, 1.0) if wanted is None else float(wanted)
        obey = command_share + (1.0 - command_share) * willing
        return obey, 1.0 - drag * self.inertia

    def complies_with(
        self, proposal: Proposal, command_share: float, concession_bonus: float
    ) -> float:
        """Share of its standing obligations under a deal in force that it keeps, in [0, 1].

        The ``obey`` factor of :meth:`delivery_factors` without routine slowness: the
        command share plus its willingness, so an agency that has turned against the deal
        keeps it only in part (Chayes & Chayes 1993; Halperin 1974 on foot-dragging).
        """
        obey, _ = self.delivery_factors(
            self.support_for(proposal, concession_bonus), command_share, 0.0
        )
        return obey

    def voice(self, proposal: Proposal, concession_bonus: float) -> tuple[float, float]:
        """Its weight and support in the executive decision on ``proposal``.

        Agencies in the proposal's remit count :data:`REMIT_WEIGHT` times (they will have
        to carry it out), and the one holding the pen on its issue ``pen_weight`` times
        (:meth:`Actor.weight_on`). A player's ``argue`` order makes its support +1 (for) or -1.
        """
        issue = proposal.issue
        weight = (self.weight_on(issue) if issue else self.weight) * (
            REMIT_WEIGHT if self.name in proposal.agencies else 1.0
        )
        wanted = None if self.orders is None else self.ordered("argue")
        if wanted is not None:
            return weight, 1.0 if wanted == "for" else -1.0
        return weight, self.support_for(proposal, concession_bonus)

    def work_on(self, deal: Deal, command_share: float, drag: float, concession_bonus: float):
        """One month of its share of ``deal``: progress at its own pace, losses booked.

        An order from the president moves ``command_share`` of the work by itself; the rest
        moves as far as the agency is willing (Halperin 1974: agencies drag their feet on
        what they oppose); inertia slows all of it by ``drag * inertia``.
        """
        obey, routine = self.delivery_factors(
            self.support_for(deal.terms, concession_bonus), command_share, drag
        )
        deal.record_pace(self.name, obey, routine)
        done = deal.progress[self.name] + self.pace(obey, routine) / deal.terms.months
        deal.progress[self.name] = min(1.0, done)
