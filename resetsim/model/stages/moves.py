"""Stage 1b, moves: actors answer the other side's moves of last month, then make their own.

Each actor holding moves (scenario ``[[moves]]``) may fire them with its own hazard
(:meth:`Actor.consider_moves`). A hostile move is a clash the other
side reads through the worldview gap and trust (Jervis 1976); a cooperative one a gesture
the gap discounts. Next month the other side's holders may answer the strongest of them in kind
(:meth:`Actor.answer`): retaliation, more likely with low trust and a
memory of recent hostile moves (Jervis's spiral), or reciprocation, more likely with trust
(Osgood's GRIT, 1962). A president may hold back his side's answer to a hostile move,
the more the deeper the relationship and the harder his side has hit lately (crisis
management, :mod:`resetsim.agents.crisis`); a move cools down for ``cooldown_months``
after its holder made it (:meth:`Actor.ready`). Every hazard and
answer chance is scaled by
``dynamics.move_rate_scale``; at 0 nobody moves and no random number is drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from resetsim.agents.legislature import passes, votes_needed
from resetsim.model.month import MonthState
from resetsim.model.narrative import move_sentence
from resetsim.model.outcomes import Outcome
from resetsim.model.stages.decision import legislative_vote
from resetsim.model.stages.events import clash, gesture, perceived_gesture, perceived_severity
from resetsim.scenario.schema import Proposal

if TYPE_CHECKING:
    from resetsim.agents.base import Actor
    from resetsim.model.model import ResetModel
    from resetsim.scenario.moves import Move

__all__ = [
    "Pending",
    "act",
    "held_back",
    "make_move",
    "most_salient",
    "originate",
    "seen_by_target",
]


class Pending(NamedTuple):
    """A move of last month awaiting an answer from ``side``."""

    row: int
    side: str
    direction: str
    seen: float
    sentence: str


def seen_by_target(model: ResetModel, move: Move) -> float:
    """How strongly the other side perceives ``move`` (hostile: amplified by the gap)."""
    st = model.structure
    if move.direction == "hostile":
        return perceived_severity(
            move.severity, 1.0, st.worldview_gap, st.misperception, model.trust
        )
    return perceived_gesture(move.severity, st.worldview_gap, st.misperception)


def originate(model: ResetModel, actor: Actor, move: Move) -> bool:
    """A faction originates the statute ``move``; its chamber votes on it by majority.

    Logs ``initiated`` and then the roll call (``adopted`` or ``blocked``) in the decision
    log. Members vote with :meth:`~resetsim.agents.legislature.Faction.roll_call`: for a
    hostile measure against their support for rapprochement. True if it passed.
    """
    side = actor.side
    spec = Proposal.model_construct(
        id=move.id, topic=move.topic or move.label, core=False, concedes=None,
        instrument="statute", initiator=side, agencies=[], benefit=0.0, months=1,
        earliest=None,
    )  # fmt: skip
    facts = {"faction": actor.title}
    model.log(Outcome(side, spec, "initiated", "initiated", facts=facts))
    hostile = move.direction == "hostile"
    yes, total, leader = legislative_vote(model, side, spec, "statute", against=hostile)
    if total == 0:
        return False
    share = model.legislatures[side].majority_share
    facts |= {"needed": votes_needed(total, share)}
    votes = (yes, total - yes)
    if passes(yes, total, share):
        model.log(Outcome(side, spec, "adopted", "passed_statute", votes=votes, facts=facts))
        return True
    facts |= {"leader": leader.name}
    model.log(Outcome(side, spec, "blocked", "refused_statute", leader.name, votes=votes,
                      facts=facts))  # fmt: skip
    return False


def make_move(
    model: ResetModel, month: MonthState, actor: Actor, move: Move, answering: Pending | None = None
) -> int | None:
    """``actor`` makes ``move``: the other side feels it and will consider an answer.

    A statute move takes effect only if the chamber passes it (:func:`originate`).
    Returns the move's ``events()`` row, or None for a statute voted down.
    """
    actor.made(move, model.month)  # its cooldown starts, a statute's even if voted down
    if move.statute and not originate(model, actor, move):
        return None
    other = model.other(actor.side)
    seen = seen_by_target(model, move)
    own = move_sentence(actor.title, move.label)
    text = move_sentence(actor.title, move.label, answering.sentence if answering else "")
    how = {
        "origin": "actor",
        "side": actor.side,
        "actor": actor.name,
        "direction": move.direction,
        "responds_to": answering.row if answering else "",
    }
    reading = {actor.side: 0.0, other: 1.0}
    apply = clash if move.direction == "hostile" else gesture
    row = apply(model, month, move.severity, reading, text, move.kind, move.issue, **how)
    model.move_memory[other][move.direction] += seen
    model.pending_moves.append(Pending(row, other, move.direction, seen, own))
    return row


def held_back(model: ResetModel, pending: Pending) -> bool:
    """Whether ``pending.side``'s president holds back its answer to a hostile move.

    :meth:`~resetsim.agents.crisis.CrisisManager.restraint` gives the chance; no random
    number is drawn when it is 0 (the default weights) or the move was cooperative.
    """
    if pending.direction != "hostile":
        return False
    dyn = model.dynamics
    own = model.move_memory[model.other(pending.side)]["hostile"]
    p = model.presidents[pending.side].restraint(
        model.relationship, own, dyn.crisis_restraint, dyn.answer_fatigue
    )
    return p > 0.0 and model.rng.random() < p


def _answer(model: ResetModel, month: MonthState, pending: Pending, opened: set[str]) -> None:
    """The first holder on ``pending.side`` whose answer fires answers the move in kind.

    ``opened`` is the set of moves open this month (:meth:`ResetModel.open_now`).
    """
    dyn = model.dynamics
    if held_back(model, pending):
        return
    base = dyn.retaliation_rate if pending.direction == "hostile" else dyn.reciprocation_rate
    memory = model.move_memory[pending.side][pending.direction]
    for actor in model.movers:
        if actor.side != pending.side:
            continue
        move = actor.answer(
            pending.direction, pending.seen, model.trust, memory,
            base * dyn.move_rate_scale, model.relationship, opened, model.rng, model.month,
        )  # fmt: skip
        if move is not None:
            make_move(model, month, actor, move, pending)
            return  # an answer voted down still uses up the side's answer


def most_salient(pending: list[Pending], sides: tuple[str, ...]) -> list[Pending]:
    """Per answering side, the move of last month it saw as strongest (first if tied).

    A government answers one provocation or gesture a month; the others lapse.
    """
    out = []
    for side in sides:
        mine = [p for p in pending if p.side == side]
        if mine:
            out.append(max(mine, key=lambda p: p.seen))
    return out


def act(model: ResetModel, month: MonthState) -> None:
    """Answers to last month's moves, then this month's own moves; memory fades first."""
    if not model.movers:
        return
    dyn = model.dynamics
    for memory in model.move_memory.values():
        for direction in memory:
            memory[direction] *= dyn.move_memory
    pending, model.pending_moves = model.pending_moves, []
    opened = model.open_now()  # only scheduled events (stage 1) open moves
    for item in most_salient(pending, model.sides) if pending else ():
        _answer(model, month, item, opened)
    presidents, scale, rng, now = model.presidents, dyn.move_rate_scale, model.rng, model.month
    for actor in model.movers:
        if actor.orders is None and (
            not actor.spontaneous or (not opened and now < actor.idle_until)
        ):
            continue  # it only answers, or its moves cool down (it would weigh and draw none)
        for move in actor.consider_moves(
            model.trust, model.relationship, opened, scale, rng, presidents[actor.side].stance, now
        ):
            make_move(model, month, actor, move)
