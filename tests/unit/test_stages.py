"""Known answers for each stage of the month, called by name on the tiny scenario."""

from __future__ import annotations

import pytest
from _tiny import tiny_model

from resetsim.model.month import MonthState
from resetsim.model.proposals import Deal
from resetsim.model.stages import (
    decide,
    feed_back,
    implement,
    perceive_events,
    pull_and_haul,
    set_agenda,
    update_relationship,
)
from resetsim.model.stages.decision import executive_decision, ratification
from resetsim.model.stages.events import TRUST_LOSS_PER_SIDE, perceived_severity
from resetsim.model.stages.relationship import ESCALATION_HIT, absorber


def month_of(model) -> MonthState:
    return MonthState.begin(model.sides)


def treaty(model):
    return model.proposals[0].spec


@pytest.mark.parametrize(("yes", "outcome"), [(66, "blocked"), (67, "ratified")])
def test_two_thirds_of_the_senate_ratify_a_treaty(yes, outcome):
    model = tiny_model({"factions.Doves.seats": yes, "factions.Hawks.seats": 100 - yes})
    vote = ratification(model, "US", treaty(model))
    assert vote.votes == (yes, 100 - yes)
    assert vote.outcome == outcome
    assert vote.blocked_by == ("Hawks" if outcome == "blocked" else "")


@pytest.mark.parametrize(("yes", "outcome"), [(50, "blocked"), (51, "ratified")])
def test_a_statute_needs_a_majority(yes, outcome):
    model = tiny_model({"factions.Doves.seats": yes, "factions.Hawks.seats": 100 - yes})
    spec = treaty(model).model_copy(update={"instrument": "statute"})
    assert ratification(model, "US", spec).outcome == outcome


def test_an_executive_act_has_no_vote_unless_it_concedes_a_core_interest():
    model = tiny_model()
    act = model.proposals[1].spec
    assert ratification(model, "US", act) is None
    core = act.model_copy(update={"core": True, "concedes": "US"})
    vote = ratification(model, "US", core)  # Hawks (34) cannot reach two thirds to undo it
    assert vote is None
    model = tiny_model({"factions.Doves.stance": -1.0})
    vote = ratification(model, "US", core)
    assert vote.outcome == "reversed" and vote.votes == (100, 0)


def test_persuasion_moves_each_member_by_the_known_shift():
    overrides = {"dynamics.influence_rate": 0.0, "dynamics.anchor_rate": 0.0}
    model = tiny_model(overrides)
    alpha, dyn = model.presidents["US"], model.spec.dynamics
    members = model.government("US")[1:]
    before = {a.name: a.stance for a in members}
    spent = min(dyn.persuasion_spend, alpha.capital - dyn.table_cost)
    rate = dyn.persuasion_rate * spent / dyn.persuasion_spend
    pull_and_haul(model, month_of(model))
    assert alpha.capital == pytest.approx(model.spec.presidents[0].capital - spent)
    for actor in members:
        x = before[actor.name]
        shift = rate * alpha.persuasiveness * (1 - actor.inertia) * (alpha.stance - x)
        assert actor.stance == pytest.approx(max(-1.0, min(1.0, x + shift)))
    assert model.agency["Defense"].stance > before["Defense"]


def test_without_persuasion_nothing_moves():
    overrides = {
        "dynamics.influence_rate": 0.0,
        "dynamics.anchor_rate": 0.0,
        "dynamics.persuasion_rate": 0.0,
    }
    model = tiny_model(overrides)
    before = [a.stance for a in model.roster]
    pull_and_haul(model, month_of(model))
    assert [a.stance for a in model.roster] == before


def test_pulling_and_hauling_known_answer_without_persuasion():
    model = tiny_model({"dynamics.persuasion_rate": 0.0})
    dyn = model.spec.dynamics
    gov = model.government("US")
    mean = sum(a.weight * a.stance for a in gov) / sum(a.weight for a in gov)
    defense = model.agency["Defense"]
    x = defense.stance
    pull_and_haul(model, month_of(model))
    expected = x + dyn.influence_rate * (1 - defense.inertia) * (mean - x)
    expected += dyn.anchor_rate * (defense.anchor - x)
    assert defense.stance == pytest.approx(expected)


def test_executive_blocks_below_the_bar_and_names_the_holdout():
    overrides = {"dynamics.adoption_bar": 0.9, "dynamics.core_threshold": 1.0}
    model = tiny_model(overrides | {"presidents.US.hawkishness": 0.0})
    decision = executive_decision(model, "US", model.proposals[1].spec)
    assert decision.outcome == "blocked" and decision.blocked_by == "Defense"
    model = tiny_model({"dynamics.adoption_bar": -0.9})
    assert executive_decision(model, "US", model.proposals[1].spec).story == "went_along"


def test_a_determined_president_overrides_at_a_cost():
    model = tiny_model({"dynamics.adoption_bar": 0.9, "dynamics.core_threshold": 0.0})
    alpha = model.presidents["US"]
    capital = alpha.capital
    decision = executive_decision(model, "US", model.proposals[1].spec)
    assert (decision.outcome, decision.story) == ("adopted", "overridden")
    assert alpha.capital == pytest.approx(capital - model.spec.dynamics.table_cost)


