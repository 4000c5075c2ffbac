"""Votes, withdrawals, phase transitions and partnership with the issue-12 mechanisms on.

Runs, on a block of seeds (default the calibration seeds 100000-100199; the report uses
the block 6000-6199, which no test uses):

* ``votes``: obama-2009 with the whip and win-set anticipation switched on: the margin of
  every roll call over the votes needed (share of seats), peripheral against core, and
  how many proposals were held back by anticipation;
* ``core``: pattern 4's set-up (a US president at stance 0.9, only core concessions on
  offer) with anticipation off, so that they reach the Senate: seats voting against them,
  with the whip and without;
* ``history``: history-1992-2016-institutions (mechanisms on in the file): withdrawals per
  run (who, from what, when), the observed phase-transition table and its Giles share;
* ``partnership``: two willing presidents (stance 0.9) with every mechanism on and deals in
  force holding their benefit (``deal_upkeep`` at ``structure.relax_rate``), in
  US-Russia's structure (obama-2009) and in one that allows partnership (no worldview gap,
  US-China-scale trade): the share of runs with 12 consecutive months at R >= 0.5.

Shares carry Wilson 95% intervals, means bootstrap 95% intervals.

Usage::

    python scripts/measure_deals.py [votes|history|partnership ...] [--first 100000]
        [--runs 200] [--jobs 2]
"""

from __future__ import annotations

import argparse
from multiprocessing import Pool

import numpy as np
import pandas as pd

from resetsim import ResetModel, load_scenario
from resetsim.agents.legislature import votes_needed
from resetsim.analysis.transitions import giles_share, phase_transitions
from resetsim.scenario.politics import politics_overrides
from resetsim.validation.checks import wilson_interval
from resetsim.validation.pattern_setup import CORE_PROPOSALS

HISTORY = "history-1992-2016-institutions"
MECHANISMS = politics_overrides(load_scenario(HISTORY))
"""The issue-12 mechanisms as history-1992-2016-institutions switches them on."""
WILLING = {"presidents.*.stance": 0.9}
HOLD = {"dynamics.deal_upkeep": 0.06}
"""Deals in force that hold their benefit: upkeep at structure.relax_rate."""
ALLOWS = {"structure.worldview_gap": 0.0, "structure.trade_share": 0.034}
"""A structure that allows partnership: a shared worldview and a China-scale absorber."""


def partnership(ts: pd.DataFrame, level: float = 0.5, months: int = 12) -> bool:
    """Whether R stays at or above ``level`` for ``months`` consecutive months (pattern 3)."""
    return bool((ts["relationship"] >= level).rolling(months).sum().max() >= months)


def _run(job):
    name, overrides, seed = job
    spec = load_scenario(name).with_overrides(overrides) if overrides else load_scenario(name)
    m = ResetModel(spec, seed=seed).run()
    return m.timeseries(), m.decision_log(), {c.side: c.treaty_share for c in spec.legislatures}


def _share(flags) -> str:
    flags = np.asarray(flags, dtype=bool)
    if len(flags) == 0:
        return "none (n=0)"
    low, high = wilson_interval(int(flags.sum()), len(flags))
    return f"{flags.mean():.1%} [{low:.1%}, {high:.1%}] (n={len(flags)})"


def _mean(values, rng) -> str:
    values = np.asarray(values, dtype=float)
    if len(values) == 0:
        return "none (n=0)"
    boot = [rng.choice(values, len(values)).mean() for _ in range(2000)]
    low, high = np.percentile(boot, [2.5, 97.5])
    return f"{values.mean():+.3f} [{low:+.3f}, {high:+.3f}] (n={len(values)})"


def votes(pool, seeds, rng) -> None:
    """Roll-call margins, peripheral against core, and proposals held back by anticipation."""
    for cohesion in (0.8, 0.0):
        _votes(pool, seeds, rng, MECHANISMS | {"dynamics.whip_cohesion": cohesion})


def _votes(pool, seeds, rng, overrides) -> None:
    results = pool.map(_run, [("obama-2009", overrides, s) for s in seeds])
    rows = []
    held = {True: 0, False: 0}
    for _, log, shares in results:
        for r in log.itertuples():
            if r.outcome == "blocked" and r.votes_yes < 0 and "counting the votes" in r.reason:
                held[bool(r.core)] += 1
            if r.votes_yes < 0 or r.instrument not in ("treaty", "statute", "appropriation"):
                continue
            total = r.votes_yes + r.votes_no
            share = shares[r.side] if r.instrument == "treaty" else 0.5
            margin = (r.votes_yes - votes_needed(total, share)) / total
            rows.append((bool(r.core), r.side, r.instrument, margin, r.outcome))
    frame = pd.DataFrame(rows, columns=["core", "side", "instrument", "margin", "outcome"])
    cohesion = overrides["dynamics.whip_cohesion"]
    print(f"votes: obama-2009, mechanisms on, whip cohesion {cohesion:g}, {len(seeds)} runs")
    for core in (False, True):
        part = frame[frame["core"] == core]
        label = "core" if core else "peripheral"
        passed = part["outcome"].isin(["ratified", "adopted"])
        print(
            f"  {label} roll calls: margin over needed (share of seats)",
            _mean(part["margin"], rng),
        )
        print(f"  {label} roll calls passed: {_share(passed)}")
        print(
            f"  {label} proposals held back by anticipation: {held[core] / len(seeds):.2f} per run"
        )


