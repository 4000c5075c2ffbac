"""``resetsim sensitivity`` on a tiny real study: 3 factors, Sobol' N = 8, one seed."""

import json

import pandas as pd
from typer.testing import CliRunner

from resetsim.cli import app
from resetsim.sensitivity.study import OUTPUTS

runner = CliRunner()
RANGES = """
[[parameters]]
key = "structure.relax_rate"
low = 0.03
high = 0.12

[[parameters]]
key = "structure.worldview_gap"
low = 0.4
high = 1.0

[[parameters]]
key = "bureaucracies.*.inertia"
mode = "shift"
low = -0.2
high = 0.2
"""


def test_tiny_sobol_study_writes_table_and_plot(tmp_path):
    ranges = tmp_path / "ranges.toml"
    ranges.write_text(RANGES)
    out = tmp_path / "sobol"
    args = ["sensitivity", "obama-2009", "--method", "sobol", "--n", "8", "--seeds", "1"]
    result = runner.invoke(
        app, [*args, "--ranges", str(ranges), "--executor", "serial", "--out", str(out), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    idx = pd.read_csv(out / "indices.csv")
    assert len(idx) == 3 * len(OUTPUTS)
    assert set(idx["parameter"]) == {
        "structure.relax_rate",
        "structure.worldview_gap",
        "bureaucracies.*.inertia",
    }
    assert {"S1", "S1_conf", "ST", "ST_conf"} <= set(idx.columns)
    samples = pd.read_csv(out / "samples.csv")
    assert len(samples) == 8 * (3 + 2)
    assert samples[list(OUTPUTS)].notna().all().all()
    assert samples["crisis"].between(0, 1).all() and (samples["months_survived"] >= 0).all()
    meta = json.loads((out / "study.json").read_text())
    assert meta["cost"]["runs"] == 40 and meta["cost"]["ms_per_run_wall"] > 0
    assert (out / "sobol.png").read_bytes()[:4] == b"\x89PNG"


def test_tiny_morris_study_writes_tornado(tmp_path):
    ranges = tmp_path / "ranges.toml"
    ranges.write_text(RANGES)
    out = tmp_path / "morris"
    result = runner.invoke(
        app,
        [
            "sensitivity",
            "obama-2009",
            "--method",
            "morris",
            "--n",
            "2",
            "--ranges",
            str(ranges),
            "--executor",
            "serial",
            "--out",
            str(out),
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    idx = pd.read_csv(out / "indices.csv")
    assert {"mu_star", "mu_star_conf", "sigma"} <= set(idx.columns)
    assert (out / "morris.png").exists()


def test_bad_input_is_a_message_not_a_traceback(tmp_path):
    for args, message in (
        (["--method", "fast"], "choose one of sobol, morris"),
        (["--n", "100"], "power of two"),
        (["--ranges", str(tmp_path / "none.toml")], "no such range file"),
    ):
        result = runner.invoke(
            app, ["sensitivity", "obama-2009", *args, "--out", str(tmp_path / "o")]
        )
        assert result.exit_code == 1, args
        assert message in result.output and "Traceback" not in result.output
    result = runner.invoke(
        app, ["sensitivity", "no-such-scenario", "--n", "8", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output


HISTORY_RANGES = """
[[parameters]]
key = "structure.relax_rate"
low = 0.03
high = 0.09

[[parameters]]
key = "events.*.severity"
mode = "scale"
low = 0.8
high = 1.2
"""


def test_history_study_averages_seeds_per_sample_and_reports_seed_noise(tmp_path):
    ranges = tmp_path / "ranges.toml"
    ranges.write_text(HISTORY_RANGES)
    out = tmp_path / "history"
    args = ["sensitivity", "history-1992-2016-generative", "--n", "2", "--outputs", "history"]
    args += ["--seeds-per-sample", "2", "--seed-start", "123456", "--ranges", str(ranges)]
    result = runner.invoke(app, [*args, "--executor", "serial", "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "study.json").read_text())
    assert meta["seeds"] == [123456, 123457] and meta["output_set"] == "history"
    assert {"resetsim", "mesa", "SALib"} <= set(meta["versions"])
    runs = pd.read_csv(out / "runs.csv")
    assert len(runs) == 2 * (2 + 2) * 2 and set(runs["seed"]) == {123456, 123457}
    samples = pd.read_csv(out / "samples.csv")
    names = list(meta["outputs"])
    means = runs.groupby("sample")[names].mean().reset_index(drop=True)
    pd.testing.assert_frame_equal(samples[names], means, check_names=False)
    noise = pd.read_csv(out / "seed_noise.csv")
    assert list(noise["output"]) == names and (noise["within"] >= 0).all()
    idx = pd.read_csv(out / "indices.csv")
    assert set(idx["output"]) <= set(names)


def test_seeds_of_the_tests_are_refused_for_a_study(tmp_path):
    result = runner.invoke(
        app, ["sensitivity", "obama-2009", "--n", "8", "--seed-start", "42", "--out", str(tmp_path)]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "calibration seeds (>= 100000)" in result.output
