"""Known answers for a player's orders, read by the actors' own rules (role-play).

Each test calls the method the model runs with and without :class:`Orders`; an actor with
no orders must decide exactly as before (the regression hashes check whole runs).
"""

from __future__ import annotations

import numpy as np
from _tiny import tiny_model
from test_moves import EXPEL, spiral

from resetsim.agents.orders import HOLD, Orders


def _agent(model, name):
    return next(a for a in model.roster if a.name == name)


def test_orders_none_and_given():
    assert Orders().given() == {}
    assert Orders(vote="for", deliver=0.0).given() == {"vote": "for", "deliver": 0.0}
    m = tiny_model()
    hawks = _agent(m, "Hawks")
    assert hawks.ordered("vote") is None
    hawks.take_orders(Orders(vote="for"))
    assert hawks.ordered("vote") == "for"
    hawks.take_orders(None)
    assert hawks.ordered("vote") is None


def test_vote_order_whips_every_member_and_keeps_the_random_stream():
    m = tiny_model()
    hawks, alpha = _agent(m, "Hawks"), m.presidents["US"]
    spec = m.proposals[0].spec
    rng_a, rng_b = np.random.default_rng(5), np.random.default_rng(5)
    own = hawks.roll_call(spec, alpha, 0.4, 0.001, rng_a)
    assert own == 0  # a stance of -1 and a narrow spread: nobody votes yes by rule
    hawks.take_orders(Orders(vote="for"))
    assert hawks.roll_call(spec, alpha, 0.4, 0.001, rng_b) == hawks.seats
    assert rng_a.random() == rng_b.random()  # the members' votes were still drawn
    # "for rapprochement" on a motion to undo a deal is no
    assert hawks.roll_call(spec, alpha, 0.4, 0.001, rng_b, against=True) == 0
    hawks.take_orders(Orders(vote="against"))
    assert hawks.roll_call(spec, alpha, 0.4, 0.001, rng_b) == 0
    assert hawks.roll_call(spec, alpha, 0.4, 0.001, rng_b, against=True) == hawks.seats


def test_deliver_order_sets_willingness_not_command_or_routine():
    m = tiny_model()
    defense = _agent(m, "Defense")
    obey, routine = defense.delivery_factors(support=1.0, command_share=0.2, drag=0.5)
    assert obey == 1.0
    defense.take_orders(Orders(deliver=0.0))
    slow, same_routine = defense.delivery_factors(support=1.0, command_share=0.2, drag=0.5)
    assert slow == 0.2  # the command share still moves its part (Neustadt)
    assert same_routine == routine
    defense.take_orders(Orders(deliver=0.5))
    assert defense.delivery_factors(1.0, 0.2, 0.5)[0] == 0.2 + 0.8 * 0.5


def test_argue_order_is_its_voice_in_the_executive():
    m = tiny_model()
    defense = _agent(m, "Defense")
    spec = m.proposals[1].spec  # the executive act, in Defense's remit
    weight, own = defense.voice(spec, 0.4)
    assert own < 0
    defense.take_orders(Orders(argue="for"))
    assert defense.voice(spec, 0.4) == (weight, 1.0)
    defense.take_orders(Orders(argue="against"))
    assert defense.voice(spec, 0.4) == (weight, -1.0)


