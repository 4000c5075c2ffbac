"""Unit tests of single mechanisms on hand-made inputs (known answers)."""

import itertools

import numpy as np
import pytest

import resetsim
from resetsim.agents.legislature import passes, votes_needed
from resetsim.model import ResetModel
from resetsim.model.metrics import reset_episodes
from resetsim.model.phases import Phase, PhaseTracker
from resetsim.model.stages.events import perceived_severity
from resetsim.model.stages.relationship import absorber
from resetsim.scenario.schema import PhaseRules


@pytest.fixture(scope="module")
def model():
    return ResetModel(resetsim.load_scenario("obama-2009"), seed=3)


def test_treaty_arithmetic_two_thirds_of_100():
    assert not passes(66, 100, 2 / 3)
    assert passes(67, 100, 2 / 3)
    assert passes(67, 100, 0.6667)


def test_majority_is_more_than_half():
    assert votes_needed(100, 0.5) == 51
    assert votes_needed(450, 0.5) == 226
    assert votes_needed(451, 0.5) == 226
    assert not passes(50, 100, 0.5)


def test_persuasion_moves_target_towards_president_and_costs_nothing_itself(model):
    president = model.presidents["US"]
    defense = model.agency["Defense"]
    before = defense.stance
    shift = president.persuade(defense, rate=0.2, spend=1.0)
    assert shift > 0
    assert defense.stance == pytest.approx(before + shift)
    expected = 0.2 * president.persuasiveness * (1 - defense.inertia) * (president.stance - before)
    assert shift == pytest.approx(expected)


def test_persuasion_scales_with_reputation_and_prestige(model):
    president = model.presidents["US"]
    target = model.agency["Intelligence"]
    president.reputation = president.prestige = 0.2
    weak = president.persuade(target, 0.2, 1.0)
    target.stance -= weak
    president.reputation = president.prestige = 0.9
    strong = president.persuade(target, 0.2, 1.0)
    assert strong == pytest.approx(weak * 0.9 / 0.2)


def delivery_rate(agency, support, command_share, drag):
    return agency.pace(*agency.delivery_factors(support, command_share, drag))


def test_delivery_rate_command_is_not_compliance(model):
    agency = model.agency["Defense"]
    us = delivery_rate(agency, support=-0.2, command_share=0.15, drag=0.5)
    ru = delivery_rate(agency, support=-0.2, command_share=0.6, drag=0.5)
    assert 0 < us < ru < 1
    assert delivery_rate(agency, 1.0, 1.0, 0.0) == 1.0


def test_implementation_delay_full_delivery_takes_longer_than_promised(model):
    agency = model.agency["State"]
    rate = delivery_rate(agency, support=0.0, command_share=0.15, drag=0.5)
    months, done, elapsed = 6, 0.0, 0
    while done < 1.0:
        done += rate / months
        elapsed += 1
    assert elapsed > months


def test_perceived_severity_grows_with_worldview_gap_and_falls_with_trust():
    base = perceived_severity(0.5, 1.0, gap=0.0, misperception=1.0, trust=0.0)
    assert base == pytest.approx(0.5)
    assert perceived_severity(0.5, 1.0, 0.8, 1.0, 0.0) == pytest.approx(0.9)
    assert perceived_severity(0.5, 1.0, 0.8, 1.0, 1.0) == pytest.approx(0.45)


def test_absorber_china_scale_damps_much_more_than_russia_scale():
    assert absorber(0.0023, 0.01) == pytest.approx(0.0023 / 0.0123)
    assert absorber(0.034, 0.01) > 3 * absorber(0.0023, 0.01)


def _run_tracker(series, rules=None, initiative=True, severe=()):
    rules = rules or PhaseRules(min_dwell=2, trend_months=3)
    tracker = PhaseTracker(rules, series[0])
    return [tracker.update(r, i in severe, initiative).value for i, r in enumerate(series[1:], 1)]


def test_phase_crisis_has_hysteresis():
    rules = PhaseRules(crisis_level=-0.35, crisis_exit=-0.25, min_dwell=0, trend_months=3)
    labels = _run_tracker([-0.2, -0.36, -0.30, -0.34, -0.28, -0.24], rules, initiative=False)
    assert labels == ["crisis", "crisis", "crisis", "crisis", "disillusionment"]


def test_phase_does_not_flicker_within_min_dwell():
    rules = PhaseRules(min_dwell=3, trend_months=2, reset_trend=0.05)
    labels = _run_tracker([-0.1, -0.2, -0.1, -0.2, -0.1, -0.2], rules)
    changes = sum(a != b for a, b in itertools.pairwise(labels))
    assert changes <= 1


def test_reset_needs_an_initiative():
    rising = [-0.5, -0.5, -0.5, -0.4, -0.3, -0.2, -0.1]
    rules = PhaseRules(min_dwell=1, trend_months=3)
    assert "reset" in _run_tracker(rising, rules, initiative=True)
    assert "reset" not in _run_tracker(rising, rules, initiative=False)


