"""Users see the moves: the dashboard feed, the run figure and ``resetsim explain``."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from typer.testing import CliRunner

from resetsim import ResetModel
from resetsim.cli import app
from resetsim.viz.dashboard_views import feed_entries, log_entries, move_entries
from resetsim.viz.runplot import mark_moves, plot_run

SCENARIO = "history-1992-2016-generative"


@pytest.fixture(scope="module")
def run() -> ResetModel:
    return ResetModel(SCENARIO, seed=21).run()


def test_move_entries_name_the_move_answered_newest_first(run):
    events = run.events()
    moves = events[events["origin"] == "actor"]
    entries = move_entries(events, limit=len(moves))
    assert len(entries) == len(moves)
    newest = moves.iloc[-1]
    assert entries[0][0] == newest["date"] and entries[0][3] == f"{newest['event']}."
    assert entries[0][2] == f"{newest['direction']} move"
    answers = [e for e in entries if "answers event" in e[4]]
    assert len(answers) == int(moves["responds_to"].notna().sum())
    assert all("; in answer " in e[3] for e in answers)


def test_feed_merges_decisions_and_moves_by_date(run):
    log, events = run.decision_log(), run.events()
    merged = feed_entries(log, events, limit=40)
    assert len(merged) == 40
    dates = [e[0] for e in merged]
    assert dates == sorted(dates, reverse=True)
    newest = set(log_entries(log, 40) + move_entries(events, 40))
    assert set(merged) <= newest


def test_the_run_figure_marks_every_move(run):
    fig, ax = plt.subplots()
    ts, events = run.timeseries(), run.events()
    marked = mark_moves(ax, ts, events)
    assert marked == int((events["origin"] == "actor").sum()) > 0
    points = sum(len(c.get_offsets()) for c in ax.collections)
    assert points == marked
    labels = {t.get_label() for t in ax.collections}
    assert "actor's hostile move" in labels
    plt.close(fig)
    figure = plot_run(ts, events)
    assert "actor's hostile answer" in figure.axes[0].get_legend_handles_labels()[1]
    plt.close(figure)


def test_explain_tells_who_moved_and_what_came_of_it():
    result = CliRunner().invoke(app, ["explain", SCENARIO, "--seed", "21"])
    assert result.exit_code == 0, result.output
    assert "Who moved and what came of it" in result.output
    assert "; it drew " in result.output
    quiet = CliRunner().invoke(app, ["explain", "obama-2009", "--seed", "0"])
    assert quiet.exit_code == 0 and "Who moved" not in quiet.output


def test_labelled_chains_are_the_largest_that_start_apart():
    from resetsim.viz.runplot import labelled_chains

    chains = pd.DataFrame(
        {"first_month": [10, 14, 40, 90, 95], "change": [-0.30, 0.40, -0.05, 0.20, -0.25]}
    )
    chosen = labelled_chains(chains, labels=3, gap=24)
    # 14 (0.40) first; 10 (0.30) is too close to it; 95 (0.25); 90 too close; then 40
    assert chosen["first_month"].tolist() == [14, 95, 40]
    assert labelled_chains(chains, labels=1, gap=24)["first_month"].tolist() == [14]
    assert labelled_chains(chains, labels=5, gap=0)["first_month"].tolist() == [14, 10, 95, 90, 40]
