"""Known answers for actors' moves: hazards, answers, spirals and the null model.

Every test calls the methods the model runs (``Actor.move_hazard``,
``Actor.answer_probability``, the move stage) on the tiny scenario with a repertoire.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import pandas as pd
import pytest
from _tiny import TINY, tiny_model

from resetsim.agents.repertoire import MoveTerms
from resetsim.model import ResetModel
from resetsim.model.narrative import move_sentence
from resetsim.model.stages.events import perceived_gesture, perceived_severity
from resetsim.model.stages.moves import Pending, most_salient
from resetsim.scenario.errors import ScenarioError
from resetsim.scenario.loader import validate_data

PUSH = {
    "id": "push", "holder": "Defense", "kind": "enlargement", "label": "pushed enlargement",
    "direction": "hostile", "severity": 1.0, "base_hazard": 1.0, "stance_weight": 0.0,
    "hawk_weight": 0.0, "trust_weight": 0.0, "needs_opening": True, "opening_boost": 50.0,
    "opening_months": 1,
}  # fmt: skip
EXPEL = {
    "id": "expel", "holder": "*/president", "kind": "expulsion", "label": "expelled diplomats",
    "direction": "hostile", "severity": 1.0, "base_hazard": 0.0, "stance_weight": 0.0,
    "hawk_weight": 0.0, "trust_weight": 0.0,
}  # fmt: skip
SUMMIT = {
    "id": "summit", "holder": "US/president", "kind": "summit", "label": "held a summit",
    "direction": "cooperative", "severity": 0.5, "base_hazard": 0.2, "stance_weight": 2.0,
    "hawk_weight": 1.0, "trust_weight": 0.5, "relationship_weight": 1.0,
}  # fmt: skip


def spiral_data(moves=(PUSH, EXPEL), **dynamics):
    data = copy.deepcopy(TINY)
    data["initial_trust"] = 0.0
    data["proposals"] = []
    data["moves"] = [dict(m) for m in moves]
    opens = ["push"] if any(m["id"] == "push" for m in moves) else []
    data["events"] = [
        {"date": "2000-03", "kind": "clash", "label": "a war next door", "severity": 0.0,
         "opens": opens},
    ]  # fmt: skip
    data["dynamics"] = {**data["dynamics"], "retaliation_rate": 1.0, **dynamics}
    return data


def spiral(seed=3, **dynamics):
    return ResetModel(validate_data(spiral_data(**dynamics)), seed=seed)


def test_holders_by_name_and_by_pattern():
    m = spiral(moves=(PUSH, EXPEL, SUMMIT))
    held = {a.name: [mv.id for mv in a.moves] for a in m.roster}
    assert held["Defense"] == ["push"]
    assert held["Alpha"] == ["expel", "summit"] and held["Beta"] == ["expel"]
    assert held["State"] == [] and held["Duma"] == []
    assert [a.name for a in m.movers] == ["Alpha", "Defense", "Beta"]


def test_hazard_of_a_known_holder_in_a_known_state():
    m = spiral(moves=(SUMMIT,))
    alpha = m.presidents["US"]  # stance 0.6, hawkishness 0.5
    summit = alpha.moves[0]
    x = 2.0 * 0.6 + 1.0 * (0.5 - 0.5) + 0.5 * (0.3 - 0.5) + 1.0 * 0.2
    assert alpha.move_propensity(summit, 0.3, 0.2) == pytest.approx(math.exp(x))
    assert alpha.move_hazard(summit, 0.3, 0.2, False, 1.5) == pytest.approx(0.3 * math.exp(x))
    hostile = summit.model_copy(update={"direction": "hostile"})
    assert alpha.move_propensity(hostile, 0.3, 0.2) == pytest.approx(math.exp(-x))


def test_a_move_that_needs_an_opening_waits_for_it():
    m = spiral()
    defense, push = m.agency["Defense"], m.agency["Defense"].moves[0]
    assert defense.move_hazard(push, 0.0, 0.0, False, 1.0) == 0.0
    assert defense.move_hazard(push, 0.0, 0.0, True, 1.0) == pytest.approx(50.0)
    assert m.open_now() == set()
    m.step()  # month 1: nothing scheduled
    assert m.open_now() == set() and m.events().empty
    m.step()  # month 2: the war opens the push for one month
    assert m.open_now() == {"push"}


def test_null_scale_draws_nothing_and_fires_nothing():
    m = spiral(move_rate_scale=0.0)
    defense = m.agency["Defense"]
    state = copy.deepcopy(m.rng.bit_generator.state)
    assert defense.consider_moves(0.0, 0.0, {"push"}, 0.0, m.rng) == []
    assert m.rng.bit_generator.state == state


def test_draws_read_a_plain_copy_of_each_move_and_fire_the_move_itself():
    m = spiral(moves=(SUMMIT,))
    alpha = m.presidents["US"]
    summit = alpha.moves[0]
    terms = MoveTerms(summit)
    assert all(getattr(terms, f) == getattr(summit, f) for f in type(summit).model_fields)
    assert alpha.move_hazard(terms, 0.3, 0.2, False, 1.5) == alpha.move_hazard(
        summit, 0.3, 0.2, False, 1.5
    )
    fired = alpha.consider_moves(0.3, 0.2, set(), 1e6, m.rng)  # a hazard that surely fires
    assert len(fired) == 1 and fired[0] is summit
    alpha.hold([])  # a new repertoire: the copy follows it
    assert alpha.consider_moves(0.3, 0.2, set(), 1e6, m.rng) == []


def test_answer_probability_known_answers():
    m = spiral(moves=(PUSH, EXPEL, SUMMIT))
    alpha = m.presidents["US"]
    expel, summit = alpha.moves
    # hostile: rate * seen * (1 - trust) * (1 + m / (1 + m)) * propensity (1: zero weights)
    recall = 1.0 + 0.5 / 1.5
    assert alpha.answer_probability(expel, 0.4, 0.25, 0.5, 0.5, 0.0) == pytest.approx(
        0.5 * 0.4 * 0.75 * recall
    )
    # cooperative: trust instead of distrust, times the summit's propensity
    prop = alpha.move_propensity(summit, 0.25, 0.1)
    assert alpha.answer_probability(summit, 0.4, 0.25, 0.5, 0.3, 0.1) == pytest.approx(
        0.3 * 0.4 * 0.25 * recall * prop
    )
    assert alpha.answer_probability(expel, 10.0, 0.0, 3.0, 1.0, 0.0) == 1.0
    assert alpha.answer_probability(expel, 0.4, 1.0, 0.5, 0.5, 0.0) == 0.0  # full trust


def test_a_retaliation_chain_links_each_answer_to_the_move_it_answers():
    m = spiral().run(months=6)
    ev = m.events()
    moves = ev[ev.origin == "actor"]
    assert moves.iloc[0][["month", "actor", "kind"]].tolist() == [2, "Defense", "enlargement"]
    assert pd.isna(moves.iloc[0]["responds_to"])  # answers nothing
    # trust 0 and seen >= 1: every move is answered next month by the other president
    assert moves["actor"].tolist() == ["Defense", "Beta", "Alpha", "Beta", "Alpha"]
    assert moves["month"].tolist() == [2, 3, 4, 5, 6]
    rows = moves.index.tolist()
    assert moves["responds_to"].tolist()[1:] == rows[:-1]
    assert moves["side"].tolist() == ["US", "RU", "US", "RU", "US"]
    assert set(moves["direction"]) == {"hostile"}
    assert moves.loc[rows[1], "event"] == (
        "Defense pushed enlargement; in answer Beta expelled diplomats"
    )
    assert ev.loc[0, "origin"] == "scheduled" and ev.loc[0, "direction"] == "hostile"


def test_memory_fades_and_grows_with_the_other_sides_moves():
    m = spiral(move_memory=0.5).run(months=2)
    trust = m.timeseries()["trust"].iloc[1]  # trust when the month-2 move is made
    seen = perceived_severity(1.0, 1.0, 0.8, 1.0, trust)
    assert m.move_memory["RU"]["hostile"] == pytest.approx(seen)
    m.step()  # RU answers: the US remembers it; RU's memory halves
    assert m.move_memory["RU"]["hostile"] == pytest.approx(0.5 * seen)
    trust = m.timeseries()["trust"].iloc[2]
    assert m.move_memory["US"]["hostile"] == pytest.approx(
        perceived_severity(1.0, 1.0, 0.8, 1.0, trust)
    )


def test_hostile_moves_hit_the_relationship_and_trust_like_clashes():
    quiet = spiral(move_rate_scale=0.0, seed=1).run(months=4)
    moved = spiral(seed=1).run(months=4)
    assert moved.relationship < quiet.relationship
    trust = moved.timeseries()["trust"].iloc[1]
    assert moved.timeseries()["perceived_ru"].iloc[2] == pytest.approx(
        perceived_severity(1.0, 1.0, 0.8, 1.0, trust)
    )
    assert moved.timeseries()["perceived_us"].iloc[2] == 0.0  # the mover does not read its move


def test_move_rate_scale_zero_is_the_run_without_moves():
    null = spiral(move_rate_scale=0.0, seed=5).run(months=12)
    data = spiral_data()
    data["moves"], data["events"][0]["opens"] = [], []
    plain = ResetModel(validate_data(data), seed=5).run(months=12)
    assert (null.events()["origin"] != "actor").all()
    assert null.timeseries().equals(plain.timeseries())


def test_a_gesture_is_discounted_by_the_gap_and_reciprocated_with_trust():
    assert perceived_gesture(0.5, 0.8, 1.0) == pytest.approx(0.5 / 1.8)
    ru_summit = {**SUMMIT, "id": "ru-summit", "holder": "Beta", "base_hazard": 0.0}
    data = spiral_data(moves=(SUMMIT, ru_summit), reciprocation_rate=1.0)
    data["initial_trust"] = 1.0
    data["moves"][0]["base_hazard"] = 1.0
    m = ResetModel(validate_data(data), seed=2).run(months=3)
    ev = m.events()
    answers = ev[(ev.origin == "actor") & (ev.actor == "Beta")]
    assert len(answers) >= 1 and set(answers["direction"]) == {"cooperative"}
    assert all(ev.loc[int(r), "actor"] == "Alpha" for r in answers["responds_to"])


def test_move_sentence_capitalises_and_names_the_answered_move():
    assert move_sentence("the Duma", "banned US adoptions") == "The Duma banned US adoptions"


@pytest.mark.parametrize(
    ("patch", "fragment"),
    [
        ({"holder": "Nobody"}, "no president, agency or faction named 'Nobody'"),
        ({"holder": "CN/president"}, "pattern holder is <side>/<family>"),
        ({"holder": "US/public"}, "pattern holder is <side>/<family>"),
    ],
)
def test_a_bad_holder_is_a_one_line_error(patch, fragment):
    data = spiral_data(moves=({**EXPEL, **patch},))
    with pytest.raises(ScenarioError, match=fragment.replace("<", ".").replace(">", ".")):
        validate_data(data)


def test_an_event_may_open_only_declared_moves():
    data = spiral_data(moves=(EXPEL,))
    data["events"][0]["opens"] = ["push"]
    with pytest.raises(ScenarioError, match="no move with id 'push'"):
        validate_data(data)


def test_tiny_model_without_moves_has_no_movers():
    assert tiny_model().movers == [] and np.isclose(tiny_model().relationship, 0.0)


CODIFY = {
    "id": "codify", "holder": "Hawks", "kind": "sanctions", "label": "codified the sanctions",
    "topic": "a sanctions codification act", "direction": "hostile", "severity": 0.4,
    "base_hazard": 1.0, "stance_weight": 0.0, "hawk_weight": 0.0, "trust_weight": 0.0,
    "executive_weight": 2.0, "statute": True,
}  # fmt: skip


def _codify_model(doves_stance):
    data = spiral_data(moves=(CODIFY,))
    data["factions"][0]["stance"] = doves_stance
    return ResetModel(validate_data(data), seed=4)


def test_distrust_of_the_executive_raises_a_factions_hostile_hazard():
    m = _codify_model(1.0)
    hawks = m.factions["US"][1]
    codify = hawks.moves[0]
    alpha = m.presidents["US"].stance  # 0.6; the Hawks sit at -1
    expected = math.exp(-2.0 * (-1.0 - alpha))
    assert hawks.move_propensity(codify, 0.5, 0.0, alpha) == pytest.approx(expected)
    assert hawks.move_propensity(codify, 0.5, 0.0) == pytest.approx(1.0)  # own course: no term


def test_a_faction_originates_a_statute_that_the_chamber_votes_down():
    m = _codify_model(1.0)
    m.step()
    log = m.decision_log().query("proposal == 'codify'").reset_index(drop=True)
    assert log["outcome"].tolist() == ["initiated", "blocked"]
    assert log["proposal"].tolist() == ["codify", "codify"]
    assert log.loc[1, ["votes_yes", "votes_no", "blocked_by"]].tolist() == [34, 66, "Doves"]
    assert log.loc[0, "reason"].startswith("Hawks originated a sanctions codification act")
    assert (m.events()["origin"] != "actor").all()  # voted down: no move happened


def test_a_statute_the_chamber_passes_becomes_a_move():
    m = _codify_model(-1.0)
    m.step()
    log = m.decision_log().query("proposal == 'codify'").reset_index(drop=True)
    assert log["outcome"].tolist() == ["initiated", "adopted"]
    assert log.loc[1, ["votes_yes", "votes_no"]].tolist() == [100, 0]
    ev = m.events()
    assert ev["actor"].tolist() == ["Hawks"] and ev["kind"].tolist() == ["sanctions"]
    assert ev["event"].tolist() == ["Hawks codified the sanctions"]


def test_a_statute_move_needs_a_faction_that_votes_on_statutes():
    data = spiral_data(moves=({**CODIFY, "holder": "Defense"},))
    with pytest.raises(ScenarioError, match="statute move must be held by a faction"):
        validate_data(data)


def test_each_side_answers_only_the_strongest_move_of_last_month():
    weak = Pending(1, "RU", "hostile", 0.2, "a")
    strong = Pending(2, "RU", "hostile", 0.9, "b")
    other = Pending(3, "US", "cooperative", 0.1, "c")
    assert most_salient([weak, strong, other], ("US", "RU")) == [other, strong]
    assert most_salient([], ("US", "RU")) == []


def test_the_generative_history_schedules_no_decision_of_a_modelled_actor():
    from resetsim import load_scenario

    sc = load_scenario("history-1992-2016-generative")
    assert {e.kind for e in sc.events} <= {"clash", "shock", "leader", "opportunity"}
    assert not any("NATO" in e.label or "Crimea" in e.label for e in sc.events)
    assert {m.id for m in sc.moves} >= {"nato-enlargement", "near-abroad-war", "magnitsky"}
    assert load_scenario("history-1992-2016").moves == []  # the shipped history is unchanged


class _FixedDraw:
    """A generator whose every ``random()`` is ``u``, counting the draws."""

    def __init__(self, u: float):
        self.u, self.draws = u, 0

    def random(self) -> float:
        self.draws += 1
        return self.u


@pytest.mark.parametrize("opened", [False, True])
def test_consider_moves_fires_at_the_hazard_of_move_hazard_and_waits_for_ready(opened):
    """consider_moves weighs each move in place: its chance must be 1 - exp(-move_hazard),
    and a move that is not ready (:meth:`ready`) draws nothing."""
    m = spiral(moves=({**SUMMIT, "opening_boost": 3.0, "cooldown_months": 4},))
    alpha = m.presidents["US"]
    summit = alpha.moves[0]
    openings = {"summit"} if opened else set()
    chance = -math.expm1(-alpha.move_hazard(summit, 0.3, 0.2, opened, 1.5))
    assert 0.0 < chance < 1.0
    for u, fires in ((chance * 0.999, True), (chance * 1.001, False)):
        rng = _FixedDraw(u)
        fired = alpha.consider_moves(0.3, 0.2, openings, 1.5, rng, month=10)
        assert (fired == [summit]) is fires and rng.draws == 1
    alpha.made(summit, 8)
    for month, ready in ((11, False), (12, True)):
        assert alpha.ready(summit, month) is ready
        rng = _FixedDraw(0.0)
        assert alpha.consider_moves(0.3, 0.2, openings, 1.5, rng, month=month) == (
            [summit] if ready else []
        )
        assert rng.draws == int(ready)


def test_a_holder_whose_moves_all_cool_down_is_idle_till_the_first_is_ready():
    """In a month without openings, consider_moves marks the holder idle until its first
    move that needs no opening is ready again; with a move open, or a move weighed, not."""
    m = spiral(moves=({**SUMMIT, "cooldown_months": 4},))
    alpha = m.presidents["US"]
    summit = alpha.moves[0]
    assert alpha.idle_until == 0
    alpha.made(summit, 8)
    assert alpha.consider_moves(0.3, 0.2, set(), 1.5, _FixedDraw(0.0), month=9) == []
    assert alpha.idle_until == 12  # 8 + 4: ready again in month 12
    alpha.idle_until = 0
    alpha.consider_moves(0.3, 0.2, {"summit"}, 1.5, _FixedDraw(0.0), month=9)
    assert alpha.idle_until == 0  # a month with a move open leaves it as it was
    alpha.consider_moves(0.3, 0.2, set(), 1.5, _FixedDraw(0.99), month=12)
    assert alpha.idle_until == 0  # it weighed the summit: ask it again next month


def test_the_move_stage_skips_an_idle_holder_and_the_run_is_the_same():
    """Skipping an idle holder draws no number it would have drawn: the run is the one in
    which every holder is asked every month."""
    data = spiral_data(moves=(PUSH, EXPEL, {**SUMMIT, "cooldown_months": 6}))
    runs = {"asked": ResetModel(validate_data(data), seed=5),
            "skipping": ResetModel(validate_data(data), seed=5)}  # fmt: skip
    calls = {"asked": 0, "skipping": 0}

    def counted(name, never_idle):
        alpha = runs[name].presidents["US"]
        consider = alpha.consider_moves

        def wrapper(*args, **kwargs):
            calls[name] += 1
            fired = consider(*args, **kwargs)
            if never_idle:
                alpha.idle_until = 0  # asked again next month, whatever it weighed
            return fired

        alpha.consider_moves = wrapper

    counted("asked", True)
    counted("skipping", False)
    for model in runs.values():
        model.run()
    asked, skipping = runs["asked"], runs["skipping"]
    assert calls["asked"] == asked.month  # asked in every month of the run
    assert calls["skipping"] < calls["asked"]  # the summit's cooldown left months idle
    pd.testing.assert_frame_equal(asked.events(), skipping.events())
    pd.testing.assert_frame_equal(asked.timeseries(), skipping.timeseries())


def test_a_null_scale_never_marks_a_holder_idle():
    """At scale 0 nothing is weighed because nothing may move, not because moves cool
    down: the holder is not marked idle."""
    m = spiral(moves=({**SUMMIT, "cooldown_months": 4},))
    alpha = m.presidents["US"]
    alpha.made(alpha.moves[0], 8)
    assert alpha.consider_moves(0.3, 0.2, set(), 0.0, _FixedDraw(0.0), month=9) == []
    assert alpha.idle_until == 0
