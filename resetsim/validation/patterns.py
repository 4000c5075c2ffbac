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

from resetsim.validation.checks import Check
from resetsim.validation.delivery_patterns import (
    pattern7_command_not_compliance,
    pattern8_peripheral_deals,
    pattern9_escalation,
)
from resetsim.validation.ensemble import Ensembles, Run, first_resets
from resetsim.validation.history import (
    CRISES,
    HISTORY,
    QUIET,
    RESETS,
    gallup_comparison,
    hit_rate,
    partnership,
    quiet_crisis_share,
    three_cycles,
)
from resetsim.validation.pattern_setup import (
    CORE_PROPOSALS,
    DEFAULT,
    ESCALATION_SEEDS,
    SEEDS,
    TITLES,
    _ens,
    _make,
    _median,
    _stack,
    core_proposals,
    seed_range,
    sides,
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
    sustained = [partnership(r.timeseries["relationship"]) for r in runs]
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
    first, _ = sides()
    runs = _ens(ensembles).get(
        DEFAULT, seeds, {f"presidents.{first}.stance": 0.9, "proposals": core_proposals(first)}
    )
    log = _stack([r.log for r in runs])
    deals = _stack([r.deliveries for r in runs])
    tabled = int((log["outcome"] == "tabled").sum())
    adopted_us = int(((log["outcome"] == "adopted") & (log["side"] == first)).sum())
    legislature = set(runs[0].legislators[first])
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
