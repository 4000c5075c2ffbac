"""Each pattern of MODEL.md as per-run statistics that the null model and placebos also get.

A :class:`Claim` names the scenario and conditions it runs (label -> overrides, on the
same seeds), a per-seed statistic computed from that seed's runs in every condition, and
what the pattern claims about it:

- ``share`` claims: the statistic is 0 or 1 per run (NaN where undefined); the share of
  runs with it is at least ``bound`` (or at most, ``at_most``), judged on the Wilson
  lower (upper) bound, on counts (:mod:`resetsim.validation.intervals`);
- ``difference`` claims: the statistic is a per-seed difference between two conditions
  (a counterfactual minus the scenario as it is); its mean is above 0 (below, with
  ``at_most``), judged on a paired bootstrap interval.

``higher`` says in which direction the pattern shows, so that the full model can be
compared with the null model and placebo calendars on the same seeds
(:mod:`resetsim.validation.mechanism`). Claims are stated before looking at values; none
is tuned on the seeds of the page or the tests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from resetsim.analysis.outcomes import first_reset
from resetsim.validation.ensemble import Run, scenario
from resetsim.validation.history import CRISES, partnership, three_cycles
from resetsim.validation.pattern_setup import DEFAULT, TITLES, core_proposals, sides

__all__ = ["GENERATIVE", "Claim", "claims_for"]

GENERATIVE = "history-1992-2016-generative"
"""The history scenario with only opportunities scheduled (the generative core)."""
RESET_GENERATIVE = "obama-2009-generative"
"""The Obama reset on the generative core (the actors' moves, the calibration's values)."""
LASTING = {"dynamics.deal_upkeep": 0.02, "dynamics.withdrawal_rate": 0.003}
"""Deals keep paying while both sides comply, and can be left (ODD 7.1c; the values of
history-1992-2016-institutions, not tuned): what lets a partnership hold (pattern 3)."""

Metric = Callable[[Mapping[str, Run]], float]
NAN = float("nan")


@dataclass(frozen=True)
class Claim:
    """One claim of a pattern, stated as a per-seed statistic.

    Attributes:
        pattern: pattern number in MODEL.md.
        statistic: what is measured, in words.
        scenario: the scenario every condition starts from.
        conditions: label -> dotted-key overrides (``"main"`` is the scenario as the
            pattern states it).
        metric: per seed, from that seed's run in each condition (0/1 for share claims).
        kind: ``share`` or ``difference``.
        bound: the claimed share (``share``) or 0 (``difference``).
        at_most: the claim is an upper bound (share) or a negative mean (difference).
        runs: the ensemble the claim needs, when it needs more than the page's: chosen
            for 99% power at its estimate on calibration seeds (>= 100000, never the
            page's or the tests'; ``scripts/claim_power.py``). None: the page's size.

    """

    pattern: str
    statistic: str
    scenario: str
    conditions: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]
    metric: Metric
    kind: str = "share"
    bound: float = 0.0
    at_most: bool = False
    runs: int | None = None

    def seeds(self, seeds: Sequence[int]) -> Sequence[int]:
        """``seeds``, extended by consecutive seeds to :attr:`runs` when it needs more."""
        if self.runs is None or self.runs <= len(seeds):
            return seeds
        return range(seeds[0], seeds[0] + self.runs)

    @property
    def title(self) -> str:
        """The pattern in a few words."""
        return TITLES[self.pattern]

    @property
    def higher(self) -> bool:
        """Whether larger values of the statistic show the pattern."""
        return not self.at_most

    @property
    def claim_text(self) -> str:
        """The claim as a reader sees it."""
        if self.kind == "share":
            return f"share {'<=' if self.at_most else '>='} {self.bound:g}"
        return f"mean difference {'<' if self.at_most else '>'} 0"


def _conds(**conditions: Mapping[str, Any]) -> tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]:
    return tuple((k, tuple(dict(v).items())) for k, v in conditions.items())


def _reset_halves(runs: Mapping[str, Run]) -> float:
    first = first_reset(runs["main"].resets)
    return float(first is not None and first["half_life_months"] <= 48)


def _crisis_in(window: tuple[str, str]) -> Metric:
    def hit(runs: Mapping[str, Run]) -> float:
        ts = runs["main"].timeseries
        lo, hi = window
        return float(((ts["date"] >= lo) & (ts["date"] <= hi) & (ts["phase"] == "crisis")).any())

    return hit


def _three_cycles(runs: Mapping[str, Run]) -> float:
    return float(three_cycles(runs["main"].timeseries))


def _partnership(run: Run) -> float:
    return float(partnership(run.timeseries["relationship"]))


def _partnership_main(runs: Mapping[str, Run]) -> float:
    return _partnership(runs["main"])


def _partnership_gain(runs: Mapping[str, Run]) -> float:
    return _partnership(runs["alt"]) - _partnership(runs["main"])


def _no_core_deal(runs: Mapping[str, Run]) -> float:
    deals = runs["main"].deliveries
    return float(not (len(deals) and bool(deals["core"].any())))


def _peripheral_deals(runs: Mapping[str, Run]) -> float:
    deals = runs["main"].deliveries
    return float(len(deals) > 0 and not bool(deals["core"].any()))


def _crisis_months(run: Run) -> float:
    return float((run.timeseries["phase"] == "crisis").sum())


def _crisis_months_change(runs: Mapping[str, Run]) -> float:
    return _crisis_months(runs["alt"]) - _crisis_months(runs["main"])


def _survival(run: Run) -> float:
    first = first_reset(run.resets)
    return NAN if first is None else float(first["months_survived"])


def _survival_gain(runs: Mapping[str, Run]) -> float:
    return _survival(runs["alt"]) - _survival(runs["main"])


def _delivered(run: Run, side: str) -> np.ndarray:
    deals = run.deliveries
    if not len(deals):
        return np.array([])
    return deals.loc[deals["side"] == side, "delivered_share"].to_numpy(dtype=float)


def _first_side_in_full(runs: Mapping[str, Run]) -> float:
    shares = _delivered(runs["main"], sides()[0])
    return NAN if not len(shares) else float(bool((shares >= 1.0).all()))


def _command_gain(runs: Mapping[str, Run]) -> float:
    side = sides()[1]
    strong, weak = _delivered(runs["main"], side), _delivered(runs["weak"], side)
    return NAN if not (len(strong) and len(weak)) else float(strong.mean() - weak.mean())


def _escalated(run: Run) -> float:
    return float(run.timeseries["escalation"].sum() > 0)


def _escalated_main(runs: Mapping[str, Run]) -> float:
    return _escalated(runs["main"])


def _management_effect(runs: Mapping[str, Run]) -> float:
    return _escalated(runs["unmanaged"]) - _escalated(runs["main"])


def _build() -> list[Claim]:
    us, ru = sides()
    willing = {"presidents.*.stance": 0.9}
    both = {**willing, "structure.worldview_gap": 0.0, "structure.trade_share": 0.034}
    core = {f"presidents.{us}.stance": 0.9, "proposals": core_proposals(us)}
    mixed = {
        f"presidents.{us}.stance": 0.8,
        "proposals": [*scenario(DEFAULT).model_dump(mode="json")["proposals"], *core_proposals(us)],
    }
    managed = f"{scenario(GENERATIVE).structure.crisis_management:g}"  # the scenario's own
    out = [
        Claim("1", "first reset's gain halves within 48 months", DEFAULT, _conds(main={}),
              _reset_halves, bound=0.5),
    ]  # fmt: skip
    # The windows' sizes give 99% power at their estimates on calibration seeds
    # 100000-100299 (data/claim_power.csv): 1999 needs 124 runs at 0.787, 2008 414 at 0.700,
    # 2014 66 at 0.840 (the page's size).
    sizes = {"1999": 124, "2008": 414}
    for year in sorted(CRISES):
        out.append(
            Claim("2", f"crisis in the {year} window {CRISES[year][0]}..{CRISES[year][1]}",
                  GENERATIVE, _conds(main={}), _crisis_in(CRISES[year]), bound=0.6,
                  runs=sizes.get(year))
        )  # fmt: skip
    out += [
        # The page's size: 39 runs give 99% power at its estimate on calibration seeds
        # 100000-100299 (0.893; data/claim_power.csv).
        Claim("2", "three full Giles cycles", GENERATIVE, _conds(main={}), _three_cycles,
              bound=0.6),
        Claim("3", "12 months of partnership, two willing presidents", DEFAULT,
              _conds(main=willing), _partnership_main, bound=0.10, at_most=True),
        Claim("3", "partnership gained with a shared worldview and a shock absorber "
              "(generative, deals last)", RESET_GENERATIVE,
              _conds(main={**willing, **LASTING}, alt={**both, **LASTING}), _partnership_gain,
              kind="difference"),
        # 180 runs: 99% power at its estimate on calibration seeds 100000-100299 (0.977,
        # 179 runs; data/claim_power.csv); 100 runs passed on 6 of 9 test blocks.
        Claim("4", "no core concession delivered when one is tabled", DEFAULT, _conds(main=core),
              _no_core_deal, bound=0.9, runs=180),
        Claim("5", "crisis months, China-level trade minus as is", DEFAULT,
              _conds(main={}, alt={"structure.trade_share": 0.034}), _crisis_months_change,
              kind="difference", at_most=True),
        Claim("6", "first reset's months survived, no worldview gap minus as is", DEFAULT,
              _conds(main={}, alt={"structure.worldview_gap": 0.0}), _survival_gain,
              kind="difference"),
        Claim("7", f"{us} delivers every deal in full at its due date", DEFAULT,
              _conds(main={}), _first_side_in_full, bound=0.10, at_most=True),
        Claim("7", f"{ru} delivers more with command share 0.6 than 0.15", DEFAULT,
              _conds(main={}, weak={f"presidents.{ru}.command_share": 0.15}), _command_gain,
              kind="difference"),
        Claim("8", "deals happen and none is on a core interest", DEFAULT, _conds(main=mixed),
              _peripheral_deals, bound=0.5),
        # 236 and 180 runs: 99% power at their estimates on calibration seeds 100000-100299
        # (0.030 and +0.093; data/claim_power.csv), now that only uses of force escalate.
        Claim("9", f"escalation to open confrontation, crisis management {managed}", GENERATIVE,
              _conds(main={}), _escalated_main, bound=0.10, at_most=True, runs=236),
        Claim("9", f"escalation share, crisis management 0 minus {managed}", GENERATIVE,
              _conds(main={}, unmanaged={"structure.crisis_management": 0.0}),
              _management_effect, kind="difference", runs=180),
    ]  # fmt: skip
    return out


_CLAIMS: list[Claim] = []


def claims_for(only: set[str] | None = None) -> list[Claim]:
    """Every claim (built once, on first use), or those of the patterns in ``only``."""
    if not _CLAIMS:
        _CLAIMS.extend(_build())
    return [c for c in _CLAIMS if not only or c.pattern in only]
