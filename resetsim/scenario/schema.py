"""The scenario schema: what a scenario file may say, with types and allowed ranges.

Every number a scenario can set is a field here, with its range; its meaning, unit,
default and source are documented in ``docs/ODD.md``. The model only ever sees a
validated :class:`Scenario`, never a raw dict (pydantic v2, ``extra="forbid"`` so a
misspelt key is an error rather than a silent default).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, model_validator

from resetsim.scenario import institutions, politics, readings, statutes
from resetsim.scenario.changes import (
    ROSTER_CHANGE_FIELDS,
    STRUCTURE_CHANGE_FIELDS,
    RosterChange,
    StructureChange,
)
from resetsim.scenario.fields import Member, Month, Positive, Side, Signed, StrictModel, Unit
from resetsim.scenario.institutions import Linkage, Principal, Procedure, ReviewAct
from resetsim.scenario.issues import Issue, IssueOffsets, IssueStakes, TopicIssue
from resetsim.scenario.moves import Move
from resetsim.scenario.statutes import Statute

__all__ = [
    "DEFAULT_SIDES", "INSTRUMENTS", "ROSTER_CHANGE_FIELDS", "SIDES", "STRUCTURE_CHANGE_FIELDS",
    "Bureaucracy", "Dynamics", "Event", "Faction", "LeaderChange", "Legislature", "Linkage",
    "Move", "PhaseRules", "President", "Principal", "Procedure", "Proposal", "Public",
    "ReviewAct", "RosterChange", "Scenario", "SideDeclaration", "Structure", "StructureChange",
]  # fmt: skip

Instrument = Literal["executive", "treaty", "statute", "appropriation"]
INSTRUMENTS: tuple[str, ...] = ("executive", "treaty", "statute", "appropriation")
EventKind = Literal["clash", "deal", "shock", "leader", "congress", "opportunity"]

_Strict = StrictModel


class SideDeclaration(_Strict):
    """One of the scenario's two sides: its id, its name and the adjective for its people.

    ``label`` is how the decision log's sentences name the side ("Inside the {label}
    government"); it defaults to the adjective.
    """

    id: Side
    name: str = Field(min_length=1)
    adjective: str = Field(min_length=1)
    label: str = ""

    @property
    def short(self) -> str:
        """How sentences name the side: its label, or else its adjective."""
        return self.label or self.adjective


DEFAULT_SIDES: tuple[SideDeclaration, SideDeclaration] = (
    SideDeclaration(id="US", name="the United States", adjective="American", label="US"),
    SideDeclaration(id="RU", name="Russia", adjective="Russian", label="RU"),
)
"""The sides of a scenario that declares none (every scenario of resetsim 0.1.0)."""
SIDES: tuple[str, ...] = tuple(side.id for side in DEFAULT_SIDES)
"""The ids of :data:`DEFAULT_SIDES`."""


class Structure(_Strict):
    """Structural conditions of the relationship (FPRI article: shock absorber, worldviews)."""

    baseline: Signed = 0.1
    worldview_gap: Unit = 0.8
    gap_baseline_weight: Unit = 0.3
    trade_share: Annotated[float, Field(ge=0.0, le=0.2)] = 0.0023
    absorber_half: Annotated[float, Field(gt=0.0, le=0.2)] = 0.01
    absorber_baseline_weight: Unit = 0.2
    relax_rate: Unit = 0.06
    climate_rate: Unit = 0.01
    clash_rate: Annotated[float, Field(ge=0.0, le=5.0)] = 0.12
    clash_severity: Annotated[float, Field(gt=0.0, lt=1.0)] = 0.25
    misperception: Annotated[float, Field(ge=0.0, le=5.0)] = 1.0
    clash_impact: Unit = 0.1
    deal_event_impact: Unit = 0.3
    escalation_level: Signed = -0.4
    escalation_base: Unit = 0.3
    crisis_management: Unit = 0.8
    clash_issues: list[Issue] = Field(default_factory=list)
    escalation_kinds: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)


class Dynamics(
    _Strict, politics.DealAndVoteRules, statutes.VetoRule, statutes.TreatyViolation,
    readings.ScheduledReading,
):  # fmt: skip
    """Behavioural rates of the actors: persuasion, pulling and hauling, feedback."""

    persuasion_rate: Unit = 0.12
    persuasion_spend: Unit = 0.04
    capital_regen: Unit = 0.05
    table_cost: Unit = 0.08
    table_threshold: Signed = 0.25
    core_threshold: Signed = 0.7
    answer_threshold: Signed = 0.05
    concession_bonus: Unit = 0.4
    retry_months: Annotated[int, Field(ge=1, le=240)] = 18
    influence_rate: Unit = 0.08
    anchor_rate: Unit = 0.06
    worldview_anchor_weight: Unit = 0.3
    event_stance_impact: Unit = 0.25
    adoption_bar: Signed = 0.0
    vote_spread: Annotated[float, Field(gt=0.0, le=2.0)] = 0.2
    implementation_drag: Unit = 0.5
    slow_roll_share: Unit = 0.9
    public_rate: Unit = 0.08
    public_event_impact: Annotated[float, Field(ge=0.0, le=100.0)] = 6.0
    favourability_mid: Annotated[float, Field(ge=0.0, le=100.0)] = 50.0
    favourability_scale: Annotated[float, Field(ge=0.0, le=50.0)] = 35.0
    public_cue_weight: Unit = 0.2
    public_pressure: Unit = 0.05
    prestige_rate: Unit = 0.05
    prestige_cost: Unit = 0.05
    reputation_step: Unit = 0.05
    trust_rate: Unit = 0.04
    trust_clash: Unit = 0.1
    disillusion_rate: Unit = 0.05
    hawk_event_gain: Unit = 0.1
    move_rate_scale: Annotated[float, Field(ge=0.0, le=100.0)] = 1.0
    retaliation_rate: Unit = 0.5
    reciprocation_rate: Unit = 0.3
    move_memory: Unit = 0.8
    president_pull: Unit = 0.0
    pen_weight: Positive = 2.0
    crisis_restraint: Unit = 0.0
    answer_fatigue: Unit = 0.0


class PhaseRules(_Strict, politics.PhaseLabelRules):
    """Thresholds for labelling Giles's five stages, with hysteresis (Giles 2015)."""

    trend_months: Annotated[int, Field(ge=1, le=24)] = 6
    reset_trend: Annotated[float, Field(gt=0.0, le=1.0)] = 0.08
    euphoria_gain: Annotated[float, Field(gt=0.0, le=1.0)] = 0.15
    realism_drop: Annotated[float, Field(gt=0.0, le=1.0)] = 0.05
    disillusion_drop: Annotated[float, Field(gt=0.0, le=2.0)] = 0.15
    crisis_level: Signed = -0.35
    crisis_exit: Signed = -0.25
    min_dwell: Annotated[int, Field(ge=0, le=24)] = 3
    crisis_severity: Annotated[float, Field(ge=0.0, le=5.0)] = 0.8
    severe_clash_level: Signed | None = None


