"""Pattern 2 from the actors' moves: history-1992-2016-generative against its null model.

The generative history schedules only opportunities (events no modelled actor decided);
the null model is the same scenario with ``dynamics.move_rate_scale = 0`` (nobody moves).
Windows and the three-cycle statistic are those of :mod:`resetsim.validation.history`.
The seeds belong to the held-out block 5000-5399, never used for tuning (the scenario's
behavioural parameters are the ABC posterior medians, fitted on seeds from 100000).

The claims asserted here hold with probability >= 0.99 at the estimates of the
calibration seeds 100000-100399 (400 runs, ``scripts/measure_generative.py --first 100000
--runs 400``; exact binomial, and for the gains the unpaired normal approximation, which
pairing on the same seeds only makes safer), at the posterior medians of the ABC that sees
the quiet years (ten parameters, population 1000), with a severe clash opening a crisis
below neutral (``phases.severe_clash_level = 0``) and only uses of force able to escalate
(``structure.escalation_kinds``). Estimates there: crisis 1999 78.8%, 2008 69.8%, 2014
82.0%, three cycles 88.8%; null model (``move_rate_scale`` 0) 6.5%, 5.0%, 7.0%. The
held-out figures (seeds 5000-5399) are in docs/generative.md. With n = 90 the issue's goal
of 60% per window cannot be asserted at 99% power for 2008 (its estimate is too close):
the tests assert what the model does, not the goals.
- a crisis in the 1999 window in at least 65% of n = 90 runs (P(X >= 59) = 0.9988 at
  0.788), 2008 in at least 55% (P = 0.9985 at 0.698), 2014 in at least 70% (P = 0.9982);
- three cycles in at least 80% of them: P = 0.9953 at 0.888;
- without moves, 1999 in at most 12% of n = 180 runs (P = 0.9967 at 0.065), 2008 in at
  most 9% (P = 0.9908 at 0.050), 2014 in at most 12% (P = 0.9922 at 0.070);
- the moves add at least 60% of n = 90 runs (54) to the 1999 window, 50% (45) to 2008 and
  60% (54) to 2014, on the same seeds: P = 0.9947, 0.9979 and 0.9993.
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
@pytest.mark.parametrize(("year", "share"), [("1999", 0.65), ("2008", 0.55), ("2014", 0.7)])
def test_a_crisis_near_each_record_crisis_in_many_runs(year, share):
    assert crisis_hits(None, FULL_RUNS, year) >= math.ceil(share * FULL_RUNS)


@pytest.mark.slow
@pytest.mark.xdist_group("generative-full")
def test_three_giles_cycles_in_most_runs():
    cycles = int(np.sum([three_cycles(ts) for ts in runs(None, FULL_RUNS)]))
    assert cycles >= math.ceil(0.8 * FULL_RUNS)


@pytest.mark.slow
@pytest.mark.xdist_group("generative-null")
@pytest.mark.parametrize(("year", "share"), [("1999", 0.12), ("2008", 0.09), ("2014", 0.12)])
def test_without_moves_the_crisis_windows_are_mostly_missed(year, share):
    assert crisis_hits(0.0, NULL_RUNS, year) <= math.floor(share * NULL_RUNS)


@pytest.mark.slow
@pytest.mark.xdist_group("generative-full")
@pytest.mark.parametrize(("year", "share"), [("1999", 0.6), ("2008", 0.5), ("2014", 0.6)])
def test_the_moves_add_crises_to_what_chance_clashes_give(year, share):
    gain = crisis_hits(None, FULL_RUNS, year) - crisis_hits(0.0, FULL_RUNS, year)
    assert gain >= math.ceil(share * FULL_RUNS)
