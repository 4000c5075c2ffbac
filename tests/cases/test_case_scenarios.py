"""The case library's scenarios: valid, frozen dynamics, the record's proposals, named sides."""

from __future__ import annotations

from pathlib import Path

import pytest

from resetsim.cases import load_case
from resetsim.model import ResetModel
from resetsim.scenario import load_scenario
from resetsim.scenario.institutions import resolution_ids

# case -> (its second side's id, a word of its adjective, its first leader there)
CASES = {
    "detente-1969": ("SU", "Soviet", "Brezhnev"),
    "reagan-gorbachev-1985": ("SU", "Soviet", "Gorbachev"),
    "us-china-1969": ("CN", "Chinese", "Mao"),
    "us-cuba-2014": ("CU", "Cuban", "Raúl Castro"),
    "us-iran-2013": ("IR", "Iranian", "Rouhani"),
}


@pytest.mark.parametrize("case", CASES)
def test_the_case_scenario_matches_its_record(case):
    record = load_case(case)
    sc = load_scenario(record.scenario)
    assert sc.side_ids == tuple(side.id for side in record.sides)
    assert sc.start == record.start
    # the scenario covers the record's window, month for month
    assert sc.months == _months(record.start, record.end)
    named = {o.proposal for o in record.of_kind("proposal", "vote")}
    # a review act's resolution of disapproval is logged under "<deal id>-disapproval"
    assert named <= {p.id for p in sc.proposals} | resolution_ids(sc)


@pytest.mark.parametrize("case", CASES)
def test_the_behavioural_parameters_are_the_us_russia_ones(case):
    """A case with actors' moves takes the generative calibration's; one without, the
    0.1.0 history's."""
    sc = load_scenario(case)
    frozen = load_scenario("history-1992-2016-generative" if sc.moves else "history-1992-2016")
    assert sc.dynamics == frozen.dynamics
    assert sc.phases == frozen.phases
    if sc.moves:
        for key in ("clash_rate", "relax_rate", "crisis_management", "clash_impact"):
            assert getattr(sc.structure, key) == getattr(frozen.structure, key), key


@pytest.mark.parametrize("case", CASES)
def test_the_header_says_its_cutoff_and_assumptions(case):
    text = Path(load_scenario(case).source).read_text(encoding="utf-8")
    header = " ".join(text.split("\nname = ")[0].replace("#", " ").split())
    assert f"Information cut-off: {load_case(case).cutoff}" in header
    assert "Assumptions:" in header


def _months(start: str, end: str) -> int:
    (y0, m0), (y1, m1) = (map(int, start.split("-")), map(int, end.split("-")))
    return (y1 - y0) * 12 + m1 - m0 + 1


@pytest.mark.parametrize("case", CASES)
def test_a_few_months_run_and_name_the_case_sides(case):
    side, adjective, leader = CASES[case]
    result = ResetModel(load_scenario(case), seed=3).run(months=12)
    ts = result.timeseries()
    low = side.lower()
    assert len(ts) == 13  # the opening month and twelve steps
    assert f"{low}_president" in ts and "ru_president" not in ts
    assert ts[f"{low}_president"].iloc[0] == leader
    assert set(result.actors()["side"]) == {"US", side}
    log = result.decision_log()
    assert set(log["side"]) <= {"US", side}
    assert not log["reason"].str.contains("Russia|Russian").any()
    theirs = log[log["side"] == side]["reason"]
    assert theirs.empty or theirs.str.contains(f"{adjective}|{leader}").any()


@pytest.mark.parametrize("case", CASES)
def test_only_dates_fixed_in_advance_are_scheduled(case):
    """No deal, crisis or war is scheduled (only opportunities that open actors' moves); a
    US leader change is an inauguration (January of a year after a presidential election,
    20th Amendment) and any other one is an announced succession that the file's comments
    say was known at the cut-off."""
    sc = load_scenario(case)
    assert sc.structure_changes == []
    move_ids = {m.id for m in sc.moves}
    for event in sc.events:
        assert event.kind == "opportunity" and event.severity == 0.0, event
        assert event.opens and set(event.opens) <= move_ids, event
    text = Path(sc.source).read_text(encoding="utf-8")
    for change in sc.leader_changes:
        year, month = map(int, change.date.split("-"))
        if change.side == "US":
            assert month == 1 and year % 4 == 1, change
        else:
            assert "announced" in text.lower() and change.name in text, change


def test_trump_2017_is_scored_on_the_generative_scenario_with_nothing_scheduled():
    """The case runs the actors' moves of the 1992-2016 calibration on trump-2017's roster;
    nothing after the cut-off (2016-12) is scheduled, and the moves it scores exist."""
    record = load_case("trump-2017")
    sc = load_scenario(record.scenario)
    assert record.scenario == "trump-2017-generative" and record.cutoff == "2016-12"
    assert sc.events == [] and sc.leader_changes == [] and sc.structure_changes == []
    assert sc.side_ids == tuple(side.id for side in record.sides)
    assert sc.start == record.start and sc.months == _months(record.start, record.end)
    # the calibration's values; the veto count is a rule of statutes, which 1992-2016 lacks
    calibrated = load_scenario("history-1992-2016-generative").dynamics
    assert sc.dynamics == calibrated.model_copy(update={"anticipate_veto": True})
    assert {o.act for o in record.of_kind("move")} <= {m.kind for m in sc.moves}
    text = Path(sc.source).read_text(encoding="utf-8")
    header = " ".join(text.split("\nextends = ")[0].replace("#", " ").split())
    assert "Information cut-off: 2016-12" in header and "Assumptions:" in header


@pytest.mark.parametrize("case", CASES)
def test_an_actor_the_record_names_as_blocking_is_in_the_scenario(case):
    record = load_case(case)
    named = {o.blocked_by for o in record.of_kind("proposal") if o.blocked_by}
    model = ResetModel(load_scenario(record.scenario), seed=0)
    assert named <= set(model.actors()["actor"])
