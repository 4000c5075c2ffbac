"""Statutes Congress originates and treaties left, in trump-2017-generative, 2017-01..2022-12.

Runs ``trump-2017-generative`` on one block of seeds (default 3000-3399, never used for
tuning) in three conditions: as shipped (the statutes and the treaties in force), without
the ``[[statutes]]`` and without both the statutes and the treaties (the scenario before
either existed). Per run of the full model it records whether the sanctions were codified
(by 2017-12 and by 2022-12), whether the aid floor became law, whether a core concession
or relief of the US president was stopped by a statute (an aid floor's block or a
disapproval under the codified sanctions' review), and which treaty each side left and
when. Shares come with Wilson 95% intervals; the change in crisis probability (a crisis
onset after the first month) and in the first reset's months survived (0 without a reset)
against each reduced condition is the paired difference of means on the same seeds with a
95% paired-bootstrap interval (as ``knockouts_generative.py``).

The same statutes in ``obama-2009-generative`` (2009-01..2016-12) are run as shipped and
without them, for how often they are enacted and what they change.

Usage::

    python scripts/measure_statutes.py [--first 3000] [--runs 400] [--jobs 2]
"""

from __future__ import annotations

from collections import Counter
from multiprocessing import Pool

import numpy as np
from knockouts_generative import paired_interval
from seed_block import seed_block

from resetsim import ResetModel, load_scenario
from resetsim.analysis.outcomes import crisis_onsets, first_reset
from resetsim.validation.checks import wilson_interval

NAME = "trump-2017-generative"
TREATIES = ("inf-treaty", "new-start-treaty", "open-skies")
CONDITIONS = ("full", "no statutes", "no statutes, no treaties")


def scenario(condition: str, name: str = NAME):
    """The scenario ``name`` in ``condition``."""
    spec = load_scenario(name)
    if condition == "full":
        return spec
    update: dict = {"statutes": []}
    if condition == "no statutes, no treaties":
        update["proposals"] = [p for p in spec.proposals if p.id not in TREATIES]
    return spec.model_copy(update=update)


def _first_vote(log) -> tuple[int, int] | None:
    """Yes and no of the first passage vote on codifying the sanctions, or None."""
    votes = log[(log["proposal"] == "codify-sanctions") & (log["votes_yes"] >= 0)]
    return (
        None if votes.empty else (int(votes.iloc[0]["votes_yes"]), int(votes.iloc[0]["votes_no"]))
    )


def _run(job: tuple[str, int] | tuple[str, int, str]) -> dict:
    condition, seed, *name = job
    model = ResetModel(scenario(condition, *name), seed=seed).run()
    log, events = model.decision_log(), model.events()
    reset = first_reset(model.resets())
    senate = events[events["actor"] == model.main_chamber("US").key]
    codified = senate[senate["kind"] == "sanctions-act"]["date"].tolist()
    floor = senate[senate["kind"] == "aid_floor"]["date"].tolist()
    stopped = log[log["core"] & log["outcome"].isin(["blocked", "reversed"])]
    by_statute = stopped[stopped["reason"].str.contains("floor of support|Under the sanctions")]
    left = log[(log["outcome"] == "withdrawn") & log["proposal"].isin(TREATIES)]
    return {
        "crisis": float(crisis_onsets(model.timeseries()["phase"].to_numpy()).any()),
        "survived": 0.0 if reset is None else float(reset["months_survived"]),
        "codified_2017": bool(codified) and codified[0] <= "2017-12",
        "codified": bool(codified),
        "codified_at": codified[0] if codified else "",
        "floor": bool(floor),
        "taken_up": bool((log["outcome"] == "initiated").any()),
        "statute_stopped": len(by_statute) > 0,
        "core_stopped": len(stopped) > 0,
        "core_in_effect": bool(
            (log["core"] & log["outcome"].isin(["implemented", "slow_rolled"])).any()
        ),
        "vote": _first_vote(log),
        "vetoed": bool(
            ((log["proposal"] == "codify-sanctions") & (log["outcome"] == "rejected")).any()
        ),
        "left": list(zip(left["proposal"], left["side"], left["date"], strict=True)),
    }


def _share(rows: list[dict], key: str) -> str:
    k = sum(bool(r[key]) for r in rows)
    low, high = wilson_interval(k, len(rows))
    return f"{k / len(rows):.1%} [{low:.1%}, {high:.1%}]"


