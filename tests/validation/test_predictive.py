"""Posterior-predictive fit: Gallup points inside the band, window hit rates."""

import pandas as pd
import pytest

from resetsim.validation.abc import GALLUP_UNTIL
from resetsim.validation.history import load_gallup
from resetsim.validation.predictive import predictive_fit, predictive_runs

DATES = pd.period_range("1992-01", "2016-12", freq="M").strftime("%Y-%m")
NO_EVENTS = pd.DataFrame({"date": [], "direction": [], "severity": []})


def _run(favourability: float, crisis_in: str | None = None, escalate: bool = False):
    ts = pd.DataFrame(
        {"date": DATES, "phase": "realism", "us_public_favourability": favourability,
         "escalation": 0}
    )  # fmt: skip
    if crisis_in:
        ts.loc[ts["date"] == crisis_in, "phase"] = "crisis"
    if escalate:
        ts.loc[ts["date"] == "2000-01", "escalation"] = 1
    return ts, NO_EVENTS


def test_fit_counts_gallup_points_inside_the_band_and_window_hits():
    gallup = load_gallup()
    fitted = int((gallup["date"] <= GALLUP_UNTIL).sum())
    # favourability 0..100 across runs: every Gallup point lies inside the 5-95% band
    wide = [_run(f, "2008-08" if i % 2 else None) for i, f in enumerate(range(0, 101, 5))]
    fit = predictive_fit(wide)
    assert fit["gallup_in_band_in_sample"] == [fitted, fitted]
    assert fit["crisis_2008"]["hits"] == 10 and fit["crisis_2008"]["runs"] == 21
    assert fit["crisis_2008"]["ci_low"] < 10 / 21 < fit["crisis_2008"]["ci_high"]
    assert fit["escalated"]["hits"] == 0
    # all runs at 99%: no Gallup point (all below 70%) inside the band
    narrow = [_run(99.0, escalate=True) for _ in range(5)]
    fit = predictive_fit(narrow)
    assert fit["gallup_in_band_in_sample"][0] == 0
    assert fit["escalated"]["share"] == 1.0


def test_predictive_seeds_stay_in_the_calibration_range(tmp_path):
    table = tmp_path / "posterior.csv"
    pd.DataFrame({"structure.relax_rate": [0.05], "weight": [1.0]}).to_csv(table, index=False)
    with pytest.raises(ValueError, match="100000"):
        predictive_runs(table, 2, seed_base=5)
