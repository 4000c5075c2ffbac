"""Forecast flags and intervals from a posterior batch's tables."""

import pandas as pd

from resetsim.validation.forecast import run_flags


def _tables():
    runs = pd.DataFrame({"run_id": [0, 1, 2, 3], "dynamics.x": [0.1, 0.1, 0.9, 0.9]})
    phases = {0: ["crisis", "reset", "crisis"], 1: ["crisis", "crisis", "crisis"],
              2: ["realism", "crisis", "crisis"], 3: ["reset", "reset", "euphoria"]}  # fmt: skip
    ts = pd.DataFrame(
        [(r, m, p) for r, ps in phases.items() for m, p in enumerate(ps)],
        columns=["run_id", "month", "phase"],
    )
    resets = pd.DataFrame({"run_id": [0, 3]})
    log = pd.DataFrame(
        {
            "run_id": [0, 0, 2, 3],
            "side": ["US", "US", "RU", "US"],
            "core": [True, True, True, False],
            "outcome": ["adopted", "implemented", "implemented", "implemented"],
        }
    )
    return {"runs": runs, "timeseries": ts, "resets": resets, "log": log}


def test_run_flags_read_each_outcome_and_group_runs_by_draw():
    flags = run_flags(_tables()).set_index("run_id")
    assert flags["draw"].tolist() == [0, 0, 1, 1]
    assert flags["reset"].tolist() == [True, False, False, True]
    # run 1 starts and stays in crisis: no onset; run 0 leaves it and comes back
    assert flags["crisis"].tolist() == [True, False, True, False]
    # only US core proposals count: run 2's is Russian, run 3's is not core
    assert flags["core_concession"].tolist() == [True, False, False, False]
    assert flags["core_adopted"].tolist() == [True, False, False, False]
