"""The role-play's session logic without a browser: join, roles, turns, checks, files, replay.

Expected values come from running the model in this process (the agents' own run of the
same seed), never typed in.
"""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest

from resetsim.agents.orders import HOLD, Orders
from resetsim.scenario import list_scenarios
from resetsim.viz.classroom.debrief import choices_table, debrief, export
from resetsim.viz.classroom.record import OPPORTUNITIES, Play, RecordError, SessionRecord, Turn
from resetsim.viz.classroom.roles import AUTO, DECISIONS, ChoiceError, orders_for
from resetsim.viz.classroom.session import ClassroomSession, JoinError
from resetsim.viz.dashboard_model import DashboardModel

SCENARIO = "teaching-neustadt"
CODE = "K7QPX"


@pytest.fixture
def session(tmp_path):
    return ClassroomSession(SCENARIO, seed=3, turn_months=6, code=CODE, team_size=2,
                            save_path=tmp_path / "session.json")  # fmt: skip


def _seat(session, pid, name, actor):
    session.join(pid, name, CODE)
    session.take_role(pid, actor)


def test_roles_come_from_the_roster_with_their_own_options(session):
    roles = session.roles
    model = DashboardModel(scenario_name=SCENARIO, seed=0)
    expected = [a.name for a in model.roster if a.family in ("president", "bureaucracy")]
    expected += [a.name for a in model.roster if a.family == "legislature" and a.seats > 0]
    assert sorted(roles) == sorted(expected)
    obama = roles["Obama"]
    assert obama.decisions == ("table", "answer", "persuade", "focus", "override")
    members = [a.name for a in model.government("US")[1:]]
    assert [k for k, _ in obama.choices("focus")] == [AUTO, *members]  # his own government
    tabled = [k for k, _ in obama.choices("table")]
    us_proposals = [p.id for p in model.spec.proposals if p.initiator in ("US", "both")]
    assert tabled == [AUTO, "none", *us_proposals]
    assert roles["Defense"].decisions == ("argue", "deliver")
    assert roles["Republicans"].decisions == ("vote",)
    assert {r.side for r in roles.values()} == set(model.sides)


def test_the_decisions_file_sets_orders_fields_with_auto_first():
    fields = {f.name for f in dataclasses.fields(Orders)}
    assert [d.name for d in DECISIONS][:3] == ["table", "answer", "persuade"]  # card order
    for decision in DECISIONS:
        assert decision.name in fields and decision.families and decision.help
        keys = [key for key, _, _ in decision.options]
        assert keys[0] == AUTO and decision.options[0][2] is None
        assert len(keys) == len(set(keys))
    holds = {d.name: d.options[1] for d in DECISIONS if d.name in ("table", "move")}
    assert holds == {"table": (HOLD, "none", HOLD), "move": (HOLD, "none", HOLD)}
    persuade = {d.name: d for d in DECISIONS}["persuade"]
    assert persuade.options[1:] == (
        ("none", "do not persuade", 0.0), ("usual", "the usual amount", 1.0),
        ("double", "twice the usual amount", 2.0),
    )  # fmt: skip


def test_join_needs_the_code_and_a_name(session):
    with pytest.raises(JoinError, match="wrong join code"):
        session.join("p1", "Ann", "WRONG")
    with pytest.raises(JoinError, match="type your name"):
        session.join("p1", "   ", CODE)
    player = session.join("p1", "  Ann   Lee ", CODE.lower())
    assert player.name == "Ann Lee" and player.actor == ""
    with pytest.raises(JoinError, match="join the session first"):
        session.take_role("stranger", "Defense")


def test_a_role_has_at_most_team_size_players(session):
    _seat(session, "p1", "Ann", "Defense")
    _seat(session, "p2", "Bob", "Defense")
    session.join("p3", "Cy", CODE)
    with pytest.raises(JoinError, match="taken \\(Ann, Bob\\)"):
        session.take_role("p3", "Defense")
    with pytest.raises(JoinError, match="not a role"):
        session.take_role("p3", "../../etc/passwd")
    assert "Defense" not in [r.actor for r in session.free_roles()]
    session.take_role("p1", "Defense")  # taking one's own seat again is fine


