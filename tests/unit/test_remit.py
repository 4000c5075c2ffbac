"""Known answers for where an actor sits, issue by issue: remit, trade interest, constituency.

Each test calls the rule the model runs (``Actor.exposure`` through ``Actor.react_to_clash``,
``Actor.welcome``, ``Actor.bargain`` and ``Actor.yield_to``; ``Actor.trade_interest``;
``Faction.feel``; the events stage's ``chance_issue`` and ``perceive_events``) on the tiny
scenario.
"""

from __future__ import annotations

import copy

import pytest
from _tiny import TINY, tiny_model

from resetsim.agents.base import CLASH_HAWK_BASE
from resetsim.model import ResetModel
from resetsim.model.month import MonthState
from resetsim.model.stages.events import chance_issue, perceive_events
from resetsim.scenario import ScenarioError
from resetsim.scenario.loader import validate_data

ARMS, SANCTIONS = "arms-control", "sanctions"
HAWK = (CLASH_HAWK_BASE + 0.5) / (CLASH_HAWK_BASE + 1.0)  # clash factor at hawkishness 0.5


def remit_model(**structure) -> ResetModel:
    """The tiny scenario with remits, a trade interest and an elite faction without voters."""
    data = copy.deepcopy(TINY)
    data["structure"] = {**data["structure"], **structure}
    state, mfa = data["bureaucracies"][0], data["bureaucracies"][2]
    state["remit"] = {ARMS: 2.0, SANCTIONS: 0.25}
    state["issues"] = {ARMS: 0.3}
    mfa["remit"] = {SANCTIONS: 0.0}
    mfa["commerce"] = {SANCTIONS: 1.5}
    data["factions"][1]["constituency"] = 0.0
    return ResetModel(validate_data(data), seed=0)


@pytest.fixture
def model():
    return remit_model()


def test_exposure_is_the_remit_on_an_issue_and_one_elsewhere(model):
    state = model.agency["State"]
    assert state.exposure(ARMS) == 2.0 and state.exposure(SANCTIONS) == 0.25
    assert state.exposure("enlargement") == 1.0  # not named: as with one stance
    assert state.exposure("") == 1.0  # business without an issue moves it fully
    assert model.agency["Defense"].exposure(ARMS) == 1.0  # no remit at all


def test_a_clash_on_an_issue_cools_by_the_remit_in_it(model):
    state = model.agency["State"]
    state.stance, state.hawkishness = 0.0, 0.5
    state.react_to_clash(seen=1.0, impact=0.3, issue=ARMS)  # offset +0.3, remit 2
    assert state.stance == pytest.approx(-0.3 * HAWK * 0.7 * 2.0)
    state.stance = 0.0
    state.react_to_clash(seen=1.0, impact=0.3, issue=SANCTIONS)  # no offset, remit 0.25
    assert state.stance == pytest.approx(-0.3 * HAWK * 0.25)
    state.stance = 0.0
    state.react_to_clash(seen=1.0, impact=0.3)  # no issue: the one-stance rule
    assert state.stance == pytest.approx(-0.3 * HAWK)


def test_a_gesture_on_an_issue_warms_by_the_remit_in_it(model):
    state = model.agency["State"]
    state.stance, state.hawkishness = 0.0, 0.5
    state.welcome(0.2, ARMS)
    assert state.stance == pytest.approx(0.2 * 0.5 * 1.3 * 2.0)
    state.stance = 0.0
    state.welcome(0.2, SANCTIONS)
    assert state.stance == pytest.approx(0.2 * 0.5 * 0.25)


def test_bargaining_on_an_issue_pulls_by_the_remit_and_home_is_unscaled(model):
    state = model.agency["State"]
    state.stance, state.anchor, state.inertia = 0.1, 0.2, 0.5
    state.bargain(mean=0.0, pull=0.1, home=0.05, issue=ARMS)
    expected = 0.1 + 0.1 * 2.0 * 0.5 * (0.0 - 0.4) + 0.05 * (0.2 - 0.1)  # 0.065
    assert state.stance == pytest.approx(expected)
    state.stance = 0.1
    state.bargain(mean=0.0, pull=0.1, home=0.05, issue=SANCTIONS)
    assert state.stance == pytest.approx(0.1 + 0.1 * 0.25 * 0.5 * -0.1 + 0.05 * 0.1)


def test_persuasion_on_an_issue_moves_by_the_remit_in_it(model):
    alpha, state = model.presidents["US"], model.agency["State"]
    alpha.stance, alpha.reputation, alpha.prestige = 0.5, 0.6, 0.4  # persuasiveness 0.5
    state.stance, state.inertia = -0.4, 0.5
    shift = alpha.persuade(state, rate=0.2, issue=SANCTIONS)
    assert shift == pytest.approx(0.2 * 0.5 * 0.25 * 0.5 * (0.5 - (-0.4)))
    state.stance = -0.4
    shift = alpha.persuade(state, rate=0.2, issue=ARMS)  # his offset 0, State's +0.3
    assert shift == pytest.approx(0.2 * 0.5 * 2.0 * 0.5 * (0.5 - (-0.4 + 0.3)))