def test_full_giles_cycle_on_hand_made_series():
    series = [-0.4] * 4 + [
        -0.3,
        -0.2,
        -0.1,
        0.0,
        0.1,
        0.1,
        0.05,
        0.0,
        -0.05,
        -0.1,
        -0.15,
        -0.2,
        -0.3,
        -0.4,
        -0.45,
    ]
    rules = PhaseRules(min_dwell=1, trend_months=3)
    labels = _run_tracker(series, rules)
    order = [label for i, label in enumerate(labels) if i == 0 or labels[i - 1] != label]
    assert order == ["crisis", "reset", "euphoria", "realism", "disillusionment", "crisis"]
    assert Phase("crisis") is Phase.CRISIS


def test_reset_metrics_known_answers():
    # months 0-2 crisis at -0.4, reset from month 3, peak +0.2 at month 5, back below -0.4 at 10
    r = [-0.4, -0.4, -0.4, -0.2, 0.0, 0.2, 0.1, -0.12, -0.2, -0.3, -0.45, -0.5]
    phases = ["crisis"] * 3 + [
        "reset",
        "reset",
        "euphoria",
        "realism",
        "realism",
        "disillusionment",
        "disillusionment",
        "crisis",
        "crisis",
    ]
    row = reset_episodes(r, phases, trend_months=3).iloc[0]
    assert row.start_month == 3
    assert row.pre_level == pytest.approx(-0.4)
    assert row.peak_gain == pytest.approx(0.6)
    assert row.peak_month == 5
    assert row.half_life_months == 2  # month 7: -0.12 - (-0.4) = 0.28 <= 0.6 / 2
    assert row.months_survived == 7  # first month at or below -0.4 after the start is month 10
    assert bool(row.ended)
    assert row.months_to_crisis == 7


def test_reset_metrics_censored_and_never_halved():
    r = [-0.4, -0.4, -0.1, 0.1, 0.1, 0.05]
    phases = ["crisis", "crisis", "reset", "euphoria", "euphoria", "euphoria"]
    row = reset_episodes(r, phases, trend_months=3).iloc[0]
    assert np.isnan(row.half_life_months)
    assert not bool(row.ended)
    assert row.months_survived == 3
    assert np.isnan(row.months_to_crisis)


def test_a_run_that_starts_in_euphoria_is_already_some_way_into_its_cycle():
    """Realism falls into disillusionment only below the cycle's start, which lies
    euphoria_gain under a euphoric starting point, not at the starting point itself."""
    rules = PhaseRules()
    tracker = PhaseTracker(rules, 0.35, "euphoria")
    assert tracker.cycle_start == pytest.approx(0.35 - rules.euphoria_gain)
    labels = [tracker.update(r) for r in [0.34] * rules.min_dwell + [0.29] * 8]
    assert Phase.REALISM in labels
    assert labels[-1] is Phase.REALISM  # 0.29 is below the start, above the cycle's start
    assert PhaseTracker(rules, 0.35, "realism").cycle_start == pytest.approx(0.35)


@pytest.mark.parametrize(
    ("level", "r", "severe", "want"),
    [
        (None, -0.1, True, "disillusionment"),  # default: only at or below crisis_exit
        (None, -0.25, True, "crisis"),
        (0.0, -0.1, True, "crisis"),  # a use of force while relations are sour
        (0.0, 0.0, True, "crisis"),  # at the level itself
        (0.0, 0.05, True, "realism"),  # above it: the clash alone does not make a crisis
        (0.0, -0.1, False, "disillusionment"),  # no severe clash: the level does nothing
    ],
)
def test_a_severe_clash_opens_a_crisis_at_or_below_severe_clash_level(level, r, severe, want):
    rules = PhaseRules(min_dwell=0, trend_months=3, severe_clash_level=level)
    tracker = PhaseTracker(rules, 0.1, "realism")  # its cycle started at 0.1
    tracker.cycle_start = 0.0  # so that 0.05 is still realism, not a fall below the start
    assert tracker.update(r, severe_clash=severe).value == want


def test_a_crisis_opened_high_by_a_severe_clash_lasts_min_dwell_and_ends_above_crisis_exit():
    rules = PhaseRules(min_dwell=2, trend_months=3, severe_clash_level=0.0)
    labels = _run_tracker([0.1, -0.1, -0.2, -0.24], rules, initiative=False, severe=(1,))
    assert labels == ["crisis", "crisis", "disillusionment"]


def test_level_trend_reads_a_severe_clash_down_to_severe_clash_level():
    rules = PhaseRules(rule="level_trend", trend_months=3, severe_clash_level=0.0)
    tracker = PhaseTracker(rules, 0.0, "realism")
    assert tracker.reading(-0.1, True, False) is Phase.CRISIS
    assert tracker.reading(0.05, True, False) is not Phase.CRISIS
    assert tracker.reading(-0.1, False, False) is Phase.DISILLUSIONMENT
    held = PhaseTracker(rules, -0.2, "crisis")  # a crisis lasts down to crisis_exit only
    assert held.reading(-0.3, False, False) is Phase.CRISIS
    assert held.reading(-0.22, False, False) is Phase.DISILLUSIONMENT
