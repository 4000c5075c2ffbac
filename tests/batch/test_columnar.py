"""The tables given as columns (``simulate(..., columnar=True)``) are the same tables."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from resetsim.batch.columns import join_coded, join_column
from resetsim.batch.dispatch import chunk_tasks
from resetsim.batch.plan import prepare
from resetsim.batch.spec import BatchSpec
from resetsim.batch.worker import _takes_columnar, as_frame, run_chunk
from resetsim.model.recorder import coded, decoded
from resetsim.runner import TABLES, simulate


@pytest.mark.parametrize("scenario", ["obama-2009", "history-1992-2016", "detente-1969"])
def test_columns_of_every_table_decode_to_its_frame(scenario):
    # history changes leaders (a new run of names in the roster's seats);
    # detente's decision log names a chamber per row (a side with two chambers)
    seed = np.random.SeedSequence(7)
    framed = simulate(scenario, seed=seed)
    given = simulate(scenario, seed=seed, columnar=True)
    assert set(given.columns) == set(TABLES)  # every table has rows in a whole run
    for name in TABLES:
        assert getattr(given, name).empty, name
        assert given.tables(columnar=True)[name] is given.columns[name]
        pd.testing.assert_frame_equal(decoded(given.columns[name]), getattr(framed, name))
        pd.testing.assert_frame_equal(given.tables()[name], getattr(framed, name))
    assert ("chamber" in given.columns["log"]) == scenario.startswith("detente")
    actors = framed.actors
    if scenario.startswith("history"):  # a new leader's name in a seat
        first, last = (set(actors.actor[actors.month == m]) for m in (0, actors.month.max()))
        assert first != last
    without = simulate(scenario, seed=seed, months=2, actors=False, columnar=True)
    assert "actors" not in without.columns and without.actors.empty


def test_a_table_without_rows_stays_a_frame_with_its_types():
    seed = np.random.SeedSequence(3)
    framed = simulate("obama-2009", seed=seed, months=2)
    given = simulate("obama-2009", seed=seed, months=2, columnar=True)
    assert framed.resets.empty and "resets" not in given.columns  # no reset in two months
    for name in TABLES:
        pd.testing.assert_frame_equal(given.tables()[name], getattr(framed, name))
    assert given.resets.dtypes.equals(framed.resets.dtypes)


def test_coded_text_of_several_runs_joins_to_the_same_text_row_by_row():
    parts = [
        (np.array([0, 1, 1, -1, 0], dtype=np.int32), np.array(["b", "a"], dtype=object)),
        (np.array([], dtype=np.int32), np.array([], dtype=object)),
        (np.array([2, 0, 1], dtype=np.int32), np.array(["a", "c", "b"], dtype=object)),
    ]
    expected = [None if c < 0 else values[c] for codes, values in parts for c in codes]
    assert join_coded(parts).to_pylist() == expected
    assert join_coded(parts[:1] * 2).dictionary.to_pylist() == ["b", "a"]  # distinct values


def _frames_only(scenario, seed, months=None, actors=True):
    """``simulate`` as a run function that does not take ``columnar``."""
    return simulate(scenario, seed=seed, months=months, actors=actors)


def test_a_chunk_asks_for_columns_only_a_run_function_that_takes_them():
    assert _takes_columnar(simulate) and _takes_columnar(functools.partial(simulate, months=3))
    assert not _takes_columnar(_frames_only)
    assert not _takes_columnar(lambda scenario, seed, **kwargs: None)  # not named: frames
    plan = prepare(BatchSpec(("history-1992-2016",), seeds=3, months=30))
    tables = {}
    for run_fn in (simulate, _frames_only):
        (chunk,) = chunk_tasks(plan, range(3), 3, run_fn)
        tables[run_fn] = run_chunk(chunk).tables
    for name, table in tables[simulate].items():
        assert table.schema.equals(tables[_frames_only][name].schema), name
        pd.testing.assert_frame_equal(as_frame(table), as_frame(tables[_frames_only][name]))


def test_numbers_join_with_nan_as_a_missing_value_only_where_there_is_one():
    whole = join_column([np.array([1.5, 2.0]), np.array([3.0])])
    gap = join_column([np.array([1.5, np.nan]), np.array([3.0])])
    assert whole.to_pylist() == [1.5, 2.0, 3.0] and whole.null_count == 0
    assert gap.to_pylist() == [1.5, None, 3.0] and gap.type == pa.float64()
    assert join_column([np.array([1, 2]), np.array([3])]).type == pa.int64()


def test_coded_text_with_a_missing_value_decodes_and_joins_to_the_same_rows():
    rows = ["a", None, "b", "a"]
    column = coded(rows)
    assert decoded({"x": column})["x"].tolist() == rows
    assert join_coded([column, coded(["b", None])]).to_pylist() == [*rows, "b", None]
