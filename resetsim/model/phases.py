"""Giles's five stages of Russia's relations with the West, labelled with hysteresis.

Keir Giles describes a recurring cycle: *euphoria -> realism -> disillusionment ->
crisis -> reset* (quoted in the FPRI article; three cycles since 1991). The label is read
off the relationship index each month. Thresholds have hysteresis (a crisis starts at
``crisis_level`` but ends only above ``crisis_exit``) and every stage lasts at least
``min_dwell`` months unless a crisis breaks in, so the label does not flicker. A severe
clash (a use of force, an escalation) opens a crisis at once from higher up, at or below
``severe_clash_level`` (default: ``crisis_exit``): the crises of 1999, 2008 and 2014 each
broke with a use of force while relations were already sour, not at their lowest. A reset
needs a leaders' initiative (a proposal accepted or a cooperative event) besides a
rising index: a thaw that only relaxes back towards the baseline is not a reset.

That rule (``phases.rule = "giles_order"``, the default) only lets a stage follow the one
before it in Giles's order. With ``phases.rule = "level_trend"`` the label is read off the
index's level and trend alone (:meth:`PhaseTracker.reading`), so any stage can follow any
other and the order that appears is a finding, not an input
(:func:`resetsim.analysis.transitions.phase_transitions` counts it).
"""

from __future__ import annotations

from collections import deque
from enum import StrEnum

from resetsim.agents.plain import PlainCopy
from resetsim.scenario.schema import PhaseRules

__all__ = ["EUPHORIA_MEMORY", "Phase", "PhaseTracker"]

EUPHORIA_MEMORY = 4
"""Level-and-trend labels: euphoria's gain is counted from the low of this many trend windows."""


class Phase(StrEnum):
    """Giles's stages, in cycle order."""

    EUPHORIA = "euphoria"
    REALISM = "realism"
    DISILLUSIONMENT = "disillusionment"
    CRISIS = "crisis"
    RESET = "reset"

    def __str__(self) -> str:
        return self.value


# Members read once: on Python 3.11 every ``Phase.X`` lookup is a descriptor call, and
# ``update`` runs every month.
_EUPHORIA, _REALISM, _DISILLUSIONMENT, _CRISIS, _RESET = Phase


