"""Known answers for the small statistics behind the validation table."""

import math

import pytest

from resetsim.validation.checks import check, compare, wilson_interval


@pytest.mark.parametrize(
    ("value", "op", "threshold", "expected"),
    [
        (0.9, ">=", 0.9, True),
        (0.89, ">=", 0.9, False),
        (48, "<=", 48, True),
        (1.0, "<", 1.0, False),
        (0.6, ">", 0.5, True),
        (0.05, "in", (0.005, 0.10), True),
        (0.2, "in", (0.005, 0.10), False),
        (float("nan"), ">=", 0.0, False),
        (float("inf"), ">=", 0.8, True),
    ],
)
def test_compare(value, op, threshold, expected):
    assert compare(value, op, threshold) is expected


def test_compare_rejects_unknown_operator():
    with pytest.raises(ValueError, match="unknown comparison"):
        compare(1.0, "=>", 0.5)


def test_check_judges_and_formats():
    c = check("9", "title", "share", "in", (0.005, 0.1), 0.2, 200)
    assert not c.passed
    assert c.threshold_text == "in [0.005, 0.1]"
    row = c.row()
    assert row["result"] == "FAIL" and row["runs"] == 200
    rel = check("5", "t", "median", ">", 58, 92, 40, basis="obama-2009 as is")
    assert rel.passed and rel.threshold_text == "> 58 (obama-2009 as is)"


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (0, 10, 0.0, 0.2775),
        (5, 10, 0.2366, 0.7634),
        (10, 10, 0.7225, 1.0),
        (7, 200, 0.0170, 0.0704),
    ],
)
def test_wilson_interval_known_values(k, n, low, high):
    lo, hi = wilson_interval(k, n)
    assert lo == pytest.approx(low, abs=5e-4)
    assert hi == pytest.approx(high, abs=5e-4)


def test_wilson_interval_of_nothing_is_undefined():
    assert all(math.isnan(x) for x in wilson_interval(0, 0))
