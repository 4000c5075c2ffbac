"""Why a deal is late: each agency's missing work is booked to its opposition (Halperin's
foot-dragging) or to its routine slowness (inertia), and the two add up to the gap."""

import numpy as np
import pandas as pd
import pytest

import resetsim
from resetsim.model import ResetModel
from resetsim.model.proposals import Deal
from resetsim.scenario.schema import Proposal

SEEDS = range(1000, 1010)


def deliveries(**overrides):
    sc = resetsim.load_scenario("obama-2009").with_overrides(overrides)
    return pd.concat([ResetModel(sc, seed=s).run().deliveries() for s in SEEDS], ignore_index=True)


def test_delivered_and_lost_shares_add_up_to_the_promise():
    table = deliveries()
    assert len(table) > 10
    total = table["delivered_share"] + table["lost_to_opposition"] + table["lost_to_routine"]
    np.testing.assert_allclose(total, 1.0, atol=1e-9)
    assert (table[["lost_to_opposition", "lost_to_routine"]] >= 0).all().all()


def test_no_drag_means_nothing_lost_to_routine():
    table = deliveries(**{"dynamics.implementation_drag": 0.0})
    assert len(table) and (table["lost_to_routine"] == 0).all()
    assert (table["lost_to_opposition"] > 0).any()  # the opposition is still there


def test_full_command_means_nothing_withheld_by_opposition():
    table = deliveries(**{"presidents.US.command_share": 1.0, "presidents.RU.command_share": 1.0})
    assert len(table) and (table["lost_to_opposition"] == 0).all()
    assert (table["lost_to_routine"] > 0).all()


def test_a_finished_agency_books_nothing_more():
    deal = Deal(Proposal(id="x", topic="x", agencies=["State"], months=4), start=0)
    deal.progress["State"] = 1.0
    deal.record_pace("State", obey=0.2, routine=0.5)
    assert deal.losses(["State"]) == (0.0, 0.0)
    deal.progress["State"] = 0.5
    deal.record_pace("State", obey=0.5, routine=0.8)
    assert deal.losses(["State"]) == pytest.approx((0.5 / 4, 0.5 * 0.2 / 4))


def test_the_slow_roll_story_says_what_the_lag_came_from():
    sc = resetsim.load_scenario("obama-2009")
    log = ResetModel(sc, seed=1000).run().decision_log()
    slow = log[log["outcome"] == "slow_rolled"]
    assert len(slow)
    assert slow["reason"].str.contains("withheld by its opposition").all()
    assert slow["reason"].str.contains("lost to routine slowness").all()


def timeseries(**overrides):
    sc = resetsim.load_scenario("obama-2009").with_overrides(overrides)
    return pd.concat([ResetModel(sc, seed=s).run().timeseries() for s in SEEDS])


def test_withheld_is_the_opposition_s_part_of_the_gap():
    ts = timeseries()
    gap = (ts["promised"] - ts["delivered"]).clip(lower=0)
    assert (ts["withheld"] >= 0).all() and (ts["withheld"] <= gap + 1e-12).all()
    assert (ts["withheld"] > 0).any() and (ts["withheld"] < gap - 1e-6).any()
    no_drag = timeseries(**{"dynamics.implementation_drag": 0.0})
    no_drag_gap = (no_drag["promised"] - no_drag["delivered"]).clip(lower=0)
    np.testing.assert_allclose(no_drag["withheld"], no_drag_gap, atol=1e-12)
    command = timeseries(**{"presidents.US.command_share": 1.0, "presidents.RU.command_share": 1.0})
    assert (command["withheld"] == 0).all()
