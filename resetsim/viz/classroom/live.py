"""What the classroom's pages share: the one session of the server, and redrawing on change.

Solara builds every page per browser session (a virtual kernel); the classroom's
:class:`~resetsim.viz.classroom.session.ClassroomSession` is one object for the whole
server, made on first use from the settings the ``resetsim classroom`` command puts in the
server's environment (:data:`ENV`). :func:`use_live` subscribes a page to the session: a
change made from any page sets a reactive counter of every other page, inside that page's
own kernel context, so each page redraws within a moment (solara documents setting a
reactive variable from outside its kernel context: widgetti/solara#952, #962).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from typing import Any

import solara

from resetsim.viz.classroom.record import SessionRecord
from resetsim.viz.classroom.session import (
    CLIENT_ERRORS,
    DEFAULT_SCENARIO,
    Change,
    ClassroomSession,
)

__all__ = ["ENV", "attempt", "shared_session", "teacher_key", "use_live"]

#: Environment variables the command line sets for the server, and what they hold.
ENV = {
    "scenario": "RESETSIM_CLASSROOM_SCENARIO",
    "seed": "RESETSIM_CLASSROOM_SEED",
    "turn": "RESETSIM_CLASSROOM_TURN_MONTHS",
    "code": "RESETSIM_CLASSROOM_CODE",
    "key": "RESETSIM_CLASSROOM_TEACHER_KEY",
    "save": "RESETSIM_CLASSROOM_SAVE",
    "reopen": "RESETSIM_CLASSROOM_REOPEN",
    "join_url": "RESETSIM_CLASSROOM_JOIN_URL",
    "team": "RESETSIM_CLASSROOM_TEAM_SIZE",
}
_LOCK = threading.Lock()
_SESSION: list[ClassroomSession] = []


def teacher_key() -> str:
    """The secret that opens the teacher's console (empty: the console stays closed)."""
    return os.environ.get(ENV["key"], "")


def shared_session() -> ClassroomSession:
    """The server's session, made on first use from the environment (:data:`ENV`)."""
    with _LOCK:
        if not _SESSION:
            get = os.environ.get
            record = None
            if get(ENV["reopen"]):
                from resetsim.scenario import list_scenarios

                record = SessionRecord.load(get(ENV["reopen"], ""), list_scenarios())
            _SESSION.append(
                ClassroomSession(
                    get(ENV["scenario"]) or DEFAULT_SCENARIO,
                    int(get(ENV["seed"]) or 0),
                    int(get(ENV["turn"]) or 1),
                    code=get(ENV["code"]) or None,
                    team_size=int(get(ENV["team"]) or 3),
                    save_path=get(ENV["save"]) or None,
                    record=record,
                )
            )
        return _SESSION[0]


def use_live(session: ClassroomSession, wants: Callable[[Change], bool] | None = None) -> int:
    """Redraw the calling component when ``session`` changes as it ``wants``; returns the version.

    ``wants`` (see :meth:`ClassroomSession.subscribe`) is read when a change happens, so it
    may look at the session's state then (the role a student holds by now).
    """
    version = solara.use_reactive(session.version)

    def connect() -> Any:
        from solara.server import kernel_context

        context: Any = (
            kernel_context.get_current_context()
            if kernel_context.has_current_context()
            else contextlib.nullcontext()
        )

        def changed(value: int) -> None:
            with context:
                version.set(value)

        return session.subscribe(changed, wants)

    solara.use_effect(connect, [])
    return version.value


def attempt(on_error: Callable[[str], None], action: Callable[..., Any], *args: Any) -> None:
    """Call ``action(*args)``; a refusal by the session goes to ``on_error`` as one line.

    ``on_error("")`` clears the message after a success.
    """
    try:
        action(*args)
        on_error("")
    except CLIENT_ERRORS as exc:
        on_error(str(exc))
