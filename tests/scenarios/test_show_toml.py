"""``resetsim show SCENARIO --toml``: the resolved scenario as one file, same content hash."""

from __future__ import annotations

import tomllib

import pytest

from resetsim.scenario import list_scenarios, load_scenario
from resetsim.scenario.writer import scenario_toml, toml_document


@pytest.mark.parametrize("name", sorted(list_scenarios()))
def test_every_shipped_scenario_round_trips_to_the_same_hash(name, tmp_path):
    sc = load_scenario(name)
    path = tmp_path / f"{name}-resolved.toml"
    path.write_text(scenario_toml(sc), encoding="utf-8")
    back = load_scenario(path)
    assert "extends" not in tomllib.loads(path.read_text(encoding="utf-8"))
    assert back.content_hash == sc.content_hash
    assert back.model_dump() == sc.model_dump()


def test_overrides_and_awkward_text_survive_the_round_trip(tmp_path):
    sc = load_scenario("us-cuba-2014").with_overrides(
        {
            "structure.trade_share": 0.05,
            "description": 'Quotes " and \\ back\u00adslash,\ttab, new\nline, DEL \x7f, é, 😀',
        }
    )
    path = tmp_path / "x.toml"
    path.write_text(scenario_toml(sc), encoding="utf-8")
    back = load_scenario(path)
    assert back.structure.trade_share == 0.05
    assert back.description == sc.description
    assert back.content_hash == sc.content_hash != load_scenario("us-cuba-2014").content_hash


def test_toml_document_refuses_values_toml_cannot_hold():
    with pytest.raises(ValueError, match=r"x\.y"):
        toml_document({"x": {"y": float("nan")}})
    with pytest.raises(ValueError, match="cannot write"):
        toml_document({"z": object()})
    assert tomllib.loads(toml_document({"a b": {"c.d": [1, 2.5]}})) == {"a b": {"c.d": [1, 2.5]}}


def test_show_prints_toml_that_loads_back(cli, workdir):
    result = cli("show", "hawks-both-sides", "--set", "dynamics.persuasion_rate=0.2", "--toml")
    assert result.exit_code == 0, result.output
    (workdir / "resolved.toml").write_text(result.output, encoding="utf-8")
    back = load_scenario(workdir / "resolved.toml")
    want = load_scenario("hawks-both-sides", {"dynamics.persuasion_rate": 0.2})
    assert back.content_hash == want.content_hash
    assert back.dynamics.persuasion_rate == 0.2


def test_show_out_writes_the_file_and_summary_names_the_chain(cli, workdir):
    result = cli("show", "compliant-congress", "--out", "cc.toml")
    assert result.exit_code == 0, result.output
    assert load_scenario("cc.toml").content_hash == load_scenario("compliant-congress").content_hash
    summary = cli("show", "compliant-congress")
    assert summary.exit_code == 0
    assert "compliant-congress.toml <- " in summary.flat
    assert "trump-2017.toml" in summary.flat
    assert load_scenario("compliant-congress").content_hash in summary.flat


def test_show_bad_input_is_one_line(cli, workdir):
    for args, says in (
        (("show", "obama-2009", "--set", "structure.nope=1", "--toml"), "structure.nope"),
        (("show", "no-such-scenario"), "no-such-scenario"),
        (("show", "obama-2009", "--out", "x.txt"), "ending in .toml"),
    ):
        result = cli(*args)
        result.assert_clean_failure()
        assert says in result.flat
