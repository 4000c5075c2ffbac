"""Ensembles in memory: the batch engine's runs, returned as tables instead of stored.

This is the one way an ensemble runs. :func:`run_ensemble` takes an :class:`Ensemble`
(scenarios under named conditions, each on the same seeds: common random numbers, so
conditions compare run by run) or a :class:`~resetsim.batch.spec.BatchSpec`, sends its
runs in chunks to an executor (serial, a process pool or Dask: the same ones as
``resetsim batch``) and returns the tables as a :class:`~resetsim.analysis.io.Batch`.
:func:`resetsim.batch.run_batch` is the same runs plus the store on disk. Attribution,
validation, calibration and sensitivity are clients of these two functions;
:func:`stream_ensemble` yields the chunks as they finish, for clients that reduce each
chunk at once (sensitivity studies of many thousand runs).

Run ``run_id = condition * len(seeds) + replicate``; the seed of replicate ``r`` is
``seeds[r]`` in every condition, and each run is ``run_fn(scenario, seed=SeedSequence(
seed), months=..., actors=...)``, which for :func:`resetsim.runner.simulate` is the same
run as ``simulate(scenario, seed=seed)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa

from resetsim.analysis.io import Batch
from resetsim.batch.columns import as_frame
from resetsim.batch.dispatch import RunSource, chunk_tasks
from resetsim.batch.options import ExecutorOptions
from resetsim.batch.plan import RunTask, prepare
from resetsim.batch.progress import BatchProgress
from resetsim.batch.spec import BatchError, BatchSpec
from resetsim.batch.store import TABLES
from resetsim.batch.worker import ChunkResult
from resetsim.runner import simulate
from resetsim.scenario import Scenario, load_scenario

__all__ = ["Condition", "Ensemble", "run_ensemble", "stream_ensemble"]


@dataclass(frozen=True)
class Condition:
    """One condition of an ensemble: a label, a scenario (index) and overrides on it."""

    label: Any
    scenario: int = 0
    overrides: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Ensemble:
    """Conditions x seeds, every condition on every seed (or, ``paired``, each on its own).

    Attributes:
        scenarios: the scenarios the conditions refer to (by index).
        conditions: the conditions, in run order.
        seeds: one integer seed per replicate, shared by all conditions.
        column: name of the identity column that holds each run's condition label.
        months: months every run covers, the start month included (None: the horizon).
        actors: also return the month x actor table.
        paired: condition ``i`` runs once, on ``seeds[i]`` (as many seeds as conditions),
            e.g. posterior draws each on a seed of its own; run ``i`` is condition ``i``.

    """

    scenarios: tuple[Scenario, ...]
    conditions: tuple[Condition, ...]
    seeds: tuple[int, ...]
    column: str = "condition"
    months: int | None = None
    actors: bool = False
    paired: bool = False

    @classmethod
    def of(
        cls,
        scenario: Scenario | str,
        seeds: Sequence[int],
        conditions: Mapping[Any, Mapping[str, Any]] | None = None,
        column: str = "condition",
        months: int | None = None,
        actors: bool = False,
    ) -> Ensemble:
        """One scenario under ``conditions`` (label -> dotted-key overrides), or as it is."""
        sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        given = conditions if conditions is not None else {sc.name: {}}
        return cls(
            scenarios=(sc,),
            conditions=tuple(Condition(k, 0, tuple(dict(v).items())) for k, v in given.items()),
            seeds=tuple(int(s) for s in seeds),
            column=column,
            months=months,
            actors=actors,
        )

    @property
    def total(self) -> int:
        """Number of runs."""
        return len(self.conditions) * (1 if self.paired else len(self.seeds))

    @property
    def keys(self) -> list[str]:
        """Grid keys written as columns by the workers (none: the label column is added here)."""
        return []

    def _of(self, run_id: int) -> tuple[Condition, int, int]:
        """Run ``run_id``'s condition, replicate and seed."""
        if self.paired:
            return self.conditions[run_id], 0, self.seeds[run_id]
        condition, replicate = divmod(run_id, len(self.seeds))
        return self.conditions[condition], replicate, self.seeds[replicate]

    def task(self, run_id: int) -> RunTask:
        """Run ``run_id``: its condition's scenario and overrides, and its seed."""
        cond, replicate, seed = self._of(run_id)
        return RunTask(run_id, cond.scenario, cond.overrides, replicate, seed, "")

    def label(self, run_id: int) -> Any:
        """The condition label of run ``run_id``."""
        return self._of(run_id)[0].label


