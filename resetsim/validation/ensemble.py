"""Ensembles of runs for validation: one scenario (with overrides) over a list of seeds.

The patterns need more than the tables of :func:`resetsim.runner.simulate`: the
deliveries (share of each deal delivered at its due date) and the names of the
legislative factions. :func:`record_run`, the run function given to the batch engine's
:func:`~resetsim.batch.ensemble.run_ensemble`, therefore runs
:class:`~resetsim.model.ResetModel` directly and keeps only what the patterns read (as
extra tables), so a few thousand runs fit in memory.

:class:`Ensembles` caches ensembles by scenario, overrides and seeds, so patterns that
share an ensemble (1 and 7 both read the default scenario) run it once, and spreads the
runs over the engine's executors. Runs with the same seed are the same run whatever the
executor and the number of workers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from resetsim.model import ResetModel
from resetsim.runner import run_model
from resetsim.scenario import Scenario, load_scenario

__all__ = [
    "TIMESERIES_COLUMNS",
    "Ensembles",
    "Run",
    "first_resets",
    "record_run",
    "record_run_with_events",
    "run_one",
    "scenario",
]

TIMESERIES_COLUMNS = (
    "month",
    "date",
    "relationship",
    "baseline",
    "phase",
    "us_public_favourability",
    "escalation",
)
"""Columns of the monthly table kept for validation."""
EVENT_COLUMNS = ("month", "date", "origin", "side", "actor", "kind", "direction", "severity")
"""Columns of the events table kept by :func:`record_run_with_events`."""


@dataclass
class Run:
    """What validation keeps of one run."""

    seed: int
    timeseries: pd.DataFrame
    resets: pd.DataFrame
    log: pd.DataFrame
    deliveries: pd.DataFrame
    legislators: dict[str, list[str]]
    events: pd.DataFrame = field(default_factory=pd.DataFrame)


def scenario(name: str = "obama-2009", overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Load a scenario by name or path and apply dotted-key overrides."""
    sc = load_scenario(name)
    return sc.with_overrides(dict(overrides)) if overrides else sc


@dataclass
class _Recorded:
    """What :func:`record_run` returns: the tables the engine sends back."""

    timeseries: pd.DataFrame
    resets: pd.DataFrame
    extra: dict[str, pd.DataFrame]

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"timeseries": self.timeseries, "resets": self.resets, **self.extra}


def record_run(sc: Scenario, seed: Any = 0, months: int | None = None, actors: bool = False):
    """Run ``sc`` (a run function for the batch engine) and keep what the patterns read."""
    return _record(run_model(sc, seed, months))


def _record(model: ResetModel) -> _Recorded:
    legislators = pd.DataFrame(
        [(side, f.name) for side in model.factions for f in model.factions[side]],
        columns=["side", "faction"],
    )
    return _Recorded(
        timeseries=model.timeseries().loc[:, list(TIMESERIES_COLUMNS)],
        resets=model.resets(),
        extra={
            "log": model.decision_log(),
            "deliveries": model.deliveries(),
            "legislators": legislators,
        },
    )


def record_run_with_events(
    sc: Scenario, seed: Any = 0, months: int | None = None, actors: bool = False
):
    """:func:`record_run` plus the run's events (``ResetModel.events()``: who moved, what)."""
    model = run_model(sc, seed, months)
    recorded = _record(model)
    events = model.events()
    recorded.extra["events"] = events.loc[:, [c for c in EVENT_COLUMNS if c in events.columns]]
    return recorded


_IDENTITY = ("run_id", "scenario", "seed", "condition", "draw")


