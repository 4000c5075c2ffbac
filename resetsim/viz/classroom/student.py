"""The student's page: join with the code, take a role, choose this turn's decisions.

A student sees only their own role: its card (who the actor is, where it stands), one row
of buttons per decision (the role's options only, "auto" first), the month and the decision
log that everybody sees. The page knows the student by the server's id of the browser
session (a cookie), never by anything the page sends; every request goes through
:class:`~resetsim.viz.classroom.session.ClassroomSession`, which checks it.
"""

from __future__ import annotations

import html
from typing import Any

import solara

from resetsim.viz.classroom.live import attempt, shared_session, use_live
from resetsim.viz.classroom.roles import AUTO, DECISIONS, Role
from resetsim.viz.classroom.session import Change, ClassroomSession
from resetsim.viz.dashboard_views import DecisionFeed

__all__ = ["JoinForm", "JoinPage", "RoleBoard", "RolePicker", "player_id"]

_LABELS = {d.name: d.label for d in DECISIONS}
_HELP = {d.name: d.help for d in DECISIONS}
_SMALL = {"font-size": "13px", "color": "#444"}


def player_id() -> str:
    """The server's id of this browser session (a cookie set by the server)."""
    from solara.scope import get_session_id

    return get_session_id()


@solara.component
def JoinForm(session: ClassroomSession, pid: str, on_error: Any) -> Any:
    """Name and join code."""
    name = solara.use_reactive("")
    code = solara.use_reactive("")

    def join() -> None:
        attempt(on_error, session.join, pid, name.value, code.value)

    with solara.Card("Join the role-play", classes=["resetsim-join"]) as card:
        solara.InputText("Your name (or your team's)", value=name, continuous_update=True)
        solara.InputText("Join code (on the teacher's screen)", value=code,
                         continuous_update=True)  # fmt: skip
        solara.Button("Join", color="primary", on_click=join)
    return card


@solara.component
def RolePicker(session: ClassroomSession, pid: str, on_error: Any, version: int) -> Any:
    """Every role, with its seats taken; taking a full one is refused by the session.

    ``version`` changes with the session, so that the seats are drawn again.
    """

    def take(actor: str) -> None:
        attempt(on_error, session.take_role, pid, actor)

    with solara.Card("Choose your role", classes=["resetsim-roles"]) as card:
        solara.Text(f"Up to {session.team_size} students per role. Roles nobody takes are "
                    "played by the model's own agents.", style=_SMALL)  # fmt: skip
        for role in session.roles.values():
            seats = session.seats(role.actor)
            taken = f" ({', '.join(seats)})" if seats else ""
            solara.Button(
                f"{role.side_name}: {role.title}{taken}",
                on_click=lambda a=role.actor: take(a),
                text=True,
                classes=["resetsim-role-button"],
                style={"text-transform": "none", "justify-content": "flex-start"},
            )
    return card


@solara.component
def RoleBoard(session: ClassroomSession, pid: str, role: Role, on_error: Any, version: int) -> Any:
    """The role card and this turn's decisions (``version``: redrawn when the session changes)."""
    picked = solara.use_reactive({name: AUTO for name in role.decisions})

    def choose(decision: str, label: str) -> None:
        key = next(k for k, text in role.choices(decision) if text == label)
        picked.set({**picked.value, decision: key})

    def submit() -> None:
        attempt(on_error, session.submit, pid, role.actor, picked.value)

    pending = session.pending.get(role.actor)
    with solara.Card(f"You are {role.title}", subtitle=f"{role.side_name}, {role.family}",
                     classes=["resetsim-role-card"]) as card:  # fmt: skip
        stance = session.play.agents[role.actor].stance
        facts = [*role.facts, f"your stance now: {stance:+.2f}"]
        solara.HTML(tag="ul", unsafe_innerHTML="".join(f"<li>{html.escape(f)}</li>" for f in facts),
                    style={"font-size": "13px", "color": "#444", "margin": "0"})  # fmt: skip
        for decision in role.decisions:
            options = role.choices(decision)
            labels = [text for _, text in options]
            current = dict(options)[picked.value.get(decision, AUTO)]
            with solara.Column(gap="0px", classes=[f"resetsim-decision-{decision}"]):
                solara.Text(_LABELS[decision], style={"font-weight": "600", "margin-top": "6px"})
                solara.ToggleButtonsSingle(
                    value=current,
                    values=labels,
                    on_value=lambda label, d=decision: choose(d, label),
                    dense=True,
                    style={"flex-wrap": "wrap", "height": "auto"},
                )
                solara.Text(_HELP[decision], style={"font-size": "12px", "color": "#666"})
        solara.Button("Send my choices", color="primary", on_click=submit,
                      disabled=not session.open or session.finished,
                      style={"margin-top": "8px"})  # fmt: skip
        if pending is not None:
            chosen = ", ".join(f"{d} {k}" for d, k in pending.items() if k != AUTO) or "all auto"
            solara.Success(f"Sent for this turn ({session.chosen_by.get(role.actor, '')}): "
                           f"{chosen}", classes=["resetsim-sent"])  # fmt: skip
    return card


@solara.component
def JoinPage() -> Any:
    """The student's page (``/join``)."""
    session = shared_session()
    pid = solara.use_memo(player_id, [])

    def mine(change: Change) -> bool:
        player = session.players.get(pid)
        return change.player == pid or bool(player and change.actor == player.actor != "")

    version = use_live(session, mine)
    error = solara.use_reactive("")
    player = session.players.get(pid)
    model = session.model
    solara.Title("resetsim classroom: join")
    with solara.Column(style={"max-width": "760px", "margin": "0 auto", "padding": "12px"}):
        solara.Markdown(f"### resetsim role-play: {model.spec.name}")
        status = "open for choices" if session.open else "paused by the teacher"
        if session.finished:
            status = "over: look at the debrief on the screen"
        solara.Text(f"Month {model.month} ({model.date}) of {model.spec.months}; turn of "
                    f"{session.record.turn_months} month(s), {status}",
                    classes=["resetsim-student-status"])  # fmt: skip
        if error.value:
            solara.Error(error.value, classes=["resetsim-error"])
        if player is None:
            JoinForm(session, pid, error.set)
        elif not player.actor:
            solara.Text(f"Welcome, {player.name}.")
            RolePicker(session, pid, error.set, version)
        else:
            role = session.roles[player.actor]
            RoleBoard(session, pid, role, error.set, version).key(player.actor)
        DecisionFeed(model, model.month, font_px=13, height_px=260,
                     empty="the teacher advances the clock")  # fmt: skip
