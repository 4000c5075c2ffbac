"""Model contract: reproducibility, interface columns, ranges."""

import numpy as np
import pandas as pd
import pytest
from _tiny import tiny_model

import resetsim
from resetsim.model import ResetModel

TS_COLUMNS = [
    "month",
    "date",
    "relationship",
    "trust",
    "phase",
    "us_public_favourability",
    "ru_public_favourability",
    "escalation",
]
PHASES = {"euphoria", "realism", "disillusionment", "crisis", "reset"}
OUTCOMES = set("tabled adopted rejected blocked ratified implemented slow_rolled reversed".split())


@pytest.fixture(scope="module")
def run():
    return ResetModel(resetsim.load_scenario("obama-2009"), seed=7).run()


def test_same_seed_same_output_and_different_seed_differs():
    sc = resetsim.load_scenario("obama-2009")
    a = ResetModel(sc, seed=11).run()
    b = ResetModel(sc, seed=11).run()
    c = ResetModel(sc, seed=12).run()
    pd.testing.assert_frame_equal(a.timeseries(), b.timeseries())
    pd.testing.assert_frame_equal(a.actors(), b.actors())
    pd.testing.assert_frame_equal(a.decision_log(), b.decision_log())
    assert not a.timeseries()["relationship"].equals(c.timeseries()["relationship"])


def test_seed_sequence_is_accepted_and_reproducible():
    sc = resetsim.load_scenario("obama-2009")
    child = np.random.SeedSequence(5).spawn(3)[2]
    a = ResetModel(sc, seed=child).run(months=24).timeseries()
    b = ResetModel(sc, seed=np.random.SeedSequence(5).spawn(3)[2]).run(months=24).timeseries()
    pd.testing.assert_frame_equal(a, b)


def test_timeseries_interface(run):
    ts = run.timeseries()
    assert list(ts.columns[: len(TS_COLUMNS)]) == TS_COLUMNS
    assert len(ts) == run.spec.months
    assert ts["date"].iloc[0] == "2009-01" and ts["date"].iloc[-1] == "2016-12"
    assert ts["relationship"].between(-1, 1).all()
    assert ts["trust"].between(0, 1).all()
    assert set(ts["phase"]) <= PHASES
    assert ts["us_public_favourability"].between(0, 100).all()
    assert set(ts["escalation"]) <= {0, 1}


def test_actors_interface(run):
    actors = run.actors()
    for col in ["month", "date", "actor", "side", "family", "stance"]:
        assert col in actors
    assert set(actors["family"]) == {"president", "bureaucracy", "legislature", "public"}
    assert set(actors["side"]) == {"US", "RU"}
    roster = len(run.roster)
    assert actors.groupby("month")["actor"].nunique().eq(roster).all()
    # the Russian president's seat is filled by Medvedev, then Putin (2012-05)
    ru = actors[(actors.side == "RU") & (actors.family == "president")].set_index("date")["actor"]
    assert ru["2009-01"] == "Medvedev" and ru["2016-12"] == "Putin"
    assert actors["stance"].between(-1, 1).all()
    per_side = actors[actors.month == 0].groupby(["side", "family"]).size()
    assert per_side[("US", "bureaucracy")] >= 4 and per_side[("RU", "bureaucracy")] >= 4
    assert per_side[("US", "legislature")] >= 3


def test_decision_log_interface(run):
    log = run.decision_log()
    for col in [
        "month",
        "date",
        "side",
        "proposal",
        "core",
        "instrument",
        "outcome",
        "blocked_by",
        "reason",
    ]:
        assert col in log
    assert set(log["outcome"]) <= OUTCOMES
    assert log["reason"].str.len().gt(20).all()
    stopped = log[log["outcome"].isin(["blocked", "rejected", "slow_rolled", "reversed"])]
    assert (stopped["blocked_by"] != "").all()


def test_resets_interface(run):
    resets = run.resets()
    for col in [
        "start_month",
        "start_date",
        "peak_gain",
        "half_life_months",
        "months_survived",
        "ended",
        "months_to_crisis",
    ]:
        assert col in resets


def test_run_months_and_step():
    m = ResetModel("obama-2009", seed=1)
    m.step()
    assert m.month == 1 and len(m.timeseries()) == 2
    m.run(months=10)
    assert m.month == 11


def test_metadata_records_seed_hash_version(run):
    meta = run.metadata()
    assert meta["seed"] == 7
    assert meta["scenario_hash"] == run.spec.content_hash
    assert meta["package_version"] == resetsim.__version__


def test_the_rules_read_a_plain_copy_of_the_scenarios_dynamics():
    model = tiny_model()
    fields = type(model.spec.dynamics).model_fields
    assert fields and {f: getattr(model.dynamics, f) for f in fields} == dict(model.spec.dynamics)
    assert not hasattr(type(model.dynamics), "__getattr__")  # plain reads, no hook
