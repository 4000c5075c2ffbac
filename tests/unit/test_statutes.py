"""Known answers for statutes a chamber originates and treaties a president may leave.

Each test builds the tiny scenario (US president Alpha at stance 0.6; Senate doves at +1
and hawks at -1, votes without noise) with a ``[[statutes]]`` entry and runs the code the
model runs: :meth:`Chamber.distrust`, :meth:`Chamber.originates`, :func:`legislate`,
:func:`becomes_law`, ``decide`` (aid floors, reviews of relief) and ``keep_or_leave``.
"""

from __future__ import annotations

import copy

import pytest
from _tiny import TINY

from resetsim import load_scenario
from resetsim.model import ResetModel
from resetsim.model.month import MonthState
from resetsim.model.stages import decide, legislate
from resetsim.model.stages.compliance import keep_or_leave
from resetsim.model.stages.statutes import becomes_law, origin_chamber
from resetsim.scenario import ScenarioError
from resetsim.scenario.loader import validate_data


def statute(**fields):
    """A codifying statute of the US Senate, taken up every month it can be (hazard 50)."""
    return {
        "id": "codify", "side": "US", "effect": "codify_sanctions", "name": "review statute",
        "topic": "a codifying statute", "label": "codified the sanctions", "severity": 0.4,
        "base_hazard": 1.0, "distrust_weight": 0.0, "window": 0, "covers": ["act"], **fields,
    }  # fmt: skip


def build(hawks=70, statutes=(), scale=50.0, **tables):
    """The tiny scenario with ``hawks`` of 100 Senate seats and ``statutes``."""
    data = copy.deepcopy(TINY)
    data["factions"][0]["seats"], data["factions"][1]["seats"] = 100 - hawks, hawks
    data["dynamics"]["move_rate_scale"] = scale
    data["statutes"] = list(statutes)
    data.update(tables)
    return ResetModel(validate_data(data), seed=0)


@pytest.mark.parametrize(
    ("hawks", "executive", "relationship", "memory", "expected"),
    [(34, 0.6, 0.0, 0.0, 0.068), (70, 0.6, 0.0, 0.0, 0.14), (70, 0.6, 0.0, 1.0, 0.28),
     (70, 0.6, -1.0, 0.0, 0.28), (70, -1.0, -1.0, 3.0, 0.0), (70, 1.0, 1.0, 0.0, 0.0)],
)  # fmt: skip
def test_distrust_is_the_seat_weighted_gap_times_cold_and_threat(
    hawks, executive, relationship, memory, expected
):
    """gap = hawks/100 * (x - (-1)) / 2 (doves at +1 add nothing while x <= 1);
    distrust = gap * ((1 - r) / 2 + m / (1 + m)) / 2."""
    senate = build(hawks).main_chamber("US")
    assert senate.distrust(executive, relationship, memory) == pytest.approx(expected)


def test_the_hazard_grows_with_distrust_and_the_null_model_draws_nothing():
    model = build(statutes=[statute(base_hazard=0.1, distrust_weight=6.0)], scale=1.0)
    senate, law = model.main_chamber("US"), model.spec.statutes[0]
    assert senate.statute_hazard(law, 0.5, 1.0) == pytest.approx(0.1)
    assert senate.statute_hazard(law, 0.5 + 0.1155, 1.0) == pytest.approx(0.2, rel=1e-3)
    state = model.rng.bit_generator.state
    assert not senate.originates(law, 0.9, 0.0, model.rng, 1)
    assert model.rng.bit_generator.state == state  # scale 0: no draw


def test_a_statute_voted_down_cools_down_and_one_in_force_is_not_taken_up_again():
    model = build(statutes=[statute(cooldown_months=6)])
    senate, law = model.main_chamber("US"), model.spec.statutes[0]
    assert senate.originates(law, 0.1, 50.0, model.rng, 3)  # hazard 50: certain
    state = model.rng.bit_generator.state
    assert not senate.originates(law, 0.1, 50.0, model.rng, 8)  # 5 < 6 months later
    assert model.rng.bit_generator.state == state
    assert senate.originates(law, 0.1, 50.0, model.rng, 9)
    senate.enact(law)
    assert not senate.originates(law, 0.1, 50.0, model.rng, 30) and senate.in_force(law)


