"""Crisis windows of the generative history with and without the actors' moves.

Runs ``history-1992-2016-generative`` on a block of seeds (default 100000-100199, the
calibration seeds; ``--first 5000 --runs 400`` gives the held-out figures of
docs/generative.md) as it is (its own ``dynamics.move_rate_scale``, the calibrated value) and
with ``dynamics.move_rate_scale`` 0, and prints per condition the
crisis hit rate of each window of :data:`resetsim.validation.history.CRISES`, the share of
runs with three cycles, the share with a crisis in years the record has none (the quiet
years of ``QUIET`` and 2005) and the share of run-months in crisis, with Wilson 95%
intervals.

Usage::

    python scripts/measure_generative.py [--first 100000] [--runs 200] [--jobs 2]
        [--set KEY=VALUE ...]

``--set`` changes a value of the scenario in both conditions (a sensitivity run, e.g.
``--set dynamics.scheduled_clash_reading=0.5``).
"""

from __future__ import annotations

from multiprocessing import Pool

import numpy as np
from seed_block import seed_block_with_sets

from resetsim import ResetModel, load_scenario
from resetsim.scenario.overrides import parse_value
from resetsim.validation.checks import wilson_interval
from resetsim.validation.history import CRISES, NO_CRISIS, three_cycles, window_hits

SCENARIO = "history-1992-2016-generative"


def _run(job: tuple[dict[str, str], float | None, int]):
    sets, scale, seed = job
    spec = load_scenario(SCENARIO)
    if sets:
        spec = spec.with_overrides({k: parse_value(v) for k, v in sets.items()})
    if scale is not None:  # None: the scenario's own scale
        spec = spec.with_overrides({"dynamics.move_rate_scale": scale})
    model = ResetModel(spec, seed=seed).run()
    ev = model.events()
    return model.timeseries()[["date", "phase"]], int((ev["origin"] == "actor").sum())


def _share(hits: np.ndarray) -> str:
    low, high = wilson_interval(int(hits.sum()), len(hits))
    return f"{hits.mean():6.1%} [{low:.1%}, {high:.1%}]"


def main() -> None:
    """Run both conditions and print the table."""
    seeds, jobs, sets = seed_block_with_sets(__doc__, first=100_000)
    if sets:
        print("with " + ", ".join(f"{k} = {v}" for k, v in sets.items()))
    with Pool(jobs) as pool:
        for scale in (None, 0.0):
            results = pool.map(_run, [(sets, scale, s) for s in seeds])
            runs = [ts for ts, _ in results]
            moves = np.array([n for _, n in results])
            print(
                f"move_rate_scale={'as set' if scale is None else f'{scale:g}'}: "
                f"{len(runs)} runs, seeds {seeds.start}-{seeds.stop - 1}"
            )
            for year, window in CRISES.items():
                hits = window_hits(runs, "crisis", window)
                print(f"  crisis {year} ({window[0]}..{window[1]}): {_share(hits)}")
            print(f"  three cycles: {_share(np.array([three_cycles(ts) for ts in runs]))}")
            for name, window in NO_CRISIS.items():
                hits = window_hits(runs, "crisis", window)
                print(f"  crisis in {name} ({window[0]}..{window[1]}, none on record): "
                      f"{_share(hits)}")  # fmt: skip
            crisis = np.mean([(ts["phase"] == "crisis").mean() for ts in runs])
            print(f"  mean share of months in crisis: {crisis:.1%}; actor moves per run: "
                  f"median {np.median(moves):.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
