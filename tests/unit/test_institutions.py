"""Known answers for institutions as data: chambers, cloture, principals, review acts, linkage.

Each test builds the tiny scenario with one institution switched on and runs the code the
model runs (``decide``, which calls ``passage``, ``principal_verdict``, ``release``).
"""

from __future__ import annotations

import copy

import pytest
from _tiny import TINY

from resetsim.model import ResetModel
from resetsim.model.month import MonthState
from resetsim.model.stages import decide
from resetsim.scenario import ScenarioError
from resetsim.scenario.loader import validate_data

VOTES = ["treaty", "statute", "appropriation"]


def build(seats=(66, 34), **tables):
    """The tiny scenario with Senate seats ``seats`` (Doves, Hawks) and extra ``tables``."""
    data = copy.deepcopy(TINY)
    data["factions"][0]["seats"], data["factions"][1]["seats"] = seats
    for key, value in tables.items():
        if key == "factions":
            data["factions"] += value
        elif key == "legislatures":
            data["legislatures"] = value
        else:
            data[key] = value
    return ResetModel(validate_data(data), seed=0)


def house(doves, hawks):
    """A US House with two factions of ``doves`` and ``hawks`` seats."""
    return {
        "chambers": [{"side": "US", "id": "House", "name": "the House"}],
        "factions": [
            {"side": "US", "name": "House doves", "chamber": "House", "seats": doves,
             "stance": 1.0, "hawkishness": 0.0, "instruments": VOTES},
            {"side": "US", "name": "House hawks", "chamber": "House", "seats": hawks,
             "stance": -1.0, "hawkishness": 1.0, "instruments": VOTES},
        ],
    }  # fmt: skip


def decide_now(model, pid="treaty", instrument=None, proposer="US"):
    """Both executives answered ``pid`` this month: run the decision stage on it."""
    state = next(s for s in model.proposals if s.spec.id == pid)
    if instrument:
        state.spec = state.spec.model_copy(update={"instrument": instrument})
    month = MonthState.begin(model.sides)
    month.answered.append((proposer, state))
    decide(model, month)
    return model.decision_log()


def step_decisions(model, months):
    """Run the decision stage alone for ``months`` further months (nothing tabled)."""
    for _ in range(months):
        model.month += 1
        decide(model, MonthState.begin(model.sides))
    return model.decision_log()


@pytest.mark.parametrize(("yes", "outcome", "story"), [(59, "blocked", "filibuster"),
                                                        (60, "ratified", "approved")])  # fmt: skip
def test_cloture_needs_three_fifths_before_a_majority_statute(yes, outcome, story):
    senate = {"side": "US", "name": "the Senate", "cloture_share": 0.6}
    model = build((yes, 100 - yes), legislatures=[senate, TINY["legislatures"][1]])
    log = decide_now(model, instrument="statute")
    vote = log[(log.side == "US") & (log.votes_yes >= 0)].iloc[0]
    assert (vote.votes_yes, vote.outcome) == (yes, outcome)
    assert ("close debate" in vote.reason) == (story == "filibuster")


@pytest.mark.parametrize(("doves", "passed"), [(66, False), (67, True)])
def test_a_second_chamber_votes_after_the_first_by_its_own_rule(doves, passed):
    tables = house(doves, 100 - doves)
    tables["chambers"][0]["majority_share"] = 2 / 3
    procedure = {"side": "US", "instrument": "statute", "chambers": ["the Senate", "House"]}
    model = build(procedures=[procedure], **tables)
    log = decide_now(model, instrument="statute")
    us = log[(log.side == "US") & (log.votes_yes >= 0)]
    assert list(us.chamber) == ["the Senate", "House"]
    assert list(us.outcome) == ["ratified", "ratified" if passed else "blocked"]
    assert bool(model.deals) == passed
    if not passed:
        assert us.iloc[1].blocked_by == "House hawks"


