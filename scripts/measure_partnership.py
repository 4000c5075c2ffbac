"""Partnership (pattern 3): how often the relationship holds >= 0.5 for 12 months.

Runs, on one block of seeds, the shared-worldview counterfactuals with the actors' moves
and deals that last (``obama-2009-generative`` with ``worldview_gap`` 0, ``deal_upkeep``
0.02 and ``withdrawal_rate`` 0.003, and the same with ``trade_share`` 0.034), the same
rules under the US-Russia structure (``obama-2009-generative`` with the two deal rules;
``history-1992-2016-institutions``) and the
scenarios as shipped (``obama-2009-generative``, ``history-1992-2016-generative``, and the
scripted ``shared-worldview`` and ``china-absorber``). Per condition: the share of runs
with 12 consecutive months at relationship >= 0.5 (the validation page's partnership) and
with any month at >= 0.5, with Wilson 95% intervals, and the mean of each run's highest
relationship and trust.

Usage::

    python scripts/measure_partnership.py [--first 1000] [--runs 400] [--jobs 2]
"""

from __future__ import annotations

from multiprocessing import Pool

import numpy as np
from seed_block import seed_block, share_text

from resetsim import ResetModel, load_scenario
from resetsim.validation.claims import LASTING
from resetsim.validation.history import PARTNERSHIP_LEVEL as LEVEL
from resetsim.validation.history import partnership

SHARED = {**LASTING, "structure.worldview_gap": 0.0}
"""The shared-worldview counterfactual with the actors' moves (obama-2009-generative)."""
ABSORBER = {**SHARED, "structure.trade_share": 0.034}
"""... with China-level trade (china-absorber's 0.034)."""
CONDITIONS: dict[str, tuple[str, dict]] = {
    "shared worldview + absorber, deals last": ("obama-2009-generative", ABSORBER),
    "US-Russia (obama-2009), deals last": ("obama-2009-generative", LASTING),
    "US-Russia 1992-2016, deals last": ("history-1992-2016-institutions", {}),
    "history-1992-2016-generative as shipped": ("history-1992-2016-generative", {}),
    "shared worldview, deals last": ("obama-2009-generative", SHARED),
    "obama-2009-generative as shipped": ("obama-2009-generative", {}),
    "shared-worldview (scripted, 0.1.0)": ("shared-worldview", {}),
    "china-absorber (scripted, 0.1.0)": ("china-absorber", {}),
}


def _run(job: tuple[str, int]) -> tuple[bool, bool, float, float]:
    label, seed = job
    name, overrides = CONDITIONS[label]
    spec = load_scenario(name)
    ts = ResetModel(spec.with_overrides(overrides) if overrides else spec, seed=seed).run()
    ts = ts.timeseries()
    rel = ts["relationship"].to_numpy()
    return partnership(rel), bool((rel >= LEVEL).any()), rel.max(), ts["trust"].max()


def main() -> None:
    """Run every condition on the same seeds and print the shares."""
    seeds, jobs = seed_block(__doc__, first=1000, runs=400)
    print(f"seeds {seeds.start}-{seeds.stop - 1}")
    with Pool(jobs) as pool:
        for label in CONDITIONS:
            rows = pool.map(_run, [(label, s) for s in seeds])
            held, touched, top, trust = (np.array(col) for col in zip(*rows, strict=True))
            print(f"{label}: partnership {share_text(int(held.sum()), len(rows))}; "
                  f"any month >= {LEVEL}: {share_text(int(touched.sum()), len(rows))}; "
                  f"mean highest relationship {top.mean():.3f}, "
                  f"trust {trust.mean():.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
