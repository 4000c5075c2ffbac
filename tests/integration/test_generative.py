"""Pattern 2 from the actors' moves: history-1992-2016-generative against its null model.

The generative history schedules only opportunities (events no modelled actor decided);
the null model is the same scenario with ``dynamics.move_rate_scale = 0`` (nobody moves).
Windows and the three-cycle statistic are those of :mod:`resetsim.validation.history`.
The seeds belong to the held-out block 5000-5399, never used for tuning (the scenario's
behavioural parameters are the ABC posterior medians, fitted on seeds from 100000).

The claims asserted here hold with probability >= 0.99 at the estimates of the
calibration seeds 100000-100399 (400 runs, ``scripts/measure_generative.py --first 100000
--runs 400``; exact binomial, and for the gains the unpaired normal approximation, which
pairing on the same seeds only makes safer), at the posterior medians of the ABC with
``structure.clash_impact`` among its parameters. Estimates there: crisis 1999 40.0%, 2008
42.8%, 2014 88.0%, three cycles 70.8%; null model (``move_rate_scale`` 0) 13.0%, 4.8%,
28.2%. The held-out figures (seeds 5000-5399) are in docs/generative.md. The hand-tuned
scenario aimed at 60% per window; the calibrated one does not reach it in 1999 and 2008.
- a crisis in each window in at least 25% of n = 90 runs: P(X >= 23) = 0.9986 at 0.400;
- three cycles in at least half of them: P > 0.9999 at 0.708;
- without moves, 1999 and 2008 in at most 30% of n = 180 runs (P > 0.9999), 2014 in at
  most 40% (P = 0.9998 at 0.282);
- the moves add at least 10% of n = 90 runs (9) to the 1999 window, 20% (18) to 2008 and
  40% (36) to 2014, on the same seeds: P = 0.9975, 0.9995 and 0.9997.
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
def runs(scale: float | None, n: int):
    """Phase series of ``n`` runs (seeds from FIRST_SEED) at ``move_rate_scale = scale``
    (``None``: the scenario's own)."""
    spec = load_scenario(SCENARIO)
    if scale is not None:  # None: the scenario as shipped (its calibrated scale)
        spec = spec.with_overrides({"dynamics.move_rate_scale": scale})
    seeds = range(FIRST_SEED, FIRST_SEED + n)
    return [ResetModel(spec, seed=s).run().timeseries()[["date", "phase"]] for s in seeds]


def crisis_hits(scale: float | None, n: int, year: str) -> int:
    """Runs labelled crisis in at least one month of the ``year`` window."""
    return int(window_hits(runs(scale, n), "crisis", CRISES[year]).sum())


@pytest.mark.slow
@pytest.mark.xdist_group("generative-full")
@pytest.mark.parametrize("year", sorted(CRISES))
def test_a_crisis_near_each_record_crisis_in_many_runs(year):
    assert crisis_hits(None, FULL_RUNS, year) >= math.ceil(0.25 * FULL_RUNS)


@pytest.mark.slow
@pytest.mark.xdist_group("generative-full")
def test_three_giles_cycles_in_most_runs():
    cycles = int(np.sum([three_cycles(ts) for ts in runs(None, FULL_RUNS)]))
    assert cycles >= math.ceil(0.5 * FULL_RUNS)


@pytest.mark.slow
@pytest.mark.xdist_group("generative-null")
@pytest.mark.parametrize(("year", "share"), [("1999", 0.3), ("2008", 0.3), ("2014", 0.4)])
def test_without_moves_the_crisis_windows_are_mostly_missed(year, share):
    assert crisis_hits(0.0, NULL_RUNS, year) <= math.floor(share * NULL_RUNS)


@pytest.mark.slow
@pytest.mark.xdist_group("generative-full")
@pytest.mark.parametrize(("year", "share"), [("1999", 0.1), ("2008", 0.2), ("2014", 0.4)])
def test_the_moves_add_crises_to_what_chance_clashes_give(year, share):
    gain = crisis_hits(None, FULL_RUNS, year) - crisis_hits(0.0, FULL_RUNS, year)
    assert gain >= math.ceil(share * FULL_RUNS)
