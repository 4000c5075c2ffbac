"""Run a batch: check it, dispatch chunks of runs, stream their tables to Parquet.

:func:`run_batch` is the Python entry point (the ``resetsim batch`` command calls
:func:`execute`, which also returns counts). The order of work:

1. build the :class:`~resetsim.batch.spec.BatchSpec` and check every scenario, override
   and grid point (:func:`~resetsim.batch.plan.prepare`) - nothing starts on bad input;
2. check the output directory: empty, or holding this same batch with ``resume``;
3. start the executor, write the manifest, then send chunks of runs (seeds computed
   here) and write each finished chunk to disk at once, so memory stays flat;
4. record the final status (``complete``, ``interrupted`` on Ctrl-C, ``stopped`` on an
   error) and counts in the manifest.
"""

from __future__ import annotations

import json
import math
import platform
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from resetsim.batch.executors import make_executor
from resetsim.batch.plan import IDENTITY_COLUMNS, BatchPlan, prepare
from resetsim.batch.progress import BatchProgress
from resetsim.batch.spec import BatchError, BatchSpec, load_spec
from resetsim.batch.store import FORMAT, SPEC_FILE, TABLES, BatchStore, now, result_code_hash
from resetsim.batch.worker import _VERSION, ChunkTask
from resetsim.runner import simulate

__all__ = ["BatchSummary", "build_spec", "execute", "run_batch"]

_MAX_CHUNK = 50
_IDENTITY_KEYS = (
    "format",
    "package_version",
    "code_hash",
    "scenarios",
    "seeds",
    "base_seed",
    "months",
    "actors",
    "common_seeds",
    "overrides",
    "grid",
    "runs",
)
_SEEDING = (
    "seed = SeedSequence(base_seed, spawn_key=(sha256_64(scenario), sha256_64(grid point "
    "JSON), replicate)).generate_state(1, uint64)[0] >> 1 (with common_seeds: spawn_key="
    "(replicate,)); each run is simulate(scenario, seed=SeedSequence(seed))"
)


@dataclass
class BatchSummary:
    """What a batch session did."""

    out: Path
    total: int
    ok: int
    failed: int
    before: int
    seconds: float
    status: str

    @property
    def done(self) -> int:
        """Runs recorded (ok or failed)."""
        return self.ok + self.failed

    @property
    def ran(self) -> int:
        """Runs executed in this session."""
        return self.done - self.before

    @property
    def pending(self) -> int:
        """Runs not yet recorded."""
        return self.total - self.done


def build_spec(
    scenarios: str | Path | Sequence[str | Path] | None = None,
    *,
    spec: str | Path | BatchSpec | None = None,
    seeds: int | None = None,
    base_seed: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    grid: Mapping[str, Any] | None = None,
    months: int | None = None,
    actors: bool | None = None,
    common_seeds: bool | None = None,
) -> BatchSpec:
    """A spec from a spec file (or object) and explicit values, which take precedence.

    Scenarios given replace the file's; overrides and grid keys given are added to (or
    replace) the file's.

    Raises:
        BatchError: if no number of seeds is given anywhere, or the file is invalid.

    """
    if isinstance(spec, BatchSpec):
        base = spec
    elif spec is not None:
        base = load_spec(spec)
    else:
        base = BatchSpec(scenarios=(), seeds=0)
    given = [scenarios] if isinstance(scenarios, str | Path) else list(scenarios or [])
    names = [_absolute(s) for s in given]
    merged = base.merged(
        scenarios=names,
        seeds=seeds,
        base_seed=base_seed,
        overrides=overrides,
        grid=grid,
        months=months,
        actors=actors,
        common_seeds=common_seeds,
    )
    if seeds is None and not merged.seeds:
        raise BatchError("give the number of replicates per scenario and grid point: --seeds N")
    return merged


def _absolute(scenario: str | Path) -> str:
    """A scenario path made absolute (so batch.toml works from anywhere); names unchanged."""
    text = str(scenario)
    path = Path(text)
    if (text.endswith(".toml") or "/" in text) and path.is_file():
        return str(path.resolve())
    return text


def _manifest(plan: BatchPlan) -> dict[str, Any]:
    spec = plan.spec
    return {
        "kind": "resetsim-batch",
        "format": FORMAT,
        "package_version": _VERSION,
        "code_hash": result_code_hash(),
        "created": now(),
        "updated": now(),
        "scenarios": plan.scenario_records(),
        "seeds": spec.seeds,
        "base_seed": spec.base_seed,
        "months": spec.months,
        "actors": spec.actors,
        "common_seeds": spec.common_seeds,
        "overrides": dict(spec.overrides),
        "grid": {k: list(v) for k, v in spec.grid.items()},
        "runs": plan.total,
        "status": "running",
        "counts": {"total": plan.total, "done": 0, "ok": 0, "failed": 0, "pending": plan.total},
        "tables": list(TABLES),
        "columns": {"identity": list(IDENTITY_COLUMNS), "grid": plan.keys},
        "seeding": _SEEDING,
        "spec": spec.to_dict(),
        "sessions": [],
    }


