"""us-china-1969, us-cuba-2014 and us-iran-2013 run on the generative core.

Each case declares a repertoire of moves (``[[moves]]``) held by actors of both sides,
hostile and cooperative; its actors make moves in a run and make none with
``dynamics.move_rate_scale = 0`` (the null model); it schedules only opportunities; and its
behavioural values are those of history-1992-2016-generative, frozen (not re-tuned per
case). Seeds 4100-4102 are this file's own test block.
"""

from __future__ import annotations

import tomllib

import pytest

from resetsim.calendar import parse_month
from resetsim.model import ResetModel
from resetsim.scenario import load_scenario
from resetsim.scenario.loader import builtin_dir

CASES = {"us-china-1969": "CN", "us-cuba-2014": "CU", "us-iran-2013": "IR"}
SEEDS = (4100, 4101, 4102)
CALIBRATED_STRUCTURE = ("clash_rate", "relax_rate", "crisis_management", "clash_impact")


def _actor_moves(model: ResetModel):
    events = model.events()
    return events[events["origin"] == "actor"]


@pytest.mark.parametrize("case", CASES)
def test_both_sides_hold_hostile_and_cooperative_moves(case):
    model = ResetModel(load_scenario(case), seed=SEEDS[0])
    for side in ("US", CASES[case]):
        held = [m for a in model.movers if a.side == side for m in a.moves]
        assert {m.direction for m in held} == {"hostile", "cooperative"}, side
        # an agency or faction moves on its own, not only the president
        assert any(a.family != "president" and a.spontaneous for a in model.movers
                   if a.side == side), side  # fmt: skip
    declared = {m.id for m in model.spec.moves}
    assert declared == {m.id for a in model.movers for m in a.moves}  # every move has a holder


@pytest.mark.parametrize("case", CASES)
def test_actors_move_and_the_null_model_has_no_moves(case):
    sc = load_scenario(case)
    null = sc.with_overrides({"dynamics.move_rate_scale": 0.0})
    made = []
    for seed in SEEDS:
        moves = _actor_moves(ResetModel(sc, seed=seed).run())
        assert set(moves["side"]) <= {"US", CASES[case]}
        made.append(len(moves))
        assert _actor_moves(ResetModel(null, seed=seed).run()).empty
    assert min(made) > 0, made
    # moves at a rate of the order of the history's (1.85 a year on seeds 0-2)
    per_year = sum(made) / len(SEEDS) / (sc.months / 12)
    assert 0.3 < per_year < 6.0, per_year


@pytest.mark.parametrize("case", CASES)
def test_the_only_opportunities_are_presidents_taking_office_on_dates_fixed_in_advance(case):
    """A leader change of the scenario, or the inauguration of a president in office from
    the start (elected before the cut-off) within its first three months."""
    sc = load_scenario(case)
    changes = {(c.date, c.name) for c in sc.leader_changes}
    first = {p.name for p in sc.presidents}
    start = parse_month(sc.start)
    assert sc.events
    for event in sc.events:
        assert event.opens == ["fresh-start"], event.label
        name = event.label.split(" takes office")[0]
        early = name in first and parse_month(event.date) - start < 3
        assert (event.date, name) in changes or early, event.label


@pytest.mark.parametrize("case", CASES)
def test_behavioural_values_are_the_generative_calibrations(case):
    path = builtin_dir() / "history-1992-2016-generative.toml"
    history = tomllib.loads(path.read_text(encoding="utf-8"))
    calibrated = load_scenario("history-1992-2016-generative")
    sc = load_scenario(case)
    for key in history["dynamics"]:
        assert getattr(sc.dynamics, key) == getattr(calibrated.dynamics, key), key
    assert sc.dynamics == calibrated.dynamics
    for key in CALIBRATED_STRUCTURE:
        assert getattr(sc.structure, key) == getattr(calibrated.structure, key), key
