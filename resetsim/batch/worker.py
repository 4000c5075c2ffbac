"""The work done in a worker process: run a chunk of runs, return their tables.

:func:`run_chunk` is the only function shipped to workers (process pool or Dask). It
calls the one run function, :func:`resetsim.runner.simulate`, once per run, adds the
identity columns (``run_id``, ``scenario``, ``seed``, ``spawn_key`` and one column per
grid key) to every row, and returns one Arrow table per table plus a ``runs`` summary
with one row per run. A run that raises is recorded as ``failed`` with its error; the
other runs of the chunk go on.
"""

from __future__ import annotations

import inspect
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from resetsim.batch.columns import as_frame, column_arrays, dictionary, join_column
from resetsim.batch.plan import RunTask
from resetsim.batch.seeds import point_key
from resetsim.model.recorder import decoded
from resetsim.runner import simulate
from resetsim.scenario import Scenario
from resetsim.version import package_version

__all__ = [
    "DATA_TABLES",
    "RUN_SUMMARY_COLUMNS",
    "ChunkResult",
    "ChunkTask",
    "as_frame",
    "run_chunk",
]

DATA_TABLES = ("timeseries", "actors", "log", "resets", "events")
RUN_SUMMARY_COLUMNS = (
    "replicate",
    "status",
    "error",
    "traceback",
    "last_month",
    "final_phase",
    "final_relationship",
    "n_resets",
    "first_crisis_month",
    "escalation_months",
)
_COUNTS = ("last_month", "n_resets", "first_crisis_month", "escalation_months")
_SUMMARY_TYPES = {"final_relationship": pa.float64(), **dict.fromkeys(_COUNTS, pa.int64())}
"""Types of the summary columns that are not text."""
_SUMMARY_TABLES = ("timeseries", "resets")
"""The tables a run's summary reads."""
_CACHE: dict[tuple[str, str], Scenario] = {}
_CACHE_SIZE = 256
_VERSION = package_version()


@dataclass
class ChunkTask:
    """Runs sent to one worker in one go, with what they need.

    Attributes:
        tasks: the runs, in run order.
        scenarios: scenario index -> scenario (with the fixed overrides applied).
        hashes: scenario index -> content hash (keys the worker's cache).
        keys: grid keys, in order.
        months: stop after this many months (None: the scenario's horizon).
        actors: also return the month x actor table.
        run_fn: the run function (``simulate`` unless a caller injects another with
            the same signature, e.g. to test failure handling).
        out: the batch directory the worker writes the chunk's parts to
            (:func:`resetsim.batch.parts.execute_chunk`); None returns the tables.
        sync: the worker flushes its parts to the disk and renames them into place;
            False leaves them staged for the batch's own process to publish.

    """

    tasks: list[RunTask]
    scenarios: dict[int, Scenario]
    hashes: dict[int, str]
    keys: list[str]
    months: int | None = None
    actors: bool = True
    run_fn: Callable[..., Any] = simulate
    out: str | None = None
    sync: bool = True

    @property
    def first_run_id(self) -> int:
        """Number of the chunk's first run."""
        return self.tasks[0].run_id


@dataclass
class ChunkResult:
    """What a chunk gives back: its tables, or the parts a worker wrote of them.

    Attributes:
        first_run_id: number of the chunk's first run.
        tables: data tables with identity columns, and ``runs`` (Arrow); empty when the
            worker wrote them itself.
        ok: runs that finished.
        failed: runs that raised.
        version: the worker's resetsim version.
        stem: with parts written by the worker, the chunk's file stem ...
        record: ... its record, table -> ``[rows, sha256]``, as the manifest keeps it ...
        schemas: ... and the schema of each part as written.
        staged: the parts are under their temporary names, not yet flushed to the disk.

    """

    first_run_id: int
    tables: dict[str, pa.Table] = field(default_factory=dict)
    ok: int = 0
    failed: int = 0
    version: str = _VERSION
    stem: str = ""
    record: dict[str, list[Any]] = field(default_factory=dict)
    schemas: dict[str, pa.Schema] = field(default_factory=dict)
    staged: bool = False


