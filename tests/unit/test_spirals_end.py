"""Known answers for what ends a spiral: cooldowns, statutes on the books, crisis management.

Every test calls the code the model runs (``Actor.ready``, ``Actor.made``,
``CrisisManager.restraint`` through ``President``, ``stages.moves.held_back`` and the move
stage) on the tiny scenario of ``test_moves``.
"""

from __future__ import annotations

import copy

import pytest
from test_moves import CODIFY, EXPEL, spiral_data

from resetsim.model import ResetModel
from resetsim.model.stages.moves import Pending, held_back
from resetsim.scenario.loader import validate_data


def _model(data, seed=3):
    return ResetModel(validate_data(data), seed=seed)


def test_a_move_is_ready_again_only_after_its_cooldown():
    m = _model(spiral_data(moves=({**EXPEL, "cooldown_months": 3},)))
    alpha = m.presidents["US"]
    expel = alpha.moves[0]
    assert alpha.ready(expel, 0)  # never made: ready
    alpha.made(expel, 2)
    assert [alpha.ready(expel, month) for month in (2, 3, 4, 5, 6)] == [
        False, False, False, True, True
    ]  # fmt: skip
    assert m.presidents["RU"].ready(expel, 3)  # each holder has its own cooldown


def test_cooldown_zero_keeps_every_move_ready():
    m = _model(spiral_data(moves=(EXPEL,)))
    alpha = m.presidents["US"]
    alpha.made(alpha.moves[0], 7)
    assert alpha.ready(alpha.moves[0], 7)


def test_a_cooldown_ends_a_retaliation_spiral():
    """Trust 0: every move is answered next month, until the answering move cools down.

    Defense pushes in month 2; Beta expels in 3, Alpha in 4; in month 5 Beta's expulsion
    of month 3 has cooled only 2 of 3 months, so the spiral stops.
    """
    plain = _model(spiral_data()).run(months=8)
    cooled = _model(spiral_data(moves=(dict(spiral_data()["moves"][0]),
                                       {**EXPEL, "cooldown_months": 3}))).run(months=8)  # fmt: skip
    actors = lambda m: m.events().query("origin == 'actor'")["actor"].tolist()  # noqa: E731
    assert actors(plain) == ["Defense", "Beta", "Alpha", "Beta", "Alpha", "Beta", "Alpha"]
    assert actors(cooled) == ["Defense", "Beta", "Alpha"]
    assert cooled.events().query("origin == 'actor'")["month"].tolist() == [2, 3, 4]


def _codify(cooldown):
    data = spiral_data(moves=({**CODIFY, "cooldown_months": cooldown},))
    data["factions"][0]["stance"] = -1.0  # the chamber passes it
    return _model(data, seed=4).run(months=6)


def test_a_statute_on_the_books_is_not_passed_again():
    log = _codify(300).decision_log().query("proposal == 'codify'")
    assert log["outcome"].tolist() == ["initiated", "adopted"]
    again = _codify(0).decision_log().query("proposal == 'codify'")
    assert again["outcome"].tolist() == ["initiated", "adopted"] * 6  # base hazard 1: monthly


def test_restraint_known_answers():
    m = _model(spiral_data())
    beta = m.presidents["RU"]
    assert beta.restraint(-0.5, 1.0, 0.6, 0.4) == pytest.approx(0.6 * 0.5 + 0.4 * 0.5)
    assert beta.restraint(0.3, 0.0, 0.6, 0.4) == 0.0  # above 0 and nothing answered
    assert beta.restraint(0.3, 3.0, 0.0, 0.4) == pytest.approx(0.4 * 0.75)
    assert beta.restraint(-1.0, 9.0, 1.0, 1.0) == 1.0
    assert beta.restraint(-1.0, 9.0, 0.0, 0.0) == 0.0  # default weights: never


def _pending(side="RU", direction="hostile"):
    return Pending(0, side, direction, 0.5, "a move")


def test_held_back_draws_nothing_at_the_default_weights():
    m = _model(spiral_data())
    m.relationship = -1.0
    state = copy.deepcopy(m.rng.bit_generator.state)
    assert not held_back(m, _pending())
    assert m.rng.bit_generator.state == state


def test_held_back_at_the_bottom_with_full_restraint():
    m = _model(spiral_data(crisis_restraint=1.0))
    m.relationship = -1.0
    assert held_back(m, _pending())
    assert not held_back(m, _pending(direction="cooperative"))  # gestures are never held back
    m.relationship = 0.0
    state = copy.deepcopy(m.rng.bit_generator.state)
    assert not held_back(m, _pending())  # above 0 and no fatigue: chance 0, no draw
    assert m.rng.bit_generator.state == state


def test_fatigue_counts_the_answering_sides_own_recent_hostility():
    m = _model(spiral_data(answer_fatigue=1.0))
    m.relationship = 0.5
    m.move_memory["US"]["hostile"] = 1e9  # the US remembers RU hitting it hard and often
    assert held_back(m, _pending(side="RU"))  # RU is tired of its own exchange
    m.move_memory["US"]["hostile"] = 0.0
    m.move_memory["RU"]["hostile"] = 1e9  # RU was hit, but has not hit back
    assert not held_back(m, _pending(side="RU"))


def test_full_restraint_stops_the_spiral_at_its_first_answer():
    data = spiral_data(crisis_restraint=1.0, answer_fatigue=1.0)
    data["initial_relationship"] = -1.0
    free = spiral_data()
    free["initial_relationship"] = -1.0
    spiralled = _model(free).run(months=8).events().query("origin == 'actor'")
    restrained = _model(data).run(months=8).events().query("origin == 'actor'")
    assert len(spiralled) == 7
    assert len(restrained) < len(spiralled)
    assert restrained["actor"].iloc[0] == "Defense"
