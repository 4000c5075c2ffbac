"""The trump-2017-generative forecast from an ABC posterior, summarised for the page.

Reads a finished ``resetsim batch trump-2017-generative --posterior posterior.csv --draws N``
folder and writes ``forecast.csv`` (one row per outcome: probability, Monte Carlo,
draw-bootstrap and per-draw intervals; :mod:`resetsim.validation.forecast`) into the ABC
folder, where ``resetsim validate-model --abc`` shows it as held-out.

Usage::

    python scripts/forecast_from_posterior.py BATCH_DIR ABC_DIR
"""

from __future__ import annotations

import argparse
from pathlib import Path

from resetsim.validation.forecast import forecast_summary


def main() -> None:
    """Summarise the batch into ABC_DIR/forecast.csv and print it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("batch", type=Path, help="the posterior batch's --out folder")
    parser.add_argument("abc", type=Path, help="the ABC folder (forecast.csv goes there)")
    args = parser.parse_args()
    table = forecast_summary(args.batch)
    table.to_csv(args.abc / "forecast.csv", index=False)
    for row in table.itertuples():
        print(
            f"{row.label}: {row.probability:.0%} (parameter + seed, bootstrap over draws "
            f"{row.boot_low:.0%}-{row.boot_high:.0%}; Monte Carlo {row.mc_low:.0%}-"
            f"{row.mc_high:.0%}; per draw {row.draw_q05:.0%}-{row.draw_q95:.0%}), "
            f"{row.runs} runs"
        )


if __name__ == "__main__":
    main()
