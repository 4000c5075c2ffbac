"""Run a batch: check it, dispatch chunks of runs, stream their tables to Parquet.

:func:`run_batch` is the Python entry point (the ``resetsim batch`` command calls
:func:`execute`, which also returns counts). The order of work:

1. build the :class:`~resetsim.batch.spec.BatchSpec` and check every scenario, override
   and grid point (:func:`~resetsim.batch.plan.prepare`) - nothing starts on bad input;
2. check the output directory: empty, or holding this same batch with ``resume``;
3. start the executor, write the manifest, then send chunks of runs (seeds computed
   here); workers on this machine write each chunk's parts themselves
   (:mod:`resetsim.batch.parts`) and this process flushes them to the disk, a remote
   Dask cluster sends its tables here to be written; each finished chunk is committed
   to the manifest at once, so memory stays flat;
4. record the final status (``complete``, ``interrupted`` on Ctrl-C, ``stopped`` on an
   error) and counts in the manifest.
"""

from __future__ import annotations

import contextlib
import errno
import platform
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from resetsim.batch.dispatch import chunk_tasks
from resetsim.batch.manifest import check_directory, new_manifest, set_counts
from resetsim.batch.options import ExecutorOptions
from resetsim.batch.plan import BatchPlan, prepare
from resetsim.batch.progress import BatchProgress
from resetsim.batch.resume import forget_failed, scan_runs, verify
from resetsim.batch.spec import SPEC_VALUES, BatchError, BatchSpec
from resetsim.batch.spec_file import load_spec
from resetsim.batch.store import SPEC_FILE, BatchStore, now
from resetsim.batch.worker import _VERSION, ChunkResult
from resetsim.runner import simulate

__all__ = ["BatchSummary", "build_spec", "execute", "run_batch"]


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
    **values: Any,
) -> BatchSpec:
    """A spec from a spec file (or object) and explicit values, which take precedence.

    ``values`` are the keyword arguments of :meth:`BatchSpec.merged` (``seeds``,
    ``base_seed``, ``overrides``, ``grid``, ``months``, ``actors``, ``common_seeds``,
    ``links``, ``draws``). Scenarios given replace the file's; overrides and grid keys
    given are added to (or replace) the file's.

    Raises:
        BatchError: if no number of seeds is given anywhere, or the file is invalid.
        TypeError: for a keyword that is not a field of a spec.

    """
    if isinstance(spec, BatchSpec):
        base = spec
    elif spec is not None:
        base = load_spec(spec)
    else:
        base = BatchSpec(scenarios=(), seeds=0)
    given = [scenarios] if isinstance(scenarios, str | Path) else list(scenarios or [])
    merged = base.merged(scenarios=[_absolute(s) for s in given], **values)
    if values.get("seeds") is None and not merged.seeds:
        raise BatchError("give the number of replicates per scenario and grid point: --seeds N")
    return merged


def _absolute(scenario: str | Path) -> str:
    """A scenario path made absolute (so batch.toml works from anywhere); names unchanged."""
    text = str(scenario)
    path = Path(text)
    if (text.endswith(".toml") or "/" in text) and path.is_file():
        return str(path.resolve())
    return text


def _write_failed(store: BatchStore, exc: OSError) -> BatchError:
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason = "no space left on the device"
    return BatchError(
        f"cannot write to {store.root} ({reason}); the runs finished so far are saved: "
        "fix that and run the same command with --resume to go on"
    )


def _resume_state(
    store: BatchStore, plan: BatchPlan, existing: dict[str, Any], retry_failed: bool
) -> tuple[np.ndarray, int, int]:
    """Check every part kept against the manifest; the done mask and ok/failed counts."""
    records = existing.setdefault("parts", {})
    damaged = verify(store, records)
    if damaged:
        existing.setdefault("repairs", []).append(
            {"time": now(), "chunks_rerun": len(damaged), "stems": damaged[:20]}
        )
    if retry_failed:
        forget_failed(store, records)
    return scan_runs(store, plan.total)


def _written(store: BatchStore, results: Iterator[ChunkResult]) -> Iterator[ChunkResult]:
    """``results``, with a worker's failure to write its parts as a BatchError."""
    try:
        yield from results
    except OSError as exc:
        raise _write_failed(store, exc) from None


