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