def test_decide_makes_a_deal_only_when_both_sides_ratify():
    model = tiny_model({"factions.Doves.seats": 67, "factions.Hawks.seats": 33})
    month = month_of(model)
    month.answered.append(("US", model.proposals[0]))
    rep = model.presidents["US"].reputation
    decide(model, month)
    assert [d.spec.id for d in model.deals] == ["treaty"] and model.proposals[0].done
    assert model.presidents["US"].reputation == pytest.approx(
        rep + model.spec.dynamics.reputation_step
    )
    assert not month.answered
    blocked = tiny_model()
    month = month_of(blocked)
    month.answered.append(("US", blocked.proposals[0]))
    decide(blocked, month)
    assert not blocked.deals
    log = blocked.decision_log()
    assert log["outcome"].tolist() == ["adopted", "blocked"]
    assert "short of the 67 votes needed" in log["reason"].iloc[-1]


def test_a_blocked_executive_ends_the_decision_and_an_unvoted_act_becomes_a_deal():
    overrides = {"dynamics.adoption_bar": 0.9, "dynamics.core_threshold": 1.0}
    model = tiny_model(overrides | {"presidents.US.hawkishness": 0.0})
    month = month_of(model)
    month.answered.append(("US", model.proposals[1]))
    decide(model, month)
    assert not model.deals and model.decision_log()["outcome"].tolist() == ["blocked"]
    model = tiny_model({"dynamics.adoption_bar": -0.9})
    month = month_of(model)
    month.answered.append(("US", model.proposals[1]))
    decide(model, month)
    assert [d.spec.id for d in model.deals] == ["act"]
    assert model.decision_log()["outcome"].tolist() == ["adopted", "adopted"]


def test_the_other_president_rejects_below_his_answer_threshold():
    model = tiny_model({"presidents.RU.stance": -0.5})
    alpha = model.presidents["US"]
    rep = alpha.reputation
    month = month_of(model)
    set_agenda(model, month)
    log = model.decision_log()
    assert "rejected" in set(log["outcome"]) and not month.answered
    assert alpha.reputation == pytest.approx(rep - model.spec.dynamics.reputation_step / 2)


def test_agenda_tables_and_costs_capital():
    model = tiny_model()
    capitals = {s: model.presidents[s].capital for s in model.sides}
    month = month_of(model)
    set_agenda(model, month)
    assert [(s, st.spec.id) for s, st in month.answered] == [("US", "treaty")]
    cost = model.spec.dynamics.table_cost
    assert model.presidents["US"].capital == pytest.approx(capitals["US"] - cost)


def test_implementation_logs_a_slow_roll_at_the_due_date():
    model = tiny_model({"dynamics.implementation_drag": 1.0})
    spec = model.proposals[1].spec
    model.deals.append(Deal(spec=spec, start=model.month, progress={"Defense": 0.0}))
    month = month_of(model)
    for _ in range(spec.months):
        implement(model, month)
        model.month += 1
    log = model.decision_log()
    assert log["outcome"].tolist() == ["slow_rolled"] and log["blocked_by"].tolist() == ["Defense"]
    assert len(model.deliveries()) == 1
    assert month.deal_gain == pytest.approx(spec.benefit * model.deals[0].credited)


def test_relationship_known_answer():
    model = tiny_model()
    st = model.structure
    month = month_of(model)
    month.perceived.update({"US": 0.4, "RU": 0.2})
    month.deal_gain, month.deal_boost, month.escalation = 0.03, 0.01, 1
    r = model.relationship
    leaders = 0.5 * (model.presidents["US"].stance + model.presidents["RU"].stance)
    damp = 1 - absorber(st.trade_share, st.absorber_half)
    update_relationship(model, month)
    change = (
        st.relax_rate * (model.baseline - r)
        + 0.04
        + st.climate_rate * leaders
        - st.clash_impact * 0.5 * 0.6 * damp
        - ESCALATION_HIT
    )
    assert model.relationship == pytest.approx(r + change)


def test_feedback_trust_and_disillusion_known_answer():
    model = tiny_model()
    dyn = model.spec.dynamics
    spec = model.proposals[1].spec
    model.deals.append(Deal(spec=spec, start=-spec.months, progress={"Defense": 0.5}))
    model.deals[0].credited = 0.5
    gap = spec.benefit * 0.5
    trust, anchor = model.trust, model.presidents["US"].anchor
    feed_back(model, month_of(model))
    expected = trust + dyn.trust_rate * (0.5 * (1 + model.relationship) - trust)
    assert model.trust == pytest.approx(expected - dyn.disillusion_rate * gap)
    assert model.presidents["US"].anchor == pytest.approx(anchor - dyn.disillusion_rate * gap)


