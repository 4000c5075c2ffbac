"""Every month field of a scenario takes a calendar month ``YYYY-MM`` and refuses the rest.

The month fields share one type (:data:`resetsim.scenario.fields.Month`): a bad month is
refused with the same one-line message whichever field it is in, and a field that may be
left out accepts being left out.
"""

from __future__ import annotations

import copy

import pytest

from resetsim.scenario import ScenarioError, load_scenario
from resetsim.scenario.loader import validate_data

BASE = load_scenario("obama-2009").model_dump(mode="json")
CHANGE = {"date": "2010-06", "side": "US", "name": "Successor", "stance": 0.1}
FIELDS = [
    (("start",), "start"),
    (("presidents", 0, "term_end"), "presidents[US].term_end"),
    (("proposals", 0, "earliest"), "proposals[new-start].earliest"),
    (("events", 0, "date"), "events["),
    (("leader_changes", 0, "date"), "leader_changes["),
    (("leader_changes", 0, "term_end"), "leader_changes["),
]


def _with(path: tuple, value) -> dict:
    data = copy.deepcopy(BASE)
    data["leader_changes"] = [dict(CHANGE)]
    holder = data
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = value
    return data


@pytest.mark.parametrize(("path", "named"), FIELDS)
@pytest.mark.parametrize("bad", ["2009-13", "2009/01", "2009-1", "09-01"])
def test_a_bad_month_is_refused_naming_the_field(path, named, bad):
    with pytest.raises(ScenarioError) as info:
        validate_data(_with(path, bad), source="t.toml")
    (problem,) = info.value.problems
    assert problem.field.startswith(named) and problem.field.endswith(path[-1])
    assert problem.message == (
        f'must be a calendar month written YYYY-MM, e.g. 2009-01 (got text "{bad}")'
    )


@pytest.mark.parametrize(("path", "named"), FIELDS)
def test_a_month_is_accepted_and_kept(path, named):
    good = BASE["start"] if path == ("start",) else "2010-07"  # inside the horizon
    sc = validate_data(_with(path, good), source="t.toml")
    holder = sc
    for part in path:
        holder = holder[part] if isinstance(part, int) else getattr(holder, part)
    assert holder == good


@pytest.mark.parametrize("path", [("presidents", 0, "term_end"), ("proposals", 0, "earliest")])
def test_an_optional_month_may_be_left_out(path):
    sc = validate_data(_with(path, None), source="t.toml")
    assert sc.content_hash
