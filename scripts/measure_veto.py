"""The president's veto of codified sanctions, with and without win-set anticipation.

Runs ``trump-2017-generative`` (2017-01..2022-12) on one block of seeds (default
3000-3399, never used for tuning) with ``dynamics.anticipate_veto`` off (the president
vetoes whatever he opposes) and on (he vetoes only where he expects the override to fail:
``President.vetoes``). Among the runs in which the chambers passed the codification, it
counts those where the president vetoed it at least once, signed it although he opposed
it, and where it became law; every share with a Wilson 95% interval.

Usage::

    python scripts/measure_veto.py [--first 3000] [--runs 400] [--jobs 2]
"""

from __future__ import annotations

from multiprocessing import Pool

from seed_block import seed_block, share_text

from resetsim import ResetModel, load_scenario

NAME = "trump-2017-generative"
STATUTE = "codify-sanctions"


def _run(job: tuple[bool, int]) -> dict:
    anticipate, seed = job
    spec = load_scenario(NAME).with_overrides({"dynamics.anticipate_veto": anticipate})
    model = ResetModel(spec, seed=seed).run()
    log, events = model.decision_log(), model.events()
    rows = log[log["proposal"] == STATUTE]
    reasons = rows["reason"].str
    senate = events[events["actor"] == model.main_chamber("US").key]
    return {
        "passed": bool(((rows["outcome"] == "adopted") & reasons.contains("approved")).any()),
        "vetoed": bool((rows["outcome"] == "rejected").any()),
        "signed": bool(reasons.contains("which he opposed").any()),
        "law": bool((senate["kind"] == "sanctions-act").any()),
    }


def _share(rows: list[dict], key: str) -> str:
    return share_text(sum(bool(r[key]) for r in rows), len(rows))


def main() -> None:
    """Run both conditions on the same seeds and print the shares."""
    seeds, jobs = seed_block(__doc__, first=3000, runs=400)
    print(f"{NAME}: seeds {seeds.start}-{seeds.stop - 1}")
    with Pool(jobs) as pool:
        for anticipate in (False, True):
            rows = pool.map(_run, [(anticipate, s) for s in seeds])
            passed = [r for r in rows if r["passed"]]
            print(f"  anticipate_veto = {anticipate}: chambers passed the codification in "
                  f"{_share(rows, 'passed')}")  # fmt: skip
            for key, what in (("vetoed", "vetoed"), ("signed", "signed although opposed"),
                              ("law", "became law")):  # fmt: skip
                print(f"    of those, {what}: {_share(passed, key)}")


if __name__ == "__main__":
    main()
