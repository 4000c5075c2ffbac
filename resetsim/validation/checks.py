"""One checked claim of pattern-oriented validation, and the small statistics behind it.

A :class:`Check` is one row of the validation table: the pattern it belongs to, the
statistic measured over an ensemble, the threshold the pattern claims, the value observed
and whether the value meets the threshold. Thresholds are the patterns' claims (MODEL.md),
never values observed in a run (Grimm et al. 2005 on pattern-oriented modelling).

:func:`wilson_interval` gives the Wilson score interval of a binomial share (Wilson 1927;
Brown, Cai & DasGupta 2001), which stays inside [0, 1] and is sensible for rare events
such as escalation.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["OPS", "Check", "check", "compare", "wilson_interval"]

OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}
"""Comparison operators a threshold may use, besides ``in`` (a closed interval)."""


def compare(value: float, op: str, threshold: float | tuple[float, float]) -> bool:
    """Whether ``value`` meets ``threshold`` under ``op``; NaN never does.

    Args:
        value: the statistic observed.
        op: one of ``>=``, ``<=``, ``>``, ``<``, or ``in`` (closed interval).
        threshold: a number, or ``(low, high)`` for ``in``.

    Raises:
        ValueError: for an unknown operator.

    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    if op == "in":
        low, high = threshold  # type: ignore[misc]
        return bool(low <= value <= high)
    if op not in OPS:
        raise ValueError(f"unknown comparison {op!r}; use one of {', '.join([*OPS, 'in'])}")
    return bool(OPS[op](value, threshold))


@dataclass(frozen=True)
class Check:
    """One claim of a pattern, checked on an ensemble.

    Attributes:
        pattern: pattern number in MODEL.md (``"1"`` ... ``"9"``).
        title: the pattern in a few words.
        statistic: what was measured, in words.
        op: comparison (``>=``, ``<=``, ``>``, ``<`` or ``in``).
        threshold: the claim's bound (a number, or ``(low, high)`` for ``in``).
        value: the value observed.
        passed: whether ``value`` meets ``threshold``.
        runs: runs the statistic was computed over.
        basis: where a relative threshold comes from (e.g. the default scenario's value).

    """

    pattern: str
    title: str
    statistic: str
    op: str
    threshold: float | tuple[float, float]
    value: float
    passed: bool
    runs: int
    basis: str = ""

    @property
    def threshold_text(self) -> str:
        """The threshold as a reader sees it, e.g. ``>= 0.9`` or ``in [0.005, 0.1]``."""
        if self.op == "in":
            low, high = self.threshold  # type: ignore[misc]
            text = f"in [{_fmt(low)}, {_fmt(high)}]"
        else:
            text = f"{self.op} {_fmt(self.threshold)}"  # type: ignore[arg-type]
        return f"{text} ({self.basis})" if self.basis else text

    @property
    def value_text(self) -> str:
        """The value rounded for a table."""
        return _fmt(self.value)

    def row(self) -> dict[str, Any]:
        """The check as a flat table row."""
        out = asdict(self)
        out["threshold"] = self.threshold_text
        out["value"] = self.value
        out["result"] = "pass" if self.passed else "FAIL"
        return out


def check(
    pattern: str,
    title: str,
    statistic: str,
    op: str,
    threshold: float | tuple[float, float],
    value: float,
    runs: int,
    basis: str = "",
) -> Check:
    """Build a :class:`Check`, judging ``value`` against ``threshold``."""
    value = float(value)
    threshold = (
        (float(threshold[0]), float(threshold[1]))  # type: ignore[index]
        if op == "in"
        else float(threshold)  # type: ignore[arg-type]
    )
    return Check(
        pattern=pattern,
        title=title,
        statistic=statistic,
        op=op,
        threshold=threshold,
        value=value,
        passed=compare(value, op, threshold),
        runs=int(runs),
        basis=basis,
    )


def _fmt(x: float) -> str:
    if isinstance(x, float) and math.isnan(x):
        return "n/a"
    if isinstance(x, float) and math.isinf(x):
        return "inf"
    if abs(x) >= 100 or float(x).is_integer():
        return f"{x:.0f}"
    return f"{x:.3g}"


def wilson_interval(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion.

    Args:
        successes: number of runs with the event.
        n: number of runs.
        level: confidence level (0.95 gives the usual 95% interval).

    Returns:
        ``(low, high)``; ``(nan, nan)`` when ``n`` is 0.

    References:
        Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
        inference. JASA 22(158), 209-212. https://doi.org/10.1080/01621459.1927.10502953

    """
    if n <= 0:
        return float("nan"), float("nan")
    from statistics import NormalDist

    z = NormalDist().inv_cdf(0.5 + level / 2)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # clamp: rounding must not put p outside its own interval (e.g. 0 of n)
    return max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half))
