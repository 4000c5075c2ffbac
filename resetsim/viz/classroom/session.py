"""The live role-play: students join and take roles, the teacher runs the clock.

One :class:`ClassroomSession` is shared by every browser page of a ``resetsim classroom``
server. Everything a client may change goes through its methods, which check it on the
server: a student joins with the session's join code, takes a free seat of a role (a role
has at most :attr:`ClassroomSession.team_size` players), and submits choices only for the
role it holds, only while the turn is open, and only from the role's options
(:func:`~resetsim.viz.classroom.roles.orders_for`). The teacher's methods (advance, pause,
inject, turn length, save) are called only from the teacher's console, which a student's
page never shows.

Each change bumps :attr:`ClassroomSession.version` and calls the listeners that pages
registered with :meth:`ClassroomSession.subscribe`, so that the pages it concerns (every
console; a student's page for changes of its player or role, and for those everybody sees)
are redrawn at once. One lock orders the changes of concurrent pages.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resetsim.scenario import list_scenarios
from resetsim.viz.classroom.debrief import export
from resetsim.viz.classroom.record import OPPORTUNITIES, Play, SessionRecord, Turn
from resetsim.viz.classroom.roles import ChoiceError, Role, orders_for

__all__ = [
    "CLIENT_ERRORS",
    "DEFAULT_SCENARIO",
    "TURN_LENGTHS",
    "Change",
    "ClassroomSession",
    "JoinError",
    "Player",
    "new_code",
]

DEFAULT_SCENARIO = "teaching-neustadt"
#: Months a turn may last (the teacher's choice).
TURN_LENGTHS = (1, 3, 6, 12)
_CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector


class JoinError(ValueError):
    """A join, seat or turn request the session refuses (one line for the student)."""


#: The errors a page shows as a one-line message.
CLIENT_ERRORS = (JoinError, ChoiceError)


def new_code(length: int = 5) -> str:
    """A random join code of capitals and digits that cannot be misread."""
    return "".join(secrets.choice(_CODE_LETTERS) for _ in range(length))


@dataclass(frozen=True)
class Change:
    """What a change concerns, for the pages that want only their own: a player, a role.

    Both empty: only the teacher's console needs to redraw.
    """

    player: str = ""
    actor: str = ""


@dataclass
class Player:
    """A student of the session: a display name and the role taken (empty: none yet)."""

    name: str
    actor: str = ""


class ClassroomSession:
    """The state of one classroom: the run, the roles and seats, this turn's choices.

    Args:
        scenario: a name of the scenario library.
        seed: the run's seed.
        turn_months: months per turn, one of :data:`TURN_LENGTHS`.
        code: the join code (default: a new random one).
        team_size: most students per role.
        save_path: the file :meth:`save` writes (chosen on the command line, never by a
            client).
        record: a saved session to reopen (its scenario, seed, turns and seats).

    """

    def __init__(
        self,
        scenario: str = DEFAULT_SCENARIO,
        seed: int = 0,
        turn_months: int = 1,
        *,
        code: str | None = None,
        team_size: int = 3,
        save_path: str | Path | None = None,
        record: SessionRecord | None = None,
    ) -> None:
        library = list_scenarios()
        if record is None:
            if scenario not in library:
                raise JoinError(f"{scenario[:60]!r} is not a scenario of the library")
            record = SessionRecord(scenario, int(seed), self._turn_length(turn_months))
        self.record = record
        self.play = Play.of(record)
        self.code = code or new_code()
        self.team_size = int(team_size)
        self.save_path = Path(save_path) if save_path else None
        self.players: dict[str, Player] = {}
        self.pending: dict[str, dict[str, str]] = {}
        self.chosen_by: dict[str, str] = {}
        self.queued: list[str] = []
        self.open = True
        self.version = 0
        self.message = ""
        self.lock = threading.RLock()
        self._listeners: list[tuple[Callable[[int], None], Any]] = []

    # ------------------------------------------------------------------ reading
    @property
    def model(self):
        """The run (a :class:`~resetsim.viz.dashboard_model.DashboardModel`)."""
        return self.play.model

    @property
    def roles(self) -> dict[str, Role]:
        """Actor name -> role."""
        return self.play.roles

    def seats(self, actor: str) -> list[str]:
        """Names of the players holding ``actor``'s role."""
        return [p.name for p in self.players.values() if p.actor == actor]

    def free_roles(self) -> list[Role]:
        """Roles with a seat left."""
        return [r for r in self.roles.values() if len(self.seats(r.actor)) < self.team_size]

    @property
    def finished(self) -> bool:
        """Whether the run has reached the scenario's last month."""
        return not self.model.running

    # ------------------------------------------------------------------ broadcast
    def subscribe(
        self, listener: Callable[[int], None], wants: Callable[[Change], bool] | None = None
    ) -> Callable[[], None]:
        """Call ``listener(version)`` after each change it ``wants`` (all if None).

        A student's page wants only the changes everybody sees and those of its own player
        or role, so that thirty students' choices do not redraw thirty pages each. Returns
        the unsubscribe function.
        """
        entry = (listener, wants)
        with self.lock:
            self._listeners.append(entry)

        def unsubscribe() -> None:
            with self.lock:
                if entry in self._listeners:
                    self._listeners.remove(entry)

        return unsubscribe

    def _changed(self, change: Change | None = None) -> None:
        """Bump the version and tell the listeners (every one if ``change`` is None)."""
        with self.lock:
            self.version += 1
            version, listeners = self.version, list(self._listeners)
        for entry in listeners:
            listener, wants = entry
            if change is not None and wants is not None and not wants(change):
                continue
            try:
                listener(version)
            except Exception:  # a page that has gone away must not stop the others
                with self.lock:
                    if entry in self._listeners:
                        self._listeners.remove(entry)

    # ------------------------------------------------------------------ students
    def join(self, player_id: str, name: str, code: str) -> Player:
        """Let ``player_id`` (the server's id of a browser session) join under ``name``.

        Joining again from the same browser keeps the seat.

        Raises:
            JoinError: for a wrong code or an empty name.

        """
        shown = " ".join(str(name).split())[:40]
        if str(code).strip().upper() != self.code:
            raise JoinError("wrong join code: ask your teacher for the code on the screen")
        if not shown:
            raise JoinError("type your name (or your team's) to join")
        with self.lock:
            player = self.players.setdefault(player_id, Player(shown))
            player.name = shown
        self._changed(Change(player=player_id))
        return player

    def _player(self, player_id: str) -> Player:
        player = self.players.get(player_id)
        if player is None:
            raise JoinError("join the session first (name and join code)")
        return player

    def take_role(self, player_id: str, actor: str) -> Role:
        """Seat ``player_id`` in ``actor``'s role, if it has a seat left.

        Raises:
            JoinError: for an unknown role, a full one, or a player not joined.

        """
        with self.lock:
            player = self._player(player_id)
            role = self.roles.get(actor)
            if role is None:
                raise JoinError(f"{str(actor)[:40]!r} is not a role of this session")
            if player.actor != actor and len(self.seats(actor)) >= self.team_size:
                raise JoinError(
                    f"{role.title} is taken ({', '.join(self.seats(actor))}); choose another role"
                )
            player.actor = actor
        self._changed()
        return role

    def submit(self, player_id: str, actor: str, choice: Mapping[str, str]) -> None:
        """Record ``player_id``'s choices for ``actor`` this turn (replacing earlier ones).

        Raises:
            JoinError: if the player does not hold ``actor``'s role or the turn is paused.
            ChoiceError: for a decision or option outside the role's.

        """
        with self.lock:
            player = self._player(player_id)
            if player.actor != actor:
                raise JoinError(
                    f"you play {self.roles[player.actor].title if player.actor else 'no role'}"
                    f"; you cannot act for {str(actor)[:40]}"
                )
            if not self.open:
                raise JoinError("the teacher has paused the game: wait for the next turn")
            if self.finished:
                raise JoinError("the run is over: look at the debrief on the screen")
            orders_for(self.roles[actor], choice)  # raises ChoiceError
            self.pending[actor] = {str(k): str(v) for k, v in choice.items()}
            self.chosen_by[actor] = player.name
        self._changed(Change(actor=actor))

    # ------------------------------------------------------------------ the teacher
    @staticmethod
    def _turn_length(months: int) -> int:
        if int(months) not in TURN_LENGTHS:
            raise JoinError(f"a turn lasts one of {', '.join(map(str, TURN_LENGTHS))} months")
        return int(months)

    def set_turn_months(self, months: int) -> None:
        """Months the next turns last."""
        with self.lock:
            self.record.turn_months = self._turn_length(months)
        self._changed()

    def pause(self, paused: bool = True) -> None:
        """Close (or reopen) the turn to students' choices."""
        with self.lock:
            self.open = not paused
        self._changed()

    def inject(self, opportunity: str) -> None:
        """Schedule an opportunity of the list for the next turn's first month."""
        if opportunity not in {o.id for o in OPPORTUNITIES}:
            raise ChoiceError(f"{str(opportunity)[:40]!r} is not an opportunity of the list")
        with self.lock:
            self.queued.append(opportunity)
        self._changed(Change())

    def advance(self) -> int:
        """Run one turn with this turn's choices and injections; returns the months run."""
        with self.lock:
            turn = Turn(self.record.turn_months, list(self.queued), dict(self.pending),
                        dict(self.chosen_by))  # fmt: skip
            months = self.play.run_turn(turn)
            if months:
                turn.months = months
                self.record.turns.append(turn)
            self.record.seats = {a: self.seats(a) for a in self.roles if self.seats(a)}
            self.pending, self.chosen_by, self.queued = {}, {}, []
            self.message = f"ran {months} month{'s' * (months != 1)} to {self.model.date}"
        self._changed()
        return months

    def save(self) -> Path:
        """Write the session file (the path given when the server started)."""
        if self.save_path is None:
            raise JoinError("no session file was given (resetsim classroom --save FILE)")
        with self.lock:
            self.record.seats = {a: self.seats(a) for a in self.roles if self.seats(a)}
            path = self.record.save(self.save_path)
            self.message = f"saved to {path.name}"
        self._changed(Change())
        return path

    def export(self) -> Path:
        """Save, then write the tables and chart beside the session file; returns the folder.

        The folder is the session file's name with ``-export``
        (:func:`~resetsim.viz.classroom.debrief.export`).
        """
        path = self.save()
        folder = path.with_name(path.stem + "-export")
        with self.lock:
            export(self.record, self.play, folder)
            self.message = f"saved, and exported to {folder.name}"
        self._changed(Change())
        return folder
