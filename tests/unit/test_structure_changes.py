"""Structure that changes during a run: ``[[structure_changes]]`` (FPRI article: the
worldviews of the early 1990s were closer than they became)."""

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

import resetsim
from resetsim.model import ResetModel
from resetsim.model.stages.relationship import structural_baseline
from resetsim.scenario.schema import STRUCTURE_CHANGE_FIELDS, Structure, StructureChange

MONTH = 24  # 2011-01 in obama-2009
SEEDS = range(1000, 1030)


def with_changes(changes, **overrides):
    return resetsim.load_scenario("obama-2009").with_overrides(
        {"structure_changes": changes, **overrides}
    )


def test_a_change_moves_the_baseline_anchors_and_bargaining_at_its_month():
    sc = with_changes(
        [{"date": "2011-01", "label": "Worldviews drift apart", "worldview_gap": 1.0}]
    )
    model = ResetModel(sc, seed=3)
    model.run(MONTH - 1)
    before = model.baseline
    anchors = {a.name: a.anchor for s in model.bureaucracies.values() for a in s}
    model.step()
    assert model.structure.worldview_gap == 1.0
    assert sc.structure.worldview_gap == pytest.approx(0.8)  # the scenario is not touched
    assert before == pytest.approx(structural_baseline(sc.structure))
    assert model.baseline == pytest.approx(structural_baseline(model.structure))
    assert model.baseline < before
    weight = sc.dynamics.worldview_anchor_weight
    for agencies in model.bureaucracies.values():
        for agency in agencies:
            drop = weight * agency.worldview * 0.2
            assert agency.anchor == pytest.approx(max(-1.0, anchors[agency.name] - drop))
    events = model.events()
    row = events[events["kind"] == "structure"]
    assert row["month"].tolist() == [MONTH]
    assert "worldview gap 0.8 -> 1" in row["event"].iloc[0]
    assert model.timeseries()["baseline"].iloc[MONTH] == pytest.approx(model.baseline)


def test_a_change_to_the_same_values_changes_nothing_but_the_event_log():
    same = with_changes([{"date": "2011-01", "label": "No change", "worldview_gap": 0.8}])
    plain = resetsim.load_scenario("obama-2009")
    for seed in (1, 2, 3):
        a, b = ResetModel(same, seed=seed).run(), ResetModel(plain, seed=seed).run()
        pd.testing.assert_frame_equal(a.timeseries(), b.timeseries())
        pd.testing.assert_frame_equal(a.decision_log(), b.decision_log())
        assert len(a.events()) == len(b.events()) + 1


def test_widening_the_gap_mid_run_lowers_the_relationship_afterwards():
    """Same seeds, no scheduled events: a wider gap from 2011 pulls the relationship down."""
    wide = with_changes(
        [{"date": "2011-01", "label": "Worldviews drift apart", "worldview_gap": 1.0}], events=[]
    )
    plain = with_changes([], events=[])

    def mean_after(sc):
        return np.mean(
            [
                ResetModel(sc, seed=s).run().timeseries()["relationship"].iloc[MONTH:].mean()
                for s in SEEDS
            ]
        )

    assert mean_after(wide) < mean_after(plain) - 0.02


@pytest.mark.parametrize("field", STRUCTURE_CHANGE_FIELDS)
def test_a_change_allows_exactly_what_the_structure_allows(field):
    """A structure change cannot set a value that [structure] itself would refuse."""
    for value in (-1.5, -1.0, -0.01, 0.0, 0.2, 0.21, 1.0, 1.01, 5.0, 5.01):
        try:
            Structure(**{field: value})
            structure_ok = True
        except ValidationError:
            structure_ok = False
        try:
            StructureChange(date="2011-01", label="x", **{field: value})
            change_ok = True
        except ValidationError:
            change_ok = False
        assert change_ok == structure_ok, (field, value)


# ----------------------------------------------------------------- roster changes
def _with_roster_changes(changes):
    import copy

    from _tiny import TINY

    from resetsim.scenario.loader import validate_data

    data = copy.deepcopy(TINY)
    data["roster_changes"] = changes
    return validate_data(data)


def test_a_midterm_gives_a_faction_new_seats_and_stance_at_its_date():
    from _tiny import TINY

    from resetsim.model import ResetModel

    faction = TINY["factions"][0]["name"]
    sc = _with_roster_changes(
        [{"date": "2000-03", "label": "Midterm", "actor": faction, "seats": 7, "stance": -0.9}]
    )
    m = ResetModel(sc, seed=1)
    actor = next(a for a in m.roster if a.name == faction)
    before = actor.seats
    m.run(months=1)
    assert actor.seats == before
    m.run(months=1)
    assert actor.seats == 7
    rows = m.events()[m.events()["kind"] == "roster"]
    assert rows["event"].tolist() == [f"Midterm ({faction}: stance -0.9, seats 7)"]
    assert rows["date"].tolist() == ["2000-03"]


def test_a_new_agency_anchor_is_pulled_down_by_the_worldview_gap():
    from _tiny import TINY

    from resetsim.model import ResetModel

    agency = TINY["bureaucracies"][0]["name"]
    sc = _with_roster_changes(
        [{"date": "2000-02", "label": "New chief", "actor": agency, "anchor": 0.5, "clout": 0.4}]
    )
    m = ResetModel(sc, seed=1).run(months=1)
    actor = next(a for a in m.roster if a.name == agency)
    gap, weight = m.structure.worldview_gap, sc.dynamics.worldview_anchor_weight
    assert actor.mission_anchor == 0.5
    assert actor.anchor == pytest.approx(0.5 - weight * actor.worldview * gap)
    assert actor.weight == pytest.approx(0.4 * actor.salience)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"actor": "Nobody", "stance": 0.1}, "unknown agency or faction"),
        ({"actor": "<agency>", "seats": 3}, "only a faction has seats"),
        ({"actor": "<faction>", "anchor": 0.1}, "only an agency has an anchor"),
        ({"actor": "<faction>"}, "must set at least one of"),
    ],
)
def test_bad_roster_changes_are_named(change, message):
    from _tiny import TINY

    from resetsim.scenario.errors import ScenarioError

    names = {"<agency>": TINY["bureaucracies"][0]["name"], "<faction>": TINY["factions"][0]["name"]}
    entry = {"date": "2000-03", "label": "x", **change}
    entry["actor"] = names.get(entry["actor"], entry["actor"])
    with pytest.raises(ScenarioError, match=message):
        _with_roster_changes([entry])
