"""Scenario tables of institutions: chambers and procedures, principals, review acts, linkage.

A side's legislature can have more than one chamber, each with its own factions and
procedure (US House and Senate; Iran's Majlis and Guardian Council; Duma and Federation
Council), and ``[[procedures]]`` say which chambers must pass an instrument and in which
order. ``[[principals]]`` sit above a president and approve or veto his deals (Iran's
Supreme Leader). ``[[reviews]]`` let a legislature disapprove an executive deal within a
review window, subject to the president's veto and an override (Iran Nuclear Agreement
Review Act 2015; CAATSA 2017 on sanctions relief). ``[[linkages]]`` hold a deal's
implementation until another proposal is agreed (Jackson-Vanik 1974: trade status linked
to emigration). Every table is empty by default, which keeps resetsim 0.1.0's behaviour:
one chamber per side, one principal, no review, no linkage. Meanings, units and sources
are in ``docs/ODD.md``, section 8.3e.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, Field

from resetsim.scenario.fields import (
    Member,
    Positive,
    Signed,
    StrictModel,
    Unit,
    drop_entry_defaults,
)

if TYPE_CHECKING:
    from resetsim.scenario.schema import Scenario

__all__ = [
    "ChamberProcedure",
    "FactionChamber",
    "Linkage",
    "Principal",
    "Procedure",
    "ReviewAct",
    "drop_institution_defaults",
    "institution_problems",
    "resolution_id",
    "resolution_ids",
]

Instrument = Literal["executive", "treaty", "statute", "appropriation"]
_ALL_INSTRUMENTS: list[str] = ["executive", "treaty", "statute", "appropriation"]


class ChamberProcedure(BaseModel):
    """``[[legislatures]]`` and ``[[chambers]]`` fields: the chamber's id and its cloture rule."""

    id: str = ""
    cloture_share: Unit = 0.0

    @property
    def key(self) -> str:
        """How procedures, factions and the decision log name the chamber: its id or name."""
        return self.id or self.name  # type: ignore[attr-defined]


class FactionChamber(BaseModel):
    """``[[factions]]`` field: the chamber it sits in ("" : the side's ``[[legislatures]]``)."""

    chamber: str = ""


class Procedure(StrictModel):
    """Which chambers of ``side`` must pass ``instrument``, in order (bicameral passage)."""

    side: str
    instrument: Instrument
    chambers: list[str] = Field(min_length=1)
    core_only: bool = False


class Principal(Member):
    """A principal above the president (a Supreme Leader) who approves or vetoes his deals."""

    stance: Signed
    anchor: Signed | None = None
    clout: Positive = 0.35
    salience: Unit = 0.8
    approval_bar: Signed = 0.0
    reviews: list[Instrument] = Field(default_factory=lambda: list(_ALL_INSTRUMENTS))


class ReviewAct(StrictModel):
    """A legislature's review of ``side``'s executive deals: disapproval, veto, override."""

    side: str
    name: str = Field(min_length=1)
    chambers: list[str] = Field(default_factory=list)
    instruments: list[Instrument] = Field(default_factory=lambda: ["executive"])
    window: Annotated[int, Field(ge=0, le=24)] = 2
    enacted_by: str | None = None


class Linkage(StrictModel):
    """``proposal``'s implementation waits for ``condition`` to be agreed (Jackson-Vanik)."""

    side: str
    proposal: str = Field(min_length=1)
    condition: str = Field(min_length=1)
    months: Annotated[int, Field(ge=1, le=240)] = 24
    enacted_by: str | None = None


def resolution_id(deal_id: str) -> str:
    """The decision log's id for a review act's resolution disapproving the deal ``deal_id``."""
    return f"{deal_id}-disapproval"


def resolution_ids(scenario: Scenario) -> set[str]:
    """Ids of the resolutions of disapproval the review acts of ``scenario`` can log."""
    covered = {i for act in scenario.reviews for i in act.instruments}
    return {resolution_id(p.id) for p in scenario.proposals if p.instrument in covered}


