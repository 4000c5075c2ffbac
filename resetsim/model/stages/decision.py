"""Stage 4, decision: the executive decides, the legislature ratifies, both sides must agree.

Inside each executive a proposal is adopted when the president's command share of his
own support plus the rest of the weighted support of the agencies clears the bar
(Neustadt 1960; Allison & Halperin 1972). A president who wants it badly enough
(his own support at least ``core_threshold`` minus his hawkishness) can decide over the
agencies' heads at a further cost in capital, "commanding where he can": a budget
request, an executive act; but the decision must still be implemented by the agencies
that objected and survive the legislature (FPRI article on military aid to Ukraine).
Proposals that need a treaty, a statute or money then meet the legislature's
instruments: two thirds of the Senate for a treaty, a majority for a statute or an
appropriation (US Constitution Art. I and II; Corwin 1948).
An executive act that gives up a core interest can be reversed by a veto-proof statute,
and cut military aid is restored by appropriators (FPRI article). The deal stands only
if both sides ratify it (Putnam 1988, the two-level game).
"""

from __future__ import annotations

from resetsim.agents.legislature import votes_needed
from resetsim.model.proposals import Deal
from resetsim.scenario.schema import SIDES, Proposal

__all__ = ["decide", "executive_support", "legislative_vote", "support_for"]


def support_for(model, actor, spec: Proposal, side: str) -> float:
    """Actor's support for ``spec`` as seen from ``side``.

    A concession by its own side costs its hawkishness; one by the other side is a gain
    worth ``concession_bonus``.
    """
    value = actor.support(spec.core and spec.concedes == side)
    if spec.core and spec.concedes not in (side, None):
        value += model.spec.dynamics.concession_bonus
    return value


def executive_support(model, side: str, spec: Proposal) -> tuple[float, object, float]:
    """Executive score, the agency most against it, and that agency's support.

    Score = command_share * president's support + (1 - command_share) * the clout- and
    salience-weighted mean support of president and agencies (agencies in the proposal's
    remit count double).
    """
    president = model.presidents[side]
    kappa = president.command_share
    p_support = support_for(model, president, spec, side)
    num, den = president.weight * p_support, president.weight
    worst, worst_value = None, float("inf")
    for agency in model.bureaucracies[side]:
        weight = agency.weight * (2.0 if agency.name in spec.agencies else 1.0)
        value = support_for(model, agency, spec, side)
        num += weight * value
        den += weight
        if weight * value < worst_value:
            worst, worst_value = agency, weight * value
    mean = num / den if den > 0 else p_support  # nobody weighs in: the president alone
    score = kappa * p_support + (1.0 - kappa) * mean
    return score, worst, support_for(model, worst, spec, side) if worst else 0.0


def legislative_vote(
    model, side: str, spec: Proposal, instrument: str, against: bool = False
) -> tuple[int, int, object]:
    """Roll-call on ``instrument`` among the factions that hold it.

    Each member votes yes with a logistic chance in the faction's effective support,
    ``(1 - kappa) * own + kappa * president's``: Russia's Duma bends to the Kremlin's
    command share; the US Senate hardly does. With ``against`` the vote is on undoing the
    proposal (support flips sign). Returns yes votes, total seats and the faction that
    cast the most votes against.
    """
    dyn = model.spec.dynamics
    president = model.presidents[side]
    kappa = president.command_share
    p_support = support_for(model, president, spec, side)
    yes, total, leader, leader_no = 0, 0, None, -1
    for faction in model.factions[side]:
        if instrument not in faction.instruments or faction.seats == 0:
            continue
        support = (1.0 - kappa) * support_for(model, faction, spec, side) + kappa * p_support
        if against:
            support = -support
        votes = faction.vote(support, dyn.vote_spread, model.rng)
        yes += votes
        total += faction.seats
        opposed = faction.seats - votes
        if opposed > leader_no:
            leader, leader_no = faction, opposed
    return yes, total, leader


def _executive(model, side: str, spec: Proposal) -> bool:
    president = model.presidents[side]
    score, worst, worst_support = executive_support(model, side, spec)
    dyn = model.spec.dynamics
    bar = dyn.adoption_bar
    p_support = support_for(model, president, spec, side)
    if score < bar and p_support >= dyn.core_threshold - president.hawkishness:
        if president.capital >= dyn.table_cost:
            president.spend(dyn.table_cost)
            model.log(
                side,
                spec,
                "adopted",
                blocked_by="",
                support=score,
                reason=f"President {president.name} overrode the objections of "
                f"{worst.title} (its support {worst_support:+.2f}) and decided "
                f"{spec.topic} himself; now it must be implemented and survive "
                "the legislature.",
            )
            return True
    if score < bar:
        model.log(
            side,
            spec,
            "blocked",
            blocked_by=worst.name,
            support=score,
            reason=f"Inside the {side} government {worst.title} held out against "
            f"{spec.topic} (its support {worst_support:+.2f}); the weighted "
            f"support {score:+.2f} stayed below the bar {bar:+.2f} and "
            f"President {president.name}'s command share of "
            f"{president.command_share:.0%} could not override it.",
        )
        return False
    model.log(
        side,
        spec,
        "adopted",
        support=score,
        reason=f"Inside the {side} government the agencies went along with {spec.topic} "
        f"(weighted support {score:+.2f}; {worst.title} was the most reluctant at "
        f"{worst_support:+.2f}).",
    )
    return True


def _ratify(model, side: str, spec: Proposal) -> bool:
    chamber = model.legislatures[side]
    instrument = spec.instrument
    concession = spec.core and spec.concedes == side
    if instrument == "executive":
        if not concession:
            return True
        yes, total, leader = legislative_vote(model, side, spec, "statute", against=True)
        if total and yes >= votes_needed(total, chamber.override_share):
            model.log(
                side,
                spec,
                "reversed",
                blocked_by=leader.name,
                votes=(yes, total - yes),
                reason=f"{_cap(chamber.name)} passed a veto-proof statute "
                f"{yes}-{total - yes} that codifies the core interest and "
                f"undoes {spec.topic}; {leader.name} led the revolt.",
            )
            return False
        return True
    share = chamber.treaty_share if instrument == "treaty" else chamber.majority_share
    yes, total, leader = legislative_vote(model, side, spec, instrument)
    if total == 0:
        return True
    needed = votes_needed(total, share)
    if yes >= needed:
        model.log(
            side,
            spec,
            "ratified",
            votes=(yes, total - yes),
            reason=f"{_cap(chamber.name)} approved {spec.topic} {yes}-{total - yes} "
            f"({needed} votes needed).",
        )
        return True
    outcome = "reversed" if instrument == "appropriation" and concession else "blocked"
    what = {
        "treaty": f"refused consent to {spec.topic}",
        "statute": f"voted down {spec.topic}",
        "appropriation": f"refused the money for {spec.topic}",
    }[instrument]
    if outcome == "reversed":
        what = "wrote the aid back into the appropriations bill, reversing " + spec.topic
    model.log(
        side,
        spec,
        outcome,
        blocked_by=leader.name,
        votes=(yes, total - yes),
        reason=f"{_cap(chamber.name)} {what}: {yes}-{total - yes}, short of the "
        f"{needed} votes needed; {leader.name} cast the most votes against.",
    )
    return False


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def decide(model) -> None:
    """Decide every proposal tabled and answered this month."""
    step = model.spec.dynamics.reputation_step
    for proposer, state in model.pending:
        spec = state.spec
        order = [proposer, *(s for s in SIDES if s != proposer)]
        ok = all(_executive(model, s, spec) and _ratify(model, s, spec) for s in order)
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
    model.pending.clear()
