"""Statutes a legislature originates on its own, and treaties a president may leave.

A ``[[statutes]]`` entry gives a chamber a statute it may originate when it distrusts its
own president's course towards the other side (FPRI article: Congress "could - and very
likely would - reinstate robust military aid"):

* ``codify_sanctions`` writes the sanctions in force into law and puts any relief, any
  core concession of its president to the other side, under the chamber's review
  (disapproval, veto, override: the Iran Nuclear Agreement Review Act 2015; the Countering
  America's Adversaries Through Sanctions Act 2017, sec. 216);
* ``aid_floor`` fixes a minimum of support to a third-party partner that the president
  cannot lower (military aid to Ukraine: the Ukraine Freedom Support Act 2014; the
  Ukraine Security Assistance Initiative, NDAA FY2016, sec. 1250).

Both are read by the other side as hostile moves of ``severity``. A ``[[proposals]]``
entry may carry its own ``withdrawal_rate`` (a treaty in force that a president may leave,
as the US left the ABM Treaty in 2001), instead of ``dynamics.withdrawal_rate``. Every
default keeps the behaviour without them: no statute, and each deal's withdrawal rate is
``dynamics.withdrawal_rate``. With ``dynamics.anticipate_veto`` a president vetoes only
what he expects the chambers not to override. Meanings, units and sources are in
``docs/ODD.md``, sections 8.3f, 8.3g and 8.3h.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, Field

from resetsim.scenario.fields import StrictModel, Unit, drop_dynamics_defaults

if TYPE_CHECKING:
    from resetsim.scenario.schema import Scenario

__all__ = [
    "ProposalExit",
    "Statute",
    "TreatyViolation",
    "VetoRule",
    "drop_statute_defaults",
    "statute_problems",
]


class Statute(StrictModel):
    """A statute ``chamber`` of ``side`` may originate (``[[statutes]]``)."""

    @property
    def event_kind(self) -> str:
        """The ``kind`` of its ``events()`` row: its ``kind``, or its ``effect``."""
        return self.kind or self.effect

    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    side: str
    chamber: str = ""
    effect: Literal["codify_sanctions", "aid_floor"]
    name: str = Field(min_length=1)
    topic: str = Field(min_length=1)
    label: str = Field(min_length=1)
    kind: str = Field(default="", pattern=r"^([a-z0-9][a-z0-9_-]*)?$")
    severity: Unit = 0.3
    base_hazard: Unit = 0.0
    distrust_weight: Annotated[float, Field(ge=0.0, le=20.0)] = 0.0
    covers: list[str] = Field(default_factory=list)
    window: Annotated[int, Field(ge=0, le=24)] = 1
    review_chambers: list[str] = Field(default_factory=list)
    cooldown_months: Annotated[int, Field(ge=0, le=600)] = 12


class VetoRule(BaseModel):
    """``[dynamics]`` field: whether a president counts the override before he vetoes.

    With ``anticipate_veto`` he vetoes a statute or a disapproval only if he expects the
    veto to hold (:meth:`~resetsim.agents.president.President.vetoes`; Cameron 2000); the
    default, False, keeps the behaviour without it: he vetoes whenever he opposes.
    """

    anticipate_veto: bool = False


class TreatyViolation(BaseModel):
    """``[dynamics]`` fields: covert violations of deals in force, and how they are read.

    With ``violation_rate`` above 0 a side whose agencies keep a deal in force only in part
    may break it covertly; the other side finds out, reads it as a hostile move, and
    discounts the violator's compliance by ``violation_weight`` when it weighs leaving
    the deal (:meth:`~resetsim.agents.president.President.read_compliance`). The default,
    0, keeps the behaviour without them.
    """

    violation_rate: Unit = 0.0
    violation_weight: Unit = 0.5


class ProposalExit(BaseModel):
    """``[[proposals]]`` field: this deal's own monthly withdrawal rate (None: dynamics)."""

    withdrawal_rate: Unit | None = None


def statute_problems(sc: Scenario) -> list[tuple[tuple, str]]:
    """Cross-references of ``[[statutes]]``: sides, chambers and proposals that exist."""
    problems: list[tuple[tuple, str]] = []
    proposals = sorted(p.id for p in sc.proposals)
    ids = [s.id for s in sc.statutes]
    for i, statute in enumerate(sc.statutes):
        if ids.count(statute.id) > 1:
            problems.append((("statutes", i, "id"), f"statute id {statute.id!r} is used twice"))
        if statute.side not in sc.side_ids:
            allowed = ", ".join(f'"{s}"' for s in sc.side_ids)
            problems.append(
                (("statutes", i, "side"), f'must be one of {allowed} (got text "{statute.side}")')
            )
            continue
        chambers = [c.key for c in sc.chambers_of(statute.side)]
        for field, keys in (("chamber", [statute.chamber]), ("review_chambers",
                                                            statute.review_chambers)):  # fmt: skip
            for key in keys:
                if key and key not in chambers:
                    problems.append(
                        (("statutes", i, field), f"unknown chamber {key!r}; allowed: "
                         + ", ".join(chambers))
                    )  # fmt: skip
        for pid in statute.covers:
            if pid not in proposals:
                problems.append(
                    (("statutes", i, "covers"), f"unknown proposal id {pid!r}; allowed: "
                     + (", ".join(proposals) or "none declared"))
                )  # fmt: skip
    return problems


def drop_statute_defaults(data: dict) -> None:
    """Remove from a scenario's dumped ``data`` the statute fields left at their defaults.

    A scenario that uses none of them then hashes as it did before they existed.
    """
    if not data.get("statutes"):
        data.pop("statutes", None)
    drop_dynamics_defaults(data, VetoRule, TreatyViolation)
    for entry in data.get("proposals", []):
        if entry.get("withdrawal_rate", 0.0) is None:
            del entry["withdrawal_rate"]
