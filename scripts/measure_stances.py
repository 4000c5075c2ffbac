"""First principal component of agencies' and factions' stances, stances by issue on and off.

Runs ``history-1992-2016-generative`` (the calibrated history, with stances by issue, remits,
the pen and the president's pull) as it is and with :data:`resetsim.analysis.stances.ONE_STANCE`
(one stance per actor) on held-out seeds (default
8000-8099, never used for tuning), and prints each condition's mean share of variance of the
first principal component with a 95% bootstrap interval over seeds, and the paired change.
Issue "Pulling and hauling" asks for a share under 80% (0.1.0: 95%).

Usage::

    python scripts/measure_stances.py [--first 8000] [--runs 100] [--jobs 2]
"""

from __future__ import annotations

import argparse

from resetsim.analysis.stances import stance_concentration

SCENARIO = "history-1992-2016-generative"


def main() -> None:
    """Run both conditions and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default=SCENARIO)
    parser.add_argument("--first", type=int, default=8000)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    seeds = range(args.first, args.first + args.runs)
    table = stance_concentration(args.scenario, seeds, workers=args.jobs)
    print(f"{args.scenario}: seeds {seeds.start}-{seeds.stop - 1}, first principal component's")
    print("share of the variance of agencies' and factions' stances (mean over runs, 95% CI)")
    for row in table.itertuples():
        print(
            f"  {row.condition:4s} {row.value:.3f} [{row.ci_low:.3f}, {row.ci_high:.3f}]"
            f"  change {row.change:+.3f} [{row.change_low:+.3f}, {row.change_high:+.3f}]"
            f"  n={row.n}"
        )


if __name__ == "__main__":
    main()
