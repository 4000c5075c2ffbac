"""A role-play session as data, and the run it makes: same record and seed, same run.

A :class:`SessionRecord` holds everything that decides a session's run: the scenario, the
seed and, turn by turn, the months it lasted, the opportunities the teacher injected and
each played role's choices. :class:`Play` runs a record: before each turn it schedules the
injected opportunities for the turn's first month
(:meth:`~resetsim.model.model.ResetModel.schedule_event`), hands each played actor its
orders (:meth:`~resetsim.agents.base.Actor.take_orders`), steps the model and takes the
orders back. The live session and a reopened file run through the same :class:`Play`, so
reopening a saved session rebuilds its run exactly, and :meth:`SessionRecord.unplayed` (the
same record with no choices) is the model's own run to compare with in the debrief.

The opportunities a teacher may inject (:data:`OPPORTUNITIES`) are kinds of events the
scenario library schedules, written for any two sides (colour revolutions and terrorist
attacks after Giles and the FPRI article; domestic shocks; legislatures acting on their own).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from resetsim.calendar import format_month
from resetsim.scenario.schema import Event
from resetsim.viz.classroom.roles import ChoiceError, Role, orders_for, roles_for
from resetsim.viz.dashboard_model import DashboardModel
from resetsim.viz.sides import side_title

__all__ = [
    "FORMAT",
    "OPPORTUNITIES",
    "Opportunity",
    "Play",
    "RecordError",
    "SessionRecord",
    "Turn",
]

FORMAT = "resetsim-classroom/1"


class RecordError(ValueError):
    """A session file that cannot be read as a session record."""


@dataclass(frozen=True)
class Opportunity:
    """An event a teacher may inject; ``{first}`` and ``{second}`` name the sides.

    ``reading`` is how strongly the first and the second side read it; ``side`` (0 or 1)
    is the side it happens to, for shocks, legislatures and mandates.
    """

    id: str
    label: str
    kind: str
    severity: float
    reading: tuple[float, float] = (1.0, 1.0)
    side: int | None = None

    def text(self, spec: Any) -> str:
        """The label with the scenario's side names put in."""
        first, second = (side_title(s) for s in spec.declared_sides)
        return self.label.format(first=first, second=second)

    def event(self, spec: Any, date: str) -> Event:
        """This opportunity as a scenario event of ``spec`` dated ``date``."""
        ids = spec.side_ids
        return Event(
            date=date,
            kind=self.kind,
            label=self.text(spec),
            severity=self.severity,
            reading=dict(zip(ids, self.reading, strict=True)),
            side=None if self.side is None else ids[self.side],
        )


#: What a teacher may inject, in the order the console lists them.
OPPORTUNITIES: tuple[Opportunity, ...] = (
    Opportunity("colour-revolution", "A colour revolution next door: {first} cheers, "
                "{second} sees a plot", "clash", 0.5, (0.4, 1.3)),
    Opportunity("terror-attack", "A terrorist attack on {first}; {second} offers help",
                "deal", 0.5),
    Opportunity("spy-scandal", "A spy ring is exposed", "clash", 0.3),
    Opportunity("summit", "A summit goes well", "deal", 0.3),
    Opportunity("economic-crisis", "An economic crisis hits {second}", "shock", 0.5,
                (0.4, 1.2), side=1),
    Opportunity("legislature-acts", "The {first} legislature acts on its own against "
                "{second}", "congress", 0.4, side=0),
    Opportunity("new-mandate", "The {first} president wins a new mandate", "leader", 0.5,
                side=0),
)  # fmt: skip
_OPPORTUNITY = {o.id: o for o in OPPORTUNITIES}


@dataclass
class Turn:
    """One turn of a session.

    Attributes:
        months: months the turn ran.
        injected: ids of :data:`OPPORTUNITIES` scheduled for its first month.
        choices: actor -> decision -> option key, for the roles played this turn.
        players: actor -> who made its choice.

    """

    months: int
    injected: list[str] = field(default_factory=list)
    choices: dict[str, dict[str, str]] = field(default_factory=dict)
    players: dict[str, str] = field(default_factory=dict)


