"""The null model, placebo calendars and the verdicts that compare a pattern with them."""

import numpy as np
import pytest

from resetsim.calendar import parse_month
from resetsim.model import ResetModel
from resetsim.validation.claims import GENERATIVE, Claim, claims_for
from resetsim.validation.ensemble import scenario
from resetsim.validation.mechanism import (
    VERDICTS,
    Controls,
    headline,
    judge,
    pattern_verdicts,
    results_table,
)
from resetsim.validation.nulls import null_model, placebo_calendar, record_placebo_run


def test_placebo_calendar_redates_every_event_inside_the_run_and_keeps_the_rest():
    sc = scenario(GENERATIVE)
    a, b, c = placebo_calendar(sc, 7), placebo_calendar(sc, 7), placebo_calendar(sc, 8)
    assert [e.date for e in a.events] == [e.date for e in b.events]  # seeded
    assert [e.date for e in a.events] != [e.date for e in c.events]
    assert [e.date for e in a.events] != [e.date for e in sc.events]
    first = parse_month(sc.start)
    months = [parse_month(e.date) - first for e in a.events]
    assert months == sorted(months) and 0 <= min(months) and max(months) < sc.months
    key = lambda e: (e.label, e.kind, e.severity, tuple(e.opens))  # noqa: E731
    assert sorted(map(key, a.events)) == sorted(map(key, sc.events))
    assert a.leader_changes == sc.leader_changes


def test_placebo_runs_draw_their_calendar_from_the_run_seed():
    sc = scenario("obama-2009")
    seed = np.random.SeedSequence(11)
    one = record_placebo_run(sc, seed=seed, months=12).timeseries
    two = record_placebo_run(sc, seed=np.random.SeedSequence(11), months=12).timeseries
    assert one.equals(two)


def test_null_model_has_no_actor_moves_and_tables_nothing():
    sc = null_model(scenario(GENERATIVE))
    assert sc.dynamics.move_rate_scale == 0.0
    model = ResetModel(sc, seed=3).run(120)
    events = model.events()
    assert not (events["origin"] == "actor").any()
    log = model.decision_log()
    assert not (log["outcome"] == "tabled").any() if len(log) else True
    full = ResetModel(scenario(GENERATIVE), seed=3).run(120).events()
    assert (full["origin"] == "actor").any()  # the same seed with moves has them


def _claim(kind="share", at_most=False, bound=0.5):
    return Claim("1", "x", "obama-2009", (("main", ()),), lambda runs: 0.0, kind, bound, at_most)


def _judge(claim, full, null, placebo):
    values = {"full": np.asarray(full, float), "null": np.asarray(null, float),
              "placebo": np.asarray(placebo, float)}  # fmt: skip
    return judge(claim, range(len(full)), values)


def test_verdict_mechanism_only_when_full_holds_and_beats_both_controls():
    n = 60
    full, zeros = [1] * n, [0] * n
    assert _judge(_claim(), full, zeros, zeros).verdict == "mechanism"
    assert _judge(_claim(), full, full, zeros).verdict == "construction"  # null as good
    assert _judge(_claim(), full, zeros, full).verdict == "construction"  # placebo as good
    assert _judge(_claim(), zeros, zeros, zeros).verdict == "failing"
    undefined = [np.nan] * n
    assert _judge(_claim(), full, undefined, zeros).verdict == "no comparison"


def test_verdict_for_an_upper_bound_claim_needs_the_full_model_lower():
    n = 60
    zeros, ones = [0] * n, [1] * n
    assert _judge(_claim(at_most=True, bound=0.1), zeros, ones, ones).verdict == "mechanism"
    assert _judge(_claim(at_most=True, bound=0.1), zeros, zeros, ones).verdict == "construction"


def test_difference_claims_use_the_paired_interval():
    rng = np.random.default_rng(0)
    effect = rng.normal(2.0, 1.0, 80)
    result = _judge(_claim(kind="difference", bound=0.0), effect, effect - 2, effect - 2)
    assert result.holds and result.low > 0 and result.verdict == "mechanism"
    assert result.needed is not None and result.needed < 80


def test_pattern_verdict_is_the_weakest_of_its_claims_and_headline_counts_patterns():
    n = 60
    good = _judge(_claim(), [1] * n, [0] * n, [0] * n)
    weak = _judge(_claim(), [1] * n, [1] * n, [0] * n)
    other = _judge(Claim("2", "y", GENERATIVE, (("main", ()),), lambda r: 0.0, bound=0.5),
                   [0] * n, [0] * n, [0] * n)  # fmt: skip
    assert pattern_verdicts([good, weak, other]) == {"1": "construction", "2": "failing"}
    counts = headline([good, weak, other])
    assert set(counts) == set(VERDICTS) and counts["construction"] == 1
    assert counts["failing"] == 1 and counts["mechanism"] == 0
    table = results_table([good, weak])
    assert list(table["verdict"]) == ["mechanism", "construction"]


def test_every_pattern_has_a_claim_and_each_side_comes_from_the_scenario():
    claims = claims_for()
    assert {c.pattern for c in claims} == {str(i) for i in range(1, 10)}
    first, second = scenario("obama-2009").side_ids
    texts = " ".join(c.statistic for c in claims)
    assert first in texts and second in texts


@pytest.mark.slow
def test_controls_run_a_claim_under_three_modes_on_common_seeds():
    ctl = Controls()
    claim = next(c for c in claims_for({"1"}))
    seeds = range(0, 3)
    values = {m: ctl.values(claim, m, seeds) for m in ("full", "null", "placebo")}
    assert all(len(v) == 3 for v in values.values())
    again = Controls().values(claim, "placebo", seeds)
    assert np.array_equal(values["placebo"], again, equal_nan=True)
