"""Small statistics used by the batch figures and the attribution, with known answers in tests.

* :func:`quantile_bands`: median and central bands of aligned curves, column by column.
* :func:`kaplan_meier`, :func:`km_median`, :func:`restricted_mean`: the product-limit
  survival estimate (Kaplan & Meier 1958) for right-censored durations, its median, and the
  restricted mean survival time up to a horizon (Royston & Parmar 2013), which stays
  defined when most units are censored (a reset gain that never halves).
* :func:`paired_bootstrap`: percentile bootstrap CI of a difference between conditions run
  on the same seeds (Efron & Tibshirani 1993), resampling seeds so pairs stay together.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "BANDS",
    "kaplan_meier",
    "km_median",
    "paired_bootstrap",
    "quantile_bands",
    "restricted_mean",
]

BANDS = (0.05, 0.25, 0.5, 0.75, 0.95)
"""Quantiles drawn by the decay curves: median with 50% and 90% central bands."""


def quantile_bands(
    curves: np.ndarray, quantiles: Sequence[float] = BANDS, min_count: int = 1
) -> pd.DataFrame:
    """Quantiles of each column of ``curves`` (rows = curves, NaN = not observed).

    Args:
        curves: 2-D array, one aligned curve per row.
        quantiles: probabilities in [0, 1].
        min_count: columns observed in fewer rows than this get NaN.

    Returns:
        One row per column with ``n`` (curves observed) and one column per quantile, named
        ``q05``, ``q25``, ``q50``... (linear interpolation, numpy's default).

    """
    arr = np.atleast_2d(np.asarray(curves, dtype=float))
    n = np.sum(~np.isnan(arr), axis=0)
    out = {"n": n}
    enough = n >= max(min_count, 1)
    for q in quantiles:
        values = np.full(arr.shape[1], np.nan)
        if enough.any():
            values[enough] = np.nanquantile(arr[:, enough], q, axis=0)
        out[f"q{round(q * 100):02d}"] = values
    return pd.DataFrame(out)


def _km_arrays(t: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, ...]:
    """Distinct times, numbers at risk, events and S(t) (fast core of :func:`kaplan_meier`)."""
    times, inverse, counts = np.unique(t, return_inverse=True, return_counts=True)
    dead = np.bincount(inverse, weights=d.astype(float), minlength=times.size)
    at_risk = t.size - np.concatenate(([0], np.cumsum(counts)[:-1]))
    surv = np.cumprod(1.0 - dead / at_risk)
    return times, at_risk, dead, surv


def kaplan_meier(durations: Sequence[float], events: Sequence[bool]) -> pd.DataFrame:
    """Product-limit estimate S(t) at each distinct duration.

    A unit censored at t is still at risk at t (the usual convention: censoring after
    events at the same time).

    Returns:
        Columns ``time``, ``at_risk``, ``events``, ``survival`` (S just after ``time``), one
        row per distinct duration, preceded by a row at time 0 with survival 1 when no
        duration is 0.

    """
    t = np.asarray(durations, dtype=float).ravel()
    d = np.asarray(events, dtype=bool).ravel()
    if t.shape != d.shape:
        raise ValueError("durations and events must have the same length")
    if np.isnan(t).any():
        raise ValueError("durations must not be NaN (give censored units their follow-up time)")
    times, at_risk, dead, surv = _km_arrays(t, d)
    table = pd.DataFrame(
        {"time": times, "at_risk": at_risk, "events": dead.astype(int), "survival": surv}
    )
    if not len(times) or times[0] > 0:
        start = pd.DataFrame({"time": [0.0], "at_risk": [t.size], "events": [0], "survival": [1.0]})
        table = pd.concat([start, table], ignore_index=True)
    return table


def km_median(durations: Sequence[float], events: Sequence[bool]) -> float:
    """Smallest time at which the Kaplan-Meier S(t) is at or below 0.5; inf if never.

    When S(t) equals 0.5 exactly over an interval this is its start (lifelines takes the
    next event time, R's survfit the midpoint); NaN for no durations.
    """
    t = np.asarray(durations, dtype=float).ravel()
    if not t.size:
        return float("nan")
    times, _, _, surv = _km_arrays(t, np.asarray(events, dtype=bool).ravel())
    hit = np.flatnonzero(surv <= 0.5 + 1e-12)
    return float(times[hit[0]]) if hit.size else float("inf")


def restricted_mean(durations: Sequence[float], events: Sequence[bool], horizon: float) -> float:
    """Restricted mean survival time: the area under the Kaplan-Meier curve from 0 to ``horizon``.

    Equals ``mean(min(duration, horizon))`` when nobody is censored before ``horizon``.
    """
    t = np.asarray(durations, dtype=float).ravel()
    if not t.size:
        return float("nan")
    times, _, _, surv = _km_arrays(t, np.asarray(events, dtype=bool).ravel())
    # S is 1 on [0, t1), surv[0] on [t1, t2), ...; integrate the steps up to the horizon
    edges = np.clip(np.concatenate(([0.0], times, [horizon])), 0.0, horizon)
    heights = np.concatenate(([1.0], surv))
    return float(np.sum(heights * np.diff(edges)))


def paired_bootstrap(
    frames: Mapping[str, pd.DataFrame],
    statistic: Callable[[Mapping[str, np.ndarray]], float],
    reference: str,
    key: str = "seed",
    n_boot: int = 2000,
    rng: np.random.Generator | int | None = 0,
    level: float = 0.95,
) -> pd.DataFrame:
    """Bootstrap CI of ``statistic(condition) - statistic(reference)``, resampling ``key``.

    All conditions are evaluated on the same resampled keys (seeds), so the common random
    numbers stay paired. Each frame has at most one row per key (one run per seed); a key
    missing from a condition simply does not enter it.

    Args:
        frames: per condition, one row per unit (run) with a ``key`` column.
        statistic: maps columns (name -> array, rows possibly repeated) to a number.
        reference: the condition the others are compared with.
        key: the pairing column.
        n_boot: bootstrap resamples.
        rng: a Generator or seed (fixed by default so tables are reproducible).
        level: central coverage of the interval.

    Returns:
        One row per condition: ``value``, ``change`` (vs reference), ``ci_low``, ``ci_high``
        (percentile interval of the change; an infinite statistic, e.g. a median not
        reached, gives infinite bounds, and resamples where both are infinite are left
        out), ``n`` (units).

    """
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    keys = np.unique(np.concatenate([f[key].to_numpy() for f in frames.values()]))
    columns, positions = {}, {}
    for name, frame in frames.items():
        if frame[key].duplicated().any():
            raise ValueError(f"condition {name!r} has more than one row per {key}")
        columns[name] = {c: frame[c].to_numpy() for c in frame.columns}
        where = pd.Series(np.arange(len(frame)), index=frame[key].to_numpy())
        positions[name] = where.reindex(keys).fillna(-1).astype(int).to_numpy()
    draws = gen.integers(0, keys.size, size=(n_boot, keys.size))
    point = {name: statistic(cols) for name, cols in columns.items()}
    boot = {name: np.empty(n_boot) for name in frames}
    for name, cols in columns.items():
        for b in range(n_boot):
            rows = positions[name][draws[b]]
            rows = rows[rows >= 0]
            boot[name][b] = statistic({c: v[rows] for c, v in cols.items()})
    alpha = (1 - level) / 2
    out = []
    for name in frames:
        with np.errstate(invalid="ignore"):  # inf - inf: both undefined, left out below
            diff = boot[name] - boot[reference]
        kept = diff[~np.isnan(diff)]  # inf - inf (both undefined) is left out; inf stays
        if not kept.size:
            low, high = np.nan, np.nan
        elif np.isfinite(kept).all():
            low, high = np.quantile(kept, [alpha, 1 - alpha])
        else:  # do not interpolate towards infinity: take the order statistics outward
            low = np.quantile(kept, alpha, method="lower")
            high = np.quantile(kept, 1 - alpha, method="higher")
        out.append(
            {
                "condition": name,
                "value": point[name],
                "change": point[name] - point[reference],
                "ci_low": float(low),
                "ci_high": float(high),
                "n": len(frames[name]),
            }
        )
    return pd.DataFrame(out)
