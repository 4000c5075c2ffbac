"""Pattern 9 on the generative history: where and when its runs escalate, and why.

Runs ``history-1992-2016-generative`` on calibration seeds (100000 or above, never the
page's or the tests') as shipped and with one input changed at a time, and prints per
condition the runs that escalate, the years of their first escalation and the median of
each run's lowest relationship (escalation is possible only below
``structure.escalation_level``, -0.4) and the runs with a crisis in each record window
(1999/2008/2014).

    python scripts/escalation_diagnosis.py --seeds 200 --workers 2
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from seed_block import calibration_block, write_table

from resetsim.validation.claims import GENERATIVE
from resetsim.validation.ensemble import Ensembles
from resetsim.validation.history import CRISES, window_hits

CONDITIONS = {
    "as shipped": {},
    "every clash can escalate (0.1.0's rule)": {"structure.escalation_kinds": []},
    "crisis management 0.9": {"structure.crisis_management": 0.9},
    "crisis management 0.95": {"structure.crisis_management": 0.95},
    "clash_impact 0.1 (history-1992-2016's)": {"structure.clash_impact": 0.1},
    "clash_impact 0.2 (the hand-set value before the calibration)": {"structure.clash_impact": 0.2},
    "no actor moves": {"dynamics.move_rate_scale": 0.0},
}


def main(argv: list[str] | None = None) -> int:
    """Run each condition, print and write one row per condition."""
    seeds, workers, out = calibration_block(
        __doc__, 200, Path("results/escalation-diagnosis.csv"), argv
    )
    ens = Ensembles(workers=workers)
    rows = []
    for label, overrides in CONDITIONS.items():
        runs = ens.get(GENERATIVE, seeds, overrides)
        first = [r.timeseries.loc[r.timeseries["escalation"] > 0, "date"] for r in runs]
        years = pd.Series([f.iloc[0][:4] for f in first if len(f)], dtype=str)
        rows.append(
            {
                "condition": label,
                "seeds": f"{seeds[0]}-{seeds[-1]}",
                "escalated": len(years),
                "runs": len(runs),
                "in 2014-2016": int(years.isin(["2014", "2015", "2016"]).sum()),
                "median lowest relationship": float(
                    np.median([r.timeseries["relationship"].min() for r in runs])
                ),
                "crisis windows hit": "/".join(
                    str(int(window_hits([r.timeseries for r in runs], "crisis", w).sum()))
                    for _, w in sorted(CRISES.items())
                ),
                "first escalation by year": "; ".join(
                    f"{year}: {int(n)}" for year, n in years.value_counts().sort_index().items()
                ),
            }
        )
    write_table(rows, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
