"""The shipped outcome files load; bad ones give one-line errors naming file and field."""

from __future__ import annotations

import pytest
from _tables import BASE, proposal, record

from resetsim.cases.outcomes import (
    CaseError,
    case_dir,
    list_cases,
    load_case,
    load_cases,
    parse_case,
)

CASES = [
    "detente-1969",
    "history-1992-2016",
    "reagan-gorbachev-1985",
    "trump-2017",
    "us-china-1969",
    "us-cuba-2014",
    "us-iran-2013",
]


def test_every_case_of_the_library_has_an_outcomes_file():
    assert list_cases() == CASES


@pytest.mark.parametrize("name", CASES)
def test_shipped_outcomes_file_is_valid_and_dated(name):
    r = load_case(name)
    assert r.case == name
    dated = [o for o in r.outcomes if getattr(o, "date", None) or getattr(o, "window", None)]
    assert len(dated) >= 5
    assert all(o.source.strip() for o in r.outcomes)
    assert any(o.kind in ("crisis", "reset") for o in r.outcomes)


def test_a_calibration_case_is_marked_in_sample():
    records = load_cases()
    assert [n for n, r in records.items() if r.in_sample] == ["history-1992-2016"]


def test_proposal_ids_of_the_history_scenario_are_kept():
    ids = {getattr(o, "proposal", None) for o in load_case("history-1992-2016").outcomes}
    assert {"start-ii", "moscow-treaty", "new-start"} <= ids


def test_default_windows():
    outcomes = [
        proposal(),
        proposal(id="never", happened=False, date=None),
        proposal(id="late", date="2000-11"),
        proposal(id="set", after="2000-03", by="2000-04"),
    ]
    r = record(*outcomes, tolerance_months=3)
    assert [r.window(o) for o in r.outcomes] == [
        ("2000-01", "2000-09"),
        ("2000-01", "2000-12"),
        ("2000-01", "2000-12"),  # capped at the case's end
        ("2000-03", "2000-04"),
    ]


def one_problem(data: dict) -> str:
    """The problems found (one line each, naming the file), joined for matching."""
    with pytest.raises(CaseError) as err:
        parse_case(data, "bad.toml")
    problems = err.value.problems
    assert all("\n" not in p and p.startswith("bad.toml: ") for p in problems)
    assert str(err.value) == "\n".join(problems)
    return "\n".join(problems)


def with_outcome(**fields) -> dict:
    return {**BASE, "outcomes": [proposal(**fields)]}


FIRST = "outcomes[0] (deal-ratified)"
NO_CUTOFF = {k: v for k, v in BASE.items() if k != "cutoff"}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (with_outcome(colour="red"), f"{FIRST}.colour: unknown field"),
        (with_outcome(date="2000-13"), f"{FIRST}.date: String should match"),
        (with_outcome(date=None), f"{FIRST}: an outcome that happened needs"),
        (with_outcome(outcome="won"), f"{FIRST}.outcome: 'won' is not an outcome"),
        (with_outcome(side="RU"), f"{FIRST}.side: 'RU' is not one of US, CU, both"),
        (with_outcome(date="2001-02"), f"{FIRST}.date: 2001-02 is outside the case"),
        (with_outcome(kind="poll"), f"{FIRST}: kind must be one of"),
        (
            {**BASE, "end": "1999-06", "outcomes": [proposal(date="1999-05")]},
            "start: 2000-01 is after end",
        ),
        (
            {**BASE, "outcomes": [proposal(), proposal()]},
            "outcomes[1] (deal-ratified).id: this id is used twice",
        ),
        ({**NO_CUTOFF, "outcomes": [proposal()]}, "cutoff: required field missing"),
    ],
)
def test_bad_input_gives_one_line_naming_the_field(data, expected):
    assert expected in one_problem(data)


def test_bad_vote_chamber_and_window_and_opinion_value():
    vote = {"id": "v", "kind": "vote", "proposal": "deal", "side": "US", "chamber": "Duma",
            "date": "2000-02", "yes": 1, "no": 2, "label": "x", "source": "y"}  # fmt: skip
    assert "chamber: 'Duma' is not one of side US's chambers" in one_problem(
        {**BASE, "outcomes": [vote]}
    )
    crisis = {"id": "c", "kind": "crisis", "window": ["2000-05", "2000-02"], "happened": True,
              "label": "x", "source": "y"}  # fmt: skip
    assert "window starts after it ends" in one_problem({**BASE, "outcomes": [crisis]})
    poll = {"id": "p", "kind": "opinion", "column": "us_public_favourability", "label": "x",
            "source": "y", "points": [{"date": "2000-02", "value": float("nan")}]}  # fmt: skip
    assert "outcomes[0] (p).points[0].value" in one_problem({**BASE, "outcomes": [poll]})
    vote.update(chamber="Senate", yes=10**6)
    assert "outcomes[0] (v).yes: Input should be less than or equal to 5000" in one_problem(
        {**BASE, "outcomes": [vote]}
    )


def test_missing_file_bad_toml_and_misnamed_case(tmp_path):
    with pytest.raises(CaseError, match=r"no such outcomes file .*shipped cases: detente-1969"):
        load_case("atlantis")
    bad = tmp_path / "bad.toml"
    bad.write_text("case = \n", encoding="utf-8")
    with pytest.raises(CaseError, match=r"bad\.toml: not valid TOML"):
        load_case(bad)
    other = tmp_path / "other.toml"
    other.write_text(
        (case_dir() / "us-cuba-2014.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with pytest.raises(CaseError, match="case: 'us-cuba-2014' differs from the file name 'other'"):
        load_case(other)


def test_a_field_named_like_a_kind_is_still_named():
    vote = {"id": "v", "kind": "vote", "proposal": "Bad Id", "side": "US", "chamber": "Senate",
            "date": "2000-02", "yes": 1, "no": 2, "label": "x", "source": "y"}  # fmt: skip
    assert "outcomes[0] (v).proposal: String should match" in one_problem(
        {**BASE, "outcomes": [vote]}
    )
