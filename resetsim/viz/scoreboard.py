"""The classroom scoreboard: one row of figures per run, and their spread over 20 seeds.

A reset can *decide* things (deals ratified, proposals blocked) and it can *last* (the
relationship staying up). The FPRI article's claim is that leaders move the first far more
than the second; the scoreboard puts both on one row so that a class can see it:

* ``ratified``: treaties and statutes ratified (decision-log outcome ``ratified``);
* ``blocked``: proposals blocked by a legislature or rejected by an executive, and
  ``blocked_by``: who did it, most often first (Putnam 1988: either side's domestic level
  can stop a deal);
* ``delivered_share``: implementation delivered over implementation promised, summed over
  the run's months (as notebook 3 counts it; Neustadt 1960: orders are not self-executing);
* ``months_above_baseline``: months the relationship stood above its structural baseline,
  the level it relaxes towards without deals (time bought);
* ``months_above_pre_reset``: months the first reset stayed above its pre-reset level
  (:mod:`resetsim.model.metrics`, survival);
* ``first_crisis``: the first month the relationship *enters* Giles's *crisis* phase (a
  run that starts in a crisis, as ``obama-2009`` does after the Georgia war, counts the
  next one), or none.

The 20-seed spread runs the same knobs with seeds 0-19 through :func:`resetsim.runner.simulate`,
the run function every other part of resetsim uses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from resetsim.runner import simulate
from resetsim.scenario import Scenario

__all__ = [
    "NUMERIC_SCORES",
    "SCORE_LABELS",
    "SPREAD_SEEDS",
    "run_scores",
    "seed_spread",
    "spread_summary",
]

#: The seeds a "run 20 seeds" press uses (the same for every knob setting, so that a
#: difference between two settings is not luck).
SPREAD_SEEDS = tuple(range(20))

SCORE_LABELS = {
    "ratified": "ratified",
    "blocked": "blocked or rejected",
    "blocked_by": "blocked by",
    "delivered_share": "share delivered",
    "months_above_baseline": "months above baseline",
    "months_above_pre_reset": "months above pre-reset level",
    "first_crisis": "first crisis",
}
#: The scores that are numbers (``first_crisis`` is also given as ``first_crisis_month``).
NUMERIC_SCORES = (
    "ratified",
    "blocked",
    "delivered_share",
    "months_above_baseline",
    "months_above_pre_reset",
    "first_crisis_month",
)
_BLOCKING = ("blocked", "rejected")


def run_scores(timeseries: pd.DataFrame, log: pd.DataFrame, resets: pd.DataFrame) -> dict[str, Any]:
    """The scoreboard figures of one run (complete or not) from its tables.

    Args:
        timeseries: ``ResetModel.timeseries()``.
        log: ``ResetModel.decision_log()``.
        resets: ``ResetModel.resets()``.

    Returns:
        A dict with the keys of :data:`SCORE_LABELS` and ``first_crisis_month`` (NaN if none).

    """
    outcomes = log["outcome"] if len(log) else pd.Series([], dtype=object)
    blocking = log[outcomes.isin(_BLOCKING)] if len(log) else log
    who = Counter(name for name in blocking.get("blocked_by", []) if name)
    promised = float(timeseries["promised"].sum())
    above = timeseries["relationship"].to_numpy() > timeseries["baseline"].to_numpy()
    phase = timeseries["phase"].to_numpy()
    crisis = np.flatnonzero((phase[1:] == "crisis") & (phase[:-1] != "crisis")) + 1
    first = resets.sort_values("start_month").head(1)
    return {
        "ratified": int((outcomes == "ratified").sum()),
        "blocked": len(blocking),
        "blocked_by": ", ".join(f"{name} {n}" for name, n in who.most_common()),
        "delivered_share": (
            float(timeseries["delivered"].sum()) / promised if promised > 0 else float("nan")
        ),
        "months_above_baseline": int(above[1:].sum()),
        "months_above_pre_reset": (
            int(first["months_survived"].iloc[0]) if len(first) else float("nan")
        ),
        "first_crisis": str(timeseries["date"].iloc[crisis[0]]) if crisis.size else "none",
        "first_crisis_month": float(crisis[0]) if crisis.size else float("nan"),
    }


def seed_spread(
    scenario: Scenario, overrides: Mapping[str, Any], seeds: Iterable[int] = SPREAD_SEEDS
) -> pd.DataFrame:
    """The scoreboard figures of one knob setting over many seeds, one row per seed.

    Args:
        scenario: the scenario the knobs apply to.
        overrides: dotted-key overrides (as :func:`resetsim.viz.dashboard_model.knob_overrides`
            makes them).
        seeds: the seeds to run.

    """
    rows = []
    for seed in seeds:
        result = simulate(scenario, seed=int(seed), overrides=dict(overrides), actors=False)
        rows.append({"seed": int(seed), **run_scores(result.timeseries, result.log, result.resets)})
    return pd.DataFrame(rows)


def spread_summary(spread: pd.DataFrame) -> pd.DataFrame:
    """Median, 10th and 90th percentile of each numeric score over the seeds.

    ``first_crisis_month`` is summarised over the runs that had a crisis, and a row
    ``runs_with_crisis`` counts them.
    """
    rows = {}
    for name in NUMERIC_SCORES:
        values = spread[name].dropna().to_numpy(dtype=float)
        if values.size:
            low, mid, high = np.percentile(values, [10, 50, 90])
        else:
            low = mid = high = float("nan")
        rows[name] = {"median": mid, "p10": low, "p90": high, "runs": int(values.size)}
    table = pd.DataFrame(rows).T
    table.loc["runs_with_crisis"] = [
        float(spread["first_crisis_month"].notna().sum()),
        np.nan,
        np.nan,
        len(spread),
    ]
    return table
