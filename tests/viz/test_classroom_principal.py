"""A student can play a principal (Iran's Supreme Leader) where the scenario declares one.

The principal's role has one decision of its own, ``verdict``: approve or veto the deals
his executive adopted; "auto" leaves it to his rule (:meth:`Principal.approves`). Expected
values come from the agents' own run of the same seed, never typed in.
"""

from __future__ import annotations

import pytest

from resetsim.viz.classroom.cards import role_cards
from resetsim.viz.classroom.debrief import role_figures
from resetsim.viz.classroom.roles import AUTO, ChoiceError, orders_for
from resetsim.viz.classroom.session import ClassroomSession

SCENARIO = "us-iran-2013"
CODE = "K7QPX"
LEADER = "Khamenei"


def _turn(tmp_path, choice: dict | None) -> ClassroomSession:
    """One six-month turn of seed 3 with the Leader's role seated and ``choice`` submitted."""
    session = ClassroomSession(SCENARIO, seed=3, turn_months=6, code=CODE, team_size=1,
                               save_path=tmp_path / "session.json")  # fmt: skip
    session.join("p1", "Ann", CODE)
    session.take_role("p1", LEADER)
    if choice is not None:
        session.submit("p1", LEADER, choice)
    session.advance()
    return session


def _verdicts(session: ClassroomSession):
    log = session.model.log_now()
    return log[log["reason"].str.startswith("The Supreme Leader")]


def test_the_supreme_leader_is_a_role_with_a_verdict_to_give(tmp_path):
    session = _turn(tmp_path, None)
    role = session.roles[LEADER]
    assert (role.family, role.side, role.title) == ("principal", "IR", "the Supreme Leader")
    assert role.decisions == ("verdict",)
    assert [k for k, _ in role.choices("verdict")] == [AUTO, "approve", "veto"]
    assert any("approves a deal when his support is above" in f for f in role.facts)
    with pytest.raises(ChoiceError, match="not an option"):
        orders_for(role, {"verdict": "abstain"})
    card = role_cards(SCENARIO)
    assert "### Iran: The Supreme Leader" in card and "a principal above the president" in card


def test_a_students_approval_overturns_the_veto_his_rule_would_give(tmp_path):
    auto = _verdicts(_turn(tmp_path / "auto", None))
    assert len(auto) and set(auto["outcome"]) == {"blocked"}  # by rule he vetoes the deal
    assert auto["reason"].str.contains("vetoed").all()
    played = _turn(tmp_path / "played", {"verdict": "approve"})
    verdicts = _verdicts(played)
    assert list(verdicts["proposal"]) == list(auto["proposal"])
    assert set(verdicts["outcome"]) == {"adopted"}
    assert verdicts["reason"].str.contains("played by a student, approved").all()
    log = played.model.log_now()
    deal = verdicts["proposal"].iloc[0]
    assert ((log["proposal"] == deal) & (log["outcome"] == "implemented")).any()
    figures = role_figures(played.play, LEADER)
    assert (figures["deals he vetoed"], figures["deals he approved"]) == ("0", str(len(verdicts)))


def test_a_students_veto_is_logged_as_his_and_blocks_the_deal(tmp_path):
    vetoed = _verdicts(_turn(tmp_path, {"verdict": "veto"}))
    assert len(vetoed) and set(vetoed["outcome"]) == {"blocked"}
    assert set(vetoed["blocked_by"]) == {LEADER}
    assert vetoed["reason"].str.contains("played by a student, vetoed").all()
