"""Known answers for matching and scoring on small hand-built tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from _tables import log_row, proposal, record, tables

from resetsim.cases.scoring import (
    base_rates,
    brier,
    miscalibrated,
    reliability,
    reliability_intervals,
    score_case,
    scored_ids,
)


def test_three_of_four_runs_ratify_by_the_date():
    rows = [log_row(r, 5, "US", "ratified") for r in range(3)] + [log_row(3, 5, "US", "blocked")]
    score = score_case(record(proposal()), tables(rows))
    row = score.binary.iloc[0]
    assert row["forecast"] == 0.75
    assert row["brier"] == pytest.approx(0.0625)
    assert row["base_rate"] == 0.5  # no other case: the stated fallback
    assert row["base_brier"] == pytest.approx(0.25)
    assert score.brier == pytest.approx(0.0625)


def test_a_ratification_after_the_window_does_not_count():
    # window: case start to 2000-06 + 2 months of tolerance = 2000-08 (month index 7)
    rows = [log_row(0, 7, "US", "ratified"), log_row(1, 8, "US", "ratified")]
    score = score_case(record(proposal(), tolerance_months=2), tables(rows))
    assert score.binary.iloc[0]["forecast"] == 0.25
    assert (score.binary.iloc[0]["window_from"], score.binary.iloc[0]["window_to"]) == (
        "2000-01",
        "2000-08",
    )


def test_both_sides_must_reach_the_outcome_in_the_same_run():
    rows = [
        log_row(0, 2, "US", "adopted"),
        log_row(0, 3, "CU", "adopted"),
        log_row(1, 2, "US", "adopted"),
    ]
    rows += [log_row(2, 2, "CU", "adopted")]
    o = proposal(id="both-adopt", side="both", outcome="adopted")
    assert score_case(record(o), tables(rows)).binary.iloc[0]["forecast"] == 0.25


def test_an_outcome_that_did_not_happen_is_scored_against_zero():
    rows = [log_row(0, 2, "US", "adopted")]
    o = proposal(id="no-embargo-lift", outcome=["adopted", "ratified"], happened=False, date=None)
    row = score_case(record(o), tables(rows)).binary.iloc[0]
    assert (row["record"], row["forecast"]) == (0, 0.25)
    assert row["brier"] == pytest.approx(0.0625)
    assert row["window_to"] == "2000-12"


def test_a_veto_counts_only_when_the_named_actor_blocked():
    rows = [
        {**log_row(0, 2, "CU", "blocked"), "blocked_by": "Leader"},
        {**log_row(1, 2, "CU", "blocked"), "blocked_by": "Hardliners"},
        {**log_row(2, 2, "CU", "adopted"), "blocked_by": ""},
    ]
    o = proposal(id="veto", side="CU", outcome="blocked", blocked_by="Leader", happened=False,
                 date=None)  # fmt: skip
    forecast = score_case(record(o), tables(rows)).binary.iloc[0]["forecast"]
    assert forecast == pytest.approx(1 / 4)  # of the 4 runs, one the Leader blocked
    anyone = proposal(id="veto", side="CU", outcome="blocked", happened=False, date=None)
    assert score_case(record(anyone), tables(rows)).binary.iloc[0]["forecast"] == 0.5


def test_a_scenario_proposal_never_tabled_is_a_zero_forecast_not_unmatched():
    rows = [log_row(0, 2, "US", "adopted", proposal="other")]
    score = score_case(record(proposal()), tables(rows), proposal_ids={"deal", "other"})
    assert score.binary.iloc[0]["forecast"] == 0.0
    assert score.unmatched.empty


def test_a_proposal_outside_the_scenario_is_unmatched_with_a_reason():
    rows = [log_row(0, 2, "US", "adopted", proposal="other")]
    score = score_case(record(proposal()), tables(rows), proposal_ids={"other"})
    assert score.binary.empty
    assert score.unmatched.iloc[0]["reason"] == "proposal 'deal' is not in the case's scenario"
    unknown = score_case(record(proposal()), tables(rows))
    assert "appears in no run's decision log" in unknown.unmatched.iloc[0]["reason"]


def test_a_side_the_runs_do_not_have_is_unmatched():
    rows = [log_row(0, 2, "US", "adopted"), log_row(0, 2, "RU", "adopted")]
    o = proposal(side="CU", outcome="adopted")
    score = score_case(record(o), tables(rows), proposal_ids={"deal"})
    assert score.unmatched.iloc[0]["reason"] == "side CU appears in no run's decision log"


def vote(**fields) -> dict:
    entry = {"id": "deal-vote", "kind": "vote", "proposal": "deal", "side": "US",
             "chamber": "Senate", "date": "2000-06", "yes": 80, "no": 20,
             "label": "roll call", "source": "a record"}  # fmt: skip
    return {**entry, **fields}


def test_roll_call_margin_uses_each_runs_first_vote():
    rows = [
        log_row(0, 3, "US", "blocked", yes=60, no=40),
        log_row(0, 5, "US", "ratified", yes=70, no=30),  # a later vote of run 0: ignored
        log_row(1, 5, "US", "ratified", yes=70, no=30),
        log_row(2, 5, "US", "ratified", yes=90, no=10),
        log_row(2, 5, "US", "adopted"),  # no roll call (-1)
    ]
    v = score_case(record(vote()), tables(rows)).votes.iloc[0]
    assert v["record_share"] == 0.8
    assert v["forecast_share"] == pytest.approx(0.7)  # median of 0.6, 0.7, 0.9
    assert v["error"] == pytest.approx(-0.1)
    assert v["mean_abs_error"] == pytest.approx((0.2 + 0.1 + 0.1) / 3)
    assert v["runs_with_vote"] == 0.75


def test_a_roll_call_in_a_chamber_the_tables_do_not_name_is_unmatched():
    rows = [log_row(0, 5, "US", "ratified", yes=70, no=30)]
    score = score_case(record(vote(chamber="House", yes=400, no=20)), tables(rows))
    assert score.votes.empty
    assert "only side US's main chamber (Senate) is matched" in score.unmatched.iloc[0]["reason"]


def crisis(**fields) -> dict:
    entry = {"id": "crisis", "kind": "crisis", "window": ["2000-04", "2000-08"], "happened": True,
             "label": "a crisis", "source": "a record"}  # fmt: skip
    return {**entry, **fields}


PHASES = {
    0: ["crisis"] * 12,  # opens in crisis: no onset
    1: ["realism"] * 5 + ["crisis"] * 7,  # onset in 2000-06
    2: ["realism"] * 10 + ["crisis"] * 2,  # onset in 2000-11, after the window
    3: ["crisis"] * 2 + ["realism"] * 3 + ["crisis"] * 7,  # onset in 2000-06
}


def test_crisis_onset_excludes_an_opening_crisis_and_late_onsets():
    score = score_case(record(crisis()), tables([], PHASES))
    assert score.binary.iloc[0]["forecast"] == 0.5


def test_crisis_present_counts_any_crisis_month_in_the_window():
    score = score_case(record(crisis(mode="any")), tables([], PHASES))
    assert score.binary.iloc[0]["forecast"] == 0.75


def test_reset_started_within_the_window():
    resets = [
        {"run_id": 0, "start_month": 2, "start_date": "2000-03"},
        {"run_id": 1, "start_month": 4, "start_date": "2000-05"},
        {"run_id": 1, "start_month": 6, "start_date": "2000-07"},
    ]
    o = {"id": "reset", "kind": "reset", "window": ["2000-04", "2000-09"], "happened": False,
         "label": "no reset", "source": "a record"}  # fmt: skip
    row = score_case(record(o), tables([], resets=resets)).binary.iloc[0]
    assert row["forecast"] == 0.25
    assert row["brier"] == pytest.approx(0.0625)


def test_opinion_points_get_the_ensemble_median_and_band():
    o = {"id": "poll", "kind": "opinion", "column": "us_public_favourability",
         "points": [{"date": "2000-03", "value": 41.0}, {"date": "2000-05", "value": 50}],
         "label": "a poll", "source": "a record"}  # fmt: skip
    rows = score_case(record(o), tables([])).opinion  # runs 0-3 read 40, 41, 42, 43
    assert list(rows["median"]) == [41.5, 41.5]
    assert list(rows["error"]) == [0.5, -8.5]
    assert list(rows["inside"]) == [True, False]


def test_every_outcome_is_in_exactly_one_table():
    outcomes = [proposal(), vote(), vote(id="house", chamber="House"), crisis(),
                proposal(id="other", proposal="missing")]  # fmt: skip
    rows = [log_row(0, 5, "US", "ratified", yes=70, no=30)]
    score = score_case(record(*outcomes), tables(rows))
    ids = [o["id"] for o in outcomes]
    assert scored_ids(score) | set(score.unmatched["id"]) == set(ids)
    assert len(score.binary) + len(score.votes) + len(score.unmatched) == len(ids)


def test_base_rate_leaves_the_case_out():
    a = record(proposal(), proposal(id="b", happened=False, date=None), case="a")
    b = record(proposal(id="c"), crisis(happened=False), case="b")
    c = record(proposal(id="d", happened=False, date=None), case="c")
    rates = base_rates({"a": a, "b": b, "c": c})
    assert rates[("a", "deal-ratified")] == 0.5  # b: 1 of 1, c: 0 of 1
    assert rates[("b", "c")] == pytest.approx(1 / 3)  # a: 1 of 2, c: 0 of 1
    assert rates[("b", "crisis")] == 0.5  # no other case records a crisis
    assert rates[("c", "d")] == pytest.approx(2 / 3)


def test_brier_known_values():
    assert brier(0.75, True) == pytest.approx(0.0625)
    assert brier(0.0, False) == 0.0
    assert brier(1.0, False) == 1.0


def test_reliability_pools_and_bins_forecasts():
    rows = [log_row(r, 5, "US", "ratified") for r in range(3)]  # p = 0.75
    s1 = score_case(record(proposal()), tables(rows))
    s2 = score_case(record(proposal(happened=False, date=None)), tables([]), proposal_ids={"deal"})
    table = reliability([s1, s2], bins=4)
    assert list(table["n"]) == [1, 0, 0, 1]
    assert list(table["hits"]) == [0, 0, 0, 1]
    assert table.loc[3, "mean_forecast"] == 0.75
    assert table.loc[3, "observed"] == 1.0
    assert table.loc[0, "observed"] == 0.0
    assert math.isnan(table.loc[1, "observed"])


def test_tables_of_several_scenarios_are_refused():
    t = tables([])
    t["timeseries"]["scenario"] = ["a", "b"] * (len(t["timeseries"]) // 2)
    with pytest.raises(ValueError, match="several scenarios"):
        score_case(record(proposal()), t)


def test_tables_without_runs_are_refused():
    t = tables([])
    t["timeseries"] = pd.DataFrame(columns=t["timeseries"].columns)
    with pytest.raises(ValueError, match="no runs"):
        score_case(record(proposal()), t)


def _table(n, hits, forecast):
    return pd.DataFrame(
        {
            "bin_low": [0.0, 0.5], "bin_high": [0.5, 1.0], "n": n, "hits": hits,
            "mean_forecast": forecast, "observed": [h / k if k else float("nan")
                                                    for h, k in zip(hits, n, strict=True)],
        }
    )  # fmt: skip


def test_reliability_intervals_are_wilson_intervals_of_the_counts():
    table = reliability_intervals(_table([10, 0], [5, 0], [0.5, float("nan")]))
    assert len(table) == 1  # the empty bin is dropped
    assert (table.loc[0, "low"], table.loc[0, "high"]) == pytest.approx((0.2366, 0.7634), abs=1e-4)


def test_miscalibrated_flags_bins_whose_interval_excludes_the_forecast():
    # 9 of 10 happened where 0.1 was forecast: under; 0 of 20 where 0.8 was: over
    flagged = miscalibrated(_table([10, 20], [9, 0], [0.1, 0.8]))
    assert flagged["verdict"].tolist() == ["under-forecast", "over-forecast"]
    # 5 of 10 at forecast 0.5 is reliable
    assert miscalibrated(_table([10, 20], [5, 16], [0.5, 0.8])).empty


def test_proposal_fates_say_who_blocked_a_deal_in_most_runs():
    from resetsim.cases.fates import proposal_fates

    rows = [
        {**log_row(0, 1, "US", "tabled"), "blocked_by": ""},
        {**log_row(0, 1, "CU", "blocked"), "blocked_by": "Leader"},
        {**log_row(1, 1, "US", "tabled"), "blocked_by": ""},
        {**log_row(1, 2, "CU", "blocked"), "blocked_by": "Leader"},
        {**log_row(1, 3, "US", "blocked"), "blocked_by": "Senate hawks"},
        {**log_row(2, 1, "US", "tabled"), "blocked_by": ""},
        {**log_row(2, 6, "US", "implemented"), "blocked_by": ""},
    ]
    fates = proposal_fates(tables(rows)["log"], range(4), ["deal", "never"])
    deal, never = fates.to_dict("records")
    assert (deal["tabled"], deal["blocked"], deal["implemented"]) == (0.75, 0.5, 0.25)
    assert (deal["blocked_by"], deal["blocked_by_share"]) == ("Leader", 0.5)
    assert (never["tabled"], never["blocked"], never["blocked_by"]) == (0.0, 0.0, "")
