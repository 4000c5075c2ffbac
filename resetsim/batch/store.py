"""The batch directory: a manifest and Parquet datasets written chunk by chunk.

Layout of ``DIR``::

    manifest.json        package version, scenarios and content hashes, seeds, grid,
                         overrides, run count, status and counts, created/updated times
    batch.toml           the study as a spec file: ``resetsim batch --spec DIR/batch.toml``
    timeseries/          one Parquet file per chunk of runs: part-<first run>-<token>.parquet
    actors/ log/ resets/ events/
    runs/                one row per run: identity, status, error, summary

Each file is written under a hidden temporary name (``.part-...tmp``, skipped by
pyarrow and pandas), flushed to the disk (``fsync`` of the file), renamed into place and
its folder flushed too, so a half-written file is never read and a written one survives
a power loss. (Worker processes leave their parts under the temporary names and the
batch's own process flushes and renames them, so that a worker goes on with its next
chunk instead of waiting for the disk.) A chunk counts once the manifest lists its parts
with their row counts and SHA-256 checksums (the manifest is written, the same way,
after the parts): on ``--resume`` every part kept is checked against that record
(:mod:`resetsim.batch.resume`), and a chunk with a missing, damaged or unlisted part is
removed and its runs run again, so every run is present exactly once and intact.
:func:`load_batch` reads the chunks whose ``runs/`` file exists.
The manifest carries its own checksum; a damaged one is rebuilt from the parts by
``resetsim batch --repair DIR`` (:mod:`resetsim.batch.repair`).
"""

from __future__ import annotations

import contextlib
import json
import secrets
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from resetsim.batch.columns import as_frame
from resetsim.batch.files import (
    as_stored,
    encode_parquet,
    file_digest,
    fsync_path,
    manifest_checksum,
    manifest_text,
    no_null_types,
    now,
    publish,
    result_code_hash,
    stage,
    write_atomic,
    write_parquet,
)
from resetsim.batch.spec import BatchError
from resetsim.batch.worker import DATA_TABLES, ChunkResult

__all__ = [
    "FORMAT",
    "MANIFEST",
    "SPEC_FILE",
    "TABLES",
    "BatchStore",
    "file_digest",
    "load_batch",
    "now",
    "read_manifest",
    "result_code_hash",
]

_write_parquet = write_parquet  # the writer of parts (a test replaces it to fake a full disk)

FORMAT = 2
MANIFEST = "manifest.json"
SPEC_FILE = "batch.toml"
LOCK = ".lock"
TABLES = (*DATA_TABLES, "runs")
_PART = "part-"


