"""Score the current model on history-1992-2016 through the batch engine's Python API.

Structural facts only (no claim about the model's skill): every outcome of the file is
scored or listed as unmatched with a reason, probabilities are probabilities, and the
batch directory is an ordinary batch. Seeds: base seed 10014, used by no other test.
"""

from __future__ import annotations

import pytest

from resetsim.batch import load_batch
from resetsim.cases.ensemble import forecast_case, scenario_proposal_ids, score_batch
from resetsim.cases.outcomes import load_case
from resetsim.cases.scoring import scored_ids

pytestmark = pytest.mark.slow

BASE_SEED = 10014
RUNS = 4


@pytest.fixture(scope="module")
def forecast(tmp_path_factory):
    out = tmp_path_factory.mktemp("forecast") / "history"
    score = forecast_case("history-1992-2016", seeds=RUNS, out=out, base_seed=BASE_SEED,
                          workers=1, executor="serial")  # fmt: skip
    return out, score


def test_every_outcome_is_scored_or_unmatched_with_a_reason(forecast):
    _, score = forecast
    record = load_case("history-1992-2016")
    ids = [o.id for o in record.outcomes]
    unmatched = list(score.unmatched["id"])
    assert scored_ids(score).isdisjoint(unmatched)
    assert scored_ids(score) | set(unmatched) == set(ids)
    assert all(reason.strip() for reason in score.unmatched["reason"])
    assert score.runs == RUNS


def test_forecasts_are_probabilities_over_the_runs(forecast):
    _, score = forecast
    assert score.binary["forecast"].between(0, 1).all()
    assert (score.binary["forecast"] * RUNS).round(9).mod(1).eq(0).all()  # shares of 4 runs
    assert score.votes["forecast_share"].between(0, 1).all()


def test_kept_proposals_are_matched(forecast):
    _, score = forecast
    ids = scenario_proposal_ids("history-1992-2016")
    assert {"start-ii", "moscow-treaty", "new-start"} <= ids
    assert {"start-ii-us-consent", "moscow-treaty-us-consent", "new-start-us-consent"} <= set(
        score.binary["id"]
    )


def test_scoring_the_directory_again_gives_the_same_score(forecast):
    out, score = forecast
    again = score_batch("history-1992-2016", out)
    assert again.binary.equals(score.binary)
    assert load_batch(out, tables=["runs"])["runs"]["status"].eq("ok").all()


def test_a_batch_of_another_scenario_is_refused(forecast):
    out, _ = forecast
    with pytest.raises(ValueError, match="scored on scenario 'trump-2017-generative'"):
        score_batch("trump-2017", out)