class President(_Strict):
    """A head of state: Neustadt's three sources of power plus a command share."""

    side: Side
    name: str = Field(min_length=1)
    stance: Signed
    capital: Unit = 0.6
    reputation: Unit = 0.5
    prestige: Unit = 0.5
    command_share: Unit = 0.15
    hawkishness: Unit = 0.5
    clout: Positive = 0.35
    term_end: Month | None = None
    issues: IssueOffsets = Field(default_factory=dict)


class LeaderChange(_Strict):
    """A new president takes office (election or succession) at ``date``."""

    date: Month
    side: Side
    name: str = Field(min_length=1)
    stance: Signed
    capital: Unit = 0.7
    reputation: Unit = 0.5
    prestige: Unit = 0.6
    command_share: Unit | None = None
    hawkishness: Unit | None = None
    term_end: Month | None = None
    issues: IssueOffsets | None = None


class Bureaucracy(Member, IssueStakes):
    """An agency whose stance is anchored to its mission (Allison & Halperin 1972)."""

    anchor: Signed
    stance: Signed | None = None
    clout: Positive = 0.2
    salience: Unit = 0.5
    worldview: Unit = 0.5
    issues: IssueOffsets = Field(default_factory=dict)
    pen: list[Issue] = Field(default_factory=list)


