"""Ensemble claims as intervals, judged on integer counts, with the runs they need.

A claim about a share of runs ("at least 60% of runs hit the 2008 window") passes when
the lower end of the share's Wilson interval reaches the claimed share (Wilson 1927;
Brown, Cai & DasGupta 2001). Whether that holds is decided on counts: for ``n`` runs,
:func:`min_successes` is the smallest count ``k`` whose Wilson lower bound reaches the
claim, and the claim passes when the observed count is at least ``k``, an integer
comparison (no ``0.15 >= 3 * 0.05`` surprises of floating point). A claim that a share
stays *below* a bound is the same claim about the complementary count.

A claim about a difference between two conditions run on the same seeds (common random
numbers) is judged by a paired bootstrap: seeds are resampled with replacement and the
mean difference recomputed (Efron & Tibshirani 1993, ch. 13); the claim passes when the
percentile interval excludes zero on the claimed side.

:func:`runs_needed` says how many runs a share claim needs to pass with a given
probability (99% by default) if the true share is the current estimate (exact binomial
power of the Wilson test); :func:`runs_needed_difference` does the same for a mean
difference with a normal approximation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from resetsim.validation.checks import wilson_interval

__all__ = [
    "ShareClaim",
    "bootstrap_difference",
    "min_successes",
    "pass_probability",
    "runs_needed",
    "runs_needed_difference",
    "share_claim",
]

LEVEL = 0.95
"""Two-sided confidence level of every interval (a one-sided bound at 97.5%)."""
POWER = 0.99
"""Probability with which a claim should pass at the current estimate."""
MAX_RUNS = 20_000
"""The largest ensemble :func:`runs_needed` considers."""


def min_successes(n: int, share: float | Fraction, level: float = LEVEL) -> int | None:
    """Smallest count ``k`` of ``n`` runs whose Wilson lower bound is >= ``share``.

    Returns None when even ``n`` of ``n`` does not reach it. Found by bisection: the
    lower bound grows with ``k``.
    """
    if n <= 0:
        return None
    target = float(share)
    if target <= 0:
        return 0
    if wilson_interval(n, n, level)[0] < target:
        return None
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi) // 2
        if wilson_interval(mid, n, level)[0] >= target:
            hi = mid
        else:
            lo = mid + 1
    return lo


def pass_probability(n: int, p: float, share: float, level: float = LEVEL) -> float:
    """Chance that a claim ``share of runs >= share`` passes on ``n`` runs at true share ``p``."""
    from scipy.stats import binom

    k = min_successes(n, share, level)
    return 0.0 if k is None else float(binom.sf(k - 1, n, p))


def runs_needed(
    p: float,
    share: float,
    at_most: bool = False,
    power: float = POWER,
    level: float = LEVEL,
    start: int = 10,
) -> int | None:
    """Fewest runs with which a share claim passes with probability >= ``power``.

    Args:
        p: the current estimate of the share.
        share: the claimed bound.
        at_most: the claim is ``share of runs <= share`` (judged on the complement).
        power: wanted probability of passing.
        level: two-sided level of the Wilson interval.
        start: smallest ensemble considered.

    Returns:
        The number of runs, or None when no ensemble up to :data:`MAX_RUNS` suffices (the
        estimate is at or beyond the bound: the claim cannot be shown).

    """
    if at_most:
        p, share = 1.0 - p, 1.0 - share
    if p <= share:
        return None
    n = max(1, start)
    while n <= MAX_RUNS:
        if pass_probability(n, p, share, level) >= power:
            return n
        n = n + max(1, n // 10)
    return None


def runs_needed_difference(
    mean: float, sd: float, power: float = POWER, level: float = LEVEL
) -> int | None:
    """Paired runs for a mean difference ``mean`` (per-seed sd ``sd``) to exclude 0.

    Normal approximation: ``n = ((z_{1-alpha/2} + z_power) * sd / |mean|)^2``, rounded up.
    None when the mean difference is 0 (nothing to show).
    """
    from statistics import NormalDist

    if mean == 0 or not math.isfinite(mean):
        return None
    z = NormalDist().inv_cdf(0.5 + level / 2) + NormalDist().inv_cdf(power)
    return max(2, math.ceil((z * sd / abs(mean)) ** 2))


def bootstrap_difference(
    a: Sequence[float],
    b: Sequence[float],
    n_boot: int = 2000,
    level: float = LEVEL,
    seed: int = 0,
) -> tuple[float, float, float]:
    """Mean of ``a - b`` over paired seeds and its percentile bootstrap interval.

    Pairs where either value is NaN (the statistic is undefined for that seed) are left
    out. Returns ``(mean, low, high)``; all NaN when no pair is left.
    """
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    keep = ~(np.isnan(x) | np.isnan(y))
    d = x[keep] - y[keep]
    if not len(d):
        return float("nan"), float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    means = d[rng.integers(0, len(d), size=(n_boot, len(d)))].mean(axis=1)
    tail = 100 * (1 - level) / 2
    low, high = np.percentile(means, [tail, 100 - tail])
    return float(d.mean()), float(low), float(high)


class ShareClaim:
    """A claim on a share of runs, judged on the count: ``successes`` of ``n`` vs ``share``.

    Attributes:
        successes: runs with the property.
        n: runs.
        share: the claimed bound.
        at_most: the claim is that the share is at most ``share`` (else at least).
        needed: the count that passes (``successes >= needed``; for ``at_most``, the
            count of runs *without* the property must reach it). None: cannot pass.
        passed: whether the count meets it.
        low, high: the Wilson interval of the share.

    """

    def __init__(self, successes: int, n: int, share: float, at_most: bool = False):
        self.successes, self.n, self.share, self.at_most = int(successes), int(n), share, at_most
        counted = self.n - self.successes if at_most else self.successes
        bound = 1 - Fraction(str(share)) if at_most else Fraction(str(share))
        self.needed = min_successes(self.n, bound)
        self.passed = self.needed is not None and counted >= self.needed
        self.low, self.high = wilson_interval(self.successes, self.n, LEVEL)

    @property
    def estimate(self) -> float:
        """The observed share."""
        return self.successes / self.n if self.n else float("nan")

    def runs_needed(self) -> int | None:
        """Runs with which this claim passes with 99% probability at the estimate."""
        return runs_needed(self.estimate, self.share, self.at_most)


def share_claim(
    hits: Sequence[bool] | np.ndarray, share: float, at_most: bool = False
) -> ShareClaim:
    """A :class:`ShareClaim` from per-run booleans (NaN entries, undefined runs, dropped)."""
    values = np.asarray(hits, dtype=float)
    values = values[~np.isnan(values)]
    return ShareClaim(int(values.sum()), len(values), share, at_most)