def _scenario(chunk: ChunkTask, task: RunTask) -> Scenario:
    """The run's scenario with its grid point applied (cached per worker process)."""
    base = chunk.scenarios[task.scenario]
    if not task.point:
        return base
    key = (chunk.hashes[task.scenario], point_key(dict(task.point)))
    sc = _CACHE.get(key)
    if sc is None:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        sc = _CACHE[key] = base.with_overrides(dict(task.point))
    return sc


def _summary(result: Any, tables: Mapping[str, Any]) -> dict[str, Any]:
    """A run's row of the ``runs`` table, from its tables (frames or columns).

    A run function's result may leave its ``timeseries`` or ``resets`` out of the tables
    it gives to be written; the summary then reads them from the result itself.
    """
    ts, resets = (tables[n] if n in tables else getattr(result, n) for n in _SUMMARY_TABLES)
    month = np.asarray(ts["month"])
    phase = np.asarray(ts["phase"])
    crisis = np.flatnonzero(phase == "crisis")
    return {
        "status": "ok",
        "error": "",
        "traceback": "",
        "last_month": int(month[-1]),
        "final_phase": str(phase[-1]),
        "final_relationship": float(np.asarray(ts["relationship"])[-1]),
        "n_resets": _rows(resets),
        "first_crisis_month": int(month[crisis[0]]) if crisis.size else None,
        "escalation_months": int(np.asarray(ts["escalation"]).sum()),
    }


def _failure(exc: Exception) -> dict[str, Any]:
    message = str(exc).strip() or "(no message)"
    return {
        "status": "failed",
        "error": f"{type(exc).__name__}: {message}"[:2000],
        "traceback": "".join(traceback.format_exception(exc))[-4000:],
        "last_month": None,
        "final_phase": None,
        "final_relationship": float("nan"),
        "n_resets": None,
        "first_crisis_month": None,
        "escalation_months": None,
    }


class _Identity:
    """The identity columns of a chunk's runs, spread to the rows of any of its tables.

    Each column is built once per chunk, one value per run (text as dictionary codes),
    and spread to a table's rows by repeating each run's entry, so no Python object is
    made per row.
    """

    def __init__(self, chunk: ChunkTask):
        tasks = chunk.tasks
        names = {i: sc.name for i, sc in chunk.scenarios.items()}
        self.columns: dict[str, Any] = {
            "run_id": np.array([t.run_id for t in tasks], dtype=np.int64),
            "scenario": self._text([names[t.scenario] for t in tasks]),
            "seed": np.array([t.seed for t in tasks], dtype=np.int64),
            "spawn_key": self._text([t.spawn_key for t in tasks]),
        }
        for j, key in enumerate(chunk.keys):
            values = [t.point[j][1] for t in tasks]
            self.columns[key] = self._text(values) if isinstance(values[0], str) else values

    @staticmethod
    def _text(values: list[str]) -> tuple[np.ndarray, pa.Array]:
        codes, uniques = pd.factorize(np.asarray(values, dtype=object))
        return codes.astype(np.int32), pa.array(uniques, type=pa.string())

    def spread(self, owners: list[int], lengths: list[int]) -> dict[str, pa.Array]:
        """Identity columns for rows of run ``owners[i]`` (of the chunk), ``lengths[i]`` each."""
        runs = np.asarray(owners, dtype=np.intp)
        out: dict[str, pa.Array] = {}
        for name, column in self.columns.items():
            if isinstance(column, np.ndarray):  # integers
                out[name] = pa.array(np.repeat(column[runs], lengths))
            elif isinstance(column, tuple):  # text: codes and distinct values
                out[name] = dictionary(np.repeat(column[0][runs], lengths), column[1])
            else:  # grid values of another kind: typed as the values of these runs
                values = pa.array([column[i] for i in owners])
                out[name] = values.take(pa.array(np.repeat(np.arange(len(owners)), lengths)))
        return out


def _prepend(columns: dict[str, pa.Array], table: pa.Table) -> pa.Table:
    """``table`` with ``columns`` in front (a table column named like one is dropped)."""
    clash = [name for name in table.column_names if name in columns]
    if clash:
        table = table.drop_columns(clash)
    names = [*columns, *table.column_names]
    arrays = [*columns.values(), *table.columns]
    return pa.Table.from_arrays(arrays, names=names, metadata=table.schema.metadata)


