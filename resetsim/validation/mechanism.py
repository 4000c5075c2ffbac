"""Every pattern beside its null model and its placebo calendars: mechanism or construction.

Each claim of :mod:`resetsim.validation.claims` is run three ways on the same seeds
(common random numbers, through the batch engine):

- **full**: the scenario as the claim states it;
- **null**: the same as :func:`~resetsim.validation.nulls.null_model` (no actor moves,
  no proposals);
- **placebo**: the full model on a placebo calendar per run (scheduled events redated at
  random; :func:`~resetsim.validation.nulls.placebo_calendar`).

A claim is **failing** when the full model does not meet it (share claims on the Wilson
bound, difference claims on the paired bootstrap interval). It is **reproduced by
mechanism** when it holds and the full model beats both controls: the paired bootstrap
interval of the per-seed statistic, full minus control, excludes 0 on the pattern's side.
It holds **by construction** when it holds but does not beat a control (the control
reproduces it as well, or better). **No comparison** marks a claim whose statistic is
undefined for a control (e.g. deals, when the null model has no proposals). A pattern's
verdict is the weakest of its claims' verdicts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from resetsim.validation.claims import GENERATIVE, Claim, claims_for
from resetsim.validation.ensemble import Ensembles
from resetsim.validation.intervals import (
    ShareClaim,
    bootstrap_difference,
    runs_needed_difference,
    share_claim,
)
from resetsim.validation.nulls import null_model, record_placebo_run

__all__ = [
    "MODES",
    "VERDICTS",
    "ClaimResult",
    "Controls",
    "evaluate",
    "headline",
    "interval_text",
    "pattern_verdicts",
    "results_table",
    "value_text",
]

MODES = ("full", "null", "placebo")
VERDICTS = ("mechanism", "construction", "no comparison", "failing")
"""From strongest to weakest; a pattern takes the weakest verdict of its claims."""


@dataclass
class Controls:
    """Three caches of ensembles (full, null, placebo) sharing workers and seeds.

    ``null_parameters`` (from :mod:`resetsim.validation.null_calibration`) are the null
    model's own calibrated values, used for the claims on ``null_scenario``, the scenario
    they were calibrated on.
    """

    workers: int = 1
    executor: str | None = None
    null_parameters: Mapping[str, Any] | None = None
    null_scenario: str = GENERATIVE
    full: Ensembles = field(init=False)
    null: Ensembles = field(init=False)
    placebo: Ensembles = field(init=False)

    def __post_init__(self) -> None:
        self.full = Ensembles(workers=self.workers, executor=self.executor)
        self.null = Ensembles(workers=self.workers, executor=self.executor, prepare=null_model)
        self.placebo = Ensembles(
            workers=self.workers, executor=self.executor, run_fn=record_placebo_run
        )

    def values(self, claim: Claim, mode: str, seeds: Sequence[int]) -> np.ndarray:
        """The claim's per-seed statistic under ``mode``, in seed order."""
        ens = {"full": self.full, "null": self.null, "placebo": self.placebo}[mode]
        tuned = mode == "null" and claim.scenario == self.null_scenario
        extra = dict(self.null_parameters or {}) if tuned else {}
        runs = {
            label: ens.get(claim.scenario, seeds, {**extra, **dict(overrides)})
            for label, overrides in claim.conditions
        }
        return np.array(
            [claim.metric({label: r[i] for label, r in runs.items()}) for i in range(len(seeds))],
            dtype=float,
        )


@dataclass
class ClaimResult:
    """A claim's values under the three modes and what they show."""

    claim: Claim
    seeds: Sequence[int]
    values: dict[str, np.ndarray]
    holds: bool
    estimate: float
    low: float
    high: float
    versus: dict[str, tuple[float, float, float]]
    needed: int | None
    share: ShareClaim | None = None

    def beats(self, mode: str) -> bool | None:
        """Whether full beats ``mode`` with the interval (None: no comparison possible)."""
        mean, low, high = self.versus[mode]
        if np.isnan(mean):
            return None
        return bool(low > 0) if self.claim.higher else bool(high < 0)

    @property
    def verdict(self) -> str:
        """``mechanism``, ``construction``, ``no comparison`` or ``failing``."""
        if not self.holds:
            return "failing"
        beats = [self.beats(m) for m in MODES[1:]]
        if any(b is False for b in beats):
            return "construction"
        if any(b is None for b in beats):
            return "no comparison"
        return "mechanism"


def _mean_of(values: np.ndarray) -> float:
    finite = values[~np.isnan(values)]
    return float(finite.mean()) if len(finite) else float("nan")


