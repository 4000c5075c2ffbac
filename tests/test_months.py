"""A run length means one thing everywhere: the months a run covers, start month included.

A scenario's ``months``, ``resetsim run --months``, ``resetsim batch --months`` and
``simulate(months=...)`` all give the number of rows of the time series (docs/ODD.md 2.9);
only the Mesa-style ``ResetModel.run(months=n)`` counts steps.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from resetsim.batch import BatchError, run_batch
from resetsim.cli import app
from resetsim.model import ResetModel
from resetsim.runner import horizon_problem, simulate
from resetsim.scenario import ScenarioError, load_scenario
from resetsim.scenario.loader import validate_data

sys.path.insert(0, str(Path(__file__).parent / "unit"))
from _tiny import TINY

sys.path.pop(0)


def _tiny(**changes):
    return validate_data({**TINY, **changes})


@pytest.mark.parametrize("months", [1, 2, 5])
def test_a_scenario_of_m_months_has_m_rows(months):
    sc = _tiny(months=months)
    model = ResetModel(sc, seed=3).run()
    ts = model.timeseries()
    assert len(ts) == months and model.month == months - 1
    assert ts["date"].iloc[-1] == f"2000-{months:02d}"
    assert not model.running
    assert len(simulate(sc, seed=3).timeseries) == months


def test_a_shorter_run_is_the_start_of_the_full_run():
    sc = _tiny()
    full = simulate(sc, seed=4).timeseries
    part = simulate(sc, seed=4, months=7).timeseries
    assert len(full) == sc.months and len(part) == 7
    pd.testing.assert_frame_equal(part, full.iloc[:7])


def test_model_run_counts_steps():
    model = ResetModel(_tiny(), seed=1).run(months=3)
    assert model.month == 3 and len(model.timeseries()) == 4


def test_a_run_cannot_pass_the_horizon():
    sc = _tiny()
    assert horizon_problem(sc, sc.months) == ""
    assert horizon_problem(sc, None) == ""
    for months in (0, sc.months + 1):
        problem = horizon_problem(sc, months)
        assert problem.startswith(f"--months {months} ") and "(2000-01 to 2001-12)" in problem
        with pytest.raises(ValueError, match="covers 1 to 24 months"):
            simulate(sc, months=months)


def test_run_and_batch_take_the_same_lengths(tmp_path):
    sc = load_scenario("obama-2009")
    runner = CliRunner()
    ok = runner.invoke(app, ["run", "--months", "3", "--out", str(tmp_path / "r")])
    assert ok.exit_code == 0, ok.output
    assert len(pd.read_parquet(tmp_path / "r" / "timeseries.parquet")) == 3
    out = run_batch("obama-2009", seeds=1, months=3, out=tmp_path / "b")
    assert len(pd.read_parquet(out / "timeseries")) == 3

    too_long = str(sc.months + 1)
    refused = runner.invoke(app, ["run", "--months", too_long, "--out", str(tmp_path / "x")])
    assert refused.exit_code == 1
    with pytest.raises(BatchError) as batch:
        run_batch("obama-2009", seeds=1, months=sc.months + 1, out=tmp_path / "y")
    expected = horizon_problem(sc, sc.months + 1)
    assert str(batch.value) == expected
    assert expected in " ".join(refused.output.split())


@pytest.mark.parametrize("roster", ["events", "leader_changes", "structure_changes"])
def test_nothing_is_scheduled_in_the_start_month(roster):
    entry = {
        "events": {"date": "2000-01", "kind": "deal", "label": "a deal"},
        "leader_changes": {"date": "2000-01", "side": "US", "name": "Gamma", "stance": 0.1},
        "structure_changes": {"date": "2000-01", "label": "drift", "worldview_gap": 0.5},
    }[roster]
    with pytest.raises(ScenarioError, match="is the start month, the run's initial state"):
        _tiny(**{roster: [entry]})
    _tiny(**{roster: [{**entry, "date": "2000-02"}]})  # the next month is the first step
