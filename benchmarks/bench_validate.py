"""Scenario validation time against file size: a file with many bad roster entries.

Run: ``python benchmarks/bench_validate.py [--size 1000000] [--factor 10]``. Writes the
default scenario followed by bad ``[[bureaucracies]]`` entries (``tests/scenarios/
_bad_roster.py``) at ``--size`` bytes and ``factor`` times that, validates each the way
``resetsim validate`` does, and prints wall and CPU seconds, the problems found and the
ratio time(factor x size) / time(size) (linear: about ``factor``). CPU time is printed
beside wall time because other load on a shared machine stretches wall time. No
assertion: ``tests/scenarios/test_validate_scaling.py`` checks the scaling by counting
calls.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import tempfile
import time
from pathlib import Path

from resetsim.scenario import ScenarioError, load_scenario

ROOT = Path(__file__).resolve().parents[1]


def _bad_roster():
    path = ROOT / "tests" / "scenarios" / "_bad_roster.py"
    spec = importlib.util.spec_from_file_location("_bad_roster", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(path: Path) -> tuple[float, float, int, int]:
    """Wall and CPU seconds to validate ``path``, problems found and lines printed."""
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        load_scenario(path)
        count, lines = 0, 0
    except ScenarioError as exc:
        count, lines = exc.count, len(exc.render().splitlines())
    return time.perf_counter() - wall, time.process_time() - cpu, count, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes of the small file")
    parser.add_argument("--factor", type=int, default=10, help="the large file is this x size")
    args = parser.parse_args()
    roster = _bad_roster()
    print(f"load average {os.getloadavg()}")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (args.size, args.factor * args.size):
            path = Path(tmp) / f"bad-{size}.toml"
            path.write_text(roster.bad_roster_text(roster.entries_for_size(size)), "utf-8")
            wall, cpu, count, lines = timed(path)
            results.append((wall, cpu))
            mb = path.stat().st_size / 1e6
            print(
                f"  {mb:6.2f} MB: {wall:6.2f} s wall, {cpu:6.2f} s CPU, {count} problems, "
                f"{lines} lines printed"
            )
    (w1, c1), (w2, c2) = results
    print(f"ratio for {args.factor}x the size: wall x{w2 / w1:.1f}, CPU x{c2 / c1:.1f}")
    print(f"load average at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
