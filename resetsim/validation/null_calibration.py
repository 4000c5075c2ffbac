"""The null model's own calibration, on the same targets as the full model's.

Comparing a calibrated full model with an uncalibrated null model would flatter the
full model. :func:`calibrate_null` therefore runs the null model
(:func:`~resetsim.validation.nulls.null_model`) of a history scenario at every point of a
small grid of the parameters the null model still has (relaxation, the impact of clashes,
the rate of chance clashes, the public's response), on calibration seeds (>= 100000),
and scores each point against the summary statistics the ABC calibration fits
(:func:`~resetsim.validation.abc.observed_statistics`): the root mean square of the
differences between the point's mean statistics and the record's, each difference
divided by the statistic's spread over all runs of the grid (median absolute deviation,
as pyabc's adaptive distance does). The best point is written to ``null.json``;
``resetsim validate-model --null-calibration DIR`` runs the null model of the history
claims with it.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from resetsim.validation.abc import (
    CALIBRATION_SEED_BASE,
    calibration_record,
    observed_statistics,
    run_statistics,
)
from resetsim.validation.claims import GENERATIVE
from resetsim.validation.nulls import null_model

__all__ = ["NULL_GRID", "calibrate_null", "load_null_parameters", "score_points"]

NULL_GRID: dict[str, tuple[float, ...]] = {
    "structure.relax_rate": (0.03, 0.06, 0.1),
    "structure.clash_rate": (0.12, 0.3),
    "dynamics.public_event_impact": (6.0, 18.0),
}
"""The default grid (``make validate``): 12 points."""


def score_points(stats: Sequence[pd.DataFrame], observed: Mapping[str, float]) -> np.ndarray:
    """Distance of each point's runs (one frame of run statistics per point) to the record.

    The scale of each statistic is its median absolute deviation over every run of every
    point (1 where that is 0), so statistics on different scales weigh alike.
    """
    keys = list(observed)
    pooled = pd.concat(stats, ignore_index=True)[keys]
    mad = (pooled - pooled.median()).abs().median().replace(0.0, 1.0)
    target = pd.Series(observed)[keys]
    return np.array(
        [float(np.sqrt((((s[keys].mean() - target) / mad) ** 2).mean())) for s in stats]
    )


def calibrate_null(
    out: str | Path,
    grid: Mapping[str, Sequence[Any]] = NULL_GRID,
    *,
    scenario: str = GENERATIVE,
    seeds: int = 10,
    seed_base: int = CALIBRATION_SEED_BASE,
    workers: int = 1,
) -> dict[str, Any]:
    """Score the null model at every grid point; write ``points.csv`` and ``null.json``."""
    from resetsim.validation.ensemble import Ensembles, record_run_with_events

    if seed_base < CALIBRATION_SEED_BASE:
        raise ValueError(
            f"calibration seeds start at {CALIBRATION_SEED_BASE} or above (got {seed_base})"
        )
    keys = list(grid)
    points = [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*grid.values())]
    run_seeds = range(seed_base, seed_base + seeds)
    ens = Ensembles(workers=workers, run_fn=record_run_with_events, prepare=null_model)
    stats = []
    for point in points:
        runs = ens.get(scenario, run_seeds, point)
        stats.append(pd.DataFrame([run_statistics(r.timeseries, r.events) for r in runs]))
    scores = score_points(stats, observed_statistics())
    table = pd.DataFrame(points)
    table["distance"] = scores
    table = table.sort_values("distance", kind="stable").reset_index(drop=True)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "points.csv", index=False)
    best = {k: _plain(table.loc[0, k]) for k in keys}
    summary = calibration_record("null-grid", scenario, "grid", grid, seed_base)
    summary |= {"seeds_per_point": seeds, "best": best}
    summary["best_distance"] = float(table.loc[0, "distance"])
    (out / "null.json").write_text(json.dumps(summary, indent=2) + "\n")
    return summary


def load_null_parameters(folder: str | Path) -> dict[str, Any]:
    """The best point of a null calibration folder (``null.json``)."""
    return dict(json.loads((Path(folder) / "null.json").read_text())["best"])


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value
