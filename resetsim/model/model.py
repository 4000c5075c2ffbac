"""The resetsim model: one month of bureaucratic politics between two sides per step.

``ResetModel.step`` orders the month; the agents act. It runs the eight stages of
``docs/ODD.md`` in order (events, agenda, pulling and hauling, decision, implementation,
relationship, feedback, phase), each a function ``stage(model, month)`` over a fresh
:class:`~resetsim.model.month.MonthState`, and each calling the rules of the agents
(:mod:`resetsim.agents`). The model implements the FPRI article's argument (a Trump reset
"can't fix it, but he can't break it, either") with Allison & Halperin's bureaucratic
politics, Neustadt's power to persuade, Putnam's two-level game and Giles's cycle.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import mesa
import numpy as np
import pandas as pd

from resetsim.agents import Actor, Bureaucracy
from resetsim.agents.plain import PlainCopy
from resetsim.calendar import format_month, parse_month
from resetsim.model.mesa_compat import mesa_init_kwargs
from resetsim.model.month import MonthState
from resetsim.model.outcomes import Outcome
from resetsim.model.phases import PhaseTracker
from resetsim.model.proposals import BUILTIN_PROPOSALS, Deal, ProposalState
from resetsim.model.recorder import LOG_COLUMNS, Recorder
from resetsim.model.roster import LEADER_FIELDS, build_roster, fields_of
from resetsim.model.stages import (
    act,
    decide,
    feed_back,
    implement,
    legislate,
    perceive_events,
    pull_and_haul,
    risk_escalation,
    set_agenda,
    update_relationship,
)
from resetsim.model.stages.relationship import structural_baseline
from resetsim.scenario import Scenario, load_scenario
from resetsim.scenario.schema import Event, LeaderChange, RosterChange, StructureChange
from resetsim.version import package_version

__all__ = ["LOG_COLUMNS", "ResetModel"]


def _by_month(entries, start: int) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for entry in entries:
        out[parse_month(entry.date) - start].append(entry)
    return out


class ResetModel(mesa.Model):
    """Presidents, bureaucracies, legislative factions and publics of two sides.

    Args:
        scenario: a :class:`~resetsim.scenario.Scenario`, or a scenario name or path.
        seed: integer seed or ``numpy.random.SeedSequence``; the only source of randomness.

    Example:
        >>> import resetsim
        >>> m = resetsim.ResetModel(resetsim.load_scenario("obama-2009"), seed=7)
        >>> m.run(months=12)
        >>> len(m.timeseries())
        13

    """

    def __init__(self, scenario: Scenario | str = "obama-2009", seed: Any = None):
        # An integer seed goes through SeedSequence like a batch's per-run seeds, so the
        # seed stored with any batch row reproduces that run here.
        if isinstance(seed, int | np.integer) and not isinstance(seed, bool):
            rng = np.random.SeedSequence(int(seed))
        else:
            rng = seed
        spec = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        super().__init__(**mesa_init_kwargs(rng, spec))
        self.spec = spec  # the resetsim scenario; ``self.scenario`` is Mesa's own (Mesa >= 3.5)
        # its frozen ``[dynamics]`` as plain attributes, read by the rules month by month
        self.dynamics = PlainCopy(spec.dynamics)
        self.seed = seed
        sc = self.spec
        self.sides: tuple[str, ...] = sc.side_ids  # the two sides, as the scenario declares them
        self.side_labels = {s.id: s.short for s in sc.declared_sides}  # as sentences say it
        self.start = parse_month(sc.start)
        self.month = 0
        self.date = format_month(self.start)  # the current calendar month, ``YYYY-MM``
        self.relationship = sc.initial_relationship
        self.trust = sc.initial_trust
        self._structure = sc.structure  # the frozen conditions in force (structure_changes)
        # and their values as plain attributes, read by the rules month by month
        self.structure = PlainCopy(sc.structure)
        self.baseline = structural_baseline(sc.structure)
        self.last_initiative = -(10**6)  # month of the last accepted proposal or cooperative event
        roster = build_roster(self, sc, self.sides)
        self.presidents = roster.presidents
        self.bureaucracies = roster.bureaucracies
        self.factions = roster.factions
        self.publics = roster.publics
        self.legislatures = roster.legislatures
        self.chambers = roster.chambers  # side -> chamber key -> Chamber, main chamber first
        self.principals = roster.principals
        self.procedures = {(p.side, p.instrument): p for p in sc.procedures}
        self.institutions = bool(sc.reviews or sc.linkages)  # deals may be held
        self.held: list = []  # deals waiting for a review or a linked condition
        self._government = {s: roster.government(s) for s in self.sides}
        self._members = {s: tuple(g[1:]) for s, g in self._government.items()}
        self.by_issue = roster.by_issue(self.sides)  # stances or weights differ by issue
        self.roster: list[Actor] = roster.actors(self.sides)
        self.agency = {a.name: a for s in self.sides for a in self.bureaucracies[s]}
        self.movers: list[Actor] = [a for a in self.roster if a.moves]
        self.move_specs = {m.id: m for m in sc.moves}
        self.openings: dict[str, int] = {}  # move id -> last month it is open
        self.move_memory = {s: {"hostile": 0.0, "cooperative": 0.0} for s in self.sides}
        self.pending_moves: list = []  # moves of last month, to be answered this month
        self.proposals = [
            ProposalState(p, earliest=parse_month(p.earliest) - self.start if p.earliest else 0)
            for p in (sc.proposals or self._builtin_proposals())
        ]
        self.deals: list = []
        self.in_force: list[Deal] = [  # deals kept or left (stages/compliance.py)
            Deal.in_force_at_start(state.spec, self.agency) for state in self.proposals
            if state.spec.in_force
        ]  # fmt: skip
        for state in self.proposals:
            state.done = state.done or state.spec.in_force
        self.schedule = _by_month(sc.events, self.start)
        self.leader_changes: dict[int, list[LeaderChange]] = _by_month(
            sc.leader_changes, self.start
        )
        self.structure_changes: dict[int, list[StructureChange]] = _by_month(
            sc.structure_changes, self.start
        )
        self.roster_changes: dict[int, list[RosterChange]] = _by_month(
            sc.roster_changes, self.start
        )
        self.phases = PhaseTracker(sc.phases, self.relationship, sc.initial_phase)
        self.recorder = Recorder(self)
        self.recorder.record_month(self, MonthState.begin(self.sides))
        self.running = sc.months > 1  # month 0 is the start month: a 1-month run takes no step

    def _builtin_proposals(self):
        known = {b.name for b in self.spec.bureaucracies}
        return [
            p.model_copy(update={"agencies": [a for a in p.agencies if a in known]})
            for p in BUILTIN_PROPOSALS
            if any(a in known for a in p.agencies)
        ]

    def government(self, side: str) -> list[Actor]:
        """President, agencies and factions of ``side`` (president first)."""
        return self._government[side]

    def members(self, side: str) -> tuple[Actor, ...]:
        """Agencies, principals and factions of ``side``: its government less its president."""
        return self._members[side]

    def main_chamber(self, side: str):
        """The main chamber of ``side``'s legislature (its ``[[legislatures]]`` entry)."""
        return next(iter(self.chambers[side].values()))

    def other(self, side: str) -> str:
        """The other side's id."""
        return self.sides[1 - self.sides.index(side)]

    # ------------------------------------------------------------------ step
    @property
    def phase(self) -> str:
        """The current Giles stage."""
        return self.phases.label

    def step(self) -> None:
        """One month: the eight stages in the order of ``docs/ODD.md``."""
        self.month += 1
        self.date = format_month(self.start + self.month)
        month = MonthState.begin(self.sides)
        perceive_events(self, month)  # 1. events, read through the worldview gap
        act(self, month)  # 1b. actors answer the other side's moves and make their own
        if self.spec.statutes:
            legislate(self, month)  # 1b. chambers originate statutes they hold
        risk_escalation(self, month)  # 1c. the worst clash may tip into war
        set_agenda(self, month)  # 2. presidents table proposals, the other answers
        pull_and_haul(self, month)  # 3. bureaucratic politics and persuasion
        decide(self, month)  # 4. executive decision, legislature, two-level ratification
        implement(self, month)  # 5. agencies deliver or slow-roll
        update_relationship(self, month)  # 6. deals, clashes, shock absorber, baseline
        feed_back(self, month)  # 7. publics, prestige, capital, trust, disillusionment
        rules = self.phases.rules  # ``spec.phases``, as plain attributes
        severe = month.worst_clash >= rules.crisis_severity or month.escalation
        initiative = self.month - self.last_initiative <= rules.trend_months
        self.phases.update(self.relationship, bool(severe), initiative)  # 8. Giles phase
        self.recorder.record_month(self, month)
        if self.month >= self.spec.months - 1:
            self.running = False

    def run(self, months: int | None = None) -> ResetModel:
        """Step to the scenario's end, or ``months`` more months."""
        if months is None:
            while self.running:
                self.step()
        else:
            for _ in range(int(months)):
                self.step()
        return self

    def schedule_event(self, event: Event) -> None:
        """Schedule ``event`` (a validated scenario event) for its month, not yet reached.

        A role-play's facilitator injects opportunities this way while the run goes on.

        Raises:
            ValueError: if the event's month has already been run.

        """
        month = parse_month(event.date) - self.start
        if month <= self.month:
            raise ValueError(f"event {event.label!r} is dated {event.date}, already run")
        self.schedule[month].append(event)

    def open_moves(self, ids) -> None:
        """An event opens the moves ``ids`` for their ``opening_months``, from this month."""
        for move_id in ids:
            self.openings[move_id] = self.month + self.move_specs[move_id].opening_months - 1

    def open_now(self) -> set[str]:
        """Ids of the moves open this month."""
        return {i for i, last in self.openings.items() if last >= self.month}

    def change_structure(self, shift: StructureChange) -> None:
        """Structural conditions change: the baseline and the agencies' anchors follow.

        A wider worldview gap lowers the structural baseline, makes clashes look worse and
        pulls every agency's anchor down by its own worldview (FPRI article).
        """
        before = self.structure
        self._structure = self._structure.model_copy(update=shift.changes())
        self.structure = PlainCopy(self._structure)
        self.baseline = structural_baseline(self.structure)
        weight = self.dynamics.worldview_anchor_weight
        self.agents_by_type[Bureaucracy].do(
            "set_worldview_gap", self.structure.worldview_gap, weight
        )
        moved = ", ".join(
            f"{name.replace('_', ' ')} {getattr(before, name):g} -> {value:g}"
            for name, value in shift.changes().items()
        )
        self.note_event(f"{shift.label} ({moved})", "structure", 0.0)

    def change_roster(self, change: RosterChange) -> None:
        """An agency or faction changes (a midterm election, a new chief): it revises itself."""
        actor = next(a for a in self.roster if a.name == change.actor)
        fields = change.changes()
        actor.revise(**fields)
        moved = ", ".join(f"{name} {value:g}" for name, value in fields.items())
        self.note_event(f"{change.label} ({change.actor}: {moved})", "roster", 0.0, side=actor.side)

    def change_leader(self, change: LeaderChange) -> None:
        """A new president takes office."""
        president = self.presidents[change.side]
        before = president.name
        president.replace(**fields_of(change, LEADER_FIELDS))
        self.by_issue = self.by_issue or bool(change.issues)
        self.note_event(
            f"{change.name} succeeds {before} as {self.side_labels[change.side]} president "
            f"(stance {change.stance:+.2f})",
            "leader",
            0.0,
            side=change.side,
        )

    # ------------------------------------------------------------------ records
    def note_event(self, label: str, kind: str, severity: float, **how) -> int:
        """Record an event of this month for the story and the ``events()`` table.

        ``how`` gives the row's ``origin``, ``side``, ``actor``, ``direction`` and
        ``responds_to`` (:meth:`~resetsim.model.recorder.Recorder.record_event`); returns
        the row index.
        """
        return self.recorder.record_event(self, label, kind, severity, **how)

    def log(self, outcome: Outcome) -> None:
        """Append one proposal outcome to the decision log."""
        self.recorder.record_outcome(self, outcome)

    def record_delivery(
        self, spec, side: str, start: int, share: float, losses: tuple[float, float]
    ) -> None:
        """Record what one side had delivered of a deal when it fell due, and why not more.

        ``losses`` is the mean share of the work its agencies withheld by opposition and
        lost to routine slowness (:meth:`~resetsim.model.proposals.Deal.losses`).
        """
        self.recorder.record_delivery(self, spec, side, start, share, losses)

    # ------------------------------------------------------------------ outputs
    def timeseries(self) -> pd.DataFrame:
        """One row per month (columns documented in ``docs/ODD.md``, Observation)."""
        return self.recorder.timeseries()

    def actors(self) -> pd.DataFrame:
        """Tidy table: one row per month and actor, with stance."""
        return self.recorder.actors(self.roster)

    def decision_log(self) -> pd.DataFrame:
        """One row per proposal outcome, with who blocked it and why."""
        return self.recorder.decision_log()

    def events(self) -> pd.DataFrame:
        """Events: scheduled, chance clashes, leader changes, escalations and actors' moves."""
        return self.recorder.events_table()

    def deliveries(self) -> pd.DataFrame:
        """Per deal and side, the share delivered when the deal fell due (1 = as promised)."""
        return self.recorder.deliveries_table()

    def resets(self) -> pd.DataFrame:
        """One row per reset episode with its metrics (see :mod:`resetsim.model.metrics`)."""
        return self.recorder.resets(self.spec.phases.trend_months)

    def tables(self, actors: bool = True, columnar: bool = False) -> dict[str, Any]:
        """The run's tables by name, as frames.

        They are ``timeseries``, ``actors`` (unless ``actors`` is False), ``log`` (the
        decision log), ``resets`` and ``events``.

        With ``columnar``, a table with rows is given as its columns instead (column ->
        array; the actor table's text as codes, :meth:`Recorder.actor_columns`): the
        batch engine writes them without building a frame per run.
        """
        rec = self.recorder
        tables: dict[str, Any] = {"timeseries": rec.timeseries(columnar)}
        if actors:
            tables["actors"] = rec.actor_columns(self.roster) if columnar else self.actors()
        tables["log"] = rec.decision_log(columnar)
        tables["resets"] = rec.resets(self.spec.phases.trend_months, columnar)
        tables["events"] = rec.events_table(columnar)
        return tables

    def metadata(self) -> dict[str, Any]:
        """What is needed to reproduce this run: package version, scenario hash, seed."""
        seed = self.seed
        if isinstance(seed, np.random.SeedSequence):
            seed = {"entropy": seed.entropy, "spawn_key": list(seed.spawn_key)}
        return {
            "package_version": package_version(),
            "scenario": self.spec.name,
            "scenario_hash": self.spec.content_hash,
            "seed": seed,
            "months": self.month,
        }