def test_a_scheduled_clash_is_perceived_through_the_worldview_gap():
    model = tiny_model(
        {"events": [{"date": "2000-02", "kind": "shock", "side": "US", "label": "x",
                     "severity": 0.4, "reading": {"US": 1.0, "RU": 2.0}}]}
    )  # fmt: skip
    model.month = 1
    st, trust = model.structure, model.trust
    alpha = model.presidents["US"]
    capital = alpha.capital
    month = month_of(model)
    perceive_events(model, month)
    seen = perceived_severity(0.4, 0.5, st.worldview_gap, st.misperception, trust)
    assert month.perceived == pytest.approx({"US": seen, "RU": 0.0})
    assert month.clashes == 1 and month.worst_clash == pytest.approx(seen)
    assert alpha.capital == pytest.approx(capital - 0.5 * 0.4)


@pytest.mark.parametrize("scale", [1.0, 0.4, 0.0])
def test_each_side_reads_a_scheduled_clash_at_its_reading_times_the_scale(scale):
    model = tiny_model(
        {"dynamics.scheduled_clash_reading": scale,
         "events": [{"date": "2000-02", "kind": "clash", "label": "x", "severity": 0.5,
                     "reading": {"US": 0.6, "RU": 1.5}}]}
    )  # fmt: skip
    model.month = 1
    st, trust = model.structure, model.trust
    month = month_of(model)
    perceive_events(model, month)
    seen = {}
    for side, r in (("US", 0.6), ("RU", 1.5)):  # each side's reading costs trust in turn
        seen[side] = perceived_severity(0.5, scale * r, st.worldview_gap, st.misperception, trust)
        trust -= TRUST_LOSS_PER_SIDE * model.dynamics.trust_clash * seen[side]
    assert month.perceived == pytest.approx(seen)
    assert month.clashes == 1
    assert model.events()["severity"].tolist() == [0.5]  # the event's own size is kept


def test_a_veto_proof_statute_undoes_a_core_executive_act_and_says_so():
    model = tiny_model({"factions.Doves.stance": -1.0})
    core = model.proposals[1].spec.model_copy(update={"core": True, "concedes": "US"})
    vote = ratification(model, "US", core)
    assert (vote.outcome, vote.story, vote.blocked_by) == ("reversed", "codified", "Doves")
    model.log(vote)
    reason = model.decision_log()["reason"].iloc[-1]
    assert reason.startswith("The Senate passed a veto-proof statute 100-0")
    assert reason.endswith("Doves led the revolt.")


def test_appropriators_write_cut_aid_back():
    model = tiny_model({"factions.Doves.stance": -1.0})
    cut = model.proposals[1].spec.model_copy(
        update={"core": True, "concedes": "US", "instrument": "appropriation"}
    )
    vote = ratification(model, "US", cut)
    assert (vote.outcome, vote.story, vote.blocked_by) == ("reversed", "restored_aid", "Doves")
    model.log(vote)
    assert (
        "wrote the aid back into the appropriations bill" in model.decision_log()["reason"].iloc[0]
    )
    money = cut.model_copy(update={"core": False, "concedes": None})
    refused = ratification(model, "US", money)
    assert (refused.outcome, refused.story) == ("blocked", "refused_appropriation")


@pytest.mark.parametrize(("kappa", "yes"), [(0.75, 450), (0.25, 0)])
def test_the_duma_bends_to_the_kremlin_s_command_share(kappa, yes):
    model = tiny_model(
        {
            "factions.Duma.stance": -1.0,
            "presidents.RU.stance": 1.0,
            "presidents.RU.command_share": kappa,
        }
    )
    vote = ratification(model, "RU", treaty(model))
    assert vote.votes == (yes, 450 - yes)


def test_a_score_at_the_bar_is_adopted():
    model = tiny_model()
    act = model.proposals[1].spec
    score, _, _ = model.presidents["US"].executive_score(
        act, model.bureaucracies["US"], model.spec.dynamics.concession_bonus
    )
    model = tiny_model({"dynamics.adoption_bar": score, "dynamics.core_threshold": 1.0})
    decision = executive_decision(model, "US", act)
    assert (decision.outcome, decision.story) == ("adopted", "went_along")
    assert decision.support == score


@pytest.mark.parametrize(
    ("kinds", "kind", "counts"),
    [([], "clash", True), (["shock"], "shock", True), (["shock"], "clash", False)],
)
def test_only_a_clash_of_an_escalation_kind_counts_towards_escalation(kinds, kind, counts):
    from resetsim.model.stages.events import clash

    model = tiny_model({"structure.escalation_kinds": kinds})
    month = month_of(model)
    clash(model, month, 0.6, {}, "x", kind)
    assert month.worst_clash > 0.0
    assert month.worst_force == (month.worst_clash if counts else 0.0)


@pytest.mark.parametrize(("force", "escalates"), [(0.0, False), (0.4, False), (1.0, True)])
def test_escalation_reads_the_worst_use_of_force_not_the_worst_clash(force, escalates):
    from resetsim.model.stages.events import risk_escalation

    model = tiny_model({"structure.escalation_base": 1.0, "structure.crisis_management": 0.0})
    model.relationship = model.structure.escalation_level - 0.1
    month = month_of(model)
    month.worst_clash, month.worst_force = 1.0, force  # an expulsion at 1.0, force at `force`
    risk_escalation(model, month)  # risk 1 * 1 * min(1, force): certain at force 1
    assert month.escalation == int(escalates)
