"""Batch engine throughput: serial, process pool (1 and 2 workers), Dask, and a profile.

Run: ``python benchmarks/bench_batch.py [--runs N] [--repeats R] [--scenario NAME]
[--setups "serial,process x1,process x2,dask x2"] [--no-profile]``. Prints, from this one
run: runs/s of each executor (start-up excluded and included); the goal ratio process x2 /
(2 x bare ``simulate``), the issue's ">= 85% of twice the single-process bare model rate"
(the bare loop runs the batch's own seeds); the same loop split over two warm processes at
once (``bare x2``: how far this machine's two cores scale for the model alone, well below
2 where virtual cores share a physical one) and the batch against it; the goal ratio's
ceiling from CPU time per run, far less sensitive to the load (in this process: the run
function against the identity columns, Arrow tables and Parquet parts of a worker's chunks;
in a real process x2 batch: the workers' model calls against the rest of their CPU, plus
the batch's own process, and the bare loop with and without a chunk's collector threshold,
:func:`resetsim.batch.parts.collecting_less`); Dask against the process pool; and where a
serial batch spends its time (cProfile). No assertion: speed is measured here, not asserted
in tests. Wall-clock rates on a shared machine are noisy; ratios measured minutes apart
less so: note the load averages printed at the start and the end. Each rate here is the
best of its own rounds; for the goal ratio with an interval, from rounds that time the
three loops back to back, run ``benchmarks/bench_batch_rounds.py``.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import cProfile
import itertools
import os
import pstats
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import numpy as np

from resetsim.batch import run_batch
from resetsim.batch.dispatch import chunk_bounds, chunk_size_for
from resetsim.batch.parts import collecting_less
from resetsim.batch.plan import prepare
from resetsim.batch.spec import BatchSpec
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


def _bare_loop(job: tuple[str, list[int]]) -> None:
    """A pool worker's share of the bare loop (``bare x2``): ``simulate`` on its seeds."""
    scenario, seeds = job
    sc = load_scenario(scenario)
    for seed in seeds:
        simulate(sc, seed=np.random.SeedSequence(seed), months=None, actors=True)


def bare_pair_wall(pool: ProcessPoolExecutor, scenario: str, runs: int) -> float:
    """Wall seconds of the batch's runs as two bare loops at once, one per warm process."""
    seeds = batch_seeds(scenario, runs)
    start = time.perf_counter()
    list(pool.map(_bare_loop, [(scenario, seeds[0::2]), (scenario, seeds[1::2])]))
    return time.perf_counter() - start


def executor_rates(
    tmp: Path, scenario: str, runs: int, repeats: int, setups: dict[str, tuple[str, int]]
) -> dict[str, dict]:
    """Runs/s per executor, best of ``repeats`` rounds (rounds interleave the executors, a
    bare loop of ``simulate`` calls, which writes nothing, and the same loop split over two
    warm processes at once, ``bare x2``: what this machine's two cores give the model alone).

    ``steady`` = (runs - 2) / (best time of ``runs`` runs - best time of 2 runs): the
    rate once the executor is up. ``overall`` includes start-up. The process pool's
    fork server is started once before measuring (it lives as long as this process).
    """
    timed_batch(tmp, "warm-up", scenario, 2, "process", 1)
    best: dict[str, dict[int, float]] = {tag: {} for tag in setups}
    best["bare simulate"], best["bare x2"] = {}, {}
    pair = ProcessPoolExecutor(2)
    bare_pair_wall(pair, scenario, 2)  # warm: both processes up, the scenario read once
    for _ in range(repeats):
        for n in (2, runs):
            wall = n / bare_rate(scenario, n)
            best["bare simulate"][n] = min(best["bare simulate"].get(n, float("inf")), wall)
            wall = bare_pair_wall(pair, scenario, n)
            best["bare x2"][n] = min(best["bare x2"].get(n, float("inf")), wall)
        for tag, (kind, workers) in setups.items():
            for n in (2, runs):
                wall = timed_batch(tmp, tag.replace(" ", ""), scenario, n, kind, workers)
                best[tag][n] = min(best[tag].get(n, float("inf")), wall)
    pair.shutdown()
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


def batch_seeds(scenario: str, runs: int) -> list[int]:
    """The seeds of the runs of ``run_batch(scenario, seeds=runs)``, in run order."""
    plan = prepare(BatchSpec(scenarios=(scenario,), seeds=runs))
    return [plan.task(i).seed for i in range(runs)]


def bare_rate(scenario: str, runs: int) -> float:
    """Runs/s of ``simulate`` called in a loop (no batch engine, nothing written).

    The loop runs the batch's own runs: the same scenario and seeds, called as the
    batch calls it (actors table on), so the two sides do the same model work.
    """
    sc = load_scenario(scenario)
    seeds = batch_seeds(scenario, runs)
    start = time.perf_counter()
    for seed in seeds:
        simulate(sc, seed=np.random.SeedSequence(seed), months=None, actors=True)
    return runs / (time.perf_counter() - start)


