"""ABC calibration's statistics and seeds, the robustness section, the mechanism section."""

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from resetsim.cli import app
from resetsim.validation.abc import (
    CALIBRATION_SEED_BASE,
    HistoryModel,
    observed_statistics,
    run_statistics,
)
from resetsim.validation.abc_posterior import effective_sample_size, weighted_quantile
from resetsim.validation.claims import Claim
from resetsim.validation.mechanism import judge
from resetsim.validation.mechanism_page import abc_section, headline_sentence, mechanism_section
from resetsim.validation.robustness import END, START, existing_section, write_section

runner = CliRunner()


def test_observed_statistics_come_from_the_record_up_to_2014():
    obs = observed_statistics()
    assert obs["crisis_2008"] == 1.0 and obs["reset_2009"] == 1.0
    assert obs["escalated"] == 0.0  # no armed clash between the two in 1992-2016
    assert {k: v for k, v in obs.items() if k.startswith("quiet_")} == {
        "quiet_2002-03": 0.0, "quiet_2005": 0.0, "quiet_2010": 0.0
    }  # fmt: skip
    assert obs["gallup_2014-02"] == pytest.approx(34.0)
    assert not any(k.startswith("gallup_2015") or k.startswith("gallup_2016") for k in obs)
    # timeline 2012-2016: Magnitsky (congress), Snowden, Yanukovych, Crimea, Syria, expulsions
    assert obs["hostile_2012"] == 6.0 and obs["cooperative_2012"] == 0.0
    assert obs["cooperative_2007"] == 4.0  # reset, Moscow summit, New START, Iran sanctions


def test_run_statistics_have_the_observed_keys_and_count_salient_events():
    dates = pd.period_range("1992-01", "2016-12", freq="M").strftime("%Y-%m")
    ts = pd.DataFrame(
        {"date": dates, "phase": "realism", "us_public_favourability": 50.0, "escalation": 0}
    )
    ts.loc[ts["date"] == "2008-08", "phase"] = "crisis"
    ts.loc[ts["date"] == "2009-04", "phase"] = "reset"
    events = pd.DataFrame(
        {
            "date": ["1993-05", "1993-06", "2013-01"],
            "direction": ["hostile", "cooperative", "hostile"],
            "severity": [0.5, 0.6, 0.1],
        }
    )
    stats = run_statistics(ts, events)
    assert set(stats) == set(observed_statistics())
    assert stats["crisis_2008"] == 1.0 and stats["crisis_1999"] == 0.0
    assert stats["reset_2009"] == 1.0 and stats["reset_2001"] == 0.0
    assert stats["escalated"] == 0.0
    assert stats["quiet_2005"] == stats["quiet_2010"] == stats["quiet_2002-03"] == 0.0
    ts.loc[ts["date"] == "2005-12", "phase"] = "crisis"
    ts.loc[ts["date"] == "2006-01", "phase"] = "crisis"  # outside every window
    moved = run_statistics(ts, events)
    assert moved["quiet_2005"] == 1.0 and moved["quiet_2010"] == 0.0
    assert moved["crisis_2008"] == 1.0
    ts.loc[ts["date"] == "2002-06", "phase"] = "reset"  # a reset in a quiet window is no crisis
    assert run_statistics(ts, events)["quiet_2002-03"] == 0.0
    ts.loc[ts["date"] == "2015-01", "escalation"] = 1
    assert run_statistics(ts, events)["escalated"] == 1.0
    assert stats["hostile_1992"] == 1.0 and stats["cooperative_1992"] == 1.0
    assert stats["hostile_2012"] == 0.0  # below the severity cut


def test_calibration_seeds_stay_in_the_calibration_range():
    with pytest.raises(ValueError, match="100000"):
        HistoryModel(seed_base=9999)
    model = HistoryModel(runs=3)
    seeds = model.seeds({"dynamics.retaliation_rate": 0.5})
    assert min(seeds) >= CALIBRATION_SEED_BASE and len(set(seeds)) == 3
    assert seeds == model.seeds({"dynamics.retaliation_rate": 0.5})
    assert seeds != model.seeds({"dynamics.retaliation_rate": 0.6})


def test_effective_sample_size_known_answers():
    assert effective_sample_size([1.0, 1.0, 1.0, 1.0]) == pytest.approx(4.0)
    assert effective_sample_size([0.5, 0.5, 0.0, 0.0]) == pytest.approx(2.0)
    assert effective_sample_size([3.0, 1.0]) == pytest.approx(16 / 10)


def test_weighted_quantile():
    values, weights = np.array([3.0, 1.0, 2.0]), np.array([0.0, 1.0, 1.0])
    assert weighted_quantile(values, weights, 0.4) == 1.0
    assert weighted_quantile(values, weights, 0.9) == 2.0


