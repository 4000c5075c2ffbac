"""Proposals on the agenda and deals being implemented.

A proposal is tabled by a president, answered by the other, decided inside each
executive, ratified through whatever instrument it needs on both sides (Putnam 1988),
and then implemented by the agencies named in it over the promised number of months.
The built-in catalogue follows the FPRI article's examples: peripheral deals (arms
control, Iran sanctions, Afghan transit, counter-terrorism in Syria) and core ones
(lifting Ukraine-related sanctions, recognising Crimea, cutting military aid to Ukraine
and Georgia, halting NATO enlargement).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from resetsim.agents.plain import PlainCopy
from resetsim.scenario.schema import Proposal

__all__ = ["BUILTIN_PROPOSALS", "Deal", "ProposalState", "ProposalTerms"]

BUILTIN_PROPOSALS: tuple[Proposal, ...] = tuple(
    Proposal(**entry)
    for entry in tomllib.loads(
        (Path(__file__).with_name("builtin_proposals.toml")).read_text(encoding="utf-8")
    )["proposals"]
)
"""The built-in catalogue (``builtin_proposals.toml``), for scenarios that list no proposals."""


class ProposalTerms(PlainCopy):
    """A proposal's fields as plain attributes (:class:`PlainCopy`), for the monthly rules.

    The agenda, the implementation and the records read a proposal's fields every month;
    they read this copy, whose :meth:`costs` and :meth:`pays` are the proposal's own.
    """

    costs = Proposal.costs
    pays = Proposal.pays


@dataclass
class ProposalState:
    """Where a proposal stands on the agenda."""

    spec: Proposal
    earliest: int = 0
    attempts: int = 0
    retry_at: int = 0
    done: bool = False
    terms: ProposalTerms = field(init=False, repr=False, compare=False)  # the spec, plainly

    def __post_init__(self) -> None:
        self.terms = ProposalTerms(self.spec)

    def eligible(self, side: str, month: int) -> bool:
        """Whether ``side``'s president may table it in model month ``month``."""
        return (
            not self.done
            and month >= self.retry_at
            and month >= self.earliest
            and self.terms.initiator in (side, "both")
        )


@dataclass
class Deal:
    """A ratified proposal being implemented; progress is per agency, 0 to 1."""

    spec: Proposal
    start: int
    progress: dict[str, float] = field(default_factory=dict)
    credited: float = 0.0
    checked: bool = False
    lost_opposition: dict[str, float] = field(default_factory=dict)
    lost_routine: dict[str, float] = field(default_factory=dict)
    terms: ProposalTerms = field(init=False, repr=False, compare=False)  # the spec, plainly

    def __post_init__(self) -> None:
        self.terms = ProposalTerms(self.spec)

    @classmethod
    def in_force_at_start(cls, spec: Proposal, agencies) -> Deal:
        """A deal already in force when the scenario starts, fully delivered (e.g. ABM 1972)."""
        progress = {a: 1.0 for a in spec.agencies if a in agencies}
        return cls(spec=spec, start=0, progress=progress, credited=1.0, checked=True)

    def record_pace(self, name: str, obey: float, routine: float) -> None:
        """Book one month's missing work of agency ``name`` to opposition or routine.

        Of the month's promised work (``1 / months``), ``1 - obey`` is withheld by the
        agency's opposition and ``obey * (1 - routine)`` is lost to its routine slowness.
        Nothing is booked once the agency has finished.
        """
        if self.progress.get(name, 0.0) >= 1.0:
            return
        month = 1.0 / self.terms.months
        self.lost_opposition[name] = self.lost_opposition.get(name, 0.0) + (1.0 - obey) * month
        self.lost_routine[name] = (
            self.lost_routine.get(name, 0.0) + obey * max(0.0, 1.0 - routine) * month
        )

    def withheld(self, month: int) -> float:
        """The part of the promised-but-not-delivered work due to opposition, by ``month``.

        The gap ``promised(month) - credited`` split in proportion to the work withheld
        by opposition and lost to routine so far (the rest of the gap is routine).
        """
        opposition, routine = self.losses(list(self.progress))
        gap = max(0.0, self.promised(month) - self.credited)
        lost = opposition + routine
        return gap * opposition / lost if lost > 0 else 0.0

    def losses(self, names: list[str]) -> tuple[float, float]:
        """Mean work lost so far to opposition and to routine by the named agencies."""
        if not names:
            return 0.0, 0.0
        opposition = sum([self.lost_opposition.get(n, 0.0) for n in names]) / len(names)
        routine = sum([self.lost_routine.get(n, 0.0) for n in names]) / len(names)
        return opposition, routine

    def delivered(self, names: list[str]) -> float:
        """Mean progress of the named agencies (1 when none of them is involved)."""
        vals = [self.progress[n] for n in names if n in self.progress]
        return sum(vals) / len(vals) if vals else 1.0

    def promised(self, month: int) -> float:
        """Share of the work promised by ``month``."""
        return min(1.0, (month - self.start + 1) / self.terms.months)