class LoggedSimulate:
    """``simulate``, appending each call's seed and CPU times to ``folder/<pid>``.

    A picklable run function for :func:`worker_cpu`: each worker process logs what its
    own calls of the model cost, so the rest of its CPU time is the engine's.
    """

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, scenario, seed, months=None, actors=True, columnar=False):
        # (named as simulate names them, so that a chunk calls it as it calls simulate)
        start = time.process_time()
        try:
            return simulate(scenario, seed=seed, months=months, actors=actors, columnar=columnar)
        finally:
            end = time.process_time()
            with open(os.path.join(self.folder, str(os.getpid())), "a") as log:
                log.write(f"{seed.entropy} {start!r} {end!r}\n")


def worker_cpu(scenario: str, runs: int, workers: int = 2) -> dict[str, float]:
    """CPU seconds per run in a real process-pool batch: workers' model, workers' engine,
    the batch's own process; and a bare loop of ``simulate`` in this process.

    A worker's engine time of a chunk is its CPU time from the chunk's first model call
    to the next chunk's first call, less the model calls between them (so each worker's
    last chunk is not counted). It includes the run summaries, Arrow columns, Parquet
    parts, pickling and the log lines themselves. As for the steady rates, a worker's
    first chunk (which pays the worker's first calls of pyarrow and the like) is left
    out, and reported apart as ``startup`` (seconds per worker above a later chunk's).
    The batch's own process is measured whole (``parent``) and, as the steady rates
    are, without its start-up (``parent_steady``: the CPU a batch of ``runs`` runs takes
    beyond a batch of 2, per run beyond 2: a batch's manifest, provenance and pool are
    set up once however many runs it has).
    """
    size = chunk_size_for("process", workers, runs, None)
    starts = [start for start, _ in chunk_bounds(runs, size, workers)]  # as the engine cuts
    chunk_of = {
        seed: bisect.bisect_right(starts, i) - 1
        for i, seed in enumerate(batch_seeds(scenario, runs))
    }
    with tempfile.TemporaryDirectory() as tmp:
        start = time.process_time()
        run_batch(scenario, seeds=2, out=Path(tmp) / "small", executor="process",
                  workers=workers)  # fmt: skip
        small = time.process_time() - start
        logs = Path(tmp) / "logs"
        logs.mkdir()
        start = time.process_time()
        run_batch(scenario, seeds=runs, out=Path(tmp) / "b", executor="process",
                  workers=workers, run_fn=LoggedSimulate(str(logs)))  # fmt: skip
        parent = time.process_time() - start
        model = engine = counted = startup = 0.0
        for log in logs.iterdir():
            chunks: dict[int, list[tuple[float, float]]] = {}
            for line in log.read_text().splitlines():
                seed, a, b = line.split()
                chunks.setdefault(chunk_of[int(seed)], []).append((float(a), float(b)))
            ordered = sorted(chunks.values())  # as the worker ran them
            costs = []
            for this, following in itertools.pairwise(ordered):
                spent = sum(b - a for a, b in this)
                costs.append((following[0][0] - this[0][0] - spent, spent, len(this)))
            for cost, spent, n in costs[1:]:
                model, engine, counted = model + spent, engine + cost, counted + n
            if len(costs) > 1:
                startup += costs[0][0] - costs[0][2] * costs[1][0] / costs[1][2]
    sc = load_scenario(scenario)
    bare = {}
    for label, collector in (("bare", contextlib.nullcontext), ("bare_gc", collecting_less)):
        start = time.process_time()
        with collector():
            for seed in batch_seeds(scenario, runs):
                simulate(sc, seed=np.random.SeedSequence(seed))
        bare[label] = (time.process_time() - start) / runs
    return {"model": model / counted, "engine": engine / counted, "parent": parent / runs,
            "parent_steady": (parent - small) / (runs - 2), "counted": counted,
            "startup": startup / workers, **bare}  # fmt: skip


