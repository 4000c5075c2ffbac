"""Per-run cost on history-1992-2016: this tree against resetsim 0.1.0, in one run.

Both trees run the same scenario file (0.1.0's) for the same seeds in separate
subprocesses, alternating, each importing its own ``resetsim`` (0.1.0 from a temporary
``git worktree`` of the tag ``v0.1.0``). Each timing is CPU time of the process, so that
other load on the machine matters less. Prints the median per-run time of each and their
ratio (goal: <= 1.1).

With ``--current-scenario NAME`` this tree runs that scenario instead (0.1.0 still runs
0.1.0's history): the cost of the generative history, with actors' moves, against 0.1.0's
(goal: <= 1.5).

    python benchmarks/bench_v010.py [--runs 20] [--rounds 5] [--current-scenario NAME]
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = "history-1992-2016"

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


def _compare_module():
    spec = importlib.util.spec_from_file_location("compare_v010", ROOT / "scripts/compare_v010.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def per_run(tree: Path, scenario: Path, runs: int) -> float:
    """Seconds per run (model, run to the end, the four tables) on ``tree``."""
    return _compare_module().run_code(_TIMER, str(tree), str(scenario), str(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="runs per timing")
    parser.add_argument("--rounds", type=int, default=5, help="alternating timings per tree")
    parser.add_argument(
        "--current-scenario", default="", help="scenario this tree runs (default: 0.1.0's history)"
    )
    args = parser.parse_args()
    with _compare_module().V010Tree() as old:
        scenario = old / "scenarios" / f"{SCENARIO}.toml"
        mine = args.current_scenario or str(scenario)
        times = {"current": [], "v0.1.0": []}
        for _ in range(args.rounds):
            times["v0.1.0"].append(per_run(old, scenario, args.runs))
            times["current"].append(per_run(ROOT, mine, args.runs))
    now, then = (statistics.median(times[k]) for k in ("current", "v0.1.0"))
    goal = "1.5" if args.current_scenario else "1.1"
    print(f"{SCENARIO}: {args.runs} runs x {args.rounds} rounds, median CPU seconds per run")
    print(f"  v0.1.0  {then * 1000:.1f} ms ({SCENARIO})")
    print(f"  current {now * 1000:.1f} ms ({args.current_scenario or SCENARIO})")
    print(f"  ratio current / v0.1.0 = {now / then:.3f} (goal <= {goal})")


if __name__ == "__main__":
    main()
