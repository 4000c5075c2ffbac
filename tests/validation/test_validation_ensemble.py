"""Ensembles: the same seeds give the same runs in this process or on worker processes."""

import pandas as pd

from resetsim.validation.ensemble import TIMESERIES_COLUMNS, Ensembles


def test_worker_processes_give_the_same_runs_in_seed_order():
    seeds = [1000, 1001, 1002, 1003]
    serial = Ensembles().get("obama-2009", seeds, {"structure.trade_share": 0.01})
    with Ensembles(workers=2) as ens:
        pooled = ens.get("obama-2009", seeds, {"structure.trade_share": 0.01})
        assert ens.get("obama-2009", seeds, {"structure.trade_share": 0.01}) is pooled
    assert [r.seed for r in pooled] == seeds
    for a, b in zip(serial, pooled, strict=True):
        pd.testing.assert_frame_equal(a.timeseries, b.timeseries)
        pd.testing.assert_frame_equal(a.deliveries, b.deliveries)
        assert list(a.timeseries.columns) == list(TIMESERIES_COLUMNS)
        assert a.legislators["US"] and a.legislators["RU"]
