"""Per-reset metrics: peak gain, half-life, months survived, months to the next crisis.

A reset episode starts in the first month labelled ``reset`` after any other label
(Giles's cycle). Its *pre-reset level* is the lowest relationship in the
``trend_months`` before it (the trough the reset climbed out of). From there:

* ``peak_gain``: highest relationship from the start until the next reset (or run end),
  minus the pre-reset level;
* ``half_life_months``: months from the peak until the gain first falls to half the peak
  gain (NaN if it never does within the run);
* ``months_survived``: months from the start until the relationship first falls back to
  the pre-reset level or below (``ended`` True), or to the run's end (``ended`` False,
  censored);
* ``months_to_crisis``: months from the start to the first month labelled ``crisis``
  (NaN if none).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["RESET_COLUMNS", "reset_columns", "reset_episodes"]

RESET_COLUMNS = [
    "start_month",
    "start_date",
    "pre_level",
    "peak_month",
    "peak_gain",
    "half_life_months",
    "months_survived",
    "ended",
    "months_to_crisis",
]


def _first(mask: np.ndarray) -> int | None:
    hits = np.flatnonzero(mask)
    return int(hits[0]) if hits.size else None


def reset_episodes(
    relationship: Sequence[float],
    phases: Sequence[str],
    dates: Sequence[str] | None = None,
    trend_months: int = 6,
) -> pd.DataFrame:
    """One row per reset episode; see the module docstring for definitions.

    Args:
        relationship: monthly relationship index.
        phases: monthly phase labels, same length.
        dates: monthly ``YYYY-MM`` labels (defaults to the month numbers as text).
        trend_months: months before the start searched for the pre-reset trough.

    """
    return pd.DataFrame(reset_columns(relationship, phases, dates, trend_months))


def reset_columns(
    relationship: Sequence[float],
    phases: Sequence[str],
    dates: Sequence[str] | None = None,
    trend_months: int = 6,
) -> dict[str, np.ndarray]:
    """The columns of :func:`reset_episodes` (name -> array), as its frame holds them.

    The arguments are those of :func:`reset_episodes`; columns are the form the batch
    engine writes.
    """
    r = np.asarray(relationship, dtype=float)
    labels = np.asarray(phases, dtype=object)
    n = r.size
    if dates is None:
        dates = [str(i) for i in range(n)]
    listed = labels.tolist()  # a list: indexing a NumPy object array is slow
    starts = [i for i in range(n) if listed[i] == "reset" and (i == 0 or listed[i - 1] != "reset")]
    rows = []
    for k, start in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else n
        pre = float(r[max(0, start - trend_months) : start + 1].min())
        peak = start + int(np.argmax(r[start:stop]))
        gain = float(r[peak] - pre)
        halved = _first(r[peak:] - pre <= gain / 2) if gain > 0 else None
        fell = _first(r[start + 1 :] <= pre)
        crisis = _first(labels[start:] == "crisis")
        rows.append(
            (
                start,
                dates[start],
                pre,
                peak,
                gain,
                float(halved) if halved is not None else np.nan,
                (fell + 1) if fell is not None else n - 1 - start,
                fell is not None,
                float(crisis) if crisis is not None else np.nan,
            )
        )
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(RESET_COLUMNS)
    dtypes = [int, object, float, int, float, float, int, bool, float]
    return {
        name: np.array(values, dtype=dtype)
        for name, values, dtype in zip(RESET_COLUMNS, columns, dtypes, strict=True)
    }
