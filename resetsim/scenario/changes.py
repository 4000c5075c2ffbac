"""Dated changes of structure and of agencies and factions that a scenario schedules.

``[[structure_changes]]`` change the structure, ``[[roster_changes]]`` an agency or a
faction. Leader changes stay with the presidents in :mod:`resetsim.scenario.schema`. Only the fields
a change gives change; the others keep their values.
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field, field_validator

from resetsim.scenario.fields import Positive, Signed, StrictModel, Unit, check_month

__all__ = ["ROSTER_CHANGE_FIELDS", "STRUCTURE_CHANGE_FIELDS", "RosterChange", "StructureChange"]


class _DatedChange(StrictModel):
    """A change at ``date``: the fields it gives (not None) replace the current values."""

    _IDENTITY: ClassVar[tuple[str, ...]] = ("date", "label")

    def changes(self) -> dict[str, float]:
        """The fields this change sets, with their new values."""
        return {
            name: value
            for name in type(self).model_fields
            if name not in self._IDENTITY and (value := getattr(self, name)) is not None
        }


class StructureChange(_DatedChange):
    """Structural conditions change at ``date`` (e.g. worldviews drift apart).

    Only the fields given change; the others keep their values. The FPRI article's first
    cycle starts with a Russia that wanted "to fully integrate into the Western political
    and economic system" and ends with incompatible worldviews: structure is not fixed.
    """

    date: str
    label: str = Field(min_length=1)
    worldview_gap: Unit | None = None
    trade_share: Annotated[float, Field(ge=0.0, le=0.2)] | None = None
    baseline: Signed | None = None
    misperception: Annotated[float, Field(ge=0.0, le=5.0)] | None = None

    _month = field_validator("date")(check_month)


class RosterChange(_DatedChange):
    """An agency or faction changes at ``date``: a midterm election, a new chief, a purge.

    Only the fields given change. ``seats`` applies to factions, ``anchor`` (the agency's
    mission anchor, before the worldview gap pulls it) to agencies; ``clout`` is an
    agency's clout or a faction's weight.
    """

    date: str
    label: str = Field(min_length=1)
    actor: str = Field(min_length=1)
    stance: Signed | None = None
    anchor: Signed | None = None
    hawkishness: Unit | None = None
    inertia: Unit | None = None
    clout: Positive | None = None
    seats: Annotated[int, Field(ge=0, le=10_000)] | None = None

    _IDENTITY: ClassVar[tuple[str, ...]] = ("date", "label", "actor")
    _month = field_validator("date")(check_month)


ROSTER_CHANGE_FIELDS = tuple(
    f for f in RosterChange.model_fields if f not in RosterChange._IDENTITY
)
"""The actor fields a ``[[roster_changes]]`` entry may set."""


STRUCTURE_CHANGE_FIELDS = tuple(
    f for f in StructureChange.model_fields if f not in StructureChange._IDENTITY
)
"""The structure fields a ``[[structure_changes]]`` entry may set."""
