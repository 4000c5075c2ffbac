"""Presidents: agenda setters whose power is mostly the power to persuade.

Neustadt (1960) names three sources of presidential power: the bargaining advantages of
the office (here *capital*, spent to table proposals and to persuade), *professional
reputation* (how skilful Washington thinks he is) and *public prestige*. His orders are
not self-executing: only a *command share* of a decision or an implementation follows
from the order itself. The US share is small; Russia's president commands more but is
still constrained by elites and the public (FPRI article, note 1).
"""

from __future__ import annotations

from typing import ClassVar

from resetsim.agents.base import Actor, clip

__all__ = ["President"]


class President(Actor):
    """A head of state.

    Attributes:
        capital: political capital in [0, 1], spent on tabling and persuasion.
        reputation: professional reputation in [0, 1] (Neustadt 1960, ch. 4).
        prestige: public prestige in [0, 1] (Neustadt 1960, ch. 5).
        command_share: share of a decision or implementation that obeys an order, [0, 1].
        term_end: last month of the term (``YYYY-MM``) or None.

    """

    family: ClassVar[str] = "president"

    def __init__(
        self,
        model,
        *,
        capital: float,
        reputation: float,
        prestige: float,
        command_share: float,
        term_end: str | None = None,
        **kwargs,
    ):
        super().__init__(model, **kwargs)
        self.capital = float(capital)
        self.reputation = float(reputation)
        self.prestige = float(prestige)
        self.command_share = float(command_share)
        self.term_end = term_end

    @property
    def persuasiveness(self) -> float:
        """Effect of one month of persuasion: the mean of reputation and prestige (Neustadt)."""
        return 0.5 * (self.reputation + self.prestige)

    def can_table(self, cost: float, threshold: float) -> bool:
        """Whether he has the capital and the will to put a proposal on the agenda."""
        return self.capital >= cost and self.stance >= threshold

    def spend(self, amount: float) -> float:
        """Spend up to ``amount`` capital; returns what was actually spent."""
        spent = min(self.capital, amount)
        self.capital -= spent
        return spent

    def persuasion_coefficient(self, rate: float, spend: float = 1.0) -> float:
        """Strength of one month's persuasion: rate x capital spent x persuasiveness."""
        return rate * spend * self.persuasiveness

    def persuasion_shift(self, stance, inertia, rate: float, spend: float = 1.0):
        """Stance shift persuasion gives a target (floats or numpy arrays alike).

        The shift grows with capital spent, persuasiveness (reputation and prestige) and the
        distance between stances, and shrinks with the target's inertia (Neustadt 1960:
        persuasion is bargaining with people who have their own stakes).
        """
        return self.persuasion_coefficient(rate, spend) * (1.0 - inertia) * (self.stance - stance)

    def persuade(self, target: Actor, rate: float, spend: float) -> float:
        """Move ``target``'s stance towards his own; returns the shift."""
        shift = self.persuasion_shift(target.stance, target.inertia, rate, spend)
        target.nudge(shift)
        return shift

    def succeed(self, step: float) -> None:
        """A win raises professional reputation (Neustadt: reputation follows results)."""
        self.reputation = clip(self.reputation + step, 0.0, 1.0)

    def fail(self, step: float) -> None:
        """A public defeat lowers professional reputation."""
        self.reputation = clip(self.reputation - step, 0.0, 1.0)

    def replace(
        self,
        *,
        name: str,
        stance: float,
        capital: float,
        reputation: float,
        prestige: float,
        command_share: float | None,
        hawkishness: float | None,
        term_end: str | None,
    ) -> None:
        """A new leader takes office in this seat (election or succession)."""
        self.name = self.title = name
        self.stance = self.anchor = float(stance)
        self.capital = float(capital)
        self.reputation = float(reputation)
        self.prestige = float(prestige)
        if command_share is not None:
            self.command_share = float(command_share)
        if hawkishness is not None:
            self.hawkishness = float(hawkishness)
        self.term_end = term_end
