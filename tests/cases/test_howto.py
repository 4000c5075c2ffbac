"""docs/how-to/add-a-case.md, followed literally: its two files make a case that forecasts.

The blocks fenced ```toml scenario``` are ``scenarios/my-case.toml`` and those fenced
```toml outcomes``` are ``data/cases/my-case.toml``, as the page says; the plain ```toml```
blocks are entries of the shipped cases.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from resetsim.cases import load_case
from resetsim.cases.outcomes import case_dir, parse_case
from resetsim.cli import app
from resetsim.scenario import files as scenario_files
from resetsim.scenario import load_scenario

HOWTO = Path(__file__).resolve().parents[2] / "docs" / "how-to" / "add-a-case.md"


def _blocks(fence: str) -> list[str]:
    return re.findall(rf"```{fence}\n(.*?)```", HOWTO.read_text(encoding="utf-8"), re.S)


def _two_files() -> tuple[str, str]:
    """The page's scenario file and outcomes file, block after block."""
    return "\n".join(_blocks("toml scenario")), "\n".join(_blocks("toml outcomes"))


def test_every_example_entry_is_a_valid_outcome():
    header = tomllib.loads(_blocks("toml outcomes")[0])
    entries = [tomllib.loads(b)["outcomes"][0] for b in _blocks("toml")]
    entries += tomllib.loads(_two_files()[1])["outcomes"]
    kinds = {"proposal", "move", "vote", "crisis", "reset", "opinion"}
    assert {e["kind"] for e in entries} == kinds
    sides = [*header["sides"], {"id": "IR", "name": "Iran"}, {"id": "RU", "name": "Russia"}]
    # the examples come from several cases: widen the window and the sides to hold them all
    data = {**header, "start": "2000-01", "cutoff": "1999-12", "sides": sides}
    record = parse_case({**data, "outcomes": entries}, str(HOWTO))
    assert len(record.outcomes) == len(entries)


def _project(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the project's scenarios/ and data/cases/, searched instead of the shipped ones."""
    root = tmp_path / "project"
    shutil.copytree(scenario_files.builtin_dir(), root / "scenarios")
    shutil.copytree(case_dir(), root / "data" / "cases")
    monkeypatch.setattr(scenario_files, "builtin_dir", lambda: root / "scenarios")
    monkeypatch.setattr("resetsim.cases.outcomes.case_dir", lambda: root / "data" / "cases")
    monkeypatch.chdir(root)
    return root


def test_the_two_files_of_the_howto_validate_and_forecast(tmp_path, monkeypatch):
    """Written exactly as the page gives them, in a project folder: ``resetsim validate``
    accepts the scenario, and ``resetsim forecast my-case`` (part C) scores every entry."""
    root = _project(tmp_path, monkeypatch)
    scenario_text, outcomes_text = _two_files()
    (root / "scenarios" / "my-case.toml").write_text(scenario_text, encoding="utf-8")
    (root / "data" / "cases" / "my-case.toml").write_text(outcomes_text, encoding="utf-8")

    sc = load_scenario("my-case")
    assert sc.side_ids == ("US", "CU") and sc.dynamics == load_scenario("trump-2017").dynamics
    record = load_case("my-case")
    assert record.scenario == "my-case" and len(record.outcomes) == 3

    runner = CliRunner()
    checked = runner.invoke(app, ["validate", "scenarios/my-case.toml"])
    assert checked.exit_code == 0 and "ok" in checked.output, checked.output
    args = ["forecast", "my-case", "--seeds", "2", "--out", "results/my-case"]
    result = runner.invoke(app, [*args, "--executor", "serial"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "my-case" in result.output
    binary = pd.read_csv(root / "results" / "my-case" / "binary.csv")
    assert list(binary["id"]) == [o.id for o in record.outcomes]
    assert binary["forecast"].isin([0.0, 0.5, 1.0]).all()  # shares of 2 runs


def test_a_case_kept_outside_the_project_finds_its_scenario_beside_it(tmp_path, monkeypatch):
    scenario_text, outcomes_text = _two_files()
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "my-case-scenario.toml").write_text(scenario_text, encoding="utf-8")
    outcomes = re.sub(
        r'(?m)^scenario = "my-case"', 'scenario = "my-case-scenario.toml"', outcomes_text
    )
    (folder / "my-case.toml").write_text(outcomes, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # not the outcomes file's folder
    record = load_case(folder / "my-case.toml")
    assert Path(record.scenario) == folder.resolve() / "my-case-scenario.toml"
    assert load_scenario(record.scenario).name == "my-case"
