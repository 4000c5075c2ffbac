"""One run function shared by the CLI, batches, the dashboard and notebooks.

``simulate`` builds a :class:`~resetsim.model.ResetModel`, runs it and returns its four
tables plus the metadata needed to reproduce it (package version, scenario hash, seed).
``write_run`` saves a result as Parquet files with the metadata in ``run.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mesa
import pandas as pd

from resetsim.calendar import format_month, parse_month
from resetsim.model import ResetModel
from resetsim.model.recorder import DEAL_SUMS, decoded
from resetsim.scenario import Scenario, load_scenario

__all__ = ["TABLES", "RunResult", "horizon_problem", "run_model", "simulate", "write_run"]

TABLES = ("timeseries", "actors", "log", "resets", "events")


@dataclass
class RunResult:
    """The tables and metadata of one run."""

    timeseries: pd.DataFrame
    actors: pd.DataFrame
    log: pd.DataFrame
    resets: pd.DataFrame
    events: pd.DataFrame
    metadata: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Tables given as columns instead of frames (``simulate(..., columnar=True)``): name ->
    column -> an array (NumPy, or pandas' for a nullable integer), or text as ``(codes,
    values)``; the frame of such a table is empty."""

    def tables(self, columnar: bool = False) -> dict[str, Any]:
        """The tables by name.

        Those given as :attr:`columns` are frames too, or with ``columnar`` as they are
        (column -> array).
        """
        tables: dict[str, Any] = {name: getattr(self, name) for name in TABLES}
        for name, columns in self.columns.items():
            tables[name] = columns if columnar else decoded(columns)
        return tables


def horizon_problem(sc: Scenario, months: int | None, flag: str = "--months") -> str:
    """Why ``months`` is not a run length for ``sc`` ('' when it is).

    A run covers ``months`` calendar months, the start month included (docs/ODD.md 2.9):
    from 1 to the scenario's own ``months``.
    """
    if months is None or 1 <= months <= sc.months:
        return ""
    end = format_month(parse_month(sc.start) + sc.months - 1)
    what = "is beyond the horizon of" if months > sc.months else "is too short for"
    return (
        f"{flag} {months} {what} scenario {sc.name}: a run of it covers 1 to {sc.months} "
        f"months, the start month included ({sc.start} to {end})"
    )


def run_model(sc: Scenario, seed: Any = 0, months: int | None = None) -> ResetModel:
    """Build a model of ``sc`` and run it over its first ``months`` months (default: all).

    The start month is the model's initial state (month 0), so covering ``months`` months
    takes ``months - 1`` steps; this is the one place that turns a run length into steps.

    Raises:
        ValueError: if ``months`` is outside 1 to the scenario's ``months``.

    """
    problem = horizon_problem(sc, months, "months")
    if problem:
        raise ValueError(problem)
    model = ResetModel(sc, seed=seed)
    model.run(None if months is None else months - 1)
    return model


def simulate(
    scenario: Scenario | str,
    seed: Any = 0,
    months: int | None = None,
    overrides: dict[str, Any] | None = None,
    actors: bool = True,
    columnar: bool = False,
) -> RunResult:
    """Run one scenario with one seed and return its tables.

    Args:
        scenario: a Scenario, or a scenario name or path.
        seed: integer or ``numpy.random.SeedSequence``.
        months: months the run covers, the start month included (default: the
            scenario's ``months``, its whole horizon).
        overrides: dotted-key overrides applied to the scenario first.
        actors: also build the month x actor table (the largest one).
        columnar: give each table with rows as its columns (:attr:`RunResult.columns`),
            not as a frame (the actor table's text as codes into its distinct values):
            the form the batch engine writes, built without a frame per run or a Python
            object per row of the actor table.

    """
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    if overrides:
        sc = sc.with_overrides(overrides)
    model = run_model(sc, seed, months)
    try:
        tables = model.tables(actors, columnar)
        _deal_sums_as_float(tables["timeseries"])
        columns = {n: t for n, t in tables.items() if not isinstance(t, pd.DataFrame)}
        frames = {n: pd.DataFrame() if n in columns else t for n, t in tables.items()}
        frames.setdefault("actors", pd.DataFrame())
        return RunResult(**frames, metadata=model.metadata(), columns=columns)
    finally:
        forget(model)


def _deal_sums_as_float(ts: pd.DataFrame | dict[str, Any]) -> None:
    """Cast the deal sums of ``ts`` (a frame or its columns) to floats, in place.

    Only the columns that are not floats yet are cast: ``DataFrame.astype`` with a mapping
    copies every column; the table is fresh, so the few columns to cast are replaced
    (same values and dtypes, a fraction of the work).
    """
    for name in DEAL_SUMS:
        if ts[name].dtype != "float64":
            ts[name] = ts[name].astype(float)


def forget(model: ResetModel) -> None:
    """Let a finished model be freed.

    mesa 3.3's ``Agent._ids`` is a class-level dict keyed by model, so every model ever
    built stays in memory (mesa issue #3179, fixed after 3.3.1). Dropping the finished
    model's entry keeps memory flat over thousands of runs.
    """
    ids = getattr(mesa.Agent, "_ids", None)
    if isinstance(ids, dict):
        ids.pop(model, None)


def write_run(result: RunResult, out: str | Path) -> dict[str, Path]:
    """Write each table to ``out/<table>.parquet`` and the metadata to ``out/run.json``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, frame in result.tables().items():
        path = out / f"{name}.parquet"
        frame.to_parquet(path, index=False)
        paths[name] = path
    (out / "run.json").write_text(json.dumps(result.metadata, indent=2, default=str) + "\n")
    paths["metadata"] = out / "run.json"
    return paths
