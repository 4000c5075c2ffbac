"""Actors' own moves: a repertoire of unilateral acts, made with hazards and as answers.

Mixed into :class:`resetsim.agents.base.Actor`. Actors that hold moves act on the other
side on their own (:meth:`MoveRepertoire.consider_moves`: proportional hazards, Cox 1972)
and answer its moves (:meth:`MoveRepertoire.answer`): Jervis's (1976) spiral for hostile
moves, Osgood's (1962) GRIT for cooperative ones. Which moves exist and who holds them is
scenario data (``[[moves]]``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from resetsim.agents.plain import PlainCopy
from resetsim.scenario.moves import SIGNS

if TYPE_CHECKING:
    from resetsim.scenario.moves import Move

__all__ = ["NEVER", "MoveRepertoire", "MoveTerms"]

NEVER = 1 << 62
"""A month no run reaches: the idle holders of :meth:`MoveRepertoire.consider_moves`."""


class MoveTerms(PlainCopy):
    """A move's fields as plain attributes (:class:`PlainCopy`), for the monthly draws.

    ``move`` is the move itself and ``sign`` its :attr:`~resetsim.scenario.moves.Move.sign`
    (there a property, here a plain value); the same rules (:meth:`MoveRepertoire.ready`,
    :meth:`MoveRepertoire.move_hazard`, :meth:`MoveRepertoire.move_propensity`) read this
    copy of its frozen values.
    """

    def __init__(self, move: Move):
        super().__init__(move)
        self.move = move
        self.sign = SIGNS[move.direction]


class MoveRepertoire:
    """The moves an actor holds, their cooldowns, hazards and answers.

    Expects the host class to provide ``side``, ``name``, ``family``, ``stance``,
    ``hawkishness``, ``orders``, ``ordered``, ``last_made``, ``idle_until``, ``moves`` and
    ``spontaneous`` (set by :meth:`hold`).
    """

    # the spontaneous moves the terms were copied from, their :class:`MoveTerms`, and the
    # terms of those that need no opening (all that a month without openings weighs)
    _terms: tuple[tuple[Move, ...], tuple[MoveTerms, ...], tuple[MoveTerms, ...]] = ((), (), ())

    def hold(self, repertoire: Iterable[Move]) -> None:
        """Take the moves of ``repertoire`` whose holder names this actor or its family."""
        self.moves = tuple(m for m in repertoire if m.held_by(self.side, self.name, self.family))
        # the moves it may make of its own accord (a move of base hazard 0 is only an answer)
        self.spontaneous = tuple(m for m in self.moves if m.base_hazard > 0.0)
        self.idle_until = 0  # a new repertoire: weigh it next month

    def ready(self, move: Move, month: int) -> bool:
        """Whether ``move``'s cooldown has run out: ``month - last made >= cooldown_months``.

        A government does not expel diplomats or hold a summit every month, and a statute
        its faction originated stays on the books for the cooldown (a statute in force is
        not passed again; an answered provocation is not answered twice with the same act).
        With ``cooldown_months`` 0 every move is always ready.
        """
        last = self.last_made.get(move.id)
        return last is None or month - last >= move.cooldown_months

    def made(self, move: Move, month: int) -> None:
        """Remember that it made (or originated) ``move`` in ``month``: its cooldown starts."""
        self.last_made[move.id] = month

    def move_propensity(
        self, move: Move, trust: float, relationship: float, executive: float | None = None
    ) -> float:
        """Relative hazard of ``move``: ``exp(sign * x)``.

        ``x = w_s * stance + w_h * (0.5 - hawkishness) + w_t * (trust - 0.5) + w_r * r
        + w_e * (stance - executive)`` with the move's weights, ``r`` the relationship and
        ``executive`` its president's stance (default: its own, so the term is 0 for a
        president): an actor that distrusts its executive's course acts on its own (FPRI
        article on Congress). ``sign`` is +1 for a cooperative
        move, -1 for a hostile one, so a low stance, a high hawkishness, low trust and a poor
        relationship raise hostile moves and lower cooperative ones (proportional hazards,
        Cox 1972).
        """
        x = (
            move.stance_weight * self.stance
            + move.hawk_weight * (0.5 - self.hawkishness)
            + move.trust_weight * (trust - 0.5)
            + move.relationship_weight * relationship
        )
        if executive is not None:
            x += move.executive_weight * (self.stance - executive)
        return math.exp(move.sign * x)

    def move_hazard(
        self,
        move: Move,
        trust: float,
        relationship: float,
        opened: bool,
        scale: float,
        executive: float | None = None,
    ) -> float:
        """Monthly hazard of ``move``: base times ``scale`` times propensity, raised by an opening.

        A move that needs an opening has hazard 0 without one (scenarios schedule
        opportunities, the actors decide what to make of them).
        """
        if move.needs_opening and not opened:
            return 0.0
        boost = move.opening_boost if opened else 1.0
        return (
            move.base_hazard
            * scale
            * boost
            * self.move_propensity(move, trust, relationship, executive)
        )

    def consider_moves(
        self,
        trust: float,
        relationship: float,
        openings: set[str],
        scale: float,
        rng,
        executive: float | None = None,
        month: int = 0,
    ) -> list[Move]:
        """The moves it makes this month: each fires with probability ``1 - exp(-hazard)``.

        No random number is drawn for a move of hazard 0 or still cooling down
        (:meth:`ready`), so ``scale`` 0 (the null model) leaves the run exactly as without
        moves. A player's ``move`` order replaces the draws' result (they are still drawn,
        so that the rest of the run sees the same random numbers): the move named, if it
        holds it and it is open, or none. In a month without openings it sets
        ``idle_until`` to the month the first of its moves that need none is ready again, if
        all of them are cooling down (the move stage need not ask it till then: it would
        weigh nothing and draw nothing).
        """
        if not self.spontaneous and self.orders is None:
            return []
        fired = []
        made = self.last_made  # an actor that has made no move yet has every move ready
        if self._terms[0] is not self.spontaneous:
            terms = tuple(map(MoveTerms, self.spontaneous))
            self._terms = (self.spontaneous, terms, tuple(t for t in terms if not t.needs_opening))
        # the first month it weighs again: with no move open and a scale above 0, the first
        # of its moves that need no opening to be ready (never, if it holds none)
        idle = None if openings or scale <= 0.0 else NEVER
        # :meth:`ready` and :meth:`move_hazard` read in place: the calls cost the
        # interpreter more than their rules, and every holder weighs its moves every month
        # (most months it weighs none, its moves cooling down or waiting for an opening; in
        # a month without openings those that need one are not even looked at). The
        # propensity keeps its one home, :meth:`move_propensity`, which answers use too.
        for move in (self._terms[1] if openings else self._terms[2]) if scale > 0.0 else ():
            opened = move.id in openings
            if move.needs_opening and not opened:
                continue  # hazard 0: no draw, as move_hazard would give
            if made:
                last = made.get(move.id)
                if last is not None and month - last < move.cooldown_months:
                    if idle is not None and last + move.cooldown_months < idle:
                        idle = last + move.cooldown_months
                    continue  # cooling down: not ready, no draw
            idle = None  # it weighs a move: ask it again next month
            boost = move.opening_boost if opened else 1.0
            propensity = self.move_propensity(move, trust, relationship, executive)
            hazard = move.base_hazard * scale * boost * propensity
            if hazard > 0.0 and rng.random() < -math.expm1(-hazard):
                fired.append(move.move)
        if idle is not None:
            self.idle_until = idle
        if self.orders is None:
            return fired
        wanted = self.ordered("move")
        if wanted is None:
            return fired
        return [
            m for m in self.moves if m.id == wanted and (not m.needs_opening or m.id in openings)
        ]

    def answer_probability(
        self, move: Move, seen: float, trust: float, memory: float, rate: float, relationship: float
    ) -> float:
        """Chance it answers a move of the other side, seen as ``seen``, with its own ``move``.

        ``rate * seen * warmth * (1 + memory / (1 + memory)) * propensity``, at most 1:
        distrust (``warmth = 1 - trust``) drives retaliation, trust (``warmth = trust``)
        reciprocation; ``memory`` is the other side's recent moves of that direction as this
        side saw them, and at most doubles the chance.
        """
        warmth = trust if move.direction == "cooperative" else 1.0 - trust
        recall = 1.0 + memory / (1.0 + memory)
        p = rate * seen * warmth * recall * self.move_propensity(move, trust, relationship)
        return min(1.0, p)

    def answer(
        self, direction: str, seen: float, trust: float, memory: float, rate: float,
        relationship: float, openings: set[str], rng, month: int = 0,
    ) -> Move | None:  # fmt: skip
        """Its answer to a ``direction`` move of the other side: its first move that fires.

        Only moves of the same direction count, a move that needs an opening only while it
        is open, and a move still cooling down (:meth:`ready`) not at all. An actor whose
        player decides its moves answers only by its own move.
        """
        if self.orders is not None and self.ordered("move") is not None:
            return None
        for move in self.moves:
            if move.direction != direction or (move.needs_opening and move.id not in openings):
                continue
            if not self.ready(move, month):
                continue
            p = self.answer_probability(move, seen, trust, memory, rate, relationship)
            if p > 0.0 and rng.random() < p:
                return move
        return None
