"""Known answers for ``kind = "move"`` outcomes: an actor's move in the runs' events table."""

from __future__ import annotations

import pandas as pd
import pytest
from _tables import outcome, record, tables

from resetsim.cases import CaseError
from resetsim.cases.scoring import score_case


def move(**fields) -> dict:
    expels = {"id": "us-expels", "act": "expulsion", "label": "the US expels diplomats"}
    return outcome("move", expels, fields)


def event(run: int, month: int, side: str, kind: str = "expulsion", origin: str = "actor"):
    return {
        "run_id": run,
        "month": month,
        "date": f"2000-{month + 1:02d}",
        "origin": origin,
        "side": side,
        "kind": kind,
    }


def _with_events(rows: list[dict]) -> dict[str, pd.DataFrame]:
    out = tables([])
    out["events"] = pd.DataFrame(
        rows, columns=["run_id", "month", "date", "origin", "side", "kind"]
    )
    return out


def test_only_the_sides_own_moves_of_the_kind_in_the_window_count():
    rows = [
        event(0, 5, "US"),  # counts
        event(1, 5, "CU"),  # the other side's expulsion
        event(2, 5, "US", kind="sanctions"),  # another kind
        event(3, 5, "US", origin="scheduled"),  # not an actor's move
    ]
    score = score_case(record(move(after="2000-03", by="2000-07")), _with_events(rows))
    row = score.binary.iloc[0]
    assert (row["kind"], row["forecast"]) == ("move", 0.25)
    late = [event(0, 7, "US"), event(1, 1, "US")]  # 2000-08 after `by`, 2000-02 before `after`
    score = score_case(record(move(after="2000-03", by="2000-07")), _with_events(late))
    assert score.binary.iloc[0]["forecast"] == 0.0


def test_a_move_kind_the_scenario_lacks_is_unmatched():
    score = score_case(record(move()), _with_events([event(0, 5, "US")]), move_kinds={"summit"})
    assert score.binary.empty
    assert "no move of kind 'expulsion'" in score.unmatched.iloc[0]["reason"]
    known = score_case(record(move()), _with_events([event(0, 5, "US")]), move_kinds={"expulsion"})
    assert known.binary.iloc[0]["forecast"] == 0.25


def test_a_move_entry_needs_a_case_side_and_its_month():
    with pytest.raises(CaseError, match="side"):
        record(move(side="both"))
    with pytest.raises(CaseError, match="needs its month"):
        record(move(date=None))
