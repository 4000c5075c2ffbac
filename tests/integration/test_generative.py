"""Pattern 2 from the actors' moves: history-1992-2016-generative against its null model.

The generative history schedules only opportunities (events no modelled actor decided);
the null model is the same scenario with ``dynamics.move_rate_scale = 0`` (nobody moves).
Windows and the three-cycle statistic are those of :mod:`resetsim.validation.history`.
Seeds 5000-5059 belong to the held-out block 5000-5399, never used for tuning (the
scenario was calibrated on seeds 100000-100199).

Only the claims that held on the 400 held-out seeds are asserted, each with a count
threshold chosen so that the test passes with probability >= 99% at the held-out
estimate p (binomial, n = 60): for a lower bound k, P(X >= k | n, p) >= 0.99; for an upper
bound k on the null model, P(X <= k | n, p) >= 0.99. The computation is in each
docstring (scipy.stats.binom).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from resetsim import ResetModel, load_scenario
from resetsim.validation.history import CRISES, three_cycles, window_hits

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("generative-history")]

SCENARIO = "history-1992-2016-generative"
SEEDS = range(5000, 5060)


@cache
def runs(scale: float):
    """Phase series of the ensemble at ``move_rate_scale = scale``."""
    spec = load_scenario(SCENARIO).with_overrides({"dynamics.move_rate_scale": scale})
    return [ResetModel(spec, seed=s).run().timeseries()[["date", "phase"]] for s in SEEDS]


def hits(scale: float, year: str) -> int:
    return int(window_hits(runs(scale), "crisis", CRISES[year]).sum())


def cycles(scale: float) -> int:
    return int(np.sum([three_cycles(ts) for ts in runs(scale)]))
