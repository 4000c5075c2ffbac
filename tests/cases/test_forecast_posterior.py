"""``resetsim forecast --posterior FILE --draws N``: each run's parameters from a posterior.

``data/posterior.csv`` is a small stand-in posterior (three particles, one of weight 0) in
the format ``resetsim calibrate --method abc`` writes; the draws come from
:func:`resetsim.batch.posterior.draw_parameter_sets`, as for ``resetsim batch --posterior``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from resetsim.batch import load_batch
from resetsim.batch.posterior import draw_parameter_sets
from resetsim.cli import app

POSTERIOR = Path(__file__).parent / "data" / "posterior.csv"
runner = CliRunner()


MOVELESS = "history-1992-2016"
"""A case whose scenario declares no ``[[moves]]`` (the other cases run on actors' moves)."""


def _forecast(tmp_path: Path, *extra: str, case: str = "us-cuba-2014"):
    out = tmp_path / "out"
    args = ["forecast", case, "--out", str(out), "--executor", "serial", *extra]
    return out, runner.invoke(app, args, env={"COLUMNS": "200"})


def test_each_run_takes_a_parameter_set_drawn_from_the_posterior(tmp_path):
    page = tmp_path / "docs" / "cases.md"
    args = ["--posterior", str(POSTERIOR), "--draws", "6", "--base-seed", "3", "--page", str(page)]
    out, result = _forecast(tmp_path, *args)
    assert result.exit_code == 0, result.output
    runs = load_batch(out / "runs", tables=("runs",))["runs"].sort_values("run_id")
    assert len(runs) == 6  # one run per draw unless --seeds is given
    keys = ["dynamics.retaliation_rate", "dynamics.public_event_impact"]
    drawn = draw_parameter_sets(POSTERIOR, 6, seed=3)
    assert runs[keys].to_dict("records") == drawn
    assert 0.15 not in set(runs[keys[0]])  # the particle of weight 0 is never run
    assert len(pd.read_csv(out / "binary.csv")) > 0
    text = page.read_text(encoding="utf-8")
    assert "drawn from the calibration posterior" in text and "6 parameter sets" in text


def test_without_a_posterior_the_page_says_the_parameters_are_fixed(tmp_path):
    page = tmp_path / "cases.md"
    out, result = _forecast(tmp_path, "--seeds", "2", "--page", str(page))
    assert result.exit_code == 0, result.output
    runs = load_batch(out / "runs", tables=("runs",))["runs"]
    assert len(runs) == 2 and "dynamics.retaliation_rate" not in runs
    text = page.read_text(encoding="utf-8")
    assert "fixed at each scenario's own values" in text
    assert "drawn from the calibration posterior" not in text


def test_seeds_run_each_draw_several_times(tmp_path):
    out, result = _forecast(tmp_path, "--posterior", str(POSTERIOR), "--draws", "2", "--seeds", "2")
    assert result.exit_code == 0, result.output
    runs = load_batch(out / "runs", tables=("runs",))["runs"]
    assert len(runs) == 4
    assert runs.groupby("dynamics.retaliation_rate")["run_id"].count().min() >= 2


def test_draws_without_a_posterior_or_a_bad_posterior_get_one_line(tmp_path):
    out, result = _forecast(tmp_path, "--draws", "3")
    assert result.exit_code == 1 and "--draws needs --posterior" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("rate,weight\n0.1,1\n", encoding="utf-8")
    out, result = _forecast(tmp_path, "--posterior", str(bad))
    assert result.exit_code == 1 and "dotted" in result.output
    assert "Traceback" not in result.output and not out.exists()


def _posterior(tmp_path: Path, header: str, *rows: str) -> Path:
    path = tmp_path / "posterior.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_only_behavioural_columns_are_drawn_and_the_case_keeps_its_structure(tmp_path):
    from resetsim.cases.posterior import case_draws

    posterior = _posterior(
        tmp_path,
        "dynamics.retaliation_rate,structure.clash_rate,weight",
        "0.35,0.01,1.0",
        "0.65,0.02,1.0",
    )
    draws = case_draws(posterior, 4, 0)
    assert draws.drawn == ["dynamics.retaliation_rate"]
    assert draws.left_out == ["structure.clash_rate"]
    assert all(set(s) == {"dynamics.retaliation_rate"} for s in draws.sets)
    out, result = _forecast(tmp_path, "--posterior", str(posterior), "--draws", "3")
    assert result.exit_code == 0, result.output
    assert "not drawn (each case keeps its own): structure.clash_rate" in result.output
    runs = load_batch(out / "runs", tables=("runs",))["runs"]
    assert "structure.clash_rate" not in runs and "dynamics.retaliation_rate" in runs


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("presidents.Obama.stance,weight", "presidents.Obama.stance are not behavioural"),
        ("dynamics.retaliation_rate,events.0.month,weight", "events.0.month are not behavioural"),
        ("dynamics.no_such_rate,weight", "dynamics.no_such_rate are not behavioural"),
        ("structure.clash_rate,weight", "no [dynamics] column to draw"),
    ],
)
def test_a_posterior_that_is_not_behavioural_is_refused_in_one_line(tmp_path, header, words):
    values = ",".join(["0.5"] * (header.count(",") + 1))
    posterior = _posterior(tmp_path, header, values)
    out, result = _forecast(tmp_path, "--posterior", str(posterior), "--draws", "2")
    assert result.exit_code == 1, result.output
    assert words in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1 and not out.exists()