def test_the_order_of_the_chambers_is_the_procedure_s():
    procedure = {"side": "US", "instrument": "statute", "chambers": ["House", "the Senate"]}
    model = build((40, 60), procedures=[procedure], **house(80, 20))
    log = decide_now(model, instrument="statute")
    us = log[(log.side == "US") & (log.votes_yes >= 0)]
    assert list(zip(us.chamber, us.outcome, strict=True)) == [
        ("House", "ratified"), ("the Senate", "blocked")]  # fmt: skip


def test_a_log_without_a_second_chamber_has_no_chamber_column():
    log = decide_now(build())
    assert "chamber" not in log.columns


@pytest.mark.parametrize(("stance", "outcome"), [(0.5, "adopted"), (-0.5, "blocked")])
def test_a_principal_approves_or_vetoes_his_president_s_deal(stance, outcome):
    leader = {"side": "RU", "name": "Leader", "title": "the Supreme Leader", "stance": stance}
    model = build(principals=[leader])
    log = decide_now(model, pid="act")
    verdict = log[log.reason.str.startswith("The Supreme Leader")].iloc[0]
    assert verdict.outcome == outcome and verdict.side == "RU"
    assert bool(model.deals) == (outcome == "adopted")
    assert "Leader" in model.actors().actor.tolist()


def review_act(**fields):
    return {"side": "US", "name": "review act", "window": 0, **fields}


@pytest.mark.parametrize(("hawks", "stands"), [(60, True), (70, False)])
def test_a_disapproval_vetoed_by_the_president_stands_only_if_two_thirds_override(hawks, stands):
    model = build((100 - hawks, hawks), reviews=[review_act()])
    decide_now(model, pid="act")
    log = step_decisions(model, 1)
    rows = log[log.proposal == "act-disapproval"]
    assert list(rows.outcome) == ["ratified", "rejected", "ratified" if not stands else "blocked"]
    assert rows.iloc[1].blocked_by == "Alpha"  # the president's veto
    assert bool(model.deals) == stands
    reversed_ = log[(log.proposal == "act") & (log.outcome == "reversed")]
    assert len(reversed_) == (0 if stands else 1)


def test_a_disapproval_the_chamber_rejects_leaves_the_deal_after_the_window():
    model = build((66, 34), reviews=[review_act(window=2)])
    decide_now(model, pid="act")
    assert not model.deals and model.held  # held for the review window
    log = step_decisions(model, 1)
    assert "act-disapproval" not in set(log.proposal) and not model.deals
    log = step_decisions(model, 1)
    vote = log[log.proposal == "act-disapproval"].iloc[0]
    assert (vote.outcome, vote.votes_yes) == ("blocked", 34)
    assert model.deals and not model.held


def test_a_review_act_waits_for_the_proposal_that_enacts_it():
    model = build((30, 70), reviews=[review_act(enacted_by="treaty")])
    decide_now(model, pid="act")
    assert model.deals and "act-disapproval" not in set(model.decision_log().proposal)


def test_a_linked_deal_waits_for_its_condition_and_starts_when_it_is_agreed():
    link = {"side": "US", "proposal": "act", "condition": "treaty", "months": 6}
    model = build((67, 33), linkages=[link])
    decide_now(model, pid="act")
    assert not model.deals and model.held
    step_decisions(model, 2)
    assert not model.deals
    decide_now(model, pid="treaty")
    step_decisions(model, 1)
    assert {d.spec.id for d in model.deals} == {"treaty", "act"} and not model.held


def test_a_linked_deal_lapses_when_its_condition_is_not_agreed_in_time():
    link = {"side": "US", "proposal": "act", "condition": "treaty", "months": 3}
    model = build((67, 33), linkages=[link])
    decide_now(model, pid="act")
    log = step_decisions(model, 2)
    assert (log.outcome == "withdrawn").sum() == 0
    log = step_decisions(model, 1)
    lapse = log[log.outcome == "withdrawn"].iloc[0]
    assert (lapse.side, lapse.proposal, lapse.blocked_by) == ("RU", "act", "Beta")
    assert not model.deals and not model.held


