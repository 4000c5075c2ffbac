"""The run list of a batch, checked before anything starts.

:func:`prepare` loads every scenario with the fixed overrides and checks every grid
value and every grid point against the scenario schema in the parent process, so a
misspelt key, an empty grid or a value out of range stops the batch before any run.

Runs are numbered scenario first, then grid point (last grid key fastest), then
replicate; :meth:`BatchPlan.task` rebuilds any run from its number, so the run list
is never held in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resetsim.batch.seeds import run_seed, spawn_key_text
from resetsim.batch.spec import BatchError, BatchSpec
from resetsim.runner import horizon_problem
from resetsim.scenario import Scenario, ScenarioError, load_scenario

__all__ = ["IDENTITY_COLUMNS", "RESERVED_COLUMNS", "BatchPlan", "RunTask", "prepare"]

IDENTITY_COLUMNS = ("run_id", "scenario", "seed", "spawn_key")
RESERVED_COLUMNS = frozenset(
    {
        *IDENTITY_COLUMNS,
        "replicate",
        "status",
        "error",
        "traceback",
        "final_phase",
        "final_relationship",
        "n_resets",
        "first_crisis_month",
        "escalation_months",
        "last_month",
        "month",
        "date",
    }
)
_MAX_PRODUCT_CHECK = 20_000
MAX_MONTHS = 1200
"""Longest run a batch makes (100 years of months)."""
LARGE_BATCH = 1_000_000
"""Runs above which a batch must be confirmed (``--yes``)."""
MAX_RUNS = 100_000_000
"""Runs a batch may hold at most (its run list is a mask of this many entries)."""


@dataclass(frozen=True)
class RunTask:
    """One run: its number, scenario (index into the plan), grid point, replicate, seed."""

    run_id: int
    scenario: int
    point: tuple[tuple[str, Any], ...]
    replicate: int
    seed: int
    spawn_key: str


@dataclass
class BatchPlan:
    """A validated batch: the spec, its loaded scenarios, and the run numbering."""

    spec: BatchSpec
    scenarios: list[Scenario]

    @property
    def keys(self) -> list[str]:
        """Grid keys in order (the last varies fastest), or the keys of the draws."""
        if self.spec.draws:
            return [k for k, _ in self.spec.draws[0]]
        return list(self.spec.grid)

    @property
    def names(self) -> list[str]:
        """Scenario names, in run order."""
        return [sc.name for sc in self.scenarios]

    @property
    def total(self) -> int:
        """Number of runs."""
        return self.spec.n_runs

    @property
    def months(self) -> int | None:
        """Months every run covers, the start month included (None: each scenario's)."""
        return self.spec.months

    @property
    def actors(self) -> bool:
        """Whether runs return the month x actor table."""
        return self.spec.actors

    def point(self, index: int) -> tuple[tuple[str, Any], ...]:
        """The grid point (or draw) with this index, as ``((key, value), ...)``."""
        return self.spec.point(index)

    def task(self, run_id: int) -> RunTask:
        """Rebuild run ``run_id`` (seed computed here, in the parent)."""
        if not 0 <= run_id < self.total:
            raise IndexError(run_id)
        rest, replicate = divmod(run_id, self.spec.seeds)
        scenario, point_index = divmod(rest, self.spec.n_points)
        point = self.point(point_index)
        # equal draws (resampling repeats particles) are distinct points with their own seeds
        seeded = {**dict(point), "#draw": point_index} if self.spec.draws else dict(point)
        seed, key = run_seed(
            self.spec.base_seed,
            self.scenarios[scenario].name,
            seeded,
            replicate,
            self.spec.common_seeds,
        )
        return RunTask(run_id, scenario, point, replicate, seed, spawn_key_text(key))

    def tasks(self, run_ids: Iterator[int]) -> Iterator[RunTask]:
        """Tasks for these run numbers."""
        return (self.task(i) for i in run_ids)

    def identity(self) -> dict[str, Any]:
        """What makes two batches the same batch (compared on ``--resume``)."""
        return {
            **self.spec.to_dict(),
            "scenarios": [
                {"name": sc.name, "content_hash": sc.content_hash} for sc in self.scenarios
            ],
            "runs": self.total,
        }

    def scenario_records(self) -> list[dict[str, Any]]:
        """Name, source file and content hash (after ``--set``) of each scenario."""
        return [
            {
                "name": sc.name,
                "given": given,
                "source": sc.source,
                "content_hash": sc.content_hash,
                "months": sc.months,
            }
            for given, sc in zip(self.spec.scenarios, self.scenarios, strict=True)
        ]


def _problem_text(exc: ScenarioError) -> str:
    return "\n".join(exc.lines())


def _check_size(spec: BatchSpec, allow_large: bool) -> None:
    runs = spec.n_runs
    shape = (
        f"{len(spec.scenarios)} scenario(s) x {spec.n_points} grid point(s) x {spec.seeds} seeds"
    )
    if runs > MAX_RUNS:
        raise BatchError(
            f"{runs:,} runs ({shape}) is more than one batch can hold ({MAX_RUNS:,}); "
            "split the study into several batches"
        )
    if runs > LARGE_BATCH and not allow_large:
        raise BatchError(
            f"{runs:,} runs ({shape}) is a very large batch (over {LARGE_BATCH:,} runs); "
            "add --yes if you mean it"
        )


def _check_spec(spec: BatchSpec) -> None:
    if not spec.scenarios:
        raise BatchError("no scenario given; name one or more, e.g. resetsim batch obama-2009")
    if isinstance(spec.seeds, bool) or not isinstance(spec.seeds, int) or spec.seeds < 1:
        raise BatchError(f"--seeds must be a whole number of at least 1 (got {spec.seeds!r})")
    if not isinstance(spec.base_seed, int) or spec.base_seed < 0:
        raise BatchError(f"--base-seed must be a whole number >= 0 (got {spec.base_seed!r})")
    if spec.months is not None and (
        not isinstance(spec.months, int) or not 1 <= spec.months <= MAX_MONTHS
    ):
        raise BatchError(
            f"--months must be a whole number from 1 to {MAX_MONTHS} (got {spec.months!r})"
        )
    both = sorted(set(spec.overrides) & set(spec.grid))
    if both:
        raise BatchError(
            f"{', '.join(both)}: given both as --set and as --grid; keep one of the two"
        )
    _check_draws(spec)
    clash = sorted(k for k in spec.grid if k in RESERVED_COLUMNS)
    if clash:
        raise BatchError(
            f"grid key(s) {', '.join(clash)} would clash with a table column of the same name"
        )


def _check_draws(spec: BatchSpec) -> None:
    if not spec.draws:
        return
    if spec.grid:
        raise BatchError("give either parameter draws (--posterior) or a --grid, not both")
    keys = [k for k, _ in spec.draws[0]]
    if any([k for k, _ in d] != keys for d in spec.draws):
        raise BatchError("every parameter draw must set the same keys, in the same order")
    both = sorted(set(spec.overrides) & set(keys))
    if both:
        raise BatchError(f"{', '.join(both)}: set both by --set and by the draws; keep one")
    clash = sorted(k for k in keys if k in RESERVED_COLUMNS)
    if clash:
        raise BatchError(f"draw key(s) {', '.join(clash)} would clash with a table column")


def _load(given: str, spec: BatchSpec, dirs: tuple[Path, ...]) -> Scenario:
    try:
        return load_scenario(given, spec.overrides or None, dirs=dirs)
    except ScenarioError as exc:
        where = " with the --set overrides" if spec.overrides else ""
        if len(exc.problems) == 1:
            raise BatchError(f"scenario {given!r}{where}: {exc.problems[0]}") from None
        raise BatchError(f"scenario {given!r}{where} is not valid:\n{_problem_text(exc)}") from None


def _check_grid(sc: Scenario, spec: BatchSpec) -> None:
    for draw in spec.draws[:_MAX_PRODUCT_CHECK]:
        try:
            sc.with_overrides(dict(draw))
        except ScenarioError as exc:
            raise BatchError(
                f"parameter draw {dict(draw)} is not valid for scenario {sc.name}:\n"
                f"{_problem_text(exc)}"
            ) from None
    for key, values in spec.grid.items():
        for value in values:
            try:
                sc.with_overrides({key: value})
            except ScenarioError as exc:
                raise BatchError(
                    f"--grid {key}={value!r} is not valid for scenario {sc.name}:\n"
                    f"{_problem_text(exc)}"
                ) from None
    if len(spec.grid) < 2 or spec.n_points > _MAX_PRODUCT_CHECK:
        return
    for index in range(spec.n_points):
        point = dict(spec.point(index))
        try:
            sc.with_overrides(point)
        except ScenarioError as exc:
            shown = ", ".join(f"{k}={v!r}" for k, v in point.items())
            raise BatchError(
                f"grid point {shown} is not valid for scenario {sc.name}:\n{_problem_text(exc)}"
            ) from None


def prepare(
    spec: BatchSpec, dirs: tuple[Path, ...] = (), *, allow_large: bool = False
) -> BatchPlan:
    """Load and check everything a batch needs, or raise :class:`BatchError`.

    Checks: at least one scenario and one seed; the run count (at most
    :data:`MAX_RUNS`, and above :data:`LARGE_BATCH` only with ``allow_large``); every
    scenario loads with the fixed overrides; scenario names are distinct; ``months``
    is within :data:`MAX_MONTHS` and every scenario's horizon
    (:func:`resetsim.runner.horizon_problem`, as ``resetsim run`` checks it);
    every grid value is valid on its own and (up to 20,000 grid points) every
    combination is.

    Args:
        spec: the study.
        dirs: extra folders searched for scenario names.
        allow_large: allow more than :data:`LARGE_BATCH` runs (``--yes``).

    """
    _check_spec(spec)
    _check_size(spec, allow_large)
    scenarios = [_load(given, spec, dirs) for given in spec.scenarios]
    seen: dict[str, str] = {}
    for given, sc in zip(spec.scenarios, scenarios, strict=True):
        if sc.name in seen:
            raise BatchError(
                f"scenarios {seen[sc.name]!r} and {given!r} are both named {sc.name!r}; "
                "each scenario of a batch needs its own name"
            )
        seen[sc.name] = given
        problem = horizon_problem(sc, spec.months)
        if problem:
            raise BatchError(problem)
    for sc in scenarios:
        _check_grid(sc, spec)
    return BatchPlan(spec=spec, scenarios=scenarios)
