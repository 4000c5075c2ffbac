"""Knock-outs of the legislatures' and the bureaucracies' moves in the generative resets.

Runs ``obama-2009-generative`` and ``trump-2017-generative`` on one block of seeds (default
7000-7199, a block no test uses and never used for tuning) in three conditions: the full
repertoire, without the moves held by legislative factions, and without the moves held by
agencies (the legislatures' knock-out also removes the ``[[statutes]]`` their chambers
originate). Per run it records whether a crisis broke out after the first month (a crisis
onset, :func:`resetsim.analysis.outcomes.crisis_onsets`) and the months the first reset
survived above its pre-reset level (``months_survived`` of
:func:`resetsim.analysis.outcomes.first_reset`; 0 without a reset, censored runs count
the months they were observed: a restricted mean). Each knock-out is compared with the full
model on the same seeds: the paired difference of means with a 95% paired-bootstrap
interval (Efron & Tibshirani 1993), 2000 resamples of the seeds.

Usage::

    python scripts/knockouts_generative.py [--first 7000] [--runs 200] [--jobs 2]
"""

from __future__ import annotations

from multiprocessing import Pool

import numpy as np
from seed_block import seed_block

from resetsim import ResetModel, load_scenario
from resetsim.analysis.outcomes import crisis_onsets, first_reset

SCENARIOS = ("obama-2009-generative", "trump-2017-generative")
FAMILIES = {
    "full": None,
    "no legislature moves": "legislature",
    "no bureaucracy moves": "bureaucracy",
}
RESAMPLES = 2000


def without(name: str, family: str | None):
    """Scenario ``name`` without the moves held by actors of ``family`` (None: all moves)."""
    spec = load_scenario(name)
    if family is None:
        return spec
    held = {m.id for a in ResetModel(spec, seed=0).movers if a.family == family for m in a.moves}
    events = [
        e.model_copy(update={"opens": [i for i in e.opens if i not in held]}) for e in spec.events
    ]
    moves = [m for m in spec.moves if m.id not in held]
    update = {"moves": moves, "events": events}
    if family == "legislature":
        update["statutes"] = []  # the statutes chambers originate on their own, too
    return spec.model_copy(update=update)


def _run(job: tuple[str, str, int]) -> tuple[float, float]:
    name, condition, seed = job
    model = ResetModel(without(name, FAMILIES[condition]), seed=seed).run()
    crisis = float(crisis_onsets(model.timeseries()["phase"].to_numpy()).any())
    reset = first_reset(model.resets())
    survived = 0.0 if reset is None else float(reset["months_survived"])
    return crisis, survived


def paired_interval(diff: np.ndarray, rng: np.random.Generator) -> tuple[float, float]:
    """95% percentile interval of the mean of ``diff`` over bootstrap resamples of its runs."""
    idx = rng.integers(0, len(diff), size=(RESAMPLES, len(diff)))
    means = diff[idx].mean(axis=1)
    low, high = np.quantile(means, [0.025, 0.975])
    return float(low), float(high)


def main() -> None:
    """Run the conditions and print the paired differences."""
    seeds, jobs = seed_block(__doc__, first=7000)
    rng = np.random.default_rng(seeds.start)
    with Pool(jobs) as pool:
        for name in SCENARIOS:
            out = {c: np.array(pool.map(_run, [(name, c, s) for s in seeds])) for c in FAMILIES}
            full = out["full"]
            print(f"{name}: seeds {seeds.start}-{seeds.stop - 1}")
            print(f"  full: crisis {full[:, 0].mean():.1%}, reset survived "
                  f"{full[:, 1].mean():.1f} months (mean)")  # fmt: skip
            for condition in list(FAMILIES)[1:]:
                res = out[condition]
                for col, what, fmt in ((0, "crisis", "{:+.1%}"), (1, "survived", "{:+.1f}")):
                    diff = res[:, col] - full[:, col]
                    low, high = paired_interval(diff, rng)
                    ci = f"[{fmt.format(low)}, {fmt.format(high)}]"
                    print(f"  {condition}: {what} {res[:, col].mean():.3g}, difference "
                          f"{fmt.format(diff.mean())} {ci}")  # fmt: skip


if __name__ == "__main__":
    main()
