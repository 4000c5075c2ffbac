"""Behaviour check: every shipped scenario, seeds 0-19, against resetsim 0.1.0.

Runs each scenario shipped with 0.1.0 for each seed on a source tree and hashes its
timeseries, actors, decision log and resets tables (and, for information, the events
table). The 0.1.0 hashes come from the git tag ``v0.1.0`` (or its commit, where a clone has
no tag), checked out into a temporary ``git worktree`` and imported from there in a
subprocess, or from the recorded file ``tests/regression/v010_hashes.json``.

Usage::

    python scripts/compare_v010.py             # current tree vs the recorded 0.1.0 hashes
    python scripts/compare_v010.py --from-git  # regenerate the 0.1.0 hashes from git first
    python scripts/compare_v010.py --record    # regenerate and write the recorded file

Exit status 0 when all required tables are identical, 1 otherwise (the differing
scenario, seed and table are listed).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORDED = ROOT / "tests" / "regression" / "v010_hashes.json"
V010_TAG = "v0.1.0"
V010_COMMIT = "beecaa68c4c753c1917667cd4a502a94feff5022"
SEEDS = tuple(range(20))
REQUIRED = ("timeseries", "actors", "log", "resets")
INFORMATIONAL = ("events",)

# Runs inside a subprocess whose first import path is the tree under test.
_WORKER = r"""
import hashlib, json, sys
tree, scenario_dir, seeds = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
sys.path.insert(0, tree)
import pandas as pd
import resetsim
from pathlib import Path
from resetsim.model import ResetModel
from resetsim.scenario import load_scenario
assert Path(resetsim.__file__).resolve().is_relative_to(Path(tree).resolve()), resetsim.__file__

def digest(frame):
    # floats rounded to 9 decimals (and -0.0 folded into 0.0): NumPy releases differ in the
    # last bit of some sums, so exact hashes would differ between Python 3.11 and 3.13
    floats = frame.select_dtypes("float").columns
    frame = frame.assign(**{str(c): frame[c].round(9) + 0.0 for c in floats})
    h = hashlib.sha256()
    h.update(repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode())
    if len(frame):
        h.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return h.hexdigest()[:16]

out = {}
for path in sorted(Path(scenario_dir).glob("*.toml")):
    spec = load_scenario(path)
    for seed in seeds:
        m = ResetModel(spec, seed=seed)
        m.run()
        tables = {"timeseries": m.timeseries(), "actors": m.actors(),
                  "log": m.decision_log(), "resets": m.resets(), "events": m.events()}
        out[f"{path.stem}/{seed}"] = {k: digest(v) for k, v in tables.items()}
print(json.dumps(out))
"""


def run_code(code: str, *args: str):
    """Run ``code`` in a fresh Python with ``args``; returns its JSON output, parsed."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),
    )
    return json.loads(done.stdout)


def tree_hashes(tree: Path, scenario_dir: Path, seeds=SEEDS) -> dict[str, dict[str, str]]:
    """Hashes of every table for every scenario in ``scenario_dir`` and seed, run on ``tree``."""
    return run_code(_WORKER, str(tree), str(scenario_dir), json.dumps(list(seeds)))


def _v010_ref() -> str:
    tagged = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", "-q", f"{V010_TAG}^{{commit}}"],
        capture_output=True,
        text=True,
    )
    return tagged.stdout.strip() or V010_COMMIT


class V010Tree:
    """The 0.1.0 source tree in a temporary ``git worktree`` (removed on exit)."""

    def __enter__(self) -> Path:
        self._dir = tempfile.TemporaryDirectory(prefix="resetsim-v010-")
        self.path = Path(self._dir.name) / "tree"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(self.path), _v010_ref()],
            check=True,
            capture_output=True,
        )
        return self.path

    def __exit__(self, *exc) -> None:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(self.path)],
            capture_output=True,
        )
        self._dir.cleanup()


def v010_hashes(seeds=SEEDS) -> dict[str, dict[str, str]]:
    """The 0.1.0 hashes regenerated from git: its tree, its scenario files."""
    with V010Tree() as tree:
        return tree_hashes(tree, tree / "scenarios", seeds)


def differences(reference: dict, current: dict, tables=REQUIRED) -> list[str]:
    """``scenario/seed: table`` for each required table whose hash differs or is missing."""
    out = []
    for key, ref in sorted(reference.items()):
        now = current.get(key, {})
        out += [f"{key}: {t}" for t in tables if ref.get(t) != now.get(t)]
    return out


def report(diff: list[str], *summary: str) -> int:
    """Print ``summary`` and the first 40 differences; return the exit status (1 if any).

    Shared with ``output_hashes.py``, whose check reports the same way.
    """
    for line in summary:
        print(line)
    for line in diff[:40]:
        print("  differs:", line)
    return 1 if diff else 0


def main(argv: list[str] | None = None) -> int:
    """Compare the current tree with 0.1.0; print the verdict."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from-git", action="store_true", help="regenerate 0.1.0 hashes")
    parser.add_argument("--record", action="store_true", help="also write the recorded file")
    args = parser.parse_args(argv)
    if args.from_git or args.record or not RECORDED.exists():
        with V010Tree() as tree:
            reference = tree_hashes(tree, tree / "scenarios")
            current = tree_hashes(ROOT, tree / "scenarios")
        if args.record:
            RECORDED.parent.mkdir(parents=True, exist_ok=True)
            RECORDED.write_text(json.dumps(reference, indent=1, sort_keys=True) + "\n")
    else:
        reference = json.loads(RECORDED.read_text())
        current = tree_hashes(ROOT, ROOT / "scenarios")
    diff = differences(reference, current)
    info = differences(reference, current, INFORMATIONAL)
    runs = len(reference)
    return report(
        diff,
        f"{runs} runs ({runs // len(SEEDS)} scenarios x {len(SEEDS)} seeds) compared with 0.1.0",
        f"required tables {', '.join(REQUIRED)}: {len(diff)} differences",
        f"events table (informational): {len(info)} differences",
    )


if __name__ == "__main__":
    sys.exit(main())
