"""The history output set, the study's seeds and the seed-noise check, on known answers."""

import numpy as np
import pandas as pd
import pytest

from resetsim.sensitivity.outputs import HISTORY_LABELS, history_outputs, output_set
from resetsim.sensitivity.runs import StudyError, study_seeds
from resetsim.sensitivity.study import seed_noise
from resetsim.validation.abc import GALLUP_UNTIL
from resetsim.validation.history import load_gallup


def _history(crisis_months, favourability=None, escalation_month=None):
    """A 1992-2016 monthly table: crisis in the given months, normalisation elsewhere."""
    dates = pd.period_range("1992-01", "2016-12", freq="M").strftime("%Y-%m")
    phase = np.where(np.isin(dates, crisis_months), "crisis", "normalisation")
    ts = pd.DataFrame(
        {
            "month": np.arange(len(dates)),
            "date": dates,
            "phase": phase,
            "escalation": (dates == escalation_month).astype(int),
            "us_public_favourability": 50.0,
        }
    )
    if favourability is not None:
        ts["us_public_favourability"] = ts["date"].map(favourability).fillna(50.0)
    return ts


EVENTS = pd.DataFrame(columns=["month", "date", "kind", "direction", "severity"])


def test_crisis_windows_cycles_and_escalation_are_counted():
    # crisis in 1999-03..04 and 2014-03, and once in 2005 (outside every window)
    ts = _history(["1999-03", "1999-04", "2005-06", "2014-03"], escalation_month="2014-04")
    out = history_outputs(ts, EVENTS)
    assert list(out) == list(HISTORY_LABELS)
    assert (out["crisis_1999"], out["crisis_2008"], out["crisis_2014"]) == (1.0, 0.0, 1.0)
    assert out["crisis_entries"] == 3.0
    assert out["three_cycles"] == 0.0  # the other stages never appear twice
    assert out["escalated"] == 1.0
    assert history_outputs(_history([]), EVENTS)["escalated"] == 0.0


def test_gallup_rmse_is_zero_on_the_record_and_the_offset_off_it():
    gallup = load_gallup()
    gallup = gallup[gallup["date"] <= GALLUP_UNTIL]
    exact = dict(zip(gallup["date"], gallup["favourable_pct"], strict=True))
    assert history_outputs(_history([], exact), EVENTS)["gallup_rmse"] == pytest.approx(0.0)
    off = {d: v + 10 if i % 2 else v - 10 for i, (d, v) in enumerate(exact.items())}
    assert history_outputs(_history([], off), EVENTS)["gallup_rmse"] == pytest.approx(10.0)
    # points after 2014 are held out: changing them changes nothing
    late = {**exact, "2016-02": 0.0}
    assert history_outputs(_history([], late), EVENTS)["gallup_rmse"] == pytest.approx(0.0)


def test_seeds_come_from_the_calibration_range():
    assert study_seeds(4) == [100_000, 100_001, 100_002, 100_003]
    assert study_seeds(2, 250_000) == [250_000, 250_001]
    with pytest.raises(StudyError, match="seeds 0-9999 are for tests"):
        study_seeds(4, 5000)
    with pytest.raises(StudyError, match="at least 1"):
        study_seeds(0)
    with pytest.raises(StudyError, match="choose one of reset, history"):
        output_set("gallup")


def test_seed_noise_separates_within_sample_from_between_sample_variance():
    # sample means 0, 10, 20 (variance 100); within each sample +-1 (variance 4/3 with ddof 1)
    runs = pd.DataFrame(
        {
            "sample": np.repeat([0, 1, 2], 3),
            "y": [-1.0, 0.0, 1.0, 9.0, 10.0, 11.0, 19.0, 20.0, 21.0],
            "flat": 1.0,
        }
    )
    row = seed_noise(runs, ["y", "flat"]).set_index("output")
    assert row.loc["y", "mean"] == 10.0
    assert row.loc["y", "within"] == pytest.approx(1.0)
    assert row.loc["y", "sample_means"] == pytest.approx(100.0)
    assert row.loc["y", "noise_share_mean"] == pytest.approx(1.0 / 3 / 100.0)
    assert row.loc["y", "noise_share_run"] == pytest.approx(1.0 / runs["y"].var(ddof=1))
    assert np.isnan(row.loc["flat", "noise_share_mean"])