def test_only_the_roles_own_decisions_and_options_are_accepted(session):
    _seat(session, "p1", "Ann", "Defense")
    _seat(session, "p2", "Bob", "Obama")
    with pytest.raises(JoinError, match="cannot act for Obama"):
        session.submit("p1", "Obama", {"table": "none"})
    with pytest.raises(ChoiceError, match="does not decide 'vote'"):
        session.submit("p1", "Defense", {"vote": "for"})
    with pytest.raises(ChoiceError, match="not an option"):
        session.submit("p1", "Defense", {"deliver": "__import__('os')"})
    with pytest.raises(ChoiceError, match="not an option"):
        session.submit("p2", "Obama", {"table": "wto-accession-ru"})
    session.pause()
    with pytest.raises(JoinError, match="paused"):
        session.submit("p1", "Defense", {"deliver": "none"})
    session.pause(False)
    session.submit("p1", "Defense", {"deliver": "none", "argue": AUTO})
    assert session.pending == {"Defense": {"deliver": "none", "argue": AUTO}}
    assert orders_for(session.roles["Defense"], {"argue": AUTO}) is None


def test_a_turn_runs_its_months_with_the_choices_then_forgets_them(session):
    _seat(session, "p1", "Ann", "Republicans")
    session.submit("p1", "Republicans", {"vote": "against"})
    seen = []
    session.subscribe(seen.append)
    assert session.advance() == 6
    assert session.model.month == 6 and seen[-1] == session.version
    assert session.pending == {} and session.record.turns[0].choices == {
        "Republicans": {"vote": "against"}
    }
    assert session.record.turns[0].players == {"Republicans": "Ann"}
    assert all(a.orders is None for a in session.model.roster)
    session.set_turn_months(1)
    assert session.advance() == 1 and session.model.month == 7
    with pytest.raises(JoinError, match="one of 1, 3, 6, 12"):
        session.set_turn_months(5)


def test_a_students_page_hears_its_own_role_and_what_everybody_sees(session):
    _seat(session, "p1", "Ann", "Defense")
    _seat(session, "p2", "Bob", "Obama")
    teacher, ann = [], []

    def wants(change):
        return change.player == "p1" or change.actor == session.players["p1"].actor

    session.subscribe(teacher.append)
    session.subscribe(ann.append, wants)
    session.submit("p2", "Obama", {"persuade": "none"})
    session.inject("summit")
    assert len(teacher) == 2 and ann == []
    session.submit("p1", "Defense", {"deliver": "half"})
    session.advance()
    assert ann == teacher[-2:] == [session.version - 1, session.version]


def _whole_run(choices, seed=3, months=6):
    play = Play(SCENARIO, seed)
    while play.model.running:
        play.run_turn(Turn(months, choices=choices))
    return play


def test_choices_reach_the_model():
    by_agents = _whole_run({})
    whipped = _whole_run({"Republicans": {"vote": "for"}, "Democrats": {"vote": "for"}})
    log = whipped.model.decision_log()
    us_votes = log[(log["side"] == "US") & (log["votes_yes"] >= 0)]
    assert len(us_votes) and (us_votes["votes_no"] == 0).all()
    against = _whole_run({"Republicans": {"vote": "against"}, "Democrats": {"vote": "against"}})
    log = against.model.decision_log()
    assert not ((log["side"] == "US") & (log["outcome"] == "ratified")).any()
    assert (log["blocked_by"].isin(["Republicans", "Democrats"])).any()
    slow = _whole_run({"Defense": {"deliver": "none"}, "State": {"deliver": "none"}})
    own = by_agents.delivered
    assert slow.delivered and max(max(v) for v in slow.delivered.values()) < 1.0
    assert sum(map(sum, slow.delivered.values())) < sum(map(sum, own.values()))


