"""The role-play in headless Chromium: one teacher and three students, each its own device.

The server is ``resetsim classroom``'s app, served offline like the dashboard. Students
join with the code, take roles (one seat each here, so that taking a taken role is refused),
choose and send their decisions; the teacher's console shows each choice as it arrives,
advances the clock three turns and saves; the saved file, run again in this process, gives
the month the console shows and holds every student's decisions. Set
RESETSIM_SCREENSHOT_DIR=docs/img to also save classroom-teacher.png, classroom-join.png,
classroom-student.png and classroom-debrief.png.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from resetsim.scenario import list_scenarios
from resetsim.viz.classroom.live import ENV
from resetsim.viz.classroom.record import Play, SessionRecord

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CODE = "TQ4ZM"
KEY = "test-teacher-key"
LOAD_TIMEOUT = 60_000
SCENARIO = "teaching-neustadt"
#: who joins, the role they take, the decision they make and the option's label
STUDENTS = (
    ("Ann", "Obama", "persuade", "twice the usual amount"),
    ("Bob", "the Defense Department", "deliver", "slow-roll it"),
    ("Cy", "Republicans", "vote", "against rapprochement"),
)


@pytest.fixture(scope="module")
def classroom(dashboard_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from resetsim.viz.classroom.app import __file__ as app_file
    from resetsim.viz.dashboard_cli import SERVER_ENV

    folder = tmp_path_factory.mktemp("classroom")
    env = {
        **SERVER_ENV,
        ENV["scenario"]: SCENARIO, ENV["seed"]: "0", ENV["turn"]: "1", ENV["code"]: CODE,
        ENV["key"]: KEY, ENV["save"]: str(folder / "session.json"), ENV["team"]: "1",
    }  # fmt: skip
    server = dashboard_server(Path(app_file), timeout=180.0, extra_env=env)
    server.save_path = folder / "session.json"
    return server


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("RESETSIM_SCREENSHOT_DIR")
    if folder:
        page.wait_for_timeout(800)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def _join(page: Any, url: str, name: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{url}/join")
    expect(page.get_by_role("button", name="Join")).to_be_visible(timeout=LOAD_TIMEOUT)
    page.get_by_label("Your name (or your team's)").fill(name)
    page.get_by_label("Join code (on the teacher's screen)").fill(CODE.lower())
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text(f"Welcome, {name}.")).to_be_visible()


def _take(page: Any, role: str) -> None:
    page.locator(".resetsim-role-button", has_text=role).first.click()


def test_teacher_and_three_students_play_three_turns(
    classroom: Any, context_pages: Any, blocked_requests: list[str]
) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)
    teacher = context_pages(1400, 1000)
    # without the key the console stays closed
    teacher.goto(f"{classroom.url}/teacher")
    expect(teacher.locator(".resetsim-no-key")).to_be_visible(timeout=LOAD_TIMEOUT)
    expect(teacher.get_by_role("button", name="Advance 1 month")).to_have_count(0)
    teacher.goto(f"{classroom.url}/teacher?key={KEY}")
    expect(teacher.locator(".resetsim-join-code")).to_contain_text(CODE, timeout=LOAD_TIMEOUT)
    table = teacher.locator(".resetsim-role-table")

    students = []
    for i, (name, role, decision, option) in enumerate(STUDENTS):
        page = context_pages(900, 1000)
        _join(page, classroom.url, name)
        if i == 0:
            _shot(page, "classroom-join.png")
        if i == 2:  # Bob holds Defense and roles have one seat here: refused
            _take(page, "Defense")
            expect(page.locator(".resetsim-error")).to_contain_text("is taken (Bob)")
        _take(page, role)
        expect(page.locator(".resetsim-role-card")).to_contain_text(f"You are {role}")
        expect(table).to_contain_text(name)
        students.append((page, name, role, decision, option))

    latencies = []
    for turn in range(1, 4):
        for page, name, _role, decision, option in students:
            if turn == 2 and name != "Bob":
                continue  # in turn 2 only Bob sends; the others are played by the agents
            box = page.locator(f".resetsim-decision-{decision}")
            box.get_by_role("button", name=option).click()
            expect(box.locator(".v-btn--active")).to_contain_text(option)
            started = time.monotonic()
            page.get_by_role("button", name="Send my choices").click()
            expect(table).to_contain_text(f"in ({name}): {decision}:")
            latencies.append(time.monotonic() - started)
            expect(page.locator(".resetsim-sent")).to_be_visible()
        if turn == 1:
            _shot(students[0][0], "classroom-student.png")
            _shot(teacher, "classroom-teacher.png")
        teacher.get_by_role("button", name="Advance 1 month").click()
        expect(teacher.locator(".resetsim-teacher-status")).to_contain_text(f"Month {turn} (")
        for page, *_ in students:
            expect(page.locator(".resetsim-student-status")).to_contain_text(f"Month {turn} (")
    print(f"\nstudent click -> teacher console: {[round(x, 2) for x in latencies]} s")
    assert max(latencies) < 15.0

    teacher.get_by_role("button", name="Save").click()
    expect(teacher.locator(".resetsim-teacher-status")).to_contain_text("saved to session.json")
    record = SessionRecord.load(classroom.save_path, list_scenarios())
    assert [t.months for t in record.turns] == [1, 1, 1]
    assert record.turns[0].choices == {
        "Obama": {
            "table": "auto",
            "answer": "auto",
            "persuade": "double",
            "focus": "auto",
            "override": "auto",
        },
        "Defense": {"argue": "auto", "deliver": "none"},
        "Republicans": {"vote": "against"},
    }
    assert list(record.turns[1].choices) == ["Defense"]
    assert record.turns[2].players == {"Obama": "Ann", "Defense": "Bob", "Republicans": "Cy"}
    replay = Play.of(record)
    expect(teacher.locator(".resetsim-teacher-status")).to_contain_text(
        f"Month 3 ({replay.model.date})"
    )
    teacher.get_by_text("Debrief").click()
    expect(teacher.locator(".resetsim-debrief")).to_contain_text("the model's own run")
    expect(teacher.locator(".resetsim-debrief-roles")).to_contain_text("Defense Department")
    _shot(teacher, "classroom-debrief.png")
    assert blocked_requests == [], f"pages asked for outside resources: {blocked_requests}"
