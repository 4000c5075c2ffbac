"""Every pattern function returns records whose verdict follows from value and threshold.

Small ensembles (3 seeds, 4 for escalation): the values are whatever the model gives;
what is tested is the record, not the pattern (the pattern claims are tested in
tests/integration on 40 seeds).
"""

import math
import operator

import pytest

from resetsim.validation.ensemble import Ensembles
from resetsim.validation.patterns import PATTERNS, TITLES, all_patterns, seed_range

SEEDS = seed_range(3, 1000)
ESCALATION = seed_range(4, 2000)
ENSEMBLES = Ensembles()
OPS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}


def judged(c):
    if c.op == "in":
        low, high = c.threshold
        return low <= c.value <= high
    return OPS[c.op](c.value, c.threshold)


@pytest.mark.parametrize("number", sorted(PATTERNS))
def test_pattern_records(number):
    seeds = ESCALATION if number == "9" else SEEDS
    checks = PATTERNS[number](seeds, ENSEMBLES)
    assert checks
    for c in checks:
        assert c.pattern == number and c.title == TITLES[number]
        assert c.runs == len(seeds)
        assert isinstance(c.value, float)
        assert c.passed == judged(c), c
        assert c.statistic and c.threshold_text


def test_all_patterns_in_order_and_sharing_runs():
    checks = all_patterns(SEEDS, ESCALATION, ENSEMBLES)
    assert [c.pattern for c in checks] == sorted(c.pattern for c in checks)
    assert {c.pattern for c in checks} == set(TITLES)
    cached = len(ENSEMBLES._cache)
    again = all_patterns(SEEDS, ESCALATION, ENSEMBLES)  # every ensemble comes from the cache
    assert len(ENSEMBLES._cache) == cached
    assert [c.value for c in again] == [c.value for c in checks]


def test_relative_thresholds_come_from_the_baseline_ensemble():
    from resetsim.validation.ensemble import first_resets

    base = first_resets(ENSEMBLES.get("obama-2009", SEEDS))
    c = PATTERNS["5"](SEEDS, ENSEMBLES)[0]
    assert c.threshold == base["months_survived"].median()
    assert not math.isnan(c.value)
