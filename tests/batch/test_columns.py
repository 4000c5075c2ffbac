"""The runs' tables are joined column by column exactly as pandas would join the frames."""

from __future__ import annotations

import gc
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from resetsim.batch.columns import BY_OBJECT_ROWS, text_codes
from resetsim.batch.dispatch import chunk_tasks
from resetsim.batch.parts import GC_THRESHOLD, collecting_less
from resetsim.batch.plan import RunTask, prepare
from resetsim.batch.spec import BatchSpec
from resetsim.batch.worker import ChunkTask, _Identity, as_frame, run_chunk
from resetsim.runner import simulate

# One frame per run, with columns whose type differs between the runs: a text column
# with no values in one run (pandas types it as float there), an integer column that is
# float in another, a nullable integer, a flag, and text that is all missing in one run.
FRAMES = [
    pd.DataFrame(
        {
            "a": ["p", None],
            "b": [1, 2],
            "c": pd.array([1, None], dtype="Int64"),
            "d": [True, False],
            "e": ["x", None],
        }
    ),
    pd.DataFrame(
        {
            "a": [np.nan, np.nan],
            "b": [1.5, np.nan],
            "c": pd.array([None, 7], dtype="Int64"),
            "d": [False, False],
            "e": [None, None],
        }
    ),
    pd.DataFrame(
        {
            "a": ["q", "p"],
            "b": [3, 4],
            "c": pd.array([5, 6], dtype="Int64"),
            "d": [True, True],
            "e": ["y", "x"],
        }
    ),
]


@dataclass
class WithExtra:
    """A run's result with one more table of its own."""

    timeseries: pd.DataFrame
    resets: pd.DataFrame
    extra: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"extra": self.extra}


def test_a_table_whose_column_types_differ_between_runs_joins_as_pandas_does():
    calls: list[int] = []

    def run_fn(scenario, seed, **kwargs):
        result = simulate(scenario, seed=seed, **kwargs)
        calls.append(1)
        return WithExtra(result.timeseries, result.resets, FRAMES[len(calls) - 1])

    plan = prepare(BatchSpec(("obama-2009",), seeds=3, months=3))
    (chunk,) = chunk_tasks(plan, range(3), 3, run_fn)
    got = as_frame(run_chunk(chunk).tables["extra"]).drop(
        columns=["run_id", "scenario", "seed", "spawn_key"]
    )
    expected = pd.concat(FRAMES, ignore_index=True)
    for name in ("a", "e"):  # text: stored as text, missing values as None
        expected[name] = expected[name].astype(object).where(expected[name].notna(), None)
    assert list(got.columns) == list(expected.columns)
    for name in expected.columns:
        assert got[name].isna().tolist() == expected[name].isna().tolist(), name
        present = expected[name].notna()
        assert got[name][present].tolist() == expected[name][present].tolist(), name
    assert str(got["b"].dtype) == "float64" and str(got["c"].dtype) == "Int64"


def _text_column(rows: int, twins: bool) -> np.ndarray:
    """Text that repeats a few objects, with missing values, ``rows`` long.

    With ``twins``, two distinct objects hold the same text.
    """
    words = ["alpha", "beta", None, "gamma", np.nan]
    if twins:
        words.append("".join(["al", "pha"]))  # equal to "alpha", another object
    column = np.empty(rows, dtype=object)
    column[:] = [words[i % len(words)] for i in range(rows)]
    return column


@pytest.mark.parametrize("rows", [10, BY_OBJECT_ROWS + 7])
@pytest.mark.parametrize("twins", [False, True])
def test_text_codes_of_short_and_long_columns_equal_pandas_factorize(rows, twins):
    values = _text_column(rows, twins)
    codes, uniques = text_codes(values)
    expected_codes, expected_uniques = pd.factorize(values, use_na_sentinel=True)
    assert codes.dtype == np.int32
    assert codes.tolist() == expected_codes.tolist()
    assert list(uniques) == list(expected_uniques)


def test_text_codes_of_distinct_objects_are_their_groups():
    values = np.array([f"w{i % 9}" for i in range(BY_OBJECT_ROWS + 1)], dtype=object)
    codes, uniques = text_codes(values)
    assert codes.tolist() == [i % 9 for i in range(len(values))]
    assert list(uniques) == [f"w{i}" for i in range(9)]


def test_a_chunk_collects_garbage_less_often_and_restores_the_threshold():
    before = gc.get_threshold()
    seen = []
    with collecting_less():
        seen.append(gc.get_threshold())
    assert seen == [(GC_THRESHOLD, *before[1:])] and gc.get_threshold() == before
    gc.set_threshold(0, *before[1:])  # collection off: left off
    try:
        with collecting_less():
            seen.append(gc.get_threshold()[0])
    finally:
        gc.set_threshold(*before)
    assert seen[-1] == 0


def test_identity_columns_spread_each_runs_values_to_its_rows():
    @dataclass
    class Named:
        name: str

    tasks = [
        RunTask(run_id=10 + i, scenario=i % 2, point=(("k", word), ("x", x)), replicate=i,
                seed=1000 + i, spawn_key=f"{i}")
        for i, (word, x) in enumerate([("a", 1), ("b", 2.5), ("a", 3), ("c", 4)])
    ]  # fmt: skip
    chunk = ChunkTask(tasks, {0: Named("s0"), 1: Named("s1")}, {}, ["k", "x"])
    owners, lengths = [3, 0, 2], [2, 0, 3]  # run 0 has no row in this table
    table = pa.table(_Identity(chunk).spread(owners, lengths))
    rows = [i for i, n in zip(owners, lengths, strict=True) for _ in range(n)]
    assert table.column("run_id").to_pylist() == [10 + i for i in rows]
    assert table.column("seed").to_pylist() == [1000 + i for i in rows]
    assert table.column("scenario").to_pylist() == [f"s{i % 2}" for i in rows]
    assert table.column("spawn_key").to_pylist() == [str(i) for i in rows]
    assert table.column("k").to_pylist() == ["c", "c", "a", "a", "a"]
    # a grid column of numbers is typed as the values of the runs given (all integers)
    assert table.column("x").to_pylist() == [4, 4, 3, 3, 3] and table.column("x").type == pa.int64()


def test_chunks_overlapping_in_threads_restore_the_threshold_of_before_the_first():
    before = gc.get_threshold()
    first, second = collecting_less(), collecting_less()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first to start ends first
    assert gc.get_threshold()[0] == GC_THRESHOLD
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before
