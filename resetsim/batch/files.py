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
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

__all__ = [
    "as_stored",
    "encode_parquet",
    "file_digest",
    "fsync_path",
    "manifest_checksum",
    "manifest_text",
    "no_null_types",
    "now",
    "publish",
    "result_code_hash",
    "stage",
    "staged",
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
    "batch/columns.py",
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


def staged(path: Path) -> Path:
    """The hidden temporary name a file is written under before it becomes ``path``."""
    return path.with_name(f".{path.name}.tmp")


def write_atomic(path: Path, write) -> None:
    """Write through a temporary file, flushed to disk, then renamed (folder flushed too)."""
    tmp = staged(path)
    write(tmp)
    fsync_path(tmp)
    os.replace(tmp, path)
    fsync_path(path.parent)


def stage(path: Path, data: Any) -> str:
    """Write ``data`` (bytes) under ``path``'s temporary name, not yet flushed; its SHA-256.

    :func:`publish` later flushes the file and renames it to ``path``, which may happen
    in another process: ``fsync`` flushes a file's data whoever wrote it.
    """
    staged(path).write_bytes(memoryview(data))
    return hashlib.sha256(data).hexdigest()


def publish(paths: list[Path]) -> None:
    """Flush the staged files of ``paths`` to the disk, rename them, flush their folders.

    When this returns, every one of ``paths`` survives a power loss; none of them is
    visible before its content is on the disk.
    """
    tmps = [staged(p) for p in paths]
    folders = sorted({p.parent for p in paths})
    with ThreadPoolExecutor(max(len(tmps), len(folders), 1)) as pool:
        list(pool.map(fsync_path, tmps))  # the waits overlap (fsync releases the GIL)
        for tmp, path in zip(tmps, paths, strict=True):
            os.replace(tmp, path)
        list(pool.map(fsync_path, folders))


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


def manifest_text(manifest: dict[str, Any]) -> str:
    """The manifest as indented JSON, each chunk's record of parts on one line of its own.

    A batch rewrites its manifest after every chunk, and a long one lists thousands of
    chunks: Python's JSON encoder is its pure-Python self when it indents, and in C when
    it does not, so the records (most of the text) are encoded compactly, one by one.
    """
    parts = manifest.get("parts")
    if not isinstance(parts, dict) or not parts:
        return json.dumps(manifest, indent=2, default=str) + "\n"
    marker = "\x00parts"  # a string no manifest holds, replaced by the records' lines
    body = json.dumps({**manifest, "parts": marker}, indent=2, default=str)
    lines = ",\n".join(
        f"    {json.dumps(stem)}: {json.dumps(record, default=str)}"
        for stem, record in parts.items()
    )
    return body.replace(json.dumps(marker), "{\n" + lines + "\n  }", 1) + "\n"


def write_parquet(path: Path, table: pa.Table) -> None:
    """Write ``table`` to ``path`` atomically, encoded by :func:`encode_parquet`.

    The file is encoded in memory and written with one call, which costs less than
    Arrow's file stream for the small parts of a batch (the bytes are the same).
    """
    data = encode_parquet(table)
    write_atomic(path, lambda p: p.write_bytes(memoryview(data)))


def _repeats_values(kind: pa.DataType) -> bool:
    """Whether a column of this type is worth a Parquet dictionary (text, integers)."""
    if pa.types.is_dictionary(kind):
        return True
    return pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_integer(kind)


def encode_parquet(table: pa.Table) -> pa.Buffer:
    """``table`` as the bytes of a Parquet file, as the parts of a batch are stored.

    Text and integers (dates, names, months, run numbers) repeat a few values and are
    dictionary-encoded; floating-point columns (a stance, a relationship) hardly ever
    repeat a value, so they are stored plain, which spares the writer building a
    dictionary it would give up on. Then Snappy compression (pandas' default for Parquet,
    read by every Parquet reader): a batch writes a file per table for every chunk, and
    what a file costs to write is mostly a fixed cost per column, which is several times
    Snappy's with zstd; zstd would store the files of a chunk of history runs in about 9%
    fewer bytes at 1.3 to 1.6 times the CPU. A CRC checksum on every page,
    so that a flipped bit of a page's data is found when the file is read with
    ``page_checksum_verification`` (as ``resetsim batch --repair`` does; a page's header
    is not covered, and the manifest's SHA-256 of each file covers every byte); statistics,
    which let readers skip row groups, on the columns one filters on; and no Arrow
    schema, so dictionary-encoded text reads back as plain text.
    """
    stats = [c for c in _FILTER_COLUMNS if c in table.column_names]
    sink = pa.BufferOutputStream()  # encoded in memory, then written in one go
    pq.write_table(
        table,
        sink,
        compression="snappy",
        use_dictionary=[f.name for f in table.schema if _repeats_values(f.type)],
        store_schema=False,
        write_statistics=stats,
        write_page_checksum=True,
    )
    return sink.getvalue()


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
