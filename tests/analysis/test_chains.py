"""Chains of actors' moves: who moved, what it answered and what came of it."""

from __future__ import annotations

import pandas as pd
import pytest

from resetsim import ResetModel
from resetsim.analysis.chains import CHAIN_COLUMNS, chain_lines, chain_of, move_chains

NA = pd.NA


def _events() -> pd.DataFrame:
    """A scheduled event, a three-move spiral (rows 1, 2, 4) and a lone gesture (row 3)."""
    rows = [
        (1, "2000-02", "scheduled", "", "", "clash", "hostile", 0.4, "A war begins", NA),
        (2, "2000-03", "actor", "US", "NSC", "enlargement", "hostile", 0.45, "NSC pushed", NA),
        (3, "2000-04", "actor", "RU", "Putin", "expulsion", "hostile", 0.35, "Putin expelled", 1),
        (3, "2000-04", "actor", "US", "Bush", "summit", "cooperative", 0.3, "Bush offered", NA),
        (5, "2000-06", "actor", "US", "Bush", "expulsion", "hostile", 0.35, "Bush expelled", 2),
    ]
    table = pd.DataFrame(
        rows,
        columns=[
            "month", "date", "origin", "side", "actor", "kind", "direction", "severity",
            "event", "responds_to",
        ],
    )  # fmt: skip
    table["responds_to"] = table["responds_to"].astype("Int64")
    return table


def _timeseries() -> pd.DataFrame:
    level = [0.2, 0.2, 0.1, -0.1, -0.2, -0.5, -0.6]
    phase = ["realism"] * 5 + ["crisis", "crisis"]
    return pd.DataFrame(
        {
            "month": range(7),
            "date": [f"2000-{m + 1:02d}" for m in range(7)],
            "relationship": level,
            "phase": phase,
        }
    )


def test_every_answer_belongs_to_the_chain_of_the_move_it_answers():
    assert chain_of(_events()) == {1: 1, 2: 1, 3: 3, 4: 1}


def test_a_chain_row_counts_its_answers_and_what_it_did_to_the_relationship():
    chains = move_chains(_events(), _timeseries())
    assert list(chains.columns) == CHAIN_COLUMNS
    assert chains["root"].tolist() == [1, 3]
    spiral = chains.iloc[0]
    assert (spiral["start"], spiral["end"]) == ("2000-03", "2000-06")
    assert spiral["answers"] == 2
    assert spiral["answerers"] == "Putin 1, Bush 1"
    # from the month before the first move (month 1: +0.2) to its last month (5: -0.5)
    assert spiral["relationship_before"] == pytest.approx(0.2)
    assert spiral["relationship_after"] == pytest.approx(-0.5)
    assert spiral["change"] == pytest.approx(-0.7)
    assert spiral["crisis_from"] == "2000-06"
    gesture = chains.iloc[1]
    assert gesture["answers"] == 0 and gesture["crisis_from"] == ""
    assert gesture["change"] == pytest.approx(-0.1 - 0.1)  # month 2 -> month 3


def test_chain_lines_tell_the_largest_chains_in_date_order():
    chains = move_chains(_events(), _timeseries())
    lines = chain_lines(chains)
    assert lines[0] == (
        "2000-03 to 2000-06: NSC pushed (hostile); it drew 2 answers (Putin 1, Bush 1); "
        "relationship +0.20 -> -0.50; a crisis began 2000-06."
    )
    assert lines[1].startswith("2000-04: Bush offered (cooperative); it drew no answer")
    only = chain_lines(chains, limit=1)
    assert len(only) == 1 and only[0].startswith("2000-03 to 2000-06")
    assert chain_lines(move_chains(_events().iloc[:1], _timeseries())) == []


def test_chains_of_a_run_cover_every_move_it_made():
    model = ResetModel("history-1992-2016-generative", seed=11).run()
    events, timeseries = model.events(), model.timeseries()
    chains = move_chains(events, timeseries)
    moves = int((events["origin"] == "actor").sum())
    assert moves > 0
    assert int(chains["answers"].sum()) + len(chains) == moves
