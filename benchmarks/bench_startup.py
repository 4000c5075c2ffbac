"""Start-up cost of the command line: ``resetsim --help`` and ``import resetsim.cli``.

Run: ``python benchmarks/bench_startup.py [--rounds 7] [--tree DIR]``. Each command runs
in a fresh interpreter, the rounds alternating between them; the CPU time of each child
(user + system, from ``getrusage``) is less disturbed by other load than wall time. Prints
the median of each, beside the floor set by ``import typer`` with rich's console (what
typer needs to print any help) and by a bare interpreter. ``--tree DIR`` measures the
``resetsim`` package in DIR instead (e.g. a ``git archive`` of an older commit), for a
before/after ratio. No assertion: ``tests/test_cli_startup.py`` checks what is imported.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys

COMMANDS = {
    "bare interpreter": "pass",
    "typer + rich console (floor)": "import typer, rich.console",
    "import resetsim.cli": "import resetsim.cli",
    "resetsim --help": "import sys; sys.argv = ['resetsim', '--help']; "
    "from resetsim.cli import main; main()",
}


def cpu_seconds(code: str, env: dict[str, str], cwd: str | None) -> float:
    """CPU seconds (user + system) of one interpreter running ``code`` in ``cwd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [sys.executable, "-c", code]
    subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--tree", default=None, help="measure the resetsim package in DIR")
    args = parser.parse_args()
    env = dict(os.environ)
    cwd = None
    if args.tree:  # run there, so that its package comes before the installed one
        cwd = env["PYTHONPATH"] = os.path.abspath(args.tree)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    print(f"load average {os.getloadavg()}")
    for _ in range(args.rounds):
        for name, code in COMMANDS.items():
            times[name].append(cpu_seconds(code, env, cwd))
    for name, values in times.items():
        print(f"  {name:30s} {1000 * statistics.median(values):7.0f} ms CPU (median)")
    floor = statistics.median(times["typer + rich console (floor)"])
    help_time = statistics.median(times["resetsim --help"])
    print(f"  resetsim --help / floor = {help_time / floor:.2f}")
    print(f"load average at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
