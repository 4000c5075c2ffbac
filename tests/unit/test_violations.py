"""Known answers for covert violations of deals in force (``dynamics.violation_rate``).

The tiny scenario holds a pact in force implemented by the US Defense Department (anchor
-0.4; US command share 0) and Russia's MFA (command share 0.5). The tests call the code
the model runs: :meth:`President.violation_chance`, :meth:`President.read_compliance`,
:meth:`President.violation_weight` and ``keep_or_leave`` (stage 5b).
"""

from __future__ import annotations

import pytest
from _tiny import TINY
from test_statutes import build

from resetsim.model import ResetModel
from resetsim.model.month import MonthState
from resetsim.model.stages.compliance import compliance, keep_or_leave

PACT = {"id": "pact", "topic": "a pact", "instrument": "treaty", "initiator": "both",
        "agencies": ["Defense", "MFA"], "benefit": 0.05, "in_force": True}  # fmt: skip


def _pact_model(**dynamics):
    model = build(proposals=[*TINY["proposals"], PACT])
    overrides = {f"dynamics.{k}": v for k, v in dynamics.items()}
    return ResetModel(model.spec.with_overrides(overrides), seed=0)


@pytest.mark.parametrize(
    ("delivered", "memory", "violation", "read"),
    [(0.8, 0.0, 0.0, 0.8), (0.8, 1.0, 0.0, 0.4), (0.8, 1.0, 0.5, 0.2), (1.0, 0.0, 1.0, 0.0)],
)
def test_a_known_violation_discounts_the_compliance_he_reads(delivered, memory, violation, read):
    model = _pact_model()
    president = model.presidents["US"]
    assert president.read_compliance(delivered, memory, violation) == pytest.approx(read)


def test_a_violation_stays_on_the_record_of_the_side_that_caught_it():
    model = _pact_model()
    us = model.presidents["US"]
    assert us.violation_weight("pact", 0.5) == 0.0
    us.note_violation("pact")
    assert us.violation_weight("pact", 0.5) == 0.5 and us.violation_weight("other", 0.5) == 0.0


def test_no_violation_rate_draws_nothing_and_changes_nothing():
    model = _pact_model(deal_upkeep=0.02)
    state = model.rng.bit_generator.state
    keep_or_leave(model, MonthState.begin(model.sides))
    assert model.rng.bit_generator.state == state
    assert not model.presidents["US"].violations_seen and not model.presidents["RU"].violations_seen


def _hawkish_mfa(seed: int):
    model = ResetModel(_pact_model(violation_rate=1.0).spec, seed=seed)
    mfa = model.agency["MFA"]
    mfa.stance = mfa.anchor = -0.9  # Russia's implementing agency turns against the pact
    return model


def test_the_side_that_commands_breaks_the_deal_its_agency_opposes_and_is_caught():
    """US: Defense opposes the pact but Alpha's command share is 0, so the US never breaks
    it; RU: command share 0.5 and the MFA's opposition o give the chance 0.5 * o; the row is
    the MFA's hostile move, which the US may answer next month."""
    model = _hawkish_mfa(0)
    bonus = model.spec.dynamics.concession_bonus
    support = {n: model.agency[n].support_for(model.in_force[0].spec, bonus)
               for n in ("Defense", "MFA")}  # fmt: skip
    assert support["Defense"] < 0.0 and support["MFA"] < 0.0
    assert model.presidents["US"].violation_chance(-support["Defense"], 1.0) == 0.0
    chance = model.presidents["RU"].violation_chance(-support["MFA"], 1.0)
    assert chance == pytest.approx(0.5 * -support["MFA"])
    caught = []
    for seed in range(60):  # the share of seeds with a Russian violation is its chance
        model = _hawkish_mfa(seed)
        keep_or_leave(model, MonthState.begin(model.sides))
        assert "pact" not in model.presidents["RU"].violations_seen  # the US never breaks it
        if "pact" in model.presidents["US"].violations_seen:
            caught.append(model)
    assert abs(len(caught) / 60 - chance) < 0.2
    events = caught[0].events()
    row = events[events["kind"] == "violation"].iloc[0]
    assert (row["side"], row["actor"], row["direction"]) == ("RU", "MFA", "hostile")
    assert "the US side found out" in row["event"]
    assert caught[0].pending_moves[-1].side == "US"


def test_a_violation_raises_the_other_sides_withdrawal_chance():
    """strain = (1 - read compliance) + max(0, -R): the discount adds violation x kept."""
    model = _pact_model(withdrawal_rate=1.0, violation_weight=0.5)
    us, ru = model.presidents["US"], model.presidents["RU"]
    kept_us = compliance(model, model.in_force[0], "US")
    before = ru.read_compliance(kept_us, 0.0, ru.violation_weight("pact", 0.5))
    ru.note_violation("pact")
    after = ru.read_compliance(kept_us, 0.0, ru.violation_weight("pact", 0.5))
    assert after == pytest.approx(0.5 * before)
    chances = [ru.weigh_withdrawal(0.0, seen, 0.0, 1.0) for seen in (before, after)]
    assert chances[1] - chances[0] == pytest.approx(0.5 * kept_us)
    assert us.violation_weight("pact", 0.5) == 0.0
