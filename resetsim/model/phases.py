"""Giles's five stages of Russia's relations with the West, labelled with hysteresis.

Keir Giles describes a recurring cycle: *euphoria -> realism -> disillusionment ->
crisis -> reset* (quoted in the FPRI article; three cycles since 1991). The label is read
off the relationship index each month. Thresholds have hysteresis (a crisis starts at
``crisis_level`` but ends only above ``crisis_exit``) and every stage lasts at least
``min_dwell`` months unless a crisis breaks in, so the label does not flicker. A reset
needs a leaders' initiative (a proposal accepted or a cooperative event) besides a
rising index: a thaw that only relaxes back towards the baseline is not a reset.
"""

from __future__ import annotations

from collections import deque
from enum import StrEnum

from resetsim.scenario.schema import PhaseRules

__all__ = ["Phase", "PhaseTracker"]


class Phase(StrEnum):
    """Giles's stages, in cycle order."""

    EUPHORIA = "euphoria"
    REALISM = "realism"
    DISILLUSIONMENT = "disillusionment"
    CRISIS = "crisis"
    RESET = "reset"

    def __str__(self) -> str:
        return self.value


class PhaseTracker:
    """Labels each month with a :class:`Phase` from the relationship index.

    Args:
        rules: thresholds (see ``docs/ODD.md``, section Phases).
        relationship: the starting relationship index.
        initial: the starting label; inferred from ``relationship`` when None.

    """

    def __init__(self, rules: PhaseRules, relationship: float, initial: str | None = None):
        self.rules = rules
        if initial is None:
            initial = (
                "crisis"
                if relationship <= rules.crisis_level
                else "disillusionment"
                if relationship < 0
                else "realism"
            )
        self.phase = Phase(initial)
        self.dwell = 0
        self.window: deque[float] = deque([relationship], maxlen=rules.trend_months + 1)
        # A run that starts in euphoria starts some way into its cycle: the cycle began at
        # least ``euphoria_gain`` lower (that is what makes it euphoria, see ``update``).
        self.cycle_start = (
            relationship - rules.euphoria_gain if self.phase is Phase.EUPHORIA else relationship
        )
        self.cycle_peak = relationship

    def _enter(self, phase: Phase) -> None:
        self.phase = phase
        self.dwell = 0

    def update(
        self, relationship: float, severe_clash: bool = False, initiative: bool = False
    ) -> Phase:
        """Label the month whose end-of-month relationship is ``relationship``.

        Args:
            relationship: the relationship index after this month's update.
            severe_clash: a clash this month at least as severe as ``rules.crisis_severity``
                or an escalation; with the index at or below ``crisis_exit`` it opens a
                crisis at once.
            initiative: whether there was a leaders' initiative (a proposal accepted or a
                cooperative event) within the last ``trend_months``. A rise without one is
                a thaw, not a reset: resets are leader-driven (FPRI article).
        """
        r = self.rules
        self.window.append(relationship)
        self.dwell += 1
        self.cycle_peak = max(self.cycle_peak, relationship)
        rise = relationship - min(self.window)
        settled = self.dwell >= r.min_dwell
        phase = self.phase

        if phase is not Phase.CRISIS and (
            relationship <= r.crisis_level or (severe_clash and relationship <= r.crisis_exit)
        ):
            self._enter(Phase.CRISIS)
        elif phase in (Phase.CRISIS, Phase.DISILLUSIONMENT) and (
            initiative and rise >= r.reset_trend and settled and relationship > r.crisis_level
        ):
            self.cycle_start = min(self.window)
            self.cycle_peak = relationship
            self._enter(Phase.RESET)
        elif phase is Phase.CRISIS and settled and relationship > r.crisis_exit:
            self._enter(Phase.DISILLUSIONMENT)
        elif phase is Phase.RESET and settled:
            if relationship >= self.cycle_start + r.euphoria_gain:
                self._enter(Phase.EUPHORIA)
            elif self.cycle_peak - relationship >= r.realism_drop:
                self._enter(Phase.REALISM)
        elif (
            phase is Phase.EUPHORIA
            and settled
            and (self.cycle_peak - relationship >= r.realism_drop)
        ):
            self._enter(Phase.REALISM)
        elif (
            phase is Phase.REALISM
            and settled
            and (
                self.cycle_peak - relationship >= r.disillusion_drop
                or relationship < self.cycle_start
            )
        ):
            self._enter(Phase.DISILLUSIONMENT)
        return self.phase
