"""Mutants of one mechanism each: applied inside a run, undone after it, seen by the page."""

import functools
import pickle

import numpy as np
import pytest

from resetsim.agents.base import Actor
from resetsim.agents.chamber import Chamber
from resetsim.agents.president import President
from resetsim.model import ResetModel
from resetsim.model.stages import decision
from resetsim.model.stages.decision import required_vote
from resetsim.scenario.schema import Proposal
from resetsim.validation.claims import GENERATIVE, claims_for
from resetsim.validation.ensemble import scenario
from resetsim.validation.mechanism import judge
from resetsim.validation.mutants import MUTANTS, broken, compare, mutant_controls, mutant_run


def _hostile_answers(model: ResetModel) -> int:
    ev = model.events()
    answers = ev["responds_to"].notna()
    return int(((ev["origin"] == "actor") & (ev["direction"] == "hostile") & answers).sum())


def _run(months: int = 120) -> ResetModel:
    model = ResetModel(scenario(GENERATIVE), seed=3)
    model.run(months=months)
    return model


def test_each_mutant_replaces_its_method_inside_the_block_and_restores_it():
    def now(mutant):
        return [vars(where)[attribute] for where, attribute, _ in mutant.targets()]

    for name, mutant in MUTANTS.items():
        before = now(mutant)
        with broken(name):
            assert all(a is not b for a, b in zip(now(mutant), before, strict=True))
        assert all(a is b for a, b in zip(now(mutant), before, strict=True))
    with pytest.raises(ValueError, match="unknown mutant 'nope'"):
        with broken("nope"):
            pass


def test_no_retaliation_leaves_hostile_moves_unanswered_and_gestures_answered():
    assert _hostile_answers(_run()) > 0  # the real model retaliates on this seed
    with broken("no-retaliation"):
        model = _run()
    assert _hostile_answers(model) == 0
    assert Actor.answer.__name__ == "answer"


def test_no_persuasion_and_simple_majority_break_what_they_name():
    sc = scenario("obama-2009")
    with broken("no-persuasion"):
        model = ResetModel(sc, seed=1)
        president = next(iter(model.presidents.values()))
        target = next(a for a in model.government(president.side) if a is not president)
        before = target.stance
        president.persuade_all([target], 0.5)
        assert target.stance == before
        assert isinstance(president, President)
    treaty = Proposal(id="t", topic="a treaty", instrument="treaty", agencies=["State"])
    model = ResetModel(sc, seed=1)
    senate = Chamber(model.legislatures["US"], [])
    real = (required_vote(model, "US", treaty)[2], senate.share_for("treaty"))
    with broken("simple-majority-treaty"):
        mutant = (decision.required_vote(model, "US", treaty)[2], senate.share_for("treaty"))
    assert real == (pytest.approx(2 / 3, abs=1e-3),) * 2
    assert mutant == (0.5, 0.5)


def test_mutant_run_functions_pickle_for_worker_processes():
    ctl = mutant_controls("no-retaliation")
    for ens in (ctl.full, ctl.null, ctl.placebo):
        assert pickle.loads(pickle.dumps(ens.run_fn)).func is mutant_run
    assert isinstance(ctl.full.run_fn, functools.partial)


def test_compare_marks_the_claims_whose_verdict_moves():
    claim = claims_for({"9"})[0]  # escalation share <= 0.1
    seeds = range(100)
    low, high = np.zeros(100), np.r_[np.ones(40), np.zeros(60)]
    real = [judge(claim, seeds, {"full": high})]
    mutant = [judge(claim, seeds, {"full": low})]
    table = compare(real, mutant)
    row = table.iloc[0]
    assert (row["real verdict"], row["mutant verdict"], row["changed"]) == (
        "failing",
        "no comparison",
        "yes",
    )
    assert row["mutant - real (95% CI)"].startswith("-40 pts")
    assert compare(real, real).iloc[0]["changed"] == ""