def test_seed_only_runs_are_shown_beside_the_posterior_draws(tmp_path):
    page = tmp_path / "cases.md"
    args = ["--posterior", str(POSTERIOR), "--draws", "3", "--seed-only", "2", "--page", str(page)]
    out, result = _forecast(tmp_path, *args, case=MOVELESS)
    assert result.exit_code == 0, result.output
    seeds = load_batch(out / "seed-only" / "runs", tables=("runs",))["runs"]
    assert len(seeds) == 2 and "dynamics.retaliation_rate" not in seeds
    assert len(load_batch(out / "runs", tables=("runs",))["runs"]) == 3
    text = page.read_text(encoding="utf-8")
    assert "model Brier, seeds only" in text and "model Brier, posterior draws" in text
    assert "forecast, seeds only" in text and "**Verdict, seeds only.**" in text
    assert f"No actor makes a move in any run of {MOVELESS}" in text  # it declares no moves
    assert (out / "seed-only" / "binary.csv").exists() and (out / "reliability.png").exists()


def test_seed_only_needs_a_posterior(tmp_path):
    _, result = _forecast(tmp_path, "--seed-only", "2")
    assert result.exit_code == 1 and "--seed-only needs --posterior" in result.output


def test_without_moves_the_move_parameters_leave_a_run_unchanged():
    """The page's claim: in a scenario without [[moves]] these parameters act on nothing."""
    from resetsim.cases.posterior import MOVE_PARAMETERS
    from resetsim.model import ResetModel
    from resetsim.scenario import load_scenario

    sc = load_scenario("obama-2009")
    assert not sc.moves
    changed = sc.with_overrides(dict.fromkeys(MOVE_PARAMETERS, 0.05))
    runs = [ResetModel(s, seed=11) for s in (sc, changed)]
    for m in runs:
        m.run(months=36)
    pd.testing.assert_frame_equal(runs[0].timeseries(), runs[1].timeseries())
    pd.testing.assert_frame_equal(runs[0].decision_log(), runs[1].decision_log())
    moving = load_scenario("trump-2017-generative")
    assert moving.moves  # where there are moves, the page says they act
    a, b = (ResetModel(s, seed=11) for s in (moving, moving.with_overrides(
        dict.fromkeys(MOVE_PARAMETERS, 0.05))))  # fmt: skip
    a.run(months=36)
    b.run(months=36)
    assert not a.events().equals(b.events())
