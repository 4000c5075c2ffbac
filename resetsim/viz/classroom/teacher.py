"""The teacher's console: the clock, injections, who plays what, and the debrief.

Projected in front of the class: the join code and address, the month, the relationship
chart beside the decision log, and one row per role (who plays it and whether its choices
for this turn are in). The teacher advances the clock by a turn (1, 3, 6 or 12 months),
pauses the game, injects an opportunity from the list for the next turn, saves the
session to the file given on the command line and exports its tables and chart beside it.
The debrief puts the class's run beside the model's own run of the same seed and events
(:mod:`resetsim.viz.classroom.debrief`), its relationship as a ghost line on the chart.

The console opens only with the teacher's key (``/teacher?key=...``, printed by
``resetsim classroom``); without it the page says so and shows nothing else.
"""

from __future__ import annotations

import hmac
import html
import os
from typing import Any
from urllib.parse import parse_qs

import solara

from resetsim.viz.classroom.debrief import debrief
from resetsim.viz.classroom.live import ENV, attempt, shared_session, teacher_key, use_live
from resetsim.viz.classroom.record import OPPORTUNITIES
from resetsim.viz.classroom.roles import AUTO
from resetsim.viz.classroom.session import TURN_LENGTHS, ClassroomSession
from resetsim.viz.dashboard_views import DecisionFeed, RelationshipView, html_table

__all__ = ["DebriefPanel", "RoleTable", "TeacherPage", "key_matches", "role_rows"]


def key_matches(search: str | None, key: str) -> bool:
    """Whether the page's query string carries the teacher's ``key`` (never true if unset)."""
    given = parse_qs(search or "").get("key", [""])[0]
    return bool(key) and hmac.compare_digest(given.encode(), key.encode())


def role_rows(session: ClassroomSession) -> list[dict[str, str]]:
    """One row per role: side, role, players, this turn's choice (or who plays it)."""
    rows = []
    for role in session.roles.values():
        seats = session.seats(role.actor)
        pending = session.pending.get(role.actor)
        if pending is not None:
            chosen = ", ".join(f"{d}: {k}" for d, k in pending.items() if k != AUTO)
            status = f"in ({session.chosen_by[role.actor]}): {chosen or 'all auto'}"
        else:
            status = "waiting" if seats else "played by the model"
        rows.append({"side": role.side_name, "role": role.title,
                     "players": ", ".join(seats) or "-", "this turn": status})  # fmt: skip
    return rows


@solara.component
def RoleTable(session: ClassroomSession, version: int) -> Any:
    """Who plays what, and whose choices for this turn are in."""
    table = html_table(role_rows(session), "resetsim-role-table", font_px=14)
    return solara.HTML(tag="div", unsafe_innerHTML=table)


@solara.component
def DebriefPanel(result: Any) -> Any:
    """The class's run beside the model's own: the scoreboard, each role's figures."""
    with solara.Column(classes=["resetsim-debrief"]) as column:
        solara.Markdown("#### Debrief: your run and the model's own run (same seed, same events)")
        for sentence in result.sentences():
            solara.Text(sentence, style={"font-size": "15px"})
        solara.HTML(tag="div", unsafe_innerHTML=html_table(
            result.scores.rename(columns={"students": "your run", "model": "model's run"})
            .to_dict("records"), "resetsim-debrief-scores", 14))  # fmt: skip
        solara.HTML(tag="div", unsafe_innerHTML=html_table(
            result.roles.rename(columns={"students": "yours", "model": "model's"})
            .to_dict("records"), "resetsim-debrief-roles", 14))  # fmt: skip
    return column


@solara.component
def Console(session: ClassroomSession) -> Any:
    """The console proper (shown only to the teacher)."""
    version = use_live(session)
    error = solara.use_reactive("")
    chosen = solara.use_reactive(OPPORTUNITIES[0].id)
    show_debrief = solara.use_reactive(False)
    model = session.model
    spec = model.spec
    result = solara.use_memo(
        lambda: debrief(session.record, session.play) if show_debrief.value else None,
        [show_debrief.value, model.month],
    )
    texts = {o.id: o.text(spec) for o in OPPORTUNITIES}

    join_url = os.environ.get(ENV["join_url"], "/join")
    with solara.Column(style={"padding": "10px"}) as column:
        solara.Markdown(f"## Role-play: {spec.name}, seed {session.record.seed}")
        solara.HTML(tag="div", unsafe_innerHTML=(
            '<div class="resetsim-join-code" style="font-size:22px">Join at '
            f"<b>{html.escape(join_url)}</b> with code <b>{html.escape(session.code)}</b></div>"
        ))  # fmt: skip
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}, gap="10px"):
            n = session.record.turn_months
            solara.Button(f"Advance {n} month{'s' * (n != 1)}", color="primary",
                          on_click=lambda: attempt(error.set, session.advance),
                          disabled=session.finished)  # fmt: skip
            solara.ToggleButtonsSingle(
                value=str(n), values=[str(m) for m in TURN_LENGTHS],
                on_value=lambda v: attempt(error.set, session.set_turn_months, int(v)),
            )  # fmt: skip
            solara.Text("months a turn")
            solara.Button(
                "Resume" if not session.open else "Pause",
                outlined=True,
                on_click=lambda: attempt(error.set, session.pause, session.open),
            )
            solara.Button("Save", outlined=True, on_click=lambda: attempt(error.set, session.save))
            solara.Button(
                "Export", outlined=True, on_click=lambda: attempt(error.set, session.export)
            )
            solara.Switch(label="Debrief", value=show_debrief)
        solara.Text(f"Month {model.month} ({model.date}) of {spec.months}; "
                    f"{'open for choices' if session.open else 'paused'}"
                    f"{'; the run is over' if session.finished else ''}. {session.message}",
                    classes=["resetsim-teacher-status"])  # fmt: skip
        if error.value:
            solara.Error(error.value, classes=["resetsim-error"])
        with solara.Row(style={"align-items": "center"}, gap="10px"):
            solara.Select("Opportunity", values=list(texts.values()), value=texts[chosen.value],
                          on_value=lambda t: chosen.set(next(k for k, v in texts.items()
                                                             if v == t)))  # fmt: skip
            solara.Button(
                "Inject next turn",
                outlined=True,
                on_click=lambda: attempt(error.set, session.inject, chosen.value),
            )
            if session.queued:
                solara.Text("queued: " + "; ".join(texts[k] for k in session.queued))
        ghosts = ()
        if result is not None:
            relationship = result.own.model.timeseries_now()["relationship"]
            ghosts = (("the model's own run", relationship.to_numpy(dtype=float)),)
        with solara.Columns([3, 2]):
            # a new figure when the model's own run appears or goes (it is drawn once)
            RelationshipView(model, model.month, ghosts).key(f"relationship-{bool(ghosts)}")
            DecisionFeed(
                model,
                model.month,
                font_px=14,
                height_px=380,
                empty="advance the clock (the first proposals come after a few months)",
            )
        if result is not None:
            DebriefPanel(result)
        RoleTable(session, version)
    return column


@solara.component
def TeacherPage() -> Any:
    """The teacher's console (``/teacher?key=...``)."""
    router = solara.use_router()
    solara.Title("resetsim classroom: teacher")
    if not key_matches(router.search, teacher_key()):
        solara.Warning("This page is the teacher's console: open the address with the key that "
                       "`resetsim classroom` printed.", classes=["resetsim-no-key"])  # fmt: skip
        return
    Console(shared_session())
