"""Dotted-key overrides (``Scenario.with_overrides`` and ``--set``): unknown keys and bad
values are clear errors, wildcards reach every entry, and the original is never changed."""

from __future__ import annotations

import numpy as np
import pytest

from resetsim.scenario import ScenarioError, load_scenario
from resetsim.scenario.loader import OVERRIDES_ORIGIN


@pytest.fixture(scope="module")
def obama():
    return load_scenario("obama-2009")


def test_unknown_key_lists_valid_keys_nearby(obama):
    with pytest.raises(ScenarioError) as info:
        obama.with_overrides({"structure.trade_shar": 0.05})
    (problem,) = info.value.problems
    assert problem.field == "structure.trade_shar"
    assert "unknown parameter" in problem.message
    assert "structure.trade_share" in problem.message


def test_unknown_roster_entry_suggests_the_real_one(obama):
    with pytest.raises(ScenarioError) as info:
        obama.with_overrides({"factions.Republican hawk.stance": 0.1})
    assert "factions.Republican hawks.stance" in info.value.problems[0].message


def test_unknown_table_lists_tables(obama):
    with pytest.raises(ScenarioError) as info:
        obama.with_overrides({"structur.trade_share": 0.05})
    assert "structure.trade_share" in info.value.problems[0].message


def test_every_unknown_key_is_reported_at_once(obama):
    with pytest.raises(ScenarioError) as info:
        obama.with_overrides({"structure.nope": 1, "dynamics.nada": 2, "structure.trade_share": 0})
    assert {p.field for p in info.value.problems} == {"structure.nope", "dynamics.nada"}


def test_bad_value_is_a_clear_error(obama):
    with pytest.raises(ScenarioError) as info:
        obama.with_overrides({"structure.trade_share": "lots"})
    (problem,) = info.value.problems
    assert "structure.trade_share" in problem.field
    assert problem.message == 'must be a number from 0 to 0.2 (got text "lots")'


def test_bad_values_from_load_are_blamed_on_the_override_not_the_file():
    with pytest.raises(ScenarioError) as info:
        load_scenario("obama-2009", {"structure.trade_share": 0.5, "bureaucracies.*.inertia": 2})
    problems = {p.field: p for p in info.value.problems}
    assert set(problems) == {"structure.trade_share", "bureaucracies.*.inertia"}
    assert all(p.file == OVERRIDES_ORIGIN and p.line is None for p in problems.values())


def test_cli_set_wrong_type(cli, tmp_path):
    result = cli("run", "obama-2009", "--set", "structure.trade_share=abc", "--out", tmp_path / "o")
    result.assert_clean_failure()
    assert "structure.trade_share: must be a number from 0 to 0.2" in result.flat
    assert 'got text "abc"' in result.flat
    assert not (tmp_path / "o").exists()


def test_cli_set_unknown_key_and_malformed_pair(cli, tmp_path):
    result = cli("run", "obama-2009", "--set", "dynamics.persuasion=0.1", "--out", tmp_path)
    result.assert_clean_failure()
    assert "dynamics.persuasion_rate" in result.flat
    result = cli("run", "obama-2009", "--set", "structure.trade_share", "--out", tmp_path)
    result.assert_clean_failure()
    assert "expected KEY=VALUE" in result.flat


def test_cli_set_good_value_runs(cli, tmp_path):
    result = cli(
        "run",
        "obama-2009",
        "--months",
        "2",
        "--set",
        "bureaucracies.*.inertia=0.9",
        "--out",
        tmp_path / "o",
    )
    assert result.exit_code == 0, result.output


def test_wildcard_reaches_every_entry(obama):
    sc = obama.with_overrides({"bureaucracies.*.inertia": 0.9, "factions.*.hawkishness": 0.1})
    assert [b.inertia for b in sc.bureaucracies] == [0.9] * len(obama.bureaucracies)
    assert {f.hawkishness for f in sc.factions} == {0.1}


def test_named_entry_beats_nothing_else(obama):
    sc = obama.with_overrides({"presidents.US.capital": 0.2})
    caps = {p.side: p.capital for p in sc.presidents}
    assert caps["US"] == 0.2
    assert caps["RU"] == next(p.capital for p in obama.presidents if p.side == "RU")