def stream_ensemble(
    ensemble: Ensemble,
    options: ExecutorOptions | None = None,
    *,
    run_fn: Callable[..., Any] = simulate,
    started: Callable[[str, int], None] | None = None,
    **settings: Any,
) -> Iterator[ChunkResult]:
    """The ensemble's chunks of results (Arrow tables), in the order they finish.

    ``options`` (or ``settings`` by name: ``executor``, ``workers``, ``scheduler``,
    ``chunk_size``, ``progress``, ``force``) say where the runs execute, as for
    :func:`run_ensemble`. ``started``, if given, is called with the executor's kind and
    worker count once it has started (e.g. to report the cost of a study).

    Raises:
        BatchError: for an executor setting that cannot work, or when a worker dies.

    """
    _check(ensemble)
    how = ExecutorOptions.of(options, **settings)
    yield from _stream(ensemble, ensemble.total, how, run_fn, started)


def _check(ensemble: Ensemble) -> None:
    if not ensemble.conditions or not ensemble.seeds:
        raise BatchError("an ensemble needs at least one condition and one seed")
    if ensemble.paired and len(ensemble.seeds) != len(ensemble.conditions):
        raise BatchError(
            f"a paired ensemble needs one seed per condition (got {len(ensemble.seeds)} "
            f"seeds for {len(ensemble.conditions)} conditions)"
        )


def _stream(
    source: RunSource,
    total: int,
    how: ExecutorOptions,
    run_fn: Callable[..., Any],
    started: Callable[[str, int], None] | None = None,
) -> Iterator[ChunkResult]:
    """Every run of ``source`` on the executor ``how`` names, chunk by chunk."""
    bar = BatchProgress(total, enabled=how.progress)
    runner = how.start(bar.run_done)
    with runner, bar:
        if started is not None:
            started(how.kind, runner.workers)
        size = how.size_of_chunks(runner.workers, total)
        taper = how.taper(runner.workers)
        chunks = chunk_tasks(source, range(total), size, run_fn, taper=taper)
        for result in runner.imap(chunks):
            if runner.kind != "serial":
                bar.advance(result.ok, result.failed)
            yield result


def _gather(results: Sequence[ChunkResult]) -> dict[str, pd.DataFrame]:
    parts: dict[str, list[pa.Table]] = {}
    for result in results:
        for name, table in result.tables.items():
            parts.setdefault(name, []).append(table)
    out = {}
    for name, tables in parts.items():
        frame = as_frame(pa.concat_tables(tables, promote_options="permissive"))
        out[name] = frame.sort_values("run_id", kind="stable").reset_index(drop=True)
    return out


def run_ensemble(
    study: Ensemble | BatchSpec,
    options: ExecutorOptions | None = None,
    *,
    run_fn: Callable[..., Any] = simulate,
    **settings: Any,
) -> Batch:
    """Run every run of ``study`` and return its tables in memory.

    Args:
        study: an :class:`Ensemble`, or a batch spec (checked as ``resetsim batch`` does).
        options: where and how the runs execute (:class:`ExecutorOptions`: executor,
            workers, scheduler, chunk size, progress bar, force); default: serial for
            one worker.
        run_fn: the run function (signature of :func:`resetsim.runner.simulate`); it may
            return tables of its own besides the usual ones.
        **settings: fields of :class:`ExecutorOptions` by name, replacing those of
            ``options`` (e.g. ``workers=2``).

    Returns:
        Tables by name (each sorted by ``run_id``), with the identity columns ``run_id``,
        ``scenario``, ``seed`` and the condition label column (or the grid keys), and a
        ``runs`` table with one row per run and its ``status``.

    Raises:
        BatchError: on bad input or an executor that cannot start.

    """
    how = ExecutorOptions.of(options, **settings)
    if isinstance(study, BatchSpec):
        plan = prepare(study)
        results = list(_stream(plan, plan.total, how, run_fn))
        grid = {k: list(v) for k, v in study.grid.items()}
        names = plan.names
    else:
        _check(study)
        results = list(_stream(study, study.total, how, run_fn))
        grid = {study.column: [c.label for c in study.conditions]}
        names = sorted({sc.name for sc in study.scenarios})
    tables = _gather(results)
    for frame in tables.values():
        frame.pop("spawn_key")
        if not isinstance(study, BatchSpec):
            labels = [study.label(int(i)) for i in frame["run_id"].to_numpy()]
            frame.insert(3, study.column, labels)
    manifest = {
        "scenarios": [{"name": n} for n in names],
        "grid": grid,
        "runs": sum(r.ok + r.failed for r in results),
    }
    ordered = {name: tables.get(name, pd.DataFrame()) for name in TABLES}
    ordered.update({k: v for k, v in tables.items() if k not in ordered})
    return Batch(ordered, manifest)