def institution_problems(sc: Scenario) -> list[tuple[tuple, str]]:
    """Cross-references of the institution tables: sides, chambers and proposals that exist."""
    problems: list[tuple[tuple, str]] = []
    sides = sc.side_ids
    one_of = ", ".join(f'"{s}"' for s in sides)
    chambers = {s: [c.key for c in sc.chambers_of(s)] for s in sides}
    proposals = sorted(p.id for p in sc.proposals)
    for i, chamber in enumerate(sc.chambers):
        if chamber.side not in sides:
            problems.append(
                (("chambers", i, "side"), f'must be one of {one_of} (got text "{chamber.side}")')
            )
    for side in sides:
        keys = chambers[side]
        for key in sorted({k for k in keys if keys.count(k) > 1}):
            problems.append((("chambers",), f"side {side} has two chambers named {key!r}"))
    for i, faction in enumerate(sc.factions):
        if faction.chamber and faction.chamber not in chambers.get(faction.side, []):
            problems.append(
                _unknown(
                    ("factions", i, "chamber"), faction.chamber, chambers.get(faction.side, [])
                )
            )
    for table in ("procedures", "principals", "reviews", "linkages"):
        for i, entry in enumerate(getattr(sc, table)):
            if entry.side not in sides:
                problems.append(
                    ((table, i, "side"), f'must be one of {one_of} (got text "{entry.side}")')
                )
                continue
            for key in getattr(entry, "chambers", []):
                if key not in chambers[entry.side]:
                    problems.append(_unknown((table, i, "chambers"), key, chambers[entry.side]))
            for field in ("enacted_by", "proposal", "condition"):
                value = getattr(entry, field, None)
                if value is not None and value not in proposals:
                    problems.append(_unknown((table, i, field), value, proposals, "proposal id"))
    seen: set[tuple[str, str]] = set()
    for i, procedure in enumerate(sc.procedures):
        key = (procedure.side, procedure.instrument)
        if key in seen:
            problems.append(
                (
                    ("procedures", i, "instrument"),
                    f"side {key[0]} already has a procedure for {key[1]}",
                )
            )
        seen.add(key)
        problems += _silent_chambers(sc, i, procedure, chambers[procedure.side])
    return problems


def _silent_chambers(sc: Scenario, i: int, procedure: Procedure, keys: list[str]) -> list:
    """Problems: a chamber the procedure names where no faction votes on its instrument.

    Such a chamber would pass everything without a roll call, so the procedure would not act.
    """
    main = keys[0] if keys else ""
    problems = []
    for key in procedure.chambers:
        voters = [
            f
            for f in sc.factions
            if f.side == procedure.side
            and (f.chamber or main) == key
            and procedure.instrument in f.instruments
        ]
        if key in keys and not voters:
            problems.append(
                (
                    ("procedures", i, "chambers"),
                    f"no faction of chamber {key!r} votes on {procedure.instrument} (add "
                    f'"{procedure.instrument}" to its factions\' instruments)',
                )
            )
    return problems


def _unknown(where: tuple, value: str, allowed: list[str], what: str = "chamber") -> tuple:
    """A problem: ``value`` is not one of ``allowed``."""
    listed = ", ".join(allowed) if allowed else "none declared"
    return where, f"unknown {what} {value!r}; allowed: {listed}"


_TABLES = ("chambers", "procedures", "principals", "reviews", "linkages")
_DEFAULTS = {"legislatures": {"id": "", "cloture_share": 0.0}, "factions": {"chamber": ""}}


def drop_institution_defaults(data: dict) -> None:
    """Remove from a scenario's dumped ``data`` the institution fields left at their defaults.

    A scenario that uses none of them then hashes as it did before they existed.
    """
    for table in _TABLES:
        if not data.get(table):
            data.pop(table, None)
    drop_entry_defaults(data, _DEFAULTS)
