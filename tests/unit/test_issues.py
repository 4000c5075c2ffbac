"""Known answers for stances by issue, the pen and a president moved by his government.

Each test calls the rule the model runs (``Actor.stance_on``, ``Actor.weight_on``,
``Actor.bargain``, ``Actor.yield_to``, ``President.persuade``, ``President.heed``,
``Bureaucracy.voice``, and the stage ``pull_and_haul`` with its helpers) on the tiny
scenario with issue offsets added.
"""

from __future__ import annotations

import copy

import pytest
from _tiny import TINY

from resetsim.agents.base import CLASH_HAWK_BASE
from resetsim.agents.bureaucracy import REMIT_WEIGHT
from resetsim.model import ResetModel
from resetsim.model.month import MonthState
from resetsim.model.proposals import Deal
from resetsim.model.stages import pull_and_haul
from resetsim.model.stages.bargaining import government_mean, issue_in_hand
from resetsim.scenario import ScenarioError
from resetsim.scenario.loader import validate_data

ARMS = "arms-control"


def issue_model(**dynamics) -> ResetModel:
    """The tiny scenario with issue offsets, a pen and an arms-control treaty."""
    data = copy.deepcopy(TINY)
    data["dynamics"] = {**data["dynamics"], **dynamics}
    data["presidents"][0]["issues"] = {ARMS: 0.1}
    state, defense = data["bureaucracies"][0], data["bureaucracies"][1]
    state["issues"] = {ARMS: 0.3, "enlargement": -0.5}
    state["pen"] = [ARMS]
    defense["issues"] = {ARMS: -0.2}
    data["factions"][1]["issues"] = {ARMS: 0.5}
    data["proposals"][0]["issue"] = ARMS
    return ResetModel(validate_data(data), seed=0)


@pytest.fixture
def model():
    return issue_model()


def test_stance_on_an_issue_adds_its_offset_and_stays_in_range(model):
    state = model.agency["State"]  # stance 0.2 - 0.3 * 0.5 * 0.8 = 0.08 after the gap
    assert state.stance_on(ARMS) == pytest.approx(state.stance + 0.3)
    assert state.stance_on("enlargement") == pytest.approx(state.stance - 0.5)
    assert state.stance_on("sanctions") == state.stance_on("") == state.stance
    state.stance = 0.9
    assert state.stance_on(ARMS) == 1.0
    state.stance = -0.8
    assert state.stance_on("enlargement") == -1.0


def test_the_pen_holder_weighs_pen_weight_times_on_its_issue(model):
    state = model.agency["State"]
    assert state.pen_weight == model.spec.dynamics.pen_weight == 2.0
    assert state.weight_on(ARMS) == pytest.approx(2.0 * state.weight)
    assert state.weight_on("enlargement") == state.weight_on("") == state.weight
    assert model.agency["Defense"].weight_on(ARMS) == model.agency["Defense"].weight


def test_support_and_voice_use_the_proposal_s_issue(model):
    treaty = model.proposals[0].spec
    state = model.agency["State"]
    assert state.support_for(treaty, 0.4) == pytest.approx(state.stance + 0.3)
    weight, support = state.voice(treaty, 0.4)
    assert weight == pytest.approx(REMIT_WEIGHT * 2.0 * state.weight)
    assert support == pytest.approx(state.stance + 0.3)
    act = model.proposals[1].spec  # no issue: the one stance
    assert model.agency["Defense"].support_for(act, 0.4) == model.agency["Defense"].stance


def test_the_executive_score_moves_by_the_issue_offsets(model):
    alpha, agencies = model.presidents["US"], model.bureaucracies["US"]
    treaty = model.proposals[0].spec
    score, _, _ = alpha.executive_score(treaty, agencies, 0.4)
    plain, _, _ = alpha.executive_score(treaty.model_copy(update={"issue": ""}), agencies, 0.4)
    state, defense = model.agency["State"], model.agency["Defense"]
    w_p, w_s, w_d = alpha.weight, REMIT_WEIGHT * 2.0 * state.weight, defense.weight
    mean = (w_p * (alpha.stance + 0.1) + w_s * (state.stance + 0.3)
            + w_d * (defense.stance - 0.2)) / (w_p + w_s + w_d)  # fmt: skip
    assert alpha.command_share == 0.0
    assert score == pytest.approx(mean)
    assert score != pytest.approx(plain)


