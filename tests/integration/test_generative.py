"""Pattern 2 from the actors' moves: history-1992-2016-generative against its null model.

The generative history schedules only opportunities (events no modelled actor decided);
the null model is the same scenario with ``dynamics.move_rate_scale = 0`` (nobody moves).
Windows and the three-cycle statistic are those of :mod:`resetsim.validation.history`.
The seeds belong to the held-out block 5000-5399, never used for tuning (the scenario's
behavioural parameters are the ABC posterior medians, fitted on seeds from 100000).

Held-out estimates on 400 seeds (5000-5399), Wilson 95% intervals, with the posterior
medians and ``move_rate_scale`` 1: crisis 1999 65.8% [61.0, 70.2], 2008 69.2% [64.6,
73.6], 2014 99.0% [97.5, 99.6], three cycles 93.5% [90.6, 95.5]; null model
(``move_rate_scale`` 0): crisis 1999 17.8% [14.3, 21.8], 2008 9.8% [7.2, 13.1], 2014
45.0% [40.2, 49.9]. The hand-tuned scenario aimed at 60% per window; the calibrated one is
fitted to a distance, not to that target, so the full-model claim is "at least half the
runs" (``ceil(0.5 n)``): n = 90, P(X >= 45) = 0.9993 at p = 0.658 (1999), > 0.9999 at
0.692, 0.935 and 0.99. The calibration raised the chance-clash rate (0.045 -> 0.067 a
month), so the null model reaches the 2014 window in 45% of runs: the null claim
``floor(0.3 n)`` is kept for 1999 and 2008 (n = 180, P(X <= 54) > 0.9999 at 0.178 and
0.098), and for 2014 the claim is that the moves add at least 30 points on the same 90
seeds (estimate 54 points).
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import pytest

from resetsim import ResetModel, load_scenario
from resetsim.validation.history import CRISES, three_cycles, window_hits

SCENARIO = "history-1992-2016-generative"
FULL_RUNS = 90
NULL_RUNS = 180
FIRST_SEED = 5000


@cache
def runs(scale: float, n: int):
    """Phase series of ``n`` runs (seeds from FIRST_SEED) at ``move_rate_scale = scale``."""
    spec = load_scenario(SCENARIO).with_overrides({"dynamics.move_rate_scale": scale})
    seeds = range(FIRST_SEED, FIRST_SEED + n)
    return [ResetModel(spec, seed=s).run().timeseries()[["date", "phase"]] for s in seeds]


def crisis_hits(scale: float, n: int, year: str) -> int:
    """Runs labelled crisis in at least one month of the ``year`` window."""
    return int(window_hits(runs(scale, n), "crisis", CRISES[year]).sum())


@pytest.mark.slow
@pytest.mark.xdist_group("generative-full")
@pytest.mark.parametrize("year", sorted(CRISES))
def test_a_crisis_near_each_record_crisis_in_most_runs(year):
    assert crisis_hits(1.0, FULL_RUNS, year) >= math.ceil(0.5 * FULL_RUNS)


@pytest.mark.slow
@pytest.mark.xdist_group("generative-full")
def test_three_giles_cycles_in_most_runs():
    cycles = int(np.sum([three_cycles(ts) for ts in runs(1.0, FULL_RUNS)]))
    assert cycles >= math.ceil(0.5 * FULL_RUNS)


@pytest.mark.slow
@pytest.mark.xdist_group("generative-null")
@pytest.mark.parametrize("year", ["1999", "2008"])
def test_without_moves_the_crisis_windows_are_mostly_missed(year):
    assert crisis_hits(0.0, NULL_RUNS, year) <= math.floor(0.3 * NULL_RUNS)


@pytest.mark.slow
@pytest.mark.xdist_group("generative-full")
def test_the_moves_add_the_2014_crisis_to_what_chance_clashes_give():
    gain = crisis_hits(1.0, FULL_RUNS, "2014") - crisis_hits(0.0, FULL_RUNS, "2014")
    assert gain >= math.ceil(0.3 * FULL_RUNS)
