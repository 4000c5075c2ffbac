"""The batch engine against ``mesa.batch_run`` on the same model, seeds and grid.

Run: ``python benchmarks/bench_vs_batch_run.py [--scenario NAME] [--runs N]``.

Both sides run the same model (``ResetModel``), the same grid and the same seeds:
``resetsim batch`` with ``common_seeds`` gives replicate r the seed
``run_seed(0, scenario, {}, r, common=True)`` at every grid point, and ``batch_run`` takes
the same list of seeds as its ``"seed"`` parameter (mesa 3.3 has no ``rng`` argument),
through a thin adapter that accepts ``seed=`` and collects the timeseries columns with a
``mesa.DataCollector`` every month. Before timing, one run of each is compared to check
that both compute the same numbers.

What each side does with the data differs, by design: ``batch_run`` keeps every monthly
row of every run in a list in memory (turned into one DataFrame at the end, included in
its time); ``resetsim batch`` (``--no-actors``) writes timeseries, decision log, resets,
events and a run summary to Parquet chunk by chunk. Peak memory (RSS) is measured in a
fresh process for each engine at two batch sizes (default 400 and 2,000 runs).
Printed numbers are from this one run; the machine may be shared, so they are noisy.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path

import mesa
import numpy as np
import pandas as pd

from resetsim.batch import load_batch, run_batch
from resetsim.batch.seeds import run_seed
from resetsim.model import ResetModel
from resetsim.model.recorder import timeseries_columns
from resetsim.scenario import ScenarioError, load_scenario

PREFERRED = "history-1992-2016"
FALLBACK = "obama-2009"
GRID_KEY = "structure.trade_share"
GRID = [0.0023, 0.05]
COLUMNS = timeseries_columns(("US", "RU"))


@cache
def _scenario(name: str, overrides: tuple):
    return load_scenario(name).with_overrides(dict(overrides))


class BatchRunResetModel(ResetModel):
    """``ResetModel`` as ``mesa.batch_run`` wants it: keyword parameters, ``seed=`` and a
    ``datacollector`` recording the timeseries columns every month."""

    def __init__(self, seed: int | None = None, scenario: str = FALLBACK, **overrides):
        sc = _scenario(scenario, tuple(sorted(overrides.items())))
        super().__init__(sc, seed=np.random.SeedSequence(seed))
        self.datacollector = mesa.DataCollector(
            model_reporters={
                name: (lambda m, i=i: m.recorder.months[-1][i]) for i, name in enumerate(COLUMNS)
            }
        )
        self.datacollector.collect(self)

    def step(self) -> None:
        super().step()
        self.datacollector.collect(self)


def seeds_for(scenario: str, n: int) -> list[int]:
    """The seeds ``resetsim batch --common-seeds`` gives replicates 0..n-1."""
    return [run_seed(0, scenario, {}, r, common=True)[0] for r in range(n)]


def mesa_batch(scenario: str, runs: int, processes: int) -> pd.DataFrame:
    seeds = seeds_for(scenario, runs // len(GRID))
    results = mesa.batch_run(
        BatchRunResetModel,
        parameters={"scenario": scenario, "seed": seeds, GRID_KEY: GRID},
        number_processes=processes,
        iterations=1,
        data_collection_period=1,
        max_steps=10_000,
        display_progress=False,
    )
    return pd.DataFrame(results)


def our_batch(scenario: str, runs: int, workers: int, out: Path) -> Path:
    return run_batch(
        scenario,
        seeds=runs // len(GRID),
        grid={GRID_KEY: GRID},
        common_seeds=True,
        actors=False,
        executor="serial" if workers == 1 else "process",
        workers=workers,
        out=out,
    )


def check_same_numbers(scenario: str) -> None:
    """One replicate on both sides: the relationship series must be equal."""
    with tempfile.TemporaryDirectory() as tmp:
        ours = load_batch(our_batch(scenario, 2, 1, Path(tmp) / "b"), ["timeseries"])
    ts = ours["timeseries"]
    theirs = mesa_batch(scenario, 2, 1)
    for value in GRID:
        a = ts[ts[GRID_KEY] == value]["relationship"].to_numpy()
        b = theirs[theirs[GRID_KEY] == value]["relationship"].to_numpy()
        same = np.array_equal(a[: len(b)], b)
        print(
            f"  {GRID_KEY}={value}: resetsim batch {len(a)} months, batch_run {len(b)} months;"
            f" the same numbers: {same}"
        )
        if not same:
            raise SystemExit("the two engines do not compute the same runs; check the adapter")


def child(engine: str, scenario: str, runs: int, workers: int) -> None:
    """Measure one batch in this (fresh) process and print JSON."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        if engine == "mesa":
            rows = len(mesa_batch(scenario, runs, workers))
        else:
            out = our_batch(scenario, runs, workers, Path(tmp) / "b")
            rows = len(load_batch(out, ["runs"])["runs"])
    wall = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"wall": wall, "peak_mb": own, "children_peak_mb": kids, "rows": rows}))


def measure(engine: str, scenario: str, runs: int, workers: int) -> dict:
    cmd = [sys.executable, __file__, "--child", engine, "--scenario", scenario]
    cmd += ["--runs", str(runs), "--workers", str(workers)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{engine} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default=None, help=f"default {PREFERRED}")
    parser.add_argument("--runs", type=int, default=200, help="runs for the speed comparison")
    parser.add_argument("--memory-runs", default="400,2000", help="two batch sizes for RSS")
    parser.add_argument("--child", choices=["mesa", "resetsim"], help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    scenario = args.scenario or PREFERRED
    if args.child:
        child(args.child, scenario, args.runs, args.workers)
        return
    try:
        months = load_scenario(scenario).months
    except ScenarioError:
        print(f"note: scenario {scenario} is not available or not valid; using {FALLBACK}")
        scenario, months = FALLBACK, load_scenario(FALLBACK).months
    print(f"scenario {scenario} ({months} months); grid {GRID_KEY}={GRID}; common seeds")
    check_same_numbers(scenario)

    print(f"speed, {args.runs} runs (fresh process each, start-up included):")
    speed = {}
    for workers in (1, 2):
        for engine in ("resetsim", "mesa"):
            result = measure(engine, scenario, args.runs, workers)
            speed[engine, workers] = args.runs / result["wall"]
            print(
                f"  {engine:8s} x{workers}: {speed[engine, workers]:6.1f} runs/s "
                f"({result['wall']:.1f} s)"
            )
        ratio = speed["resetsim", workers] / speed["mesa", workers]
        print(f"  resetsim batch / mesa batch_run with {workers} process(es): {ratio:.2f}")

    small, large = (int(x) for x in args.memory_runs.split(","))
    print(f"peak RSS, serial, {small} vs {large} runs (fresh process each):")
    for engine in ("resetsim", "mesa"):
        a = measure(engine, scenario, small, 1)
        b = measure(engine, scenario, large, 1)
        print(
            f"  {engine:8s} {a['peak_mb']:7.0f} MB at {small}, {b['peak_mb']:7.0f} MB at "
            f"{large}: +{b['peak_mb'] - a['peak_mb']:.0f} MB "
            f"({large / b['wall']:.1f} runs/s at {large})"
        )


if __name__ == "__main__":
    main()
