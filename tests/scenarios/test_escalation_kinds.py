"""Which kinds ``structure.escalation_kinds`` may name: every hostile event the run makes."""

from resetsim import load_scenario


def test_escalation_kinds_may_name_the_hostile_events_that_are_not_moves():
    sc = load_scenario("obama-2009").with_overrides(
        {"structure.escalation_kinds": ["clash", "shock", "congress", "withdrawal", "violation"]}
    )
    assert sc.structure.escalation_kinds[-1] == "violation"
