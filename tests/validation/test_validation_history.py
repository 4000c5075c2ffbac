"""Known answers for the history statistics, on hand-made monthly tables."""

import numpy as np
import pandas as pd
import pytest

from resetsim.validation.escalation import escalated, escalation_table
from resetsim.validation.history import (
    entries,
    gallup_comparison,
    hit_rate,
    load_gallup,
    phase_shares,
    quiet_crisis_share,
    three_cycles,
    window_hits,
)

DATES = [f"{y}-{m:02d}" for y in range(1992, 2017) for m in range(1, 13)]


def table(phase="realism", favourability=50.0, escalation=0, **spans):
    """A 1992-2016 monthly table; ``spans`` maps phase -> [(from, to), ...]."""
    ts = pd.DataFrame(
        {
            "month": range(len(DATES)),
            "date": DATES,
            "phase": phase,
            "us_public_favourability": favourability,
            "escalation": escalation,
        }
    )
    for label, windows in spans.items():
        for lo, hi in windows:
            ts.loc[(ts["date"] >= lo) & (ts["date"] <= hi), "phase"] = label
    return ts


def test_window_hits_and_quiet_share():
    hit = table(crisis=[("1999-03", "1999-05")])
    miss = table(crisis=[("2001-01", "2001-02")])
    assert window_hits([hit, miss], "crisis", ("1998-09", "2000-06")).tolist() == [True, False]
    assert hit_rate([hit, miss], "crisis", ("1998-09", "2000-06")) == 0.5
    # 2 crisis months of 12 in one run, none in the other: 2 / 24
    assert quiet_crisis_share([miss, hit], ("2001-01", "2001-12")) == pytest.approx(2 / 24)


def test_three_cycles_counts_entries_and_month_zero():
    stages = {
        "euphoria": [("1992-01", "1992-06"), ("2002-01", "2002-06")],
        "disillusionment": [("1995-01", "1998-12"), ("2005-01", "2008-01")],
        "crisis": [("1999-01", "1999-12"), ("2008-02", "2008-12"), ("2014-01", "2014-12")],
        "reset": [("2001-01", "2001-12"), ("2009-01", "2009-12")],
    }
    ts = table(**stages)
    assert entries(ts, "crisis") == ["1999-01", "2008-02", "2014-01"]
    assert three_cycles(ts)
    two_crises = table(**{**stages, "crisis": stages["crisis"][:2]})
    assert not three_cycles(two_crises)


def test_gallup_comparison_is_perfect_when_the_model_reproduces_gallup():
    gallup = load_gallup()
    assert gallup["date"].min() >= "1992-01" and gallup["favourable_pct"].notna().all()
    ts = table()
    ts = ts.set_index("date")
    ts.loc[gallup["date"], "us_public_favourability"] = gallup["favourable_pct"].to_numpy()
    ts = ts.reset_index()
    shifted = ts.assign(us_public_favourability=ts["us_public_favourability"] - 10)
    frame, stats = gallup_comparison([ts, shifted])  # mean is Gallup - 5
    assert stats["r"] == pytest.approx(1.0)
    assert stats["mae"] == pytest.approx(5.0)
    assert stats["bias"] == pytest.approx(-5.0)
    assert (frame["model_q05"] <= frame["model_median"]).all()


def test_phase_shares_sum_to_one():
    shares = phase_shares([table(crisis=[("1999-01", "1999-12")]), table()])
    values = shares.drop(columns="date").to_numpy()
    assert np.allclose(values.sum(axis=1), 1.0)
    assert shares.set_index("date").loc["1999-06", "crisis"] == 0.5


def test_escalation_table_counts_runs_per_window():
    esc = table()
    esc.loc[esc["date"] == "2014-03", "escalation"] = 1
    runs = [esc, table(), table(), table()]
    assert escalated(runs).tolist() == [True, False, False, False]
    frame = escalation_table({"managed": runs}).set_index("window")
    assert frame.loc["2010s", "escalated"] == 1 and frame.loc["2010s", "risk"] == 0.25
    assert frame.loc["1990s", "risk"] == 0.0 and frame.loc["1990s", "years"] == 8
    assert frame.loc["whole run", "ci_low"] < 0.25 < frame.loc["whole run", "ci_high"]


def test_partnership_needs_twelve_consecutive_months_at_half_or_more():
    from resetsim.validation.history import partnership

    assert partnership([0.0] + [0.5] * 12)
    assert not partnership([0.5] * 11 + [0.49] + [0.9] * 11)
    assert not partnership([0.49] * 40)
    assert partnership(np.r_[np.full(11, 0.6), 0.2, np.full(12, 0.51)])