def test_bargain_on_an_issue_pulls_the_issue_stance_and_returns_the_stance_home(model):
    state = model.agency["State"]
    state.stance, state.anchor, state.inertia = 0.1, 0.2, 0.5
    state.bargain(mean=0.0, pull=0.1, home=0.05, issue=ARMS)
    expected = 0.1 + 0.1 * 0.5 * (0.0 - 0.4) + 0.05 * (0.2 - 0.1)  # 0.085
    assert state.stance == pytest.approx(expected)
    state.stance = 0.1
    state.bargain(mean=0.0, pull=0.1, home=0.05)  # no issue: 0.1.0's rule
    assert state.stance == pytest.approx(0.1 + 0.1 * 0.5 * -0.1 + 0.05 * 0.1)


def test_persuasion_on_an_issue_aims_at_his_issue_stance(model):
    alpha, defense = model.presidents["US"], model.agency["Defense"]
    alpha.stance, alpha.reputation, alpha.prestige = 0.5, 0.6, 0.4  # persuasiveness 0.5
    defense.stance, defense.inertia = -0.4, 0.5
    shift = alpha.persuade(defense, rate=0.2, issue=ARMS)
    assert shift == pytest.approx(0.2 * 0.5 * 0.5 * ((0.5 + 0.1) - (-0.4 - 0.2)))  # 0.06
    assert defense.stance == pytest.approx(-0.34)
    assert alpha.persuade(defense, rate=0.2) == pytest.approx(0.2 * 0.5 * 0.5 * (0.5 + 0.34))


def test_heed_moves_the_president_towards_his_government(model):
    alpha = model.presidents["US"]
    alpha.stance = 0.6
    alpha.heed(mean=0.2, pull=0.25, issue=ARMS)
    assert alpha.stance == pytest.approx(0.6 + 0.25 * (0.2 - 0.7))  # 0.475
    alpha.heed(mean=0.2, pull=0.0)
    assert alpha.stance == pytest.approx(0.475)


def test_government_mean_on_an_issue_known_answer(model):
    gov = model.government("US")
    alpha, state, defense, doves, hawks = gov
    assert government_mean(alpha, gov[1:]) == pytest.approx(
        sum(a.weight * a.stance for a in gov) / sum(a.weight for a in gov)
    )
    offsets = {alpha: 0.1, state: 0.3, defense: -0.2, doves: 0.0, hawks: 0.5}
    weights = {a: a.weight * (2.0 if a is state else 1.0) for a in gov}
    expected = sum(weights[a] * max(-1.0, min(1.0, a.stance + offsets[a])) for a in gov)
    assert government_mean(alpha, gov[1:], ARMS) == pytest.approx(expected / sum(weights.values()))


def test_issue_in_hand_answered_then_agenda_then_latest_deal(model):
    month = MonthState.begin(model.sides)
    assert model.by_issue
    assert issue_in_hand(model, "US", month) == ARMS  # the treaty is first on his list
    month.answered.append(("US", model.proposals[1]))
    assert issue_in_hand(model, "US", month) == ""
    month.answered.clear()
    for state in model.proposals:
        state.done = True
    assert issue_in_hand(model, "US", month) == ""
    model.deals.append(Deal(spec=model.proposals[0].spec, start=0, progress={}))
    assert issue_in_hand(model, "US", month) == ARMS


