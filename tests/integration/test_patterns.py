"""Pattern-oriented validation (MODEL.md patterns 1 and 3-9) over ensembles of fixed seeds.

The statistics and thresholds live in ``resetsim.validation.patterns`` (one function per
pattern, the same code ``resetsim validate-model`` reports with); here they are asserted
on 40 fixed seeds (1000..1039), and escalation on 200 (2000..2199), so the tests are
deterministic. The thresholds are the patterns' claims, not the values observed.
"""

import pytest

from resetsim.validation.ensemble import Ensembles, first_resets
from resetsim.validation.patterns import (
    DEFAULT,
    pattern1_reset_decays,
    pattern3_willing_presidents,
    pattern4_core_interests_stopped,
    pattern5_shock_absorber,
    pattern6_shared_worldview,
    pattern7_command_not_compliance,
    pattern8_peripheral_deals,
    pattern9_escalation,
    seed_range,
)

N = 40
SEEDS = seed_range(N, 1000)
ESCALATION_SEEDS = seed_range(200, 2000)
ENSEMBLES = Ensembles()  # shared by the tests of this module: each ensemble runs once


def assert_passed(checks):
    assert checks, "no checks returned"
    failed = [
        f"{c.statistic}: {c.value_text}, claim {c.threshold_text}" for c in checks if not c.passed
    ]
    assert not failed, "\n".join(failed)


def test_pattern1_reset_raises_cooperation_then_decays():
    """A reset in >= 90% of runs, median peak gain >= 0.15, median half-life <= 48 months;
    with no scheduled events the excess over the baseline halves in >= 80% of runs."""
    assert_passed(pattern1_reset_decays(SEEDS, ENSEMBLES))


def test_pattern3_willing_presidents_cannot_sustain_partnership():
    """Both presidents at stance 0.9: partnership (>= 0.5 for 12 months) in <= 10% of runs."""
    assert_passed(pattern3_willing_presidents(SEEDS, ENSEMBLES))


def test_pattern4_giving_up_core_interests_is_stopped():
    """Core concessions are tabled, <= 10% of tablings give a deal, the legislature stops
    at least 0.8 of the US executive's adoptions."""
    assert_passed(pattern4_core_interests_stopped(SEEDS, ENSEMBLES))


@pytest.mark.parametrize("pattern", [pattern5_shock_absorber, pattern6_shared_worldview])
def test_patterns5_6_shock_absorber_and_shared_worldview_lengthen_the_reset(pattern):
    """China-scale trade, or no worldview gap, raises the median months survived and
    lowers the share of resets followed by a crisis, on the same seeds."""
    assert_passed(pattern(SEEDS, ENSEMBLES))


def test_pattern7_command_is_not_compliance():
    """US mean delivered share < 0.8 and never 1; Russia's agencies under its command share
    0.6 deliver more than under a US-sized 0.15 (same seeds), but never 1."""
    assert_passed(pattern7_command_not_compliance(SEEDS, ENSEMBLES))


def test_pattern8_deals_that_happen_are_peripheral():
    """Deals happen (> 1 delivery record per run) and <= 10% of them are core."""
    assert_passed(pattern8_peripheral_deals(SEEDS, ENSEMBLES))


def test_pattern9_escalation_risk_low_but_not_zero_and_crisis_management_matters():
    """Over 200 runs of 1992-2016: escalation in 0.5% to 10% of runs with crisis
    management; without it, at least three times as often."""
    assert_passed(pattern9_escalation(ESCALATION_SEEDS, ENSEMBLES))


@pytest.mark.parametrize(
    "knob", ["presidents.US.reputation", "presidents.US.prestige", "presidents.US.capital"]
)
def test_knob_persuasion_raises_the_reset(knob):
    """Neustadt's three sources: raising one from 0.2 to 0.95 raises the median peak gain of
    the reset and the number of deals, on the same seeds."""
    weak = ENSEMBLES.get(DEFAULT, SEEDS, {knob: 0.2})
    strong = ENSEMBLES.get(DEFAULT, SEEDS, {knob: 0.95})
    assert first_resets(strong)["peak_gain"].median() > first_resets(weak)["peak_gain"].median()
    count = lambda runs: sum(len(r.deliveries) for r in runs)  # noqa: E731
    assert count(strong) >= count(weak)
