"""The nine patterns of MODEL.md as statistics over ensembles of fixed seeds.

One function per pattern. Each takes the seeds of its ensemble (and optionally an
:class:`~resetsim.validation.ensemble.Ensembles` cache, so patterns share runs) and
returns its :class:`~resetsim.validation.checks.Check` rows: the statistic, the
threshold the pattern claims, the value observed and whether it passes. The thresholds
written here are the claims; they are not tuned to what a run happens to give
(pattern-oriented modelling, Grimm et al. 2005).

The test suite (``tests/integration/test_patterns.py``, ``test_history.py``) asserts
these records on 40 seeds (200 for escalation); ``resetsim validate-model`` reports them
on larger ensembles.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from resetsim.validation.checks import Check, check
from resetsim.validation.ensemble import Ensembles, Run, first_resets
from resetsim.validation.escalation import escalated
from resetsim.validation.history import (
    CRISES,
    HISTORY,
    QUIET,
    RESETS,
    gallup_comparison,
    hit_rate,
    quiet_crisis_share,
    three_cycles,
)

__all__ = [
    "CORE_PROPOSALS",
    "DEFAULT",
    "ESCALATION_SEEDS",
    "PATTERNS",
    "SEEDS",
    "TITLES",
    "all_patterns",
    "history_checks",
    "pattern1_reset_decays",
    "pattern2_history_cycles",
    "pattern3_willing_presidents",
    "pattern4_core_interests_stopped",
    "pattern5_shock_absorber",
    "pattern6_shared_worldview",
    "pattern7_command_not_compliance",
    "pattern8_peripheral_deals",
    "pattern9_escalation",
    "seed_range",
]

DEFAULT = "obama-2009"
SEEDS = range(1000, 1040)
"""Seeds of the test-suite ensembles (40 runs)."""
ESCALATION_SEEDS = range(2000, 2200)
"""Seeds of the test-suite escalation ensembles (200 runs per condition)."""

TITLES = {
    "1": "A reset raises cooperation, then decays",
    "2": "Three Giles cycles, 1992-2016",
    "3": "Willing presidents cannot sustain partnership",
    "4": "Giving up a core interest is stopped",
    "5": "A shock absorber makes crises rarer",
    "6": "A shared worldview makes a reset durable",
    "7": "Command is not compliance",
    "8": "Deals that happen are peripheral",
    "9": "Escalation risk low but not zero",
}

CORE_PROPOSALS: list[dict[str, Any]] = [
    {
        "id": "cut-aid",
        "topic": "cutting military aid to Ukraine and Georgia",
        "core": True,
        "concedes": "US",
        "instrument": "appropriation",
        "agencies": ["Defense", "State"],
    },
    {
        "id": "recognise-crimea",
        "topic": "recognising Crimea as Russian",
        "core": True,
        "concedes": "US",
        "instrument": "executive",
        "agencies": ["State", "MFA"],
    },
    {
        "id": "lift-sanctions",
        "topic": "lifting the Ukraine-related sanctions",
        "core": True,
        "concedes": "US",
        "instrument": "statute",
        "agencies": ["Treasury", "State"],
    },
]
"""Proposals in which the US gives up a core interest (patterns 4 and 8)."""


def seed_range(n: int, base: int = 1000) -> range:
    """``n`` consecutive seeds from ``base`` (the convention of every ensemble here)."""
    return range(base, base + n)


def _ens(ensembles: Ensembles | None) -> Ensembles:
    return ensembles if ensembles is not None else Ensembles()


def _make(pattern: str) -> Callable[..., Check]:
    def make(statistic: str, op: str, threshold: Any, value: float, runs: int, basis: str = ""):
        return check(pattern, TITLES[pattern], statistic, op, threshold, value, runs, basis)

    return make


def _halved_without_events(run: Run) -> bool:
    ts = run.timeseries
    excess = ts["relationship"] - ts["baseline"]
    peak = int(excess.idxmax())
    return bool(excess.iloc[-1] <= 0.5 * excess.iloc[peak] and peak < len(ts) - 12)


def pattern1_reset_decays(
    seeds: Sequence[int] = SEEDS, ensembles: Ensembles | None = None
) -> list[Check]:
    """Pattern 1: a leader-driven reset raises cooperation and the gain decays.

    Claims, on the default scenario: a reset in >= 90% of runs; median peak gain of the
    first reset >= 0.15 index points; median half-life <= 48 months (a few years; resets
    whose gain never halves are left out of the median). And "does not survive on its
    own": with no scheduled events at all, the relationship's excess over the structural
    baseline has halved from its peak by the end of the run (peak at least 12 months
    before the end) in >= 80% of runs.
    """
    ens, make, n = _ens(ensembles), _make("1"), len(seeds)
    resets = first_resets(ens.get(DEFAULT, seeds))
    quiet = ens.get(DEFAULT, seeds, {"events": []})
    return [
        make("share of runs with a reset", ">=", 0.9, len(resets) / n, n),
        make("median peak gain of the first reset", ">=", 0.15, resets["peak_gain"].median(), n),
        make(
            "median half-life of the gain (months)",
            "<=",
            48,
            _median(resets, "half_life_months"),
            n,
        ),
        make(
            "share of runs whose gain halves, no scheduled events",
            ">=",
            0.8,
            np.mean([_halved_without_events(r) for r in quiet]),
            n,
        ),
    ]


def _stack(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Rows of every run's table (empty tables skipped; one kept for the columns)."""
    full = [f for f in frames if len(f)]
    return pd.concat(full, ignore_index=True) if full else frames[0]


