"""The batch goal ratio in paired rounds, with an interval: process x2 / (2 x bare simulate).

Run: ``python benchmarks/bench_batch_rounds.py [--runs N] [--rounds R] [--scenario NAME]
[--out rounds.csv]``.

On a shared machine the wall-clock rate of the same loop moves by 30% and more between
minutes (other tenants take the cores), so :mod:`bench_batch`'s best-of-rounds rates,
each kept from its own luckiest round, can pair a lucky numerator with an unlucky
denominator. Here every round measures the three rates back to back, in an order that
rotates from round to round: the bare loop of ``simulate`` on the batch's own runs in
this process (``bare``), the same runs split over two warm processes (``bare x2``), and
a process-pool batch of them on two workers, its steady rate (a 2-run batch's time,
measured in the same round, taken off: the pool's start-up). Each round gives three
ratios:

- ``goal`` = batch / (2 x bare), the issue's ">= 85% of twice the single-process bare
  model rate";
- ``scaling`` = bare x2 / (2 x bare): how far this machine's two cores scale for the
  model alone (no engine at all);
- ``share`` = batch / bare x2: what the engine leaves of that; ``goal = scaling x share``.

Printed: the median of each over the rounds with a 95% bootstrap interval of the median
(rounds resampled; 10,000 resamples, seed 0), and the load averages at the start and the
end. No assertion: speed is measured here, not asserted in tests.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import bare_pair_wall, bare_rate, pick_scenario, timed_batch

RATIOS = ("goal", "scaling", "share")


def one_round(pool: ProcessPoolExecutor, tmp: Path, scenario: str, runs: int, turn: int):
    """Runs/s of ``bare``, ``bare x2`` and the batch (steady), measured back to back."""

    def batch() -> float:
        small = timed_batch(tmp, "small", scenario, 2, "process", 2)
        whole = timed_batch(tmp, "whole", scenario, runs, "process", 2)
        return (runs - 2) / max(whole - small, 1e-9)

    steps = {
        "bare": lambda: bare_rate(scenario, runs),
        "bare x2": lambda: runs / bare_pair_wall(pool, scenario, runs),
        "batch": batch,
    }
    order = list(steps)[turn % 3 :] + list(steps)[: turn % 3]  # rotate: no fixed order
    rates = {name: steps[name]() for name in order}
    rates["goal"] = rates["batch"] / (2 * rates["bare"])
    rates["scaling"] = rates["bare x2"] / (2 * rates["bare"])
    rates["share"] = rates["batch"] / rates["bare x2"]
    return rates


def median_interval(values: list[float], resamples: int = 10_000) -> tuple[float, float, float]:
    """Median of ``values`` and a 95% percentile-bootstrap interval of it."""
    data = np.asarray(values, dtype=float)
    rng = np.random.default_rng(0)
    picks = rng.integers(0, data.size, size=(resamples, data.size))
    medians = np.median(data[picks], axis=1)
    low, high = np.percentile(medians, [2.5, 97.5])
    return float(np.median(data)), float(low), float(high)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=400, help="runs per measurement")
    parser.add_argument("--rounds", type=int, default=15, help="paired rounds")
    parser.add_argument("--scenario", default=None, help="default history-1992-2016")
    parser.add_argument("--out", type=Path, default=None, help="write each round to a CSV")
    args = parser.parse_args()
    scenario = pick_scenario(args.scenario)
    print(f"scenario {scenario}, {args.runs} runs per measurement, {args.rounds} rounds")
    print(f"CPUs available: {len(os.sched_getaffinity(0))}; load average {os.getloadavg()}")
    rounds = []
    with tempfile.TemporaryDirectory() as tmp_name, ProcessPoolExecutor(2) as pool:
        tmp = Path(tmp_name)
        bare_pair_wall(pool, scenario, 2)  # both processes up, the scenario read once
        timed_batch(tmp, "warm-up", scenario, 2, "process", 2)  # the fork server up
        for turn in range(args.rounds):
            start = time.perf_counter()
            rates = one_round(pool, tmp, scenario, args.runs, turn)
            rounds.append(rates)
            print(
                f"  round {turn + 1:2d}: bare {rates['bare']:6.1f}, bare x2 "
                f"{rates['bare x2']:6.1f}, batch {rates['batch']:6.1f} runs/s; goal "
                f"{rates['goal']:.3f}, scaling {rates['scaling']:.3f}, share "
                f"{rates['share']:.3f} ({time.perf_counter() - start:.0f} s)",
                flush=True,
            )
    print("medians over the rounds, with 95% bootstrap intervals:")
    for name in RATIOS:
        mid, low, high = median_interval([r[name] for r in rounds])
        above = sum(r[name] >= 0.85 for r in rounds)
        print(
            f"  {name:8s} {mid:.3f} [{low:.3f}, {high:.3f}]; "
            f"{above} of {len(rounds)} rounds at 0.85 or more"
        )
    print(f"load average at the end {os.getloadavg()}")
    if args.out:
        with args.out.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rounds[0]))
            writer.writeheader()
            writer.writerows(rounds)
        print(f"rounds written to {args.out}")


if __name__ == "__main__":
    main()
