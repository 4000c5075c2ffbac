"""Escalation risk per decade, with and without leaders' crisis management (pattern 9).

A run *escalates* in a window when at least one of its months in the window has
``escalation == 1``. The risk is the share of runs that escalate, with a Wilson score
interval (Wilson 1927). Crisis management (``structure.crisis_management``, 0.8 by
default) removes that share of the escalation risk; the counterfactual sets it to 0.
The FPRI article's claim is that leaders kept erosion from turning into open war, so the
managed risk should be low but not zero, and clearly lower than the unmanaged one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from resetsim.validation.checks import wilson_interval

__all__ = ["DECADES", "escalated", "escalation_table"]

DECADES = {
    "1990s": ("1992-01", "1999-12"),
    "2000s": ("2000-01", "2009-12"),
    "2010s": ("2010-01", "2016-12"),
    "whole run": ("1992-01", "2016-12"),
}
"""Windows (inclusive calendar months) the risk is reported for; the last is the whole run."""


def escalated(runs: Sequence[pd.DataFrame], window: tuple[str, str] | None = None) -> np.ndarray:
    """Per run, whether it escalated at least once (within ``window`` if given)."""
    out = []
    for ts in runs:
        if window is not None:
            ts = ts[(ts["date"] >= window[0]) & (ts["date"] <= window[1])]
        out.append(bool(ts["escalation"].sum() > 0))
    return np.array(out, dtype=bool)


def escalation_table(
    conditions: Mapping[str, Sequence[pd.DataFrame]],
    windows: Mapping[str, tuple[str, str]] = DECADES,
    level: float = 0.95,
) -> pd.DataFrame:
    """Escalation risk per condition and window, with a Wilson interval.

    Args:
        conditions: label (e.g. ``"crisis management 0.8"``) -> monthly tables of its runs.
        windows: label -> (first, last) calendar month.
        level: confidence level of the interval.

    Returns:
        One row per condition and window: ``condition``, ``window``, ``from``, ``to``,
        ``years``, ``runs``, ``escalated``, ``risk``, ``ci_low``, ``ci_high``.

    """
    rows = []
    for condition, runs in conditions.items():
        for name, (lo, hi) in windows.items():
            hits = escalated(runs, (lo, hi))
            low, high = wilson_interval(int(hits.sum()), len(hits), level)
            years = (int(hi[:4]) - int(lo[:4])) + (int(hi[5:]) - int(lo[5:]) + 1) / 12
            rows.append(
                {
                    "condition": condition,
                    "window": name,
                    "from": lo,
                    "to": hi,
                    "years": round(years, 2),
                    "runs": len(hits),
                    "escalated": int(hits.sum()),
                    "risk": float(hits.mean()) if len(hits) else float("nan"),
                    "ci_low": low,
                    "ci_high": high,
                }
            )
    return pd.DataFrame(rows)
