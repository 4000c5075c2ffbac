"""Paired ensembles: condition ``i`` runs once, on its own seed ``seeds[i]``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from resetsim.batch import BatchError, Condition, Ensemble, run_ensemble
from resetsim.runner import simulate
from resetsim.scenario import load_scenario

KEY = "structure.relax_rate"
VALUES = (0.02, 0.08, 0.2)
SEEDS = (11, 5, 11)  # a seed may come twice: each run still has its own condition


def _paired(seeds=SEEDS) -> Ensemble:
    return Ensemble(
        scenarios=(load_scenario("obama-2009"),),
        conditions=tuple(Condition(f"d{i}", 0, ((KEY, v),)) for i, v in enumerate(VALUES)),
        seeds=tuple(seeds),
        column="draw",
        months=12,
        paired=True,
    )


def test_each_condition_runs_once_on_its_own_seed():
    ensemble = _paired()
    assert ensemble.total == 3
    tasks = [ensemble.task(i) for i in range(3)]
    assert [t.seed for t in tasks] == list(SEEDS)
    assert [dict(t.point)[KEY] for t in tasks] == list(VALUES)
    assert [ensemble.label(i) for i in range(3)] == ["d0", "d1", "d2"]
    batch = run_ensemble(ensemble, executor="serial")
    ts = batch["timeseries"]
    for i, (value, seed) in enumerate(zip(VALUES, SEEDS, strict=True)):
        alone = simulate(
            "obama-2009", seed=np.random.SeedSequence(seed), months=12, overrides={KEY: value}
        ).timeseries
        rows = ts[ts["run_id"] == i]
        assert set(rows["draw"]) == {f"d{i}"} and set(rows["seed"]) == {seed}
        got = rows.drop(columns=["run_id", "scenario", "seed", "draw"]).reset_index(drop=True)
        pd.testing.assert_frame_equal(got, alone, check_dtype=False)
    # the two runs on seed 11 differ only by their condition: the relationship moves apart
    first, last = (ts[ts["run_id"] == i]["relationship"].to_numpy() for i in (0, 2))
    assert not np.array_equal(first, last)


def test_a_paired_ensemble_gives_the_same_tables_on_a_pool():
    serial = run_ensemble(_paired(), executor="serial")
    pooled = run_ensemble(_paired(), executor="process", workers=2, chunk_size=1)
    for name in ("timeseries", "runs", "events"):
        pd.testing.assert_frame_equal(serial[name], pooled[name])


def test_a_paired_ensemble_needs_one_seed_per_condition():
    with pytest.raises(BatchError, match=r"one seed per condition \(got 2 seeds for 3 "):
        run_ensemble(_paired(seeds=(1, 2)), executor="serial")