def execute(
    spec: BatchSpec,
    out: str | Path,
    options: ExecutorOptions | None = None,
    *,
    resume: bool = False,
    retry_failed: bool = False,
    run_fn: Callable[..., Any] = simulate,
    yes: bool = False,
    **settings: Any,
) -> BatchSummary:
    """Run (or resume) a batch and return its counts; see :func:`run_batch`.

    ``settings`` (``executor``, ``workers``, ...) replace those fields of ``options``.

    Raises:
        BatchError: on bad input (before anything starts) or when the batch cannot go on.
        KeyboardInterrupt: after saving what finished, on Ctrl-C.

    """
    how = ExecutorOptions.of(options, **settings)
    if retry_failed and not resume:
        raise BatchError("--retry-failed runs the failed runs of a batch again: add --resume")
    how.check()
    plan = prepare(spec, allow_large=yes)
    store = BatchStore(out)
    check_directory(store, plan, resume)
    with store.lock():
        existing = check_directory(store, plan, resume)
        done = np.zeros(plan.total, dtype=bool)
        ok = failed = 0
        if existing is not None:
            try:
                done, ok, failed = _resume_state(store, plan, existing, retry_failed)
            except OSError as exc:
                raise _write_failed(store, exc) from None
        pending = np.flatnonzero(~done)
        before = ok + failed
        bar = BatchProgress(plan.total, before, failed, enabled=how.progress)
        if existing is not None and not len(pending):  # nothing to do: no executor needed
            existing["status"] = "complete"
            set_counts(existing, plan.total, ok, failed)
            store.write_manifest(existing)
            return BatchSummary(Path(out), plan.total, ok, failed, before, 0.0, "complete")
        runner = how.start(bar.run_done)
        # Workers on this machine write their own parts; a remote cluster sends tables back.
        parts_dir = None if how.scheduler else str(store.root.resolve())
        store.pin_schemas()
        with runner:
            manifest = existing if existing is not None else new_manifest(plan)
            records = manifest.setdefault("parts", {})
            size = how.size_of_chunks(runner.workers, len(pending))
            manifest["status"] = "running"
            manifest.setdefault("sessions", []).append(
                {
                    "started": now(),
                    "executor": how.kind,
                    "workers": runner.workers,
                    "scheduler": how.scheduler,
                    "chunk_size": size,
                    "host": platform.node(),
                    "pending": len(pending),
                }
            )
            set_counts(manifest, plan.total, ok, failed)
            try:
                store.write_manifest(manifest)
                if not (store.root / SPEC_FILE).is_file():
                    store.write_spec(spec.to_toml())
            except OSError as exc:
                raise _write_failed(store, exc) from None
            try:
                with bar:
                    # a worker process leaves its parts for this process to flush
                    sync = runner.kind == "serial"
                    chunks = chunk_tasks(
                        plan, pending, size, run_fn, parts_dir, sync, how.taper(runner.workers)
                    )
                    for result in _written(store, runner.imap(chunks)):
                        if result.version != _VERSION:
                            raise BatchError(
                                f"a worker runs resetsim {result.version} but this process "
                                f"runs {_VERSION}; install the same version everywhere"
                            )
                        stem = result.stem
                        try:
                            if stem:
                                stem, record = store.adopt(result)
                            else:
                                stem, record = store.write_chunk(result)
                            records[stem] = record
                            set_counts(manifest, plan.total, ok + result.ok, failed + result.failed)
                            store.write_manifest(manifest)  # commits the chunk
                        except OSError as exc:
                            records.pop(stem, None)  # not committed: rerun on --resume
                            raise _write_failed(store, exc) from None
                        ok, failed = ok + result.ok, failed + result.failed
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
                set_counts(manifest, plan.total, ok, failed)
                with contextlib.suppress(OSError):  # the last manifest written stays valid
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
    spec: str | Path | BatchSpec | None = None,
    **given: Any,
) -> Path:
    """Run every scenario x grid point x replicate and write the tables to ``out``.

    Args:
        scenarios: scenario names or ``.toml`` paths (or one of them).
        out: output directory (new or empty; or this same batch with ``resume``).
        spec: a batch spec file or :class:`BatchSpec`; the values below add to it.
        **given: by name, the spec's values, how the batch runs, and the executor:

            - ``seeds``: replicates per scenario and grid point;
            - ``grid``: dotted key -> values (a list, or text ``"0.1,0.2"`` / ``"lo:hi:n"``);
            - ``overrides``: fixed dotted-key overrides, as ``--set``;
            - ``base_seed``: entropy every run's seed is derived from (default 0);
            - ``months``: months each run covers, the start month included (default: all);
            - ``actors``: write the month x actor table (default True);
            - ``common_seeds``: replicate r gets the same seed at every scenario and grid
              point;
            - ``resume``: continue the batch already in ``out``;
            - ``retry_failed``: with ``resume``, run the runs that failed again (their
              old ``runs`` rows are dropped first);
            - ``run_fn``: the run function, with the signature of
              :func:`resetsim.runner.simulate` (the default); must be importable by
              workers for the process and dask executors;
            - ``yes``: allow a batch of more than a million runs;
            - ``options``: where and how the runs execute (:class:`ExecutorOptions`),
              or its fields by name: ``executor``, ``workers``, ``scheduler``,
              ``chunk_size``, ``progress``, ``force``.

    Returns:
        ``out``, to pass to :func:`load_batch`. Failed runs are in the ``runs`` table
        with ``status == "failed"`` and their ``error``.

    Raises:
        BatchError: on bad input, before anything starts, or when the batch cannot go on.
        TypeError: for a keyword that is neither a spec value nor an executor setting.

    Example:
        >>> from resetsim.batch import load_batch, run_batch
        >>> out = run_batch("obama-2009", seeds=2, months=12, out=tmp / "b")  # doctest: +SKIP
        >>> load_batch(out)["runs"][["run_id", "seed", "status"]]  # doctest: +SKIP

    """
    values = {key: given.pop(key) for key in SPEC_VALUES if key in given}
    return execute(build_spec(scenarios, spec=spec, **values), out, **given).out
