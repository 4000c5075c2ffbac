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

__all__ = [
    "anticipated_defeat",
    "decide",
    "executive_decision",
    "legislative_vote",
    "ratification",
    "required_vote",
]


def _tally(
    model: ResetModel, side: str, instrument: str, cast, lead_yes: bool = False
) -> tuple[float, int, Faction | None]:
    """Sum ``cast(faction)`` over the factions of ``side`` that vote on ``instrument``.

    Returns yes votes, total seats and the faction that cast the most votes against (with
    ``lead_yes``, the most votes for).
    """
    yes, total, leader, leader_no = 0, 0, None, -1
    for faction in model.factions[side]:
        if not faction.votes_on(instrument):
            continue
        votes = cast(faction)
        yes += votes
        total += faction.seats
        opposed = votes if lead_yes else faction.seats - votes
        if opposed > leader_no:
            leader, leader_no = faction, opposed
    return yes, total, leader


def legislative_vote(
    model: ResetModel,
    side: str,
    spec: Proposal,
    instrument: str,
    against: bool = False,
    expected: bool = False,
) -> tuple[float, int, Faction | None]:
    """Roll-call on ``instrument`` among the factions of ``side`` that hold it.

    Returns yes votes, total seats and the faction that cast the most votes against
    (:meth:`Faction.roll_call`; with ``against`` the vote is on undoing the proposal).
    With ``expected`` it is the vote as a counter expects it, without a draw: each
    faction's :meth:`Faction.expected_votes` on the support it would vote on; the faction
    returned is then the one that would cast the most votes against the proposal (for
    undoing it, with ``against``).
    """
    dyn = model.spec.dynamics
    president = model.presidents[side]

    def cast(f: Faction) -> float:
        if expected:
            support = f.roll_call_support(spec, president, dyn.concession_bonus, against)
            return f.expected_votes(support, dyn.vote_spread)
        return f.roll_call(
            spec, president, dyn.concession_bonus, dyn.vote_spread, model.rng, against
        )

    return _tally(model, side, instrument, cast, lead_yes=expected and against)


def required_vote(model: ResetModel, side: str, spec: Proposal) -> tuple[str, bool, float] | None:
    """The vote the legislature of ``side`` holds on ``spec``: ``(instrument, against, share)``.

    A treaty needs ``treaty_share``, a statute or appropriation a majority; an executive act
    faces a vote only when it gives up the side's core interest, and then on undoing it by a
    veto-proof statute (``against``). None when the legislature has no say.
    """
    chamber = model.legislatures[side]
    if spec.instrument == "executive":
        if spec.core and spec.concedes == side:
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
        plan = required_vote(model, side, spec)
        if plan is None:
            continue
        instrument, against, share = plan
        expected, total, leader = legislative_vote(model, side, spec, instrument, against, True)
        if total == 0:
            continue
        needed = votes_needed(total, share)
        if president.expects_to_lose(expected, needed, against):
            facts = {
                "president": president.name,
                "expected": round(expected),
                "needed": needed,
                "total": total,
                "what": "votes to undo" if against else "votes for",
                "leader": leader.name,
            }
            return Outcome(
                side, spec, "blocked", "anticipated", leader.name, expected / total, facts=facts
            )
    return None


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
    plan = required_vote(model, side, spec)
    if plan is None:
        return None
    instrument, against, share = plan
    yes, total, leader = legislative_vote(model, side, spec, instrument, against)
    if against:
        if total and passes(yes, total, share):
            votes, facts = (yes, total - yes), {"leader": leader.name}
            return Outcome(
                side, spec, "reversed", "codified", leader.name, votes=votes, facts=facts
            )
        return None
    if total == 0:
        return None
    facts = {"needed": votes_needed(total, share)}
    if passes(yes, total, share):
        return Outcome(side, spec, "ratified", "ratified", votes=(yes, total - yes), facts=facts)
    restored = instrument == "appropriation" and spec.core and spec.concedes == side
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
