"""The dashboard session, scoreboard, presets and two-level view, without a browser."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import resetsim
from resetsim.runner import simulate
from resetsim.viz.dashboard_model import DEFAULT_SCENARIO, KNOBS, knob_overrides, knob_values
from resetsim.viz.dashboard_presets import PRESETS, SCENARIO_VALUES, apply_preset
from resetsim.viz.dashboard_session import MAX_GHOSTS, DashboardSession, describe_setting
from resetsim.viz.ratification import ratification_rows
from resetsim.viz.scoreboard import run_scores, seed_spread, spread_summary

OTHER = "trump-2017"


def _same(a: dict, b: dict) -> bool:
    """Equal dicts, NaN equal to NaN."""
    return set(a) == set(b) and pd.Series(a, dtype=object)[list(b)].equals(
        pd.Series(b, dtype=object)
    )


@pytest.fixture
def session() -> DashboardSession:
    return DashboardSession()


def test_pick_accepts_only_library_names(session: DashboardSession, tmp_path) -> None:
    path = tmp_path / "x.toml"
    path.write_text('name = "x"\n')
    for value in (str(path), "../scenarios/obama-2009", "OBAMA-2009", None, 3):
        assert session.pick(value) is False
        assert "is not a scenario of the library" in session.error
        assert session.model.spec.name == DEFAULT_SCENARIO
    assert session.refused == 5
    assert session.pick(OTHER) is True
    assert session.error == ""
    assert session.model.spec.content_hash == resetsim.load_scenario(OTHER).content_hash


def test_reset_follows_the_picker_and_keeps_the_run_it_replaces(
    session: DashboardSession,
) -> None:
    for _ in range(3):
        session.step()
    session.pick(OTHER)
    assert len(session.runs) == 1 and session.runs[0].scenario == DEFAULT_SCENARIO
    for _ in range(5):
        session.step()
    session.reset()
    assert session.model.spec.name == OTHER and session.model.month == 0
    assert [r.scenario for r in session.runs] == [DEFAULT_SCENARIO, OTHER]
    kept = session.runs[-1]
    direct = resetsim.ResetModel(resetsim.load_scenario(OTHER), seed=0)
    direct.run(5)
    ts = direct.timeseries()
    np.testing.assert_allclose(kept.relationship, ts["relationship"].to_numpy())
    assert _same(kept.scores, run_scores(ts, direct.decision_log(), direct.resets()))
    # a run that never stepped is not kept
    session.reset()
    assert len(session.runs) == 2
    # ghosts: earlier runs that start in the same month as the run on screen
    assert [g.scenario for g in session.ghosts()] == [OTHER]


def test_finished_run_then_pick_runs_again(session: DashboardSession) -> None:
    session.pick("teaching-neustadt")
    while session.step():
        pass
    assert session.finished and session.model.month == session.model.spec.months - 1
    assert session.step() is False
    session.pick(DEFAULT_SCENARIO)
    assert not session.finished
    assert session.step() is True


def test_changed_until_reset(session: DashboardSession) -> None:
    assert not session.changed()
    session.set_knob("capital", 0.2)
    assert session.changed()
    session.reset()
    assert not session.changed()
    assert session.model.spec.presidents[0].capital == pytest.approx(0.2)
    session.set_seed(7)
    assert session.changed()
    session.reset()
    assert session.model.seed == 7 and not session.changed()
    with pytest.raises(KeyError):
        session.set_knob("charisma", 1.0)


def test_presets_set_their_knobs_from_the_scenarios() -> None:
    base = resetsim.load_scenario(DEFAULT_SCENARIO)
    own = knob_values(base)
    weak = apply_preset("weak persuader", base, own)
    assert {k: weak[k] for k in ("capital", "reputation", "prestige")} == {
        "capital": 0.3,
        "reputation": 0.3,
        "prestige": 0.3,
    }
    china = resetsim.load_scenario("china-absorber").structure.trade_share
    assert apply_preset("China-scale trade", base, own)["trade_share"] == pytest.approx(china)
    shared = resetsim.load_scenario("shared-worldview").structure.worldview_gap
    assert apply_preset("shared worldview", base, own)["worldview_gap"] == pytest.approx(shared)
    command = next(
        p.command_share
        for p in resetsim.load_scenario("command-presidency").presidents
        if p.side == "US"
    )
    assert apply_preset("Putin's command share", base, own)["command_share"] == command
    # presets combine, and "scenario's own values" undoes them
    both = apply_preset("China-scale trade", base, weak)
    assert both["capital"] == 0.3 and both["trade_share"] == pytest.approx(china)
    assert apply_preset(SCENARIO_VALUES, base, both) == own
    with pytest.raises(KeyError, match="unknown preset"):
        apply_preset("charismatic", base, own)
    assert set(PRESETS) >= {"weak persuader", "strong persuader", "China-scale trade"}
    assert describe_setting(base, own) == "as shipped"
    assert describe_setting(base, weak).startswith("political capital 0.3")


def test_scores_known_answer() -> None:
    ts = pd.DataFrame(
        {
            "month": range(6),
            "date": [f"2009-0{i + 1}" for i in range(6)],
            "relationship": [-0.3, 0.2, 0.3, -0.1, -0.5, -0.6],
            "baseline": [0.0] * 6,
            "phase": ["crisis", "reset", "euphoria", "realism", "crisis", "crisis"],
            "promised": [0, 0.1, 0.2, 0.2, 0, 0],
            "delivered": [0, 0.05, 0.1, 0.15, 0, 0],
        }
    )
    log = pd.DataFrame(
        {
            "outcome": ["tabled", "ratified", "blocked", "blocked", "rejected"],
            "blocked_by": ["", "", "Hawks", "Hawks", "Medvedev"],
        }
    )
    resets = pd.DataFrame({"start_month": [1], "months_survived": [2]})
    scores = run_scores(ts, log, resets)
    assert scores == {
        "ratified": 1,
        "blocked": 3,
        "blocked_by": "Hawks 2, Medvedev 1",
        "delivered_share": pytest.approx(0.3 / 0.5),
        "months_above_baseline": 2,
        "months_above_pre_reset": 2,
        "first_crisis": "2009-05",  # starting in a crisis does not count
        "first_crisis_month": 4.0,
    }


def test_seed_spread_is_the_run_function_over_seeds() -> None:
    base = resetsim.load_scenario(DEFAULT_SCENARIO)
    overrides = knob_overrides(base, {"capital": 0.95})
    spread = seed_spread(base, overrides, seeds=(0, 3))
    result = simulate(base, seed=3, overrides=overrides, actors=False)
    expected = run_scores(result.timeseries, result.log, result.resets)
    row = spread.set_index("seed").loc[3].to_dict()
    assert _same(row, expected)
    summary = spread_summary(spread)
    assert summary.loc["ratified", "runs"] == 2
    assert summary.loc["ratified", "p10"] <= summary.loc["ratified", "median"]


def test_session_spread_keeps_the_setting_before(session: DashboardSession) -> None:
    first = session.spread()
    session.preset("strong persuader")
    second = session.spread()
    assert [s.label for s in session.spreads] == [first.label, second.label]
    assert "as shipped" in first.label and "0.95" in second.label
    assert len(second.runs) == 20
    session.spread()
    assert len(session.spreads) == 2


def test_ghosts_are_capped(session: DashboardSession) -> None:
    for _ in range(MAX_GHOSTS + 2):
        session.step()
        session.reset()
    assert len(session.ghosts()) == MAX_GHOSTS
    assert [g.number for g in session.ghosts()] == sorted(g.number for g in session.ghosts())


def test_ratification_rows_put_both_legislatures_side_by_side() -> None:
    model = resetsim.ResetModel(resetsim.load_scenario(DEFAULT_SCENARIO), seed=0)
    model.run()
    log = model.decision_log()
    rows = ratification_rows(log, model.spec)
    votes = log[(log["votes_yes"] >= 0) & log["outcome"].isin(["ratified", "blocked"])]
    assert len(votes), "obama-2009 seed 0 held no roll call"
    for r in votes.itertuples():
        topic = next(p.topic for p in model.spec.proposals if p.id == r.proposal)
        row = next(row for row in rows if row["proposal"].startswith(topic))
        title = "United States" if r.side == "US" else "Russia"
        column = next(c for c in row if c.startswith(title))
        assert f"{r.votes_yes}-{r.votes_no}" in row[column]
        if r.blocked_by:
            assert f"most votes against: {r.blocked_by}" in row[column]


def test_playing_skips_months_only_when_drawing_is_slow() -> None:
    from resetsim.viz.dashboard import MAX_SKIP, PLAY_INTERVAL_S, months_per_frame

    assert months_per_frame(0.01) == 1
    assert months_per_frame(PLAY_INTERVAL_S * 3.5) == 3
    assert months_per_frame(60.0) == MAX_SKIP


def test_every_knob_is_in_the_session() -> None:
    assert set(DashboardSession().knobs) == {k.name for k in KNOBS}


def test_dashboard_names_the_declared_sides() -> None:
    """A scenario with other sides (US and Cuba) gets its own names on knobs, panels, tables."""
    from resetsim.viz.dashboard_figures import LeadersFigure, StanceFigure
    from resetsim.viz.dashboard_model import KNOBS, DashboardModel

    path = Path(__file__).resolve().parents[1] / "scenarios" / "data" / "us-cuba-test.toml"
    model = DashboardModel(scenario_name=str(path), seed=0).run(18)
    labels = {k.name: k.label_for(model.spec) for k in KNOBS}
    assert labels["capital"] == "US president: political capital"
    assert labels["ru_capital"] == "Cuban president: political capital"
    rows = ratification_rows(model.decision_log(), model.spec)
    assert rows and all(any(c.startswith("Cuba") for c in row) for row in rows)
    titles = [ax.get_title() for ax in StanceFigure(model).fig.axes]
    assert titles == ["United States", "Cuba"]
    LeadersFigure(model).update(model)  # reads the cu_* columns
    assert model.knobs_now()["ru_capital"] == pytest.approx(
        next(p.capital for p in model.spec.presidents if p.side == "CU")
    )


def test_knob_group_titles_name_the_declared_sides() -> None:
    from resetsim.viz.dashboard_controls import KNOB_GROUPS
    from resetsim.viz.sides import side_words

    path = Path(__file__).resolve().parents[1] / "scenarios" / "data" / "us-cuba-test.toml"
    titles = [t.format(**side_words(resetsim.load_scenario(path))) for t, _ in KNOB_GROUPS]
    assert "Cuba" in titles and not any("Russia" in t for t in titles)
    default = [
        t.format(**side_words(resetsim.load_scenario(DEFAULT_SCENARIO))) for t, _ in KNOB_GROUPS
    ]
    assert "Russia" in default