def cpu_per_run(scenario: str, runs: int, rounds: int = 3, workers: int = 2) -> dict[str, float]:
    """CPU seconds per run of each part of the batch path, in this process.

    The runs go through what a pool worker does, in chunks of the size the engine picks
    for ``runs`` runs on ``workers`` workers: :func:`run_chunk` (the run function, then
    the identity columns and the Arrow tables; with the collector's threshold of a
    chunk) and :meth:`BatchStore.write_chunk` with ``sync`` off (Parquet parts and
    checksums, staged); then what the batch's own process
    does with them, :meth:`BatchStore.adopt` (flush to the disk, rename). The run
    function is timed inside ``run_chunk``, so the parts come from one pass; each is the
    least of ``rounds`` passes.

    Returns:
        ``simulate`` (model and its pandas tables, as in a bare call), ``arrow`` (the rest
        of ``run_chunk``), ``parquet`` (CPU of the staged ``write_chunk``), ``publish``
        (CPU of ``adopt``), ``publish_wall`` (its wall time, fsync waits included) and
        ``chunk`` (runs per chunk), per run.

    """
    from resetsim.batch.dispatch import chunk_tasks
    from resetsim.batch.store import BatchStore
    from resetsim.batch.worker import run_chunk

    plan = prepare(BatchSpec(scenarios=(scenario,), seeds=runs))
    size = chunk_size_for("process", workers, runs, None)
    spent: dict[str, float] = {}

    def timed_simulate(scenario, seed, months=None, actors=True, columnar=False):
        start = time.process_time()
        try:
            return simulate(scenario, seed, months=months, actors=actors, columnar=columnar)
        finally:
            spent["simulate"] += time.process_time() - start

    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(rounds):
            store = BatchStore(Path(tmp) / str(r))
            spent.update(simulate=0.0, chunk=0.0, parquet=0.0, publish=0.0, publish_wall=0.0)
            for chunk in chunk_tasks(plan, range(runs), size, timed_simulate):
                start = time.process_time()
                with collecting_less():  # as execute_chunk runs a chunk
                    result = run_chunk(chunk)
                spent["chunk"] += time.process_time() - start
                start = time.process_time()
                stem, record = store.write_chunk(result, sync=False)
                spent["parquet"] += time.process_time() - start
                staged = replace(result, tables={}, stem=stem, record=record, staged=True,
                                 schemas=store.schemas)  # fmt: skip
                start, wall = time.process_time(), time.perf_counter()
                store.adopt(staged)
                spent["publish"] += time.process_time() - start
                spent["publish_wall"] += time.perf_counter() - wall
            spent["arrow"] = spent.pop("chunk") - spent["simulate"]
            for key, value in spent.items():
                best[key] = min(best.get(key, float("inf")), value / runs)
    return {**best, "chunk": float(size)}


CATEGORIES = {
    "model steps (ResetModel.run)": ("model/model.py", "run"),
    "model tables: timeseries()": ("model/model.py", "timeseries"),
    "model tables: actors()": ("model/model.py", "actors"),
    "model tables: actor columns (columnar)": ("model/recorder.py", "actor_columns"),
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
            ("two cores, model alone: bare x2 / (2 x bare)", "bare x2", "bare simulate", 2),
            ("the engine's share: process x2 / bare x2", "process x2", "bare x2", 1),
            ("dask x2 / process x2", "dask x2", "process x2", 1),
        ):
            if top in steady and bottom in steady:
                print(f"  {label} = {steady[top] / (times * steady[bottom]):.2f}")
        if "dask x2" in rates and "process x2" in rates:
            overall = rates["dask x2"]["overall"] / rates["process x2"]["overall"]
            print(f"  dask x2 / process x2 including start-up = {overall:.2f}")
        cpu = cpu_per_run(scenario, args.runs)
        total = cpu["simulate"] + cpu["arrow"] + cpu["parquet"] + cpu["publish"]
        print(
            f"CPU per run in chunks of {cpu['chunk']:.0f} (this process): simulate "
            f"{1e3 * cpu['simulate']:.1f} ms, identity + Arrow {1e3 * cpu['arrow']:.1f} ms, "
            f"Parquet parts {1e3 * cpu['parquet']:.1f} ms, flush and rename "
            f"{1e3 * cpu['publish']:.1f} ms ({1e3 * cpu['publish_wall']:.1f} ms wall); "
            f"engine {100 * (1 - cpu['simulate'] / total):.0f} % of the CPU"
        )
        pool = worker_cpu(scenario, args.runs)
        used = pool["model"] + pool["engine"] + pool["parent"]
        steady = used - pool["parent"] + pool["parent_steady"]
        print(
            f"CPU per run in a process x2 batch, start-up excluded ({pool['counted']:.0f} runs "
            f"counted): workers' simulate {1e3 * pool['model']:.1f} ms and engine "
            f"{1e3 * pool['engine']:.1f} ms, the batch's own process {1e3 * pool['parent']:.1f}"
            f" ms, {1e3 * pool['parent_steady']:.1f} ms without its start-up (a worker's "
            f"start-up adds {1e3 * pool['startup']:.0f} ms); ceiling of the goal ratio from CPU "
            f"time = simulate / (workers + own process) = {pool['model'] / used:.2f} (own "
            f"process's start-up excluded: {pool['model'] / steady:.2f}); bare simulate in this "
            f"process, measured after, {1e3 * pool['bare']:.1f} ms (x "
            f"{pool['bare'] / pool['model']:.2f}; bare / (workers + own process) = "
            f"{pool['bare'] / used:.2f}), and with the collector's threshold of a chunk "
            f"{1e3 * pool['bare_gc']:.1f} ms"
        )
        if not args.no_profile:
            profile_serial(tmp, scenario, max(20, args.runs // 3))
    print(f"load average at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
