"""Orders: what a player decided for one actor this month, read by the actor's own rules.

In a role-play (``resetsim classroom``) a student plays an actor. The student's decisions
do not replace the actor's rules with copies of them: the session hands the actor an
:class:`Orders` (:meth:`~resetsim.agents.base.Actor.take_orders`) and the actor's own
methods read each decision where they would otherwise decide by rule: whether and what a
president tables, how he answers the other side's proposal, how much capital he spends on
persuasion and on whom, whether he decides over his agencies' heads; whether an agency argues for or
against a proposal and how much of a deal it delivers; how a faction's members vote; whether
a principal approves or vetoes his executive's deals; which move of its repertoire an actor
makes. A decision left at None is the actor's own, so an
actor with no orders (every actor outside a role-play) runs exactly as before.

HubNet's participatory simulations (Wilensky & Stroup 1999) let each student control one
agent of a shared model in the same way.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

__all__ = ["HOLD", "Orders"]

HOLD = "none"
"""A decision to do nothing: table no proposal, make no move (and answer none)."""


@dataclass(frozen=True)
class Orders:
    """One month's decisions for an actor; None leaves a decision to the actor's rules.

    Attributes:
        table: president: the id of the proposal to table, or :data:`HOLD` to table none.
        answer: president: ``"accept"`` or ``"reject"`` a proposal of the other side.
        persuade: president: capital spent on persuasion, as a multiple of the usual
            monthly spend (0: none, 1: as usual, 2: twice as much).
        focus: president: the name of the one member of his government on whom he spends
            the whole persuasion budget (None: a little on each of them).
        override: president: True to decide over the agencies' heads when they block
            (if he can pay), False never to.
        argue: agency: ``"for"`` or ``"against"`` a proposal before its executive (its
            support counts as +1 or -1, weighted by its clout and salience as usual).
        deliver: agency: its willingness to carry out a deal, 0 (foot-dragging) to 1 (all
            of it); the command share and its routines still apply.
        vote: faction: its members vote ``"for"`` or ``"against"`` rapprochement (for a
            deal, against undoing one or a hostile statute), all of them.
        move: any actor holding moves: the id of the move to make this month, or
            :data:`HOLD` for none (and no answer to the other side's moves).
        verdict: principal: ``"approve"`` or ``"veto"`` the deals his executive adopted.

    """

    table: str | None = None
    answer: str | None = None
    persuade: float | None = None
    focus: str | None = None
    override: bool | None = None
    argue: str | None = None
    deliver: float | None = None
    vote: str | None = None
    move: str | None = None
    verdict: str | None = None

    def given(self) -> dict[str, object]:
        """The decisions that are set (not left to the actor), by name."""
        return {k: v for k, v in asdict(self).items() if v is not None}
