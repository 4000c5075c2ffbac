"""Memory stays flat: peak RSS of 1,200 runs is close to that of 120 runs.

Each count runs in a fresh process (so peaks are comparable) with the serial executor.
Runs are three months long, so that the test is quick: a leak of one model per run
(about 50 KB with mesa 3.3's agent-id registry) would add over 50 MB between the two,
and keeping the tables in memory would add more.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent(
    """
    import resource, sys, tempfile
    from pathlib import Path
    from resetsim.batch import run_batch

    n = int(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        run_batch("obama-2009", seeds=n // 2, months=3, out=Path(tmp) / "b",
                  grid={"structure.trade_share": [0.01, 0.05]})
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux
    """
)
TOLERANCE_MB = 20


def peak_rss_mb(runs: int) -> float:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(runs)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1]) / 1024


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss units differ")
def test_peak_memory_does_not_grow_with_the_number_of_runs():
    small, large = peak_rss_mb(120), peak_rss_mb(1200)
    assert large - small < TOLERANCE_MB, f"120 runs: {small:.0f} MB, 1200 runs: {large:.0f} MB"
