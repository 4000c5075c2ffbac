"""Range files: the shipped one is valid for the default scenario; bad ones are named."""

import pytest

import resetsim
from resetsim.scenario.schema import Structure
from resetsim.sensitivity.ranges import (
    Range,
    RangesError,
    check_ranges,
    load_ranges,
    overrides_for,
    salib_problem,
)

OBAMA = resetsim.load_scenario("obama-2009")


def test_shipped_ranges_are_ten_documented_factors_inside_the_schema():
    ranges = load_ranges()
    assert len(ranges) == 10
    assert all(r.note for r in ranges)
    check_ranges(ranges, OBAMA)
    problem = salib_problem(ranges)
    assert problem["num_vars"] == 10 and len(set(problem["names"])) == 10
    for r in ranges:
        if r.key.startswith("structure."):
            field = Structure.model_fields[r.key.split(".")[1]]
            low = next(m.ge for m in field.metadata if hasattr(m, "ge"))
            high = next(m.le for m in field.metadata if hasattr(m, "le"))
            assert low <= r.low < r.high <= high


def test_shift_keeps_differences_and_clips_to_the_schema():
    shift = Range("factors.*.x", -0.2, 0.2, "shift")
    with pytest.raises(RangesError, match="not a numeric parameter"):
        overrides_for([shift], [0.1], OBAMA)
    hawks = Range("factions.*.hawkishness", -0.2, 0.2, "shift")
    out = overrides_for([hawks], [0.1], OBAMA)
    by_name = {f.name: f.hawkishness for f in OBAMA.factions}
    assert set(out) == {f"factions.{name}.hawkishness" for name in by_name}
    for name, value in by_name.items():
        assert out[f"factions.{name}.hawkishness"] == pytest.approx(min(1.0, value + 0.1))
    scaled = overrides_for([Range("structure.relax_rate", 0.5, 2, "scale")], [2.0], OBAMA)
    assert scaled == {"structure.relax_rate": pytest.approx(2 * OBAMA.structure.relax_rate)}
    OBAMA.with_overrides(out)


_RELAX = '[[parameters]]\nkey = "structure.relax_rate"\n'
"""The start of a range file with one entry: what each bad file below adds to it."""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_RELAX + "low = 0.1\nhigh = 0.05\n", "low must be below high"),
        (_RELAX + "low = 0.1\nhigh = 0.2\nsize = 3\n", "unknown field"),
        (_RELAX + 'low = "a"\nhigh = 0.2\n', "must both be numbers"),
        (_RELAX + 'low = 0\nhigh = 1\nmode = "log"\n', "mode"),
        ("title = 'x'\n", "no \\[\\[parameters"),
        ("[[parameters\n", "not valid TOML"),
    ],
)
def test_bad_range_files_are_explained(refused, text, message):
    refused(load_ranges, RangesError, text, message, "ranges.toml")


def test_ranges_outside_the_schema_or_scenario_are_refused():
    bad = [Range("structure.relax_rate", 0.5, 1.5), Range("structure.relax_rat", 0.1, 0.2)]
    with pytest.raises(RangesError) as info:
        check_ranges(bad, OBAMA)
    text = str(info.value)
    assert "structure.relax_rate = 1.5" in text and "structure.relax_rat:" in text


def test_global_severity_scale_multiplies_every_event_and_move_clipped():
    scale = Range("events.*.severity", 0.8, 1.2, "scale")
    out = overrides_for([scale], [1.2], OBAMA)
    scaled = OBAMA.with_overrides(out)
    for before, after in zip(OBAMA.events, scaled.events, strict=True):
        assert after.severity == pytest.approx(min(1.0, before.severity * 1.2))
        assert (after.date, after.label) == (before.date, before.label)
    generative = resetsim.load_scenario("history-1992-2016-generative")
    moved = generative.with_overrides(overrides_for([scale], [0.8], generative))
    assert [m.severity for m in moved.moves] == pytest.approx(
        [m.severity * 0.8 for m in generative.moves]
    )
    check_ranges([scale], OBAMA)


def test_global_severity_scale_takes_scale_mode_only(tmp_path):
    path = tmp_path / "r.toml"
    path.write_text('[[parameters]]\nkey = "events.*.severity"\nlow = 0.8\nhigh = 1.2\n')
    with pytest.raises(RangesError, match="scale"):
        load_ranges(path)
