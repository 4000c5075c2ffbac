"""Contract tests per agent family and known answers for each agent's rules.

Each family's test class inherits :class:`AgentContract` (the pattern of Axelrod-Python's
``TestPlayer``): rules keep stances in [-1, 1], are deterministic, and touch only the
agent's own fields. Each subclass adds known-answer tests of the family's own rules.
"""

from __future__ import annotations

import copy

import pytest
from _tiny import tiny_model

from resetsim.agents import Actor, Bureaucracy, Faction, President, Public
from resetsim.agents.bureaucracy import REMIT_WEIGHT
from resetsim.agents.president import MANDATE_FLOOR, SHOCK_CAPITAL_HIT, SHOCK_PRESTIGE_HIT
from resetsim.agents.public import CUE_POINTS
from resetsim.model.proposals import Deal
from resetsim.scenario.moves import Move

STANCE_RULES = [
    ("nudge", (5.0,)),
    ("nudge", (-5.0,)),
    ("bargain", (1.0, 1.0, 1.0)),
    ("bargain", (-1.0, 1.0, 0.0)),
    ("react_to_clash", (50.0, 1.0)),
    ("welcome", (50.0,)),
]


def _state(agent) -> dict:
    return {k: v for k, v in vars(agent).items() if not k.startswith("_") and k != "model"}


class AgentContract:
    """What every agent family guarantees; subclasses say how to get one agent."""

    family: str
    cls: type[Actor]

    def agent(self, model):
        raise NotImplementedError

    @pytest.fixture
    def model(self):
        return tiny_model()

    def test_family_and_class(self, model):
        agent = self.agent(model)
        assert isinstance(agent, self.cls) and agent.family == self.family
        assert agent in model.agents and agent.side in model.sides

    def test_weight_is_clout_times_salience(self, model):
        agent = self.agent(model)
        assert agent.weight == pytest.approx(agent.clout * agent.salience)

    @pytest.mark.parametrize(("rule", "args"), STANCE_RULES)
    def test_rules_keep_the_stance_in_range(self, model, rule, args):
        agent = self.agent(model)
        getattr(agent, rule)(*args)
        assert -1.0 <= agent.stance <= 1.0

    @pytest.mark.parametrize(("rule", "args"), STANCE_RULES)
    def test_rules_are_deterministic_and_touch_only_the_agent(self, model, rule, args):
        agent = self.agent(model)
        others = {a.unique_id: _state(a) for a in model.agents if a is not agent}
        twin = copy.copy(agent)
        getattr(agent, rule)(*args)
        getattr(twin, rule)(*args)
        assert _state(agent) == _state(twin)
        assert others == {a.unique_id: _state(a) for a in model.agents if a is not agent}

    def test_bargain_known_answer(self, model):
        agent = self.agent(model)
        x, free, anchor = agent.stance, 1.0 - agent.inertia, agent.anchor
        agent.bargain(0.3, 0.1, 0.05)
        expected = max(-1.0, min(1.0, x + 0.1 * free * (0.3 - x) + 0.05 * (anchor - x)))
        assert agent.stance == pytest.approx(expected)

    def test_holds_moves_by_name_or_family_and_hazards_are_non_negative(self, model):
        agent = self.agent(model)
        mine = Move(id="mine", holder=f"{agent.side}/{agent.family}", kind="k", label="acted",
                    direction="hostile", base_hazard=0.5)  # fmt: skip
        named = mine.model_copy(update={"id": "named", "holder": agent.name})
        other = mine.model_copy(update={"id": "other", "holder": f"{agent.side}/nobody"})
        agent.hold([mine, named, other])
        assert [m.id for m in agent.moves] == ["mine", "named"]
        for trust in (0.0, 1.0):
            assert agent.move_hazard(mine, trust, -1.0, False, 1.0) > 0.0
            assert agent.move_hazard(mine, trust, -1.0, False, 0.0) == 0.0

    def test_a_clash_cools_hawks_more(self, model):
        agent = self.agent(model)
        agent.stance, agent.hawkishness = 0.0, 0.25
        agent.react_to_clash(0.2, 0.5)
        assert agent.stance == pytest.approx(-0.5 * 0.2 * 0.75 / 1.5)
        agent.stance, agent.hawkishness = 0.0, 1.0
        agent.react_to_clash(0.2, 0.5)
        assert agent.stance == pytest.approx(-0.1)

    def test_repr_names_family_side_and_stance(self, model):
        agent = self.agent(model)
        agent.stance = 0.25
        assert repr(agent) == f"{self.cls.__name__}({agent.side} {agent.name!r}, stance=+0.25)"

    def test_a_cooperative_event_warms_doves_more(self, model):
        agent = self.agent(model)
        agent.stance, agent.hawkishness = 0.0, 0.25
        agent.welcome(0.2)
        assert agent.stance == pytest.approx(0.15)