def test_president_orders_table_answer_override_persuade():
    m = tiny_model()
    alpha = m.presidents["US"]
    dyn = m.spec.dynamics
    act = m.proposals[1].spec
    alpha.stance = 0.0  # below the tabling threshold: by rule he tables nothing
    assert not alpha.can_table(dyn.table_cost, dyn.table_threshold)
    alpha.take_orders(Orders(table="act"))
    assert alpha.can_table(dyn.table_cost, dyn.table_threshold)
    assert alpha.would_table(act, dyn.core_threshold)
    assert not alpha.would_table(m.proposals[0].spec, dyn.core_threshold)
    alpha.take_orders(Orders(table=HOLD))
    assert not alpha.can_table(dyn.table_cost, dyn.table_threshold)
    alpha.take_orders(Orders(answer="reject"))
    assert not alpha.accepts(1.0, dyn.answer_threshold)
    alpha.take_orders(Orders(answer="accept"))
    assert alpha.accepts(-1.0, dyn.answer_threshold)
    alpha.take_orders(Orders(override=True))
    assert alpha.can_override(-1.0, dyn.core_threshold, dyn.table_cost)
    alpha.take_orders(Orders(override=False))
    assert not alpha.can_override(1.0, dyn.core_threshold, dyn.table_cost)
    alpha.capital = 0.8
    alpha.take_orders(Orders(persuade=0.0))
    assert alpha.persuasion_rate(dyn, True) == 0.0 and alpha.capital == 0.8
    alpha.take_orders(Orders(persuade=2.0))
    rate = alpha.persuasion_rate(dyn, True)
    assert abs(rate - dyn.persuasion_rate * 2.0) < 1e-12
    assert abs(alpha.capital - (0.8 - 2 * dyn.persuasion_spend)) < 1e-12


def test_tabling_order_reaches_the_agenda():
    by_rule, ordered = tiny_model(), tiny_model()
    ordered.presidents["US"].take_orders(Orders(table="act"))
    by_rule.step()
    ordered.step()
    first = by_rule.decision_log().iloc[0]
    tabled = ordered.decision_log()
    assert first["proposal"] == "treaty"  # his own list starts with the treaty
    assert tabled.iloc[0]["proposal"] == "act" and tabled.iloc[0]["outcome"] == "tabled"


def test_move_order_makes_the_named_move_or_none():
    m = spiral()
    defense = _agent(m, "Defense")
    openings = {"push"}
    rng = np.random.default_rng(0)
    assert [mv.id for mv in defense.consider_moves(0.0, 0.0, openings, 1.0, rng)] == ["push"]
    defense.take_orders(Orders(move=HOLD))
    assert defense.consider_moves(0.0, 0.0, openings, 1.0, rng) == []
    defense.take_orders(Orders(move="push"))
    assert defense.consider_moves(0.0, 0.0, set(), 1.0, rng) == []  # not open: cannot
    alpha = m.presidents["US"]
    assert [mv.id for mv in alpha.moves] == [EXPEL["id"]]
    alpha.take_orders(Orders(move="expel"))  # base hazard 0: never by rule
    assert [mv.id for mv in alpha.consider_moves(0.0, 0.0, set(), 1.0, rng)] == ["expel"]
    assert alpha.answer("hostile", 5.0, 0.0, 5.0, 1.0, 0.0, set(), rng) is None


def test_focus_order_puts_the_whole_persuasion_budget_on_one_member():
    spread_model, focus_model = tiny_model(), tiny_model()
    results = {}
    for label, m in (("spread", spread_model), ("focus", focus_model)):
        alpha = m.presidents["US"]
        members = m.government("US")[1:]
        if label == "focus":
            alpha.take_orders(Orders(focus=members[0].name))
        before = {a.name: a.stance for a in members}
        alpha.persuade_all(members, rate=0.05)
        results[label] = {a.name: a.stance - before[a.name] for a in members}
        coefficient = alpha.persuasion_coefficient(0.05)
    n = len(spread_model.government("US")) - 1
    first, *rest = spread_model.government("US")[1:]
    target = first.name
    # spread: each member moves by its own share; focus: the first n times as far, others 0
    expected = min(1.0, coefficient * n) / coefficient
    assert n > 1 and results["spread"][target] != 0.0
    assert abs(results["focus"][target] - expected * results["spread"][target]) < 1e-12
    assert all(results["focus"][a.name] == 0.0 for a in rest)
    assert any(results["spread"][a.name] != 0.0 for a in rest)
    # a name outside his government is ignored: he spreads as usual
    other = tiny_model()
    other.presidents["US"].take_orders(Orders(focus="Nobody"))
    members = other.government("US")[1:]
    before = [a.stance for a in members]
    other.presidents["US"].persuade_all(members, rate=0.05)
    moved = [a.stance - b for a, b in zip(members, before, strict=True)]
    assert moved == list(results["spread"].values())
