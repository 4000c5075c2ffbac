"""Ensemble claims of whipped votes, win-set anticipation and deals in force (issue 12).

Seeds 6000-6199 (partnership) and 6200-6299 (votes): blocks no other test uses and no
parameter was chosen on. The claims are MODEL.md's: two willing presidents cannot sustain
partnership in US-Russia's structure, but can with a shared worldview and a shock absorber
(pattern 3, which must be able to fail) when deals in force hold their benefit (upkeep at
the relaxation rate); peripheral treaties pass by wide margins and core
concessions do not pass (pattern 8): with win-set anticipation their proposer does not
table what the other side's Senate would refuse.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from resetsim import ResetModel, load_scenario
from resetsim.agents.legislature import votes_needed
from resetsim.scenario.politics import politics_overrides

pytestmark = pytest.mark.slow

MECHANISMS = politics_overrides(load_scenario("history-1992-2016-institutions"))
"""Whip, anticipation, deals in force, withdrawal and phase labels as that scenario sets them."""
WILLING = {"presidents.*.stance": 0.9}
HOLD = {"dynamics.deal_upkeep": 0.06}
"""Deals in force that hold their benefit: upkeep at structure.relax_rate."""
ALLOWS = {"structure.worldview_gap": 0.0, "structure.trade_share": 0.034}


def _runs(overrides, seeds):
    spec = load_scenario("obama-2009").with_overrides(overrides)
    return [ResetModel(spec, seed=s).run() for s in seeds]


def _partnership_share(overrides) -> float:
    runs = _runs(overrides, range(6000, 6200))
    return float(
        np.mean(
            [(m.timeseries()["relationship"] >= 0.5).rolling(12).sum().max() >= 12 for m in runs]
        )
    )


def test_partnership_is_reachable_where_structure_allows_it_and_not_in_us_russia():
    us_russia = _partnership_share(MECHANISMS | HOLD | WILLING)
    allows = _partnership_share(MECHANISMS | HOLD | WILLING | ALLOWS)
    old_rules = _partnership_share(WILLING | ALLOWS)
    assert us_russia <= 0.10  # pattern 3 holds for US-Russia
    assert allows >= 0.5  # ... and fails where structure allows partnership
    assert old_rules < allows  # deals in force are what make it reachable


def _roll_calls(overrides):
    return _roll_calls_of(tuple(sorted(overrides.items())))


@cache
def _roll_calls_of(items):
    """Treaty margins over the votes needed (share of seats) by core, proposals held back
    by anticipation by core, and core concessions ratified on the conceding side."""
    margins = {True: [], False: []}
    held = {True: 0, False: 0}
    conceded = 0
    for m in _runs(dict(items), range(6200, 6300)):
        shares = {c.side: c.treaty_share for c in m.spec.legislatures}
        concedes = {p.id: p.concedes for p in m.spec.proposals}
        legislators = {f.name for factions in m.factions.values() for f in factions}
        for r in m.decision_log().itertuples():
            conceded += r.outcome == "ratified" and r.core and concedes[r.proposal] == r.side
            if r.outcome == "blocked" and r.votes_yes < 0 and r.blocked_by in legislators:
                held[bool(r.core)] += 1  # no roll call: held back by anticipation
            if r.votes_yes < 0 or r.instrument != "treaty":
                continue
            total = r.votes_yes + r.votes_no
            margins[bool(r.core)].append(
                (r.votes_yes - votes_needed(total, shares[r.side])) / total
            )
    return margins, held, conceded


def test_peripheral_treaties_pass_wide_and_core_concessions_do_not():
    margins, held, conceded = _roll_calls(MECHANISMS)
    peripheral = np.array(margins[False])
    assert len(peripheral) >= 100
    assert (peripheral >= 0).mean() >= 0.95
    assert peripheral.mean() >= 0.15  # a fifth of the seats to spare, on average
    assert conceded == 0
    assert margins[True] == []  # no core treaty reaches a vote ...
    assert held[True] >= 100  # ... its proposer counts the votes and holds it back


def test_the_whip_widens_the_margins():
    whipped, _, _ = _roll_calls(MECHANISMS)
    loose, _, _ = _roll_calls(MECHANISMS | {"dynamics.whip_cohesion": 0.0})
    assert np.mean(np.abs(whipped[False])) > np.mean(np.abs(loose[False])) + 0.05
