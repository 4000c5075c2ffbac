"""Treaty violations and exits in trump-2017-generative, with and without violations.

Runs ``trump-2017-generative`` (2017-01..2022-12, the INF, New START and Open Skies
treaties in force) on one block of seeds with ``dynamics.violation_rate`` 0 (no covert
violations) and at ``--rate``. Per side: the share of runs in which it was caught
violating a treaty and in which it left one (any of the three, and the INF Treaty), with
Wilson 95% intervals.

Usage::

    python scripts/measure_violations.py [--first 3000] [--runs 400] [--jobs 2] [--rate 0.05]
"""

from __future__ import annotations

import sys
from multiprocessing import Pool

from seed_block import seed_block, share_text

from resetsim import ResetModel, load_scenario

NAME = "trump-2017-generative"
SIDES = ("US", "RU")


def _run(job: tuple[float, int]) -> dict:
    rate, seed = job
    spec = load_scenario(NAME).with_overrides({"dynamics.violation_rate": rate})
    model = ResetModel(spec, seed=seed).run()
    log, events = model.decision_log(), model.events()
    left = log[log["outcome"] == "withdrawn"]
    broke = events[events["kind"] == "violation"]
    out = {}
    for side in SIDES:
        out[f"{side} violated"] = bool((broke["side"] == side).any())
        out[f"{side} left"] = bool((left["side"] == side).any())
        out[f"{side} left INF"] = bool(((left["side"] == side)
                                        & (left["proposal"] == "inf-treaty")).any())  # fmt: skip
    return out


def _share(rows: list[dict], key: str) -> str:
    return share_text(sum(bool(r[key]) for r in rows), len(rows))


def main() -> None:
    """Run both conditions on the same seeds and print the shares."""
    rate = 0.05
    if "--rate" in sys.argv:
        at = sys.argv.index("--rate")
        rate = float(sys.argv[at + 1])
        del sys.argv[at : at + 2]
    seeds, jobs = seed_block(__doc__, first=3000, runs=400)
    print(f"{NAME}: seeds {seeds.start}-{seeds.stop - 1}")
    with Pool(jobs) as pool:
        for value in (0.0, rate):
            rows = pool.map(_run, [(value, s) for s in seeds])
            print(f"  violation_rate = {value:g}:")
            for side in SIDES:
                print(f"    {side}: caught violating {_share(rows, f'{side} violated')}, left a "
                      f"treaty {_share(rows, f'{side} left')}, left INF "
                      f"{_share(rows, f'{side} left INF')}")  # fmt: skip


if __name__ == "__main__":
    main()
