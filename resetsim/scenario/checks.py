"""Cross-field checks of a scenario that pydantic cannot make field by field."""

from __future__ import annotations

import difflib

from resetsim.calendar import parse_month
from resetsim.scenario.institutions import institution_problems
from resetsim.scenario.moves import FAMILIES
from resetsim.scenario.schema import (
    ROSTER_CHANGE_FIELDS,
    STRUCTURE_CHANGE_FIELDS,
    Scenario,
)
from resetsim.scenario.statutes import statute_problems

__all__ = ["semantic_problems"]


def semantic_problems(sc: Scenario) -> list[tuple[tuple, str]]:
    """Cross-field checks pydantic cannot do field by field."""
    problems: list[tuple[tuple, str]] = []
    start = parse_month(sc.start)
    end = start + sc.months - 1
    horizon = f"the horizon {sc.start} to {_fmt(end)}"

    side_ids = sc.side_ids
    one_of = ", ".join(f'"{i}"' for i in side_ids)
    either = " or ".join(f'"{i}"' for i in side_ids)
    if len(sc.sides) == 1:
        problems.append((("sides",), "declare both sides or none (none: US and RU)"))
    if len(set(side_ids)) != len(side_ids):
        problems.append((("sides",), f"the two sides need different ids, got {list(side_ids)}"))
    for roster in ("presidents", "legislatures", "publics", "bureaucracies", "factions"):
        for i, entry in enumerate(getattr(sc, roster)):
            if entry.side not in side_ids:
                problems.append(
                    ((roster, i, "side"), f'must be one of {one_of} (got text "{entry.side}")')
                )
    for roster in ("presidents", "legislatures", "publics"):
        sides = [e.side for e in getattr(sc, roster)]
        if sorted(sides) != sorted(side_ids):
            problems.append(
                (
                    (roster,),
                    f"needs exactly one entry per side ({' and '.join(side_ids)}), got {sides}",
                )
            )
    for roster in ("bureaucracies", "factions"):
        for side in side_ids:
            if not any(e.side == side for e in getattr(sc, roster)):
                problems.append(((roster,), f"needs at least one entry for side {side}"))
    for i, change in enumerate(sc.leader_changes):
        if change.side not in side_ids:
            problems.append(
                (
                    ("leader_changes", i, "side"),
                    f'must be one of {one_of} (got text "{change.side}")',
                )
            )

    names: dict[str, str] = {}
    for roster in ("presidents", "principals", "bureaucracies", "factions", "publics"):
        for i, entry in enumerate(getattr(sc, roster)):
            if entry.name in names:
                problems.append(
                    (
                        (roster, i, "name"),
                        f"actor name {entry.name!r} is already used in {names[entry.name]}; "
                        "actor names must be unique",
                    )
                )
            names[entry.name] = roster
    event_ids: set[str] = set()
    for i, event in enumerate(sc.events):
        if event.id in event_ids:
            problems.append((("events", i, "id"), f"event id {event.id!r} is used twice"))
        if event.id is not None:
            event_ids.add(event.id)
    agencies = {b.name for b in sc.bureaucracies}
    known = sorted(agencies)
    ids: set[str] = set()
    for i, prop in enumerate(sc.proposals):
        if prop.id in ids:
            problems.append((("proposals", i, "id"), f"proposal id {prop.id!r} is used twice"))
        ids.add(prop.id)
        for agency in prop.agencies:
            if agency not in agencies:
                close = difflib.get_close_matches(agency, known, n=3) if len(known) < 100 else []
                hint = f"did you mean {', '.join(close)}?" if close else ""
                problems.append(
                    (
                        ("proposals", i, "agencies"),
                        f"implementing agency {agency!r} is not a bureaucracy of this "
                        f"scenario; allowed: {_listed(known)} {hint}".strip(),
                    )
                )
        if prop.core and prop.concedes is None:
            problems.append(
                (
                    ("proposals", i, "concedes"),
                    "a core proposal must say which side gives up a core interest: "
                    f"concedes = {either}",
                )
            )
        for key in ("concedes", "initiator"):
            value = getattr(prop, key)
            if value not in (*side_ids, None, "both"):
                problems.append(
                    (("proposals", i, key), f'must be one of {one_of} (got text "{value}")')
                )
        if prop.earliest and not start <= parse_month(prop.earliest) <= end:
            problems.append((("proposals", i, "earliest"), f"{prop.earliest} is outside {horizon}"))
    for i, faction in enumerate(sc.factions):
        if faction.instruments and faction.seats == 0:
            problems.append(
                (("factions", i, "seats"), "a faction that votes on instruments needs seats > 0")
            )
    for i, event in enumerate(sc.events):
        problem = _date_problem(event.date, start, end, horizon)
        if problem:
            problems.append((("events", i, "date"), problem))
        if event.kind in ("shock", "leader", "congress") and event.side is None:
            problems.append(
                (
                    ("events", i, "side"),
                    f"a {event.kind} event must say which side it hits: side = {either}",
                )
            )
        if event.side is not None and event.side not in side_ids:
            problems.append(
                (("events", i, "side"), f'must be one of {one_of} (got text "{event.side}")')
            )
        for key in event.reading:
            if key not in side_ids:
                problems.append(
                    (("events", i, "reading", key), f"unknown key {key!r}; allowed keys: {one_of}")
                )
    problems += _roster_change_problems(sc)
    for roster, what in (
        ("leader_changes", "leader"),
        ("structure_changes", "structure"),
        ("roster_changes", "roster"),
    ):
        problems += _dated_in_order(getattr(sc, roster), roster, what, start, end, horizon)
    for i, change in enumerate(sc.structure_changes):
        if not change.changes():
            problems.append(
                (
                    ("structure_changes", i),
                    "a structure change must set at least one of "
                    + ", ".join(STRUCTURE_CHANGE_FIELDS),
                )
            )
    for i, pres in enumerate(sc.presidents):
        if pres.term_end and parse_month(pres.term_end) < start:
            problems.append(
                (
                    ("presidents", i, "term_end"),
                    f"{pres.term_end} is before the scenario start {sc.start}",
                )
            )
    problems += _move_problems(sc, one_of)
    problems += institution_problems(sc)
    problems += statute_problems(sc)
    if sc.phases.crisis_exit <= sc.phases.crisis_level:
        problems.append(
            (
                ("phases", "crisis_exit"),
                f"must be above phases.crisis_level ({sc.phases.crisis_level}) so the "
                "crisis label has hysteresis",
            )
        )
    problems += _escalation_kind_problems(sc)
    severe = sc.phases.severe_clash_level
    if severe is not None and severe <= sc.phases.crisis_level:
        problems.append(
            (
                ("phases", "severe_clash_level"),
                f"must be above phases.crisis_level ({sc.phases.crisis_level}), where a "
                "crisis starts without a severe clash",
            )
        )
    return problems


