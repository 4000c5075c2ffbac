"""Batch engine throughput: serial, process pool (1 and 2 workers), Dask, and a profile.

Run: ``python benchmarks/bench_batch.py [--runs N] [--repeats R] [--scenario NAME]
[--setups "serial,process x1,process x2,dask x2"] [--no-profile]``. Prints, from this
one run: runs/s for each executor (start-up excluded and included), the parallel
efficiency of 2 workers, the goal ratio process x2 / (2 x bare ``simulate``) (the
issue's ">= 85% of twice the single-process bare model rate") and its ceiling from CPU
time per run (bare against through the engine, far less sensitive to the load), Dask
LocalCluster against the process pool, the engine's overhead over bare ``simulate``
calls, and where the time of a serial batch goes (cProfile). No assertion: speed is
measured here, not asserted in tests. On a shared machine the absolute numbers are
noisy; ratios measured minutes apart are less so: note the load averages printed at
the start and the end.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import tempfile
import time
from pathlib import Path

import numpy as np

from resetsim.batch import run_batch
from resetsim.runner import simulate
from resetsim.scenario import ScenarioError, load_scenario

PREFERRED = "history-1992-2016"
FALLBACK = "obama-2009"


def pick_scenario(name: str | None) -> str:
    """The history scenario when it loads, else the default one (and say so)."""
    wanted = name or PREFERRED
    try:
        load_scenario(wanted)
        return wanted
    except ScenarioError:
        print(f"note: scenario {wanted} is not available or not valid; using {FALLBACK}")
        return FALLBACK


def timed_batch(tmp: Path, tag: str, scenario: str, runs: int, executor: str, workers: int):
    """Wall seconds of one batch (start-up of the executor included)."""
    out = Path(tempfile.mkdtemp(prefix=f"{tag}-{runs}-", dir=tmp))
    start = time.perf_counter()
    run_batch(scenario, seeds=runs, out=out / "b", executor=executor, workers=workers)
    return time.perf_counter() - start


SETUPS = {
    "serial": ("serial", 1),
    "process x1": ("process", 1),
    "process x2": ("process", 2),
    "dask x2": ("dask", 2),
}


def executor_rates(
    tmp: Path, scenario: str, runs: int, repeats: int, setups: dict[str, tuple[str, int]]
) -> dict[str, dict]:
    """Runs/s per executor, best of ``repeats`` rounds (rounds interleave the executors and
    a bare loop of ``simulate`` calls, which writes nothing).

    ``steady`` = (runs - 2) / (best time of ``runs`` runs - best time of 2 runs): the
    rate once the executor is up. ``overall`` includes start-up. The process pool's
    fork server is started once before measuring (it lives as long as this process).
    """
    timed_batch(tmp, "warm-up", scenario, 2, "process", 1)
    best: dict[str, dict[int, float]] = {tag: {} for tag in setups}
    best["bare simulate"] = {}
    for _ in range(repeats):
        for n in (2, runs):
            wall = n / bare_rate(scenario, n)
            best["bare simulate"][n] = min(best["bare simulate"].get(n, float("inf")), wall)
        for tag, (kind, workers) in setups.items():
            for n in (2, runs):
                wall = timed_batch(tmp, tag.replace(" ", ""), scenario, n, kind, workers)
                best[tag][n] = min(best[tag].get(n, float("inf")), wall)
    rates = {}
    for tag, walls in best.items():
        small, wall = walls[2], walls[runs]
        rates[tag] = {
            "overall": runs / wall,
            "steady": (runs - 2) / max(wall - small, 1e-9),
            "startup": small,
        }
        print(
            f"  {tag:13s} {runs / wall:7.1f} runs/s overall ({wall:5.1f} s), "
            f"{rates[tag]['steady']:7.1f} runs/s steady; a 2-run batch takes {small:4.1f} s"
        )
    return rates


def bare_rate(scenario: str, runs: int) -> float:
    """Runs/s of ``simulate`` called in a loop (no batch engine, nothing written)."""
    sc = load_scenario(scenario)
    start = time.perf_counter()
    for i in range(runs):
        simulate(sc, seed=np.random.SeedSequence(i))
    return runs / (time.perf_counter() - start)


def cpu_per_run(scenario: str, runs: int, rounds: int = 3, size: int = 4) -> tuple[float, float]:
    """CPU seconds per run of bare ``simulate`` and of the same runs through the engine.

    The engine's runs go through what a worker does (:func:`run_chunk`, then the parts
    written by :meth:`BatchStore.write_chunk`), in this process. Rounds alternate the
    two and the least time of each is kept. CPU time depends far less than wall time on
    what else the machine runs (not at all only on an idle one), so ``bare / engine``
    estimates the ceiling of the goal ratio: what two workers could reach with a core
    each and nothing else running.
    """
    from resetsim.batch.dispatch import chunk_tasks
    from resetsim.batch.plan import prepare
    from resetsim.batch.spec import BatchSpec
    from resetsim.batch.store import BatchStore
    from resetsim.batch.worker import run_chunk

    sc = load_scenario(scenario)
    plan = prepare(BatchSpec(scenarios=(scenario,), seeds=runs))
    bare = engine = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        store = BatchStore(Path(tmp))
        for _ in range(rounds):
            start = time.process_time()
            for task in (plan.task(i) for i in range(runs)):
                simulate(sc, seed=np.random.SeedSequence(task.seed))
            bare = min(bare, (time.process_time() - start) / runs)
            start = time.process_time()
            for chunk in chunk_tasks(plan, range(runs), size, simulate):
                store.write_chunk(run_chunk(chunk))
            engine = min(engine, (time.process_time() - start) / runs)
    return bare, engine


CATEGORIES = {
    "model steps (ResetModel.run)": ("model/model.py", "run"),
    "model tables: timeseries()": ("model/model.py", "timeseries"),
    "model tables: actors()": ("model/model.py", "actors"),
    "model tables: decision_log()": ("model/model.py", "decision_log"),
    "model tables: resets()": ("model/model.py", "resets"),
    "model tables: events()": ("model/model.py", "events"),
    "model metadata() (package version)": ("model/model.py", "metadata"),
    "model construction (ResetModel.__init__)": ("model/model.py", "__init__"),
    "scenario copy with overrides": ("scenario/schema.py", "with_overrides"),
    "engine: identity columns + Arrow": ("batch/worker.py", "_with_identity"),
    "engine: runs table": ("batch/worker.py", "_runs_table"),
    "engine: run summary": ("batch/worker.py", "_summary"),
    "engine: Parquet writes": ("batch/store.py", "write_chunk"),
    "engine: manifest writes": ("batch/store.py", "write_manifest"),
    "engine: seeds and chunks": ("batch/dispatch.py", "chunk_tasks"),
}


def profile_serial(tmp: Path, scenario: str, runs: int) -> None:
    """Where a serial batch spends its time, by cumulative time of key functions."""
    profiler = cProfile.Profile()
    profiler.enable()
    run_batch(scenario, seeds=runs, out=tmp / "profile")
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = max(v[3] for v in stats.stats.values())
    print(f"  profiled serial batch of {runs} runs: {total:.2f} s under cProfile")
    for label, (file, func) in CATEGORIES.items():
        cum = sum(
            v[3] for (f, _, name), v in stats.stats.items() if f.endswith(file) and name == func
        )
        print(f"  {label:42s} {cum:6.2f} s  {100 * cum / total:5.1f} %")
    print("  top 12 functions by own time:")
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:12]
    for (file, line, name), v in rows:
        print(f"    {v[2]:6.2f} s  {name} ({Path(file).name}:{line})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60, help="runs per measurement")
    parser.add_argument("--repeats", type=int, default=3, help="rounds; the best is kept")
    parser.add_argument("--scenario", default=None, help=f"default {PREFERRED}")
    parser.add_argument("--setups", default=",".join(SETUPS), help="comma-separated subset")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile part")
    args = parser.parse_args()
    setups = {tag: SETUPS[tag] for tag in (t.strip() for t in args.setups.split(","))}
    scenario = pick_scenario(args.scenario)
    sc = load_scenario(scenario)
    print(f"scenario {scenario} ({sc.months} months), {args.runs} runs per measurement")
    print(f"CPUs available: {len(os.sched_getaffinity(0))}; load average {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        rates = executor_rates(tmp, scenario, args.runs, args.repeats, setups)
        steady = {tag: r["steady"] for tag, r in rates.items()}
        print("ratios (steady rates, start-up excluded):")
        for label, top, bottom, times in (
            ("engine overhead: serial batch / bare simulate", "serial", "bare simulate", 1),
            ("process x1 / serial", "process x1", "serial", 1),
            ("parallel efficiency, process x2 / (2 x process x1)", "process x2", "process x1", 2),
            ("goal: process x2 / (2 x bare simulate)", "process x2", "bare simulate", 2),
            ("dask x2 / process x2", "dask x2", "process x2", 1),
        ):
            if top in steady and bottom in steady:
                print(f"  {label} = {steady[top] / (times * steady[bottom]):.2f}")
        if "dask x2" in rates and "process x2" in rates:
            overall = rates["dask x2"]["overall"] / rates["process x2"]["overall"]
            print(f"  dask x2 / process x2 including start-up = {overall:.2f}")
        bare, engine = cpu_per_run(scenario, max(8, args.runs // 3))
        print(
            f"CPU per run: bare simulate {1e3 * bare:.1f} ms, through the engine "
            f"{1e3 * engine:.1f} ms (+{100 * (engine / bare - 1):.0f} %); ceiling of the goal "
            f"ratio from CPU time = {bare / engine:.2f}"
        )
        if not args.no_profile:
            profile_serial(tmp, scenario, max(20, args.runs // 3))
    print(f"load average at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
