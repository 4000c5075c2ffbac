"""Pattern 2: the 1992-2016 history scenario passes through Giles's stages three times.

Windows are calendar months, inclusive; a hit is a run labelled with the stage in at least
one month of the window; hit rates are over 40 fixed seeds. Crises near 1999
(1998-09..2000-06), 2008 (2008-03..2009-02) and 2014 (2013-06..2014-12), each in >= 70% of
runs; resets near 2001 (2001-06..2002-06) and 2009 (2009-01..2010-06) in >= 70% of runs.
The US public's favourability, averaged over the ensemble, must correlate with the Gallup
points (shipped as package data, 1995-2014) at r >= 0.5. Negative controls: in the quiet
years between cycles (2002-06..2003-02, 2010-01..2010-12) fewer than 20% of run-months are
labelled crisis. The statistics live in ``resetsim.validation.patterns`` and
``resetsim.validation.history``.
"""

from functools import cache

import pytest

from resetsim.validation.ensemble import Ensembles
from resetsim.validation.history import CRISES, QUIET, RESETS
from resetsim.validation.patterns import pattern2_history_cycles, seed_range

N = 40
SEEDS = seed_range(N, 1000)


@cache
def checks():
    """Pattern 2's records by statistic."""
    return {c.statistic: c for c in pattern2_history_cycles(SEEDS, Ensembles())}


def assert_passed(statistic):
    c = checks()[statistic]
    assert c.runs == N
    assert c.passed, f"{c.statistic}: {c.value_text}, claim {c.threshold_text}"


@pytest.mark.parametrize("window", sorted(QUIET.values()))
def test_quiet_years_are_not_crises(window):
    assert_passed(f"crisis share of months, quiet {window[0]}..{window[1]}")


@pytest.mark.parametrize("year", sorted(CRISES))
def test_crisis_near(year):
    lo, hi = CRISES[year]
    assert_passed(f"crisis hit rate {lo}..{hi}")


@pytest.mark.parametrize("year", sorted(RESETS))
def test_reset_near(year):
    lo, hi = RESETS[year]
    assert_passed(f"reset hit rate {lo}..{hi}")


def test_three_full_cycles_pass_through_all_five_stages():
    """In >= 70% of runs each of the five stages appears at least twice and crisis
    entries number at least three (three cycles, the first starting in euphoria)."""
    assert_passed("share of runs with three full cycles")


def test_us_public_follows_gallup_direction():
    assert_passed("correlation of mean US favourability with Gallup")


def test_every_claim_of_pattern2_is_tested_here():
    assert len(checks()) == len(QUIET) + len(CRISES) + len(RESETS) + 2
