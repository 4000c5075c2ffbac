"""A forecast from a calibration's posterior: probabilities with parameter and seed uncertainty.

``resetsim batch SCENARIO --posterior posterior.csv --draws N --seeds K`` runs ``N``
parameter sets drawn from the posterior, ``K`` seeds each. :func:`forecast_summary` reads
that batch and reports, per outcome, the predictive probability (the share of all runs:
parameters and seeds integrated out) with two intervals that measure different things:

- ``mc_low``/``mc_high``: a Wilson 95% interval on the share of runs (Monte Carlo error of
  the predictive probability, as if runs were independent);
- ``boot_low``/``boot_high``: a 95% cluster-bootstrap interval that resamples whole
  parameter draws with their seeds (Davison & Hinkley 1997, ch. 3.8), so it is wider when
  the outcome depends on the parameters;

and ``draw_q05``/``draw_q95``, the 5% and 95% quantiles of the per-draw probabilities
(parameter uncertainty; with few seeds per draw these carry seed noise too).

Outcomes (the FPRI article's three questions for 2017-2022): a reset episode starts
(``resets()`` has a row), a crisis onset after the first month (``timeseries()``'s
``phase`` enters ``crisis``; runs that start in crisis must leave it first), and a core
concession of the US side is implemented (``decision_log()``: a ``core`` proposal
``implemented``; its adoption by the executive, which Congress or the agencies may still
block or reverse, is reported apart).

Reference:
    Davison, A. C. & Hinkley, D. V. (1997). Bootstrap Methods and their Application.
    Cambridge University Press.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from resetsim.validation.checks import wilson_interval

__all__ = ["BOOTSTRAP", "OUTCOMES", "forecast_summary", "run_flags"]

OUTCOMES = {
    "reset": "a reset starts",
    "crisis": "a crisis onset after the start (entry into crisis by the last month)",
    "core_adopted": "a core US concession adopted (may be blocked or reversed later)",
    "core_concession": "a core US concession implemented",
}
"""Outcome -> label."""
BOOTSTRAP = 2000
"""Bootstrap resamples of the draws."""
CONCEDED = {"core_adopted": ("adopted",), "core_concession": ("implemented",)}
"""Outcome -> decision-log outcomes that count for it."""


def run_flags(tables: dict[str, pd.DataFrame], side: str = "US") -> pd.DataFrame:
    """Per run: its draw (the parameter columns), and whether each outcome happened."""
    runs = tables["runs"]
    params = [c for c in runs.columns if "." in c]
    out = runs[["run_id", *params]].copy()
    out["draw"] = out.groupby(params, sort=False).ngroup() if params else 0
    resets = tables.get("resets", pd.DataFrame(columns=["run_id"]))
    out["reset"] = out["run_id"].isin(resets["run_id"])
    ts = tables["timeseries"].sort_values(["run_id", "month"])
    before = ts.groupby("run_id")["phase"].shift()
    onset = (ts["phase"] == "crisis") & before.notna() & (before != "crisis")
    out["crisis"] = out["run_id"].isin(ts.loc[onset, "run_id"])
    log = tables.get("log", pd.DataFrame(columns=["run_id", "core", "outcome", "side"]))
    core = log[(log["core"] == True) & (log["side"] == side)]  # noqa: E712
    for key, outcomes in CONCEDED.items():
        out[key] = out["run_id"].isin(core.loc[core["outcome"].isin(outcomes), "run_id"])
    return out


def forecast_summary(batch: str | Path, seed: int = 0) -> pd.DataFrame:
    """One row per outcome: probability and its intervals (see the module docstring)."""
    from resetsim.batch import load_batch

    flags = run_flags(load_batch(batch, tables=("runs", "timeseries", "resets", "log")))
    rng = np.random.default_rng(seed)
    draws = flags["draw"].to_numpy()
    ids = np.unique(draws)
    pick = rng.integers(0, len(ids), size=(BOOTSTRAP, len(ids)))
    rows: list[dict[str, Any]] = []
    for key, label in OUTCOMES.items():
        hits = flags[key].to_numpy(dtype=float)
        per_draw = pd.Series(hits).groupby(draws).agg(["sum", "count"]).reindex(ids)
        sums, counts = per_draw["sum"].to_numpy(), per_draw["count"].to_numpy()
        boot = sums[pick].sum(axis=1) / counts[pick].sum(axis=1)
        low, high = wilson_interval(int(hits.sum()), len(hits), 0.95)
        share = sums / counts
        rows.append(
            {
                "outcome": key,
                "label": label,
                "runs": len(hits),
                "draws": len(ids),
                "hits": int(hits.sum()),
                "probability": float(hits.mean()),
                "mc_low": low,
                "mc_high": high,
                "boot_low": float(np.quantile(boot, 0.025)),
                "boot_high": float(np.quantile(boot, 0.975)),
                "draw_q05": float(np.quantile(share, 0.05)),
                "draw_q95": float(np.quantile(share, 0.95)),
            }
        )
    return pd.DataFrame(rows)