def _date_problem(date: str, start: int, end: int, horizon: str) -> str:
    """Why a scheduled ``date`` never happens in the run ('' when it does).

    The start month is the run's initial state (month 0, recorded before the first step),
    so what is scheduled takes effect from the month after it (docs/ODD.md 2.9).
    """
    month = parse_month(date)
    if not start <= month <= end:
        return f"{date} is outside {horizon}"
    if month == start:
        return (
            f"{date} is the start month, the run's initial state: scheduled changes "
            f"take effect from the next month, {_fmt(start + 1)}"
        )
    return ""


def _dated_in_order(
    entries: list, roster: str, what: str, start: int, end: int, horizon: str
) -> list[tuple[tuple, str]]:
    """Problems of dated entries outside the horizon or out of date order."""
    problems: list[tuple[tuple, str]] = []
    previous = start
    for i, entry in enumerate(entries):
        month = parse_month(entry.date)
        problem = _date_problem(entry.date, start, end, horizon)
        if problem:
            problems.append(((roster, i, "date"), problem))
        if month < previous:
            problems.append(
                (
                    (roster, i, "date"),
                    f"{entry.date} comes before the previous {what} change; "
                    f"list {what} changes in date order",
                )
            )
        previous = max(previous, month)
    return problems


CLASH_KINDS = ("clash", "shock", "congress", "withdrawal", "violation")
"""Kinds of the hostile events that are not a move's: scheduled and chance clashes, and a
deal left or caught violated (a statute's rows take its own ``event_kind``)."""


