"""The runs of a sensitivity study and the outputs read from each.

Every sample of the design runs on the same seeds (:func:`study_seeds`: ``K``
consecutive seeds of the calibration range) through the batch engine
(:func:`resetsim.batch.stream_ensemble`). Each run's outputs are measured in the worker
by the output set's run function (:mod:`resetsim.sensitivity.outputs`) and come back as
one row, so memory stays flat; a sample's output is the mean over its ``K`` runs. See
:mod:`resetsim.sensitivity.study` for the ``reset`` outputs (:data:`OUTPUTS`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from resetsim.batch.options import ExecutorOptions
from resetsim.runner import RunResult, simulate
from resetsim.scenario import Scenario
from resetsim.sensitivity.cost import PeakMemory
from resetsim.sensitivity.ranges import Range, overrides_for
from resetsim.validation.abc import CALIBRATION_SEED_BASE

__all__ = [
    "OUTPUTS",
    "OUTPUT_LABELS",
    "SEED_START",
    "StudyError",
    "evaluate",
    "run_outputs",
    "simulate_light",
    "study_seeds",
]

OUTPUTS = ("half_life", "months_survived", "crisis")
OUTPUT_LABELS = {
    "half_life": "reset half-life (months; censored = horizon)",
    "months_survived": "months the reset survived",
    "crisis": "crisis probability after the reset",
}
_KEEP = ("month", "phase", "relationship", "escalation")
SEED_START = CALIBRATION_SEED_BASE
"""First replicate seed of a study by default and the lowest allowed: the calibration
range (>= 100000), never the tests' or the validation page's 0-9999."""


class StudyError(ValueError):
    """A study cannot start or its runs failed; the message says what to change."""


# ------------------------------------------------------------------ outputs of one run
def run_outputs(resets: pd.DataFrame, months: int, any_crisis: bool) -> tuple[float, float, float]:
    """``(half_life, months_survived, crisis)`` of one run; see the module docstring.

    The first reset, its censored half-life and "crisis after reset" are those of
    :mod:`resetsim.analysis.outcomes`.

    Args:
        resets: the run's reset episodes (``RunResult.resets``), in start order.
        months: number of monthly records of the run (last month + 1).
        any_crisis: whether any month of the run is labelled crisis.

    """
    from resetsim.analysis.outcomes import censored_half_life, crisis_after_reset, first_reset

    first = first_reset(resets)
    if first is None:
        return 0.0, 0.0, float(any_crisis)
    half, _ = censored_half_life(first["half_life_months"], months - 1, first["peak_month"])
    return float(half), float(first["months_survived"]), float(crisis_after_reset(first))


def simulate_light(
    scenario: Scenario, seed: Any = 0, months: int | None = None, actors: bool = False
) -> RunResult:
    """:func:`resetsim.runner.simulate`, returning only what a study reads.

    The monthly table keeps ``month``, ``phase``, ``relationship`` and ``escalation``;
    the decision log and events are dropped, so chunks travel back from workers quickly.
    """
    result = simulate(scenario, seed=seed, months=months, actors=False)
    return RunResult(
        timeseries=result.timeseries.loc[:, list(_KEEP)],
        actors=pd.DataFrame(),
        log=pd.DataFrame(),
        resets=result.resets,
        events=pd.DataFrame(),
        metadata=result.metadata,
    )


# ------------------------------------------------------------------ evaluation
def study_seeds(seeds: int, seed_start: int = SEED_START) -> list[int]:
    """The replicate seeds of a study: ``seed_start``, ``seed_start + 1``, ...

    Replicate ``r`` of every sample runs on ``seed_start + r`` (common random numbers).
    Studies draw from the calibration range (>= 100000); seeds 0-9999 are the tests'
    and the validation page's.

    Raises:
        StudyError: if ``seed_start`` is below 100000 or ``seeds`` below 1.

    """
    if seeds < 1:
        raise StudyError(f"--seeds-per-sample must be at least 1 (got {seeds})")
    if seed_start < SEED_START:
        raise StudyError(
            f"--seed-start {seed_start}: studies use the calibration seeds (>= {SEED_START}); "
            "seeds 0-9999 are for tests and the validation page"
        )
    return [seed_start + r for r in range(seeds)]


def evaluate(
    sc: Scenario,
    ranges: Sequence[Range],
    X: np.ndarray,
    seeds: Sequence[int],
    outputs: Any = None,
    options: ExecutorOptions | None = None,
    **settings: Any,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """Run every row of ``X`` on each of ``seeds`` and average the outputs per row.

    Args:
        sc: the scenario.
        ranges: the factors (columns of ``X``).
        X: the design, one sample per row.
        seeds: the replicate seeds, common to every sample (:func:`study_seeds`).
        outputs: the :class:`~resetsim.sensitivity.outputs.OutputSet` to measure
            (default: ``reset``).
        options: where the runs execute.
        **settings: :class:`~resetsim.batch.ExecutorOptions` fields by name, replacing
            those of ``options``.

    Returns:
        ``(Y, runs, cost)``: one row per sample with the mean of each output over its
        seeds; one row per run (``sample``, ``replicate``, ``seed`` and the outputs); the
        cost (runs, failures, wall seconds, ms per run, peak memory).

    Raises:
        StudyError: if runs fail (with the first error) or the executor cannot start.

    """
    from resetsim.batch import BatchError, Condition, Ensemble, stream_ensemble
    from resetsim.sensitivity.outputs import output_set

    what = outputs if outputs is not None else output_set("reset")
    n_samples, k = len(X), len(seeds)
    total = n_samples * k
    ensemble = Ensemble(
        scenarios=(sc,),
        conditions=tuple(
            Condition(i, 0, tuple(overrides_for(ranges, row, sc).items()))
            for i, row in enumerate(X)
        ),
        seeds=tuple(int(s) for s in seeds),
    )
    how = ExecutorOptions.of(options, **settings)
    values = np.full((total, len(what.names)), np.nan)
    errors: list[str] = []
    used = {"workers": 1}
    started = time.perf_counter()
    with PeakMemory() as memory:
        try:
            for result in stream_ensemble(
                ensemble,
                how,
                run_fn=what.run_fn,
                started=lambda _kind, count: used.update(workers=count),
            ):
                _collect(result.tables, what.names, values, errors)
        except BatchError as exc:
            raise StudyError(str(exc)) from None
    wall = time.perf_counter() - started
    if errors:
        raise StudyError(f"{len(errors)} of {total} runs failed; first error: {errors[0]}")
    names = list(what.names)
    Y = pd.DataFrame(values.reshape(n_samples, k, len(names)).mean(axis=1), columns=names)
    runs = pd.DataFrame(values, columns=names)
    runs.insert(0, "seed", np.tile(np.asarray(seeds, dtype=np.int64), n_samples))
    runs.insert(0, "replicate", np.tile(np.arange(k), n_samples))
    runs.insert(0, "sample", np.repeat(np.arange(n_samples), k))
    cost = {
        "runs": total,
        "samples": n_samples,
        "seeds_per_sample": k,
        "executor": how.kind,
        "workers": used["workers"],
        "wall_seconds": round(wall, 2),
        "ms_per_run_wall": round(1000 * wall / max(total, 1), 2),
        "ms_per_run_per_worker": round(1000 * wall * used["workers"] / max(total, 1), 2),
        "cpu_seconds": round(memory.cpu_seconds, 1) if memory.cpu_seconds else None,
        "cpu_ms_per_run": (
            round(1000 * memory.cpu_seconds / max(total, 1), 2) if memory.cpu_seconds else None
        ),
        "peak_rss_mb": round(memory.peak / 2**20, 1),
        "peak_pss_mb": round(memory.peak_pss / 2**20, 1) if memory.peak_pss else None,
        "peak_rss_method": memory.method,
    }
    return Y, runs, cost


def _frame(table: Any) -> pd.DataFrame | None:
    """A chunk table as pandas (chunks may carry pandas or Arrow tables)."""
    if table is None or isinstance(table, pd.DataFrame):
        return table
    return table.to_pandas()


def _collect(
    tables: dict[str, Any], names: Sequence[str], values: np.ndarray, errors: list[str]
) -> None:
    """Put one chunk's per-run outputs into ``values`` (rows = run ids); note failures."""
    runs = _frame(tables["runs"])
    errors.extend(str(e) for e in runs.loc[runs["status"] != "ok", "error"])
    measured = _frame(tables.get("outputs"))
    if measured is None or not len(measured):
        return
    ids = measured["run_id"].to_numpy(dtype=np.int64)
    values[ids] = measured.loc[:, list(names)].to_numpy(dtype=float)
