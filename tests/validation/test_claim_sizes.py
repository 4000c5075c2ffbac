"""Claims with an ensemble size of their own, and why a claim falls short on seed blocks."""

import pandas as pd
import pytest

import resetsim.validation.robustness as robustness
from resetsim.validation.claims import Claim


def _claim(runs=None) -> Claim:
    return Claim("4", "a share", "obama-2009", (("main", ()),), lambda r: 1.0, bound=0.9,
                 runs=runs)  # fmt: skip


def test_a_claim_runs_on_its_own_size_only_when_it_needs_more():
    assert _claim().seeds(range(10, 20)) == range(10, 20)
    assert _claim(5).seeds(range(10, 20)) == range(10, 20)
    assert _claim(30).seeds(range(10, 20)) == range(10, 40)


def test_pass_rates_refuse_blocks_of_a_claim_beyond_the_test_range(monkeypatch):
    monkeypatch.setattr(robustness, "claims_for", lambda only=None: [_claim(600)])
    with pytest.raises(ValueError, match="pass seed 9999"):
        robustness.pass_rates(10, 100, base=5000)


def _cal(needed) -> pd.Series:
    return pd.Series({"estimate": 0.95, "ci_low": 0.92, "ci_high": 0.97,
                      "seeds": "100000-100299", "runs_for_99": needed})  # fmt: skip


@pytest.mark.parametrize(
    ("needed", "runs", "says"),
    [
        (float("nan"), 100, "does not meet the claim"),
        (300, 100, "needs 300 runs for 99% power, the claim runs on 100"),
        (800, 100, "undecidable"),
        (50, 100, "weaker model"),
    ],
)
def test_why_a_claim_falls_short_reads_its_calibration_estimate(needed, runs, says):
    why = robustness._why(pd.Series({"pass_rate": 0.5}), _cal(needed), runs)
    assert says in why and "100000-100299" in why
    assert "undecidable" not in why or needed > robustness.MAX_BLOCK


def test_the_section_gives_each_claims_block_size_and_its_reasons(monkeypatch):
    monkeypatch.setattr(robustness, "claims_for", lambda only=None: [_claim(300)])
    table = pd.DataFrame({"pattern": ["4"], "statistic": ["a share"], "claim": ["share >= 0.9"],
                          "passed": [5], "blocks": [10], "pass_rate": [0.5]})  # fmt: skip
    text = "\n".join(robustness.section_lines(table, 10, 100, 5000))
    assert "| 300 |" in text and "pattern 4, a share (50%)" in text