def test_calibrate_abc_rejects_seeds_of_the_test_range(tmp_path):
    result = runner.invoke(
        app, ["calibrate", "--method", "abc", "--base-seed", "10", "--out", str(tmp_path / "a")]
    )
    assert result.exit_code == 1 and "100000" in result.output
    assert "Traceback" not in result.output
    grid = runner.invoke(app, ["calibrate", "--method", "abc", "--grid", "dynamics.x=1,2"])
    assert grid.exit_code == 1 and "--grid" in grid.output
    neither = runner.invoke(app, ["calibrate", "--out", str(tmp_path / "b")])
    assert neither.exit_code == 1 and "--grid" in neither.output


@pytest.mark.slow
def test_calibrate_abc_writes_a_posterior_that_batch_draws_from(tmp_path):
    pytest.importorskip("pyabc")
    out = tmp_path / "abc"
    args = ["calibrate", "--method", "abc", "--population", "3", "--generations", "1"]
    args += ["--predictive", "4", "--seeds", "1", "--workers", "1"]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    posterior = pd.read_csv(out / "posterior.csv")
    assert len(posterior) == 3 and posterior["weight"].sum() == pytest.approx(1.0)
    meta = json.loads((out / "abc.json").read_text())
    assert meta["seed_base"] >= CALIBRATION_SEED_BASE and len(meta["parameters"]) >= 5
    for key, (lo, hi) in meta["parameters"].items():
        assert posterior[key].between(lo, hi).all()
    assert (out / "posterior.png").read_bytes()[:4] == b"\x89PNG"
    assert (out / "abc.db").stat().st_size > 0
    assert meta["predictive"]["draws"] == 4
    assert len(pd.read_csv(out / "predictive.csv")) == 4
    assert (out / "predictive.png").read_bytes()[:4] == b"\x89PNG"


def test_robustness_section_is_written_and_replaced(tmp_path):
    page = tmp_path / "validation.md"
    page.write_text("# Validation\n\ntext\n")
    table = pd.DataFrame(
        {"pattern": ["2"], "statistic": ["s"], "claim": ["share >= 0.6"], "passed": [9],
         "blocks": [10], "pass_rate": [0.9]}
    )  # fmt: skip
    write_section(page, table, 10, 50, 5000)
    first = page.read_text()
    assert START in first and END in first and "| 90% |" in first and "0 of 1 claims" in first
    table["passed"], table["pass_rate"] = 10, 1.0
    write_section(page, table, 10, 50, 5000)
    second = page.read_text()
    assert second.count(START) == 1 and "| 100% |" in second and "1 of 1 claims" in second
    assert second.startswith("# Validation\n\ntext\n")
    assert existing_section(page)[0] == START
    assert existing_section(tmp_path / "none.md") == []


