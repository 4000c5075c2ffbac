"""``resetsim batch`` from the shell: messages, exit codes, kill and resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _batch_helpers import assert_batches_equal
from typer.testing import CliRunner

from resetsim.batch import load_batch, read_manifest, run_batch
from resetsim.cli import app

SMALL_ARGS = ["obama-2009", "--seeds", "3", "--months", "24"]
SMALL_ARGS += ["--grid", "structure.trade_share=0.01,0.05"]


def invoke(*args: str):
    return CliRunner().invoke(app, ["batch", *args])


def test_batch_command_writes_the_same_tables_as_the_api(tmp_path, reference):
    result = invoke(*SMALL_ARGS, "--out", str(tmp_path / "b"))
    assert result.exit_code == 0, result.output
    assert "6 runs" in result.output and "6 ok, 0 failed" in result.output
    assert_batches_equal(load_batch(tmp_path / "b"), reference)
    # batch.toml reproduces the study from one file
    again = invoke("--spec", str(tmp_path / "b" / "batch.toml"), "--out", str(tmp_path / "c"))
    assert again.exit_code == 0, again.output
    assert_batches_equal(load_batch(tmp_path / "c"), reference)
    quiet = invoke(*SMALL_ARGS, "--out", str(tmp_path / "d"), "--quiet")
    assert quiet.exit_code == 0 and quiet.output == ""


def test_grid_ranges_and_sets_from_the_command_line(tmp_path):
    out = tmp_path / "b"
    result = invoke(
        "obama-2009",
        "--seeds",
        "1",
        "--months",
        "6",
        "--set",
        "structure.clash_rate=0.2",
        "--grid",
        "structure.trade_share=0.01:0.05:3",
        "--grid",
        "dynamics.retry_months=6,12",
        "--no-actors",
        "--out",
        str(out),
        "--quiet",
    )
    assert result.exit_code == 0, result.output
    runs = load_batch(out, ["runs"])["runs"]
    assert runs[["structure.trade_share", "dynamics.retry_months"]].values.tolist() == [
        [0.01, 6],
        [0.01, 12],
        [0.03, 6],
        [0.03, 12],
        [0.05, 6],
        [0.05, 12],
    ]
    manifest = read_manifest(out)
    assert manifest["overrides"] == {"structure.clash_rate": 0.2}
    assert manifest["actors"] is False


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-scenario", "--seeds", "2"], "no scenario named 'no-such-scenario'"),
        (["obama-2009", "--seeds", "2", "--set", "structure.trade_shar=0.1"], "trade_share"),
        (["obama-2009", "--seeds", "2", "--grid", "structure.nope=1,2"], "unknown parameter"),
        (["obama-2009", "--seeds", "2", "--grid", "structure.trade_share="], "no values"),
        (["obama-2009", "--seeds", "2", "--grid", "structure.trade_share=abc"], "number"),
        (["obama-2009", "--seeds", "2", "--grid", "structure.trade_share"], "KEY=VALUE"),
        (["obama-2009", "--seeds", "2", "--grid", "structure.trade_share=0:1:1"], "at least 2"),
        (["obama-2009"], "--seeds N"),
        (["obama-2009", "--seeds", "0"], "at least 1"),
        (["obama-2009", "--seeds", "2", "--executor", "threads"], "serial, process, dask"),
        (["obama-2009", "--seeds", "2", "--retry-failed"], "add --resume"),
    ],
)
def test_bad_input_is_a_clear_message_and_exit_1(tmp_path, args, message):
    out = tmp_path / "b"
    result = invoke(*args, "--out", str(out))
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_foreign_and_different_directories_are_refused(tmp_path):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "data.csv").write_text("x\n1\n")
    result = invoke(*SMALL_ARGS, "--out", str(foreign))
    assert result.exit_code == 1 and "holds no batch" in result.output
    assert "Traceback" not in result.output

    out = tmp_path / "b"
    run_batch("obama-2009", seeds=1, months=6, out=out)
    again = invoke("obama-2009", "--seeds", "1", "--months", "6", "--out", str(out))
    assert again.exit_code == 1 and "--resume" in again.output
    other = invoke("obama-2009", "--seeds", "2", "--months", "6", "--out", str(out), "--resume")
    assert other.exit_code == 1 and "seeds: the batch has 1" in other.output


def _cli(*args: str) -> list[str]:
    """``resetsim batch ARGS`` in a new process (the command alone, for a quick start)."""
    code = "import typer; from resetsim.cli.batch import batch_cmd; typer.run(batch_cmd)"
    return [sys.executable, "-c", code, *args]


def _wait_for_chunks(out: Path, process: subprocess.Popen, n: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = out / "runs"
        if runs.is_dir() and len(list(runs.glob("part-*.parquet"))) >= n:
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.005)
    raise AssertionError("the batch wrote no chunk in time")


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


KILL_ARGS = ["obama-2009", "--seeds", "25", "--months", "36", "--chunk-size", "4"]
KILL_ARGS += ["--grid", "structure.trade_share=0.01,0.05", "--quiet"]


@pytest.fixture(scope="module")
def kill_reference(tmp_path_factory):
    out = tmp_path_factory.mktemp("kill") / "reference"
    run_batch(
        "obama-2009",
        seeds=25,
        months=36,
        grid={"structure.trade_share": [0.01, 0.05]},
        chunk_size=7,
        out=out,
    )
    return load_batch(out)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_killed_batch_resumes_to_the_uninterrupted_tables(tmp_path, kill_reference, sig):
    out = tmp_path / "b"
    process = subprocess.Popen(
        _cli(*KILL_ARGS, "--out", str(out)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_default_sigint,  # a shell may start tests with Ctrl-C ignored
    )
    _wait_for_chunks(out, process, 2)
    os.kill(process.pid, sig)
    _, stderr = process.communicate(timeout=60)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["done"] < 50, "the batch ended before it was killed"
    if sig == signal.SIGKILL:
        assert process.returncode == -signal.SIGKILL
        assert manifest["status"] == "running"
    else:
        assert process.returncode == 130, stderr
        assert manifest["status"] == "interrupted"
        assert b"--resume" in stderr and b"Traceback" not in stderr
    partial = load_batch(out, ["runs"])["runs"]
    assert partial["run_id"].is_unique
    if sig == signal.SIGKILL:
        resumed = invoke(*KILL_ARGS, "--out", str(out), "--resume")
    else:  # the short form reads the study from DIR/batch.toml
        resumed = invoke("--out", str(out), "--resume", "--chunk-size", "4", "--quiet")
    assert resumed.exit_code == 0, resumed.output
    tables = load_batch(out)
    assert tables["runs"]["run_id"].tolist() == list(range(50))
    assert not tables["timeseries"].duplicated(["run_id", "month"]).any()
    assert_batches_equal(tables, kill_reference)
    assert read_manifest(out)["status"] == "complete"