def _identity(manifest: Mapping[str, Any]) -> dict[str, Any]:
    out = {key: manifest.get(key) for key in _IDENTITY_KEYS}
    out["scenarios"] = [
        {"name": s.get("name"), "content_hash": s.get("content_hash")}
        for s in manifest.get("scenarios") or []
    ]
    return json.loads(json.dumps(out, default=str))


def _explain(key: str, old: Any, new: Any) -> str:
    if key == "code_hash":
        return (
            "the model code changed since this batch started (code hash "
            f"{old} -> {new}); its runs would mix two versions of the model"
        )
    if key == "scenarios":
        return f"scenarios: the batch has {old}, this command gives {new}"
    shown = ["(not set)" if v is None else repr(v) for v in (old, new)]
    return f"{key}: the batch has {shown[0]}, this command gives {shown[1]}"


def _check_directory(store: BatchStore, plan: BatchPlan, resume: bool) -> dict | None:
    """The existing manifest to resume, None for a fresh start, or a BatchError."""
    if store.root.exists() and not store.root.is_dir():
        raise BatchError(f"--out {store.root} is a file; give a directory")
    if not store.has_manifest():
        if store.is_empty():
            return None
        raise BatchError(
            f"--out {store.root} is not empty and holds no batch ({store.manifest_path.name} "
            "missing); give a new or empty directory"
        )
    manifest = store.read_manifest()
    if not resume:
        counts = manifest.get("counts", {})
        raise BatchError(
            f"--out {store.root} already holds a batch (status {manifest.get('status')}, "
            f"{counts.get('done', '?')} of {manifest.get('runs', '?')} runs done); "
            "add --resume to continue it, or give another --out"
        )
    old, new = _identity(manifest), _identity(_manifest(plan))
    diffs = [_explain(k, old[k], new[k]) for k in _IDENTITY_KEYS if old[k] != new[k]]
    if diffs:
        raise BatchError(
            f"--resume: {store.root} holds a different batch:\n"
            + "\n".join(f"  - {d}" for d in diffs)
            + "\nrun the command that started it, or give another --out"
        )
    return manifest


def _chunk_size(kind: str, workers: int, pending: int, requested: int | None) -> int:
    if requested is not None:
        if requested < 1:
            raise BatchError(f"--chunk-size must be at least 1 (got {requested})")
        return requested
    if kind == "serial":
        return _MAX_CHUNK
    return max(1, min(_MAX_CHUNK, math.ceil(pending / (4 * workers))))


def _chunks(
    plan: BatchPlan, pending: np.ndarray, size: int, run_fn: Callable[..., Any]
) -> Iterator[ChunkTask]:
    hashes = [sc.content_hash for sc in plan.scenarios]
    for start in range(0, len(pending), size):
        tasks = list(plan.tasks(int(i) for i in pending[start : start + size]))
        used = sorted({t.scenario for t in tasks})
        yield ChunkTask(
            tasks=tasks,
            scenarios={i: plan.scenarios[i] for i in used},
            hashes={i: hashes[i] for i in used},
            keys=plan.keys,
            months=plan.spec.months,
            actors=plan.spec.actors,
            run_fn=run_fn,
        )


def _set_counts(manifest: dict[str, Any], total: int, ok: int, failed: int) -> None:
    done = ok + failed
    manifest["counts"] = {
        "total": total,
        "done": done,
        "ok": ok,
        "failed": failed,
        "pending": total - done,
    }