def _escalation_kind_problems(sc: Scenario) -> list[tuple[tuple, str]]:
    """Each kind in ``structure.escalation_kinds`` must be a hostile event's the run can make.

    That is a move's kind, a statute's (:attr:`Statute.event_kind`) or one of
    :data:`CLASH_KINDS`: a misspelt kind would silently leave a use of force unable to
    escalate.
    """
    made = {m.kind for m in sc.moves} | {s.event_kind for s in sc.statutes}
    kinds = sorted(made | set(CLASH_KINDS))
    return [
        (
            ("structure", "escalation_kinds", i),
            f"{kind!r} is not the kind of any move of this scenario nor a clash's "
            f"(one of {', '.join(kinds)})",
        )
        for i, kind in enumerate(sc.structure.escalation_kinds)
        if kind not in kinds
    ]


def _move_problems(sc: Scenario, one_of: str) -> list[tuple[tuple, str]]:
    """Moves need unique ids and a holder that exists; events may open only declared moves."""
    problems: list[tuple[tuple, str]] = []
    names = {e.name for r in ("presidents", "bureaucracies", "factions") for e in getattr(sc, r)}
    ids: dict[str, int] = {}
    for i, move in enumerate(sc.moves):
        ids.setdefault(move.id, i)
    statute_holders = {f.name for f in sc.factions if "statute" in f.instruments}
    for i, move in enumerate(sc.moves):
        if ids[move.id] != i:
            problems.append((("moves", i, "id"), f"move id {move.id!r} is used twice"))
        if "/" in move.holder:
            side, family = move.holder.split("/", 1)
            if (side != "*" and side not in sc.side_ids) or family not in FAMILIES:
                problems.append(
                    (
                        ("moves", i, "holder"),
                        f"a pattern holder is <side>/<family> with side one of {one_of} or *, "
                        f"family one of {', '.join(FAMILIES)} (got {move.holder!r})",
                    )
                )
        elif move.holder not in names:
            problems.append(
                (("moves", i, "holder"), f"no president, agency or faction named {move.holder!r}")
            )
        if move.statute and not (
            move.holder.endswith("/legislature") or move.holder in statute_holders
        ):
            problems.append(
                (
                    ("moves", i, "statute"),
                    "a statute move must be held by a faction that votes on statutes or by "
                    "<side>/legislature",
                )
            )
    for i, event in enumerate(sc.events):
        for move_id in event.opens:
            if move_id not in ids:
                problems.append(
                    (("events", i, "opens"), f"no move with id {move_id!r} in [[moves]]")
                )
    return problems


def _listed(names: list[str], most: int = 20) -> str:
    """``names`` joined by commas, the first ``most`` and a count of the others."""
    shown = ", ".join(names[:most])
    return shown if len(names) <= most else f"{shown} and {len(names) - most} more"


def _fmt(month: int) -> str:
    from resetsim.calendar import format_month

    return format_month(month)


def _roster_change_problems(sc) -> list:
    """A roster change names an agency or faction and sets fields that actor has."""
    agencies = {b.name for b in sc.bureaucracies}
    factions = {f.name for f in sc.factions}
    problems = []
    for i, change in enumerate(sc.roster_changes):
        where = ("roster_changes", i)
        if change.actor not in agencies | factions:
            known = ", ".join(sorted(agencies | factions))
            problems.append(((*where, "actor"), f"unknown agency or faction; known: {known}"))
            continue
        if not change.changes():
            problems.append((where, "a roster change must set at least one of "
                             + ", ".join(ROSTER_CHANGE_FIELDS)))  # fmt: skip
        if change.seats is not None and change.actor not in factions:
            problems.append(((*where, "seats"), "only a faction has seats"))
        if change.anchor is not None and change.actor not in agencies:
            problems.append(((*where, "anchor"), "only an agency has an anchor"))
    return problems
