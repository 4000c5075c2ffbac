"""Statistics of the 1992-2016 history scenario against the record (pattern 2).

Windows are calendar months, inclusive. A *hit* is a run labelled with the stage in at
least one month of the window. Crisis windows sit around the three crises the FPRI
article names after Keir Giles (Kosovo/Chechnya 1999, Georgia 2008, Ukraine 2014), reset
windows around the post-9/11 and Obama resets; the quiet windows between cycles are
negative controls. The US public's favourability is compared with Gallup's World Affairs
survey (``data/gallup_us_views_of_russia.csv``, shipped with the package): direction
(Pearson correlation of the ensemble mean) and level (mean absolute error).
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

import numpy as np
import pandas as pd

from resetsim.model.phases import Phase
from resetsim.validation.checks import wilson_interval

__all__ = [
    "CRISES",
    "HISTORY",
    "NO_CRISIS",
    "PHASES",
    "QUIET",
    "RESETS",
    "UNRECORDED",
    "entries",
    "favourability_bands",
    "favourability_by_run",
    "gallup_comparison",
    "hit_rate",
    "load_gallup",
    "partnership",
    "phase_shares",
    "quiet_crisis_share",
    "three_cycles",
    "window_hits",
    "window_table",
]

HISTORY = "history-1992-2016"
PHASES = tuple(p.value for p in Phase)
CRISES = {
    "1999": ("1998-09", "2000-06"),
    "2008": ("2008-03", "2009-02"),
    "2014": ("2013-06", "2014-12"),
}
"""Crisis windows (Kosovo/Chechnya, Georgia, Ukraine), inclusive calendar months."""
RESETS = {"2001": ("2001-06", "2002-06"), "2009": ("2009-01", "2010-06")}
"""Reset windows (post-9/11, Obama), inclusive calendar months."""
QUIET = {"2002-03": ("2002-06", "2003-02"), "2010": ("2010-01", "2010-12")}
"""Quiet years between cycles: negative controls for the crisis label."""
UNRECORDED = {"2005": ("2005-01", "2005-12")}
"""A year between the record's crises with no crisis on the record, after a scheduled clash
(the Orange Revolution): a negative control beside :data:`QUIET` for the generative history
(the 0.1.0 scenarios' checks keep :data:`QUIET` alone)."""
NO_CRISIS = QUIET | UNRECORDED
"""Every window with no crisis on the record."""


def entries(ts: pd.DataFrame, label: str) -> list[str]:
    """Dates at which the run enters stage ``label`` (not counting month 0)."""
    phase = ts["phase"].to_numpy()
    return [
        ts["date"].iloc[i]
        for i in range(1, len(phase))
        if phase[i] == label and phase[i - 1] != label
    ]


def window_hits(runs: Sequence[pd.DataFrame], label: str, window: tuple[str, str]) -> np.ndarray:
    """Per run, whether any month of ``window`` carries ``label``."""
    lo, hi = window
    return np.array(
        [
            bool(((ts["date"] >= lo) & (ts["date"] <= hi) & (ts["phase"] == label)).any())
            for ts in runs
        ]
    )


def hit_rate(runs: Sequence[pd.DataFrame], label: str, window: tuple[str, str]) -> float:
    """Share of runs labelled ``label`` in at least one month of ``window``."""
    return float(np.mean(window_hits(runs, label, window)))


def quiet_crisis_share(runs: Sequence[pd.DataFrame], window: tuple[str, str]) -> float:
    """Share of all run-months in ``window`` labelled crisis."""
    lo, hi = window
    months = pd.concat([ts[(ts["date"] >= lo) & (ts["date"] <= hi)] for ts in runs])
    return float((months["phase"] == "crisis").mean())


PARTNERSHIP_LEVEL = 0.5
"""Relationship index at or above which a month counts towards partnership (MODEL.md)."""
PARTNERSHIP_MONTHS = 12
"""Consecutive months at that level that make a partnership (MODEL.md, pattern 3)."""


def partnership(relationship: Sequence[float] | np.ndarray | pd.Series) -> bool:
    """Whether the relationship stays at or above 0.5 for 12 consecutive months."""
    run = 0
    for value in np.asarray(relationship, dtype=float):
        run = run + 1 if value >= PARTNERSHIP_LEVEL else 0
        if run >= PARTNERSHIP_MONTHS:
            return True
    return False


def three_cycles(ts: pd.DataFrame) -> bool:
    """Each of the five stages appears at least twice and there are >= 3 crisis entries.

    A stage held at month 0 counts as one appearance (the first cycle starts in euphoria).
    """
    counts = {p: len(entries(ts, p)) + (ts["phase"].iloc[0] == p) for p in PHASES}
    return counts["crisis"] >= 3 and min(counts.values()) >= 2


def window_table(runs: Sequence[pd.DataFrame], level: float = 0.95) -> pd.DataFrame:
    """Hit rate of every crisis and reset window with its Wilson interval."""
    rows = []
    for kind, windows in (("crisis", CRISES), ("reset", RESETS)):
        for year, window in windows.items():
            hits = window_hits(runs, kind, window)
            low, high = wilson_interval(int(hits.sum()), len(hits), level)
            rows.append(
                {
                    "window": f"{kind} {year}",
                    "stage": kind,
                    "from": window[0],
                    "to": window[1],
                    "runs": len(hits),
                    "hit_rate": float(hits.mean()),
                    "ci_low": low,
                    "ci_high": high,
                }
            )
    return pd.DataFrame(rows)


def load_gallup(since: str = "1992-01") -> pd.DataFrame:
    """Gallup's share of US adults favourable to Russia, from the package data.

    Rows without a favourable share, or before ``since`` (before the run starts), are
    dropped. Columns: ``date`` (YYYY-MM), ``favourable_pct``, ``note``.
    """
    source = resources.files("resetsim.validation") / "data" / "gallup_us_views_of_russia.csv"
    with resources.as_file(source) as path:
        frame = pd.read_csv(path, comment="#")
    frame = frame.dropna(subset=["favourable_pct"])
    return frame[frame["date"] >= since].reset_index(drop=True)


def favourability_by_run(runs: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Month (rows, by date) x run (columns) US favourability."""
    return pd.concat(
        [ts.set_index("date")["us_public_favourability"] for ts in runs], axis=1, ignore_index=True
    )


def favourability_bands(runs: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Per month: mean, median and the 5/25/75/95% quantiles of US favourability."""
    fav = favourability_by_run(runs)
    q = fav.quantile([0.05, 0.25, 0.5, 0.75, 0.95], axis=1).T
    q.columns = ["q05", "q25", "q50", "q75", "q95"]
    q.insert(0, "mean", fav.mean(axis=1))
    return q.rename_axis("date").reset_index()


def gallup_comparison(runs: Sequence[pd.DataFrame]) -> tuple[pd.DataFrame, dict[str, float]]:
    """The ensemble's US favourability at Gallup's survey months, and summary statistics.

    Returns:
        ``(table, stats)``: one row per Gallup point (``date``, ``gallup``, ``model_mean``,
        ``model_median``, the 5-95% band, ``error`` = mean - Gallup), and ``stats`` with
        ``r`` (Pearson correlation of the ensemble mean with Gallup), ``mae`` (mean
        absolute error of the mean, percentage points) and ``bias`` (mean error).

    """
    gallup = load_gallup()
    bands = favourability_bands(runs).set_index("date")
    at = bands.reindex(gallup["date"])
    table = pd.DataFrame(
        {
            "date": gallup["date"].to_numpy(),
            "gallup": gallup["favourable_pct"].to_numpy(dtype=float),
            "model_mean": at["mean"].to_numpy(),
            "model_median": at["q50"].to_numpy(),
            "model_q05": at["q05"].to_numpy(),
            "model_q95": at["q95"].to_numpy(),
        }
    )
    table["error"] = table["model_mean"] - table["gallup"]
    stats = {
        "r": float(np.corrcoef(table["model_mean"], table["gallup"])[0, 1]),
        "mae": float(table["error"].abs().mean()),
        "bias": float(table["error"].mean()),
        "points": len(table),
    }
    return table, stats


def phase_shares(runs: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Per month (``date``), the share of runs in each of the five stages."""
    phases = pd.concat([ts.set_index("date")["phase"] for ts in runs], axis=1, ignore_index=True)
    shares = {p: (phases == p).mean(axis=1) for p in PHASES}
    return pd.DataFrame(shares).rename_axis("date").reset_index()