class Faction(Member, politics.FactionWhip, institutions.FactionChamber, IssueStakes):
    """A legislative or elite faction with votes, influence and instruments."""

    seats: Annotated[int, Field(ge=0, le=10_000)] = 0
    weight: Positive = 0.1
    stance: Signed
    instruments: list[Instrument] = Field(default_factory=list)
    issues: IssueOffsets = Field(default_factory=dict)
    constituency: Annotated[float, Field(ge=0.0, le=3.0)] = 1.0


class Legislature(_Strict, institutions.ChamberProcedure):
    """Voting rules of one chamber (US Senate: two thirds for treaties).

    ``[[legislatures]]`` holds each side's main chamber; ``[[chambers]]`` any others.
    """

    side: Side
    name: str = Field(min_length=1)
    treaty_share: Annotated[float, Field(gt=0.0, le=1.0)] = 2 / 3
    majority_share: Annotated[float, Field(gt=0.0, le=1.0)] = 0.5
    override_share: Annotated[float, Field(gt=0.0, le=1.0)] = 2 / 3


class Public(_Strict):
    """A national public: favourability towards the other country (0-100, Gallup-like)."""

    side: Side
    name: str = Field(min_length=1)
    favourability: Annotated[float, Field(ge=0.0, le=100.0)]
    attention: Unit = 0.3


class Proposal(_Strict, politics.ProposalStanding, statutes.ProposalExit):
    """A cooperation proposal that can be tabled, decided, ratified and implemented."""

    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    topic: str = Field(min_length=1)
    issue: TopicIssue = ""
    core: bool = False
    concedes: Side | Literal["both"] | None = None
    instrument: Instrument = "executive"
    initiator: Side | Literal["both"] | None = None  # None: the scenario's first side
    agencies: list[str] = Field(min_length=1)
    benefit: Unit = 0.1
    months: Annotated[int, Field(ge=1, le=120)] = 6
    earliest: Month | None = None

    def costs(self, side: str) -> bool:
        """Whether ``side`` gives up a core interest in it (``concedes`` is it or "both")."""
        return self.core and self.concedes in (side, "both")

    def pays(self, side: str) -> bool:
        """Whether the other side gives up a core interest to ``side`` (a concession won)."""
        return self.core and self.concedes not in (side, None)


