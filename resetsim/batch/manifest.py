"""The manifest of a batch directory: what the batch is, how far it got, and its parts.

Besides the study, a manifest records the software the batch started with
(``environment``: Python, package versions, the git commit of a source checkout; see
:mod:`resetsim.provenance`) and, for each scenario, its resolved text (``toml``: the
scenario after ``extends`` and the fixed overrides, loading back to the recorded content
hash), so a batch can be rerun from its manifest alone.

:func:`new_manifest` describes a planned batch; :func:`check_directory` decides whether
an output directory may take it (new or empty, or holding this same batch on
``--resume``) and refuses anything else, naming what differs, so two batches are never
mixed in one directory.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from resetsim.batch.plan import IDENTITY_COLUMNS, BatchPlan
from resetsim.batch.spec import SPEC_KEYS, BatchError
from resetsim.batch.store import FORMAT, TABLES, BatchStore, now, result_code_hash
from resetsim.batch.worker import _VERSION
from resetsim.provenance import environment
from resetsim.scenario.writer import scenario_toml

__all__ = ["check_directory", "new_manifest", "set_counts"]

_IDENTITY_KEYS = (
    "format",
    "package_version",
    "code_hash",
    *("overrides" if key == "set" else key for key in SPEC_KEYS),  # the study itself
    "runs",
)
_SEEDING = (
    "seed = SeedSequence(base_seed, spawn_key=(sha256_64(scenario), sha256_64(grid point "
    "JSON), replicate)).generate_state(1, uint64)[0] >> 1 (with common_seeds: spawn_key="
    "(replicate,)); each run is simulate(scenario, seed=SeedSequence(seed))"
)


def new_manifest(plan: BatchPlan) -> dict[str, Any]:
    """The manifest of a batch about to start (status ``running``, no parts yet)."""
    spec = plan.spec
    return {
        "kind": "resetsim-batch",
        "format": FORMAT,
        "package_version": _VERSION,
        "code_hash": result_code_hash(),
        "environment": environment(),
        "created": now(),
        "updated": now(),
        "scenarios": [
            {**record, "toml": scenario_toml(sc)}
            for record, sc in zip(plan.scenario_records(), plan.scenarios, strict=True)
        ],
        "seeds": spec.seeds,
        "base_seed": spec.base_seed,
        "months": spec.months,
        "actors": spec.actors,
        "common_seeds": spec.common_seeds,
        "overrides": dict(spec.overrides),
        "grid": {k: list(v) for k, v in spec.grid.items()},
        "zip": [list(g) for g in spec.links] or None,  # linked grid axes (None: a product)
        "runs": plan.total,
        "status": "running",
        "counts": {"total": plan.total, "done": 0, "ok": 0, "failed": 0, "pending": plan.total},
        "tables": list(TABLES),
        "columns": {"identity": list(IDENTITY_COLUMNS), "grid": plan.keys},
        "seeding": _SEEDING,
        "spec": spec.to_dict(),
        "sessions": [],
        "parts": {},
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


def check_directory(store: BatchStore, plan: BatchPlan, resume: bool) -> dict | None:
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
    old, new = _identity(manifest), _identity(new_manifest(plan))
    diffs = [_explain(k, old[k], new[k]) for k in _IDENTITY_KEYS if old[k] != new[k]]
    if diffs:
        raise BatchError(
            f"--resume: {store.root} holds a different batch:\n"
            + "\n".join(f"  - {d}" for d in diffs)
            + "\nrun the command that started it, or give another --out"
        )
    return manifest


def set_counts(manifest: dict[str, Any], total: int, ok: int, failed: int) -> None:
    """Record the run counts (total, done, ok, failed, pending) in the manifest."""
    done = ok + failed
    manifest["counts"] = {
        "total": total,
        "done": done,
        "ok": ok,
        "failed": failed,
        "pending": total - done,
    }