def test_a_linkage_enacted_later_suspends_a_deal_being_implemented():
    link = {"side": "US", "proposal": "act", "condition": "cond", "enacted_by": "treaty"}
    cond = {"id": "cond", "topic": "a condition", "agencies": ["MFA"], "months": 4}
    model = build((67, 33), linkages=[link], proposals=[*TINY["proposals"], cond])
    decide_now(model, pid="act")
    assert [d.spec.id for d in model.deals] == ["act"]
    decide_now(model, pid="treaty")  # enacts the linkage
    step_decisions(model, 1)
    assert [d.spec.id for d in model.deals] == ["treaty"] and model.held
    decide_now(model, pid="cond")
    step_decisions(model, 1)
    assert {d.spec.id for d in model.deals} == {"treaty", "cond", "act"} and not model.held


def test_a_deal_that_trades_concessions_costs_and_pays_both_sides():
    model = build()
    spec = model.proposals[1].spec.model_copy(update={"core": True, "concedes": "both"})
    bonus = model.spec.dynamics.concession_bonus
    for side in model.sides:
        president = model.presidents[side]
        expected = president.stance - president.hawkishness + bonus
        assert president.support_for(spec, bonus) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("tables", "field", "allowed"),
    [
        ({"factions": [{"side": "US", "name": "X", "chamber": "Hous", "seats": 1,
                        "stance": 0.0, "instruments": ["statute"]}]},
         "factions", "allowed: the Senate"),
        ({"procedures": [{"side": "US", "instrument": "statute", "chambers": ["House"]}]},
         "procedures", "allowed: the Senate"),
        ({"linkages": [{"side": "US", "proposal": "act", "condition": "nope"}]},
         "linkages", "allowed: act, treaty"),
        ({"reviews": [{"side": "XX", "name": "r"}]}, "reviews", 'must be one of "US", "RU"'),
        ({"principals": [{"side": "XX", "name": "L", "stance": 0.0}]}, "principals",
         'must be one of "US", "RU"'),
        ({"principals": [{"side": "us", "name": "L", "stance": 0.0}]}, "principals[L].side",
         'must be a side id in quotes: a capital letter, then capitals or digits (e.g. "US")'),
    ],
)  # fmt: skip
def test_bad_institutions_get_a_one_line_error_naming_the_field(tables, field, allowed):
    with pytest.raises(ScenarioError) as error:
        build(**tables)
    text = str(error.value)
    assert field in text and allowed in text


def test_a_principal_is_addressed_by_name_in_overrides():
    from resetsim.scenario import load_scenario

    sc = load_scenario("us-iran-2013")
    assert sc.with_overrides({"principals.Khamenei.stance": 0.1}).principals[0].stance == 0.1
    with pytest.raises(ScenarioError, match=r"principals\.Khamenei\.mood"):
        sc.with_overrides({"principals.Khamenei.mood": 0.1})


def test_agencies_factions_and_principals_share_the_member_fields():
    from pydantic import ValidationError

    from resetsim.scenario.fields import Member
    from resetsim.scenario.schema import Bureaucracy, Faction, Principal

    needed = {Bureaucracy: {"anchor": 0.0}, Faction: {"stance": 0.0}, Principal: {"stance": 0.0}}
    for table, more in needed.items():
        assert issubclass(table, Member)
        entry = table(side="IR", name="L", **more)
        assert (entry.title, entry.inertia, entry.hawkishness) == ("", 0.5, 0.5)
        for bad in ({"side": "ir"}, {"hawkishness": 1.5}, {"name": ""}):
            with pytest.raises(ValidationError):
                table(**{"side": "IR", "name": "L", **more, **bad})
