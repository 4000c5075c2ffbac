"""Per-run cost on history-1992-2016: this tree against resetsim 0.1.0, in one run.

Both trees run the same scenario file (0.1.0's) for the same seeds in separate
subprocesses, alternating, each importing its own ``resetsim`` (0.1.0 from a temporary
``git worktree`` of the tag ``v0.1.0``). Each timing is CPU time of the process, so that
other load on the machine matters less. Prints the median per-run time of each and their
ratio (goal: <= 1.1).

The same run also measures this tree on the generative history
(``history-1992-2016-generative``, with actors' moves) against 0.1.0's history, measured
the same way (goal: <= 1.5); ``--history-only`` skips it. With ``--current-scenario NAME``
this tree runs only that scenario (0.1.0 still runs 0.1.0's history).

With ``--instructions`` the cost is counted in machine instructions under Valgrind
(``valgrind --tool=cachegrind``, no cache simulation) instead of timed, which no other
load on the machine changes: for each tree one process imports, loads the scenario and
makes a warm-up run, another does the same and then ``--runs`` runs (default 2); the
difference divided by the runs is the per-run count. Slow (about a minute per process):
Valgrind runs Python some 50 times slower.

    python benchmarks/bench_v010.py [--runs 20] [--rounds 5] [--history-only]
    python benchmarks/bench_v010.py --instructions [--runs 2] [--current-scenario NAME]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = "history-1992-2016"
GENERATIVE = "history-1992-2016-generative"
GOALS = {SCENARIO: 1.1, GENERATIVE: 1.5}
VALGRIND = ("valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null")

_TIMER = r"""
import json, sys, time
tree, path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, tree)
from resetsim.model import ResetModel
from resetsim.scenario import load_scenario
spec = load_scenario(path)
ResetModel(spec, seed=0).run()  # warm-up
t0 = time.process_time()
for seed in range(runs):
    m = ResetModel(spec, seed=seed)
    m.run()
    m.timeseries(), m.actors(), m.decision_log(), m.resets()
print(json.dumps((time.process_time() - t0) / runs))
"""

# The same work as _TIMER, untimed: run under Valgrind, which counts its instructions.
_COUNTED = r"""
import sys
from pathlib import Path
tree, path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, tree)
import resetsim
from resetsim.model import ResetModel
from resetsim.scenario import load_scenario
assert Path(resetsim.__file__).resolve().is_relative_to(Path(tree).resolve()), resetsim.__file__
spec = load_scenario(path)
m = ResetModel(spec, seed=0)  # warm-up, in the baseline too
m.run()
m.timeseries(), m.actors(), m.decision_log(), m.resets()
for seed in range(runs):
    m = ResetModel(spec, seed=seed)
    m.run()
    m.timeseries(), m.actors(), m.decision_log(), m.resets()
"""


def _compare_module():
    spec = importlib.util.spec_from_file_location("compare_v010", ROOT / "scripts/compare_v010.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def per_run(tree: Path, scenario: Path, runs: int) -> float:
    """Seconds per run (model, run to the end, the four tables) on ``tree``."""
    return _compare_module().run_code(_TIMER, str(tree), str(scenario), str(runs))


def instructions(tree: Path, scenario: Path | str, runs: int) -> int:
    """Instructions Valgrind counts for a process that imports, warms up and makes ``runs`` runs.

    Python's string hashing is seeded (``PYTHONHASHSEED=0``) so that a count repeats, and
    the process starts in an empty folder: ``python -c`` searches its working folder first
    on every import, and a busy shared folder (the system's temporary folder) listed a
    different number of times in each process would add its own count. OpenBLAS runs on
    one thread (``OPENBLAS_NUM_THREADS=1``): its idle worker threads, which numpy starts
    at import, spin for as long as Valgrind lets them, a count that varied by some 3
    million instructions per run between processes of the same tree.
    """
    with tempfile.TemporaryDirectory(prefix="resetsim-count-") as empty:
        done = subprocess.run(
            [*VALGRIND, sys.executable, "-c", _COUNTED, str(tree), str(scenario), str(runs)],
            check=True,
            capture_output=True,
            text=True,
            cwd=empty,
            env=os.environ | {"PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1"},
        )
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count in Valgrind's output:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def instructions_per_run(tree: Path, scenario: Path | str, runs: int) -> float:
    """Instructions per run on ``tree``: ``runs`` runs less the import-and-warm-up baseline."""
    return (instructions(tree, scenario, runs) - instructions(tree, scenario, 0)) / runs


def _load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=None, help="runs per timing (20; 2 counted)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating timings per tree")
    parser.add_argument(
        "--current-scenario", default="", help="the one scenario this tree runs (default: both)"
    )
    parser.add_argument("--history-only", action="store_true", help=f"do not measure {GENERATIVE}")
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions under Valgrind instead"
    )
    args = parser.parse_args()
    if args.instructions and shutil.which(VALGRIND[0]) is None:
        parser.error("--instructions needs valgrind on the PATH (Debian package valgrind)")
    runs = args.runs or (2 if args.instructions else 20)
    if runs < 1:
        parser.error("--runs must be at least 1")
    print(_load())
    with _compare_module().V010Tree() as old:
        scenario = old / "scenarios" / f"{SCENARIO}.toml"
        if args.current_scenario:
            mine = {args.current_scenario: args.current_scenario}
        else:
            mine = {SCENARIO: str(scenario)}  # 0.1.0's own file, run by this tree
            if not args.history_only:
                mine[GENERATIVE] = GENERATIVE
        if args.instructions:
            then = instructions_per_run(old, scenario, runs)
            now = {name: instructions_per_run(ROOT, path, runs) for name, path in mine.items()}
            unit, scale = "million instructions per run (Valgrind)", 1e-6
            heading = f"{SCENARIO}: {runs} runs counted after import and warm-up, per tree"
        else:
            times = {"v0.1.0": [], **{name: [] for name in mine}}
            for _ in range(args.rounds):
                times["v0.1.0"].append(per_run(old, scenario, runs))
                for name, path in mine.items():
                    times[name].append(per_run(ROOT, path, runs))
            then = statistics.median(times["v0.1.0"])
            now = {name: statistics.median(times[name]) for name in mine}
            unit, scale = "ms CPU per run (median of rounds)", 1e3
            heading = f"{SCENARIO}: {runs} runs x {args.rounds} rounds, median CPU seconds per run"
    print(heading)
    print(f"  v0.1.0  {then * scale:.1f} {unit} ({SCENARIO})")
    for name, cost in now.items():
        print(f"  current {cost * scale:.1f} {unit} ({name})")
    for name, cost in now.items():
        goal = GOALS.get(name, 1.5)
        ratio = cost / then
        print(f"  ratio current ({name}) / v0.1.0 ({SCENARIO}) = {ratio:.3f} (goal <= {goal})")
    print(_load())


if __name__ == "__main__":
    main()
