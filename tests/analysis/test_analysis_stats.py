"""Known answers for the helper statistics."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from resetsim.analysis.stats import (
    kaplan_meier,
    km_median,
    paired_bootstrap,
    quantile_bands,
    restricted_mean,
)


def test_quantile_bands_on_hand_made_aligned_curves():
    curves = np.array(
        [
            [np.nan, 0.0, 1.0],
            [1.0, 1.0, 2.0],
            [2.0, 2.0, 3.0],
            [3.0, 3.0, 4.0],
            [4.0, 4.0, 5.0],
        ]
    )
    bands = quantile_bands(curves, quantiles=(0.05, 0.25, 0.5, 0.75, 0.95))
    assert bands["n"].tolist() == [4, 5, 5]
    # column 1 holds 0..4: linear-interpolation quantiles are 4*q
    assert bands.loc[1, ["q05", "q25", "q50", "q75", "q95"]].tolist() == pytest.approx(
        [0.2, 1.0, 2.0, 3.0, 3.8]
    )
    assert bands.loc[2, "q50"] == pytest.approx(3.0)
    assert bands.loc[0, "q50"] == pytest.approx(2.5)  # NaN ignored: median of 1..4
    thin = quantile_bands(curves, min_count=5)
    assert np.isnan(thin.loc[0, "q50"]) and thin.loc[1, "q50"] == pytest.approx(2.0)


# durations 2, 3+, 4, 4, 6+, 7, 9+ (+ = censored); by hand:
# t=2: 7 at risk, 1 event -> S = 6/7
# t=4: 5 at risk (3+ left), 2 events -> S = 6/7 * 3/5 = 18/35
# t=7: 2 at risk (6+ left), 1 event -> S = 18/35 * 1/2 = 9/35
DURATIONS = [2, 3, 4, 4, 6, 7, 9]
EVENTS = [1, 0, 1, 1, 0, 1, 0]


def test_kaplan_meier_matches_hand_computation():
    table = kaplan_meier(DURATIONS, EVENTS).set_index("time")
    assert table.loc[0.0, "survival"] == 1.0
    assert table.loc[2.0, "survival"] == pytest.approx(6 / 7)
    assert table.loc[3.0, "survival"] == pytest.approx(6 / 7)  # censoring: no drop
    assert table.loc[4.0, "survival"] == pytest.approx(18 / 35)
    assert table.loc[4.0, "at_risk"] == 5
    assert table.loc[7.0, "survival"] == pytest.approx(9 / 35)
    assert table.loc[9.0, "survival"] == pytest.approx(9 / 35)
    # median: first time S <= 0.5 is t=7 (S(4) = 18/35 > 0.5)
    assert km_median(DURATIONS, EVENTS) == 7.0
    # restricted mean to 8: 2*1 + 2*(6/7) + 3*(18/35) + 1*(9/35)
    assert restricted_mean(DURATIONS, EVENTS, 8) == pytest.approx(2 + 12 / 7 + 54 / 35 + 9 / 35)


def test_kaplan_meier_agrees_with_lifelines():
    lifelines = pytest.importorskip("lifelines")
    rng = np.random.default_rng(3)
    t = rng.integers(1, 40, 50).astype(float)
    e = rng.random(50) < 0.6
    fit = lifelines.KaplanMeierFitter().fit(t, e)
    ours = kaplan_meier(t, e).set_index("time")["survival"]
    theirs = fit.survival_function_.iloc[:, 0]
    assert np.allclose(ours.reindex(theirs.index).to_numpy(), theirs.to_numpy())


def test_median_convention_when_the_curve_sits_at_one_half():
    # S = 3/4, 1/2, 1/4, 0: the median is the first time S <= 0.5 (Kalbfleisch & Prentice)
    assert km_median([1, 2, 3, 4], [1, 1, 1, 1]) == 2.0


def test_median_not_reached_and_rmst_without_censoring():
    assert km_median([5, 6, 7], [1, 0, 0]) == float("inf")  # S stays at 2/3
    assert km_median([5, 6, 7], [0, 0, 1]) == 7.0  # the last unit ends: S drops to 0
    assert restricted_mean([2, 5, 11], [1, 1, 1], 10) == pytest.approx((2 + 5 + 10) / 3)


def test_paired_bootstrap_covers_the_true_paired_difference():
    rng = np.random.default_rng(11)
    seeds = np.arange(80)
    shared = rng.normal(0, 5, seeds.size)  # common random numbers: large shared noise
    base = pd.DataFrame({"seed": seeds, "y": 10 + shared + rng.normal(0, 0.5, seeds.size)})
    treat = pd.DataFrame({"seed": seeds, "y": 12 + shared + rng.normal(0, 0.5, seeds.size)})
    out = paired_bootstrap(
        {"baseline": base, "treated": treat},
        lambda cols: float(np.mean(cols["y"])),
        reference="baseline",
        n_boot=1000,
        rng=5,
    ).set_index("condition")
    row = out.loc["treated"]
    assert row["ci_low"] < 2.0 < row["ci_high"]
    # pairing removes the shared noise: far narrower than an unpaired interval (about 3 wide)
    assert row["ci_high"] - row["ci_low"] < 0.6
    assert out.loc["baseline", "change"] == 0.0
