"""Validating a file with many bad roster entries costs time in proportion to its size.

The cost is counted, not timed: the number of Python and C function calls made while
the file is read, validated and its problems located and described (``sys.setprofile``
sees each one). A file ten times longer must cost about ten times as much; locating each
problem by scanning the file, as before, made it cost about a hundred times as much.
Wall-clock speed is measured in ``benchmarks/bench_validate.py``.
"""

from __future__ import annotations

import sys

import pytest
from _bad_roster import bad_roster_text

from resetsim.scenario import ScenarioError, load_scenario
from resetsim.scenario.errors import ITEMISED_PROBLEMS, SHOWN_PROBLEMS


def _calls(path) -> tuple[int, ScenarioError]:
    """Function calls made by loading ``path``, and the error it raises."""
    count = 0

    def tally(frame, event, arg):
        nonlocal count
        count += event in ("call", "c_call")

    sys.setprofile(tally)
    try:
        load_scenario(path)
    except ScenarioError as exc:
        error = exc
    finally:
        sys.setprofile(None)
    return count, error


@pytest.mark.parametrize("small", [60, 150])
def test_ten_times_the_entries_cost_about_ten_times_the_calls(tmp_path, small):
    costs = []
    for n in (small, 10 * small):
        path = tmp_path / f"big{n}.toml"
        path.write_text(bad_roster_text(n), encoding="utf-8")
        _calls(path)  # first load: caches of the schema's descriptions fill
        path.write_text(bad_roster_text(n) + "\n", encoding="utf-8")  # the file changed
        calls, error = _calls(path)
        assert error.count == n
        costs.append(calls)
    ratio = costs[1] / costs[0]
    assert ratio < 13, f"{costs}: x{ratio:.1f} for 10x the entries (linear: about 10)"


def test_thousands_of_problems_are_counted_and_a_few_shown(tmp_path):
    n = ITEMISED_PROBLEMS + 250
    path = tmp_path / "big.toml"
    path.write_text(bad_roster_text(n), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    error = caught.value
    assert error.count == n and len(error.problems) == ITEMISED_PROBLEMS
    lines = error.render().splitlines()
    assert lines[0] == f"{n} problems in scenario:"
    assert len(lines) == SHOWN_PROBLEMS + 2
    assert lines[-1] == f"  ... and {n - SHOWN_PROBLEMS} more problems (fix these first)"
    first = lines[1]
    assert "bureaucracies[Agency 0].inertia" in first and 'got text "high"' in first
    line = int(first.split(":")[1])
    assert path.read_text().splitlines()[line - 1] == 'inertia = "high"'


def test_problems_are_located_on_their_own_lines(tmp_path):
    path = tmp_path / "big.toml"
    path.write_text(bad_roster_text(40), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    text = path.read_text().splitlines()
    for problem in caught.value.problems:
        entry = problem.field.split("[")[1].split("]")[0]
        header = text.index(f'name = "{entry}"') - 2
        assert text[header] == "[[bureaucracies]]"
        key = problem.field.rsplit(".", 1)[1]
        if "missing" in problem.message:  # points at the entry's header
            assert problem.line == header + 1, problem
        else:
            assert text[problem.line - 1].startswith(f"{key} ="), problem
