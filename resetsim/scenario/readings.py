"""How much of a scheduled clash each side reads as the other side's doing.

A scheduled clash is an event no modelled actor decided: a revolution next door, a war a
third country starts, mass protests at home. Its ``reading`` per side says how hostile each
side finds it; ``dynamics.scheduled_clash_reading`` multiplies every such reading, so the
share of the damage the event does by itself (before any actor answers it) is a parameter
the record can speak to, not a hand-set constant (FPRI article: the crisis of 2014 came
out of what elements of the Russian government did after Yanukovych fell, "the process
that got them there is far more complex"). The default, 1, keeps the scenario's readings
as written. Meaning, unit and source are in ``docs/ODD.md``, section 8.3j.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from resetsim.scenario.fields import drop_dynamics_defaults

__all__ = ["ScheduledReading", "drop_reading_default"]


class ScheduledReading(BaseModel):
    """``[dynamics]`` field: the factor on each side's reading of a scheduled clash."""

    scheduled_clash_reading: Annotated[float, Field(ge=0.0, le=2.0)] = 1.0


def drop_reading_default(data: dict) -> None:
    """Remove ``scheduled_clash_reading`` from a dumped scenario when it is the default.

    A scenario that leaves it at 1 then hashes as it did before the field existed.
    """
    drop_dynamics_defaults(data, ScheduledReading)
