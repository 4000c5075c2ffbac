"""Rebuild a damaged batch manifest from the batch's spec file and its parts.

``resetsim batch --repair DIR`` reads ``DIR/batch.toml`` (the study), plans it again,
and keeps every chunk whose Parquet files all read back whole (page checksums verified)
and whose runs belong to this batch, once each; the files of any other chunk are
removed. It then writes a new manifest listing the kept parts with their row counts and
checksums, with status ``interrupted``, so that ``--resume`` runs what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq

from resetsim.batch.manifest import new_manifest, set_counts
from resetsim.batch.plan import prepare
from resetsim.batch.resume import scan_runs
from resetsim.batch.spec import BatchError
from resetsim.batch.spec_file import load_spec
from resetsim.batch.store import SPEC_FILE, BatchStore, file_digest, now

__all__ = ["RepairReport", "repair_batch"]


@dataclass
class RepairReport:
    """What a repair kept and removed."""

    kept: int
    dropped: int
    runs: int


def _read_whole(path: Path) -> Any:
    """The table in ``path``, or None if any part of the file is damaged."""
    try:
        return pq.read_table(path, page_checksum_verification=True)
    except Exception:  # pyarrow raises several error types for a damaged file
        return None


def _chunk_record(
    store: BatchStore, stem: str, done: np.ndarray
) -> tuple[dict[str, list[Any]], Any] | None:
    """The chunk's record and its runs' ids, or None if a file is damaged or foreign."""
    record: dict[str, list[Any]] = {}
    ids = None
    for name, path in store.chunk_files(stem).items():
        table = _read_whole(path)
        if table is None or "run_id" not in table.column_names:
            return None
        if name == "runs":
            ids = table.column("run_id").to_numpy()
        record[name] = [table.num_rows, file_digest(path)]
    if ids is None or (ids.size and (ids.min() < 0 or ids.max() >= done.size)):
        return None
    if done[ids].any() or np.unique(ids).size != ids.size:
        return None
    return record, ids


def repair_batch(directory: str | Path) -> RepairReport:
    """Rebuild ``directory``'s manifest from ``batch.toml`` and the intact chunks.

    Raises:
        BatchError: if the directory holds no readable ``batch.toml``.

    """
    store = BatchStore(directory)
    spec_file = store.root / SPEC_FILE
    if not store.root.is_dir() or not spec_file.is_file():
        raise BatchError(
            f"--repair {directory}: no {SPEC_FILE} there, so the batch cannot be rebuilt; "
            "give the --out folder of a `resetsim batch` run"
        )
    plan = prepare(load_spec(spec_file), allow_large=True)
    with store.lock():
        done = np.zeros(plan.total, dtype=bool)
        manifest = new_manifest(plan)
        records: dict[str, Any] = manifest["parts"]
        dropped = 0
        for stem in sorted(store.committed()):
            found = _chunk_record(store, stem, done)
            if found is None:
                dropped += 1
                continue
            records[stem], ids = found
            done[ids] = True
        store.clean(set(records))
        _, ok, failed = scan_runs(store, plan.total)
        manifest["status"] = "interrupted"
        manifest["repairs"] = [{"time": now(), "chunks_kept": len(records), "dropped": dropped}]
        set_counts(manifest, plan.total, ok, failed)
        store.write_manifest(manifest)
    return RepairReport(kept=len(records), dropped=dropped, runs=ok + failed)
