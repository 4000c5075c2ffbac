"""Known answers for whipped votes, win-set anticipation, deals in force, withdrawal and
phase labels read off level and trend (each test calls the code the model runs)."""

from __future__ import annotations

import itertools
import math
from types import SimpleNamespace

import pandas as pd
import pytest

from resetsim.agents.president import President
from resetsim.analysis.transitions import CYCLE, giles_share, phase_transitions
from resetsim.model.month import MonthState
from resetsim.model.phases import Phase, PhaseTracker
from resetsim.model.stages.agenda import choose
from resetsim.model.stages.compliance import compliance, keep_or_leave, tracks_deals_in_force
from resetsim.scenario.schema import PhaseRules
from tests.unit._tiny import tiny_model

# ------------------------------------------------------------------ whip


def test_whip_cohesion_known_answers():
    m = tiny_model({"dynamics.whip_cohesion": 0.8, "factions.Hawks.cohesion": 0.0})
    doves = next(f for f in m.factions["US"] if f.name == "Doves")
    hawks = next(f for f in m.factions["US"] if f.name == "Hawks")
    p = 1.0 / (1.0 + math.exp(-0.5))
    assert doves.cohesion == 0.8 and hawks.cohesion == 0.0
    assert doves.yes_share(0.1, 0.2) == pytest.approx(0.8 + 0.2 * p)
    assert doves.yes_share(-0.1, 0.2) == pytest.approx(0.2 * (1.0 - p))
    assert hawks.yes_share(0.1, 0.2) == pytest.approx(p)  # own cohesion beats the default
    assert doves.expected_votes(0.1, 0.2) == pytest.approx(66 * (0.8 + 0.2 * p))


def test_whip_makes_a_faction_vote_as_a_block():
    m = tiny_model({"dynamics.whip_cohesion": 1.0})
    doves = next(f for f in m.factions["US"] if f.name == "Doves")
    assert doves.vote(0.01, 2.0, m.rng) == 66  # barely positive support, line followed by all
    assert doves.vote(-0.01, 2.0, m.rng) == 0
    loose = tiny_model()
    doves0 = next(f for f in loose.factions["US"] if f.name == "Doves")
    assert doves0.cohesion == 0.0
    assert 10 < doves0.vote(0.01, 2.0, loose.rng) < 56  # independent members split


# ------------------------------------------------------------------ win-set anticipation


def test_expects_to_lose_known_answers():
    assert President.expects_to_lose(66.0, 67)
    assert not President.expects_to_lose(67.0, 67)
    assert President.expects_to_lose(67.0, 67, against=True)
    assert not President.expects_to_lose(66.9, 67, against=True)


def test_president_does_not_table_a_treaty_he_expects_to_lose():
    # 66 doves for, 34 hawks against: one vote short of two thirds
    counted = tiny_model({"dynamics.anticipate_votes": True})
    counted.step()
    log = counted.decision_log()
    held = log[(log["proposal"] == "treaty") & (log["outcome"] == "blocked")]
    assert len(held) == 1
    row = held.iloc[0]
    assert row["blocked_by"] == "Hawks" and row["side"] == "US"
    assert "expected 66 of 100 votes for it in the Senate, where 67 decide" in row["reason"]
    assert not ((log["proposal"] == "treaty") & (log["outcome"] == "tabled")).any()
    tabled = log[log["outcome"] == "tabled"]
    assert list(tabled["proposal"]) == ["act"]  # he turned to the next on his list
    state = next(s for s in counted.proposals if s.spec.id == "treaty")
    assert state.retry_at == 1 + counted.spec.dynamics.retry_months
    naive = tiny_model()
    naive.step()
    first = naive.decision_log()
    assert first[first["outcome"] == "tabled"]["proposal"].iloc[0] == "treaty"


def test_anticipation_tables_what_has_the_votes():
    m = tiny_model({"dynamics.anticipate_votes": True, "factions.Hawks.seats": 33})
    assert choose(m, "US").spec.id == "treaty"
    assert m.decision_log().empty


def test_president_does_not_make_a_concession_he_expects_the_chamber_to_undo():
    core_act = {
        "presidents.US.stance": 0.9,
        "proposals.treaty.earliest": "2001-01",
        "proposals.act.core": True,
        "proposals.act.concedes": "US",
        "dynamics.anticipate_votes": True,
    }
    undone = tiny_model(core_act | {"factions.Hawks.seats": 67, "factions.Doves.seats": 33})
    assert choose(undone, "US") is None
    row = undone.decision_log().iloc[-1]
    assert (row["outcome"], row["blocked_by"]) == ("blocked", "Hawks")
    assert "expected 67 of 100 votes to undo it in the Senate, where 67 decide" in row["reason"]
    kept = tiny_model(core_act)  # 34 hawks cannot reach two thirds
    assert choose(kept, "US").spec.id == "act"