def _rows(table: Any) -> int:
    """Rows of a run's table: a frame, or columns (column -> array, text as codes)."""
    if isinstance(table, pd.DataFrame):
        return len(table)
    first = next(iter(table.values()), ())
    return len(first[0] if isinstance(first, tuple) else first)


def _with_identity(ident: _Identity, tables: list[Any], owners: list[int]) -> pa.Table:
    """The runs' tables as one Arrow table, the identity columns in front.

    A run's table is a frame, or columns as ``simulate(..., columnar=True)`` gives them.
    """
    lengths = [_rows(t) for t in tables]
    names = [list(t) for t in tables]  # a frame's columns, or the columns' names
    if any(n != names[0] for n in names[1:]):  # let pandas align the columns
        frames = [t if isinstance(t, pd.DataFrame) else decoded(t) for t in tables]
        tables = [pd.concat(frames, ignore_index=True)]
        names = [list(tables[0].columns)]
    arrays = [column_arrays(t) if isinstance(t, pd.DataFrame) else list(t.values()) for t in tables]
    table = pa.table({n: join_column([a[j] for a in arrays]) for j, n in enumerate(names[0])})
    return _prepend(ident.spread(owners, lengths), table)


def _runs_table(chunk: ChunkTask, ident: _Identity, summaries: list[dict[str, Any]]) -> pa.Table:
    # built column by column, typed as the summaries' values are: counts are integers,
    # NaN (a failed run's final relationship) and None are missing values
    columns: dict[str, Any] = {
        "replicate": pa.array(np.array([t.replicate for t in chunk.tasks], dtype=np.int64))
    }
    for name in RUN_SUMMARY_COLUMNS[1:]:
        values = [s[name] for s in summaries]
        kind = _SUMMARY_TYPES.get(name, pa.string())
        columns[name] = pa.array(values, type=kind, from_pandas=True)
    everyone = list(range(len(chunk.tasks)))
    return _prepend(ident.spread(everyone, [1] * len(everyone)), pa.table(columns))


def _takes_columnar(run_fn: Callable[..., Any]) -> bool:
    """Whether ``run_fn`` names a ``columnar`` parameter, as :func:`simulate` does.

    Such a function is asked for its large tables as columns (built without a Python
    object per row), which the chunk joins as they are.
    """
    try:
        parameter = inspect.signature(run_fn).parameters.get("columnar")
    except (TypeError, ValueError):  # no signature to read: ask for frames
        return False
    return parameter is not None and parameter.kind != inspect.Parameter.VAR_KEYWORD


def run_chunk(chunk: ChunkTask, on_run: Callable[[bool], None] | None = None) -> ChunkResult:
    """Run every run of ``chunk`` and return its tables.

    Args:
        chunk: the runs and what they need.
        on_run: called after each run with True (ok) or False (failed); used for the
            progress bar when runs execute in this process.

    """
    frames: dict[str, list[Any]] = {name: [] for name in DATA_TABLES}
    owners: dict[str, list[int]] = {name: [] for name in DATA_TABLES}
    summaries: list[dict[str, Any]] = []
    columnar = {"columnar": True} if _takes_columnar(chunk.run_fn) else {}
    for i, task in enumerate(chunk.tasks):
        try:
            sc = _scenario(chunk, task)
            result = chunk.run_fn(
                sc,
                seed=np.random.SeedSequence(task.seed),
                months=chunk.months,
                actors=chunk.actors,
                **columnar,
            )
            tables: Mapping[str, Any] = result.tables(**columnar)
            summary = _summary(result, tables)
        except Exception as exc:  # a failed run is data, not a crash of the batch
            summary = _failure(exc)
        else:
            for name, frame in tables.items():  # a run function may add tables of its own
                if name != "runs" and frame is not None and _rows(frame):
                    frames.setdefault(name, []).append(frame)
                    owners.setdefault(name, []).append(i)
        summaries.append(summary)
        if on_run is not None:
            on_run(summary["status"] == "ok")
    out = ChunkResult(first_run_id=chunk.first_run_id)
    ident = _Identity(chunk)
    for name, found in frames.items():
        if found:
            out.tables[name] = _with_identity(ident, found, owners[name])
    out.tables["runs"] = _runs_table(chunk, ident, summaries)
    out.failed = sum(s["status"] != "ok" for s in summaries)
    out.ok = len(summaries) - out.failed
    return out
