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

import argparse
import sys
from pathlib import Path

import pandas as pd

from resetsim.validation.claims import claims_for
from resetsim.validation.mechanism import Controls, judge


def main(argv: list[str] | None = None) -> int:
    """Judge every claim on calibration seeds; write and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=500)
    parser.add_argument("--base", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("results/claim-power.csv"))
    args = parser.parse_args(argv)
    if args.base < 100_000:
        parser.error(f"--base must be 100000 or above (calibration seeds), not {args.base}")
    seeds = range(args.base, args.base + args.seeds)
    ctl = Controls(workers=args.workers)
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
    table = pd.DataFrame(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out, index=False)
    print(table.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
