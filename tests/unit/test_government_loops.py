"""Known answers for the rules as a whole government runs them, in one loop per side.

The stages call ``Actor.bargain_all``, ``Actor.yield_all``, ``Actor.react_all`` and
``Actor.welcome_all`` on all of a side's members at once; the one-actor methods
(``bargain``, ``yield_to``, ``react_to_clash``, ``welcome``) are these loops for one actor.
These tests call the loops directly, on two agencies that differ in stance, anchor,
inertia, hawkishness, issue offset and remit, with and without an issue.
"""

from __future__ import annotations

import pytest
from test_issues import ARMS, issue_model

from resetsim.agents.base import Actor


@pytest.fixture
def pair():
    """State (offset +0.3 and remit 2 on arms control) and Defense (offset -0.2, no remit)."""
    model = issue_model()
    state, defense = model.agency["State"], model.agency["Defense"]
    state.stance, state.anchor, state.inertia, state.hawkishness = 0.1, 0.2, 0.5, 0.25
    defense.stance, defense.anchor, defense.inertia, defense.hawkishness = -0.3, -0.4, 0.2, 1.0
    state.remit = {ARMS: 2.0}
    return state, defense


def test_bargain_all_on_an_issue(pair):
    state, defense = pair
    Actor.bargain_all(pair, mean=0.0, pull=0.1, home=0.05, issue=ARMS)
    assert state.stance == pytest.approx(0.1 + 0.1 * 2 * 0.5 * (0.0 - 0.4) + 0.05 * 0.1)  # 0.065
    assert defense.stance == pytest.approx(-0.3 + 0.1 * 0.8 * 0.5 - 0.05 * 0.1)  # -0.265


def test_bargain_all_without_an_issue(pair):
    state, defense = pair
    Actor.bargain_all(pair, mean=0.6, pull=0.1, home=0.05)
    assert state.stance == pytest.approx(0.1 + 0.1 * 0.5 * 0.5 + 0.05 * 0.1)  # 0.13
    assert defense.stance == pytest.approx(-0.3 + 0.1 * 0.8 * 0.9 - 0.05 * 0.1)  # -0.233


def test_yield_all_on_an_issue_returns_the_sum_of_shifts(pair):
    state, defense = pair
    moved = Actor.yield_all(pair, aim=0.5, coefficient=0.2, issue=ARMS)
    assert state.stance == pytest.approx(0.1 + 0.2 * 2 * 0.5 * (0.5 - 0.4))  # 0.12
    assert defense.stance == pytest.approx(-0.3 + 0.2 * 0.8 * (0.5 + 0.5))  # -0.14
    assert moved == pytest.approx(0.02 + 0.16)


def test_yield_all_without_an_issue_returns_the_sum_of_shifts(pair):
    state, defense = pair
    moved = Actor.yield_all(pair, aim=0.5, coefficient=0.2)
    assert state.stance == pytest.approx(0.1 + 0.2 * 0.5 * 0.4)  # 0.14
    assert defense.stance == pytest.approx(-0.3 + 0.2 * 0.8 * 0.8)  # -0.172
    assert moved == pytest.approx(0.04 + 0.128)


def test_react_all_on_an_issue_cools_by_offset_and_remit(pair):
    state, defense = pair
    Actor.react_all(pair, seen=0.5, impact=0.4, issue=ARMS)
    assert state.stance == pytest.approx(0.1 - 0.2 * 0.75 / 1.5 * (1 - 0.3) * 2)  # -0.04
    assert defense.stance == pytest.approx(-0.3 - 0.2 * 1.5 / 1.5 * (1 + 0.2))  # -0.54


def test_react_all_without_an_issue_cools_hawks_more(pair):
    state, defense = pair
    Actor.react_all(pair, seen=0.5, impact=0.4)
    assert state.stance == pytest.approx(0.1 - 0.1)
    assert defense.stance == pytest.approx(-0.3 - 0.2)


def test_react_all_keeps_stances_inside_the_range(pair):
    _state, defense = pair
    defense.stance = -0.95
    Actor.react_all(pair, seen=1.0, impact=1.0)
    assert defense.stance == -1.0


def test_welcome_all_on_an_issue_warms_by_offset_and_remit(pair):
    state, defense = pair
    defense.hawkishness = 0.5
    Actor.welcome_all(pair, lift=0.2, issue=ARMS)
    assert state.stance == pytest.approx(0.1 + 0.2 * 0.75 * 1.3 * 2)  # 0.49
    assert defense.stance == pytest.approx(-0.3 + 0.2 * 0.5 * 0.8)  # -0.22


def test_welcome_all_without_an_issue_and_at_the_top_of_the_range(pair):
    state, defense = pair
    Actor.welcome_all(pair, lift=0.2)
    assert state.stance == pytest.approx(0.1 + 0.2 * 0.75)
    assert defense.stance == pytest.approx(-0.3)  # a full hawk is not warmed
    state.stance, state.hawkishness = 0.95, 0.0
    Actor.welcome_all((state,), lift=0.2)
    assert state.stance == 1.0


def test_weighted_stances_on_an_issue_read_offsets_the_pen_and_the_range(pair):
    state, defense = pair
    state.pen, state.pen_weight = frozenset({ARMS}), 3.0
    defense.stance = -0.9  # -0.9 - 0.2 is kept at -1
    weights, stances, weighted = Actor.weighted_stances_on(pair, ARMS)
    assert weights == [state.weight * 3.0, defense.weight]
    assert stances == [pytest.approx(0.4), -1.0]
    assert weighted == [w * x for w, x in zip(weights, stances, strict=True)]
    assert [a.stance_on(ARMS) for a in pair] == stances == Actor.stances_on(pair, ARMS)
    assert [a.weight_on(ARMS) for a in pair] == weights


def test_weighted_stances_without_an_issue_are_the_stances_and_weights(pair):
    state, defense = pair
    weights, stances, _ = Actor.weighted_stances_on(pair, "")
    assert (weights, stances) == ([state.weight, defense.weight], [0.1, -0.3])
