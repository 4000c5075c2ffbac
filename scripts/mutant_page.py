"""Write the validation page's mechanism table with one mechanism broken, and its diff.

Runs every claim of ``resetsim.validation.claims`` on the real model and with the mutant
(``resetsim.validation.mutants``: the method the model calls replaced inside each run),
full, null and placebo, on the page's seeds (0 ... SEEDS-1), and writes
``docs/validation-mutant.md`` (or ``--out``) and the per-claim comparison as CSV.

    python scripts/mutant_page.py --mutant no-retaliation --seeds 100 --workers 2

(add ``--null-calibration results/null`` for the null model's own calibration).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from resetsim.validation.mutants import MUTANTS, compare, evaluate_both, page_lines


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run both models, write the page; exit 0 (it is a report)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutant", choices=sorted(MUTANTS), default="no-retaliation")
    parser.add_argument("--seeds", type=int, default=100, help="runs per claim and mode")
    parser.add_argument("--null-calibration", type=Path, default=None,
                        help="a `resetsim calibrate --method null` folder")  # fmt: skip
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("docs/validation-mutant.md"))
    parser.add_argument("--csv", type=Path, default=None, help="default: results/mutants/")
    args = parser.parse_args(argv)
    if not 2 <= args.seeds <= 10000:
        parser.error(f"--seeds must be within 2-10000 (the page's range 0-9999), not {args.seeds}")
    null = None
    if args.null_calibration is not None:
        from resetsim.validation.null_calibration import load_null_parameters

        if not (args.null_calibration / "null.json").is_file():
            parser.error(f"--null-calibration {args.null_calibration}: no null.json there")
        null = load_null_parameters(args.null_calibration)
    started = time.perf_counter()
    real, mutant = evaluate_both(args.mutant, range(args.seeds), args.workers, null)
    csv = args.csv or Path("results/mutants") / f"{args.mutant}.csv"
    csv.parent.mkdir(parents=True, exist_ok=True)
    table = compare(real, mutant)
    table.to_csv(csv, index=False)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(page_lines(args.mutant, real, mutant, null)) + "\n")
    moved = int((table["changed"] == "yes").sum())
    print(f"{args.mutant}: {moved} of {len(table)} claims change verdict "
          f"({time.perf_counter() - started:.0f} s); wrote {args.out} and {csv}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
