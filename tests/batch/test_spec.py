"""Batch specs, grid parsing, per-run seeds and the checked run list."""

from __future__ import annotations

import numpy as np
import pytest

from resetsim.batch import BatchError, BatchSpec, load_spec
from resetsim.batch.plan import prepare
from resetsim.batch.seeds import run_seed
from resetsim.batch.spec import expand_range, parse_assignment, parse_grid_text


def test_range_has_n_evenly_spaced_values_including_ends():
    assert expand_range("0:1:11") == [i / 10 for i in range(11)]
    assert expand_range("0.05:0.2:4") == [0.05, 0.1, 0.15, 0.2]
    assert expand_range("6:24:4") == [6, 12, 18, 24]
    assert all(isinstance(v, int) for v in expand_range("6:24:4"))
    assert expand_range("6:24:5") == [6.0, 10.5, 15.0, 19.5, 24.0]
    assert expand_range("0.1") is None
    with pytest.raises(BatchError, match="at least 2"):
        expand_range("0:1:1")


def test_grid_text_mixes_lists_and_ranges():
    assert parse_grid_text("k", "0.01, 0.1:0.3:3") == [0.01, 0.1, 0.2, 0.3]
    assert parse_grid_text("k", "1,2") == [1, 2]
    with pytest.raises(BatchError, match="no values"):
        parse_grid_text("k", " ")
    with pytest.raises(BatchError, match="empty value"):
        parse_grid_text("k", "0.1,,0.2")
    with pytest.raises(BatchError, match="KEY=VALUE"):
        parse_assignment("structure.clash_rate", "--grid")


def test_grid_values_are_normalised_and_unique():
    spec = BatchSpec(("obama-2009",), seeds=1, grid={"a": [1, 0.5], "b": "2,3"})
    assert spec.grid == {"a": (1.0, 0.5), "b": (2, 3)}
    assert spec.n_points == 4 and spec.n_runs == 4
    with pytest.raises(BatchError, match="twice"):
        BatchSpec(("obama-2009",), seeds=1, grid={"a": [0.1, 0.1]})
    with pytest.raises(BatchError, match="no values"):
        BatchSpec(("obama-2009",), seeds=1, grid={"a": []})


def test_spec_file_round_trip(tmp_path):
    spec = BatchSpec(
        ("obama-2009",),
        seeds=4,
        base_seed=9,
        overrides={"structure.trade_share": 0.05, "factions.Republican hawks.hawkishness": 0.9},
        grid={"structure.clash_rate": [0.06, 0.12], "dynamics.retry_months": "6:24:4"},
        months=24,
        actors=False,
        common_seeds=True,
    )
    path = tmp_path / "study.toml"
    path.write_text(spec.to_toml())
    assert load_spec(path) == spec


def test_spec_file_accepts_nested_tables_and_ranges(tmp_path):
    path = tmp_path / "study.toml"
    path.write_text(
        'scenarios = ["obama-2009"]\nseeds = 2\n'
        "[set.structure]\ntrade_share = 0.05\n"
        '[grid]\n"structure.clash_rate" = "0.1:0.3:3"\n'
    )
    spec = load_spec(path)
    assert spec.overrides == {"structure.trade_share": 0.05}
    assert spec.grid == {"structure.clash_rate": (0.1, 0.2, 0.3)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("seeds = 2\nbogus = 1\n", "unknown key"),
        ("seeds = 'two'\n", "whole number"),
        ("seeds = 2\nactors = 1\n", "true or false"),
        ("seeds = [\n", "TOML syntax"),
        ('seeds = 2\n[grid]\n"a" = []\n', "no values"),
    ],
)
def test_bad_spec_files_name_the_file(refused, text, message):
    refused(load_spec, BatchError, text, message, "study.toml")


def test_seed_depends_on_identity_only():
    a, key = run_seed(0, "obama-2009", {"x": 0.1}, 3)
    assert key[2] == 3 and 0 <= a < 2**63
    assert run_seed(0, "obama-2009", {"x": 0.1}, 3)[0] == a
    others = {
        run_seed(1, "obama-2009", {"x": 0.1}, 3)[0],
        run_seed(0, "trump-2017", {"x": 0.1}, 3)[0],
        run_seed(0, "obama-2009", {"x": 0.2}, 3)[0],
        run_seed(0, "obama-2009", {"x": 0.1}, 4)[0],
    }
    assert a not in others and len(others) == 4