class TestPresident(AgentContract):
    family, cls = "president", President

    def agent(self, model):
        return model.presidents["US"]

    def test_persuasion_moves_a_known_stance_by_a_known_shift(self, model):
        alpha, defense = model.presidents["US"], model.agency["Defense"]
        alpha.reputation, alpha.prestige = 0.6, 0.4  # persuasiveness 0.5
        defense.stance, defense.inertia = -0.4, 0.5
        shift = alpha.persuade(defense, rate=0.2)
        assert shift == pytest.approx(0.2 * 0.5 * 0.5 * (0.6 - -0.4))  # 0.05
        assert defense.stance == pytest.approx(-0.35)

    def test_persuasion_scales_with_the_capital_spent(self, model):
        alpha, defense = model.presidents["US"], model.agency["Defense"]
        before = defense.stance
        full = alpha.persuade(defense, rate=0.2, spend=1.0)
        defense.nudge(-full)
        assert alpha.persuade(defense, rate=0.2, spend=0.5) == pytest.approx(full / 2)
        assert defense.stance == pytest.approx(before + full / 2)

    def test_a_new_leader_takes_the_seat(self, model):
        alpha = model.presidents["US"]
        kappa = alpha.command_share
        alpha.replace(
            name="Gamma", stance=-0.2, capital=0.7, reputation=0.5, prestige=0.6,
            command_share=None, hawkishness=0.9, term_end="2004-01",
        )  # fmt: skip
        assert (alpha.name, alpha.title, alpha.stance, alpha.anchor) == (
            "Gamma",
            "Gamma",
            -0.2,
            -0.2,
        )
        assert (alpha.command_share, alpha.hawkishness, alpha.term_end) == (kappa, 0.9, "2004-01")
        assert alpha.base_prestige == 0.6
        alpha.replace(
            name="Delta", stance=0.0, capital=0.7, reputation=0.5, prestige=0.6,
            command_share=0.3, hawkishness=None, term_end=None,
        )  # fmt: skip
        assert (alpha.command_share, alpha.hawkishness, alpha.term_end) == (0.3, 0.9, None)

    def test_persuasion_budget_keeps_a_tabling_reserve(self, model):
        alpha, dyn = model.presidents["US"], model.spec.dynamics
        alpha.capital = dyn.table_cost + 0.01  # can afford only a quarter of the spend
        rate = alpha.persuasion_rate(dyn, has_business=True)
        assert rate == pytest.approx(dyn.persuasion_rate * 0.01 / dyn.persuasion_spend)
        assert alpha.capital == pytest.approx(dyn.table_cost)
        assert alpha.persuasion_rate(dyn, has_business=True) == 0.0
        alpha.capital = 1.0
        assert alpha.persuasion_rate(dyn, has_business=False) == 0.0
        assert alpha.capital == 1.0

    def test_remit_weight_moves_the_executive_score_by_a_computed_amount(self, model):
        alpha = model.presidents["US"]
        agencies = model.bureaucracies["US"]
        state, defense = agencies
        spec = model.proposals[1].spec  # executive act in Defense's remit
        wp, sp = alpha.weight, alpha.stance
        ws, ss = state.weight, state.stance
        wd, sd = defense.weight, defense.stance

        def score(remit_d: float) -> float:  # command share 0: the weighted mean alone
            return (wp * sp + ws * ss + remit_d * wd * sd) / (wp + ws + remit_d * wd)

        got, worst, worst_support = alpha.executive_score(spec, agencies, 0.4)
        assert got == pytest.approx(score(REMIT_WEIGHT))
        assert REMIT_WEIGHT == 2.0
        assert worst is defense and worst_support == pytest.approx(sd)
        outside = spec.model_copy(update={"agencies": ["MFA"]})  # no US agency in charge
        got_outside, _, _ = alpha.executive_score(outside, agencies, 0.4)
        assert got_outside == pytest.approx(score(1.0))
        assert got - got_outside == pytest.approx(score(2.0) - score(1.0))
        assert got < got_outside  # the reluctant agency in charge weighs twice

    def test_command_share_weights_his_own_support(self, model):
        beta = model.presidents["RU"]
        spec = model.proposals[0].spec
        (mfa,) = model.bureaucracies["RU"]
        mean = (beta.weight * beta.stance + 2 * mfa.weight * mfa.stance) / (
            beta.weight + 2 * mfa.weight
        )
        got, _, _ = beta.executive_score(spec, [mfa], 0.4)
        assert got == pytest.approx(0.5 * beta.stance + 0.5 * mean)

    def test_shock_mandate_public_and_disillusion(self, model):
        alpha = model.presidents["US"]
        alpha.capital, alpha.prestige = 0.8, 0.6
        alpha.absorb_shock(0.5)
        assert alpha.capital == pytest.approx(0.8 - SHOCK_CAPITAL_HIT * 0.5)
        assert alpha.prestige == pytest.approx(0.6 - SHOCK_PRESTIGE_HIT * 0.5)
        alpha.renew_mandate(0.6)
        assert alpha.capital == pytest.approx(MANDATE_FLOOR + MANDATE_FLOOR * 0.6)
        stance, anchor = alpha.stance, alpha.anchor
        alpha.disillusion(0.1)
        assert (alpha.stance, alpha.anchor) == pytest.approx((stance - 0.1, anchor - 0.1))
        alpha.embrace(0.2)
        assert (alpha.stance, alpha.anchor) == pytest.approx((stance + 0.1, anchor + 0.1))

    def test_capital_and_prestige_stay_in_unit_range(self, model):
        alpha = model.presidents["US"]
        alpha.absorb_shock(-5.0)
        assert (alpha.capital, alpha.prestige) == (1.0, 1.0)
        alpha.succeed(5.0)
        assert alpha.reputation == 1.0
        alpha.absorb_shock(5.0)
        assert (alpha.capital, alpha.prestige) == (0.0, 0.0)
        alpha.capital = 0.95
        alpha.renew_mandate(0.2)  # the floor 0.6 is below his capital: it stays
        assert alpha.capital == 0.95
        alpha.renew_mandate(2.0)
        assert alpha.capital == 1.0

    def test_override_needs_will_and_capital_at_the_boundary(self, model):
        alpha = model.presidents["US"]
        alpha.hawkishness, alpha.capital = 0.25, 0.1
        assert alpha.can_override(0.5, 0.75, 0.1)
        assert not alpha.can_override(0.49, 0.75, 0.1)
        assert not alpha.can_override(0.5, 0.75, 0.11)

    def test_answer_public_known_answer(self, model):
        alpha, public, dyn = model.presidents["US"], model.publics["US"], model.spec.dynamics
        alpha.stance, alpha.prestige, alpha.capital = 0.6, 0.4, 0.3
        base = alpha.base_prestige
        gap = 0.6 - public.stance
        alpha.answer_public(public, dyn)
        prestige = (
            0.4 + dyn.prestige_rate * (base - 0.4) - dyn.prestige_cost * public.attention * gap
        )
        assert alpha.prestige == pytest.approx(prestige)
        assert alpha.capital == pytest.approx(0.3 + dyn.capital_regen * (prestige - 0.3))

    def test_return_to_anchor_and_reputation(self, model):
        alpha = model.presidents["US"]
        alpha.anchor, alpha.stance = 0.6, 0.2
        alpha.return_to_anchor(0.1)
        assert alpha.stance == pytest.approx(0.2 + 0.5 * 0.1 * 0.4)
        rep = alpha.reputation
        alpha.succeed(0.05)
        alpha.fail(0.02)
        assert alpha.reputation == pytest.approx(rep + 0.03)