def test_overrides_do_not_mutate_the_original(obama):
    before = obama.model_dump(mode="json")
    raw_before = obama._raw
    hash_before = obama.content_hash
    changed = obama.with_overrides(
        {"structure.trade_share": 0.05, "bureaucracies.*.inertia": 0.1, "presidents.US.stance": 0}
    )
    assert changed.content_hash != hash_before
    assert obama.model_dump(mode="json") == before
    assert obama._raw == raw_before
    assert obama.content_hash == hash_before
    # a second override starts from the original, not from the first
    again = obama.with_overrides({"structure.worldview_gap": 0.5})
    assert again.structure.trade_share == obama.structure.trade_share
    assert load_scenario("obama-2009").content_hash == hash_before


def test_chained_overrides_accumulate(obama):
    sc = obama.with_overrides({"structure.trade_share": 0.05})
    sc = sc.with_overrides({"structure.worldview_gap": 0.1})
    assert (sc.structure.trade_share, sc.structure.worldview_gap) == (0.05, 0.1)


def test_numpy_values_and_whole_floats_are_accepted(obama):
    sc = obama.with_overrides(
        {
            "structure.trade_share": np.float64(0.01),
            "phases.min_dwell": np.int64(2),
            "dynamics.retry_months": 12.0,  # a slider's whole float, for an int field
        }
    )
    assert sc.structure.trade_share == 0.01
    assert sc.phases.min_dwell == 2 and isinstance(sc.phases.min_dwell, int)
    assert sc.dynamics.retry_months == 12 and isinstance(sc.dynamics.retry_months, int)
    with pytest.raises(ScenarioError, match="must be a whole number"):
        obama.with_overrides({"dynamics.retry_months": 12.5})


def test_entry_names_with_dots(write):
    path = write(
        "dots.toml",
        """
        extends = "obama-2009"

        [[factions]]
        name = "Republican hawks"
        remove = true

        [[factions]]
        side = "US"
        name = "Sen. McCain's hawks"
        seats = 21
        stance = -0.6
        instruments = ["treaty"]
        """,
    )
    sc = load_scenario(path, {"factions.Sen. McCain's hawks.stance": -0.9})
    hawks = next(f for f in sc.factions if f.name == "Sen. McCain's hawks")
    assert hawks.stance == -0.9
    assert "Republican hawks" not in {f.name for f in sc.factions}


# ----------------------------------------------------------- addressing by side and leader
def test_an_override_by_side_sets_every_faction_of_that_side_only():
    from resetsim.scenario import load_scenario

    sc = load_scenario("history-1992-2016", {"factions.US.hawkishness": 0.95})
    base = load_scenario("history-1992-2016")
    for new, old in zip(sc.factions, base.factions, strict=True):
        assert new.hawkishness == (0.95 if new.side == "US" else old.hawkishness)


def test_an_override_by_leader_sets_that_leaders_changes():
    from resetsim.scenario import load_scenario

    sc = load_scenario("history-1992-2016", {"leader_changes.Putin.capital": 0.33})
    changed = {(c.date, c.name): c.capital for c in sc.leader_changes}
    assert changed[("2000-01", "Putin")] == changed[("2012-05", "Putin")] == 0.33
    assert changed[("2009-01", "Obama")] != 0.33


def test_a_president_override_that_a_leader_change_replaces_warns():
    import warnings

    from resetsim.scenario import load_scenario
    from resetsim.scenario.overrides import ScenarioWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ScenarioWarning)
        load_scenario("history-1992-2016", {"presidents.RU.stance": 0.5})
        load_scenario("history-1992-2016", {"presidents.RU.clout": 0.5})  # not a change's
        load_scenario("history-1992-2016", {"factions.RU.hawkishness": 0.5})
    messages = [str(w.message) for w in caught if w.category is ScenarioWarning]
    assert len(messages) == 1
    assert "presidents.RU.stance holds only until 2000-01" in messages[0]
    assert "leader_changes.Putin.stance" in messages[0]


def test_an_unknown_side_is_an_unknown_key_naming_the_sides():
    from resetsim.scenario import load_scenario
    from resetsim.scenario.errors import ScenarioError

    nearby = r"factions\.XX\.hawkishness.*factions\.US\.hawkishness"
    with pytest.raises(ScenarioError, match=nearby):
        load_scenario("history-1992-2016", {"factions.XX.hawkishness": 0.9})
