"""Known answers: a deal that trades concessions stands only if each side's own procedure passes.

Putnam's two-level game (1988): a proposal with ``concedes = "both"`` must pass the
proposer's institutions and the other side's, each by its own rules: here the US Senate's
treaty consent, Iran's Supreme Leader (a principal) and its Majlis then Guardian Council
(a procedure for core executive deals, on which the Iranian factions vote), and a US
veto-proof statute undoing an executive deal that gives up a US core interest. Every test
runs the decision stage the model runs (:func:`resetsim.model.stages.decide`) on a
two-country scenario with declared sides.
"""

from __future__ import annotations

import copy

import pytest

from resetsim.model import ResetModel
from resetsim.model.month import MonthState
from resetsim.model.stages import decide
from resetsim.scenario.loader import validate_data

VOTES = ["treaty", "statute", "appropriation"]
DOVES = {"stance": 1.0, "hawkishness": 0.0, "instruments": VOTES}
HAWKS = {"stance": -1.0, "hawkishness": 1.0, "instruments": VOTES}

BASE = {
    "name": "two-level",
    "start": "2013-06",
    "months": 12,
    "sides": [
        {"id": "US", "name": "the United States", "adjective": "American"},
        {"id": "IR", "name": "Iran", "adjective": "Iranian"},
    ],
    "structure": {"clash_rate": 0.0},
    "dynamics": {"vote_spread": 0.001},
    "presidents": [
        {"side": "US", "name": "Obama", "stance": 0.9, "hawkishness": 0.0, "command_share": 0.0},
        {"side": "IR", "name": "Rouhani", "stance": 0.9, "hawkishness": 0.0, "command_share": 0.0},
    ],
    "bureaucracies": [
        {"side": "US", "name": "State", "anchor": 0.5, "hawkishness": 0.0},
        {"side": "IR", "name": "MFA", "anchor": 0.5, "hawkishness": 0.0},
    ],
    "legislatures": [
        {"side": "US", "id": "Senate", "name": "the Senate"},
        {"side": "IR", "id": "Majlis", "name": "the Majlis"},
    ],
    "chambers": [{"side": "IR", "id": "GC", "name": "the Guardian Council"}],
    "procedures": [
        {"side": "IR", "instrument": "treaty", "chambers": ["Majlis", "GC"]},
        {"side": "IR", "instrument": "executive", "chambers": ["Majlis", "GC"], "core_only": True},
    ],
    "publics": [
        {"side": "US", "name": "US public", "favourability": 20.0},
        {"side": "IR", "name": "Iranian public", "favourability": 30.0},
    ],
    "proposals": [
        {"id": "deal", "topic": "a deal trading concessions", "instrument": "treaty",
         "core": True, "concedes": "both", "initiator": "both", "agencies": ["State", "MFA"]},
    ],
}  # fmt: skip


def model(senate=(100, 0), majlis=(290, 0), council=(12, 0), leader=None, instrument="treaty"):
    """The scenario with (doves, hawks) seats per chamber, a Leader's stance, an instrument."""
    data = copy.deepcopy(BASE)
    data["factions"] = [
        {"side": side, "name": f"{chamber} {kind}", "seats": seats, **group,
         **({"chamber": chamber} if chamber == "GC" else {}),
         **({"instruments": ["executive", *VOTES]} if side == "IR" else {})}
        for side, chamber, split in (("US", "Senate", senate), ("IR", "Majlis", majlis),
                                     ("IR", "GC", council))
        for kind, seats, group in (("doves", split[0], DOVES), ("hawks", split[1], HAWKS))
        if seats
    ]  # fmt: skip
    if leader is not None:
        data["principals"] = [
            {"side": "IR", "name": "Khamenei", "title": "the Supreme Leader", "stance": leader,
             "hawkishness": 0.0}
        ]  # fmt: skip
    data["proposals"][0]["instrument"] = instrument
    return ResetModel(validate_data(data), seed=0)


def decided(m: ResetModel, proposer: str = "US"):
    """Both executives answered the deal this month: the decision stage's log."""
    month = MonthState.begin(m.sides)
    month.answered.append((proposer, m.proposals[0]))
    decide(m, month)
    return m.decision_log()


def steps(log) -> list[tuple[str, str, str]]:
    """(side, outcome, who blocked) of each logged step, in order."""
    return list(zip(log.side, log.outcome, log.blocked_by.fillna(""), strict=True))


@pytest.mark.parametrize("proposer", ["US", "IR"])
def test_a_treaty_stands_when_every_chamber_of_both_sides_consents(proposer):
    m = model()
    log = decided(m, proposer)
    votes = log[log.votes_yes >= 0]
    assert sorted(zip(votes.side, votes.outcome, strict=True)) == [
        ("IR", "ratified"), ("IR", "ratified"), ("US", "ratified")]  # fmt: skip
    assert [d.spec.id for d in m.deals] == ["deal"]


@pytest.mark.parametrize("proposer", ["US", "IR"])
def test_the_other_side_s_second_chamber_alone_can_block_it(proposer):
    m = model(council=(5, 7))
    log = decided(m, proposer)
    assert ("IR", "blocked", "GC hawks") in steps(log)
    assert not m.deals and not m.held


@pytest.mark.parametrize("proposer", ["US", "IR"])
def test_a_senate_without_two_thirds_blocks_it_whoever_proposed(proposer):
    m = model(senate=(66, 34))
    log = decided(m, proposer)
    assert ("US", "blocked", "Senate hawks") in steps(log)
    assert not m.deals


@pytest.mark.parametrize(("stance", "stands"), [(0.8, True), (-0.8, False)])
def test_the_principal_s_approval_is_part_of_his_side_s_ratification(stance, stands):
    m = model(leader=stance, instrument="executive")
    log = decided(m)
    verdict = log[log.reason.str.startswith("The Supreme Leader")].iloc[0]
    assert (verdict.side, verdict.outcome) == ("IR", "adopted" if stands else "blocked")
    assert bool(m.deals) == stands
    iran_votes = log[(log.side == "IR") & (log.votes_yes >= 0)]
    assert len(iran_votes) == (2 if stands else 0)  # a vetoed deal never reaches the Majlis


@pytest.mark.parametrize(("hawks", "stands"), [(66, True), (67, False)])
def test_an_executive_deal_costing_a_us_core_interest_falls_to_a_veto_proof_statute(hawks, stands):
    m = model(senate=(100 - hawks, hawks), instrument="executive")
    log = decided(m)
    us = log[(log.side == "US") & (log.votes_yes >= 0)]  # a failed undo is not logged
    assert list(zip(us.outcome, us.votes_yes, strict=True)) == (
        [] if stands else [("reversed", hawks)])  # fmt: skip
    iran = log[(log.side == "IR") & (log.votes_yes >= 0)]
    assert list(iran.outcome) == (["ratified", "ratified"] if stands else [])
    assert bool(m.deals) == stands


def test_a_procedure_whose_chamber_never_votes_on_its_instrument_is_refused():
    from resetsim.scenario import ScenarioError

    data = copy.deepcopy(BASE)
    data["factions"] = [
        {"side": "IR", "name": "Principlists", "seats": 190, **DOVES},
        {"side": "IR", "name": "Jurists", "chamber": "GC", "seats": 12, **DOVES},
    ]  # they hold treaty, statute and appropriation, but the procedure is for executive deals
    with pytest.raises(ScenarioError) as caught:
        validate_data(data)
    text = caught.value.render()
    assert "no faction of chamber 'Majlis' votes on executive" in text
    assert "no faction of chamber 'GC' votes on executive" in text
