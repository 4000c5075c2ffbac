"""Chunks of a batch: every run once, in order, tapering to half the size at the end;
pool workers keep the memory a chunk frees (:func:`resetsim.batch.parts.keep_freed_memory`).
"""

from __future__ import annotations

import itertools
import sys

import pytest

from resetsim.batch.dispatch import chunk_bounds, chunk_size_for
from resetsim.batch.executors import ProcessExecutor


@pytest.mark.parametrize("count", [1, 2, 7, 60, 200, 1001])
@pytest.mark.parametrize("workers", [1, 2, 3, 8])
def test_chunks_cover_every_run_once_in_order(count, workers):
    size = chunk_size_for("process", workers, count, None)
    bounds = list(chunk_bounds(count, size, taper=workers))
    assert bounds[0][0] == 0 and bounds[-1][1] == count
    assert all(end == start for (_, end), (start, _) in itertools.pairwise(bounds))
    steps = [end - start for start, end in bounds]
    assert max(steps) <= size
    # only the last chunk is shorter than half the size (it holds the runs left over)
    assert all(2 * step >= size for step in steps[:-1])


def test_tapered_chunks_of_200_runs_on_two_workers():
    size = chunk_size_for("process", 2, 200, None)
    steps = [end - start for start, end in chunk_bounds(200, size, taper=2)]
    assert (size, steps) == (50, [50, 38, 28, 25, 25, 25, 9])


def test_a_chunk_size_given_is_kept_without_taper():
    steps = [end - start for start, end in chunk_bounds(10, 4)]
    assert steps == [4, 4, 2]


def _memory_pool() -> str:
    import pyarrow as pa

    return pa.default_memory_pool().backend_name


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_pool_workers_allocate_arrow_memory_through_malloc():
    with ProcessExecutor(1) as executor:
        assert executor._pool is not None
        assert executor._pool.submit(_memory_pool).result() == "system"