def test_common_seeds_are_the_spawned_children_of_the_base_seed():
    children = np.random.SeedSequence(5).spawn(3)
    for r, child in enumerate(children):
        expected = int(child.generate_state(1, np.uint64)[0]) >> 1
        assert run_seed(5, "any", {"x": 1}, r, common=True) == (expected, (r,))
        assert run_seed(5, "other", {"x": 2}, r, common=True)[0] == expected


def test_plan_seeds_do_not_change_when_the_study_grows():
    small = prepare(BatchSpec(("obama-2009",), seeds=2, grid={"structure.clash_rate": [0.1]}))
    big = prepare(
        BatchSpec(("obama-2009",), seeds=5, grid={"structure.clash_rate": [0.05, 0.1, 0.2]})
    )
    old = {(t.point, t.replicate): t.seed for t in small.tasks(iter(range(small.total)))}
    new = {(t.point, t.replicate): t.seed for t in big.tasks(iter(range(big.total)))}
    assert all(new[k] == v for k, v in old.items())
    assert len(set(new.values())) == big.total == 15


def test_plan_numbers_runs_scenario_then_grid_then_replicate():
    plan = prepare(
        BatchSpec(
            ("obama-2009", "trump-2017"),
            seeds=2,
            grid={"structure.clash_rate": [0.1, 0.2], "structure.trade_share": [0.01, 0.02, 0.03]},
        )
    )
    assert plan.total == 2 * 6 * 2
    tasks = [plan.task(i) for i in range(plan.total)]
    assert [t.replicate for t in tasks[:4]] == [0, 1, 0, 1]
    assert dict(tasks[2].point) == {"structure.clash_rate": 0.1, "structure.trade_share": 0.02}
    assert dict(tasks[6].point) == {"structure.clash_rate": 0.2, "structure.trade_share": 0.01}
    assert {t.scenario for t in tasks[:12]} == {0} and {t.scenario for t in tasks[12:]} == {1}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (BatchSpec(("no-such-scenario",), seeds=1), "no scenario named"),
        (BatchSpec((), seeds=1), "no scenario given"),
        (BatchSpec(("obama-2009",), seeds=0), "at least 1"),
        (BatchSpec(("obama-2009",), seeds=1, months=500), "beyond the horizon"),
        (BatchSpec(("obama-2009",), seeds=1, overrides={"structure.nope": 1}), "unknown"),
        (BatchSpec(("obama-2009",), seeds=1, grid={"structure.nope": [1]}), "unknown"),
        (BatchSpec(("obama-2009",), seeds=1, grid={"structure.trade_share": ["abc"]}), "number"),
        (BatchSpec(("obama-2009",), seeds=1, grid={"structure.trade_share": [0.9]}), "0.2"),
        (BatchSpec(("obama-2009", "obama-2009"), seeds=1), "both named"),
        (
            BatchSpec(
                ("obama-2009",),
                seeds=1,
                overrides={"structure.clash_rate": 0.1},
                grid={"structure.clash_rate": [0.2]},
            ),
            "both as --set and as --grid",
        ),
        (
            BatchSpec(
                ("obama-2009",),
                seeds=1,
                grid={"phases.crisis_level": [-0.3, -0.2], "phases.crisis_exit": [-0.25, -0.1]},
            ),
            "crisis_level",
        ),
    ],
)
def test_bad_batches_are_refused_before_anything_runs(spec, message):
    with pytest.raises(BatchError, match=message):
        prepare(spec)


def test_scenario_paths_in_a_spec_file_are_relative_to_its_folder(tmp_path, monkeypatch):
    from pathlib import Path

    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "mine.toml").write_text('extends = "obama-2009"\nname = "mine"\n')
    study = tmp_path / "studies" / "study.toml"
    study.parent.mkdir()
    study.write_text('scenarios = ["../scenarios/mine.toml", "obama-2009"]\nseeds = 1\n')
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "scenarios").mkdir(parents=True)
    (elsewhere / "scenarios" / "mine.toml").write_text("not a scenario")  # never read
    monkeypatch.chdir(elsewhere)
    spec = load_spec(Path("..") / "studies" / "study.toml")
    assert spec.scenarios == (str(tmp_path / "scenarios" / "mine.toml"), "obama-2009")
    assert prepare(spec).total == 2


def test_a_missing_relative_scenario_is_named_from_the_spec_folder(tmp_path, monkeypatch):
    study = tmp_path / "studies" / "study.toml"
    study.parent.mkdir()
    study.write_text('scenarios = ["gone.toml"]\nseeds = 1\n')
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gone.toml").write_text("not read either")
    spec = load_spec(study)
    assert spec.scenarios == (str(tmp_path / "studies" / "gone.toml"),)
    with pytest.raises(BatchError, match=r"studies/gone\.toml"):
        prepare(spec)