def test_same_seed_and_choices_give_the_same_run_and_the_agents_run_is_the_plain_model():
    choices = {"Obama": {"persuade": "double", "table": "new-start"}, "Defense": {"argue": "for"}}
    one, two = _whole_run(choices), _whole_run(choices)
    pd.testing.assert_frame_equal(one.model.timeseries(), two.model.timeseries())
    pd.testing.assert_frame_equal(one.model.decision_log(), two.model.decision_log())
    other = _whole_run({**choices, "Defense": {"argue": "against"}})
    assert not one.model.timeseries().equals(other.model.timeseries())
    plain = DashboardModel(scenario_name=SCENARIO, seed=3).run()
    pd.testing.assert_frame_equal(_whole_run({}).model.timeseries(), plain.timeseries())


def test_injected_opportunity_happens_in_the_next_turns_first_month(session):
    with pytest.raises(ChoiceError, match="not an opportunity"):
        session.inject("alien-invasion")
    session.inject("summit")
    session.advance()
    events = session.model.events()
    summit = events[events["event"] == OPPORTUNITIES[3].text(session.model.spec)]
    assert list(summit["month"]) == [1]


def test_save_and_reopen_rebuild_the_same_run(session, tmp_path):
    _seat(session, "p1", "Ann", "Obama")
    _seat(session, "p2", "Bob", "General Staff")
    session.inject("spy-scandal")
    session.submit("p1", "Obama", {"persuade": "none", "answer": "reject"})
    session.submit("p2", "General Staff", {"deliver": "half"})
    session.advance()
    session.submit("p2", "General Staff", {"argue": "against"})
    session.advance()
    path = session.save()
    record = SessionRecord.load(path, list_scenarios())
    assert record.seats == {"Obama": ["Ann"], "General Staff": ["Bob"]}
    reopened = ClassroomSession(record=record, code=CODE)
    assert reopened.model.month == session.model.month == 12
    pd.testing.assert_frame_equal(reopened.model.timeseries(), session.model.timeseries())
    pd.testing.assert_frame_equal(reopened.model.events(), session.model.events())
    table = choices_table(record)
    assert set(table["decision"]) == {"inject", "persuade", "answer", "deliver", "argue"}


def test_a_bad_session_file_is_one_line(tmp_path):
    library = list_scenarios()
    bad = tmp_path / "bad.json"
    for text, words in [
        ("{", "invalid JSON"),
        ('{"format": "other"}', "field 'format'"),
        ('{"format": "resetsim-classroom/1", "scenario": "/etc/passwd", "seed": 1}',
         "not in the library"),
        ('{"format": "resetsim-classroom/1", "scenario": "obama-2009", "seed": "x"}',
         "malformed"),
    ]:  # fmt: skip
        bad.write_text(text)
        with pytest.raises(RecordError, match=words) as info:
            SessionRecord.load(bad, library)
        assert "\n" not in str(info.value)
    with pytest.raises(RecordError, match="cannot read"):
        SessionRecord.load(tmp_path / "missing.json", library)
    record = SessionRecord(SCENARIO, 1, turns=[Turn(1, choices={"Nobody": {"vote": "for"}})])
    with pytest.raises(ChoiceError, match="not a role"):
        Play.of(record)


def test_debrief_compares_each_played_role_with_the_agents_run(session, tmp_path):
    _seat(session, "p1", "Ann", "Defense")
    while not session.finished:
        session.submit("p1", "Defense", {"deliver": "none"})
        session.advance()
    result = debrief(session.record, session.play)
    assert set(result.roles["role"]) == {session.roles["Defense"].title}
    row = result.roles.set_index("figure").loc["work on deals done by their due dates"]
    own = Play.of(session.record.unplayed())
    assert row["model"] == f"{sum(own.delivered['Defense']) / len(own.delivered['Defense']):.0%}"
    assert set(result.scores["figure"]) >= {"ratified", "share delivered"}
    folder = session.export()
    assert folder == tmp_path / "session-export" and session.message.endswith("session-export")
    assert (folder / "roles.csv").read_text() == result.roles.to_csv(index=False)
    written = export(session.record, session.play, tmp_path / "export")
    names = {p.name for p in written}
    assert {"choices.csv", "runs.parquet", "roles.csv", "relationship.png"} <= names
    runs = pd.read_parquet(tmp_path / "export" / "runs.parquet")
    assert set(runs["run"]) == {"class", "model"}
    assert json.loads(session.record.to_json())["format"] == "resetsim-classroom/1"
