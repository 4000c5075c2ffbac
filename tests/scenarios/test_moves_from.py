"""The generative scenarios share one repertoire of moves (``moves_from``).

``obama-2009-generative`` and ``trump-2017-generative`` take the ``[[moves]]`` of
``history-1992-2016-generative``; a scenario's own ``[[moves]]`` entries change or remove
an inherited move by id; a bad ``moves_from`` is a one-line error naming the field.
"""

from __future__ import annotations

import pytest

from resetsim import load_scenario
from resetsim.scenario.errors import ScenarioError

SOURCE = "history-1992-2016-generative"


@pytest.mark.parametrize("name", ["obama-2009-generative", "trump-2017-generative"])
def test_generative_variants_use_the_history_repertoire(name):
    assert load_scenario(name).moves == load_scenario(SOURCE).moves
    assert {e.kind for e in load_scenario(name).events} <= {"clash", "opportunity"}


def test_obama_generative_keeps_only_events_no_modelled_actor_decided():
    labels = " ".join(e.label for e in load_scenario("obama-2009-generative").events)
    for decided in ("Crimea", "Snowden asylum", "expels", "Magnitsky Act", "intervention"):
        assert decided not in labels


def test_own_moves_change_and_remove_inherited_ones(write):
    name = write(
        "mine.toml",
        f"""
        extends = "obama-2009"
        moves_from = "{SOURCE}"

        [[moves]]
        id = "summit"
        severity = 0.9

        [[moves]]
        id = "munich"
        remove = true
        """,
    )
    sc = load_scenario(name)
    ids = [m.id for m in sc.moves]
    assert "munich" not in ids and len(ids) == len(load_scenario(SOURCE).moves) - 1
    assert next(m for m in sc.moves if m.id == "summit").severity == 0.9


@pytest.mark.parametrize(
    ("value", "fragment"),
    [('"no-such-repertoire"', "no scenario named 'no-such-repertoire'"), ("3", "in quotes")],
)
def test_bad_moves_from_is_a_one_line_error(write, value, fragment):
    name = write("bad.toml", f'extends = "obama-2009"\nmoves_from = {value}\n')
    with pytest.raises(ScenarioError) as info:
        load_scenario(name)
    text = str(info.value)
    assert "moves_from" in text and fragment in text and "Traceback" not in text
