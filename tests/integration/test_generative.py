"""Pattern 2 from the actors' moves: history-1992-2016-generative against its null model.

The generative history schedules only opportunities (events no modelled actor decided);
the null model is the same scenario with ``dynamics.move_rate_scale = 0`` (nobody moves).
Windows and the three-cycle statistic are those of :mod:`resetsim.validation.history`.
The seeds belong to the held-out block 5000-5399, never used for tuning (the scenario was
calibrated on seeds 100000-100199).

Held-out estimates on 400 seeds (5000-5399), Wilson 95% intervals: full model, crisis
1999 72.2% [67.7, 76.4], 2008 71.2% [66.6, 75.5], 2014 99.8% [98.6, 100], three cycles
96.2% [93.9, 97.7]; null model, crisis 1999 7.5% [5.3, 10.5], 2008 5.2% [3.5, 7.9], 2014
22.8% [18.9, 27.1]. Each claim compares a count with ``ceil(0.6 n)`` (full model) or
``floor(0.3 n)`` (null model); n is chosen so that the test passes with probability >=
0.99 at the held-out estimate p (scipy.stats.binom): full model n = 90, bound 54:
P(X >= 54) = 0.9917 at p = 0.712 (2008), 0.9955 at 0.722 (1999), > 0.9999 at 0.962 and
0.998; null model n = 180, bound 54: P(X <= 54) = 0.9900 at p = 0.228 (2014), > 0.9999 at
0.075 and 0.052.
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
    assert crisis_hits(1.0, FULL_RUNS, year) >= math.ceil(0.6 * FULL_RUNS)


@pytest.mark.slow
@pytest.mark.xdist_group("generative-full")
def test_three_giles_cycles_in_most_runs():
    cycles = int(np.sum([three_cycles(ts) for ts in runs(1.0, FULL_RUNS)]))
    assert cycles >= math.ceil(0.6 * FULL_RUNS)


@pytest.mark.slow
@pytest.mark.xdist_group("generative-null")
@pytest.mark.parametrize("year", sorted(CRISES))
def test_without_moves_the_crisis_windows_are_mostly_missed(year):
    assert crisis_hits(0.0, NULL_RUNS, year) <= math.floor(0.3 * NULL_RUNS)