def test_pull_and_haul_bargains_over_the_issue_in_hand_and_moves_the_president():
    model = issue_model(persuasion_rate=0.0, president_pull=0.2)
    dyn = model.spec.dynamics
    gov = model.government("US")
    alpha, defense = gov[0], model.agency["Defense"]
    mean = government_mean(gov[0], gov[1:], ARMS)
    x, p = defense.stance, alpha.stance
    pull_and_haul(model, MonthState.begin(model.sides))
    expected = x + dyn.influence_rate * (1 - defense.inertia) * (mean - (x - 0.2))
    expected += dyn.anchor_rate * (defense.anchor - x)
    assert defense.stance == pytest.approx(expected)
    p += 0.5 * dyn.anchor_rate * (alpha.anchor - p)  # back to his anchor, then heed
    assert alpha.stance == pytest.approx(p + 0.2 * (mean - (p + 0.1)))


def test_without_issues_and_pull_the_president_is_unmoved_by_his_government():
    model = issue_model(persuasion_rate=0.0, anchor_rate=0.0)
    alpha = model.presidents["US"]
    before = alpha.stance
    pull_and_haul(model, MonthState.begin(model.sides))
    assert alpha.stance == before


def test_a_new_leader_brings_his_own_issue_offsets(model):
    alpha = model.presidents["US"]
    kwargs = dict(capital=0.7, reputation=0.5, prestige=0.6, command_share=None,
                  hawkishness=None, term_end=None)  # fmt: skip
    alpha.replace(name="Gamma", stance=0.0, **kwargs)
    assert alpha.issues == {ARMS: 0.1}  # none given: the seat keeps them
    alpha.replace(name="Delta", stance=0.0, issues={"sanctions": -0.3}, **kwargs)
    assert alpha.stance_on(ARMS) == 0.0 and alpha.stance_on("sanctions") == -0.3


def test_scenarios_without_issues_bargain_over_one_stance():
    assert not ResetModel(validate_data(TINY), seed=0).by_issue


@pytest.mark.parametrize(
    ("where", "value", "says"),
    [
        (("bureaucracies", 0, "issues"), {"Arms Control": 0.2}, "issues"),
        (("bureaucracies", 0, "issues"), {ARMS: 1.5}, "issues"),
        (("bureaucracies", 0, "pen"), ["arms control"], "pen"),
        (("proposals", 0, "issue"), "Arms", "issue"),
    ],
)
def test_bad_issue_data_is_a_clear_error(where, value, says):
    data = copy.deepcopy(TINY)
    roster, index, field = where
    data[roster][index][field] = value
    with pytest.raises(ScenarioError) as err:
        validate_data(data)
    assert says in str(err.value)


def test_the_other_president_answers_by_his_stance_on_the_issue(model):
    beta = model.presidents["RU"]
    treaty = model.proposals[0].spec
    assert beta.support(False, ARMS) == beta.stance  # no offset of his own
    beta.issues = {ARMS: -0.6}
    assert beta.support(False, ARMS) == pytest.approx(beta.stance - 0.6)
    assert beta.support(False) == beta.stance
    assert beta.support_for(treaty, 0.4) == pytest.approx(beta.stance - 0.6)


def test_a_move_on_an_issue_hits_by_the_stake_in_it(model):
    state, defense = model.agency["State"], model.agency["Defense"]
    for actor in (state, defense):
        actor.stance, actor.hawkishness = 0.0, 0.5
    state.react_to_clash(seen=1.0, impact=0.3, issue=ARMS)  # stake +0.3: 0.7 times
    defense.react_to_clash(seen=1.0, impact=0.3, issue=ARMS)  # stake -0.2: 1.2 times
    hawk = (CLASH_HAWK_BASE + 0.5) / (CLASH_HAWK_BASE + 1.0)
    assert state.stance == pytest.approx(-0.3 * hawk * 0.7)
    assert defense.stance == pytest.approx(-0.3 * hawk * 1.2)
    state.stance = 0.0
    state.react_to_clash(seen=1.0, impact=0.3, issue="sanctions")  # no stake: as before
    assert state.stance == pytest.approx(-0.3 * hawk)
    state.stance = 0.0
    state.welcome(0.2, ARMS)
    assert state.stance == pytest.approx(0.2 * 0.5 * 1.3)
    assert state.stake("enlargement") == -0.5 and state.stake("sanctions") == 0.0
