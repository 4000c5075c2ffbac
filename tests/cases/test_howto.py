"""The examples of docs/how-to/add-a-case.md are valid outcome entries."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pandas as pd

from resetsim.cases.outcomes import parse_case

HOWTO = Path(__file__).resolve().parents[2] / "docs" / "how-to" / "add-a-case.md"


def test_the_howto_examples_make_a_valid_outcomes_file():
    blocks = re.findall(r"```toml\n(.*?)```", HOWTO.read_text(encoding="utf-8"), re.S)
    header = tomllib.loads(blocks[0])
    entries = [tomllib.loads(b)["outcomes"][0] for b in blocks[1:]]
    assert {e["kind"] for e in entries} == {"proposal", "vote", "crisis", "opinion"}
    # the examples come from several cases: widen the window to hold them all
    data = {**header, "start": "2000-01", "cutoff": "1999-12", "outcomes": entries}
    record = parse_case(data, str(HOWTO))
    assert len(record.outcomes) == len(entries)


def _scenario_text() -> str:
    return "\n".join(re.findall(r"```toml scenario\n(.*?)```", HOWTO.read_text("utf-8"), re.S))


def test_the_howto_steps_make_a_case_that_validates_and_forecasts(tmp_path):
    """Part A's blocks are one scenario; with part B's header and proposal entry as its
    outcomes file, ``resetsim validate`` and ``resetsim forecast`` (part C) both work."""
    from typer.testing import CliRunner

    from resetsim.cli import app
    from resetsim.scenario import load_scenario

    scenario = tmp_path / "my-case.toml"
    scenario.write_text(_scenario_text(), encoding="utf-8")
    sc = load_scenario(scenario)
    assert sc.side_ids == ("US", "CU") and sc.dynamics == load_scenario("trump-2017").dynamics
    blocks = re.findall(r"```toml\n(.*?)```", HOWTO.read_text(encoding="utf-8"), re.S)
    entry = tomllib.loads(blocks[1])["outcomes"][0]
    assert entry["proposal"] in {p.id for p in sc.proposals}
    outcomes = tmp_path / "my-case.toml.d" / "my-case.toml"
    outcomes.parent.mkdir()
    # part B's header (renamed to this case, pointing at its scenario) and proposal entry
    header_text = re.sub(r'(?m)^case = "[^"]*"', 'case = "my-case"', blocks[0])
    header_text = re.sub(
        r'(?m)^scenario = "[^"]*"', f'scenario = "{scenario.as_posix()}"', header_text
    )
    outcomes.write_text(header_text + "\n" + blocks[1], encoding="utf-8")

    runner = CliRunner()
    checked = runner.invoke(app, ["validate", str(scenario)])
    assert checked.exit_code == 0 and "ok" in checked.output, checked.output
    out = tmp_path / "out"
    args = ["forecast", str(outcomes), "--seeds", "2", "--out", str(out), "--executor", "serial"]
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "my-case" in result.output
    assert list(pd.read_csv(out / "binary.csv")["id"]) == [entry["id"]]
