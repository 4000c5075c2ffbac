"""Child processes die with the command that started them (``resetsim.processes``).

A batch on the process executor killed with SIGKILL leaves neither its fork server nor
its workers behind; the dashboard's server child stops when its command is killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest


def _children(pid: int) -> list[int]:
    psutil = pytest.importorskip("psutil")
    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def test_a_killed_process_batch_leaves_no_process_behind(tmp_path):
    psutil = pytest.importorskip("psutil")
    out = tmp_path / "b"
    code = "from resetsim.cli import app; app()"
    args = ["batch", "obama-2009", "--seeds", "40", "--months", "60", "--executor", "process"]
    args += ["--workers", "2", "--chunk-size", "1", "--quiet", "--out", str(out)]
    process = subprocess.Popen([sys.executable, "-c", code, *args])
    deadline = time.monotonic() + 120
    children: list[int] = []
    while time.monotonic() < deadline:
        assert process.poll() is None, "the batch ended before it could be killed"
        children = _children(process.pid)
        if len(children) >= 3 and (out / "runs").is_dir():  # fork server + 2 workers
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the batch started no workers in time")
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    deadline = time.monotonic() + 30
    alive = [pid for pid in children if psutil.pid_exists(pid)]
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = [
            pid
            for pid in alive
            if psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        ]
    assert alive == [], f"processes left behind: {alive}"


def test_a_server_child_dies_with_a_killed_command(tmp_path):
    """The dashboard starts its server with the same guard: SIGKILL of the command stops it."""
    psutil = pytest.importorskip("psutil")
    code = (
        "import subprocess, sys, time\n"
        "from resetsim.viz.serve import _server_dies_with_us\n"
        "child = subprocess.Popen(['sleep', '120'], preexec_fn=_server_dies_with_us)\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    assert psutil.pid_exists(child)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait(timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if not psutil.pid_exists(child) or psutil.Process(child).status() == "zombie":
            break
        time.sleep(0.05)
    else:
        os.kill(child, signal.SIGKILL)
        raise AssertionError("the child outlived its command")
