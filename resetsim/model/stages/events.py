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

from resetsim.agents.base import clip
from resetsim.scenario.schema import SIDES, Event

__all__ = ["perceive_events", "perceived_severity"]


def perceived_severity(
    severity: float, reading: float, gap: float, misperception: float, trust: float
) -> float:
    """How hostile a clash looks to one side.

    ``severity * reading * (1 + misperception * gap) * (1 - trust / 2)``: the worldview gap
    amplifies, trust damps.
    """
    return severity * reading * (1.0 + misperception * gap) * (1.0 - 0.5 * trust)


def _clash(
    model, severity: float, reading: dict[str, float], label: str, kind: str = "clash"
) -> None:
    st, dyn = model.structure, model.spec.dynamics
    for side in SIDES:
        seen = perceived_severity(
            severity, reading.get(side, 1.0), st.worldview_gap, st.misperception, model.trust
        )
        model.perceived[side] += seen
        model.worst_clash = max(model.worst_clash, seen)
        for actor in model.government(side):
            actor.nudge(-dyn.event_stance_impact * seen * (0.5 + actor.hawkishness) / 1.5)
        model.publics[side].shift(-dyn.public_event_impact * seen)
        model.trust = clip(model.trust - 0.5 * dyn.trust_clash * seen, 0.0, 1.0)
    model.note_event(label, kind, severity)


def _deal(model, event: Event) -> None:
    """Apply a cooperative event (e.g. Russia's support after 9/11).

    Leaders embrace it fully, the rest of government in proportion to how dovish it is.
    """
    st, dyn = model.structure, model.spec.dynamics
    model.deal_boost += st.deal_event_impact * event.severity
    model.last_initiative = model.month
    for side in SIDES:
        weight = event.reading.get(side, 1.0)
        lift = dyn.event_stance_impact * event.severity * weight
        president, *others = model.government(side)
        president.nudge(lift)
        president.anchor = clip(president.anchor + lift)
        for actor in others:
            actor.nudge(lift * (1 - actor.hawkishness))
        model.publics[side].shift(dyn.public_event_impact * event.severity * weight)
    model.trust = clip(model.trust + dyn.trust_clash * event.severity, 0.0, 1.0)
    model.note_event(event.label, "deal", event.severity)


def _shock(model, event: Event) -> None:
    """A domestic shock: the hit side's president loses capital; the other side is blamed."""
    president = model.presidents[event.side]
    president.capital = clip(president.capital - 0.5 * event.severity, 0.0, 1.0)
    president.prestige = clip(president.prestige - 0.3 * event.severity, 0.0, 1.0)
    reading = {s: (0.5 * event.reading.get(s, 1.0) if s == event.side else 0.0) for s in SIDES}
    _clash(model, event.severity, reading, event.label, "shock")


def _congress(model, event: Event) -> None:
    """Congress acts on its own (e.g. the Magnitsky Act): hawks harden, the other side reacts."""
    gain = model.spec.dynamics.hawk_event_gain * event.severity
    for faction in model.factions[event.side]:
        faction.hawkishness = clip(faction.hawkishness + gain, 0.0, 1.0)
    _clash(model, event.severity, event.reading, event.label, "congress")


def _leader(model, event: Event) -> None:
    """A renewed mandate (re-election, new government) refreshes the president's capital."""
    president = model.presidents[event.side]
    president.capital = clip(max(president.capital, 0.5 + 0.5 * event.severity), 0.0, 1.0)
    model.note_event(event.label, "leader", event.severity)


_HANDLERS = {
    "deal": _deal,
    "shock": _shock,
    "congress": _congress,
    "leader": _leader,
    "clash": lambda model, ev: _clash(model, ev.severity, ev.reading, ev.label),
}


def _escalation(model) -> None:
    st = model.structure
    if model.relationship > st.escalation_level or model.worst_clash < 0.5:
        return
    risk = st.escalation_base * (1.0 - st.crisis_management) * min(1.0, model.worst_clash)
    if model.rng.random() < risk:
        model.escalation = 1
        model.note_event(
            "A clash tipped into open military confrontation", "escalation", model.worst_clash
        )


def perceive_events(model) -> None:
    """Apply leader and structure changes, scheduled events and this month's random clashes."""
    for change in model.leader_changes.get(model.month, ()):
        model.change_leader(change)
    for shift in model.structure_changes.get(model.month, ()):
        model.change_structure(shift)
    for event in model.schedule.get(model.month, ()):
        _HANDLERS[event.kind](model, event)
    st = model.structure
    a = 2.0
    b = a * (1.0 - st.clash_severity) / st.clash_severity
    for _ in range(int(model.rng.poisson(st.clash_rate))):
        _clash(model, float(model.rng.beta(a, b)), {}, "an interest clash")
    _escalation(model)