def main() -> None:
    """Run the conditions and print the figures."""
    seeds, jobs = seed_block(__doc__, first=3000, runs=400)
    rng = np.random.default_rng(seeds.start)
    with Pool(jobs) as pool:
        out = {c: pool.map(_run, [(c, s) for s in seeds]) for c in CONDITIONS}
    full = out["full"]
    print(f"{NAME}: seeds {seeds.start}-{seeds.stop - 1} ({len(full)} runs)")
    for key, what in (
        ("taken_up", "Congress takes up a statute"),
        ("codified_2017", "sanctions codified by 2017-12"),
        ("codified", "sanctions codified by 2022-12"),
        ("floor", "aid floor enacted by 2022-12"),
        ("statute_stopped", "a core concession or relief stopped by a statute"),
    ):
        print(f"  {what}: {_share(full, key)}")
    votes = [r["vote"] for r in full if r["vote"]]
    yes = sorted(v[0] for v in votes)
    print(
        f"  first passage vote on codifying (runs that took it up, {len(votes)}): median yes "
        f"{yes[len(yes) // 2]} of 100, range {yes[0]}-{yes[-1]}; vetoed in "
        f"{sum(r['vetoed'] for r in full)} runs, enacted in {sum(r['codified'] for r in full)}"
    )
    years = Counter(r["codified_at"][:4] for r in full if r["codified"])
    print(f"  year of codification: {dict(sorted(years.items()))}")
    for condition in CONDITIONS:
        rows = out[condition]
        print(f"  [{condition}] core concession stopped: {_share(rows, 'core_stopped')}; "
              f"core concession in effect: {_share(rows, 'core_in_effect')}")  # fmt: skip
        for treaty in TREATIES:
            for side in ("US", "RU"):
                exits = [d for r in rows for t, s, d in r["left"] if t == treaty and s == side]
                k = len({i for i, r in enumerate(rows) for t, s, _ in r["left"]
                         if t == treaty and s == side})  # fmt: skip
                low, high = wilson_interval(k, len(rows))
                median = sorted(exits)[len(exits) // 2] if exits else "-"
                print(f"    {treaty} left by {side}: {k / len(rows):.1%} "
                      f"[{low:.1%}, {high:.1%}], median date {median}")  # fmt: skip
        any_exit = sum(bool(r["left"]) for r in rows)
        low, high = wilson_interval(any_exit, len(rows))
        print(f"    any treaty left: {any_exit / len(rows):.1%} [{low:.1%}, {high:.1%}]")
    _compare(out, rng)
    _obama(seeds, jobs, rng)


def _compare(out: dict[str, list[dict]], rng: np.random.Generator) -> None:
    """Crisis and reset survival of the full model against each other condition of ``out``."""
    base = np.array([[r["crisis"], r["survived"]] for r in out["full"]])
    print(f"  full: crisis {base[:, 0].mean():.1%}, reset survived {base[:, 1].mean():.1f} months")
    for condition in [c for c in out if c != "full"]:
        res = np.array([[r["crisis"], r["survived"]] for r in out[condition]])
        for col, what, fmt in ((0, "crisis", "{:+.1%}"), (1, "survived", "{:+.1f}")):
            diff = base[:, col] - res[:, col]
            low, high = paired_interval(diff, rng)
            print(f"  full minus [{condition}]: {what} {res[:, col].mean():.3g} -> "
                  f"{base[:, col].mean():.3g}, difference {fmt.format(diff.mean())} "
                  f"[{fmt.format(low)}, {fmt.format(high)}]")  # fmt: skip


def _obama(seeds: range, jobs: int, rng: np.random.Generator) -> None:
    """The same statutes in obama-2009-generative: codified how often, and what they change."""
    name = "obama-2009-generative"
    with Pool(jobs) as pool:
        out = {c: pool.map(_run, [(c, s, name) for s in seeds]) for c in CONDITIONS[:2]}
    full = out["full"]
    print(f"{name}: seeds {seeds.start}-{seeds.stop - 1} ({len(full)} runs)")
    for key, what in (("codified", "sanctions codified by 2016-12"),
                      ("floor", "aid floor enacted by 2016-12")):  # fmt: skip
        print(f"  {what}: {_share(full, key)}")
    _compare(out, rng)


if __name__ == "__main__":
    main()
