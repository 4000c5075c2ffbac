"""A study is the same runs whatever the executor and the number of workers."""

import pytest

from resetsim.sensitivity.ranges import Range
from resetsim.sensitivity.study import run_study

RANGES = [
    Range("structure.relax_rate", 0.03, 0.09),
    Range("dynamics.move_rate_scale", 0.5, 1.5),
]


@pytest.mark.slow
def test_history_study_is_identical_serial_and_on_two_workers():
    kw = {"method": "sobol", "n": 2, "ranges": RANGES, "seeds": 2, "outputs": "history"}
    serial = run_study("history-1992-2016-generative", executor="serial", **kw)
    pooled = run_study("history-1992-2016-generative", executor="process", workers=2, **kw)
    assert pooled.meta["cost"]["workers"] == 2
    assert serial.runs.equals(pooled.runs)
    assert serial.Y.equals(pooled.Y)
    assert serial.runs["crisis_entries"].nunique() > 1  # the runs differ: a real comparison
