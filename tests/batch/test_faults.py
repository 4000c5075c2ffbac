"""Damaged batch directories: nothing is lost and nothing damaged is kept.

Each kind of part (every table) and the manifest is truncated, zero-filled or has one bit
flipped; ``--resume`` (after ``--repair`` for the manifest) must then finish the batch with
tables equal to an uninterrupted batch's.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from _batch_helpers import SMALL, SMALL_RUNS, assert_batches_equal

from resetsim.batch import BatchError, load_batch, read_manifest, run_batch
from resetsim.batch.repair import repair_batch
from resetsim.batch.store import TABLES

DAMAGES = ("truncate", "zero-fill", "bit-flip")


def damage(path: Path, how: str) -> None:
    """Damage a file in place the way a crash or a failing disk would."""
    data = bytearray(path.read_bytes())
    if how == "truncate":
        path.write_bytes(bytes(data[: len(data) // 2]))
    elif how == "zero-fill":
        path.write_bytes(bytes(len(data)))
    else:
        data[len(data) // 2] ^= 0x10
        path.write_bytes(bytes(data))


def flip_page_data(path: Path) -> None:
    """Flip a bit of the page data of the column that holds the middle of a Parquet file.

    The last byte of a column chunk is its last page's data, which the page's CRC covers;
    a page's header is not covered (a bit flipped there may leave the data as written).
    """
    middle = path.stat().st_size // 2
    group = pq.ParquetFile(path).metadata.row_group(0)
    for i in range(group.num_columns):
        column = group.column(i)
        start = column.dictionary_page_offset or column.data_page_offset
        end = start + column.total_compressed_size
        if start <= middle < end:
            data = bytearray(path.read_bytes())
            data[end - 1] ^= 0x10
            path.write_bytes(bytes(data))
            return
    raise AssertionError(f"no column chunk holds the middle of {path}")


@pytest.fixture(scope="module")
def complete(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small study, in chunks of two runs, uninterrupted."""
    out = tmp_path_factory.mktemp("faults") / "complete"
    run_batch(**SMALL, out=out, chunk_size=2)
    return out


def _copy(complete: Path, tmp_path: Path) -> Path:
    out = tmp_path / "batch"
    shutil.copytree(complete, out)
    return out


@pytest.mark.parametrize("how", DAMAGES)
@pytest.mark.parametrize("table", TABLES)
def test_a_damaged_part_is_found_and_its_runs_run_again(complete, reference, tmp_path, table, how):
    out = _copy(complete, tmp_path)
    parts = sorted((out / table).glob("part-*.parquet"))
    if not parts:
        pytest.skip(f"this study writes no {table} rows")
    victim = parts[len(parts) // 2]
    damage(victim, how)
    run_batch(**SMALL, out=out, chunk_size=2, resume=True)
    manifest = read_manifest(out)
    assert manifest["status"] == "complete" and manifest["counts"]["ok"] == SMALL_RUNS
    assert manifest["repairs"][-1]["chunks_rerun"] == 1
    assert_batches_equal(load_batch(out), reference)


@pytest.mark.parametrize("how", DAMAGES)
def test_a_damaged_manifest_is_refused_then_rebuilt_by_repair(complete, reference, tmp_path, how):
    out = _copy(complete, tmp_path)
    damage(out / "manifest.json", how)
    with pytest.raises(BatchError, match="--repair"):
        run_batch(**SMALL, out=out, chunk_size=2, resume=True)
    report = repair_batch(out)
    assert report.runs == SMALL_RUNS and report.dropped == 0
    run_batch(**SMALL, out=out, chunk_size=2, resume=True)
    assert read_manifest(out)["status"] == "complete"
    assert_batches_equal(load_batch(out), reference)


def test_repair_drops_a_damaged_chunk_and_resume_restores_it(complete, reference, tmp_path):
    out = _copy(complete, tmp_path)
    damage(out / "manifest.json", "truncate")
    flip_page_data(sorted((out / "timeseries").glob("part-*.parquet"))[0])
    report = repair_batch(out)
    assert report.dropped == 1 and report.runs == SMALL_RUNS - 2
    run_batch(**SMALL, out=out, chunk_size=2, resume=True)
    assert_batches_equal(load_batch(out), reference)


def test_repair_from_the_command_line(complete, tmp_path):
    out = _copy(complete, tmp_path)
    damage(out / "manifest.json", "zero-fill")
    code = "from resetsim.cli import app; app()"
    resume = subprocess.run(
        [sys.executable, "-c", code, "batch", "--out", str(out), "--resume", "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resume.returncode == 1 and "Traceback" not in resume.stderr
    assert "resetsim batch --repair" in resume.stderr
    repaired = subprocess.run(
        [sys.executable, "-c", code, "batch", "--repair", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert repaired.returncode == 0, repaired.stderr
    assert f"{SMALL_RUNS} runs kept" in repaired.stdout
    assert read_manifest(out)["status"] == "interrupted"
