"""Latency of a role-play turn with 30 students, at the level of the session's logic.

Run: ``python benchmarks/bench_classroom.py [STUDENTS] [TURNS]``. Thirty students join a
``teaching-neustadt`` session in teams (up to three per role), each page subscribed to the
session as a browser page is; every student sends a choice, then the teacher advances a
turn, first of one month, then of six. Prints the time of one student's submission
(checked, recorded and broadcast to every page's listener), of a whole turn (all
submissions and the advance) and of the advance alone, with the machine's load average.
No assertion: speed is measured here, not asserted in tests.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

from resetsim.viz.classroom.session import ClassroomSession

CODE = "BENCH"


def seated_session(students: int) -> tuple[ClassroomSession, list[tuple[str, str]], list[int]]:
    """A session with ``students`` players seated round the roles, each with a listener."""
    session = ClassroomSession("teaching-neustadt", seed=0, code=CODE, team_size=3)
    roles = list(session.roles)
    heard: list[int] = []
    seated = []
    for i in range(students):
        pid = f"student-{i}"
        session.join(pid, f"Student {i}", CODE)
        actor = roles[i % len(roles)]
        session.take_role(pid, actor)
        session.subscribe(heard.append)  # one listener per page, as use_live registers
        seated.append((pid, actor))
    session.subscribe(heard.append)  # the teacher's console
    return session, seated, heard


def choice(session: ClassroomSession, actor: str, turn: int) -> dict[str, str]:
    """A choice that changes from turn to turn: the role's options in rotation."""
    role = session.roles[actor]
    return {d: role.choices(d)[turn % len(role.choices(d))][0] for d in role.decisions}


def measure(students: int = 30, turns: int = 8) -> None:
    session, seated, _ = seated_session(students)
    print(f"{students} students on {len(session.roles)} roles, {students + 1} pages listening; "
          f"load average {os.getloadavg()[0]:.2f} (2 cores)")  # fmt: skip
    for months in (1, 6):
        session.set_turn_months(months)
        submits, advances, whole = [], [], []
        for turn in range(turns):
            if session.finished:
                break
            start = time.perf_counter()
            for pid, actor in seated:
                t = time.perf_counter()
                session.submit(pid, actor, choice(session, actor, turn))
                submits.append(time.perf_counter() - t)
            t = time.perf_counter()
            session.advance()
            advances.append(time.perf_counter() - t)
            whole.append(time.perf_counter() - start)
        ms = [1000 * statistics.median(x) for x in (submits, advances, whole)]
        print(f"turns of {months} month(s): one submission {ms[0]:.2f} ms (max "
              f"{1000 * max(submits):.2f}), advance {ms[1]:.1f} ms (max "
              f"{1000 * max(advances):.1f}), whole turn {ms[2]:.1f} ms (median of "
              f"{len(whole)})")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    measure(*args)
