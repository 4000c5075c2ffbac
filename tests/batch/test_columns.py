"""The runs' tables are joined column by column exactly as pandas would join the frames."""

from __future__ import annotations

import gc
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from resetsim.batch.columns import BY_OBJECT_ROWS, text_codes
from resetsim.batch.dispatch import chunk_tasks
from resetsim.batch.parts import GC_THRESHOLD, collecting_less
from resetsim.batch.plan import prepare
from resetsim.batch.spec import BatchSpec
from resetsim.batch.worker import as_frame, run_chunk
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
