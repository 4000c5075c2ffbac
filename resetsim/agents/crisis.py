"""Crisis management: a president holds back his side's answers near the bottom.

A president's main task in a bad relationship is "to ensure that ... miscalculation and
misperception do not allow it to escalate to open war" (FPRI article). George (1991,
*Avoiding War*) lists what that takes: political control of military options and pauses
in the action-reaction sequence, so that the adversary has time to stop. Jervis (1976)
shows why: answered in kind, each provocation breeds the next (the spiral model). Snyder
and Diesing (1977) find that leaders deep in a crisis turn from coercion to accommodation
as the risk of war, and the cost of the exchanges already made, grow.
"""

from __future__ import annotations

__all__ = ["CrisisManager"]


class CrisisManager:
    """The president's restraint of his own side's answers (mixed into ``President``)."""

    def restraint(
        self, relationship: float, own_recent: float, depth_weight: float, fatigue: float
    ) -> float:
        """Chance he holds back his side's answer to a move of the other side this month.

        ``min(1, depth_weight * max(0, -relationship) + fatigue * m / (1 + m))`` where
        ``m`` is how hard his side has hit the other side lately (the other side's memory
        of its hostile moves): the deeper the relationship below 0 and the more his side
        has already answered, the likelier he pauses the exchange (George 1991; Snyder &
        Diesing 1977). Both weights 0: he never holds back (no restraint).
        """
        depth = max(0.0, -relationship)
        tired = own_recent / (1.0 + own_recent) if own_recent > 0.0 else 0.0
        return min(1.0, depth_weight * depth + fatigue * tired)
