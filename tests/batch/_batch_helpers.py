"""Helpers shared by the batch tests: a small study and a table comparison."""

from __future__ import annotations

import pandas as pd

SMALL = {
    "scenarios": "obama-2009",
    "seeds": 3,
    "months": 24,
    "grid": {"structure.trade_share": [0.01, 0.05]},
}
SMALL_RUNS = 6


def assert_batches_equal(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    """Tables equal after sorting by run_id then month (where there is one)."""
    assert set(a) == set(b)
    for name in a:
        left, right = a[name], b[name]
        keys = [k for k in ("run_id", "month") if k in left.columns]
        if keys:
            left = left.sort_values(keys, kind="stable").reset_index(drop=True)
            right = right.sort_values(keys, kind="stable").reset_index(drop=True)
        pd.testing.assert_frame_equal(left, right, check_like=False, obj=name)
