"""Stage 4b, institutions after the executive: a principal's approval, review acts, linkage.

A principal above the president (Iran's Supreme Leader) approves or vetoes a deal his
executive adopted (:meth:`~resetsim.agents.principal.Principal.approves`). A deal agreed by
both sides may then be held before its implementation starts:

* a **review act** in force on a side (Iran Nuclear Agreement Review Act 2015; CAATSA 2017
  on relief from Russia sanctions) gives its legislature ``window`` months to disapprove an
  executive deal: each named chamber votes a resolution of disapproval by its majority
  (and cloture) rule; if all pass it, the president vetoes
  (:meth:`~resetsim.agents.president.President.vetoes`) and each chamber must override by
  its ``override_share``; a disapproval that stands ends the deal;
* a **linkage** in force (Jackson-Vanik, Trade Act of 1974, sec. 402: most-favoured-nation
  status conditioned on free emigration) holds a deal until its condition, another
  proposal, is agreed; if that does not happen within ``months``, the deal lapses and is
  logged as withdrawn by the other side (the Soviet Union put the 1972 trade agreement
  aside in 1975-01). A linkage enacted while the deal is being implemented suspends it.

A review act or linkage is in force from the start, or from the month the proposal named
by its ``enacted_by`` is agreed, so a case can leave its enactment to the model; a chamber
that codifies sanctions on its own brings a review act into force with them
(:mod:`resetsim.model.stages.statutes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from resetsim.model.outcomes import Outcome
from resetsim.model.stages.statutes import override_counts, relief_reviews
from resetsim.model.stages.votes import legislative_vote
from resetsim.scenario.institutions import resolution_id

if TYPE_CHECKING:
    from resetsim.model.model import ResetModel
    from resetsim.model.month import MonthState
    from resetsim.model.proposals import Deal
    from resetsim.scenario.schema import Linkage, Proposal, ReviewAct

__all__ = [
    "Held",
    "principal_verdict",
    "release",
    "review",
    "start",
    "under_review",
]


@dataclass
class Held:
    """A deal agreed by both sides whose implementation waits for reviews or conditions."""

    deal: Deal
    since: int
    elapsed: int = 0
    reviews: list[tuple[ReviewAct, int]] = field(default_factory=list)
    linkages: list[Linkage] = field(default_factory=list)


def principal_verdict(model: ResetModel, side: str, spec: Proposal) -> Outcome | None:
    """The verdict of ``side``'s principals on a deal its executive adopted (None: none)."""
    bonus = model.dynamics.concession_bonus
    verdict = None
    for principal in model.principals[side]:
        if not principal.reviews_deal(spec):
            continue
        support = principal.support_for(spec, bonus)
        title = principal.title[:1].upper() + principal.title[1:]
        facts = {"Principal": title, "support": support, "bar": principal.approval_bar}
        played = "_played" if principal.ordered("verdict") is not None else ""
        if not principal.approves(spec, bonus):
            return Outcome(
                side, spec, "blocked", f"principal_veto{played}", principal.name, support,
                facts=facts,
            )  # fmt: skip
        verdict = Outcome(
            side, spec, "adopted", f"principal_approved{played}", support=support, facts=facts
        )
    return verdict


def _concluded(model: ResetModel, proposal_id: str | None) -> bool:
    """Whether the proposal ``proposal_id`` has been agreed (None: nothing to wait for)."""
    if proposal_id is None:
        return True
    return any(state.done and state.spec.id == proposal_id for state in model.proposals)


def _reviews(model: ResetModel, spec: Proposal) -> list[ReviewAct]:
    """The review acts in force that cover ``spec``'s instrument.

    Those of the scenario's ``[[reviews]]``, and those that codified sanctions a chamber
    enacted bring for the relief they cover
    (:func:`~resetsim.model.stages.statutes.relief_reviews`).
    """
    acts = [
        act
        for act in model.spec.reviews
        if spec.instrument in act.instruments and _concluded(model, act.enacted_by)
    ]
    return acts + relief_reviews(model, spec) if model.spec.statutes else acts


def _unmet(model: ResetModel, spec: Proposal) -> list[Linkage]:
    """The linkages in force on ``spec`` whose condition has not been agreed."""
    return [
        link
        for link in model.spec.linkages
        if link.proposal == spec.id
        and _concluded(model, link.enacted_by)
        and not _concluded(model, link.condition)
    ]


def under_review(model: ResetModel, side: str, spec: Proposal) -> bool:
    """Whether a review act in force on ``side`` covers ``spec``."""
    return any(act.side == side for act in _reviews(model, spec))


