"""Issues as scenario data: stances differ by issue, and one agency holds the pen on each.

Positions on arms control, NATO enlargement, sanctions and regional security are not one
stance: "where you stand depends on where you sit" holds issue by issue (Allison &
Halperin 1972). An actor's ``issues`` table gives offsets added to its stance on the
issues it names (``issues = {arms-control = 0.2, enlargement = -0.4}``); a proposal's
``issue`` selects which of them counts. The agency that holds the pen on an issue drafts
the options and speaks with more weight: an action channel (Allison & Zelikow 1999). An
actor's ``remit`` says how far business on each issue moves its stance: an organisation
attends to what touches its essence (Halperin 1974).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from resetsim.scenario.fields import drop_entry_defaults

__all__ = [
    "ISSUE_PATTERN",
    "Issue",
    "IssueOffsets",
    "IssueStakes",
    "Remit",
    "TopicIssue",
    "drop_stake_defaults",
]

ISSUE_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
"""An issue id: lower case, digits and ``-`` (``arms-control``)."""

Issue = Annotated[str, Field(pattern=ISSUE_PATTERN)]
"""An issue id such as ``arms-control``."""

TopicIssue = Annotated[str, Field(pattern=r"^([a-z0-9][a-z0-9-]*)?$")]
"""The issue a proposal or a move is about: an issue id, or ``""`` for none (one stance)."""

IssueOffsets = dict[Issue, Annotated[float, Field(ge=-1.0, le=1.0)]]
"""Per-issue stance offsets of an actor, each in [-1, 1], added to its stance on that issue."""

Remit = dict[Issue, Annotated[float, Field(ge=0.0, le=3.0)]]
"""Per-issue exposure of an actor's stance to business on that issue, each in [0, 3]
(unnamed issues: 1)."""


class IssueStakes(BaseModel):
    """``remit`` and ``commerce`` of an agency or a faction, per issue (Halperin 1974).

    ``remit`` scales how far business on an issue moves the actor's stance; ``commerce``
    names the issues on which a hostile move puts the actor's trade at risk.
    """

    remit: Remit = Field(default_factory=dict)
    commerce: Remit = Field(default_factory=dict)


_STAKE_DEFAULTS: dict[str, dict[str, object]] = {
    "bureaucracies": {"remit": {}, "commerce": {}},
    "factions": {"remit": {}, "commerce": {}, "constituency": 1.0},
    "events": {"issue": ""},
}


def drop_stake_defaults(data: dict) -> None:
    """Remove from a scenario's dumped ``data`` the stake fields left at their defaults.

    A scenario that sets none of them (remit, commerce, constituency, an event's issue,
    chance clashes' issues) then hashes as it did before they existed.
    """
    if not data.get("structure", {}).get("clash_issues", True):
        del data["structure"]["clash_issues"]
    if not data.get("structure", {}).get("escalation_kinds", True):
        del data["structure"]["escalation_kinds"]
    drop_entry_defaults(data, _STAKE_DEFAULTS)
