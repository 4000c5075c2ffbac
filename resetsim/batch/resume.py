"""What a resumed or repaired batch keeps: every part checked, the runs already recorded.

A chunk of a batch counts once the manifest lists its parts with their row counts and
SHA-256 checksums (:mod:`resetsim.batch.store`). On ``--resume``, :func:`verify` keeps
the chunks whose parts are exactly those listed and unchanged and removes the others
(and any staged or orphan file), so their runs run again; :func:`scan_runs` then says
which runs are recorded, and :func:`forget_failed` (``--retry-failed``) drops the failed
ones so that they run again.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow.compute as pc
import pyarrow.parquet as pq

from resetsim.batch.files import file_digest, write_parquet
from resetsim.batch.spec import BatchError
from resetsim.batch.store import BatchStore

__all__ = ["forget_failed", "intact", "scan_runs", "verify"]


def intact(store: BatchStore, stem: str, record: Any) -> bool:
    """Whether chunk ``stem``'s files are exactly those ``record`` lists, unchanged.

    ``record`` maps table name -> ``[rows, sha256]`` (as :meth:`BatchStore.write_chunk` returns).
    """
    if not isinstance(record, dict) or "runs" not in record:
        return False
    files = store.chunk_files(stem)
    if set(files) != set(record):
        return False
    for name, path in files.items():
        entry = record[name]
        if not isinstance(entry, list) or len(entry) != 2 or file_digest(path) != entry[1]:
            return False
    return True


def verify(store: BatchStore, records: dict[str, Any]) -> list[str]:
    """Keep the chunks whose parts match ``records``; remove the rest and stale files.

    Returns the stems of the chunks removed because a part was damaged or missing
    (chunks written after the last manifest update are removed without counting).
    """
    damaged = [s for s in sorted(records) if not intact(store, s, records[s])]
    for stem in damaged:
        records.pop(stem)
    store.clean(set(records))
    return damaged


def scan_runs(store: BatchStore, total: int) -> tuple[np.ndarray, int, int]:
    """Which runs are already recorded: a done mask and the ok and failed counts.

    Raises:
        BatchError: if a run number is out of range or recorded twice.

    """
    done = np.zeros(total, dtype=bool)
    failed = 0
    for path in store.parts("runs"):
        table = pq.read_table(path, columns=["run_id", "status"])
        ids = table.column("run_id").to_numpy()
        if ids.size and (ids.min() < 0 or ids.max() >= total):
            raise BatchError(f"{path}: run numbers outside 0..{total - 1}; not this batch")
        if done[ids].any() or np.unique(ids).size != ids.size:
            raise BatchError(f"{path}: runs recorded twice; the directory is damaged")
        done[ids] = True
        failed += int((table.column("status").to_numpy(zero_copy_only=False) != "ok").sum())
    count = int(done.sum())
    return done, count - failed, failed


def forget_failed(store: BatchStore, records: dict[str, Any]) -> int:
    """Drop the failed runs' rows from ``runs/`` so that a resume runs them again.

    A failed run has rows in ``runs/`` only. Each file is rewritten atomically and its
    entry in ``records`` (the manifest's chunk records) updated; a batch killed before
    the manifest is written finds the changed file on its next resume and runs that
    chunk again. Returns the number of runs forgotten.
    """
    forgotten = 0
    for path in store.parts("runs"):
        table = pq.read_table(path)
        ok = pc.equal(table.column("status"), "ok")
        kept = table.filter(ok)
        if kept.num_rows == table.num_rows:
            continue
        forgotten += table.num_rows - kept.num_rows
        write_parquet(path, kept)
        if path.stem in records:
            records[path.stem]["runs"] = [kept.num_rows, file_digest(path)]
    return forgotten