class TestBureaucracy(AgentContract):
    family, cls = "bureaucracy", Bureaucracy

    def agent(self, model):
        return model.agency["Defense"]

    def test_remit_agencies_speak_with_double_weight(self, model):
        defense = model.agency["Defense"]
        spec = model.proposals[1].spec
        assert defense.voice(spec, 0.4) == pytest.approx((2 * defense.weight, defense.stance))
        other = spec.model_copy(update={"agencies": ["State"]})
        assert defense.voice(other, 0.4) == pytest.approx((defense.weight, defense.stance))

    def test_work_on_a_deal_known_progress(self, model):
        state = model.agency["State"]
        state.stance, state.inertia = -0.5, 0.4
        deal = Deal(spec=model.proposals[0].spec, start=0, progress={"State": 0.0})
        state.work_on(deal, command_share=0.2, drag=0.5, concession_bonus=0.4)
        obey = 0.2 + 0.8 * 0.5  # command share plus half the willingness at support -0.5
        routine = 1.0 - 0.5 * 0.4
        assert deal.progress["State"] == pytest.approx(obey * routine / 4)
        assert deal.losses(["State"]) == pytest.approx(((1 - obey) / 4, obey * 0.2 / 4))

    def test_work_on_counts_the_other_side_s_concession_and_stops_at_done(self, model):
        state = model.agency["State"]
        state.stance, state.inertia, state.hawkishness = -0.6, 0.0, 0.5
        core = model.proposals[0].spec.model_copy(update={"core": True, "concedes": "RU"})
        deal = Deal(spec=core, start=0, progress={"State": 0.5})
        state.work_on(deal, command_share=0.0, drag=0.5, concession_bonus=0.4)
        assert deal.progress["State"] == pytest.approx(0.5 + 0.8 / 4)  # willing 1 - 0.6 + 0.4
        deal.progress["State"] = 0.9
        state.work_on(deal, command_share=1.0, drag=0.0, concession_bonus=0.4)
        assert deal.progress["State"] == 1.0

    def test_worldview_gap_lowers_the_anchor(self, model):
        state = model.agency["State"]
        state.set_worldview_gap(1.0, 0.3)
        assert state.anchor == pytest.approx(state.mission_anchor - 0.3 * state.worldview)