@dataclass
class SessionRecord:
    """Everything that decides a session's run, and who played which role."""

    scenario: str
    seed: int
    turn_months: int = 1
    turns: list[Turn] = field(default_factory=list)
    seats: dict[str, list[str]] = field(default_factory=dict)

    def unplayed(self) -> SessionRecord:
        """The same session with every role left to the agents (the debrief's comparison)."""
        turns = [Turn(t.months, list(t.injected)) for t in self.turns]
        return SessionRecord(self.scenario, self.seed, self.turn_months, turns)

    def to_json(self) -> str:
        """The record as JSON text (the session file)."""
        return json.dumps({"format": FORMAT, **asdict(self)}, indent=1, ensure_ascii=False)

    def save(self, path: str | Path) -> Path:
        """Write the record to ``path`` (written whole, then renamed into place)."""
        target = Path(path)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(self.to_json() + "\n")
        tmp.replace(target)
        return target

    @classmethod
    def from_json(cls, text: str, library: Mapping[str, str]) -> SessionRecord:
        """Read a record; its scenario must be a name of ``library``.

        Raises:
            RecordError: with a one-line message naming what is wrong.

        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RecordError(f"not a session file (invalid JSON: {exc.msg})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise RecordError(f"not a session file (field 'format' must be {FORMAT!r})")
        scenario = data.get("scenario")
        if scenario not in library:
            raise RecordError(f"field 'scenario': {str(scenario)[:60]!r} is not in the library")
        try:
            turns = [
                Turn(int(t["months"]), [str(i) for i in t.get("injected", [])],
                     {str(a): {str(k): str(v) for k, v in c.items()}
                      for a, c in t.get("choices", {}).items()},
                     {str(a): str(p) for a, p in t.get("players", {}).items()})
                for t in data.get("turns", [])
            ]  # fmt: skip
            seats = {str(a): [str(p) for p in ps] for a, ps in data.get("seats", {}).items()}
            return cls(str(scenario), int(data["seed"]), int(data.get("turn_months", 1)),
                       turns, seats)  # fmt: skip
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise RecordError(f"session file has a malformed field ({exc})") from None

    @classmethod
    def load(cls, path: str | Path, library: Mapping[str, str]) -> SessionRecord:
        """Read the session file at ``path`` (see :meth:`from_json`)."""
        try:
            return cls.from_json(Path(path).read_text(), library)
        except OSError as exc:
            raise RecordError(f"cannot read session file {path}: {exc.strerror}") from None


class Play:
    """The run of a session record, turn by turn.

    Args:
        scenario: library name of the scenario.
        seed: the run's seed.

    Attributes:
        model: the run (a :class:`~resetsim.viz.dashboard_model.DashboardModel`, so the
            dashboard's views can show it).
        roles: role id (the actor's name at the start) -> its
            :class:`~resetsim.viz.classroom.roles.Role`.
        agents: role id -> the agent (a president keeps his seat when a successor takes
            office and renames it).
        delivered: agency -> shares of its work on each deal done by the deal's due date.

    """

    def __init__(self, scenario: str, seed: int) -> None:
        self.model = DashboardModel(scenario_name=scenario, seed=seed)
        self.roles: dict[str, Role] = {r.actor: r for r in roles_for(self.model)}
        by_name = {a.name: a for a in self.model.roster}
        self.agents = {actor: by_name[actor] for actor in self.roles}
        self.delivered: dict[str, list[float]] = {}
        self._progress: dict[tuple[str, int, int], dict[str, float]] = {}

    def check(self, turn: Turn) -> dict[str, Any]:
        """The orders of ``turn`` by actor (checked against each role; raises ChoiceError)."""
        orders = {}
        for actor, choice in turn.choices.items():
            role = self.roles.get(actor)
            if role is None:
                raise ChoiceError(f"{actor[:40]!r} is not a role of this session")
            orders[actor] = orders_for(role, choice)
        for key in turn.injected:
            if key not in _OPPORTUNITY:
                raise ChoiceError(f"{key[:40]!r} is not an opportunity; known: "
                                  f"{', '.join(_OPPORTUNITY)}")  # fmt: skip
        return orders

    def run_turn(self, turn: Turn) -> int:
        """Run ``turn``: inject, hand out the orders, step; returns the months run."""
        model = self.model
        orders = self.check(turn)
        if not model.running:
            return 0
        date = format_month(model.start + model.month + 1)
        for key in turn.injected:
            model.schedule_event(_OPPORTUNITY[key].event(model.spec, date))
        for actor, agent in self.agents.items():
            agent.take_orders(orders.get(actor))
        ran = 0
        try:
            while ran < turn.months and model.running:
                model.step()
                ran += 1
                self._watch()
        finally:
            for agent in self.agents.values():
                agent.take_orders(None)
        return ran

    @classmethod
    def of(cls, record: SessionRecord) -> Play:
        """Run every turn of ``record``."""
        play = cls(record.scenario, record.seed)
        for turn in record.turns:
            play.run_turn(turn)
        return play

    def _watch(self) -> None:
        """Each agency's share of each deal done when it falls due (or when completed)."""
        model = self.model
        live = set()
        for deal in model.deals:
            key = (deal.spec.id, deal.start, deal.spec.months)
            live.add(key)
            self._progress[key] = dict(deal.progress)
            if model.month - deal.start + 1 == deal.spec.months:
                for name, done in deal.progress.items():
                    self.delivered.setdefault(name, []).append(done)
        for key in [k for k in self._progress if k not in live]:
            progress = self._progress.pop(key)
            _, start, months = key
            if model.month - start + 1 <= months:  # completed by its due date
                for name in progress:
                    self.delivered.setdefault(name, []).append(1.0)