def test_trade_at_risk_warms_a_commercial_actor(model):
    mfa = model.agency["MFA"]
    assert mfa.trade_interest(SANCTIONS) == 1.5
    assert mfa.trade_interest(ARMS) == mfa.trade_interest("") == 0.0
    mfa.stance, mfa.hawkishness = 0.0, 0.5
    mfa.react_to_clash(seen=0.8, impact=0.25, issue=SANCTIONS)  # remit 0: no cooling
    assert mfa.stance == pytest.approx(0.25 * 0.8 * 1.5)  # it lobbies to restore trade
    mfa.stance, mfa.remit = 0.0, {}
    mfa.react_to_clash(seen=0.8, impact=0.25, issue=SANCTIONS)  # remit 1: both at once
    assert mfa.stance == pytest.approx(0.25 * 0.8 * (1.5 - HAWK))
    mfa.stance = 0.0
    mfa.react_to_clash(seen=0.8, impact=0.25, issue=ARMS)  # no trade at risk
    assert mfa.stance == pytest.approx(-0.25 * 0.8 * HAWK)


def test_a_faction_feels_its_public_by_its_constituency(model):
    doves, hawks = model.factions["US"]
    assert doves.constituency == 1.0 and hawks.constituency == 0.0
    doves.stance, hawks.stance = 0.0, 0.0
    doves.feel(public_stance=0.5, pressure=0.1)
    hawks.feel(public_stance=0.5, pressure=0.1)
    assert doves.stance == pytest.approx(0.05)
    assert hawks.stance == 0.0  # an elite group without voters
    doves.constituency = 2.0
    doves.feel(public_stance=0.55, pressure=0.1)
    assert doves.stance == pytest.approx(0.05 + 0.2 * 0.5)


def test_chance_issue_draws_nothing_without_clash_issues():
    model = tiny_model()
    before = model.rng.bit_generator.state
    assert chance_issue(model) == ""
    assert model.rng.bit_generator.state == before


def test_chance_issue_draws_each_listed_issue():
    model = remit_model(clash_issues=[ARMS, SANCTIONS])
    drawn = {chance_issue(model) for _ in range(60)}
    assert drawn == {ARMS, SANCTIONS}


def test_chance_clashes_fall_on_their_issue_and_hit_by_the_remit():
    model = remit_model(clash_rate=5.0, clash_issues=[SANCTIONS])
    mfa, (duma,) = model.agency["MFA"], model.factions["RU"]
    mfa.hawkishness = 1.0  # remit 0 on sanctions: no cooling, only its trade interest
    before_mfa, before_duma = mfa.stance, duma.stance
    perceive_events(model, MonthState.begin(model.sides))
    clashes = model.events()
    assert len(clashes) > 0
    assert set(clashes["event"]) == {"an interest clash over sanctions"}
    assert mfa.stance > before_mfa  # trade at risk, no remit: it warms
    assert duma.stance < before_duma  # remit 1 on sanctions: it cools


def test_without_remit_a_scenario_bargains_over_one_stance():
    assert not tiny_model().by_issue
    data = copy.deepcopy(TINY)
    data["bureaucracies"][0]["remit"] = {ARMS: 0.5}
    assert ResetModel(validate_data(data), seed=0).by_issue


@pytest.mark.parametrize(
    ("roster", "field", "value"),
    [
        ("bureaucracies", "remit", {ARMS: -0.5}),
        ("bureaucracies", "remit", {ARMS: 4.0}),
        ("factions", "remit", {"Arms Control": 1.0}),
        ("bureaucracies", "commerce", {SANCTIONS: -1.0}),
        ("factions", "constituency", -0.1),
    ],
)
def test_bad_remit_data_is_a_clear_error(roster, field, value):
    data = copy.deepcopy(TINY)
    data[roster][0][field] = value
    with pytest.raises(ScenarioError) as err:
        validate_data(data)
    assert field in str(err.value)


def test_bad_clash_issue_is_a_clear_error():
    data = copy.deepcopy(TINY)
    data["structure"]["clash_issues"] = ["Arms Control"]
    with pytest.raises(ScenarioError) as err:
        validate_data(data)
    assert "clash_issues" in str(err.value)


def test_a_scheduled_clash_on_an_issue_hits_by_the_remit():
    data = copy.deepcopy(TINY)  # the tiny scenario schedules no events: add two
    data["bureaucracies"][0]["remit"] = {SANCTIONS: 0.0}
    data["events"] = [
        {"date": "2000-02", "kind": "clash", "label": "a sanctions row", "issue": SANCTIONS},
        {"date": "2000-03", "kind": "clash", "label": "a row", "severity": 0.5},
    ]
    model = ResetModel(validate_data(data), seed=0)
    state, defense = model.agency["State"], model.agency["Defense"]
    before_state, before_defense = state.stance, defense.stance
    model.month = 1
    perceive_events(model, MonthState.begin(model.sides))
    assert state.stance == before_state  # outside its remit
    assert defense.stance < before_defense  # remit 1
    model.month = 2
    perceive_events(model, MonthState.begin(model.sides))
    assert state.stance < before_state  # no issue: every actor is hit
