"""Field types shared by the scenario schema's models: ranges, months, strictness.

Every scenario model forbids unknown keys (a misspelt key is an error, not a silent
default), is frozen and refuses infinities and NaN.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from resetsim.calendar import MONTH_PATTERN

__all__ = [
    "SIDE_PATTERN",
    "Member",
    "Month",
    "Positive",
    "Side",
    "Signed",
    "StrictModel",
    "Unit",
    "check_month",
    "drop_dynamics_defaults",
    "drop_entry_defaults",
    "strict_config",
]

Unit = Annotated[float, Field(ge=0.0, le=1.0)]
"""A share or probability, in [0, 1]."""
Signed = Annotated[float, Field(ge=-1.0, le=1.0)]
"""A stance or index, in [-1, 1]."""
Positive = Annotated[float, Field(ge=0.0, le=100.0)]
"""A non-negative weight, at most 100."""
SIDE_PATTERN = r"^[A-Z][A-Z0-9]{1,7}$"
"""A side id: a capital letter, then one to seven capitals or digits."""
Side = Annotated[str, Field(pattern=SIDE_PATTERN)]
"""A side id such as ``US``, ``RU``, ``CU``: capitals and digits; declared in ``[[sides]]``."""


def check_month(value: str) -> str:
    """Accept a calendar month written ``YYYY-MM``."""
    if not MONTH_PATTERN.match(value):
        raise ValueError("must be a calendar month written YYYY-MM, e.g. 2009-01")
    return value


Month = Annotated[str, AfterValidator(check_month)]
"""A calendar month written ``YYYY-MM`` (:func:`check_month`)."""


def strict_config() -> ConfigDict:
    """The pydantic configuration of every scenario model."""
    return ConfigDict(extra="forbid", frozen=True, validate_default=True, allow_inf_nan=False)


class StrictModel(BaseModel):
    """The base of every scenario model: unknown keys forbidden, frozen, finite numbers."""

    model_config = strict_config()


class Member(StrictModel):
    """The fields every member of a side's government below its president has.

    An agency (``[[bureaucracies]]``), a faction (``[[factions]]``) and a principal
    (``[[principals]]``) are each a :class:`~resetsim.agents.base.Actor` of the side's
    government (``ResetModel.members``): its side, its name and the title sentences call
    it by, its inertia (resistance to being moved) and its hawkishness (how firmly it
    guards its side's core interests; Allison & Halperin 1972). Meanings, units and
    sources are in ``docs/ODD.md``.
    """

    side: Side
    name: str = Field(min_length=1)
    title: str = ""
    inertia: Unit = 0.5
    hawkishness: Unit = 0.5


def drop_entry_defaults(data: dict, defaults: dict[str, dict[str, object]]) -> None:
    """Remove from a scenario's dumped ``data`` the fields of table entries at their defaults.

    ``defaults`` maps a table (``bureaucracies``, ``events``...) to its fields' defaults;
    a scenario that leaves them all at their defaults then hashes as it did before they
    existed (the scenario hashes recorded with earlier outputs stay valid).
    """
    for table, fields in defaults.items():
        for entry in data.get(table, []):
            for key, default in fields.items():
                if key in entry and entry[key] == default:
                    del entry[key]


def drop_dynamics_defaults(data: dict, *mixins: type[BaseModel]) -> None:
    """Remove from a scenario's dumped ``data`` the ``[dynamics]`` fields of ``mixins`` at default.

    Each mixin adds fields to ``[dynamics]`` whose default keeps the behaviour without them;
    a scenario that leaves them all at their defaults then hashes as it did before they
    existed (the scenario hashes recorded with earlier outputs stay valid).
    """
    dynamics = data.get("dynamics", {})
    for mixin in mixins:
        for key, field in mixin.model_fields.items():
            if key in dynamics and dynamics[key] == field.default:
                del dynamics[key]
