"""Sides are data: a scenario declares its two sides; 0.1.0 files default to US and RU."""

from pathlib import Path

import pytest

import resetsim
from resetsim.model import ResetModel
from resetsim.scenario import ScenarioError, load_scenario
from resetsim.scenario.schema import DEFAULT_SIDES

CUBA = Path(__file__).with_name("data") / "us-cuba-test.toml"


@pytest.fixture(scope="module")
def cuba_run():
    return ResetModel(load_scenario(CUBA), seed=1).run()


def test_a_file_without_sides_has_the_default_us_and_russia():
    sc = load_scenario("obama-2009")
    assert sc.sides == [] and sc.declared_sides == DEFAULT_SIDES
    assert sc.side_ids == ("US", "RU")


def test_us_cuba_validates_with_its_declared_sides():
    sc = load_scenario(CUBA)
    assert sc.side_ids == ("US", "CU")
    assert [s.name for s in sc.declared_sides] == ["the United States", "Cuba"]
    assert sc.proposals[0].initiator == "US"  # the first declared side by default
    assert sc.events[1].reading == {"US": 1.0, "CU": 1.0}


def test_us_cuba_outputs_use_the_declared_sides(cuba_run):
    ts = cuba_run.timeseries()
    for name in ("public_favourability", "capital", "prestige", "reputation", "president"):
        assert f"cu_{name}" in ts and f"ru_{name}" not in ts
    assert "perceived_cu" in ts
    assert ts["cu_president"].iloc[0] == "Raul Castro"
    assert set(cuba_run.actors()["side"]) == {"US", "CU"}
    log = cuba_run.decision_log()
    assert set(log["side"]) <= {"US", "CU"} and "CU" in set(log["side"])
    cuban = log[log["side"] == "CU"]["reason"]
    assert cuban.str.contains("Cuban").any()
    assert not log["reason"].str.contains("RU|Russia").any()


def test_a_side_that_is_not_declared_is_refused_with_what_is_allowed(tmp_path):
    hardliners = 'side = "CU"\nname = "Party hardliners"'
    text = CUBA.read_text().replace(hardliners, hardliners.replace("CU", "RU"))
    bad = tmp_path / "bad-side.toml"
    bad.write_text(text)
    with pytest.raises(ScenarioError) as err:
        load_scenario(bad)
    message = str(err.value)
    assert 'factions[Party hardliners].side: must be one of "US", "CU" (got text "RU")' in message


def test_an_infinite_number_is_refused_at_validation(tmp_path):
    path = tmp_path / "inf.toml"
    path.write_text('extends = "obama-2009"\n[[presidents]]\nside = "US"\nclout = inf\n')
    with pytest.raises(
        ScenarioError, match=r"presidents\[US\]\.clout: must be a number from 0 to 100 \(got inf\)"
    ):
        load_scenario(path, dirs=[resetsim.scenario.loader.builtin_dir()])
