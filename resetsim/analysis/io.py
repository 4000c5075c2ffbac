"""Read (and, for in-memory ensembles, write) batch directories.

A batch directory holds ``manifest.json`` and one Parquet dataset per table
(``timeseries/``, ``actors/``, ``log/``, ``resets/``, ``events/``, ``runs/``), each readable
with ``pandas.read_parquet(DIR / name)``. Every row carries ``run_id``, ``scenario``,
``seed`` and one column per grid parameter, named by its dotted key (the keys of the
manifest's ``grid`` mapping). :func:`read_batch` also accepts the folder written by
``resetsim run`` (``timeseries.parquet`` ... and ``run.json``) as a batch of one run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from resetsim.batch.spec import BatchError

__all__ = [
    "BATCH_TABLES",
    "ID_COLUMNS",
    "Batch",
    "BatchError",
    "grid_keys",
    "read_batch",
    "write_batch",
]

ID_COLUMNS = ("run_id", "scenario", "seed")
KIND = "resetsim-batch"  # manifest "kind" of batch directories (``resetsim batch``)
BATCH_TABLES = ("timeseries", "actors", "log", "resets", "events", "runs")


class Batch(dict[str, pd.DataFrame]):
    """Tables by name (a plain dict of DataFrames) with the batch's ``manifest`` and ``path``."""

    def __init__(self, tables=(), manifest: Mapping[str, Any] | None = None, path: str = ""):
        super().__init__(tables)
        self.manifest: dict[str, Any] = dict(manifest or {})
        self.path = path

    @property
    def grid(self) -> dict[str, list[Any]]:
        """The grid mapping of dotted keys to value lists (empty if none)."""
        grid = self.manifest.get("grid") or {}
        return dict(grid) if isinstance(grid, Mapping) else {}

    @property
    def spec_hash(self) -> str:
        """SHA-256 of the study the manifest describes (hex).

        The study is the manifest's values (seeds, base seed, months, actors, common
        seeds, overrides, grid and its linked axes, posterior draws, run count) with each
        scenario's content hash (its name where none is recorded), so the same study gives
        the same hash wherever its folder lies, and another study another hash.
        """
        spec = self.manifest.get("spec")
        given = {**(spec if isinstance(spec, Mapping) else {}), **self.manifest}
        study: dict[str, Any] = {key: given.get(key) for key in _STUDY_KEYS}
        study["scenarios"] = [
            s.get("content_hash") or s.get("name") if isinstance(s, Mapping) else str(s)
            for s in self.manifest.get("scenarios") or []
        ]
        text = json.dumps(study, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


_STUDY_KEYS = (
    "seeds",
    "base_seed",
    "months",
    "actors",
    "common_seeds",
    "overrides",
    "grid",
    "zip",
    "draws",
    "runs",
)


def _plain(frame: pd.DataFrame, grid: Mapping[str, Sequence[Any]]) -> pd.DataFrame:
    """Undo Parquet partition categories; give grid columns the manifest's value types."""
    for col in frame.columns:
        if isinstance(frame[col].dtype, pd.CategoricalDtype):
            frame[col] = frame[col].astype(frame[col].cat.categories.dtype)
    for key, values in grid.items():
        if key in frame and all(isinstance(v, int | float) for v in values):
            frame[key] = pd.to_numeric(frame[key], errors="coerce")
    return frame


def _read_run_folder(folder: Path) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    meta = json.loads((folder / "run.json").read_text()) if (folder / "run.json").is_file() else {}
    scenario = str(meta.get("scenario", folder.name))
    seed = meta.get("seed", 0)
    tables = {}
    for name in BATCH_TABLES:
        file = folder / f"{name}.parquet"
        if file.is_file():
            frame = pd.read_parquet(file)
            frame.insert(0, "seed", seed)
            frame.insert(0, "scenario", scenario)
            frame.insert(0, "run_id", 0)
            tables[name] = frame
    manifest = {"scenarios": [{"name": scenario}], "grid": {}, "runs": 1, "single_run": True}
    return tables, manifest


def _read_datasets(folder: Path, engine: bool) -> dict[str, pd.DataFrame]:
    """Every dataset of a batch folder; only complete chunks when the batch engine is here.

    ``resetsim batch`` commits a chunk by writing its ``runs/`` file last; its reader skips
    chunks of an interrupted batch that never committed. Without it (or without ``runs/``)
    each folder is read whole with ``pandas.read_parquet``.
    """
    if engine and (folder / "runs").is_dir():
        try:
            from resetsim.batch.store import load_batch
        except ImportError:  # pragma: no cover - depends on what is installed
            load_batch = None
        if load_batch is not None:
            try:
                return load_batch(folder)
            except Exception as exc:  # the engine's own BatchError or a Parquet error
                raise BatchError(f"{folder}: unreadable batch ({exc})") from None
    tables = {}
    for name in BATCH_TABLES:
        path = folder / name
        if path.exists():
            try:
                tables[name] = pd.read_parquet(path)
            except (OSError, ValueError) as exc:
                raise BatchError(f"{path}: unreadable Parquet dataset ({exc})") from None
    return tables


def read_batch(directory: str | Path) -> Batch:
    """Read every table of a batch directory into a dict of DataFrames.

    Missing tables come back as empty DataFrames; the manifest is ``batch.manifest``.

    Raises:
        BatchError: if ``directory`` holds neither ``manifest.json`` with datasets nor a
            single run's ``timeseries.parquet``.

    """
    folder = Path(directory)
    if not folder.is_dir():
        raise BatchError(f"{folder}: no such folder")
    if (folder / "timeseries.parquet").is_file() and not (folder / "timeseries").is_dir():
        tables, manifest = _read_run_folder(folder)
    else:
        manifest_file = folder / "manifest.json"
        if not manifest_file.is_file() or not (folder / "timeseries").is_dir():
            raise BatchError(
                f"{folder}: not a batch directory (expected manifest.json and a timeseries/ "
                "Parquet dataset, as written by `resetsim batch`, or a run folder written by "
                "`resetsim run`)"
            )
        try:
            manifest = json.loads(manifest_file.read_text())
        except (OSError, json.JSONDecodeError) as exc:
            raise BatchError(f"{manifest_file}: unreadable manifest ({exc})") from None
        grid = manifest.get("grid") or {}
        tables = {
            name: _plain(frame, grid)
            for name, frame in _read_datasets(folder, manifest.get("kind") == KIND).items()
        }
    return Batch(
        {name: tables.get(name, pd.DataFrame()) for name in BATCH_TABLES}, manifest, str(folder)
    )


def grid_keys(batch: Batch) -> list[str]:
    """The grid parameters of a batch (dotted keys), in manifest order."""
    grid = batch.grid if isinstance(batch, Batch) else {}
    ts = batch.get("timeseries", pd.DataFrame())
    return [k for k in grid if k in ts.columns]


def write_batch(
    batch: Batch, directory: str | Path, extra: Mapping[str, Any] | None = None
) -> Path:
    """Write batch tables as Parquet datasets plus ``manifest.json`` (the format above).

    This is the minimal writer for in-memory ensembles (:func:`resetsim.batch.run_ensemble`,
    as ``resetsim attribute`` writes them) and tests;
    ``resetsim batch`` has its own, richer one. Everything is one chunk, committed by a
    ``runs/`` file (one row per run: identity columns and ``status`` "ok") written last,
    as the batch engine does.
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    stem = "part-000000000-00000000"
    for name in BATCH_TABLES:
        frame = batch.get(name)
        if name == "runs" or frame is None or frame.empty:
            continue
        (folder / name).mkdir(exist_ok=True)
        frame.to_parquet(folder / name / f"{stem}.parquet", index=False)
    runs = batch.get("runs")
    if runs is None or runs.empty:
        ts = batch["timeseries"]
        ident = [c for c in ts.columns if c in ID_COLUMNS or c in getattr(batch, "grid", {})]
        runs = ts.drop_duplicates("run_id")[ident].assign(status="ok").reset_index(drop=True)
    (folder / "runs").mkdir(exist_ok=True)
    runs.to_parquet(folder / "runs" / f"{stem}.parquet", index=False)
    manifest = {"kind": KIND, "format": 1, "status": "complete"}
    manifest.update(batch.manifest if isinstance(batch, Batch) else {})
    manifest.update(extra or {})
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n")
    return folder
