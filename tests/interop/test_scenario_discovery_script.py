"""The scenario-discovery example (docs/how-to/scenario_discovery.py), run small."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("ema_workbench") is None, reason="needs resetsim[ema]"
)

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "how-to" / "scenario_discovery.py"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def test_small_design_writes_experiments_and_a_box(tmp_path):
    done = _run(
        "--experiments", "16", "--seeds", "1", "--months", "24", "--outcome",
        "final_relationship", "--threshold", "0.0", "--below", "--out", "sd", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(tmp_path / "sd" / "experiments.csv")
    assert len(table) == 16
    result = json.loads((tmp_path / "sd" / "box.json").read_text())
    interest = int((table["final_relationship"] < 0.0).sum())
    assert result["cases_of_interest"] == interest
    assert result["case_of_interest"] == "final_relationship < 0"
    if 0 < interest < 16:
        assert 0 < result["coverage"] <= 1 and 0 < result["mass"] <= 1
        trajectory = pd.read_csv(tmp_path / "sd" / "trajectory.csv")
        assert {"coverage", "density", "mass"} <= set(trajectory.columns)
        for name, (low, high) in result["limits"].items():
            assert name in table.columns and low <= high
    assert "Wrote sd/" in done.stdout


def _main():
    spec = importlib.util.spec_from_file_location("scenario_discovery", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main


def test_bad_arguments_are_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f").write_text("x")
    main = _main()
    for args, says, code in (
        (["--experiments", "0"], "--experiments must be at least 1", 2),
        (["--outcome", "nope"], "invalid choice: 'nope'", 2),
        (["--out", "f"], "is a file", 2),
        (["--scenario", "no-such-scenario", "--experiments", "2"], "no-such-scenario", 1),
    ):
        try:
            got = main(args)
        except SystemExit as exc:
            got = exc.code
        err = capsys.readouterr().err
        assert got == code, err
        assert says in err
        assert len([line for line in err.splitlines() if "error" in line]) == 1
    assert not (tmp_path / "results").exists()
