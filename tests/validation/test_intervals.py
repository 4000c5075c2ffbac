"""Known answers for claims judged as intervals on counts, and the runs a claim needs."""

import math

import numpy as np
import pytest
from scipy.stats import binom

from resetsim.validation.checks import wilson_interval
from resetsim.validation.intervals import (
    ShareClaim,
    bootstrap_difference,
    min_successes,
    pass_probability,
    runs_needed,
    runs_needed_difference,
    share_claim,
)


@pytest.mark.parametrize(
    ("n", "share"), [(20, 0.6), (100, 0.6), (100, 0.9), (37, 0.1), (500, 0.005)]
)
def test_min_successes_is_the_smallest_count_whose_wilson_bound_reaches_the_share(n, share):
    k = min_successes(n, share)
    assert k is not None
    assert wilson_interval(k, n)[0] >= share
    assert k == 0 or wilson_interval(k - 1, n)[0] < share


def test_min_successes_none_when_even_all_runs_do_not_reach_it():
    # 10 of 10 has a Wilson lower bound of 0.72
    assert min_successes(10, 0.9) is None
    assert min_successes(0, 0.5) is None
    assert min_successes(10, 0.0) == 0


def test_share_claim_compares_counts_not_floats():
    # 3 x 0.05 is 0.15000000000000002 in binary: a float claim "share >= 3 x 0.05" fails
    # at exactly 15 of 100; the count claim asks the count, an integer.
    assert not (0.15 >= 3 * 0.05)
    claim = ShareClaim(15, 100, 0.05)
    assert claim.passed and claim.needed is not None and isinstance(claim.needed, int)
    assert claim.successes >= claim.needed


def test_share_claim_at_most_is_the_complement():
    low = ShareClaim(0, 40, 0.10, at_most=True)
    assert low.passed  # upper Wilson bound of 0/40 is 0.088
    assert wilson_interval(0, 40)[1] < 0.10
    high = ShareClaim(0, 30, 0.10, at_most=True)
    assert not high.passed  # upper bound of 0/30 is 0.114
    assert wilson_interval(0, 30)[1] > 0.10
    assert not ShareClaim(5, 40, 0.10, at_most=True).passed


def test_share_claim_drops_undefined_runs():
    claim = share_claim([1, 0, np.nan, 1], 0.5)
    assert (claim.successes, claim.n) == (2, 3)


def test_pass_probability_is_the_binomial_tail_above_the_needed_count():
    k = min_successes(50, 0.6)
    assert pass_probability(50, 0.8, 0.6) == pytest.approx(binom.sf(k - 1, 50, 0.8))


@pytest.mark.parametrize(
    ("p", "share", "at_most"),
    [(0.8, 0.6, False), (0.95, 0.9, False), (0.0, 0.1, True), (0.02, 0.1, True)],
)
def test_runs_needed_gives_99_percent_power(p, share, at_most):
    n = runs_needed(p, share, at_most=at_most)
    assert n is not None
    q, s = (1 - p, 1 - share) if at_most else (p, share)
    assert pass_probability(n, q, s) >= 0.99
    assert pass_probability(max(1, n // 2), q, s) < 0.99


def test_runs_needed_none_when_the_estimate_is_not_beyond_the_bound():
    assert runs_needed(0.6, 0.6) is None
    assert runs_needed(0.5, 0.6) is None
    assert runs_needed(0.2, 0.1, at_most=True) is None


def test_runs_needed_difference_normal_approximation():
    # (1.96 + 2.326)^2 = 18.37: an effect of one sd needs 19 paired runs
    assert runs_needed_difference(1.0, 1.0) == 19
    assert runs_needed_difference(-0.5, 1.0) == math.ceil((4.2863 * 2) ** 2 - 1e-3)
    assert runs_needed_difference(0.0, 1.0) is None


def test_bootstrap_difference_pairs_seeds_and_excludes_zero_for_a_clear_effect():
    rng = np.random.default_rng(1)
    base = rng.normal(0, 5, 200)  # large seed-to-seed noise, shared by both conditions
    mean, low, high = bootstrap_difference(base + 0.5, base)
    assert mean == pytest.approx(0.5) and low == pytest.approx(0.5) and high == pytest.approx(0.5)
    noisy = base + rng.normal(0.5, 1, 200)
    mean, low, high = bootstrap_difference(noisy, base)
    assert 0 < low < mean < high


def test_bootstrap_difference_drops_nan_pairs_and_is_nan_when_none_left():
    mean, _, _ = bootstrap_difference([1.0, np.nan, 3.0], [0.0, 0.0, np.nan])
    assert mean == 1.0
    assert all(math.isnan(x) for x in bootstrap_difference([np.nan], [1.0]))


class _StubEnsembles:
    """Hands pattern 9 fixed runs: ``managed`` and ``unmanaged`` of 100 escalate."""

    def __init__(self, managed, unmanaged):
        self.counts = {False: managed, True: unmanaged}

    def get(self, name, seeds, overrides=None):
        import pandas as pd

        from resetsim.validation.ensemble import Run

        k = self.counts[bool(overrides)]
        empty = pd.DataFrame()
        return [
            Run(s, pd.DataFrame({"escalation": [int(i < k)]}), empty, empty, empty, {})
            for i, s in enumerate(seeds)
        ]


def test_pattern9_compares_counts_so_exactly_three_times_passes():
    from resetsim.validation.delivery_patterns import pattern9_escalation

    checks = pattern9_escalation(range(100), _StubEnsembles(5, 15))
    ratio = checks[1]
    assert ratio.passed and ratio.value == 15 and ratio.threshold == 15
    assert not pattern9_escalation(range(100), _StubEnsembles(5, 14))[1].passed