def _median(frame: pd.DataFrame, column: str) -> float:
    return float(frame[column].median()) if len(frame) else float("nan")


def pattern2_history_cycles(
    seeds: Sequence[int] = SEEDS, ensembles: Ensembles | None = None
) -> list[Check]:
    """Pattern 2: the 1992-2016 history passes through Giles's stages three times.

    Claims: crises near 1999, 2008 and 2014 and resets near 2001 and 2009, each in >= 70%
    of runs (windows in :mod:`resetsim.validation.history`); in >= 70% of runs every stage
    appears at least twice with at least three crisis entries; in the quiet years between
    cycles < 20% of run-months are labelled crisis; the ensemble-mean US favourability
    correlates with Gallup at r >= 0.5.
    """
    return history_checks([r.timeseries for r in _ens(ensembles).get(HISTORY, seeds)])


def history_checks(runs: Sequence[pd.DataFrame]) -> list[Check]:
    """Pattern 2's checks on the monthly timeseries of ``history-1992-2016`` runs.

    Shared by :func:`pattern2_history_cycles` and the calibration filter
    (:mod:`resetsim.validation.calibration`), so both hold a run to the same claims.
    """
    make, n = _make("2"), len(runs)
    out = [
        make(f"crisis hit rate {w[0]}..{w[1]}", ">=", 0.7, hit_rate(runs, "crisis", w), n)
        for w in (CRISES[y] for y in sorted(CRISES))
    ]
    out += [
        make(f"reset hit rate {w[0]}..{w[1]}", ">=", 0.7, hit_rate(runs, "reset", w), n)
        for w in (RESETS[y] for y in sorted(RESETS))
    ]
    out.append(
        make(
            "share of runs with three full cycles",
            ">=",
            0.7,
            np.mean([three_cycles(ts) for ts in runs]),
            n,
        )
    )
    out += [
        make(
            f"crisis share of months, quiet {w[0]}..{w[1]}",
            "<",
            0.2,
            quiet_crisis_share(runs, w),
            n,
        )
        for w in QUIET.values()
    ]
    _, stats = gallup_comparison(runs)
    out.append(make("correlation of mean US favourability with Gallup", ">=", 0.5, stats["r"], n))
    return out


def pattern3_willing_presidents(
    seeds: Sequence[int] = SEEDS, ensembles: Ensembles | None = None
) -> list[Check]:
    """Pattern 3: two willing presidents (stance 0.9) still cannot sustain partnership.

    Claim: partnership (relationship >= 0.5 for 12 consecutive months) in <= 10% of runs.
    """
    make, n = _make("3"), len(seeds)
    runs = _ens(ensembles).get(DEFAULT, seeds, {"presidents.*.stance": 0.9})
    sustained = [
        bool((r.timeseries["relationship"] >= 0.5).rolling(12).sum().max() >= 12) for r in runs
    ]
    return [make("share of runs with 12 months of partnership", "<=", 0.10, np.mean(sustained), n)]


