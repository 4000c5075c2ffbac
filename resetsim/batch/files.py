"""Files of a batch directory written so that they survive a crash or a power loss.

Each file is written under a hidden temporary name, flushed to the disk (``fsync``),
renamed into place, and its folder flushed too (POSIX ``rename`` is atomic; the folder's
``fsync`` makes the rename itself durable). Parquet parts carry page checksums, and
:func:`file_digest` gives the SHA-256 recorded in the manifest for each part.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

__all__ = [
    "as_stored",
    "file_digest",
    "fsync_path",
    "manifest_checksum",
    "no_null_types",
    "now",
    "result_code_hash",
    "write_atomic",
    "write_parquet",
]

# Code whose changes change results: a batch is resumed only with the same code.
_RESULT_CODE = (
    "agents",
    "model",
    "scenario",
    "calendar.py",
    "runner.py",
    "batch/plan.py",
    "batch/seeds.py",
    "batch/worker.py",
)


def now() -> str:
    """Current UTC time, ISO 8601 to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def result_code_hash() -> str:
    """SHA-256 (16 hex digits) of the package code that determines run results."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for item in _RESULT_CODE:
        path = root / item
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            if file.is_file():
                digest.update(file.relative_to(root).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


_FILTER_COLUMNS = ("run_id", "scenario", "seed", "month", "status")


def fsync_path(path: Path) -> None:
    """Flush a file's or folder's content to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, write) -> None:
    """Write through a temporary file, flushed to disk, then renamed (folder flushed too)."""
    tmp = path.with_name(f".{path.name}.tmp")
    write(tmp)
    fsync_path(tmp)
    os.replace(tmp, path)
    fsync_path(path.parent)


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes (hex)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest_checksum(manifest: dict[str, Any]) -> str:
    """SHA-256 of the manifest's content without its own ``checksum`` entry."""
    body = {k: v for k, v in manifest.items() if k != "checksum"}
    text = json.dumps(body, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_parquet(path: Path, table: pa.Table) -> None:
    """Write ``table`` to ``path`` atomically.

    Without the Arrow schema in the file, dictionary-encoded text is read back as plain
    text (Parquet stores it dictionary-encoded either way). Statistics, which let readers
    skip row groups, are kept for the columns one filters on; every page carries a CRC
    checksum, so that a flipped bit is found when the file is read with
    ``page_checksum_verification`` (as ``resetsim batch --repair`` does). The file is
    encoded in memory and written with one call, which costs less than Arrow's file
    stream for the small parts of a batch (the bytes are the same).
    """
    stats = [c for c in _FILTER_COLUMNS if c in table.column_names]
    sink = pa.BufferOutputStream()  # encoded in memory, then written in one go
    pq.write_table(
        table,
        sink,
        compression="zstd",
        store_schema=False,
        write_statistics=stats,
        write_page_checksum=True,
    )
    data = sink.getvalue()
    write_atomic(path, lambda p: p.write_bytes(memoryview(data)))


def no_null_types(table: pa.Table) -> pa.Table:
    """Columns with no values at all come out of pandas as type null: store them as text."""
    if not any(pa.types.is_null(f.type) for f in table.schema):
        return table
    fields = [
        pa.field(f.name, pa.string()) if pa.types.is_null(f.type) else f for f in table.schema
    ]
    return table.cast(pa.schema(fields, metadata=table.schema.metadata))


def as_stored(schema: pa.Schema) -> pa.Schema:
    """``schema`` as a Parquet file written without the Arrow schema reads back."""
    fields = [
        pa.field(f.name, f.type.value_type, f.nullable) if pa.types.is_dictionary(f.type) else f
        for f in schema
    ]
    return pa.schema(fields, metadata=schema.metadata)
