"""A principal above the president, who approves or vetoes his deals (a Supreme Leader).

In the Islamic Republic the Supreme Leader, not the president, has the last word on
foreign and nuclear policy (Constitution, art. 110; Sadjadpour 2008); Khamenei's
"heroic flexibility" (2013-09) allowed talks he could still stop. The principal bargains
inside the government like any member, and is persuaded by the president; once the
executive has adopted a deal, it is his to approve or veto.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from resetsim.agents.base import Actor

if TYPE_CHECKING:
    from resetsim.scenario.schema import Proposal

__all__ = ["Principal"]


class Principal(Actor):
    """A principal above a president.

    Attributes:
        approval_bar: his support for a deal must exceed it for him to approve it.
        reviews: the instruments whose deals he reviews.

    """

    family: ClassVar[str] = "principal"

    def __init__(self, model, *, approval_bar: float, reviews: list[str], **kwargs):
        super().__init__(model, **kwargs)
        self.approval_bar = float(approval_bar)
        self.reviews = tuple(reviews)

    def reviews_deal(self, proposal: Proposal) -> bool:
        """Whether ``proposal``'s instrument is one he reviews."""
        return proposal.instrument in self.reviews

    def approves(self, proposal: Proposal, concession_bonus: float) -> bool:
        """Whether he approves ``proposal``: his support for it exceeds ``approval_bar``.

        His support is weighed as any actor's (:meth:`Actor.support_for`): his stance on
        its issue, less his hawkishness where his side gives up a core interest, plus the
        bonus of a concession won from the other side. A player's ``verdict`` order decides.
        """
        wanted = self.ordered("verdict")
        if wanted is not None:
            return wanted == "approve"
        return self.support_for(proposal, concession_bonus) > self.approval_bar
