"""``resetsim forecast`` on a real case with a few runs: its scores, its summary, its runs."""

from __future__ import annotations

import pandas as pd
from typer.testing import CliRunner

from resetsim.batch import load_batch
from resetsim.cases import load_case
from resetsim.cli import app


def test_forecast_writes_the_scores_and_prints_the_verdict(tmp_path):
    out = tmp_path / "cuba"
    result = CliRunner().invoke(
        app,
        ["forecast", "us-cuba-2014", "--seeds", "3", "--out", str(out), "--executor", "serial"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    binary = pd.read_csv(out / "binary.csv")
    record = load_case("us-cuba-2014")
    assert set(binary["id"]) == {o.id for o in record.of_kind("proposal", "reset")}
    assert binary["forecast"].between(0, 1).all()
    # each forecast is a share of the 3 runs
    assert ((binary["forecast"] * 3).round(9) % 1 == 0).all()
    assert (binary["brier"] == (binary["forecast"] - binary["record"]) ** 2).all()
    for name in ("votes", "opinion", "unmatched"):
        assert (out / f"{name}.csv").exists()
    assert (out / "reliability.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    runs = load_batch(out / "runs", tables=("timeseries",))["timeseries"]
    assert runs["run_id"].nunique() == 3 and "cu_president" in runs
    brier = f"{binary['brier'].mean():.3f}"
    assert "us-cuba-2014" in result.output and brier in result.output


def test_the_generative_trump_case_scores_the_actors_moves(tmp_path):
    """trump-2017 runs trump-2017-generative: its expulsions and CAATSA are scored from the
    runs' events table; the withdrawals from the INF and Open Skies treaties, in force in the
    scenario, from its decision log."""
    out = tmp_path / "trump"
    args = ["forecast", "trump-2017", "--seeds", "3", "--out", str(out), "--executor", "serial"]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    binary = pd.read_csv(out / "binary.csv").set_index("id")
    moves = {o.id for o in load_case("trump-2017").of_kind("move")}
    assert moves <= set(binary.index) and (binary.loc[sorted(moves), "kind"] == "move").all()
    assert ((binary["forecast"] * 3).round(9) % 1 == 0).all()
    unmatched = set(pd.read_csv(out / "unmatched.csv")["id"])
    assert not moves & unmatched
    assert {"inf-withdrawal", "open-skies-withdrawal"} <= set(binary.index) - unmatched
    runs = load_batch(out / "runs", tables=("events",))["events"]
    assert (runs["origin"] == "actor").any()  # the actors moved