class PhaseTracker:
    """Labels each month with a :class:`Phase` from the relationship index.

    Args:
        rules: thresholds (see ``docs/ODD.md``, section Phases).
        relationship: the starting relationship index.
        initial: the starting label; inferred from ``relationship`` when None.

    """

    def __init__(self, rules: PhaseRules, relationship: float, initial: str | None = None):
        # the frozen rules' values as plain attributes (:class:`PlainCopy`), read every month
        self.rules = PlainCopy(rules)
        # how high a severe clash can open a crisis from (:meth:`update`)
        self.severe_level = (
            rules.crisis_exit if rules.severe_clash_level is None else rules.severe_clash_level
        )
        if initial is None:
            initial = (
                "crisis"
                if relationship <= rules.crisis_level
                else "disillusionment"
                if relationship < 0
                else "realism"
            )
        self.phase = Phase(initial)
        self.label: str = self.phase.value  # the phase as a plain string, for the records
        self.dwell = 0
        self.window: deque[float] = deque([relationship], maxlen=rules.trend_months + 1)
        self.memory: deque[float] = deque(
            [relationship], maxlen=EUPHORIA_MEMORY * rules.trend_months + 1
        )
        # A run that starts in euphoria starts some way into its cycle: the cycle began at
        # least ``euphoria_gain`` lower (that is what makes it euphoria, see ``update``).
        self.cycle_start = (
            relationship - rules.euphoria_gain if self.phase is Phase.EUPHORIA else relationship
        )
        self.cycle_peak = relationship

    def _enter(self, phase: Phase) -> None:
        self.phase = phase
        self.label = phase.value
        self.dwell = 0

    def update(
        self, relationship: float, severe_clash: bool = False, initiative: bool = False
    ) -> Phase:
        """Label the month whose end-of-month relationship is ``relationship``.

        Args:
            relationship: the relationship index after this month's update.
            severe_clash: a clash this month at least as severe as ``rules.crisis_severity``
                or an escalation; with the index at or below ``severe_clash_level``
                (default ``crisis_exit``) it opens a crisis at once.
            initiative: whether there was a leaders' initiative (a proposal accepted or a
                cooperative event) within the last ``trend_months``. A rise without one is
                a thaw, not a reset: resets are leader-driven (FPRI article).
        """
        r = self.rules
        self.window.append(relationship)
        self.memory.append(relationship)
        self.dwell += 1
        if r.rule == "level_trend":
            return self._label(relationship, severe_clash, initiative)
        self.cycle_peak = max(self.cycle_peak, relationship)
        rise = relationship - min(self.window)
        settled = self.dwell >= r.min_dwell
        phase = self.phase

        if phase is not _CRISIS and (
            relationship <= r.crisis_level or (severe_clash and relationship <= self.severe_level)
        ):
            self._enter(_CRISIS)
        elif phase in (_CRISIS, _DISILLUSIONMENT) and (
            initiative and rise >= r.reset_trend and settled and relationship > r.crisis_level
        ):
            self.cycle_start = min(self.window)
            self.cycle_peak = relationship
            self._enter(_RESET)
        elif phase is _CRISIS and settled and relationship > r.crisis_exit:
            self._enter(_DISILLUSIONMENT)
        elif phase is _RESET and settled:
            if relationship >= self.cycle_start + r.euphoria_gain:
                self._enter(_EUPHORIA)
            elif self.cycle_peak - relationship >= r.realism_drop:
                self._enter(_REALISM)
        elif phase is _EUPHORIA and settled and (self.cycle_peak - relationship >= r.realism_drop):
            self._enter(_REALISM)
        elif (
            phase is _REALISM
            and settled
            and (
                self.cycle_peak - relationship >= r.disillusion_drop
                or relationship < self.cycle_start
            )
        ):
            self._enter(_DISILLUSIONMENT)
        return self.phase

    def reading(self, relationship: float, severe_clash: bool, initiative: bool) -> Phase:
        """The stage the level and trend of the relationship say, before hysteresis.

        With ``L`` the index, ``rise`` / ``fall`` its distance above the lowest / below the
        highest value of the last ``trend_months``, and ``gain`` its distance above the
        lowest of the last ``EUPHORIA_MEMORY * trend_months``: crisis at ``L <=
        crisis_level``, at ``L <= severe_clash_level`` (default ``crisis_exit``) after a
        severe clash, or at ``L <= crisis_exit`` while a crisis lasts; a reset when a
        leaders' initiative lifts it by ``reset_trend`` below ``euphoria_level``; euphoria,
        unless it has fallen ``realism_drop``, at or above ``euphoria_level`` or
        ``euphoria_gain`` above the recent low (Giles's euphoria is relative: hopes run
        high after a thaw); disillusionment below 0 or after a fall of
        ``disillusion_drop``; realism otherwise. No stage needs another before it: every
        transition can occur.
        """
        r = self.rules
        rise = relationship - min(self.window)
        fall = max(self.window) - relationship
        if (
            relationship <= r.crisis_level
            or (severe_clash and relationship <= self.severe_level)
            or (self.phase is _CRISIS and relationship <= r.crisis_exit)
        ):
            return _CRISIS
        if initiative and rise >= r.reset_trend and relationship < r.euphoria_level:
            return _RESET
        high = relationship >= r.euphoria_level
        if fall < r.realism_drop and (high or relationship - min(self.memory) >= r.euphoria_gain):
            return _EUPHORIA
        if relationship < 0.0 or fall >= r.disillusion_drop:
            return _DISILLUSIONMENT
        return _REALISM

    def _label(self, relationship: float, severe_clash: bool, initiative: bool) -> Phase:
        """Level-and-trend rule: :meth:`reading`, held ``min_dwell`` months (a crisis at once)."""
        want = self.reading(relationship, severe_clash, initiative)
        if want is not self.phase and (self.dwell >= self.rules.min_dwell or want is _CRISIS):
            self._enter(want)
        return self.phase
