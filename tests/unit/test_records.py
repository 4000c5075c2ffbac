"""Known answers for events of each kind, the recorder's tables and the run's metadata."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _tiny import tiny_model

from resetsim.model.metrics import RESET_COLUMNS, reset_columns, reset_episodes
from resetsim.model.month import MonthState
from resetsim.model.recorder import LOG_COLUMNS, decoded, timeseries_columns
from resetsim.model.stages import perceive_events
from resetsim.model.stages.events import perceived_severity


def event(kind, **fields):
    return {"date": "2000-02", "kind": kind, "label": f"a {kind}", **fields}


def month_one(overrides):
    model = tiny_model(overrides)
    model.month = 1
    return model, MonthState.begin(model.sides)


def test_a_cooperative_event_lifts_leaders_fully_and_others_by_their_dovishness():
    model, month = month_one(
        {"events": [event("deal", severity=0.4, reading={"US": 1.0, "RU": 0.5})]}
    )
    dyn, st = model.spec.dynamics, model.structure
    before = {a.name: (a.stance, a.anchor) for a in model.roster}
    fav = {s: model.publics[s].favourability for s in model.sides}
    trust = model.trust
    perceive_events(model, month)
    assert month.deal_boost == pytest.approx(st.deal_event_impact * 0.4)
    assert model.last_initiative == 1 and month.clashes == 0
    for side, weight in (("US", 1.0), ("RU", 0.5)):
        lift = dyn.event_stance_impact * 0.4 * weight
        president, *others = model.government(side)
        stance, anchor = before[president.name]
        assert (president.stance, president.anchor) == pytest.approx((stance + lift, anchor + lift))
        for actor in others:
            expected = before[actor.name][0] + lift * (1 - actor.hawkishness)
            assert actor.stance == pytest.approx(max(-1.0, min(1.0, expected)))
        points = dyn.public_event_impact * 0.4 * weight
        assert model.publics[side].favourability == pytest.approx(fav[side] + points)
    assert model.trust == pytest.approx(trust + dyn.trust_clash * 0.4)
    assert model.events()["kind"].tolist() == ["deal"]


def test_a_shock_hits_its_own_side_and_is_blamed_on_the_other():
    model, month = month_one({"events": [event("shock", side="RU", severity=0.6)]})
    beta = model.presidents["RU"]
    capital, prestige = beta.capital, beta.prestige
    st, trust = model.structure, model.trust
    perceive_events(model, month)
    assert beta.capital == pytest.approx(capital - 0.5 * 0.6)
    assert beta.prestige == pytest.approx(prestige - 0.3 * 0.6)
    seen = perceived_severity(0.6, 0.5, st.worldview_gap, st.misperception, trust)
    assert month.perceived == pytest.approx({"US": 0.0, "RU": seen})
    assert model.events()["kind"].tolist() == ["shock"]


def test_a_renewed_mandate_refreshes_capital():
    model, month = month_one({"events": [event("leader", side="US", severity=0.8)]})
    model.presidents["US"].spend(1.0)
    perceive_events(model, month)
    assert model.presidents["US"].capital == pytest.approx(0.9)
    assert month.clashes == 0 and month.perceived == {"US": 0.0, "RU": 0.0}
    assert model.events()["event"].tolist() == ["a leader"]


def test_congress_acting_alone_hardens_its_factions_and_is_a_clash():
    model, month = month_one({"events": [event("congress", side="US", severity=0.5)]})
    gain = model.spec.dynamics.hawk_event_gain * 0.5
    hawks = {f.name: f.hawkishness for f in model.factions["US"]}
    duma = model.factions["RU"][0].hawkishness
    perceive_events(model, month)
    for faction in model.factions["US"]:
        assert faction.hawkishness == pytest.approx(min(1.0, hawks[faction.name] + gain))
    assert model.factions["RU"][0].hawkishness == duma
    assert month.clashes == 1 and month.perceived["US"] > 0 and month.perceived["RU"] > 0


def test_recorder_tables_have_named_columns_and_types():
    model = tiny_model().run(months=6)
    ts = model.timeseries()
    assert list(ts.columns) == timeseries_columns(("US", "RU"))
    assert ts["month"].tolist() == list(range(7)) and ts["date"].iloc[-1] == "2000-07"
    assert ts["us_president"].iloc[0] == "Alpha" and ts["ru_capital"].dtype == float
    log = model.decision_log()
    assert list(log.columns) == LOG_COLUMNS and log["core"].dtype == bool
    assert (log["votes_yes"] >= -1).all() and log["votes_yes"].dtype == np.int64
    actors = model.actors()
    assert len(actors) == 7 * len(model.roster)
    first = actors[actors.month == 0]
    assert first["actor"].tolist() == [a.name for a in model.roster]
    assert first["stance"].tolist() == pytest.approx([a.stance for a in model.roster], abs=1)
    assert first["family"].tolist()[:4] == [
        "president",
        "bureaucracy",
        "bureaucracy",
        "legislature",
    ]
    assert list(model.events().columns) == [
        "month", "date", "origin", "side", "actor", "kind", "direction", "severity", "event",
        "responds_to",
    ]  # fmt: skip
    assert "delivered_share" in model.deliveries().columns
    assert list(model.resets().columns) == RESET_COLUMNS


def test_an_empty_decision_log_keeps_its_column_types():
    model = tiny_model({"presidents.US.capital": 0.0, "presidents.RU.capital": 0.0})
    log = model.run(months=2).decision_log()
    assert log.empty and list(log.columns) == LOG_COLUMNS
    assert log["core"].dtype == bool and log["votes_no"].dtype == int


def test_metadata_of_a_seed_sequence_run():
    model = tiny_model(seed=np.random.SeedSequence(5).spawn(2)[1]).run(months=3)
    meta = model.metadata()
    assert meta["seed"] == {"entropy": 5, "spawn_key": [1]}
    assert meta["scenario"] == "tiny" and meta["months"] == 3


def test_reset_episodes_default_window_is_six_months():
    r = [-0.5] * 8 + [-0.6] + [-0.4] * 5 + [-0.1, 0.1, 0.2]
    phases = ["crisis"] * 14 + ["reset"] * 3
    default = reset_episodes(r, phases)
    assert default.iloc[0].pre_level == pytest.approx(-0.6)  # month 8 is 6 months before the start
    assert reset_episodes(r, phases, trend_months=6).equals(default)
    assert reset_episodes(r, phases, trend_months=5).iloc[0].pre_level == pytest.approx(-0.4)
    assert isinstance(reset_episodes(r, phases), pd.DataFrame)


def test_actors_table_holds_each_months_names_and_stances_exactly():
    model = tiny_model()
    seen = [([a.name for a in model.roster], [a.stance for a in model.roster])]
    for month in range(1, 6):
        if month == 3:  # a new name in a seat from month 3: a new run of names
            model.presidents["US"].name = "Gamma"
        model.step()
        seen.append(([a.name for a in model.roster], [a.stance for a in model.roster]))
    actors = model.actors()
    assert actors["actor"].tolist() == [name for names, _ in seen for name in names]
    assert actors["stance"].tolist() == [x for _, stances in seen for x in stances]
    assert actors["stance"].to_numpy().flags.writeable
    model.step()  # the table is a copy: the run goes on and records further months
    assert len(model.actors()) == 7 * len(model.roster)


def test_the_tables_as_columns_hold_the_frames_arrays_and_empty_tables_stay_frames():
    model = tiny_model({"events": [event("deal", severity=0.4)]}).run(months=6)
    framed, columns = model.tables(), model.tables(columnar=True)
    assert list(framed) == ["timeseries", "actors", "log", "resets", "events"]
    assert list(columns) == list(framed) and list(model.tables(actors=False)) == [
        "timeseries", "log", "resets", "events"
    ]  # fmt: skip
    for name, frame in framed.items():
        given = columns[name]
        if frame.empty:  # no rows: a frame either way, its columns typed
            assert isinstance(given, pd.DataFrame) and given.dtypes.equals(frame.dtypes), name
            continue
        assert isinstance(given, dict) and list(given) == list(frame.columns), name
        pd.testing.assert_frame_equal(decoded(given), frame)
    text = columns["timeseries"]["phase"]
    assert text.dtype == object and text.tolist() == framed["timeseries"]["phase"].tolist()
    assert str(columns["events"]["responds_to"].dtype) == "Int64"


def test_reset_columns_are_the_columns_of_reset_episodes():
    r = [-0.5] * 3 + [-0.1, 0.2, 0.3, 0.1]
    phases = ["crisis"] * 3 + ["reset"] * 4
    columns = reset_columns(r, phases, trend_months=3)
    assert list(columns) == RESET_COLUMNS and columns["start_month"].tolist() == [3]
    pd.testing.assert_frame_equal(pd.DataFrame(columns), reset_episodes(r, phases, trend_months=3))
    assert reset_columns([0.0], ["crisis"])["ended"].dtype == bool  # no episode: typed columns