def judge(claim: Claim, seeds: Sequence[int], values: Mapping[str, np.ndarray]) -> ClaimResult:
    """Judge one claim from its per-seed values under each mode (controls may be missing)."""
    full = values["full"]
    share = None
    if claim.kind == "share":
        share = share_claim(full, claim.bound, claim.at_most)
        holds, estimate, low, high = share.passed, share.estimate, share.low, share.high
        needed = share.runs_needed()
    else:
        estimate, low, high = bootstrap_difference(full, np.zeros_like(full))
        holds = bool(high < 0) if claim.at_most else bool(low > 0)
        finite = full[~np.isnan(full)]
        sd = float(finite.std(ddof=1)) if len(finite) > 1 else float("nan")
        needed = runs_needed_difference(estimate, sd) if not np.isnan(estimate) else None
    nan = (float("nan"),) * 3
    versus = {m: bootstrap_difference(full, values[m]) if m in values else nan for m in MODES[1:]}
    return ClaimResult(
        claim, seeds, dict(values), holds, estimate, low, high, versus, needed, share
    )


def evaluate(
    seeds: Sequence[int],
    workers: int = 1,
    only: Iterable[str] | None = None,
    controls: Controls | None = None,
    null_parameters: Mapping[str, Any] | None = None,
) -> list[ClaimResult]:
    """Run every claim (or those of the patterns in ``only``) under the three modes."""
    ctl = controls or Controls(workers=workers, null_parameters=null_parameters)
    out = []
    for claim in claims_for(set(only) if only else None):
        mine = claim.seeds(seeds)
        values = {m: ctl.values(claim, m, mine) for m in MODES}
        out.append(judge(claim, mine, values))
    return out


_UNITS: dict[str, tuple[float, str, str]] = {
    "": (1.0, "+.2f", ""),
    "%": (100.0, ".0f", "%"),
    "pts": (100.0, "+.0f", " pts"),
}
"""Unit -> (scale, format spec, suffix): a signed value, a share in percent, a signed
difference of shares in percentage points."""


def value_text(value: float, unit: str = "") -> str:
    """``value`` as the tables print it in ``unit`` (``""``, ``"%"`` or ``"pts"``); NaN is n/a."""
    if np.isnan(value):
        return "n/a"
    scale, spec, suffix = _UNITS[unit]
    return f"{scale * value:{spec}}{suffix}"


def interval_text(estimate: float, low: float, high: float, unit: str = "") -> str:
    """``estimate [low, high]`` in ``unit`` (see :func:`value_text`); n/a without an estimate.

    The bounds carry the estimate's scale and sign convention but not its suffix:
    ``+0.12 [+0.05, +0.20]``, ``63% [55, 70]``, ``-12 pts [-18, -6]``.
    """
    if np.isnan(estimate):
        return "n/a"
    scale, spec, _ = _UNITS[unit]
    return f"{value_text(estimate, unit)} [{scale * low:{spec}}, {scale * high:{spec}}]"


def results_table(results: Sequence[ClaimResult]) -> pd.DataFrame:
    """One row per claim: the full model's value with its interval, each mode, the verdict."""
    rows = []
    for r in results:
        unit = "%" if r.claim.kind == "share" else ""
        row: dict[str, Any] = {
            "pattern": r.claim.pattern,
            "statistic": r.claim.statistic,
            "claim": r.claim.claim_text,
            "runs": int((~np.isnan(r.values["full"])).sum()),
            "full (95% CI)": interval_text(r.estimate, r.low, r.high, unit),
        }
        for m in MODES[1:]:
            mean = _mean_of(r.values[m]) if m in r.values else float("nan")
            row[m] = value_text(mean, unit)
            row[f"full - {m} (95% CI)"] = interval_text(*r.versus[m], unit=unit)
        row["runs for 99%"] = "-" if r.needed is None else str(r.needed)
        row["verdict"] = r.verdict
        rows.append(row)
    return pd.DataFrame(rows)


def pattern_verdicts(results: Sequence[ClaimResult]) -> dict[str, str]:
    """Pattern number -> the weakest verdict of its claims."""
    out: dict[str, str] = {}
    for r in results:
        now = out.get(r.claim.pattern, VERDICTS[0])
        out[r.claim.pattern] = max(now, r.verdict, key=VERDICTS.index)
    return out


def headline(results: Sequence[ClaimResult]) -> dict[str, int]:
    """How many patterns fall under each verdict (every verdict present, maybe 0)."""
    counts = dict.fromkeys(VERDICTS, 0)
    for verdict in pattern_verdicts(results).values():
        counts[verdict] += 1
    return counts