def execute(
    spec: BatchSpec,
    out: str | Path,
    *,
    executor: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_size: int | None = None,
    resume: bool = False,
    retry_failed: bool = False,
    progress: bool = False,
    run_fn: Callable[..., Any] = simulate,
) -> BatchSummary:
    """Run (or resume) a batch and return its counts; see :func:`run_batch`.

    Raises:
        BatchError: on bad input (before anything starts) or when the batch cannot go on.
        KeyboardInterrupt: after saving what finished, on Ctrl-C.

    """
    if retry_failed and not resume:
        raise BatchError("--retry-failed runs the failed runs of a batch again: add --resume")
    plan = prepare(spec)
    kind = executor or ("dask" if scheduler else "process" if (workers or 1) > 1 else "serial")
    store = BatchStore(out)
    _check_directory(store, plan, resume)
    with store.lock():
        existing = _check_directory(store, plan, resume)
        done = np.zeros(plan.total, dtype=bool)
        ok = failed = 0
        if existing is not None:
            store.clean()
            if retry_failed:
                store.forget_failed()
            done, ok, failed = store.scan_runs(plan.total)
        pending = np.flatnonzero(~done)
        before = ok + failed
        bar = BatchProgress(plan.total, before, failed, enabled=progress)
        if existing is not None and not len(pending):  # nothing to do: no executor needed
            existing["status"] = "complete"
            _set_counts(existing, plan.total, ok, failed)
            store.write_manifest(existing)
            return BatchSummary(Path(out), plan.total, ok, failed, before, 0.0, "complete")
        runner = make_executor(kind, workers, scheduler, bar.run_done)
        with runner:
            manifest = existing if existing is not None else _manifest(plan)
            size = _chunk_size(kind, runner.workers, len(pending), chunk_size)
            manifest["status"] = "running"
            manifest.setdefault("sessions", []).append(
                {
                    "started": now(),
                    "executor": kind,
                    "workers": runner.workers,
                    "scheduler": scheduler,
                    "chunk_size": size,
                    "host": platform.node(),
                    "pending": len(pending),
                }
            )
            _set_counts(manifest, plan.total, ok, failed)
            store.write_manifest(manifest)
            if not (store.root / SPEC_FILE).is_file():
                store.write_spec(spec.to_toml())
            store.create()
            try:
                with bar:
                    for result in runner.imap(_chunks(plan, pending, size, run_fn)):
                        if result.version != _VERSION:
                            raise BatchError(
                                f"a worker runs resetsim {result.version} but this process "
                                f"runs {_VERSION}; install the same version everywhere"
                            )
                        store.write_chunk(result)
                        ok, failed = ok + result.ok, failed + result.failed
                        _set_counts(manifest, plan.total, ok, failed)
                        store.write_manifest(manifest)
                        if runner.kind != "serial":
                            bar.advance(result.ok, result.failed)
            except KeyboardInterrupt:
                manifest["status"] = "interrupted"
                raise
            except BaseException as exc:
                manifest["status"] = "stopped"
                manifest["error"] = f"{type(exc).__name__}: {exc}"
                raise
            else:
                manifest["status"] = "complete"
                manifest.pop("error", None)
            finally:
                _set_counts(manifest, plan.total, ok, failed)
                store.write_manifest(manifest)
    return BatchSummary(
        out=Path(out),
        total=plan.total,
        ok=ok,
        failed=failed,
        before=before,
        seconds=bar.elapsed,
        status=manifest["status"],
    )


def run_batch(
    scenarios: str | Path | Sequence[str | Path] | None = None,
    *,
    out: str | Path,
    seeds: int | None = None,
    grid: Mapping[str, Any] | None = None,
    overrides: Mapping[str, Any] | None = None,
    base_seed: int | None = None,
    months: int | None = None,
    actors: bool | None = None,
    common_seeds: bool | None = None,
    spec: str | Path | BatchSpec | None = None,
    executor: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_size: int | None = None,
    resume: bool = False,
    retry_failed: bool = False,
    progress: bool = False,
    run_fn: Callable[..., Any] = simulate,
) -> Path:
    """Run every scenario x grid point x replicate and write the tables to ``out``.

    Args:
        scenarios: scenario names or ``.toml`` paths (or one of them).
        out: output directory (new or empty; or this same batch with ``resume``).
        seeds: replicates per scenario and grid point.
        grid: dotted key -> values (a list, or text ``"0.1,0.2"`` / ``"lo:hi:n"``).
        overrides: fixed dotted-key overrides, as ``--set``.
        base_seed: entropy every run's seed is derived from (default 0).
        months: stop each run after this many months.
        actors: write the month x actor table (default True).
        common_seeds: replicate r gets the same seed at every scenario and grid point.
        spec: a batch spec file or :class:`BatchSpec`; the arguments above add to it.
        executor: ``serial``, ``process`` or ``dask`` (default: ``serial`` for one
            worker, ``process`` for more, ``dask`` with a scheduler).
        workers: worker processes (default: the CPUs available).
        scheduler: address of a running Dask scheduler.
        chunk_size: runs per chunk (default: up to 50, smaller to keep workers busy).
        resume: continue the batch already in ``out``.
        retry_failed: with ``resume``, run the runs that failed again (their old
            ``runs`` rows are dropped first).
        progress: show a progress bar (on a terminal only).
        run_fn: the run function, with the signature of
            :func:`resetsim.runner.simulate` (the default); must be importable by
            workers for the process and dask executors.

    Returns:
        ``out``, to pass to :func:`load_batch`. Failed runs are in the ``runs`` table
        with ``status == "failed"`` and their ``error``.

    Raises:
        BatchError: on bad input, before anything starts, or when the batch cannot go on.

    Example:
        >>> from resetsim.batch import load_batch, run_batch
        >>> out = run_batch("obama-2009", seeds=2, months=12, out=tmp / "b")  # doctest: +SKIP
        >>> load_batch(out)["runs"][["run_id", "seed", "status"]]  # doctest: +SKIP

    """
    study = build_spec(
        scenarios,
        spec=spec,
        seeds=seeds,
        base_seed=base_seed,
        overrides=overrides,
        grid=grid,
        months=months,
        actors=actors,
        common_seeds=common_seeds,
    )
    summary = execute(
        study,
        out,
        executor=executor,
        workers=workers,
        scheduler=scheduler,
        chunk_size=chunk_size,
        resume=resume,
        retry_failed=retry_failed,
        progress=progress,
        run_fn=run_fn,
    )
    return summary.out