def _split(batch: Any, seeds: Sequence[int]) -> list[Run]:
    """One :class:`Run` per run of an ensemble, in run order (``seeds[i]`` is run ``i``'s).

    Raises:
        RuntimeError: if a run failed.

    """
    runs = batch["runs"]
    failed = runs[runs["status"] != "ok"]
    if len(failed):
        raise RuntimeError(f"a validation run failed: {failed['error'].iloc[0]}")
    groups = {
        name: dict(tuple(frame.groupby("run_id", sort=False)))
        for name, frame in batch.items()
        if len(frame.columns)
    }

    def part(name: str, run_id: int) -> pd.DataFrame:
        frame = batch.get(name)
        if frame is None or name not in groups:
            return pd.DataFrame()
        rows = groups[name].get(run_id, frame.iloc[0:0])
        return rows.drop(columns=[c for c in _IDENTITY if c in rows.columns]).reset_index(drop=True)

    out = []
    for run_id, seed in enumerate(seeds):
        legislators = part("legislators", run_id)
        out.append(
            Run(
                seed=int(seed),
                timeseries=part("timeseries", run_id),
                resets=part("resets", run_id),
                log=part("log", run_id),
                deliveries=part("deliveries", run_id),
                events=part("events", run_id),
                legislators={
                    str(side): list(rows["faction"])
                    for side, rows in legislators.groupby("side", sort=False)
                },
            )
        )
    return out


def run_one(sc: Scenario, seed: int) -> Run:
    """Run ``sc`` with ``seed`` to its end and keep what the patterns read (in this process)."""
    return Ensembles().run(sc, [seed])[0]


def first_resets(runs: Iterable[Run]) -> pd.DataFrame:
    """The first reset episode of every run that has one (one row per such run)."""
    from resetsim.analysis.outcomes import first_reset

    rows = [first_reset(r.resets) for r in runs]
    return pd.DataFrame([row for row in rows if row is not None])


class Ensembles:
    """A cache of ensembles, optionally computed on a pool of worker processes.

    Args:
        workers: worker processes (1 runs everything in this process).
        executor: ``serial``, ``process`` or ``dask`` (default: by ``workers``).
        scheduler: address of a running Dask scheduler.
        run_fn: the run function (default :func:`record_run`; e.g.
            :func:`resetsim.validation.nulls.record_placebo_run` for placebo calendars).
        prepare: applied to every scenario (after its overrides) before it runs, e.g.
            :func:`resetsim.validation.nulls.null_model`.

    Use as a context manager when ``workers > 1`` so the pool is shut down.

    Example:
        >>> with Ensembles(workers=2) as ens:  # doctest: +SKIP
        ...     runs = ens.get("obama-2009", range(1000, 1040))

    """

    def __init__(
        self,
        workers: int = 1,
        executor: str | None = None,
        scheduler: str | None = None,
        run_fn: Any = None,
        prepare: Any = None,
    ):
        self.workers = max(1, int(workers))
        self.run_fn = run_fn or record_run
        self.prepare = prepare
        self.executor = executor
        self.scheduler = scheduler
        self._cache: dict[tuple[str, str, tuple[int, ...]], list[Run]] = {}

    def __enter__(self) -> Ensembles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release: each ensemble opens and closes its executor."""

    def clear(self) -> None:
        """Forget every cached ensemble."""
        self._cache.clear()

    def get(
        self,
        name: str,
        seeds: Sequence[int],
        overrides: Mapping[str, Any] | None = None,
    ) -> list[Run]:
        """Runs of scenario ``name`` with ``overrides``, one per seed, in seed order."""
        seeds = tuple(int(s) for s in seeds)
        key = (name, json.dumps(overrides or {}, sort_keys=True, default=str), seeds)
        if key not in self._cache:
            sc = scenario(name, overrides)
            if self.prepare is not None:
                sc = self.prepare(sc)
            self._cache[key] = self.run(sc, list(seeds))
        return self._cache[key]

    def run(self, sc: Scenario, seeds: list[int]) -> list[Run]:
        """Runs of ``sc``, one per seed, on the batch engine (not cached)."""
        from resetsim.batch import Ensemble

        return self.runs(Ensemble.of(sc, seeds))

    def runs(self, ensemble: Any) -> list[Run]:
        """One :class:`Run` per run of ``ensemble`` (a :class:`resetsim.batch.Ensemble`).

        In run order, on the batch engine with this object's executor and run function;
        in this process when there are fewer runs than two per worker; not cached.
        """
        from resetsim.batch import run_ensemble

        seeds = [ensemble.task(i).seed for i in range(ensemble.total)]
        serial = self.workers == 1 or len(seeds) < 2 * self.workers
        batch = run_ensemble(
            ensemble,
            executor=self.executor or ("serial" if serial else None),
            workers=None if serial and self.executor is None else self.workers,
            scheduler=self.scheduler,
            run_fn=self.run_fn,
        )
        return _split(batch, seeds)
