"""Parts a pool worker leaves staged, and text columns factorized by object identity.

A worker of a process pool writes its chunk's parts under hidden temporary names and
the batch's own process flushes and renames them before the manifest lists them
(``BatchStore.write_chunk(..., sync=False)`` then ``BatchStore.adopt``): until then no
reader sees them, and ``--resume`` removes them.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _batch_helpers import SMALL, assert_batches_equal

from resetsim.batch import load_batch, read_manifest, run_batch
from resetsim.batch.columns import factorize_text
from resetsim.batch.dispatch import chunk_tasks
from resetsim.batch.parts import execute_chunk
from resetsim.batch.plan import prepare
from resetsim.batch.resume import intact
from resetsim.batch.spec import BatchSpec
from resetsim.batch.store import TABLES, BatchStore
from resetsim.runner import simulate


def _visible(out: Path) -> list[str]:
    return sorted(p.name for p in out.glob("*/part-*.parquet"))


def _hidden(out: Path) -> list[Path]:
    return sorted(p for p in out.glob("*/.*") if p.name.endswith(".tmp"))


@pytest.fixture
def staged(tmp_path: Path):
    """A chunk of the small study run as a pool worker runs it: parts left staged."""
    plan = prepare(BatchSpec(("obama-2009",), seeds=2, months=12))
    (chunk,) = chunk_tasks(plan, range(2), 2, simulate, str(tmp_path), sync=False)
    return tmp_path, execute_chunk(chunk)


def test_a_staged_chunk_is_invisible_until_published(staged):
    out, result = staged
    assert result.staged and result.tables == {}
    assert _visible(out) == [] and len(_hidden(out)) == len(result.record)
    assert BatchStore(out).committed() == set()
    store = BatchStore(out)
    stem, record = store.adopt(result)
    assert _hidden(out) == [] and len(_visible(out)) == len(record)
    assert intact(store, stem, record)  # the checksums of the bytes are those of the files


def test_staged_files_of_an_unpublished_chunk_are_cleaned(staged):
    out, _ = staged
    assert BatchStore(out).clean(set()) > 0
    assert _hidden(out) == [] and _visible(out) == []


def test_a_process_batch_leaves_no_staged_file_and_equals_a_serial_one(tmp_path, reference):
    out = tmp_path / "p"
    run_batch(**SMALL, out=out, executor="process", workers=2, chunk_size=2)
    assert _hidden(out) == []
    manifest = read_manifest(out)
    store = BatchStore(out)
    assert all(intact(store, stem, record) for stem, record in manifest["parts"].items())
    assert_batches_equal(load_batch(out), reference)
    assert set(load_batch(out)) == set(TABLES)


def _strings(*parts: str) -> str:
    return "".join(parts)  # a new object each call, equal in value


@pytest.mark.parametrize(
    "values",
    [
        [],
        ["a", "b", "a", "a", "c"],
        [_strings("x", "y"), _strings("x", "y"), "xy", "z"],  # equal text, distinct objects
        [None, "a", np.nan, "a", pd.NA, None, "b"],  # missing values of every kind
        ["b", None, None],
        [np.nan, np.nan],
    ],
)
def test_text_codes_equal_pandas_factorize(values):
    array = np.array(values, dtype=object)
    codes, uniques = factorize_text(array)
    expected_codes, expected_uniques = pd.factorize(array, use_na_sentinel=True)
    assert codes.tolist() == expected_codes.tolist()
    assert list(uniques) == list(expected_uniques)


def test_text_codes_of_a_strided_array():
    base = np.array(["a", "b", "c", "a", "b", "c"], dtype=object)
    codes, uniques = factorize_text(base[::2])
    assert codes.tolist() == [0, 1, 2] and list(uniques) == ["a", "c", "b"]


def test_staged_record_matches_a_synced_chunk(tmp_path):
    plan = prepare(BatchSpec(("obama-2009",), seeds=2, months=12))
    (chunk,) = chunk_tasks(plan, range(2), 2, simulate, str(tmp_path / "a"))
    synced = execute_chunk(chunk)
    staged = execute_chunk(replace(chunk, out=str(tmp_path / "b"), sync=False))
    assert not synced.staged and staged.staged
    assert {k: v[0] for k, v in synced.record.items()} == {
        k: v[0] for k, v in staged.record.items()
    }