def start(model: ResetModel, deal: Deal) -> None:
    """A deal both sides agreed starts, or is held for review acts and unmet linkages."""
    reviews = [(act, model.month + act.window) for act in _reviews(model, deal.spec)]
    linkages = _unmet(model, deal.spec)
    if not reviews and not linkages:
        model.deals.append(deal)
        return
    model.held.append(Held(deal, model.month, reviews=reviews, linkages=linkages))


def review(model: ResetModel, act: ReviewAct, spec: Proposal) -> bool:
    """``act``'s review of the deal ``spec``; True if a disapproval stands and ends it."""
    side = act.side
    chambers = [model.chambers[side][key] for key in act.chambers] or [model.main_chamber(side)]
    resolution = spec.model_copy(
        update={"id": resolution_id(spec.id), "topic": f"a resolution disapproving {spec.topic}",
                "instrument": "statute", "core": False, "concedes": None}
    )  # fmt: skip
    facts = {"act": act.name, "deal": spec.topic}
    for chamber in chambers:
        if not _roll_call(model, act, spec, resolution, chamber, chamber.majority_share, facts):
            return False
    president = model.presidents[side]
    counts = override_counts(model, side, spec, chambers)  # empty unless anticipate_veto
    if president.vetoes(spec, model.dynamics.concession_bonus, counts):
        model.log(Outcome(side, resolution, "rejected", "vetoed", president.name,
                          facts=facts | {"president": president.name}))  # fmt: skip
        for chamber in chambers:
            if not _roll_call(model, act, spec, resolution, chamber, chamber.override_share,
                              facts | {"override": True}):  # fmt: skip
                return False
    model.log(Outcome(side, spec, "reversed", "disapproved", chambers[0].name, facts=facts))
    return True


def _roll_call(model, act, spec, resolution, chamber, share, facts) -> bool:
    """One chamber's vote to disapprove ``spec`` (or override a veto); logged; True if passed."""
    yes, total, leader = legislative_vote(
        model, act.side, spec, "statute", against=True, chamber=chamber
    )
    if total == 0:
        return True  # a chamber with no votes on statutes does not stand in the way
    verdict = chamber.verdict(yes, total, share)
    story = ("override" if facts.get("override") else "disapproval") + f"_{verdict}"
    outcome = "ratified" if verdict == "passed" else "blocked"
    blocker = "" if verdict == "passed" else leader.name
    facts = facts | {"needed": chamber.needed(total, share), "leader": leader.name}
    model.log(Outcome(act.side, resolution, outcome, story, blocker, votes=(yes, total - yes),
                      facts=facts, chamber=chamber.key))  # fmt: skip
    return verdict == "passed"


def _suspend_linked(model: ResetModel) -> None:
    """A linkage enacted while a deal is being implemented suspends the deal."""
    for deal in list(model.deals):
        linkages = _unmet(model, deal.spec)
        if linkages:
            model.deals.remove(deal)
            held = Held(deal, model.month, model.month - deal.start, linkages=linkages)
            model.held.append(held)


def release(model: ResetModel, month: MonthState) -> None:
    """Hold reviews that fall due; start deals no longer held; let lapsed linkages go."""
    del month  # the stage signature; held deals carry their own months
    _suspend_linked(model)
    for held in list(model.held):
        spec = held.deal.spec
        due = [(act, at) for act, at in held.reviews if at <= model.month]
        held.reviews = [r for r in held.reviews if r not in due]
        if any(review(model, act, spec) for act, _ in due):
            model.held.remove(held)
            continue
        held.linkages = [link for link in held.linkages if not _concluded(model, link.condition)]
        lapsed = [link for link in held.linkages if model.month - held.since >= link.months]
        if lapsed:
            model.held.remove(held)
            _lapse(model, lapsed[0], spec)
        elif not held.reviews and not held.linkages:
            model.held.remove(held)
            held.deal.start = model.month - held.elapsed
            model.deals.append(held.deal)


def _lapse(model: ResetModel, link: Linkage, spec: Proposal) -> None:
    """The deal ``spec`` lapses: the side asked to meet ``link``'s condition leaves it."""
    side = model.other(link.side)
    president = model.presidents[side]
    condition = next(s.spec.topic for s in model.proposals if s.spec.id == link.condition)
    facts = {"president": president.name, "condition": condition, "months": link.months}
    model.log(Outcome(side, spec, "withdrawn", "linkage_lapsed", president.name, facts=facts))
