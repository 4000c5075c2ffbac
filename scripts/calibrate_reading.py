"""The ABC of the generative history with ``dynamics.scheduled_clash_reading`` as a tenth parameter.

The shipped calibration (``resetsim calibrate --method abc``) fits nine parameters and keeps
the scheduled clashes' readings as written (``scheduled_clash_reading = 1``, an assumption).
This script asks the record about that assumption: the same ABC-SMC, same summaries, same
seeds, with the factor drawn from a uniform prior on [0, 1] (ODD section 8.3j), and writes
pyabc's outputs and the posterior-predictive check to ``--out``
(``data/posterior/history-1992-2016-generative/scheduled-reading`` holds its summary).

    python scripts/calibrate_reading.py [--out results/abc-reading] [--population 500]
        [--generations 3] [--workers 2] [--predictive 200]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from resetsim.validation.abc import PARAMETERS, calibrate_abc

READING = "dynamics.scheduled_clash_reading"
PRIOR = (0.0, 1.0)
"""1 is the readings as written, which count the actors' answers that the moves now make."""


def main(argv: list[str] | None = None) -> None:
    """Run the ABC with the tenth parameter and print its posterior median and interval."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("results/abc-reading"))
    parser.add_argument("--population", type=int, default=500)
    parser.add_argument("--generations", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--predictive", type=int, default=200)
    args = parser.parse_args(argv)
    summary = calibrate_abc(
        args.out, population=args.population, generations=args.generations, runs=1,
        workers=args.workers, parameters=PARAMETERS | {READING: PRIOR},
        predictive=args.predictive,
    )  # fmt: skip
    post = summary["posterior"][READING]
    print(f"{READING}: median {post['median']:.3g}, 90% {post['q05']:.3g}-{post['q95']:.3g}")


if __name__ == "__main__":
    main()