class TestFaction(AgentContract):
    family, cls = "legislature", Faction

    def agent(self, model):
        return model.factions["US"][1]

    def test_harden_and_feel(self, model):
        hawks = self.agent(model)
        hawks.hawkishness = 0.5
        hawks.harden(0.2)
        assert hawks.hawkishness == pytest.approx(0.7)
        hawks.harden(1.0)
        assert hawks.hawkishness == 1.0
        hawks.stance = -0.5
        hawks.feel(0.5, 0.1)
        assert hawks.stance == pytest.approx(-0.4)

    def test_members_vote_by_the_logistic_of_support(self, model):
        doves = model.factions["US"][0]
        assert doves.yes_probability(0.0, 0.2) == 0.5
        assert doves.vote(10.0, 0.2, model.rng) == doves.seats
        assert doves.vote(-10.0, 0.2, model.rng) == 0
        assert doves.votes_on("treaty") and not doves.votes_on("executive")


class TestPublic(AgentContract):
    family, cls = "public", Public

    def agent(self, model):
        return model.publics["US"]

    def test_follow_known_answer(self, model):
        public, dyn = model.publics["US"], model.spec.dynamics
        before = public.favourability
        public.follow(0.2, 0.5, dyn)
        target = (
            dyn.favourability_mid
            + dyn.favourability_scale * 0.2
            + dyn.public_cue_weight * CUE_POINTS * 0.5
        )
        assert public.favourability == pytest.approx(before + dyn.public_rate * (target - before))
        assert public.stance == pytest.approx((public.favourability - 50) / 50)

    def test_follow_aims_no_lower_than_zero(self, model):
        public, dyn = model.publics["US"], model.spec.dynamics
        dyn = dyn.model_copy(update={"favourability_mid": 0.0, "public_rate": 1.0})
        public.follow(-1.0, -1.0, dyn)
        assert public.favourability == 0.0
