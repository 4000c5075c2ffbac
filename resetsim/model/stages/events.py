"""Stage 1, events: scheduled events and random clashes, read through each side's worldview.

Each side perceives a clash's severity through its worldview: the wider the worldview
gap, the more a clash is read as hostile intent (Jervis 1976 on misperception; FPRI
article: "this incompatibility in worldviews often leads to misperception"). Trust
softens the reading. Near the bottom of the relationship a severe clash can tip into
open military confrontation, which leaders' crisis management mostly prevents (FPRI
article: Trump's "main task ... will be to ensure that ... miscalculation and
misperception do not allow it to escalate to open war").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from resetsim.agents.base import Actor, clip
from resetsim.model.month import MonthState
from resetsim.scenario.schema import Event

if TYPE_CHECKING:
    from resetsim.model.model import ResetModel

__all__ = [
    "BETA_SHAPE_A",
    "ESCALATION_FLOOR",
    "SHOCK_READING",
    "TRUST_DAMPING",
    "TRUST_LOSS_PER_SIDE",
    "chance_issue",
    "perceive_events",
    "perceived_gesture",
    "perceived_severity",
    "risk_escalation",
]

BETA_SHAPE_A = 2.0
"""Beta shape ``a``: first shape of the clash severity distribution (mean ``clash_severity``)."""
ESCALATION_FLOOR = 0.5
"""Escalation floor: the smallest worst perceived clash that can escalate."""
TRUST_DAMPING = 0.5
"""Trust damping: full trust takes this share off a clash's perceived severity."""
TRUST_LOSS_PER_SIDE = 0.5
"""Trust per clash: each side's reading costs ``TRUST_LOSS_PER_SIDE * trust_clash`` per unit."""
SHOCK_READING = 0.5
"""Shock hit: the hit side reads its own domestic shock at this share of its reading."""


def perceived_severity(
    severity: float, reading: float, gap: float, misperception: float, trust: float
) -> float:
    """How hostile a clash looks to one side.

    ``severity * reading * (1 + misperception * gap) * (1 - trust / 2)``: the worldview gap
    amplifies, trust damps.
    """
    return severity * reading * (1.0 + misperception * gap) * (1.0 - TRUST_DAMPING * trust)


def perceived_gesture(severity: float, gap: float, misperception: float) -> float:
    """How cooperative a gesture of the other side looks: ``severity / (1 + misperception * gap)``.

    The worldview gap discounts a gesture as it amplifies a clash (Jervis 1976; Osgood
    1962: a conciliatory move must be read as such to be reciprocated).
    """
    return severity / (1.0 + misperception * gap)


def clash(
    model: ResetModel, month: MonthState, severity: float, reading: dict[str, float], label: str,
    kind: str = "clash", issue: str = "", **how,
) -> int:  # fmt: skip
    """A hostile event, read by each side through its worldview; returns its event row.

    An event on an ``issue`` hits each actor by its stake in it (:meth:`Actor.react_to_clash`).
    """
    st, dyn = model.structure, model.dynamics
    force = not st.escalation_kinds or kind in st.escalation_kinds
    for side in model.sides:
        seen = perceived_severity(
            severity, reading.get(side, 1.0), st.worldview_gap, st.misperception, model.trust
        )
        month.perceived[side] += seen
        month.worst_clash = max(month.worst_clash, seen)
        if force:
            month.worst_force = max(month.worst_force, seen)
        Actor.react_all(model.government(side), seen, dyn.event_stance_impact, issue)
        model.publics[side].shift(-dyn.public_event_impact * seen)
        model.trust = clip(model.trust - TRUST_LOSS_PER_SIDE * dyn.trust_clash * seen, 0.0, 1.0)
    month.clashes += 1
    return model.note_event(label, kind, severity, **how)


def gesture(
    model: ResetModel, month: MonthState, severity: float, reading: dict[str, float], label: str,
    kind: str = "deal", issue: str = "", **how,
) -> int:  # fmt: skip
    """A cooperative event (e.g. Russia's support after 9/11); returns its event row.

    Leaders embrace it fully, the rest of government in proportion to how dovish it is.
    """
    st, dyn = model.structure, model.dynamics
    month.deal_boost += st.deal_event_impact * severity
    model.last_initiative = model.month
    for side in model.sides:
        weight = reading.get(side, 1.0)
        lift = dyn.event_stance_impact * severity * weight
        model.presidents[side].embrace(lift)
        Actor.welcome_all(model.members(side), lift, issue)
        model.publics[side].shift(dyn.public_event_impact * severity * weight)
    model.trust = clip(model.trust + dyn.trust_clash * severity, 0.0, 1.0)
    return model.note_event(label, kind, severity, **how)


