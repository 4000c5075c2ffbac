"""The role-play's solara app: ``/join`` for students, ``/teacher?key=...`` for the teacher.

One server, two routes (solara's ``routes``; https://solara.dev/documentation/api/routing),
each page built per browser session, all sharing the server's one
:class:`~resetsim.viz.classroom.session.ClassroomSession`. The root address is the join
page, so that the address students type is short. Served by ``resetsim classroom``.
"""

from __future__ import annotations

from typing import Any

import solara

from resetsim.viz.classroom.student import JoinPage
from resetsim.viz.classroom.teacher import TeacherPage

__all__ = ["Layout", "routes"]

_CSS = """
.resetsim-role-button { width: 100%; }
.v-btn { text-transform: none !important; letter-spacing: normal !important; }
.resetsim-join-code b { letter-spacing: 2px; }
"""


@solara.component
def Layout(children: list[Any] | None = None) -> Any:
    """A plain page: no navigation between the routes (a student has no teacher's tab)."""
    return solara.Column(children=[solara.Style(_CSS), *(children or [])], style={"width": "100%"})


routes = [
    solara.Route(path="/", component=JoinPage, layout=Layout),
    solara.Route(path="join", component=JoinPage),
    solara.Route(path="teacher", component=TeacherPage),
]
