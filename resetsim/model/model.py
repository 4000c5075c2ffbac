"""The resetsim model: one month of US-Russia bureaucratic politics per step.

``ResetModel.step`` runs the eight stages of ``docs/ODD.md`` in order: events, agenda,
pulling and hauling, decision, implementation, relationship, feedback, phase. The model
implements the FPRI article's argument (a Trump reset "can't fix it, but he can't break
it, either") with Allison & Halperin's bureaucratic politics, Neustadt's power to
persuade, Putnam's two-level game and Giles's cycle.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import chain
from typing import Any

import mesa
import numpy as np
import pandas as pd

from resetsim.agents import Actor, Bureaucracy, Faction, President, Public
from resetsim.calendar import format_month, parse_month
from resetsim.model.mesa_compat import mesa_init_kwargs
from resetsim.model.metrics import reset_episodes
from resetsim.model.phases import PhaseTracker
from resetsim.model.proposals import BUILTIN_PROPOSALS, ProposalState
from resetsim.model.stages import (
    decide,
    feed_back,
    implement,
    perceive_events,
    pull_and_haul,
    set_agenda,
    update_relationship,
)
from resetsim.model.stages.agenda import next_proposal
from resetsim.model.stages.relationship import structural_baseline
from resetsim.scenario import Scenario, load_scenario
from resetsim.scenario.schema import SIDES, LeaderChange, StructureChange
from resetsim.version import package_version

__all__ = ["LOG_COLUMNS", "ResetModel"]

LOG_COLUMNS = [
    "month",
    "date",
    "side",
    "proposal",
    "topic",
    "core",
    "instrument",
    "outcome",
    "blocked_by",
    "reason",
    "support",
    "votes_yes",
    "votes_no",
]
_TS_FIELDS = [
    "relationship",
    "trust",
    "phase",
    "us_public_favourability",
    "ru_public_favourability",
    "escalation",
    "clashes",
    "perceived_us",
    "perceived_ru",
    "baseline",
    "us_president",
    "ru_president",
    "us_capital",
    "ru_capital",
    "us_prestige",
    "ru_prestige",
    "us_reputation",
    "ru_reputation",
    "promised",
    "delivered",
    "deals_active",
    "withheld",
]


class ResetModel(mesa.Model):
    """Presidents, bureaucracies, legislative factions and publics of the US and Russia.

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
        self.seed = seed
        sc = self.spec
        self.start = parse_month(sc.start)
        self.month = 0
        self.date = format_month(self.start)  # the current calendar month, ``YYYY-MM``
        self.relationship = sc.initial_relationship
        self.trust = sc.initial_trust
        self.structure = sc.structure  # changed by the scenario's structure_changes
        self.baseline = structural_baseline(sc.structure)
        self.last_initiative = -(10**6)  # month of the last accepted proposal or cooperative event
        self._build_roster()
        self.proposals = [
            ProposalState(p, earliest=parse_month(p.earliest) - self.start if p.earliest else 0)
            for p in (sc.proposals or self._builtin_proposals())
        ]
        self.deals: list = []
        self.pending: list = []
        self.schedule: dict[int, list] = defaultdict(list)
        for event in sc.events:
            self.schedule[parse_month(event.date) - self.start].append(event)
        self.leader_changes: dict[int, list[LeaderChange]] = defaultdict(list)
        for change in sc.leader_changes:
            self.leader_changes[parse_month(change.date) - self.start].append(change)
        self.structure_changes: dict[int, list[StructureChange]] = defaultdict(list)
        for shift in sc.structure_changes:
            self.structure_changes[parse_month(shift.date) - self.start].append(shift)
        self.phases = PhaseTracker(sc.phases, self.relationship, sc.initial_phase)
        self._reset_month_scratch()
        self._ts: list[tuple] = []
        self._stances: list[list[float]] = []
        self._log: list[tuple] = []
        self._events: list[tuple] = []
        self._deliveries: list[tuple] = []
        self._names: list[list[str]] = []
        self._current_names = [a.name for a in self.roster]  # renewed at leader changes
        self._record()

    # ------------------------------------------------------------------ set-up
    def _build_roster(self) -> None:
        sc = self.spec
        gap = sc.structure.worldview_gap
        weight = sc.dynamics.worldview_anchor_weight
        self.presidents: dict[str, President] = {}
        for p in sc.presidents:
            self.presidents[p.side] = President(
                self,
                side=p.side,
                name=p.name,
                stance=p.stance,
                clout=p.clout,
                salience=1.0,
                inertia=0.0,
                hawkishness=p.hawkishness,
                capital=p.capital,
                reputation=p.reputation,
                prestige=p.prestige,
                command_share=p.command_share,
                term_end=p.term_end,
            )
        self.base_prestige = {s: self.presidents[s].prestige for s in SIDES}
        self.bureaucracies: dict[str, list[Bureaucracy]] = {s: [] for s in SIDES}
        for b in sc.bureaucracies:
            agency = Bureaucracy(
                self,
                side=b.side,
                name=b.name,
                title=b.title,
                anchor=b.anchor,
                stance=b.anchor if b.stance is None else b.stance,
                clout=b.clout,
                salience=b.salience,
                inertia=b.inertia,
                hawkishness=b.hawkishness,
                worldview=b.worldview,
            )
            agency.set_worldview_gap(gap, weight)
            if b.stance is None:
                agency.stance = agency.anchor
            self.bureaucracies[b.side].append(agency)
        self.agency = {a.name: a for s in SIDES for a in self.bureaucracies[s]}
        self.factions: dict[str, list[Faction]] = {s: [] for s in SIDES}
        for f in sc.factions:
            self.factions[f.side].append(
                Faction(
                    self,
                    side=f.side,
                    name=f.name,
                    title=f.title,
                    stance=f.stance,
                    clout=f.weight,
                    salience=1.0,
                    inertia=f.inertia,
                    hawkishness=f.hawkishness,
                    seats=f.seats,
                    instruments=f.instruments,
                )
            )
        self.publics = {
            p.side: Public(
                self, side=p.side, name=p.name, favourability=p.favourability, attention=p.attention
            )
            for p in sc.publics
        }
        self.legislatures = {chamber.side: chamber for chamber in sc.legislatures}
        self._government = {
            s: [self.presidents[s], *self.bureaucracies[s], *self.factions[s]] for s in SIDES
        }
        self.roster: list[Actor] = [
            a for s in SIDES for a in (*self._government[s], self.publics[s])
        ]
        self._cache_bargainers()

    def _cache_bargainers(self) -> None:
        """Per side: (actor, weight, 1 - inertia, anchor) rows and their total weight.

        Weights, inertia and agency anchors change only with the structure, so stage 3
        reads them from here.
        """
        self.bargainers = {}
        for s in SIDES:
            rows = [(a, a.weight, 1.0 - a.inertia, a.anchor) for a in self._government[s][1:]]
            self.bargainers[s] = (rows, sum(row[1] for row in rows))

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

    def has_business(self, side: str) -> bool:
        """Whether ``side``'s president has business in hand.

        A deal in implementation (deals are bilateral), a proposal answered this month, or a
        proposal he would table now.
        """
        return bool(self.deals or self.pending or next_proposal(self, side))

    def _reset_month_scratch(self) -> None:
        self.perceived = {s: 0.0 for s in SIDES}
        self.worst_clash = 0.0
        self.clashes = 0
        self.escalation = 0
        self.deal_gain = 0.0
        self.deal_boost = 0.0

    # ------------------------------------------------------------------ step
    @property
    def phase(self) -> str:
        """The current Giles stage."""
        return self.phases.phase.value

    def step(self) -> None:
        """One month: the eight stages in the order of ``docs/ODD.md``."""
        self.month += 1
        self.date = format_month(self.start + self.month)
        self._reset_month_scratch()
        perceive_events(self)  # 1. events, read through the worldview gap
        set_agenda(self)  # 2. presidents table proposals, the other answers
        pull_and_haul(self)  # 3. bureaucratic politics and persuasion
        decide(self)  # 4. executive decision, legislature, two-level ratification
        implement(self)  # 5. agencies deliver or slow-roll
        update_relationship(self)  # 6. deals, clashes, shock absorber, baseline
        feed_back(self)  # 7. publics, prestige, capital, trust, disillusionment
        severe = self.worst_clash >= self.spec.phases.crisis_severity or self.escalation
        initiative = self.month - self.last_initiative <= self.spec.phases.trend_months
        self.phases.update(self.relationship, bool(severe), initiative)  # 8. Giles phase
        self._record()
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

    def change_structure(self, shift: StructureChange) -> None:
        """Structural conditions change: the baseline and the agencies' anchors follow.

        A wider worldview gap lowers the structural baseline, makes clashes look worse and
        pulls every agency's anchor down by its own worldview (FPRI article).
        """
        before = self.structure
        self.structure = before.model_copy(update=shift.changes())
        self.baseline = structural_baseline(self.structure)
        weight = self.spec.dynamics.worldview_anchor_weight
        for agencies in self.bureaucracies.values():
            for agency in agencies:
                agency.set_worldview_gap(self.structure.worldview_gap, weight)
        self._cache_bargainers()
        moved = ", ".join(
            f"{name.replace('_', ' ')} {getattr(before, name):g} -> {value:g}"
            for name, value in shift.changes().items()
        )
        self.note_event(f"{shift.label} ({moved})", "structure", 0.0)

    def change_leader(self, change: LeaderChange) -> None:
        """A new president takes office."""
        president = self.presidents[change.side]
        before = president.name
        self._current_names = [a.name if a is not president else change.name for a in self.roster]
        president.replace(
            name=change.name,
            stance=change.stance,
            capital=change.capital,
            reputation=change.reputation,
            prestige=change.prestige,
            command_share=change.command_share,
            hawkishness=change.hawkishness,
            term_end=change.term_end,
        )
        self.base_prestige[change.side] = change.prestige
        self.note_event(
            f"{change.name} succeeds {before} as {change.side} president "
            f"(stance {change.stance:+.2f})",
            "leader",
            0.0,
        )

    # ------------------------------------------------------------------ records
    def note_event(self, label: str, kind: str, severity: float) -> None:
        """Record an event of this month for the story and the ``events()`` table."""
        if kind in ("clash", "shock", "congress"):
            self.clashes += 1
        self._events.append((self.month, self.date, kind, label, float(severity)))

    def log(
        self,
        side: str,
        spec,
        outcome: str,
        *,
        blocked_by: str = "",
        reason: str = "",
        support: float = float("nan"),
        votes: tuple[int, int] | None = None,
    ) -> None:
        """Append one proposal outcome to the decision log."""
        yes, no = votes if votes else (-1, -1)
        self._log.append(
            (
                self.month,
                self.date,
                side,
                spec.id,
                spec.topic,
                spec.core,
                spec.instrument,
                outcome,
                blocked_by,
                reason,
                support,
                yes,
                no,
            )
        )

    def record_delivery(
        self, spec, side: str, start: int, share: float, losses: tuple[float, float]
    ) -> None:
        """Record what one side had delivered of a deal when it fell due, and why not more.

        ``losses`` is the mean share of the work its agencies withheld by opposition and
        lost to routine slowness (:meth:`~resetsim.model.proposals.Deal.losses`).
        """
        self._deliveries.append(
            (
                self.month,
                self.date,
                side,
                spec.id,
                spec.core,
                spec.instrument,
                start,
                spec.months,
                share,
                *losses,
            )
        )

    def _record(self) -> None:
        us, ru = self.presidents["US"], self.presidents["RU"]
        promised = sum(d.spec.benefit * d.promised(self.month) for d in self.deals)
        delivered = sum(d.spec.benefit * d.credited for d in self.deals)
        withheld = sum(d.spec.benefit * d.withheld(self.month) for d in self.deals)
        self._ts.append(
            (
                self.month,
                self.date,
                self.relationship,
                self.trust,
                self.phase,
                self.publics["US"].favourability,
                self.publics["RU"].favourability,
                self.escalation,
                self.clashes,
                self.perceived["US"],
                self.perceived["RU"],
                self.baseline,
                us.name,
                ru.name,
                us.capital,
                ru.capital,
                us.prestige,
                ru.prestige,
                us.reputation,
                ru.reputation,
                promised,
                delivered,
                len(self.deals),
                withheld,
            )
        )
        self._names.append(self._current_names)
        self._stances.append([a.stance for a in self.roster])

    # ------------------------------------------------------------------ outputs
    def timeseries(self) -> pd.DataFrame:
        """One row per month (columns documented in ``docs/ODD.md``, Observation)."""
        columns = zip(*self._ts, strict=True)  # column by column: twice as fast as by rows
        return pd.DataFrame(
            {
                name: np.array(values, dtype=object if isinstance(values[0], str) else None)
                for name, values in zip(["month", "date", *_TS_FIELDS], columns, strict=True)
            }
        )

    def actors(self) -> pd.DataFrame:
        """Tidy table: one row per month and actor, with stance."""
        stances = np.array(self._stances, dtype=float)
        months, n = stances.shape
        ts = self._ts
        side = np.array([a.side for a in self.roster], dtype=object)
        family = np.array([a.family for a in self.roster], dtype=object)
        return pd.DataFrame(
            {
                "month": np.repeat(np.fromiter((row[0] for row in ts), int, months), n),
                "date": np.repeat(np.array([row[1] for row in ts], dtype=object), n),
                "actor": list(chain.from_iterable(self._names)),
                "side": np.tile(side, months),
                "family": np.tile(family, months),
                "stance": stances.ravel(),
            }
        )

    def decision_log(self) -> pd.DataFrame:
        """One row per proposal outcome, with who blocked it and why."""
        frame = pd.DataFrame(self._log, columns=LOG_COLUMNS)
        if frame.empty:  # an empty frame cannot infer the column types
            return frame.astype({"core": bool, "votes_yes": int, "votes_no": int})
        return frame

    def events(self) -> pd.DataFrame:
        """Events that happened: scheduled, random clashes, leader changes, escalations."""
        return pd.DataFrame(self._events, columns=["month", "date", "kind", "event", "severity"])

    def deliveries(self) -> pd.DataFrame:
        """Per deal and side, the share delivered when the deal fell due (1 = as promised)."""
        return pd.DataFrame(
            self._deliveries,
            columns=[
                "month",
                "date",
                "side",
                "proposal",
                "core",
                "instrument",
                "start_month",
                "promised_months",
                "delivered_share",
                "lost_to_opposition",
                "lost_to_routine",
            ],
        )

    def resets(self) -> pd.DataFrame:
        """One row per reset episode with its metrics (see :mod:`resetsim.model.metrics`)."""
        _, dates, relationship, _, phases = zip(*(row[:5] for row in self._ts), strict=True)
        return reset_episodes(relationship, phases, dates, self.spec.phases.trend_months)

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