def test_robustness_refuses_blocks_beyond_the_page_range(tmp_path):
    args = ["robustness", "--blocks", "10", "--seeds", "600", "--base", "5000"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and "9999" in result.output


def test_mechanism_section_states_the_headline_and_every_claim():
    n = 40
    claim = Claim("1", "a statistic", "obama-2009", (("main", ()),), lambda r: 0.0, bound=0.5)
    ones, zeros = np.ones(n), np.zeros(n)
    good = judge(claim, range(n), {"full": ones, "null": zeros, "placebo": zeros})
    lines = mechanism_section([good])
    text = "\n".join(lines)
    assert "1 reproduced by mechanism" in headline_sentence([good])
    assert "| a statistic |" in text and "| mechanism |" in text
    assert "Emergent" in text and "Imposed" in text and "Assumed" in text


def test_null_calibration_score_prefers_the_point_nearer_the_record():
    from resetsim.validation.null_calibration import score_points

    observed = {"a": 1.0, "b": 50.0}
    near = pd.DataFrame({"a": [1.0, 0.0], "b": [50.0, 52.0]})
    far = pd.DataFrame({"a": [0.0, 0.0], "b": [20.0, 30.0]})
    scores = score_points([near, far], observed)
    assert scores[0] < scores[1]


@pytest.mark.slow
def test_calibrate_null_writes_the_best_point_that_validate_model_reads(tmp_path):
    out = tmp_path / "null"
    args = ["calibrate", "--method", "null", "--grid", "structure.relax_rate=0.03,0.1"]
    result = runner.invoke(app, [*args, "--seeds", "2", "--workers", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "null.json").read_text())
    assert meta["best"]["structure.relax_rate"] in (0.03, 0.1)
    assert meta["seed_base"] >= CALIBRATION_SEED_BASE
    assert len(pd.read_csv(out / "points.csv")) == 2
    missing = runner.invoke(app, ["validate-model", "--null-calibration", str(tmp_path)])
    assert missing.exit_code == 1 and "null.json" in missing.output


def test_pass_rates_count_blocks_and_report_each_block(monkeypatch):
    import resetsim.validation.robustness as robustness

    every = robustness.claims_for
    monkeypatch.setattr(robustness, "claims_for", lambda only=None: every({"1"}))
    seen = []
    table = robustness.pass_rates(2, 2, base=5000, on_block=lambda b, t: seen.append((b, t)))
    assert [b for b, _ in seen] == [0, 1] and list(seen[0][1]["blocks"]) == [1]
    assert list(table["blocks"]) == [2] and 0 <= int(table["passed"].iloc[0]) <= 2
    assert table["pass_rate"].iloc[0] == table["passed"].iloc[0] / 2


def test_a_particle_leaves_no_model_behind():
    import gc

    from resetsim.model import ResetModel

    def alive() -> int:
        gc.collect()
        return sum(isinstance(o, ResetModel) for o in gc.get_objects())

    before = alive()  # models other tests in this worker may still hold
    stats = HistoryModel(runs=1)({"structure.relax_rate": 0.05})
    assert set(stats) == set(observed_statistics())
    assert alive() == before


def _escalation_results(full_escalates: bool):
    """Pattern 9's share claim judged on 40 runs: failing (12 escalate) or holding (none)."""
    n = 40
    claim = Claim(
        "9", "escalation", "history", (("main", ()),), lambda r: 0.0, bound=0.1, at_most=True
    )
    many = np.r_[np.ones(12), np.zeros(n - 12)]
    full = many if full_escalates else np.zeros(n)
    return [judge(claim, range(n), {"full": full, "null": many, "placebo": many})]


DIAGNOSIS = pd.DataFrame(
    {
        "condition": ["as shipped", "clash_impact 0.1"],
        "seeds": ["100000-100199"] * 2,
        "escalated": [31, 6],
        "runs": [200, 200],
        "in 2014-2016": [17, 2],
        "median lowest relationship": [-0.61, -0.36],
    }
)
"""Rows of ``scripts/escalation_diagnosis.py`` as a page reads them (made-up counts)."""


def test_a_failing_escalation_claim_quotes_the_diagnosis_per_condition():
    failing = _escalation_results(True)
    text = "\n".join(mechanism_section(failing, diagnosis=DIAGNOSIS))
    assert "Pattern 9 fails because of the model" in text
    assert "as shipped 31 of 200 runs escalate, 17 of them first in 2014-2016" in text
    assert "is -0.61; clash_impact 0.1: 6 of 200 (lowest -0.36)." in text
    assert "Measured on calibration seeds" not in "\n".join(mechanism_section(failing))
    holding = _escalation_results(False)
    assert "Pattern 9 fails" not in "\n".join(mechanism_section(holding, diagnosis=DIAGNOSIS))


def test_the_diagnosis_quotes_crisis_windows_per_condition_when_measured():
    diagnosis = DIAGNOSIS.assign(**{"crisis windows hit": ["140/100/190", "39/30/107"]})
    text = "\n".join(mechanism_section(_escalation_results(True), diagnosis=diagnosis))
    assert "in the 1999/2008/2014 windows in 140/100/190 of them" in text
    assert "clash_impact 0.1: 6 of 200 (lowest -0.36; windows 39/30/107)." in text


def test_a_particle_sets_every_parameter_of_its_prior(monkeypatch):
    """Every key of the prior reaches the run (a key once outside the shipped ones was lost)."""
    import resetsim.runner

    seen = []

    def fake_run(spec, seed, _steps):
        seen.append(spec.dynamics.scheduled_clash_reading)
        raise StopIteration  # the spec is all this test needs

    monkeypatch.setattr(resetsim.runner, "run_model", fake_run)
    with pytest.raises(StopIteration):
        HistoryModel(runs=1)({"dynamics.scheduled_clash_reading": 0.25})
    assert seen == [0.25]


def test_the_abc_section_reads_a_quiet_year_as_no_crisis_on_record(tmp_path):
    hit = {"hits": 95, "runs": 200, "share": 0.475, "ci_low": 0.41, "ci_high": 0.54}
    meta = {
        "scenario": "history-1992-2016-generative", "population": 1000, "generations": 4,
        "runs_per_particle": 6, "seed_base": 100000, "simulations": 10976, "seconds": 60.0,
        "workers": 2, "epsilons": [16.1, 14.4], "effective_sample_size": 118.9,
        "parameters": {"structure.relax_rate": [0.01, 0.1]},
        "posterior": {"structure.relax_rate": {"median": 0.076, "q05": 0.03, "q95": 0.1}},
        "predictive": {"draws": 200, "seed_base": 300000, "gallup_in_band_in_sample": [9, 10],
                       "gallup_mae_in_sample": 10.2, "quiet_2005": hit, "crisis_2008": hit},
    }  # fmt: skip
    (tmp_path / "abc.json").write_text(json.dumps(meta))
    page = "\n".join(abc_section(tmp_path))
    assert "| crisis in 2005 (none on record) | no | 48% [41%, 54%] |" in page
    assert "| crisis 2008 | yes | 48% [41%, 54%] |" in page
    assert "effective sample size (Kish) is 119 of 1000" in page
