"""Inherited events changed, removed or added by id in a scenario that ``extends`` another."""

from __future__ import annotations

import json

import pytest

from resetsim.scenario import ScenarioError, load_scenario

PARENT = """
extends = "trump-2017"  # no events of its own
name = "with-ids"

[[events]]
id = "georgia"
date = "2017-08"
kind = "clash"
label = "A border war"
severity = 0.6

[[events]]
id = "summit"
date = "2018-04"
kind = "deal"
label = "A summit"
severity = 0.4

[[events]]
id = "protests"
date = "2019-12"
kind = "shock"
label = "Street protests"
side = "RU"
"""


@pytest.fixture
def parent(write):
    return write("with-ids.toml", PARENT)


def _labels(sc):
    return [(e.id, e.label, e.date, e.severity) for e in sc.events]


def extending(parent: str, *events: dict) -> str:
    """A scenario that extends ``parent`` and lists these ``[[events]]`` entries (TOML)."""
    lines = [f'extends = "{parent}"']
    for entry in events:
        lines += ["", "[[events]]", *(f"{k} = {json.dumps(v)}" for k, v in entry.items())]
    return "\n".join(lines) + "\n"


def clash(name: str, date: str, label: str) -> dict:
    """An ``[[events]]`` entry of kind clash."""
    return {"id": name, "date": date, "kind": "clash", "label": label}


REMOVE_SUMMIT = {"id": "summit", "remove": True}


def test_remove_one_inherited_event_keeps_the_others(parent, write):
    child = write("child.toml", extending("with-ids", REMOVE_SUMMIT))
    assert [e.id for e in load_scenario(child).events] == ["georgia", "protests"]


def test_change_one_inherited_event_in_place_and_add_one(parent, write):
    moved = {"id": "georgia", "date": "2017-10"}
    text = extending("with-ids", moved, clash("new-crisis", "2021-02", "A new crisis"))
    sc = load_scenario(write("child.toml", text))
    assert _labels(sc) == [
        ("georgia", "A border war", "2017-10", 0.6),
        ("summit", "A summit", "2018-04", 0.4),
        ("protests", "Street protests", "2019-12", 0.5),
        ("new-crisis", "A new crisis", "2021-02", 0.5),
    ]
    assert sc.content_hash != load_scenario("with-ids.toml").content_hash


def test_events_with_ids_add_to_a_parent_whose_events_have_none(write):
    child = write("child.toml", extending("obama-2009", clash("extra", "2012-01", "One more")))
    parent = load_scenario("obama-2009").events
    events = load_scenario(child).events
    assert events[:-1] == parent
    assert events[-1].label == "One more"


NO_ID = {"date": "2018-01", "kind": "shock", "label": "Only this one", "side": "US"}


def test_events_without_ids_still_replace_the_inherited_list(parent, write):
    child = write("child.toml", extending("with-ids", NO_ID))
    assert [e.label for e in load_scenario(child).events] == ["Only this one"]


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        pytest.param(
            [{"id": "sumit", "remove": True}],
            ["events[sumit].remove", "summit", "child.toml"],
            id="unknown-id-names-the-inherited-ones",
        ),
        pytest.param(
            [REMOVE_SUMMIT, NO_ID], ["events[1]", "no id"], id="entry-without-id-among-ids"
        ),
    ],
)
def test_bad_event_ids_in_a_child_are_explained(parent, write, events, expected):
    with pytest.raises(ScenarioError) as info:
        load_scenario(write("child.toml", extending("with-ids", *events)))
    text = info.value.render()
    assert all(part in text for part in expected), text


def test_an_event_id_used_twice_is_an_error(write):
    twice = extending(
        "obama-2009", clash("same", "2015-08", "One"), clash("same", "2016-08", "Two")
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(write("twice.toml", twice))
    assert "event id 'same' is used twice" in info.value.render()


def test_removed_event_no_longer_happens_in_the_run(parent, write):
    from resetsim import ResetModel

    child = write("child.toml", extending("with-ids", {"id": "georgia", "remove": True}))
    with_event = ResetModel(load_scenario("with-ids.toml"), seed=3).run(months=12).events()
    without = ResetModel(load_scenario(child), seed=3).run(months=12).events()
    assert (with_event["event"].str.contains("A border war")).any()
    assert not (without["event"].str.contains("A border war")).any()