@pytest.mark.parametrize(("hawks", "law"), [(70, True), (60, False), (40, False)])
def test_a_statute_becomes_law_over_the_veto_only_with_two_thirds(hawks, law):
    """Hawks vote for it, doves against; Alpha (stance 0.6) vetoes; 67 of 100 override."""
    model = build(hawks, statutes=[statute()])
    law_ = model.spec.statutes[0]
    assert becomes_law(model, origin_chamber(model, law_), law_, 0.2) is law
    log = model.decision_log()
    expected = ["initiated", "adopted", "rejected", "adopted" if law else "blocked"]
    if hawks < 50:
        expected = ["initiated", "blocked"]
    assert list(log.outcome) == expected
    assert log.iloc[0].reason == (
        "Distrusting President Alpha's course towards the RU side (distrust 0.20), the Senate "
        "took up a codifying statute on its own."
    )
    assert (log.iloc[1].votes_yes, log.iloc[1].votes_no) == (hawks, 100 - hawks)


@pytest.mark.parametrize(("kind", "expected"), [("", "codify_sanctions"), ("sanctions-act",) * 2])
def test_an_enacted_statute_is_a_hostile_move_of_the_chamber_the_other_side_may_answer(
    kind, expected
):
    model = build(statutes=[statute(kind=kind)])
    month = MonthState.begin(model.sides)
    legislate(model, month)
    events = model.events()
    row = events.iloc[-1]
    assert (row.origin, row.side, row.actor, row.kind, row.direction) == (
        "actor", "US", "the Senate", expected, "hostile"
    )  # fmt: skip
    assert row.event == "The Senate codified the sanctions" and row.severity == 0.4
    assert month.perceived["RU"] > 0.0 and month.perceived["US"] == 0.0
    assert [p.side for p in model.pending_moves] == ["RU"]
    assert model.move_memory["RU"]["hostile"] > 0.0
    legislate(model, MonthState.begin(model.sides))  # in force: not passed again
    assert len(model.events()) == len(events)


def _deal_through(model):
    """Both executives agree ``act`` now, then the review window (0 months) falls due."""
    state = next(s for s in model.proposals if s.spec.id == "act")
    month = MonthState.begin(model.sides)
    month.answered.append(("US", state))
    decide(model, month)
    model.month += 1
    decide(model, MonthState.begin(model.sides))
    return model.decision_log()


@pytest.mark.parametrize("enacted", [True, False])
def test_codified_sanctions_put_the_relief_they_cover_under_review(enacted):
    model = build(70, statutes=[statute()])
    if enacted:
        senate = model.main_chamber("US")
        senate.enact(model.spec.statutes[0])
    log = _deal_through(model)
    disapproval = log[log.proposal == "act-disapproval"]
    if not enacted:
        assert disapproval.empty and model.deals
        return
    assert list(disapproval.outcome) == ["ratified", "rejected", "ratified"]  # veto overridden
    last = log[log.proposal == "act"].iloc[-1]
    assert last.outcome == "reversed" and "Under the review statute" in last.reason
    assert not model.deals and not model.held


def test_an_aid_floor_stops_the_proposal_that_would_lower_it_before_the_executive_decides():
    floor = statute(id="floor", effect="aid_floor", name="aid floor statute")
    model = build(70, statutes=[floor])
    model.main_chamber("US").enact(model.spec.statutes[0])
    log = _deal_through(model)
    rows = log[log.proposal == "act"]
    assert list(rows.outcome) == ["blocked"] and rows.iloc[0].blocked_by == "the Senate"
    assert "the aid floor statute, enacted by the Senate" in rows.iloc[0].reason
    assert not model.deals and not model.held


