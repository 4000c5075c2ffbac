"""What a sensitivity study measures in each run: the output sets.

A study's runs go through the batch engine; each run's outputs are computed in the
worker by the output set's run function, which sends back a one-row ``outputs`` table
and nothing else, so chunks travel light. Two sets:

* ``reset`` (any scenario): the first reset's half-life, months survived and whether a
  crisis followed it (:func:`resetsim.sensitivity.runs.run_outputs`);
* ``history`` (the 1992-2016 history scenarios): the statistics the validation page and
  the ABC calibration read, from the functions they use
  (:func:`resetsim.validation.abc.run_statistics`, :mod:`resetsim.validation.history`):

  - ``crisis_1999``, ``crisis_2008``, ``crisis_2014``: the crisis stage in each of the
    three crisis windows (:data:`resetsim.validation.history.CRISES`; Giles 2015);
  - ``crisis_entries``: how many times the run entered the crisis stage (one per Giles
    cycle; a run that starts in crisis counts that as one);
  - ``three_cycles``: the run passed through Giles's stages three times
    (:func:`resetsim.validation.history.three_cycles`);
  - ``escalated``: some month of the run is an armed escalation;
  - ``gallup_rmse``: root mean square error, in percentage points, of the run's US
    favourability against Gallup's survey points up to 2014 (the ABC's in-sample points,
    :data:`resetsim.validation.abc.GALLUP_UNTIL`).

A binary output averaged over a sample's seeds is the share of its runs with the event.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from resetsim.runner import run_model
from resetsim.scenario import Scenario
from resetsim.sensitivity.runs import OUTPUT_LABELS, run_outputs, simulate_light

__all__ = [
    "HISTORY_LABELS",
    "OUTPUT_SETS",
    "OutputSet",
    "history_outputs",
    "history_run",
    "output_set",
    "reset_run",
]

HISTORY_LABELS = {
    "crisis_1999": "crisis in the 1999 window (share of runs)",
    "crisis_2008": "crisis in the 2008 window (share of runs)",
    "crisis_2014": "crisis in the 2014 window (share of runs)",
    "crisis_entries": "Giles cycles: entries into crisis, 1992-2016",
    "three_cycles": "three full Giles cycles (share of runs)",
    "escalated": "armed escalation in 1992-2016 (share of runs)",
    "gallup_rmse": "RMSE to Gallup favourability to 2014 (points)",
}
"""Outputs of the ``history`` set and what they mean."""


@dataclass(frozen=True)
class OutputSet:
    """A named set of outputs, their labels, and the run function that computes them."""

    name: str
    labels: dict[str, str]
    run_fn: Callable[..., Any]

    @property
    def names(self) -> tuple[str, ...]:
        """The outputs, in order."""
        return tuple(self.labels)


@dataclass
class _Measured:
    """What a run function gives the batch engine: the summary it needs, one row of outputs.

    ``timeseries`` (``month``, ``phase``, ``relationship``, ``escalation``) and ``resets``
    feed the engine's run summary; only ``outputs`` is sent back.
    """

    timeseries: pd.DataFrame
    resets: pd.DataFrame
    outputs: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"outputs": self.outputs}


_SUMMARY = ["month", "phase", "relationship", "escalation"]


def reset_run(sc: Scenario, seed: Any = 0, months: int | None = None, actors: bool = False):
    """Run ``sc`` and measure the ``reset`` outputs (a run function for the batch engine)."""
    result = simulate_light(sc, seed=seed, months=months)
    ts, resets = result.timeseries, result.resets
    if len(resets):
        resets = resets.sort_values("start_month")
    values = run_outputs(
        resets, int(ts["month"].iloc[-1]) + 1, bool((ts["phase"] == "crisis").any())
    )
    row = pd.DataFrame([dict(zip(OUTPUT_LABELS, values, strict=True))])
    return _Measured(ts, result.resets, row)


@functools.cache
def _observed_gallup() -> dict[str, float]:
    """Gallup's points to :data:`~resetsim.validation.abc.GALLUP_UNTIL`, keyed as the ABC's."""
    from resetsim.validation.abc import observed_statistics

    return {k: v for k, v in observed_statistics().items() if k.startswith("gallup_")}


def history_outputs(timeseries: pd.DataFrame, events: pd.DataFrame) -> dict[str, float]:
    """The ``history`` outputs of one run (see the module docstring).

    Args:
        timeseries: the run's monthly table (``date``, ``phase``, ``escalation``,
            ``us_public_favourability``).
        events: the run's events (``ResetModel.events()``).

    """
    from resetsim.validation.abc import run_statistics
    from resetsim.validation.history import CRISES, entries, three_cycles

    stats = run_statistics(timeseries, events)
    observed = _observed_gallup()
    errors = np.array([stats[key] - value for key, value in observed.items()])
    out = {f"crisis_{year}": stats[f"crisis_{year}"] for year in sorted(CRISES)}
    out["crisis_entries"] = float(
        len(entries(timeseries, "crisis")) + (timeseries["phase"].iloc[0] == "crisis")
    )
    out["three_cycles"] = float(three_cycles(timeseries))
    out["escalated"] = stats["escalated"]
    out["gallup_rmse"] = float(np.sqrt(np.nanmean(errors**2)))
    return out


def history_run(sc: Scenario, seed: Any = 0, months: int | None = None, actors: bool = False):
    """Run ``sc`` and measure the ``history`` outputs (a run function for the batch engine)."""
    from resetsim.runner import forget

    model = run_model(sc, seed, months)
    try:
        ts = model.timeseries()
        row = pd.DataFrame([history_outputs(ts, model.events())])
        return _Measured(ts.loc[:, _SUMMARY], model.resets(), row)
    finally:
        forget(model)


OUTPUT_SETS = {
    "reset": OutputSet("reset", dict(OUTPUT_LABELS), reset_run),
    "history": OutputSet("history", HISTORY_LABELS, history_run),
}
"""The output sets by name (``resetsim sensitivity --outputs``)."""


def output_set(name: str) -> OutputSet:
    """The output set called ``name``.

    Raises:
        ValueError: (a StudyError) for an unknown name.

    """
    from resetsim.sensitivity.runs import StudyError

    if name not in OUTPUT_SETS:
        raise StudyError(f"--outputs {name!r}: choose one of {', '.join(OUTPUT_SETS)}")
    return OUTPUT_SETS[name]
