"""Presidents: agenda setters whose power is mostly the power to persuade.

Neustadt (1960) names three sources of presidential power: the bargaining advantages of
the office (here *capital*, spent to table proposals and to persuade), *professional
reputation* (how skilful Washington thinks he is) and *public prestige*. His orders are
not self-executing: only a *command share* of a decision or an implementation follows
from the order itself. The US share is small; Russia's president commands more but is
still constrained by elites and the public (FPRI article, note 1).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar

from resetsim.agents.base import Actor, clip
from resetsim.agents.crisis import CrisisManager
from resetsim.agents.orders import HOLD

if TYPE_CHECKING:
    from resetsim.agents.bureaucracy import Bureaucracy
    from resetsim.agents.public import Public
    from resetsim.scenario.schema import Dynamics, Proposal

__all__ = [
    "ANCHOR_PULL",
    "MANDATE_FLOOR",
    "SHOCK_CAPITAL_HIT",
    "SHOCK_PRESTIGE_HIT",
    "President",
]

ANCHOR_PULL = 0.5
"""President anchor pull: a president drifts back to his anchor at ``ANCHOR_PULL * anchor_rate``."""
SHOCK_CAPITAL_HIT = 0.5
"""Capital a president loses per unit severity of a domestic shock."""
SHOCK_PRESTIGE_HIT = 0.3
"""Prestige a president loses per unit severity of a domestic shock."""
MANDATE_FLOOR = 0.5
"""Renewed mandate: capital rises to at least ``MANDATE_FLOOR + MANDATE_FLOOR * severity``."""


class President(CrisisManager, Actor):
    """A head of state.

    Attributes:
        capital: political capital in [0, 1], spent on tabling and persuasion.
        reputation: professional reputation in [0, 1] (Neustadt 1960, ch. 4).
        prestige: public prestige in [0, 1] (Neustadt 1960, ch. 5).
        command_share: share of a decision or implementation that obeys an order, [0, 1].
        term_end: last month of the term (``YYYY-MM``) or None.

    """

    family: ClassVar[str] = "president"

    def __init__(
        self,
        model,
        *,
        capital: float,
        reputation: float,
        prestige: float,
        command_share: float,
        term_end: str | None = None,
        **kwargs,
    ):
        super().__init__(model, **kwargs)
        self.capital = float(capital)
        self.reputation = float(reputation)
        self.prestige = float(prestige)
        self.command_share = float(command_share)
        self.term_end = term_end
        self.base_prestige = self.prestige  # prestige relaxes back to its level on taking office
        self.violations_seen: set[str] = set()  # deals his side caught the other side violating

    @property
    def persuasiveness(self) -> float:
        """Effect of one month of persuasion: the mean of reputation and prestige (Neustadt)."""
        return 0.5 * (self.reputation + self.prestige)

    def can_table(self, cost: float, threshold: float) -> bool:
        """Whether he has the capital and the will to put a proposal on the agenda.

        A player's ``table`` order is the will: any proposal, if he can pay; none on HOLD.
        """
        wanted = None if self.orders is None else self.ordered("table")
        if wanted is not None:
            return wanted != HOLD and self.capital >= cost
        return self.capital >= cost and self.stance >= threshold

    def would_table(self, proposal: Proposal, core_threshold: float) -> bool:
        """Whether ``proposal``, next on his priority list, is one he would table now.

        A concession of his own side's core interest is only on his list if his stance on
        its issue reaches ``core_threshold`` (the FPRI article's worry about a naive president); a
        player's ``table`` order names the one proposal he tables. ``proposal`` may be its
        plain copy (:class:`~resetsim.model.proposals.ProposalTerms`).
        """
        wanted = None if self.orders is None else self.ordered("table")
        if wanted is not None:
            return proposal.id == wanted
        return not proposal.costs(self.side) or (self.stance_on(proposal.issue) >= core_threshold)

    def accepts(self, answer: float, threshold: float) -> bool:
        """Whether he takes up the other president's proposal, which he supports ``answer``.

        By rule if ``answer`` reaches ``threshold``; a player's ``answer`` order decides.
        """
        wanted = self.ordered("answer")
        if wanted is not None:
            return wanted == "accept"
        return answer >= threshold

    def spend(self, amount: float) -> float:
        """Spend up to ``amount`` capital; returns what was actually spent."""
        spent = min(self.capital, amount)
        self.capital -= spent
        return spent

    def persuasion_coefficient(self, rate: float, spend: float = 1.0) -> float:
        """Strength of one month of persuasion: ``rate * spend * persuasiveness`` (Neustadt)."""
        return rate * spend * self.persuasiveness

    def persuade(self, target: Actor, rate: float, spend: float = 1.0, issue: str = "") -> float:
        """Move ``target``'s stance towards his own on ``issue``; returns the shift.

        The shift is ``rate * spend * persuasiveness * (1 - inertia) * (his stance - its
        stance)``, both stances on ``issue`` (:meth:`Actor.stance_on`): it grows with
        capital spent, reputation and prestige and the distance between stances, and
        shrinks with the target's inertia (Neustadt 1960: persuasion is bargaining with
        people who have their own stakes; :meth:`Actor.yield_to`).
        """
        return target.yield_to(
            self.stance_on(issue), self.persuasion_coefficient(rate, spend), issue
        )

    def persuade_all(self, targets: Sequence[Actor], rate: float, issue: str = "") -> None:
        """:meth:`persuade` each of ``targets`` at ``rate``, with his aim taken once.

        A player's ``focus`` order puts the whole budget on the one target it names: that
        target is persuaded ``len(targets)`` times as hard (at most all the way to his
        stance) and the others not at all (Neustadt 1960: a president chooses whom to
        bargain with).
        """
        aim, coefficient = self.stance_on(issue), self.persuasion_coefficient(rate)
        focus = None if self.orders is None else self.ordered("focus")
        if focus is not None:
            chosen = [t for t in targets if t.name == focus]
            if chosen:
                chosen[0].yield_to(aim, min(1.0, coefficient * len(targets)), issue)
                return
        Actor.yield_all(targets, aim, coefficient, issue)

    def heed(self, mean: float, pull: float, issue: str = "") -> None:
        """His own government moves him: ``pull`` of the way to its weighted mean on ``issue``.

        Persuasion is bargaining, an exchange of advantage: the advisers and agencies he
        needs move him as he moves them (Neustadt 1960); ``pull`` 0 leaves him unmoved.
        """
        x = self.stance + pull * (mean - self.stance_on(issue))
        self.stance = -1.0 if x < -1.0 else 1.0 if x > 1.0 else x  # :meth:`nudge`, inlined

    def succeed(self, step: float) -> None:
        """A win raises professional reputation (Neustadt: reputation follows results)."""
        self.reputation = clip(self.reputation + step, 0.0, 1.0)

    def fail(self, step: float) -> None:
        """A public defeat lowers professional reputation."""
        self.reputation = clip(self.reputation - step, 0.0, 1.0)

    def return_to_anchor(self, home: float) -> None:
        """Drift back towards his anchor, at ``ANCHOR_PULL * home`` a month."""
        x = self.stance + ANCHOR_PULL * home * (self.anchor - self.stance)
        self.stance = -1.0 if x < -1.0 else 1.0 if x > 1.0 else x  # :meth:`nudge`, inlined

    def persuasion_rate(self, dyn: Dynamics, has_business: bool) -> float:
        """Spend this month's persuasion budget; returns the persuasion rate it buys (0: none).

        He persuades only with business in hand and keeps ``table_cost`` in reserve for
        tabling; the rate is ``persuasion_rate`` scaled by the share of ``persuasion_spend``
        he could afford (Neustadt 1960: persuasion costs the bargaining advantages of the
        office). A player's ``persuade`` order scales the spend (0: he does not persuade).
        """
        if not (self.capital > dyn.table_cost and has_business):
            return 0.0
        budget = dyn.persuasion_spend
        # a player's multiple of the usual spend
        factor = None if self.orders is None else self.ordered("persuade")
        if factor is not None:
            budget *= float(factor)
            if budget <= 0.0:
                return 0.0
        spent = self.spend(min(budget, self.capital - dyn.table_cost))
        if spent > 0 and dyn.persuasion_spend > 0:
            return dyn.persuasion_rate * spent / dyn.persuasion_spend
        return 0.0

    def executive_score(
        self, proposal: Proposal, agencies: Iterable[Bureaucracy], concession_bonus: float
    ) -> tuple[float, Bureaucracy | None, float]:
        """His executive's score for ``proposal``, the agency most against it and its support.

        Score = command_share * his own support + (1 - command_share) * the clout- and
        salience-weighted mean support of president and agencies, agencies in the
        proposal's remit counting :data:`~resetsim.agents.bureaucracy.REMIT_WEIGHT` times
        (Neustadt 1960; Allison & Halperin 1972). With nobody weighing in, his support alone.
        """
        kappa = self.command_share
        own = self.support_for(proposal, concession_bonus)
        num, den = self.weight * own, self.weight
        worst, worst_value = None, float("inf")
        for agency in agencies:
            weight, value = agency.voice(proposal, concession_bonus)
            num += weight * value
            den += weight
            if weight * value < worst_value:
                worst, worst_value = agency, weight * value
        mean = num / den if den > 0 else own
        score = kappa * own + (1.0 - kappa) * mean
        return score, worst, worst.support_for(proposal, concession_bonus) if worst else 0.0

    def can_override(self, support: float, core_threshold: float, cost: float) -> bool:
        """Whether he wants ``support`` badly enough, and can pay ``cost``, to decide alone.

        A player's ``override`` order is the want; he still has to pay.
        """
        wanted = self.ordered("override")
        if wanted is not None:
            return bool(wanted) and self.capital >= cost
        return support >= core_threshold - self.hawkishness and self.capital >= cost

    def vetoes(
        self,
        proposal: Proposal,
        concession_bonus: float,
        overrides: Sequence[tuple[float, int]] = (),
    ) -> bool:
        """Whether he vetoes a measure against ``proposal`` (a statute, a disapproval).

        He does while he still supports ``proposal`` (US Constitution, Art. I, sec. 7: the
        veto, overridden only by two thirds of each house). ``overrides`` is his count of
        the override vote, one ``(expected yes, votes needed)`` per chamber that must
        override: given it, he vetoes only if he expects the veto to hold, some chamber
        short of the votes; where every chamber would override he signs what he cannot
        stop, as a vetoed and overridden president loses reputation and the measure
        passes anyway (Neustadt 1960, ch. 4; Cameron 2000, *Veto Bargaining*: vetoes
        are cast where the override fails; Trump signed CAATSA, passed 98-2 and 419-3).
        Empty ``overrides``: he does not count.
        """
        if self.support_for(proposal, concession_bonus) <= 0.0:
            return False
        return not overrides or any(
            not self.expects_to_lose(yes, needed, against=True) for yes, needed in overrides
        )

    @staticmethod
    def expects_to_lose(expected_yes: float, needed: int, against: bool = False) -> bool:
        """Whether, counting ``expected_yes`` votes, he expects the chamber to beat him.

        A ratification is lost when fewer than ``needed`` votes are expected; with
        ``against`` (a vote to undo his act) when at least ``needed`` are. A president
        does not table what he expects to lose (Putnam 1988: the win-set; Neustadt 1960:
        a defeat costs reputation).
        """
        return expected_yes >= needed if against else expected_yes < needed

    @staticmethod
    def weigh_withdrawal(
        value: float, compliance: float, relationship: float, rate: float
    ) -> float:
        """Monthly chance that he takes his side out of a deal in force.

        ``rate * max(0, strain - value)``, at most 1, with ``strain = (1 - compliance) +
        max(0, -relationship)``: the other side's compliance as he sees it and a poor
        relationship push him out; ``value``, what the deal is worth to his government
        (its weighted support, where hawkish agencies pull it down, plus what the deal pays
        while the other side complies), holds him in. Withdrawal is a unilateral act, as the
        US left the ABM Treaty (2001) and the INF Treaty (2019) (Chayes & Chayes 1993 on
        compliance; FPRI article).
        """
        strain = (1.0 - compliance) + max(0.0, -relationship)
        return min(1.0, rate * max(0.0, strain - value))

    @staticmethod
    def read_compliance(delivered: float, hostile_memory: float, violation: float = 0.0) -> float:
        """The other side's compliance as he reads it: ``delivered * (1 - violation) / (1 + m)``.

        ``delivered`` is the share of its obligations the other side's agencies keep;
        ``hostile_memory`` (``m``) its recent hostile moves as his side saw them (Jervis
        1976: a side reads the other's intentions from its moves); ``violation`` the share
        a violation of this deal he knows of takes off (:meth:`violation_weight`; 0: none).
        """
        return delivered * (1.0 - violation) / (1.0 + hostile_memory)

    def violation_weight(self, deal_id: str, weight: float) -> float:
        """``weight`` if his side has caught the other side violating ``deal_id``, else 0.

        A violation once found stays on the record of his government, whoever leads it
        (the State Department's compliance reports named the 9M729 from 2014 to 2019).
        """
        return weight if deal_id in self.violations_seen else 0.0

    def note_violation(self, deal_id: str) -> None:
        """His side has caught the other side violating ``deal_id``."""
        self.violations_seen.add(deal_id)

    def violation_chance(self, opposition: float, rate: float) -> float:
        """Monthly chance that his government covertly breaks a deal in force.

        ``rate * command_share * opposition``: ``opposition`` is how far the implementing
        agency most against the deal opposes it (``max(0, -support)``). A violation is a
        programme, not foot-dragging (which is partial compliance, already in the deal's
        upkeep): an agency must want out and the government must be able to order it and
        keep it hidden, which a commanding executive can and one of small command share,
        its agencies overseen by the legislature and leaking, cannot (Chayes & Chayes 1993;
        Halperin 1974 on leaks; the 9M729 missile under the INF Treaty).

        >>> from types import SimpleNamespace as Obj
        >>> [round(President.violation_chance(Obj(command_share=k), 0.5, 0.1), 4)
        ...  for k in (0.15, 0.6)]
        [0.0075, 0.03]
        """
        return rate * self.command_share * max(0.0, opposition)

    def embrace(self, lift: float) -> None:
        """A cooperative event: he embraces it fully, his anchor moving with his stance."""
        self.nudge(lift)
        self.anchor = clip(self.anchor + lift)

    def absorb_shock(self, severity: float) -> None:
        """A domestic shock costs him capital and prestige in proportion to ``severity``."""
        self.capital = clip(self.capital - SHOCK_CAPITAL_HIT * severity, 0.0, 1.0)
        self.prestige = clip(self.prestige - SHOCK_PRESTIGE_HIT * severity, 0.0, 1.0)

    def renew_mandate(self, severity: float) -> None:
        """A renewed mandate (re-election, new government) refreshes his capital."""
        self.capital = clip(max(self.capital, MANDATE_FLOOR + MANDATE_FLOOR * severity), 0.0, 1.0)

    def answer_public(self, public: Public, dyn: Dynamics) -> None:
        """Prestige and capital answer his public (Neustadt 1960, ch. 5; Putnam 1988, level II).

        Prestige relaxes to its level on taking office and falls while he is warmer to the
        other country than his attentive public; capital regenerates towards prestige.
        """
        gap = self.stance - public.stance
        out_of_step = gap if gap > 0.0 else 0.0  # max(0, gap), as max(0.0, gap) gives
        x = (
            self.prestige
            + dyn.prestige_rate * (self.base_prestige - self.prestige)
            - dyn.prestige_cost * public.attention * out_of_step
        )
        self.prestige = 0.0 if x < 0.0 else 1.0 if x > 1.0 else x  # clip, inlined (every month)
        x = self.capital + dyn.capital_regen * (self.prestige - self.capital)
        self.capital = 0.0 if x < 0.0 else 1.0 if x > 1.0 else x

    def disillusion(self, amount: float) -> None:
        """Promises that fell due undelivered cool him, anchor and all (Giles's disillusionment)."""
        self.nudge(-amount)
        self.anchor = clip(self.anchor - amount)

    def replace(
        self,
        *,
        name: str,
        stance: float,
        capital: float,
        reputation: float,
        prestige: float,
        command_share: float | None,
        hawkishness: float | None,
        term_end: str | None,
        issues: dict[str, float] | None = None,
    ) -> None:
        """A new leader takes office in this seat (election or succession).

        ``issues`` replaces the seat's issue offsets; None keeps them.
        """
        self.name = self.title = name
        self.stance = self.anchor = float(stance)
        self.capital = float(capital)
        self.reputation = float(reputation)
        self.prestige = self.base_prestige = float(prestige)
        if command_share is not None:
            self.command_share = float(command_share)
        if hawkishness is not None:
            self.hawkishness = float(hawkishness)
        self.term_end = term_end
        if issues is not None:
            self.issues = dict(issues)
