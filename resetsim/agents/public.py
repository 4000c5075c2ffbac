"""Publics: national opinion of the other country, which sets prestige and pressures legislators.

Favourability is on Gallup's 0-100 scale (share favourable). It moves with events,
with outcomes (the relationship) and with elite cues from the president; attention
scales how much it presses on the president's prestige and on legislators (FPRI article:
"decision-makers ... must remain sensitive to public opinion"; Putnam 1988, level II).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from resetsim.agents.base import Actor

if TYPE_CHECKING:
    from resetsim.scenario.schema import Dynamics

__all__ = ["CUE_POINTS", "Public"]

CUE_POINTS = 50.0
"""Public cue: favourability points per unit of the president's stance."""


class Public(Actor):
    """A national public.

    Attributes:
        favourability: percent favourable to the other country, 0-100.
        attention: how closely it watches US-Russia affairs, in [0, 1].

    """

    family: ClassVar[str] = "public"

    def __init__(self, model, *, favourability: float, attention: float, **kwargs):
        super().__init__(model, stance=(favourability - 50.0) / 50.0, **kwargs)
        self.favourability = float(favourability)
        self.attention = float(attention)
        self.inertia = 1.0  # publics are not lobbied inside government

    def shift(self, points: float) -> None:
        """Move favourability by ``points`` (0-100 scale) and keep stance in step."""
        x = self.favourability + points
        self.favourability = 0.0 if x < 0.0 else 100.0 if x > 100.0 else x  # clip, inlined
        self.stance = (self.favourability - 50.0) / 50.0

    def drift(self, target: float, rate: float) -> None:
        """Move favourability a ``rate`` share of the way to ``target``."""
        self.shift(rate * (target - self.favourability))

    def follow(self, relationship: float, cue: float, dyn: Dynamics) -> None:
        """Drift towards the favourability the relationship and the president's cue suggest."""
        target = (
            dyn.favourability_mid
            + dyn.favourability_scale * relationship
            + dyn.public_cue_weight * CUE_POINTS * cue
        )
        target = 0.0 if target < 0.0 else 100.0 if target > 100.0 else target  # clip, inlined
        self.drift(target, dyn.public_rate)
