"""Each validation claim on calibration-range seeds: its estimate and the runs it needs.

The validation page and ``make robustness`` judge claims on seeds 0-9999; a claim's
ensemble size may only be chosen from seeds that neither of them uses. This script runs
every claim of ``resetsim.validation.claims`` (full model) on ``--seeds`` consecutive
seeds from ``--base`` (100000 or above: the calibration range) and writes, per claim,
the estimate with its 95% interval and the runs with which the claim would pass with 99%
probability if that estimate were the truth (``resetsim.validation.intervals``).

    python scripts/claim_power.py --seeds 500 --workers 2 --out results/claim-power.csv
"""

from __future__ import annotations

import sys
from pathlib import Path

from seed_block import calibration_block, write_table

from resetsim.validation.claims import claims_for
from resetsim.validation.mechanism import Controls, judge


def main(argv: list[str] | None = None) -> int:
    """Judge every claim on calibration seeds; write and print the table."""
    seeds, workers, out = calibration_block(__doc__, 500, Path("results/claim-power.csv"), argv)
    ctl = Controls(workers=workers)
    rows = []
    for claim in claims_for():
        r = judge(claim, seeds, {"full": ctl.values(claim, "full", seeds)})
        rows.append(
            {
                "pattern": claim.pattern,
                "statistic": claim.statistic,
                "claim": claim.claim_text,
                "seeds": f"{seeds[0]}-{seeds[-1]}",
                "estimate": r.estimate,
                "ci_low": r.low,
                "ci_high": r.high,
                "holds": r.holds,
                "runs_for_99": r.needed,
            }
        )
    write_table(rows, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
