"""Statutes a legislature originates: their votes, and what they do once in force.

Each ``[[statutes]]`` entry belongs to a chamber. When the chamber distrusts its
president's course towards the other side
(:meth:`~resetsim.agents.chamber.Chamber.distrust`) it may take the statute up
(:meth:`~resetsim.agents.chamber.Chamber.originates`); the chambers that pass statutes on
its side vote by majority (and cloture), the president signs it or vetoes it
(:meth:`~resetsim.agents.president.President.vetoes`) and each chamber may override by its
``override_share`` (:func:`becomes_law`; when, :mod:`resetsim.model.stages.legislation`).
Codified sanctions then put any
relief by the president under the chamber's review (:mod:`resetsim.model.stages.review`);
an aid floor stops any proposal that would lower the support it fixes (:func:`floor_on`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from resetsim.model.outcomes import Outcome
from resetsim.model.stages.votes import legislative_vote
from resetsim.scenario.schema import Proposal

if TYPE_CHECKING:
    from resetsim.agents.chamber import Chamber
    from resetsim.model.model import ResetModel
    from resetsim.scenario.statutes import Statute

__all__ = [
    "becomes_law",
    "floor_on",
    "origin_chamber",
    "override_counts",
    "relief_reviews",
    "statute_proposal",
]


def origin_chamber(model: ResetModel, statute: Statute) -> Chamber:
    """The chamber that holds ``statute`` (its ``chamber``, or its side's main chamber)."""
    if statute.chamber:
        return model.chambers[statute.side][statute.chamber]
    return model.main_chamber(statute.side)


def statute_proposal(statute: Statute) -> Proposal:
    """The decision log's proposal for ``statute``: a measure against rapprochement."""
    return Proposal.model_construct(
        id=statute.id, topic=statute.topic, core=False, concedes=None, instrument="statute",
        initiator=statute.side, agencies=[], benefit=0.0, months=1, earliest=None,
    )  # fmt: skip


def _chambers(model: ResetModel, origin: Chamber) -> list[Chamber]:
    """The chambers that must pass a statute of ``origin``'s side, in order."""
    procedure = model.procedures.get((origin.side, "statute"))
    if procedure is None:
        return [origin]
    return [model.chambers[origin.side][key] for key in procedure.chambers]


def _vote(model: ResetModel, chamber: Chamber, spec: Proposal, share: float, story: str) -> bool:
    """``chamber`` votes ``spec`` at ``share`` (``story``: ``statute`` or ``override``); logged."""
    side = chamber.side
    yes, total, leader = legislative_vote(model, side, spec, "statute", True, chamber=chamber)
    if total == 0:
        return True  # a chamber with no votes on statutes does not stand in the way
    verdict = chamber.verdict(yes, total, share)
    votes, key = (yes, total - yes), chamber.key
    facts = {"needed": chamber.needed(total, share), "leader": leader.name}
    if verdict == "passed":
        tell = "ratified" if story == "statute" else "override_passed"
        model.log(Outcome(side, spec, "adopted", tell, votes=votes, facts=facts, chamber=key))
        return True
    tell = {"statute": "refused_statute", "override": "override_failed"}[story]
    if verdict == "filibustered" and story == "statute":
        tell = "filibustered"
    model.log(Outcome(side, spec, "blocked", tell, leader.name, votes=votes, facts=facts,
                      chamber=key))  # fmt: skip
    return False


def override_counts(
    model: ResetModel, side: str, spec: Proposal, chambers: list[Chamber]
) -> list[tuple[float, int]]:
    """The president's count of an override in each of ``chambers``: expected yes, needed.

    Empty unless ``dynamics.anticipate_veto``; the count draws no random number
    (:func:`~resetsim.model.stages.votes.legislative_vote` with ``expected``).
    """
    if not model.dynamics.anticipate_veto:
        return []
    counts = []
    for chamber in chambers:
        yes, total, _ = legislative_vote(model, side, spec, "statute", True, expected=True,
                                         chamber=chamber)  # fmt: skip
        counts.append((yes, chamber.needed(total, chamber.override_share)))
    return counts


def _signed(model: ResetModel, spec: Proposal, chambers: list[Chamber], counts) -> None:
    """Log that the president signed ``spec``, which he opposes, as the override was sure."""
    side, chamber = spec.initiator, chambers[0]
    yes, needed = counts[0]
    facts = {"president": model.presidents[side].name, "expected": round(yes),
             "needed": needed}  # fmt: skip
    model.log(Outcome(side, spec, "adopted", "signed_unstoppable", votes=None, facts=facts,
                      chamber=chamber.key))  # fmt: skip


def becomes_law(model: ResetModel, origin: Chamber, statute: Statute, distrust: float) -> bool:
    """``origin`` takes ``statute`` up; its side's chambers vote; veto and override. Logged."""
    side = statute.side
    spec = statute_proposal(statute)
    president = model.presidents[side]
    facts = {"president": president.name, "other": model.side_labels[model.other(side)],
             "distrust": distrust}  # fmt: skip
    model.log(Outcome(side, spec, "initiated", "originated", facts=facts, chamber=origin.key))
    chambers = _chambers(model, origin)
    if not all(_vote(model, c, spec, c.majority_share, "statute") for c in chambers):
        return False
    counts = override_counts(model, side, spec, chambers)
    if not president.vetoes(spec, model.dynamics.concession_bonus, counts):
        if counts and president.vetoes(spec, model.dynamics.concession_bonus):
            _signed(model, spec, chambers, counts)  # he opposes it but cannot stop it
        return True
    model.log(Outcome(side, spec, "rejected", "vetoed", president.name,
                      facts={"president": president.name}))  # fmt: skip
    return all(_vote(model, c, spec, c.override_share, "override") for c in chambers)


def relief_reviews(model: ResetModel, spec: Proposal) -> list:
    """The review acts of every codified sanctions statute in force that cover ``spec``."""
    return [
        act
        for side in model.sides
        for chamber in model.chambers[side].values()
        for act in chamber.reviews_of(spec)
    ]


def floor_on(model: ResetModel, side: str, spec: Proposal) -> Outcome | None:
    """The block an aid floor in force on ``side`` puts on ``spec``, or None."""
    president = model.presidents[side]
    for chamber in model.chambers[side].values():
        law = chamber.floor_on(spec)
        if law is not None:
            facts = {"statute": law.name, "president": president.name}
            return Outcome(side, spec, "blocked", "aid_floor", chamber.key, facts=facts,
                           chamber=chamber.key)  # fmt: skip
    return None
