"""The runs of a sensitivity study and the three outputs read from each.

Every sample of the design runs on the same seeds through the batch engine
(:func:`resetsim.batch.stream_ensemble`); each chunk is reduced to the outputs
(:data:`OUTPUTS`) as it arrives, so memory stays flat. See
:mod:`resetsim.sensitivity.study` for what the outputs mean.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from resetsim.batch.options import ExecutorOptions
from resetsim.runner import RunResult, simulate
from resetsim.scenario import Scenario
from resetsim.sensitivity.cost import PeakMemory
from resetsim.sensitivity.ranges import Range, overrides_for

__all__ = [
    "OUTPUTS",
    "OUTPUT_LABELS",
    "StudyError",
    "evaluate",
    "run_outputs",
    "simulate_light",
]

OUTPUTS = ("half_life", "months_survived", "crisis")
OUTPUT_LABELS = {
    "half_life": "reset half-life (months; censored = horizon)",
    "months_survived": "months the reset survived",
    "crisis": "crisis probability after the reset",
}
_KEEP = ("month", "phase", "relationship", "escalation")


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
def _seeds(sc: Scenario, seeds: int, base_seed: int) -> list[int]:
    from resetsim.batch import run_seed

    return [run_seed(base_seed, sc.name, {}, r, common=True)[0] for r in range(seeds)]


def evaluate(
    sc: Scenario,
    ranges: Sequence[Range],
    X: np.ndarray,
    seeds: int = 1,
    base_seed: int = 0,
    options: ExecutorOptions | None = None,
    run_fn: Callable[..., Any] = simulate_light,
    **settings: Any,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Run every row of ``X`` on ``seeds`` common seeds and average the outputs.

    ``options`` (or the :class:`~resetsim.batch.ExecutorOptions` fields by name in
    ``settings``) say where the runs execute.

    Returns:
        ``(Y, cost)``: one row per sample with the columns of :data:`OUTPUTS`, and the
        cost (runs, failures, wall seconds, ms per run, peak memory).

    Raises:
        StudyError: if runs fail (with the first error) or the executor cannot start.

    """
    from resetsim.batch import BatchError, Condition, Ensemble, stream_ensemble

    n_samples = len(X)
    total = n_samples * seeds
    ensemble = Ensemble(
        scenarios=(sc,),
        conditions=tuple(
            Condition(i, 0, tuple(overrides_for(ranges, row, sc).items()))
            for i, row in enumerate(X)
        ),
        seeds=tuple(_seeds(sc, seeds, base_seed)),
    )
    how = ExecutorOptions.of(options, **settings)
    values = np.full((total, len(OUTPUTS)), np.nan)
    errors: list[str] = []
    used = {"workers": 1}
    started = time.perf_counter()
    with PeakMemory() as memory:
        try:
            for result in stream_ensemble(
                ensemble,
                how,
                run_fn=run_fn,
                started=lambda _kind, count: used.update(workers=count),
            ):
                _collect(result.tables, values, errors)
        except BatchError as exc:
            raise StudyError(str(exc)) from None
    wall = time.perf_counter() - started
    if errors:
        raise StudyError(f"{len(errors)} of {total} runs failed; first error: {errors[0]}")
    Y = pd.DataFrame(
        values.reshape(n_samples, seeds, len(OUTPUTS)).mean(axis=1), columns=list(OUTPUTS)
    )
    cost = {
        "runs": total,
        "samples": n_samples,
        "seeds_per_sample": seeds,
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
    return Y, cost


def _frame(table: Any) -> pd.DataFrame | None:
    """A chunk table as pandas (chunks may carry pandas or Arrow tables)."""
    if table is None or isinstance(table, pd.DataFrame):
        return table
    return table.to_pandas()


def _collect(tables: dict[str, pd.DataFrame], values: np.ndarray, errors: list[str]) -> None:
    """Turn one chunk's tables into per-run outputs in ``values`` (rows = run ids)."""
    runs = _frame(tables["runs"])
    resets = _frame(tables.get("resets"))
    by_run = (
        {rid: frame.sort_values("start_month") for rid, frame in resets.groupby("run_id")}
        if resets is not None and len(resets)
        else {}
    )
    empty = pd.DataFrame()
    for row in runs.itertuples(index=False):
        if row.status != "ok":
            errors.append(str(row.error))
            continue
        values[int(row.run_id)] = run_outputs(
            by_run.get(row.run_id, empty),
            int(row.last_month) + 1,
            not pd.isna(row.first_crisis_month),
        )
