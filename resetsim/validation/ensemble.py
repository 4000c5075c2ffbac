"""Ensembles of runs for validation: one scenario (with overrides) over a list of seeds.

The patterns need more than the tables of :func:`resetsim.runner.simulate`: the
deliveries (share of each deal delivered at its due date) and the names of the
legislative factions. :func:`run_one` therefore runs :class:`~resetsim.model.ResetModel`
directly and keeps only what the patterns read, so a few thousand runs fit in memory.

:class:`Ensembles` caches ensembles by scenario, overrides and seeds, so patterns that
share an ensemble (1 and 7 both read the default scenario) run it once, and can spread
the runs over worker processes. Runs with the same seed are the same run whatever the
number of workers.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import pandas as pd

from resetsim.model import ResetModel
from resetsim.processes import process_context, worker_init
from resetsim.scenario import Scenario, load_scenario

__all__ = ["TIMESERIES_COLUMNS", "Ensembles", "Run", "first_resets", "run_one", "scenario"]

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


@dataclass
class Run:
    """What validation keeps of one run."""

    seed: int
    timeseries: pd.DataFrame
    resets: pd.DataFrame
    log: pd.DataFrame
    deliveries: pd.DataFrame
    legislators: dict[str, list[str]]


def scenario(name: str = "obama-2009", overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Load a scenario by name or path and apply dotted-key overrides."""
    sc = load_scenario(name)
    return sc.with_overrides(dict(overrides)) if overrides else sc


def run_one(sc: Scenario, seed: int) -> Run:
    """Run ``sc`` with ``seed`` to its end and keep what the patterns read."""
    model = ResetModel(sc, seed=seed).run()
    ts = model.timeseries()
    return Run(
        seed=int(seed),
        timeseries=ts.loc[:, list(TIMESERIES_COLUMNS)],
        resets=model.resets(),
        log=model.decision_log(),
        deliveries=model.deliveries(),
        legislators={side: [f.name for f in model.factions[side]] for side in model.factions},
    )


def _run_many(sc: Scenario, seeds: list[int]) -> list[Run]:
    return [run_one(sc, s) for s in seeds]


def first_resets(runs: Iterable[Run]) -> pd.DataFrame:
    """The first reset episode of every run that has one (one row per such run)."""
    rows = [r.resets.iloc[0] for r in runs if len(r.resets)]
    return pd.DataFrame(rows)


class Ensembles:
    """A cache of ensembles, optionally computed on a pool of worker processes.

    Args:
        workers: worker processes (1 runs everything in this process).

    Use as a context manager when ``workers > 1`` so the pool is shut down.

    Example:
        >>> with Ensembles(workers=2) as ens:  # doctest: +SKIP
        ...     runs = ens.get("obama-2009", range(1000, 1040))

    """

    def __init__(self, workers: int = 1):
        self.workers = max(1, int(workers))
        self._cache: dict[tuple[str, str, tuple[int, ...]], list[Run]] = {}
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Ensembles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Shut the worker pool down (if one was started)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

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
            self._cache[key] = self._compute(sc, list(seeds))
        return self._cache[key]

    def _compute(self, sc: Scenario, seeds: list[int]) -> list[Run]:
        if self.workers == 1 or len(seeds) < 2 * self.workers:
            return _run_many(sc, seeds)
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=process_context("resetsim.validation.ensemble"),
                initializer=worker_init,
            )
        size = max(1, math.ceil(len(seeds) / (4 * self.workers)))
        chunks = [seeds[i : i + size] for i in range(0, len(seeds), size)]
        futures = [self._pool.submit(_run_many, sc, chunk) for chunk in chunks]
        return [run for future in futures for run in future.result()]
