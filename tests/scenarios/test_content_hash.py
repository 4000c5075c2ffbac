"""Content hashes of the 0.1.0 scenarios stay put as the schema grows.

A batch's manifest and a run's ``run.json`` record the scenario's content hash; a new field
left at its default must not change it, or the provenance of earlier outputs would no longer
match the same file. The pinned values are those of ``scenario_hash`` before stances by
remit, institutions and event issues were added.
"""

from __future__ import annotations

import pytest

from resetsim import load_scenario

PINNED = {
    "obama-2009": "2df488bdc2c676b7",
    "history-1992-2016": "9579fccc40203b99",
    "trump-2017": "1abf38f287ccbb8b",
    "bush-2001": "1999477e17e9a11a",
}


@pytest.mark.parametrize(("name", "digest"), sorted(PINNED.items()))
def test_new_fields_at_their_defaults_leave_the_hash_alone(name, digest):
    assert load_scenario(name).content_hash == digest


@pytest.mark.parametrize(
    "override",
    [
        {"factions.*.constituency": 0.5},
        {"bureaucracies.*.remit": {"sanctions": 2.0}},
        {"structure.clash_issues": ["sanctions"]},
    ],
)
def test_a_stake_set_away_from_its_default_changes_the_hash(override):
    sc = load_scenario("obama-2009")
    assert sc.with_overrides(override).content_hash != PINNED["obama-2009"]


@pytest.mark.parametrize(
    "override",
    [
        {"dynamics.scheduled_clash_reading": 0.5},
        {"dynamics.anticipate_veto": True},
        {"dynamics.violation_rate": 0.1},
        {"dynamics.violation_weight": 0.2},
    ],
)
def test_a_dynamics_mixin_field_set_away_from_its_default_changes_the_hash(override):
    sc = load_scenario("obama-2009")
    assert sc.with_overrides(override).content_hash != PINNED["obama-2009"]


def test_drop_dynamics_defaults_keeps_only_the_fields_away_from_their_defaults():
    from resetsim.scenario.fields import drop_dynamics_defaults
    from resetsim.scenario.readings import ScheduledReading
    from resetsim.scenario.statutes import TreatyViolation

    data = {"dynamics": {"scheduled_clash_reading": 1.0, "violation_rate": 0.0,
                         "violation_weight": 0.3, "persuasion_rate": 0.12}}  # fmt: skip
    drop_dynamics_defaults(data, ScheduledReading, TreatyViolation)
    assert data == {"dynamics": {"violation_weight": 0.3, "persuasion_rate": 0.12}}
    drop_dynamics_defaults({}, ScheduledReading)  # no [dynamics] table: nothing to drop


def test_drop_entry_defaults_drops_per_table_fields_at_their_defaults_only():
    from resetsim.scenario.fields import drop_entry_defaults

    data = {
        "bureaucracies": [{"name": "A", "remit": "", "clout": 0.5}, {"name": "B", "remit": "x"}],
        "events": [{"month": 3, "issue": None}],
    }
    defaults = {"bureaucracies": {"remit": "", "absent": 1}, "events": {"issue": None},
                "factions": {"commerce": 0.0}}  # fmt: skip
    drop_entry_defaults(data, defaults)
    assert data == {
        "bureaucracies": [{"name": "A", "clout": 0.5}, {"name": "B", "remit": "x"}],
        "events": [{"month": 3}],
    }


def test_a_severe_clash_level_set_changes_the_hash():
    sc = load_scenario("obama-2009")
    assert (
        sc.with_overrides({"phases.severe_clash_level": 0.0}).content_hash != PINNED["obama-2009"]
    )