def test_politics_overrides_carry_a_scenarios_settings():
    from resetsim.scenario.politics import politics_overrides

    m = tiny_model({"dynamics.deal_upkeep": 0.06, "phases.rule": "level_trend"})
    out = politics_overrides(m.spec)
    assert out["dynamics.deal_upkeep"] == 0.06 and out["phases.rule"] == "level_trend"
    assert out["dynamics.whip_cohesion"] == 0.0 and out["dynamics.anticipate_votes"] is False
    assert tiny_model(out).spec.dynamics == m.spec.dynamics


# ------------------------------------------------------------------ deals in force


def _with_deal_in_force(overrides):
    return tiny_model({"proposals.act.in_force": True, **overrides})


def test_deal_in_force_pays_upkeep_times_the_lower_compliance():
    m = _with_deal_in_force({"dynamics.deal_upkeep": 0.06})
    assert [d.spec.id for d in m.in_force] == ["act"]
    assert next(s for s in m.proposals if s.spec.id == "act").done
    m.agency["Defense"].stance = -0.4
    assert compliance(m, m.in_force[0], "US") == pytest.approx(0.6)  # kappa 0: 1 - 0.4
    assert compliance(m, m.in_force[0], "RU") == 1.0  # no Russian agency in the deal
    month = MonthState.begin(m.sides)
    keep_or_leave(m, month)
    assert month.deal_gain == pytest.approx(0.06 * 0.1 * 0.6)


def _hostile_government(m, side="US"):
    for actor in m.government(side):
        actor.stance = -1.0
    m.relationship = -1.0


def test_president_withdraws_when_the_deal_is_worth_nothing_to_his_government():
    m = _with_deal_in_force({"dynamics.withdrawal_rate": 1.0})
    _hostile_government(m)
    month = MonthState.begin(m.sides)
    keep_or_leave(m, month)
    assert m.in_force == []
    row = m.decision_log().iloc[-1]
    assert (row["outcome"], row["side"], row["blocked_by"]) == ("withdrawn", "US", "Alpha")
    assert "President Alpha withdrew the US side from an executive act" in row["reason"]
    assert "Defense pressed hardest" in row["reason"]
    event = m.events().iloc[-1]
    assert (event["kind"], event["direction"], event["actor"]) == ("withdrawal", "hostile", "Alpha")
    assert month.perceived["RU"] > 0 and month.perceived["US"] == 0
    assert [p.side for p in m.pending_moves] == ["RU"]  # the other side may answer it


def test_no_withdrawal_while_the_deal_is_valued_or_the_rate_is_zero():
    valued = _with_deal_in_force({"dynamics.withdrawal_rate": 1.0})
    for actor in valued.government("US"):
        actor.stance = 1.0
    valued.relationship = 0.5
    keep_or_leave(valued, MonthState.begin(valued.sides))
    assert len(valued.in_force) == 1
    off = _with_deal_in_force({"dynamics.deal_upkeep": 0.06})
    _hostile_government(off)
    state = off.rng.bit_generator.state
    keep_or_leave(off, MonthState.begin(off.sides))
    assert len(off.in_force) == 1 and off.rng.bit_generator.state == state  # no draw


def test_withdrawal_chance_and_compliance_reading_known_answers():
    p = President.weigh_withdrawal
    assert p(0.1, 0.9, -0.2, 0.5) == pytest.approx(0.5 * (0.1 + 0.2 - 0.1))
    assert p(0.5, 1.0, 0.3, 1.0) == 0.0
    assert p(-3.0, 0.0, -1.0, 1.0) == 1.0
    assert President.read_compliance(0.9, 0.5) == pytest.approx(0.6)


def test_implemented_deals_stay_in_force_only_when_tracked():
    kept = tiny_model({"dynamics.deal_upkeep": 0.06})
    kept.run()
    log = kept.decision_log()
    done = set(log.loc[log["outcome"] == "implemented", "proposal"])
    assert done and {d.spec.id for d in kept.in_force} == done
    plain = tiny_model()
    plain.run()
    assert plain.in_force == []


@pytest.mark.parametrize(
    ("overrides", "own", "tracked"),
    [
        ({}, None, False),
        ({}, 0.0, False),
        ({"dynamics.deal_upkeep": 0.02}, None, True),
        ({"dynamics.withdrawal_rate": 0.01}, 0.0, True),
        ({"dynamics.violation_rate": 0.1}, None, True),
        ({}, 0.01, True),  # its own rate alone: the deal must be in force to be left
    ],
)
def test_what_keeps_an_implemented_deal_in_force(overrides, own, tracked):
    deal = SimpleNamespace(spec=SimpleNamespace(withdrawal_rate=own))
    assert tracks_deals_in_force(tiny_model(overrides), deal) is tracked


