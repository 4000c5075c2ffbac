"""Known answers for the president's veto with win-set anticipation (``anticipate_veto``).

:meth:`President.vetoes` owns the rule: he vetoes what he opposes, and, given his count of
the override, only where he expects some chamber to sustain the veto (Cameron 2000). The
tiny scenario's Senate (hawks for the statute, doves against, votes without noise) gives
the counts; :func:`becomes_law` and :func:`override_counts` are the code the model runs.
"""

from __future__ import annotations

import pytest
from test_statutes import build, statute

from resetsim.model.stages.statutes import becomes_law, origin_chamber, override_counts
from resetsim.model.stages.statutes import statute_proposal as proposal_of


def _alpha_and_spec(model):
    return model.presidents["US"], proposal_of(model.spec.statutes[0])


@pytest.mark.parametrize(
    ("counts", "vetoes"),
    [((), True), ([(70.0, 67)], False), ([(67.0, 67)], False), ([(66.9, 67)], True),
     ([(70.0, 67), (250.0, 290)], True), ([(70.0, 67), (300.0, 290)], False)],
)  # fmt: skip
def test_he_vetoes_only_where_some_chamber_is_expected_to_sustain_the_veto(counts, vetoes):
    model = build(statutes=[statute()])
    alpha, spec = _alpha_and_spec(model)
    bonus = model.spec.dynamics.concession_bonus
    assert alpha.support_for(spec, bonus) > 0.0  # Alpha (stance 0.6) opposes the statute
    assert alpha.vetoes(spec, bonus, counts) is vetoes


@pytest.mark.parametrize("counts", [(), [(10.0, 67)]])
def test_a_president_who_wants_the_statute_never_vetoes_it(counts):
    model = build(statutes=[statute()])
    alpha, spec = _alpha_and_spec(model)
    alpha.stance = alpha.anchor = -0.8
    assert not alpha.vetoes(spec, model.spec.dynamics.concession_bonus, counts)


@pytest.mark.parametrize(("anticipate", "counts"), [(False, []), (True, [(70.0, 67)])])
def test_the_count_is_the_expected_override_vote_and_draws_nothing(anticipate, counts):
    model = build(
        70, statutes=[statute()], dynamics={"vote_spread": 0.001, "anticipate_veto": anticipate}
    )
    spec = proposal_of(model.spec.statutes[0])
    state = model.rng.bit_generator.state
    got = override_counts(model, "US", spec, [model.main_chamber("US")])
    assert [(round(yes, 6), needed) for yes, needed in got] == counts
    assert model.rng.bit_generator.state == state


@pytest.mark.parametrize(
    ("hawks", "law", "outcomes"),
    [(70, True, ["initiated", "adopted", "adopted"]),
     (60, False, ["initiated", "adopted", "rejected", "blocked"])],
)  # fmt: skip
def test_he_signs_what_he_cannot_stop_and_vetoes_what_he_can(hawks, law, outcomes):
    """70 hawks of 100: the override (67) is sure, Alpha signs; 60: he vetoes, it holds."""
    model = build(
        hawks, statutes=[statute()], dynamics={"vote_spread": 0.001, "anticipate_veto": True}
    )
    law_ = model.spec.statutes[0]
    assert becomes_law(model, origin_chamber(model, law_), law_, 0.2) is law
    log = model.decision_log()
    assert list(log.outcome) == outcomes
    if law:
        assert log.iloc[-1].reason == (
            "President Alpha signed a codifying statute, which he opposed: counting the "
            "votes, he expected 70 in the Senate to override a veto, where 67 decide."
        )
