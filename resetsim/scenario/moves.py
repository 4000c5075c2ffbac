"""Actors' moves as scenario data: who can do what to the other side, and how often.

A ``[[moves]]`` entry gives one unilateral move (a NATO enlargement step, a sanctions act,
a summit) to a holder: one actor by name, or a pattern ``<SIDE>/<family>`` (``RU/bureaucracy``,
``*/president``). Its monthly hazard is ``base_hazard`` times a log-linear propensity in the
holder's stance and hawkishness, the trust between the sides, the relationship and how far
the holder's stance is from its own president's (a proportional-hazards form, Cox 1972),
raised while an event has opened an opportunity for it. Hostile moves are read by the other
side as clashes (Jervis 1976); cooperative ones as gestures it may reciprocate (Osgood
1962). A ``statute`` move is a measure a legislative faction originates: it takes effect
only if its chamber passes it (Corwin 1948; FPRI article: Congress "could - and very likely
would - reinstate robust military aid"). A move has a ``cooldown_months``: its holder
cannot make it again that soon (a government does not expel diplomats every month), and a
statute its faction originated stays on the books meanwhile (a statute in force is not
passed again).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from resetsim.scenario.fields import StrictModel, Unit
from resetsim.scenario.issues import TopicIssue

__all__ = ["FAMILIES", "SIGNS", "Move"]

FAMILIES: tuple[str, ...] = ("president", "bureaucracy", "legislature")
"""Agent families that can hold moves (publics do not act)."""

SIGNS: dict[str, float] = {"cooperative": 1.0, "hostile": -1.0}
"""The sign of a move's propensity term by its direction (:attr:`Move.sign`)."""

Weight = Annotated[float, Field(ge=-5.0, le=5.0)]


class Move(StrictModel):
    """One move of an actor's repertoire (``docs/ODD.md``, section 8, ``[[moves]]``)."""

    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    holder: str = Field(min_length=1)
    kind: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    label: str = Field(min_length=1)
    direction: Literal["hostile", "cooperative"]
    severity: Unit = 0.3
    base_hazard: Unit = 0.01
    stance_weight: Weight = 1.0
    hawk_weight: Weight = 1.0
    trust_weight: Weight = 1.0
    relationship_weight: Weight = 0.0
    executive_weight: Weight = 0.0
    statute: bool = False
    topic: str = ""
    issue: TopicIssue = ""
    needs_opening: bool = False
    opening_boost: Annotated[float, Field(ge=0.0, le=100.0)] = 1.0
    opening_months: Annotated[int, Field(ge=1, le=60)] = 6
    cooldown_months: Annotated[int, Field(ge=0, le=600)] = 0

    def held_by(self, side: str, name: str, family: str) -> bool:
        """Whether the actor ``name`` of ``family`` on ``side`` holds this move."""
        if "/" not in self.holder:
            return self.holder == name
        want_side, want_family = self.holder.split("/", 1)
        return want_side in ("*", side) and want_family == family

    @property
    def sign(self) -> float:
        """``+1`` for a cooperative move, ``-1`` for a hostile one (:data:`SIGNS`)."""
        return SIGNS[self.direction]