def pattern4_core_interests_stopped(
    seeds: Sequence[int] = SEEDS, ensembles: Ensembles | None = None
) -> list[Check]:
    """Pattern 4: a president who tries to give up a core interest is stopped.

    A US president at stance 0.9 with only core concessions on offer. Claims: he does
    table them (at least one tabling per run); deals result from <= 10% of the tablings
    (deliveries have one row per side); the legislature reverses or blocks at least 0.8
    of his side's adoptions (counted as legislative stops per US adoption; vacuously met
    when nothing is adopted).
    """
    make, n = _make("4"), len(seeds)
    runs = _ens(ensembles).get(
        DEFAULT, seeds, {"presidents.US.stance": 0.9, "proposals": CORE_PROPOSALS}
    )
    log = _stack([r.log for r in runs])
    deals = _stack([r.deliveries for r in runs])
    tabled = int((log["outcome"] == "tabled").sum())
    adopted_us = int(((log["outcome"] == "adopted") & (log["side"] == "US")).sum())
    legislature = set(runs[0].legislators["US"])
    stopped = int(
        (log["outcome"].isin(["reversed", "blocked"]) & log["blocked_by"].isin(legislature)).sum()
    )
    per_adoption = stopped / adopted_us if adopted_us else float("inf")
    return [
        make("core tablings per run", ">=", 1, tabled / n, n),
        make("deals per core tabling", "<=", 0.1, (len(deals) / 2) / tabled if tabled else 0.0, n),
        make("legislative stops per US adoption", ">=", 0.8, per_adoption, n),
    ]


def _structure_counterfactual(
    pattern: str,
    label: str,
    overrides: dict[str, Any],
    seeds: Sequence[int],
    ensembles: Ensembles | None,
) -> list[Check]:
    ens, make, n = _ens(ensembles), _make(pattern), len(seeds)
    base = first_resets(ens.get(DEFAULT, seeds))
    alt = first_resets(ens.get(DEFAULT, seeds, overrides))
    crisis = lambda f: float(f["months_to_crisis"].notna().mean()) if len(f) else float("nan")  # noqa: E731
    return [
        make(
            f"median months survived, {label}",
            ">",
            _median(base, "months_survived"),
            _median(alt, "months_survived"),
            n,
            basis=f"{DEFAULT} as is",
        ),
        make(
            f"share of resets followed by a crisis, {label}",
            "<",
            crisis(base),
            crisis(alt),
            n,
            basis=f"{DEFAULT} as is",
        ),
    ]


def pattern5_shock_absorber(
    seeds: Sequence[int] = SEEDS, ensembles: Ensembles | None = None
) -> list[Check]:
    """Pattern 5: China-scale trade (``structure.trade_share`` 0.034) as a shock absorber.

    Claims, on the same seeds as the default scenario: the first reset's median months
    survived is higher and the share of resets followed by a crisis is lower.
    """
    return _structure_counterfactual(
        "5", "trade share 0.034", {"structure.trade_share": 0.034}, seeds, ensembles
    )


def pattern6_shared_worldview(
    seeds: Sequence[int] = SEEDS, ensembles: Ensembles | None = None
) -> list[Check]:
    """Pattern 6: a shared worldview (``structure.worldview_gap`` 0) makes a reset durable.

    Claims as pattern 5: longer median survival, fewer resets followed by a crisis.
    """
    return _structure_counterfactual(
        "6", "worldview gap 0", {"structure.worldview_gap": 0.0}, seeds, ensembles
    )


