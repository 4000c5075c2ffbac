"""Inherited events changed, removed or added by id in a scenario that ``extends`` another."""

from __future__ import annotations

import pytest

from resetsim.scenario import ScenarioError, load_scenario

PARENT = """
extends = "us-cuba-2014"  # no events of its own
name = "with-ids"

[[events]]
id = "georgia"
date = "2015-08"
kind = "clash"
label = "A border war"
severity = 0.6

[[events]]
id = "summit"
date = "2016-04"
kind = "deal"
label = "A summit"
severity = 0.4

[[events]]
id = "protests"
date = "2017-12"
kind = "shock"
label = "Street protests"
side = "CU"
"""


@pytest.fixture
def parent(write):
    return write("with-ids.toml", PARENT)


def _labels(sc):
    return [(e.id, e.label, e.date, e.severity) for e in sc.events]


def test_remove_one_inherited_event_keeps_the_others(parent, write):
    child = write(
        "child.toml",
        """
        extends = "with-ids"
        [[events]]
        id = "summit"
        remove = true
        """,
    )
    assert [e.id for e in load_scenario(child).events] == ["georgia", "protests"]


def test_change_one_inherited_event_in_place_and_add_one(parent, write):
    child = write(
        "child.toml",
        """
        extends = "with-ids"
        [[events]]
        id = "georgia"
        date = "2015-10"

        [[events]]
        id = "new-crisis"
        date = "2019-02"
        kind = "clash"
        label = "A new crisis"
        """,
    )
    sc = load_scenario(child)
    assert _labels(sc) == [
        ("georgia", "A border war", "2015-10", 0.6),
        ("summit", "A summit", "2016-04", 0.4),
        ("protests", "Street protests", "2017-12", 0.5),
        ("new-crisis", "A new crisis", "2019-02", 0.5),
    ]
    assert sc.content_hash != load_scenario("with-ids.toml").content_hash


def test_events_with_ids_add_to_a_parent_whose_events_have_none(write):
    child = write(
        "child.toml",
        """
        extends = "obama-2009"
        [[events]]
        id = "extra"
        date = "2012-01"
        kind = "clash"
        label = "One more clash"
        """,
    )
    parent = load_scenario("obama-2009").events
    events = load_scenario(child).events
    assert events[:-1] == parent
    assert events[-1].label == "One more clash"


def test_events_without_ids_still_replace_the_inherited_list(parent, write):
    child = write(
        "child.toml",
        """
        extends = "with-ids"
        [[events]]
        date = "2018-01"
        kind = "shock"
        label = "Only this one"
        side = "US"
        """,
    )
    assert [e.label for e in load_scenario(child).events] == ["Only this one"]


def test_removing_an_unknown_id_names_the_inherited_ones(parent, write):
    child = write(
        "child.toml",
        """
        extends = "with-ids"
        [[events]]
        id = "sumit"
        remove = true
        """,
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(child)
    text = info.value.render()
    assert "events[sumit].remove" in text
    assert "summit" in text
    assert "child.toml" in text


def test_an_entry_without_id_among_entries_with_ids_is_refused(parent, write):
    child = write(
        "child.toml",
        """
        extends = "with-ids"
        [[events]]
        id = "summit"
        remove = true

        [[events]]
        date = "2018-01"
        kind = "shock"
        label = "No id"
        side = "US"
        """,
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(child)
    text = info.value.render()
    assert "events[1]" in text and "no id" in text


def test_an_event_id_used_twice_is_an_error(write):
    twice = write(
        "twice.toml",
        """
        extends = "obama-2009"
        [[events]]
        id = "same"
        date = "2015-08"
        kind = "clash"
        label = "One"

        [[events]]
        id = "same"
        date = "2016-08"
        kind = "clash"
        label = "Two"
        """,
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(twice)
    assert "event id 'same' is used twice" in info.value.render()


def test_removed_event_no_longer_happens_in_the_run(parent, write):
    from resetsim import ResetModel

    child = write(
        "child.toml",
        """
        extends = "with-ids"
        [[events]]
        id = "georgia"
        remove = true
        """,
    )
    with_event = ResetModel(load_scenario("with-ids.toml"), seed=3).run(months=12).events()
    without = ResetModel(load_scenario(child), seed=3).run(months=12).events()
    assert (with_event["event"].str.contains("A border war")).any()
    assert not (without["event"].str.contains("A border war")).any()