class BatchStore:
    """Reads and writes one batch directory."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self._schemas: dict[str, pa.Schema] = {}

    # ------------------------------------------------------------------ manifest
    @property
    def manifest_path(self) -> Path:
        """``DIR/manifest.json``."""
        return self.root / MANIFEST

    def has_manifest(self) -> bool:
        """Whether the directory holds a batch manifest."""
        return self.manifest_path.is_file()

    def read_manifest(self) -> dict[str, Any]:
        """The manifest, or a BatchError saying why it cannot be read."""
        repair = f"; rebuild it from the parts with: resetsim batch --repair {self.root}"
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise BatchError(f"{self.manifest_path}: cannot read ({exc.strerror})") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "not text"
            raise BatchError(f"{self.manifest_path}: damaged ({reason}){repair}") from None
        if not isinstance(data, dict) or data.get("kind") != "resetsim-batch":
            raise BatchError(f"{self.manifest_path}: not a resetsim batch manifest")
        if "checksum" in data and data["checksum"] != manifest_checksum(data):
            raise BatchError(f"{self.manifest_path}: damaged (checksum does not match){repair}")
        return data

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        """Write the manifest atomically (with ``updated`` set to now and its checksum)."""
        manifest["updated"] = now()
        manifest["checksum"] = manifest_checksum(manifest)
        text = manifest_text(manifest)
        write_atomic(self.manifest_path, lambda p: p.write_text(text, encoding="utf-8"))

    def write_spec(self, text: str) -> None:
        """Write ``batch.toml`` atomically."""
        write_atomic(self.root / SPEC_FILE, lambda p: p.write_text(text, encoding="utf-8"))

    # ------------------------------------------------------------------ directory
    def is_empty(self) -> bool:
        """Whether the directory is missing or holds nothing but the lock file."""
        if not self.root.exists():
            return True
        return all(p.name == LOCK for p in self.root.iterdir())

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold an exclusive lock on the directory while a batch writes to it."""
        if self.root.exists() and not self.root.is_dir():
            raise BatchError(f"--out {self.root} is a file; give a directory")
        created = not self.root.exists()
        self.root.mkdir(parents=True, exist_ok=True)
        handle = open(self.root / LOCK, "a+")  # held for the whole batch
        try:
            try:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except ImportError:  # pragma: no cover - platforms without fcntl: no lock
                pass
            except OSError:
                raise BatchError(
                    f"{self.root} is being written by another batch right now; wait for it "
                    "to finish (or stop it) before resuming"
                ) from None
            yield
        finally:
            handle.close()
            if created and self.is_empty():  # nothing was started: leave no trace
                (self.root / LOCK).unlink(missing_ok=True)
                self.root.rmdir()

    def committed(self) -> set[str]:
        """Stems of the chunks whose ``runs/`` file exists (complete chunks)."""
        folder = self.root / "runs"
        if not folder.is_dir():
            return set()
        return {p.stem for p in folder.glob(f"{_PART}*.parquet")}

    def parts(self, name: str, committed: set[str] | None = None) -> list[Path]:
        """Files of table ``name`` that belong to complete chunks, in run order."""
        committed = self.committed() if committed is None else committed
        folder = self.root / name
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.glob(f"{_PART}*.parquet") if p.stem in committed)

    def clean(self, committed: set[str] | None = None) -> int:
        """Remove temporary files and the files of chunks not in ``committed``.

        ``committed`` defaults to the chunks whose ``runs/`` file exists.
        """
        committed = self.committed() if committed is None else committed
        removed = 0
        for name in TABLES:
            folder = self.root / name
            if not folder.is_dir():
                continue
            for path in folder.iterdir():
                stale_tmp = path.name.startswith(".") and path.name.endswith(".tmp")
                orphan = path.name.startswith(_PART) and path.stem not in committed
                if stale_tmp or orphan:
                    path.unlink()
                    removed += 1
        return removed

    def chunk_files(self, stem: str) -> dict[str, Path]:
        """Table name -> file of chunk ``stem``, for the tables that have one."""
        files = {name: self.root / name / f"{stem}.parquet" for name in TABLES}
        return {name: path for name, path in files.items() if path.is_file()}

    # ------------------------------------------------------------------ writing
    def pin_schemas(self) -> None:
        """Take each table's columns from its first part on disk (call before a session).

        Later parts are cast to them, so that every part of a table has the same columns.
        """
        for name in TABLES:
            existing = self.parts(name)
            if existing and name not in self._schemas:
                self._schemas[name] = pq.read_schema(existing[0])

    @property
    def schemas(self) -> dict[str, pa.Schema]:
        """Table -> the columns its parts have (as pinned, or as this store wrote them)."""
        return dict(self._schemas)

    def _cast(self, name: str, table: pa.Table) -> pa.Table:
        """``table`` with the columns pinned for ``name`` (pinning its own if none are)."""
        pinned = self._schemas.get(name)
        if pinned is None:
            self._schemas[name] = as_stored(table.schema)
        elif not as_stored(table.schema).equals(pinned, check_metadata=False):
            try:
                return table.cast(pinned)
            except (ValueError, pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                raise BatchError(
                    f"table {name}: columns changed within the batch "
                    f"({table.schema.names} vs {pinned.names}): {exc}"
                ) from None
        return table

    def adopt(self, result: ChunkResult) -> tuple[str, dict[str, list[Any]]]:
        """Stem and record of a chunk whose parts a worker wrote, cast to the pinned columns.

        Parts a worker left staged (see :meth:`write_chunk`) are flushed to the disk and
        renamed into place here first. A part written with other columns than the
        table's first part (a column with no values at all in one chunk, say) is
        rewritten with them.
        """
        record = {name: list(entry) for name, entry in result.record.items()}
        if result.staged:  # the data parts first, the runs/ part (which commits) last
            data = [n for n in record if n != "runs"]
            publish([self.root / name / f"{result.stem}.parquet" for name in data])
            publish([self.root / "runs" / f"{result.stem}.parquet"])
        for name in record:
            written = result.schemas[name]
            if self._cast(name, written.empty_table()).schema.equals(written):
                continue
            path = self.root / name / f"{result.stem}.parquet"
            _write_parquet(path, self._cast(name, pq.read_table(path)))
            record[name] = [record[name][0], file_digest(path)]
        return result.stem, record

    def _part(self, name: str, stem: str, table: pa.Table) -> tuple[pa.Table, Path]:
        """``table`` cast to the table's columns, and the path of its part."""
        folder = self.root / name
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            fsync_path(self.root)
        return self._cast(name, no_null_types(table)), folder / f"{stem}.parquet"

    def _write_table(self, name: str, stem: str, table: pa.Table) -> list[Any]:
        table, path = self._part(name, stem, table)
        _write_parquet(path, table)
        return [table.num_rows, file_digest(path)]

    def _stage_table(self, name: str, stem: str, table: pa.Table) -> list[Any]:
        table, path = self._part(name, stem, table)
        return [table.num_rows, stage(path, encode_parquet(table))]

    def write_chunk(
        self, result: ChunkResult, sync: bool = True
    ) -> tuple[str, dict[str, list[Any]]]:
        """Write a chunk's tables (its data parts side by side), the ``runs/`` file last.

        Args:
            result: the chunk's tables.
            sync: write each part atomically and flush it to the disk; False leaves the
                parts under their temporary names, not yet flushed, for the process
                that commits the chunk to publish (:meth:`adopt`): so a worker goes on
                with its next chunk instead of waiting for the disk.

        Returns:
            The chunk's stem and its record, table -> ``[rows, sha256]``, which the
            caller writes to the manifest to commit the chunk.

        """
        stem = f"{_PART}{result.first_run_id:09d}-{secrets.token_hex(4)}"
        names = [n for n in DATA_TABLES if n in result.tables and result.tables[n].num_rows]
        if sync:
            # The data parts are encoded and flushed to the disk side by side (Arrow and
            # fsync release the GIL, so one part's fsync does not wait for another's).
            write = self._write_table
            with ThreadPoolExecutor(max(1, len(names))) as pool:
                written = [pool.submit(write, name, stem, result.tables[name]) for name in names]
                record = {n: future.result() for n, future in zip(names, written, strict=True)}
        else:  # nothing to wait for: threads would only add their own cost to a busy worker
            write = self._stage_table
            record = {name: write(name, stem, result.tables[name]) for name in names}
        record["runs"] = write("runs", stem, result.tables["runs"])
        return stem, record


def read_manifest(directory: str | Path) -> dict[str, Any]:
    """The manifest of a batch directory.

    Raises:
        BatchError: if ``directory`` holds no readable batch manifest.

    """
    store = BatchStore(directory)
    if not store.has_manifest():
        raise BatchError(f"{directory}: no {MANIFEST}; not a batch directory")
    return store.read_manifest()


def load_batch(
    directory: str | Path, tables: Iterable[str] | None = None
) -> dict[str, pd.DataFrame]:
    """Read a batch directory's tables, each sorted by ``run_id`` (then row order).

    Only complete chunks are read, so a directory whose batch was interrupted gives the
    runs finished so far, each once.

    Args:
        directory: the batch's ``--out`` directory.
        tables: names to read (default: all of ``timeseries``, ``actors``, ``log``,
            ``resets``, ``events``, ``runs``); a table with no rows is an empty frame.

    Raises:
        BatchError: if ``directory`` is not a batch directory or a name is unknown.

    """
    store = BatchStore(directory)
    read_manifest(directory)
    names = list(tables) if tables is not None else list(TABLES)
    unknown = [n for n in names if n not in TABLES]
    if unknown:
        raise BatchError(f"unknown table(s) {', '.join(unknown)}; known: {', '.join(TABLES)}")
    committed = store.committed()
    out: dict[str, pd.DataFrame] = {}
    for name in names:
        files = store.parts(name, committed)
        if not files:
            out[name] = pd.DataFrame()
            continue
        schema = pq.read_schema(files[0])
        frame = ds.dataset([str(f) for f in files], schema=schema, format="parquet")
        data = as_frame(frame.to_table())
        out[name] = data.sort_values("run_id", kind="stable").reset_index(drop=True)
    return out