def core_votes(pool, seeds, rng) -> None:
    """Roll calls on core concessions when the president does table them (pattern 4's set-up).

    A US president at stance 0.9 with only core concessions on offer, anticipation off:
    the share of seats voting against the concession (for undoing it, when the vote is on a
    statute that reverses an executive act), with the whip and without it.
    """
    base = MECHANISMS | {
        "dynamics.anticipate_votes": False,
        "presidents.US.stance": 0.9,
        "proposals": CORE_PROPOSALS,
    }
    for cohesion in (0.8, 0.0):
        overrides = base | {"dynamics.whip_cohesion": cohesion}
        results = pool.map(_run, [("obama-2009", overrides, s) for s in seeds])
        against, passed = [], []
        for _, log, _ in results:
            calls = log[(log["votes_yes"] >= 0) & log["core"] & (log["side"] == "US")]
            for r in calls.itertuples():
                total = r.votes_yes + r.votes_no
                undo = r.instrument == "executive"  # a veto-proof statute reversing the act
                against.append((r.votes_yes if undo else r.votes_no) / total)
                passed.append(r.outcome == "ratified")
        print(f"core concessions tabled anyway (US stance 0.9), whip cohesion {cohesion:g}:")
        print(f"  share of Senate seats voting against the concession: {_mean(against, rng)}")
        print(f"  concessions the Senate let through: {_share(passed)}")


def history(pool, seeds, rng) -> None:
    """Withdrawals per run and the observed phase transitions of the two histories."""
    for name, overrides in ((HISTORY, {}), ("history-1992-2016", MECHANISMS)):
        _history(pool, seeds, rng, name, overrides)


def _history(pool, seeds, rng, name, overrides) -> None:
    results = pool.map(_run, [(name, overrides, s) for s in seeds])
    counts, who = [], []
    for _, log, _ in results:
        out = log[log["outcome"] == "withdrawn"]
        counts.append(len(out))
        who += [f"{r.side} {r.proposal} {r.date[:4]}" for r in out.itertuples()]
    print(f"history: {name}{' with the mechanisms on' if overrides else ''}, {len(seeds)} runs")
    print(
        f"  withdrawals per run: {_mean(counts, rng)};",
        f"runs with any: {_share(np.array(counts) > 0)}",
    )
    print(
        "  most frequent:",
        pd.Series(who).str.rsplit(" ", n=1).str[0].value_counts().head(6).to_dict(),
    )
    ts = pd.concat([t.assign(run_id=i) for i, (t, _, _) in enumerate(results)])
    table = phase_transitions(ts)
    print("  observed transitions (from rows to columns), all runs:")
    print(table.to_string().replace("\n", "\n    "))
    print(f"  share of transitions that are Giles steps: {giles_share(table):.1%}")
    print(
        "  phase shares of run-months:",
        ts["phase"].value_counts(normalize=True).round(3).to_dict(),
    )


def partnership_share(pool, seeds, rng) -> None:
    """Partnership reached in a structure that allows it, not in US-Russia's."""
    base = MECHANISMS | HOLD | WILLING
    print(
        "partnership (R >= 0.5 for 12 months), willing presidents,",
        f"mechanisms on, {len(seeds)} runs",
    )
    conditions = (
        ("US-Russia (obama-2009)", base),
        ("shared worldview + absorber", base | ALLOWS),
        ("shared worldview + absorber, 0.1.0 rules", WILLING | ALLOWS),
    )
    for label, overrides in conditions:
        results = pool.map(_run, [("obama-2009", overrides, s) for s in seeds])
        reached = [partnership(ts) for ts, _, _ in results]
        peak = [ts["relationship"].max() for ts, _, _ in results]
        print(f"  {label}: {_share(reached)}; mean peak R {_mean(peak, rng)}")


def main() -> None:
    """Run the chosen measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="*", default=["votes", "core", "history", "partnership"])
    parser.add_argument("--first", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    seeds = range(args.first, args.first + args.runs)
    rng = np.random.default_rng(0)
    jobs = {
        "votes": votes,
        "core": core_votes,
        "history": history,
        "partnership": partnership_share,
    }
    with Pool(args.jobs) as pool:
        for what in args.what:
            jobs[what](pool, seeds, rng)


if __name__ == "__main__":
    main()