def pattern7_command_not_compliance(
    seeds: Sequence[int] = SEEDS, ensembles: Ensembles | None = None
) -> list[Check]:
    """Pattern 7: command is not compliance.

    Claims, over every deal's delivery at its due date on the default scenario: the US
    side delivers a mean share < 0.8 and never all of it (max < 1). Russia's more
    commanding president (command share 0.6) gets further than the same Russian agencies
    would under a US-sized command share (0.15, same seeds): a higher mean share, but
    not all the way (max < 1). The comparison is within Russia because Russia's agencies
    are more hostile to the deals than America's: comparing the two sides would confound
    command with reluctance.
    """
    make, n = _make("7"), len(seeds)
    ens = _ens(ensembles)
    deliveries = _stack([r.deliveries for r in ens.get(DEFAULT, seeds)])
    weak = _stack(
        [r.deliveries for r in ens.get(DEFAULT, seeds, {"presidents.RU.command_share": 0.15})]
    )
    share = deliveries.groupby("side")["delivered_share"]
    mean, top = share.mean(), share.max()
    ru_weak = float(weak.loc[weak["side"] == "RU", "delivered_share"].mean())
    return [
        make(
            "mean share delivered by the US at the due date",
            "<",
            0.8,
            float(mean.get("US", np.nan)),
            n,
        ),
        make("max share delivered by the US", "<", 1.0, float(top.get("US", np.nan)), n),
        make(
            "mean share delivered by Russia (command share 0.6)",
            ">",
            ru_weak,
            float(mean.get("RU", np.nan)),
            n,
            basis="same agencies under command share 0.15",
        ),
        make("max share delivered by Russia", "<", 1.0, float(top.get("RU", np.nan)), n),
    ]


def pattern8_peripheral_deals(
    seeds: Sequence[int] = SEEDS, ensembles: Ensembles | None = None
) -> list[Check]:
    """Pattern 8: deals that do happen are peripheral.

    With the default proposals and the core concessions all on the table and a US
    president at stance 0.8. Claims: more than one delivery record per run (deals do
    happen) and <= 10% of them are on core interests.
    """
    make, n = _make("8"), len(seeds)
    ens = _ens(ensembles)
    props = [dict(p) for p in _default_proposals()] + CORE_PROPOSALS
    runs = ens.get(DEFAULT, seeds, {"presidents.US.stance": 0.8, "proposals": props})
    deals = _stack([r.deliveries for r in runs])
    return [
        make("delivery records per run", ">", 1, len(deals) / n, n),
        make("share of deals on core interests", "<=", 0.10, float(deals["core"].mean()), n),
    ]


def _default_proposals() -> list[dict[str, Any]]:
    from resetsim.validation.ensemble import scenario

    return scenario(DEFAULT).model_dump()["proposals"]


def pattern9_escalation(
    seeds: Sequence[int] = ESCALATION_SEEDS, ensembles: Ensembles | None = None
) -> list[Check]:
    """Pattern 9: escalation risk is low but not zero, and crisis management matters.

    Over the 1992-2016 history. Claims: with leaders' crisis management (0.8) between
    0.5% and 10% of runs escalate to open confrontation at least once; without it (0)
    the share is at least three times higher.
    """
    ens, make, n = _ens(ensembles), _make("9"), len(seeds)
    managed = escalated([r.timeseries for r in ens.get(HISTORY, seeds)])
    unmanaged = escalated(
        [r.timeseries for r in ens.get(HISTORY, seeds, {"structure.crisis_management": 0.0})]
    )
    p_managed, p_unmanaged = float(managed.mean()), float(unmanaged.mean())
    return [
        make("share of runs escalating, crisis management 0.8", "in", (0.005, 0.10), p_managed, n),
        make(
            "share of runs escalating, crisis management 0",
            ">=",
            3 * p_managed,
            p_unmanaged,
            n,
            basis="3 x managed",
        ),
    ]


PATTERNS: dict[str, Callable[..., list[Check]]] = {
    "1": pattern1_reset_decays,
    "2": pattern2_history_cycles,
    "3": pattern3_willing_presidents,
    "4": pattern4_core_interests_stopped,
    "5": pattern5_shock_absorber,
    "6": pattern6_shared_worldview,
    "7": pattern7_command_not_compliance,
    "8": pattern8_peripheral_deals,
    "9": pattern9_escalation,
}
"""Pattern number -> function."""


def all_patterns(
    seeds: Sequence[int] = SEEDS,
    escalation_seeds: Sequence[int] = ESCALATION_SEEDS,
    ensembles: Ensembles | None = None,
    only: Sequence[str] | None = None,
) -> list[Check]:
    """Every pattern's checks, in pattern order (escalation on its own seeds)."""
    ens = _ens(ensembles)
    out: list[Check] = []
    for number, fn in PATTERNS.items():
        if only and number not in only:
            continue
        out += fn(escalation_seeds if number == "9" else seeds, ens)
    return out
