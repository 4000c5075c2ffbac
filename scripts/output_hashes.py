"""Exact fingerprints of every output of every shipped scenario, to check that a change keeps them.

For each scenario file in ``scenarios/`` and each seed (0-19 by default) the model runs to
its end; every table it exposes (timeseries, actors, decision log, events, deliveries,
resets) is hashed bit for bit (no rounding, unlike ``compare_v010.py``, which compares
across NumPy releases) together with the final state of both random generators
(``model.rng`` and Mesa's ``model.random``). A change that only makes the code faster must
leave every fingerprint as it was.

Usage::

    python scripts/output_hashes.py --write before.json   # record
    python scripts/output_hashes.py --check before.json   # compare; exit 1 on a difference
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
from compare_v010 import report  # this script's folder is first on sys.path

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("timeseries", "actors", "decision_log", "events", "deliveries", "resets")


def digest(frame: pd.DataFrame) -> str:
    """Hash of a table's column names, dtypes, index and every value's exact bits."""
    h = hashlib.sha256()
    h.update(repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode())
    h.update(repr(list(frame.index)).encode())
    if len(frame):
        h.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
        # object columns hash through str(); repr keeps the type of each value apart too
        for column in frame.select_dtypes("object").columns:
            h.update(repr(frame[column].tolist()).encode())
    return h.hexdigest()[:20]


def fingerprints(path: str, seeds: list[int]) -> dict[str, dict[str, str]]:
    """Hashes of every table and of the generators' final states, per seed, for one scenario."""
    from resetsim.model import ResetModel
    from resetsim.scenario import load_scenario

    spec = load_scenario(path)
    out = {}
    for seed in seeds:
        m = ResetModel(spec, seed=seed)
        m.run()
        row = {name: digest(getattr(m, name)()) for name in TABLES}
        state = (m.rng.bit_generator.state, m.random.getstate())
        row["rng"] = hashlib.sha256(repr(state).encode()).hexdigest()[:20]
        out.update({f"{Path(path).stem}/{seed}": row})
    return out


def all_fingerprints(seeds: list[int], jobs: int) -> dict[str, dict[str, str]]:
    """Fingerprints for every shipped scenario, ``jobs`` processes at a time."""
    paths = sorted(str(p) for p in (ROOT / "scenarios").glob("*.toml"))
    out: dict[str, dict[str, str]] = {}
    with ProcessPoolExecutor(jobs) as pool:
        for part in pool.map(fingerprints, paths, [seeds] * len(paths)):
            out.update(part)
    return out


def main(argv: list[str] | None = None) -> int:
    """Write or check the fingerprints; print the differences."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    act = parser.add_mutually_exclusive_group(required=True)
    act.add_argument("--write", type=Path, help="record the fingerprints in this JSON file")
    act.add_argument("--check", type=Path, help="compare with the fingerprints in this file")
    parser.add_argument("--seeds", type=int, default=20, help="seeds 0 .. N-1 (20)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (2)")
    args = parser.parse_args(argv)
    now = all_fingerprints(list(range(args.seeds)), args.jobs)
    if args.write:
        args.write.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n")
        print(f"{len(now)} runs recorded in {args.write}")
        return 0
    before = json.loads(args.check.read_text())
    diff = [
        f"{key}: {name}"
        for key in sorted(before.keys() | now.keys())
        for name in sorted(before.get(key, {}).keys() | now.get(key, {}).keys())
        if before.get(key, {}).get(name) != now.get(key, {}).get(name)
    ]
    return report(diff, f"{len(now)} runs compared with {args.check}: {len(diff)} differences")


if __name__ == "__main__":
    sys.exit(main())