class Event(_Strict):
    """A scheduled event, read by each side through its worldview.

    ``id`` is optional; a scenario that ``extends`` another changes, removes
    (``remove = true``) or adds inherited events by it.
    """

    id: str | None = Field(default=None, min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    date: Month
    kind: EventKind
    label: str = Field(min_length=1)
    severity: Unit = 0.5
    reading: dict[str, Annotated[float, Field(ge=0.0, le=3.0)]] = Field(default_factory=dict)
    side: Side | None = None
    opens: list[str] = Field(default_factory=list)
    issue: TopicIssue = ""


class Scenario(_Strict):
    """A complete, validated scenario: rosters, structure, proposals, events."""

    name: str = Field(min_length=1)
    description: str = ""
    question: str = ""
    seed_says: str = ""
    start: Month
    months: Annotated[int, Field(ge=1, le=1200)]
    sides: list[SideDeclaration] = Field(default_factory=list, max_length=2)
    structure: Structure = Structure()
    dynamics: Dynamics = Dynamics()
    phases: PhaseRules = PhaseRules()
    initial_relationship: Signed = 0.0
    initial_trust: Unit = 0.4
    initial_phase: Literal["euphoria", "realism", "disillusionment", "crisis", "reset"] | None = (
        None
    )
    presidents: list[President] = Field(min_length=2, max_length=2)
    leader_changes: list[LeaderChange] = Field(default_factory=list)
    structure_changes: list[StructureChange] = Field(default_factory=list)
    roster_changes: list[RosterChange] = Field(default_factory=list)
    bureaucracies: list[Bureaucracy] = Field(min_length=1)
    factions: list[Faction] = Field(min_length=1)
    legislatures: list[Legislature] = Field(min_length=2, max_length=2)
    chambers: list[Legislature] = Field(default_factory=list)
    procedures: list[Procedure] = Field(default_factory=list)
    principals: list[Principal] = Field(default_factory=list)
    reviews: list[ReviewAct] = Field(default_factory=list)
    linkages: list[Linkage] = Field(default_factory=list)
    statutes: list[Statute] = Field(default_factory=list)
    publics: list[Public] = Field(min_length=2, max_length=2)
    proposals: list[Proposal] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    moves: list[Move] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _side_defaults(cls, data: Any) -> Any:
        """Fill side defaults: a proposal's initiator (first side), an event's reading (1)."""
        if not isinstance(data, dict):
            return data
        sides = data.get("sides")
        ids = [getattr(s, "id", None) or (s.get("id") if isinstance(s, dict) else None)
               for s in sides] if isinstance(sides, list) and sides else list(SIDES)  # fmt: skip
        data = dict(data)
        for key, field, default in (
            ("proposals", "initiator", ids[0]),
            ("events", "reading", None),
        ):
            entries = data.get(key)
            if isinstance(entries, list):
                data[key] = [
                    {**e, field: default if default is not None else dict.fromkeys(ids, 1.0)}
                    if isinstance(e, dict) and field not in e
                    else e
                    for e in entries
                ]
        return data

    @property
    def side_ids(self) -> tuple[str, ...]:
        """The ids of the two sides, in declaration order."""
        return tuple(side.id for side in self.declared_sides)

    def chambers_of(self, side: str) -> list[Legislature]:
        """The chambers of ``side``: its ``[[legislatures]]`` entry first, then ``[[chambers]]``."""
        return [c for c in (*self.legislatures, *self.chambers) if c.side == side]

    @property
    def declared_sides(self) -> tuple[SideDeclaration, ...]:
        """The two sides: as declared, or :data:`DEFAULT_SIDES` when the file declares none."""
        return tuple(self.sides) if self.sides else DEFAULT_SIDES

    _raw: dict = PrivateAttr(default_factory=dict)
    _chain: list = PrivateAttr(default_factory=list)
    _hash: str = PrivateAttr(default="")

    @property
    def source(self) -> str:
        """The file this scenario was read from (the child file when it extends another)."""
        return str(self._chain[-1]) if self._chain else "<scenario>"

    @property
    def content_hash(self) -> str:
        """Short SHA-256 of the validated content: two runs with equal hashes saw equal inputs."""
        from resetsim.scenario.loader import scenario_hash

        if not self._hash:  # the scenario is frozen, so the hash never changes
            self._hash = scenario_hash(self)
        return self._hash

    def with_overrides(self, overrides: dict[str, Any]) -> Scenario:
        """A copy with dotted-key overrides applied, e.g. ``{"structure.trade_share": 0.05}``.

        Raises:
            ScenarioError: for unknown keys (listing valid keys nearby) or invalid values.

        """
        from resetsim.scenario.loader import apply_overrides, validate_data

        base = self._raw or self.model_dump(mode="json")
        data = apply_overrides(base, overrides, origin=self.source)
        return validate_data(
            data, [Path(p) for p in self._chain], source=self.source, overrides=overrides
        )
