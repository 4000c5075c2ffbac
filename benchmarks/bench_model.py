"""Speed of single runs: runs per second of the default scenario (96 months) and history.

Run: ``python benchmarks/bench_model.py``. Prints runs/s and ms per run measured in one
process; no assertion (speed is measured here, not asserted in tests).
"""

import time

import resetsim
from resetsim.model import ResetModel
from resetsim.runner import simulate


def rate(scenario, n, build_tables):
    start = time.perf_counter()
    for seed in range(n):
        if build_tables:
            simulate(scenario, seed=seed)
        else:
            ResetModel(scenario, seed=seed).run()
    elapsed = time.perf_counter() - start
    return n / elapsed, 1000 * elapsed / n


if __name__ == "__main__":
    for name, n in (("obama-2009", 300), ("history-1992-2016", 100)):
        sc = resetsim.load_scenario(name)
        for tables in (False, True):
            runs_s, ms = rate(sc, n, tables)
            what = "model + all tables" if tables else "model only"
            print(
                f"{name:20s} {sc.months:4d} months  {what:20s} {runs_s:7.1f} runs/s  "
                f"{ms:6.2f} ms/run"
            )