def test_a_deal_with_only_its_own_withdrawal_rate_goes_in_force():
    m = tiny_model({"proposals.act.withdrawal_rate": 1e-9})
    m.run()
    log = m.decision_log()
    done = set(log.loc[log["outcome"] == "implemented", "proposal"])
    assert "act" in done and "act" in {d.spec.id for d in m.in_force}


# ------------------------------------------------------------------ phase labels


def _labels(series, rule, severe=(), initiative=False):
    rules = PhaseRules(rule=rule, min_dwell=1, trend_months=3, euphoria_level=0.3)
    tracker = PhaseTracker(rules, series[0], "euphoria" if series[0] >= 0.3 else None)
    return [tracker.update(r, i in severe, initiative).value for i, r in enumerate(series[1:], 1)]


def _changes(labels):
    return {(a, b) for a, b in itertools.pairwise(labels) if a != b}


def test_level_trend_reading_known_answers():
    rules = PhaseRules(rule="level_trend", trend_months=3, euphoria_level=0.3)
    tracker = PhaseTracker(rules, 0.0, "realism")
    tracker.window.extend([0.0, 0.0, 0.0])
    assert tracker.reading(-0.4, False, False) is Phase.CRISIS
    assert tracker.reading(-0.3, True, False) is Phase.CRISIS
    assert tracker.reading(-0.3, False, False) is Phase.DISILLUSIONMENT
    assert tracker.reading(0.1, False, False) is Phase.REALISM
    tracker.window.append(0.1)
    assert tracker.reading(0.35, False, False) is Phase.EUPHORIA
    assert tracker.reading(0.2, False, True) is Phase.RESET  # rise 0.2 with an initiative
    tracker.window.extend([0.6, 0.6, 0.6])
    assert tracker.reading(0.5, False, False) is Phase.REALISM  # high but fallen 0.1
    assert tracker.reading(0.4, False, False) is Phase.DISILLUSIONMENT  # fallen 0.2
    thaw = PhaseTracker(rules, -0.3, "disillusionment")
    for x in (-0.3, -0.2, -0.12, -0.11, -0.1):
        thaw.update(x)
    assert thaw.reading(-0.1, False, False) is Phase.EUPHORIA  # 0.2 above the recent low
    assert thaw.reading(-0.2, False, False) is Phase.DISILLUSIONMENT  # fallen 0.1


def test_level_trend_allows_transitions_giles_order_forbids():
    series = [0.4, 0.4, 0.4, 0.2, 0.2, 0.2, 0.2, 0.2, 0.4, 0.4, 0.4]
    free = _changes(_labels(series, "level_trend"))
    rails = _changes(_labels(series, "giles_order"))
    assert ("euphoria", "disillusionment") in free  # a sharp fall skips realism
    assert ("realism", "euphoria") in free  # a recovery without a reset
    assert not rails & {("euphoria", "disillusionment"), ("realism", "euphoria")}


def test_level_trend_holds_a_label_min_dwell_months_but_a_crisis_breaks_in():
    rules = PhaseRules(rule="level_trend", min_dwell=3, trend_months=3, euphoria_level=0.3)
    tracker = PhaseTracker(rules, 0.1, "realism")
    assert [tracker.update(x).value for x in (0.1, -0.1)] == ["realism"] * 2  # held
    assert tracker.update(-0.1).value == "disillusionment"  # after min_dwell months
    assert tracker.update(-0.5).value == "crisis"  # at once


def test_phase_transitions_counts_within_runs_only():
    ts = pd.DataFrame(
        {
            "run_id": [1, 1, 1, 1, 2, 2],
            "month": [0, 1, 2, 3, 0, 1],
            "phase": ["crisis", "crisis", "reset", "euphoria", "crisis", "euphoria"],
        }
    )
    table = phase_transitions(ts)
    assert list(table.index) == CYCLE and list(table.columns) == CYCLE
    assert table.loc["crisis", "reset"] == 1 and table.loc["reset", "euphoria"] == 1
    assert table.loc["crisis", "euphoria"] == 1
    assert table.loc["euphoria", "crisis"] == 0  # run 1's end and run 2's start are not a step
    assert int(table.to_numpy().sum()) == 3
    assert giles_share(table) == pytest.approx(2 / 3)
    assert pd.isna(giles_share(table * 0))