def _deal(model: ResetModel, month: MonthState, event: Event) -> None:
    gesture(model, month, event.severity, event.reading, event.label, issue=event.issue)


def _shock(model: ResetModel, month: MonthState, event: Event) -> None:
    """A domestic shock: the hit side's president loses capital; the other side is blamed."""
    model.presidents[event.side].absorb_shock(event.severity)
    reading = {
        s: (SHOCK_READING * event.reading.get(s, 1.0) if s == event.side else 0.0)
        for s in model.sides
    }
    clash(model, month, event.severity, reading, event.label, "shock", event.issue)


def _congress(model: ResetModel, month: MonthState, event: Event) -> None:
    """Congress acts on its own (e.g. the Magnitsky Act): hawks harden, the other side reacts."""
    gain = model.dynamics.hawk_event_gain * event.severity
    for faction in model.factions[event.side]:
        faction.harden(gain)
    clash(model, month, event.severity, event.reading, event.label, "congress", event.issue,
          side=event.side)  # fmt: skip


def _leader(model: ResetModel, month: MonthState, event: Event) -> None:
    """A renewed mandate (re-election, new government) refreshes the president's capital."""
    model.presidents[event.side].renew_mandate(event.severity)
    model.note_event(event.label, "leader", event.severity, side=event.side)


def _opportunity(model: ResetModel, month: MonthState, event: Event) -> None:
    """An event no modelled actor decided, which only opens moves (``opens``) to the actors."""
    model.note_event(event.label, "opportunity", event.severity, side=event.side or "")


def _scheduled_clash(model: ResetModel, month: MonthState, event: Event) -> None:
    """A scheduled clash, on its ``issue`` if it has one (each actor hit by its remit).

    Each side's reading is multiplied by ``dynamics.scheduled_clash_reading``: how much of
    an event no modelled actor decided the sides hold against each other by itself.
    """
    scale = model.dynamics.scheduled_clash_reading
    reading = {side: scale * event.reading.get(side, 1.0) for side in model.sides}
    clash(model, month, event.severity, reading, event.label, issue=event.issue)


_HANDLERS = {
    "deal": _deal,
    "shock": _shock,
    "congress": _congress,
    "leader": _leader,
    "clash": _scheduled_clash,
    "opportunity": _opportunity,
}


def risk_escalation(model: ResetModel, month: MonthState) -> None:
    """Near the bottom of the relationship, the month's worst clash may tip into war.

    Only clashes of the kinds in ``structure.escalation_kinds`` count (every clash when
    none is listed, as in 0.1.0): open military confrontation comes from forces in contact,
    a use of force next door or in a third country (the air war over Kosovo, Georgia,
    Syria), not from an expulsion or a sanctions act (FPRI article: misperception lets a
    clash "escalate to open war"; Blainey 1973, wars begin where forces meet).
    """
    st = model.structure
    worst = month.worst_force
    if model.relationship > st.escalation_level or worst < ESCALATION_FLOOR:
        return
    risk = st.escalation_base * (1.0 - st.crisis_management) * min(1.0, worst)
    if model.rng.random() < risk:
        month.escalation = 1
        model.note_event(
            "A clash tipped into open military confrontation", "escalation", worst, origin="chance"
        )


def perceive_events(model: ResetModel, month: MonthState) -> None:
    """Apply leader, structure and roster changes, scheduled events and random clashes.

    Scheduled events open the moves they name (``opens``) for the actors of stage 1b.
    """
    for change in model.leader_changes.get(model.month, ()):
        model.change_leader(change)
    for shift in model.structure_changes.get(model.month, ()):
        model.change_structure(shift)
    for change in model.roster_changes.get(model.month, ()):
        model.change_roster(change)
    for event in model.schedule.get(model.month, ()):
        _HANDLERS[event.kind](model, month, event)
        model.open_moves(event.opens)
    st = model.structure
    a = BETA_SHAPE_A
    b = a * (1.0 - st.clash_severity) / st.clash_severity
    for _ in range(int(model.rng.poisson(st.clash_rate))):
        severity = float(model.rng.beta(a, b))
        issue = chance_issue(model)
        label = f"an interest clash over {issue}" if issue else "an interest clash"
        clash(model, month, severity, {}, label, issue=issue, origin="chance")


def chance_issue(model: ResetModel) -> str:
    """The issue a chance clash falls on: one of ``structure.clash_issues``, equally likely.

    None listed: no issue and no random number drawn (one stance, as in 0.1.0). Interests
    clash on particular issues (arms control, enlargement, regional security), each read by
    the actors whose remit it touches (Allison & Halperin 1972).
    """
    issues = model.structure.clash_issues
    return issues[int(model.rng.integers(len(issues)))] if issues else ""
