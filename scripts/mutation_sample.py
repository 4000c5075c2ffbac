"""Mutation score from a seeded random sample of mutants, with a 95% Wilson interval.

A full ``make mutation`` run judges every mutant of ``resetsim/agents`` and
``resetsim/model`` (about 4,000) and takes hours on two cores. A simple random sample
gives an unbiased estimate of the same score with an interval that says how far it can be
trusted (Wilson 1927). The sample is drawn with a fixed seed from the sorted list of every
mutant name, so that it is the same sample on every machine for the same source.

Mutants that an earlier run already judged (mutmut 3 keeps verdicts while a function's
source is unchanged) are not run again.

    python scripts/mutation_sample.py [--size 400] [--seed 1] [--max-children 1]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

from mutmut.stats import status_by_exit_code

from resetsim.validation.checks import wilson_interval

MUTANTS = Path("mutants")
BIN = Path(sys.executable).parent


def verdicts() -> dict[str, int | None]:
    """Every mutant name with its exit code (None: not judged yet), from mutmut's files."""
    out: dict[str, int | None] = {}
    for meta in sorted(MUTANTS.rglob("*.meta")):
        out |= json.loads(meta.read_text())["exit_code_by_key"]
    return out


def mutmut_run(names: list[str], max_children: int) -> None:
    """``mutmut run`` on ``names`` (generates the mutants first when there are none)."""
    cmd = [str(BIN / "mutmut"), "run", "--max-children", str(max_children), *names]
    if subprocess.run(cmd, check=False).returncode:
        sys.exit(f"mutmut failed: {' '.join(cmd[:4])} ...; see its output above")


def main(argv: list[str] | None = None) -> int:
    """Draw the sample, judge what is not judged yet, print the score and its interval."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=400, help="mutants in the sample")
    parser.add_argument("--seed", type=int, default=1, help="seed of the sample")
    parser.add_argument("--max-children", type=int, default=1, help="mutmut workers")
    args = parser.parse_args(argv)
    # mutmut generates (or refreshes) every mutant before it runs the few named here
    mutmut_run(["resetsim.model.month.*"], args.max_children)
    names = sorted(verdicts())
    sample = random.Random(args.seed).sample(names, min(args.size, len(names)))
    pending = [name for name in sample if verdicts()[name] is None]
    if pending:
        mutmut_run(pending, args.max_children)
    codes = verdicts()
    statuses = [status_by_exit_code[codes[name]] for name in sample]
    counts = {status: statuses.count(status) for status in sorted(set(statuses))}
    if "not checked" in counts:
        print(f"{counts['not checked']} sampled mutants were not judged: the score is incomplete")
    judged = [s for s in statuses if s not in ("not checked", "skipped", "caught by type check")]
    killed = judged.count("killed")
    low, high = wilson_interval(killed, len(judged))
    print(f"sample of {len(sample)} of {len(names)} mutants (seed {args.seed}): {counts}")
    print(
        f"mutation score {killed}/{len(judged)} = {killed / len(judged):.1%} "
        f"(95% Wilson interval {low:.1%} to {high:.1%})"
    )
    survivors = [name for name in sample if status_by_exit_code[codes[name]] == "survived"]
    print("survived:", *survivors, sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
