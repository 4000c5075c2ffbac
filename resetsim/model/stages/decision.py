"""Stage 4, decision: the executive decides, the legislature ratifies, both sides must agree.

Inside each executive a proposal is adopted when the president's command share of his
own support plus the rest of the weighted support of the agencies clears the bar
(Neustadt 1960; Allison & Halperin 1972; :meth:`President.executive_score`). A president
who wants it badly enough (his own support at least ``core_threshold`` minus his
hawkishness) can decide over the agencies' heads at a further cost in capital,
"commanding where he can": a budget request, an executive act; but the decision must
still be implemented by the agencies that objected and survive the legislature (FPRI
article on military aid to Ukraine). Proposals that need a treaty, a statute or money then
meet the legislature's instruments: two thirds of the Senate for a treaty, a majority for a
statute or an appropriation (US Constitution Art. I and II; Corwin 1948). An executive act
that gives up a core interest can be reversed by a veto-proof statute, and cut military aid
is restored by appropriators (FPRI article). The deal stands only if both sides ratify it
(Putnam 1988, the two-level game). Each step returns structured :class:`Outcome` records;
:mod:`resetsim.model.narrative` tells them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from resetsim.model.month import MonthState
from resetsim.model.outcomes import Outcome
from resetsim.model.proposals import Deal
from resetsim.model.stages.review import principal_verdict, release, start, under_review
from resetsim.model.stages.statutes import floor_on
from resetsim.model.stages.votes import Vote, legislative_vote
from resetsim.scenario.schema import Proposal

if TYPE_CHECKING:
    from resetsim.agents.chamber import Chamber
    from resetsim.model.model import ResetModel

__all__ = [
    "anticipated_defeat",
    "decide",
    "executive_decision",
    "legislative_vote",
    "passage",
    "ratification",
    "required_vote",
    "vote_in",
]


def passage(model: ResetModel, side: str, spec: Proposal) -> list[Vote]:
    """The votes ``side``'s legislature holds on ``spec``, chamber by chamber, in order.

    A ``[[procedures]]`` entry for the side and instrument names the chambers that must
    pass it, in order (bicameral passage; with ``core_only``, only for deals that touch a
    core interest); otherwise the main chamber holds the vote of :func:`required_vote`,
    unless that is a vote to undo an executive act that a review act in force on the side
    channels into its review (:func:`~resetsim.model.stages.review.under_review`).
    """
    procedure = model.procedures.get((side, spec.instrument))
    if procedure is not None and (spec.core or not procedure.core_only):
        chambers = [model.chambers[side][key] for key in procedure.chambers]
        return [(c, spec.instrument, False, c.share_for(spec.instrument)) for c in chambers]
    plan = required_vote(model, side, spec)
    if plan is None or (plan[1] and under_review(model, side, spec)):
        return []
    return [(model.main_chamber(side), *plan)]


def required_vote(model: ResetModel, side: str, spec: Proposal) -> tuple[str, bool, float] | None:
    """The vote the legislature of ``side`` holds on ``spec``: ``(instrument, against, share)``.

    A treaty needs ``treaty_share``, a statute or appropriation a majority; an executive act
    faces a vote only when it gives up the side's core interest, and then on undoing it by a
    veto-proof statute (``against``). None when the legislature has no say.
    """
    chamber = model.legislatures[side]
    if spec.instrument == "executive":
        if spec.costs(side):
            return "statute", True, chamber.override_share
        return None
    share = chamber.treaty_share if spec.instrument == "treaty" else chamber.majority_share
    return spec.instrument, False, share


def anticipated_defeat(model: ResetModel, proposer: str, spec: Proposal) -> Outcome | None:
    """The defeat ``proposer``'s president foresees for ``spec`` if he tabled it, or None.

    He counts the votes of both legislatures that would have a say (Putnam 1988: a deal
    must fall inside both sides' win-sets) with :func:`legislative_vote` (``expected``) and
    :meth:`President.expects_to_lose`; the first chamber he expects to lose is the one that
    blocks it, by anticipation (Friedrich's rule of anticipated reactions).
    """
    president = model.presidents[proposer]
    for side in (proposer, model.other(proposer)):
        for vote in passage(model, side, spec):
            defeat = _foreseen(model, side, spec, president, vote)
            if defeat is not None:
                return defeat
    return None


def _foreseen(
    model: ResetModel, side: str, spec: Proposal, president, vote: Vote
) -> Outcome | None:
    """The defeat ``president`` foresees in ``vote`` (:func:`anticipated_defeat`), or None."""
    chamber, instrument, against, share = vote
    expected, total, leader = legislative_vote(
        model, side, spec, instrument, against, True, chamber
    )
    if not total:
        return None
    needed = chamber.needed(total, share)
    if not president.expects_to_lose(expected, needed, against):
        return None
    facts = {
        "president": president.name,
        "expected": round(expected),
        "needed": needed,
        "total": total,
        "what": "votes to undo" if against else "votes for",
        "leader": leader.name,
    }
    return Outcome(
        side, spec, "blocked", "anticipated", leader.name, expected / total,
        facts=facts, chamber=chamber.key,
    )  # fmt: skip


def executive_decision(model: ResetModel, side: str, spec: Proposal) -> Outcome:
    """The executive of ``side`` adopts ``spec``, is overridden by its president, or blocks it."""
    president = model.presidents[side]
    dyn = model.dynamics
    bonus, bar = dyn.concession_bonus, dyn.adoption_bar
    score, worst, worst_support = president.executive_score(spec, model.bureaucracies[side], bonus)
    facts = {"president": president.name, "worst": worst.title, "worst_support": worst_support}
    own = president.support_for(spec, bonus)
    if score < bar and president.can_override(own, dyn.core_threshold, dyn.table_cost):
        president.spend(dyn.table_cost)
        return Outcome(side, spec, "adopted", "overridden", support=score, facts=facts)
    if score < bar:
        facts |= {"score": score, "bar": bar, "command_share": president.command_share}
        return Outcome(side, spec, "blocked", "held_out", worst.name, score, facts=facts)
    return Outcome(
        side, spec, "adopted", "went_along", support=score, facts=facts | {"score": score}
    )


def ratification(model: ResetModel, side: str, spec: Proposal) -> Outcome | None:
    """The first vote of ``side``'s legislature on ``spec`` (:func:`passage`): None if none."""
    plan = passage(model, side, spec)
    return vote_in(model, side, spec, *plan[0]) if plan else None


def vote_in(
    model: ResetModel,
    side: str,
    spec: Proposal,
    chamber: Chamber,
    instrument: str,
    against: bool,
    share: float,
) -> Outcome | None:
    """``chamber``'s roll call on ``spec``: None when it has no say or fails to undo it."""
    yes, total, leader = legislative_vote(model, side, spec, instrument, against, chamber=chamber)
    key = chamber.key
    if against:
        if total and chamber.verdict(yes, total, share) == "passed":
            votes, facts = (yes, total - yes), {"leader": leader.name}
            return Outcome(
                side, spec, "reversed", "codified", leader.name, votes=votes, facts=facts,
                chamber=key,
            )  # fmt: skip
        return None
    if total == 0:
        return None
    facts = {"needed": chamber.needed(total, share)}
    verdict = chamber.verdict(yes, total, share)
    if verdict == "passed":
        return Outcome(
            side, spec, "ratified", "ratified", votes=(yes, total - yes), facts=facts, chamber=key
        )
    restored = instrument == "appropriation" and spec.costs(side)
    story = "restored_aid" if restored else f"refused_{instrument}"
    return Outcome(
        side,
        spec,
        "reversed" if restored else "blocked",
        "filibustered" if verdict == "filibustered" else story,
        leader.name,
        votes=(yes, total - yes),
        facts=facts | {"leader": leader.name},
        chamber=key,
    )


def _agreed(model: ResetModel, side: str, spec: Proposal) -> bool:
    """Executive then legislature of ``side``; logs each outcome, True if the deal stands.

    An aid floor in force on ``side`` stops a proposal that would lower it before the
    executive decides (:func:`~resetsim.model.stages.statutes.floor_on`).
    """
    floor = floor_on(model, side, spec) if model.spec.statutes else None
    if floor is not None:
        model.log(floor)
        return False
    decision = executive_decision(model, side, spec)
    model.log(decision)
    if decision.outcome != "adopted":
        return False
    verdict = principal_verdict(model, side, spec)
    if verdict is not None:
        model.log(verdict)
        if verdict.outcome != "adopted":
            return False
    for plan in passage(model, side, spec):
        vote = vote_in(model, side, spec, *plan)
        if vote is None:
            continue
        model.log(vote)
        if vote.outcome != "ratified":
            return False
    return True


def decide(model: ResetModel, month: MonthState) -> None:
    """Decide every proposal tabled and answered this month: proposer's side first."""
    step = model.dynamics.reputation_step
    if model.institutions or model.held:  # held: also by codified sanctions' reviews
        release(model, month)
    for proposer, state in month.answered:
        spec = state.spec
        order = [proposer, *(s for s in model.sides if s != proposer)]
        ok = all(_agreed(model, s, spec) for s in order)
        president = model.presidents[proposer]
        if not ok:
            president.fail(step)
            continue
        president.succeed(step)
        state.done = True
        deal = Deal(
            spec=spec,
            start=model.month,
            progress={a: 0.0 for a in spec.agencies if a in model.agency},
        )
        start(model, deal)
    month.answered.clear()
