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

from resetsim.agents.legislature import Faction, passes, votes_needed
from resetsim.model.month import MonthState
from resetsim.model.outcomes import Outcome
from resetsim.model.proposals import Deal
from resetsim.scenario.schema import Proposal

if TYPE_CHECKING:
    from resetsim.model.model import ResetModel

__all__ = ["decide", "executive_decision", "legislative_vote", "ratification"]


def legislative_vote(
    model: ResetModel, side: str, spec: Proposal, instrument: str, against: bool = False
) -> tuple[int, int, Faction | None]:
    """Roll-call on ``instrument`` among the factions of ``side`` that hold it.

    Returns yes votes, total seats and the faction that cast the most votes against
    (:meth:`Faction.roll_call`; with ``against`` the vote is on undoing the proposal).
    """
    dyn = model.spec.dynamics
    president = model.presidents[side]
    yes, total, leader, leader_no = 0, 0, None, -1
    for faction in model.factions[side]:
        if not faction.votes_on(instrument):
            continue
        votes = faction.roll_call(
            spec, president, dyn.concession_bonus, dyn.vote_spread, model.rng, against
        )
        yes += votes
        total += faction.seats
        opposed = faction.seats - votes
        if opposed > leader_no:
            leader, leader_no = faction, opposed
    return yes, total, leader


def executive_decision(model: ResetModel, side: str, spec: Proposal) -> Outcome:
    """The executive of ``side`` adopts ``spec``, is overridden by its president, or blocks it."""
    president = model.presidents[side]
    dyn = model.spec.dynamics
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
    """The legislature of ``side`` on ``spec``: None when it has no say."""
    chamber = model.legislatures[side]
    instrument = spec.instrument
    concession = spec.core and spec.concedes == side
    if instrument == "executive":
        if not concession:
            return None
        yes, total, leader = legislative_vote(model, side, spec, "statute", against=True)
        if total and passes(yes, total, chamber.override_share):
            votes, facts = (yes, total - yes), {"leader": leader.name}
            return Outcome(
                side, spec, "reversed", "codified", leader.name, votes=votes, facts=facts
            )
        return None
    share = chamber.treaty_share if instrument == "treaty" else chamber.majority_share
    yes, total, leader = legislative_vote(model, side, spec, instrument)
    if total == 0:
        return None
    facts = {"needed": votes_needed(total, share)}
    if passes(yes, total, share):
        return Outcome(side, spec, "ratified", "ratified", votes=(yes, total - yes), facts=facts)
    restored = instrument == "appropriation" and concession
    return Outcome(
        side,
        spec,
        "reversed" if restored else "blocked",
        "restored_aid" if restored else f"refused_{instrument}",
        leader.name,
        votes=(yes, total - yes),
        facts=facts | {"leader": leader.name},
    )


def _agreed(model: ResetModel, side: str, spec: Proposal) -> bool:
    """Executive then legislature of ``side``; logs each outcome, True if the deal stands."""
    decision = executive_decision(model, side, spec)
    model.log(decision)
    if decision.outcome != "adopted":
        return False
    vote = ratification(model, side, spec)
    if vote is None:
        return True
    model.log(vote)
    return vote.outcome == "ratified"


def decide(model: ResetModel, month: MonthState) -> None:
    """Decide every proposal tabled and answered this month: proposer's side first."""
    step = model.spec.dynamics.reputation_step
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
        model.deals.append(deal)
    month.answered.clear()
