"""The two controls every pattern is compared with: the null model and placebo calendars.

*Null model* (:func:`null_model`): no actor moves (``dynamics.move_rate_scale`` 0) and no
proposals, so the relationship is moved only by its relaxation towards the structural
baseline, chance events and the scheduled opportunities. A scenario with an empty
proposal list gets the model's built-in catalogue, so the null model lists one proposal
that becomes eligible only in the run's last month and sets the tabling threshold to the
top of the stance scale (``dynamics.table_threshold`` 1). What the null model also reproduces is
not evidence for the actors' mechanisms.

*Placebo calendar*: the same scenario with every scheduled event redated to a month drawn
at random (uniformly, independently) within the run, by :func:`placebo_calendar`. Leader
changes and structure changes keep their dates (they are terms of office and slow
structural drift, not opportunities). A pattern that holds as well with the calendar
scrambled is carried by the model's dynamics in general, not by the way the actors
answer the opportunities of the record. Each placebo run draws its own calendar from its
run seed (a separate random stream, never the model's), so an ensemble of n runs sees n
calendars and any single run can be repeated.

References:
    Grimm, V. et al. (2005). Pattern-oriented modeling of agent-based complex systems.
    Science 310, 987-991. Null models for pattern tests: Gotelli & Graves (1996), *Null
    Models in Ecology*, Smithsonian.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from resetsim.scenario import Scenario

__all__ = ["PLACEBO_STREAM", "null_model", "placebo_calendar", "record_placebo_run"]

PLACEBO_STREAM = 0x9A1ACEB0
"""Salt of the placebo calendars' random stream (kept apart from the model's)."""


def null_model(sc: Scenario) -> Scenario:
    """``sc`` with no actor moves and no proposal that can be tabled within the run."""
    from resetsim.calendar import format_month, parse_month

    last = format_month(parse_month(sc.start) + sc.months - 1)
    never = {
        "id": "no-proposal",
        "topic": "nothing (null model)",
        "agencies": [sc.bureaucracies[0].name],
        "earliest": last,
    }
    return sc.with_overrides(
        {"dynamics.move_rate_scale": 0.0, "dynamics.table_threshold": 1.0, "proposals": [never]}
    )


def placebo_calendar(sc: Scenario, seed: int) -> Scenario:
    """``sc`` with every scheduled event moved to a random month of the run.

    Args:
        sc: the scenario.
        seed: which calendar (the same seed gives the same calendar).

    Returns:
        A validated copy whose ``events`` keep kind, severity, readings and openings but
        carry new dates, drawn uniformly from the months after the start month (the start
        month is the run's initial state, where no scheduled event takes effect), in date
        order.

    """
    from resetsim.calendar import format_month, parse_month

    rng = np.random.default_rng([PLACEBO_STREAM, int(seed)])
    first = parse_month(sc.start)
    months = rng.integers(1, sc.months, size=len(sc.events))
    events = []
    for event, month in zip(sc.events, months, strict=True):
        data = event.model_dump(mode="json")
        data["date"] = format_month(first + int(month))
        events.append(data)
    events.sort(key=lambda e: e["date"])
    return sc.with_overrides({"events": events})


def record_placebo_run(
    sc: Scenario, seed: Any = 0, months: int | None = None, actors: bool = False
):
    """A run function for the batch engine: the run on its own placebo calendar.

    The calendar is drawn from the run's seed (the entropy of the ``SeedSequence`` the
    engine passes), so two conditions on the same seed share one calendar.
    """
    from resetsim.validation.ensemble import record_run

    entropy = seed.entropy if isinstance(seed, np.random.SeedSequence) else seed
    return record_run(placebo_calendar(sc, int(entropy)), seed=seed, months=months, actors=actors)