def test_an_aid_floor_without_covers_reaches_only_core_cuts_in_money():
    from resetsim.agents.chamber import Chamber

    model = build(statutes=[statute(effect="aid_floor", covers=[])])
    law = model.spec.statutes[0]
    spec = next(s.spec for s in model.proposals if s.spec.id == "act")
    cut = spec.model_copy(update={"core": True, "concedes": "US", "instrument": "appropriation"})
    assert Chamber.covers(law, cut)
    assert not Chamber.covers(law, cut.model_copy(update={"instrument": "executive"}))
    assert not Chamber.covers(law, cut.model_copy(update={"core": False}))


def _treaty_model(own, general):
    treaty = {"id": "pact", "topic": "a pact", "instrument": "treaty", "initiator": "both",
              "agencies": ["Defense", "MFA"], "benefit": 0.05, "in_force": True,
              "withdrawal_rate": own}  # fmt: skip
    model = build(proposals=[*TINY["proposals"], treaty])
    model = ResetModel(model.spec.with_overrides({"dynamics.withdrawal_rate": general}), seed=0)
    model.relationship = -1.0
    for side in model.sides:
        model.move_memory[side]["hostile"] = 1e6  # the other side read as not complying
    return model


@pytest.mark.parametrize(
    ("own", "general", "left"),
    [(1.0, 0.0, True), (0.0, 1.0, False), (None, 1.0, True), (None, 0.0, False)],
)
def test_a_treaty_in_force_is_left_at_its_own_withdrawal_rate(own, general, left):
    """strain = (1 - 0) + 1 = 2 > value, so at rate 1 the chance is 1; at rate 0 it is 0."""
    model = _treaty_model(own, general)
    keep_or_leave(model, MonthState.begin(model.sides))
    rows = model.decision_log()
    assert (list(rows.outcome) == ["withdrawn"]) is left
    assert bool(model.in_force) is not left


@pytest.mark.parametrize(
    ("entry", "allowed"),
    [({"chamber": "House"}, "allowed: the Senate"),
     ({"review_chambers": ["House"]}, "allowed: the Senate"),
     ({"covers": ["nope"]}, "allowed: act, treaty"),
     ({"side": "XX"}, 'must be one of "US", "RU"')],
)  # fmt: skip
def test_bad_statutes_get_a_one_line_error_naming_the_field(entry, allowed):
    with pytest.raises(ScenarioError) as error:
        build(statutes=[statute(**entry)])
    text = str(error.value)
    assert "statutes" in text and allowed in text


def test_the_null_model_leaves_a_run_with_statutes_as_one_without():
    spec = load_scenario("trump-2017-generative").with_overrides(
        {"dynamics.move_rate_scale": 0.0, "months": 24}
    )
    bare = spec.model_copy(update={"statutes": []})
    with_, without = (ResetModel(s, seed=5).run() for s in (spec, bare))
    assert with_.timeseries().equals(without.timeseries())
    assert with_.decision_log().equals(without.decision_log())


def test_trump_2017_generative_holds_the_treaties_in_force_in_2016_and_two_statutes():
    sc = load_scenario("trump-2017-generative")
    in_force = {p.id for p in sc.proposals if p.in_force}
    assert in_force == {"inf-treaty", "new-start-treaty", "open-skies"}
    assert all(p.withdrawal_rate and p.instrument == "treaty" for p in sc.proposals if p.in_force)
    assert {(s.id, s.effect) for s in sc.statutes} == {
        ("codify-sanctions", "codify_sanctions"), ("ukraine-aid-floor", "aid_floor")
    }  # fmt: skip
    # The calibrated values are history-1992-2016-generative's; the rules of statutes and
    # treaties (the veto count, violations), moot where there are neither, are its own.
    rules = {"anticipate_veto": True, "violation_rate": sc.dynamics.violation_rate}
    calibrated = load_scenario("history-1992-2016-generative").dynamics
    assert sc.dynamics == calibrated.model_copy(update=rules)
