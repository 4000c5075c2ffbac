"""The three mutants named in the design issue, each checked against the unit tests.

Each mutant is applied to a temporary copy of the source tree and ``tests/unit`` is run
there; a mutant is killed when a unit test fails. Prints the first failing test of each.

    python scripts/named_mutants.py
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

MUTANTS = {
    "delete persuasion": [
        (
            "resetsim/model/stages/bargaining.py",
            "president.persuade_all(members, rate, issue)",
            "pass",
        ),
    ],
    "two-thirds treaty bar -> simple majority": [
        (
            "resetsim/model/stages/decision.py",
            'chamber.treaty_share if spec.instrument == "treaty" else chamber.majority_share',
            "chamber.majority_share",
        ),
        (
            "resetsim/agents/chamber.py",
            'return self.treaty_share if instrument == "treaty" else self.majority_share',
            "return self.majority_share",
        ),
    ],
    "drop the double weight of agencies in charge of a deal": [
        ("resetsim/agents/bureaucracy.py", "REMIT_WEIGHT = 2.0", "REMIT_WEIGHT = 1.0"),
    ],
}


def run_mutant(edits: list[tuple[str, str, str]]) -> str:
    """The first unit test failing under the mutant ('' if it survives)."""
    with tempfile.TemporaryDirectory(prefix="resetsim-mutant-") as tmp:
        tree = Path(tmp)
        for part in ("resetsim", "tests", "scenarios"):
            shutil.copytree(ROOT / part, tree / part)
        shutil.copy(ROOT / "pyproject.toml", tree)
        for path, old, new in edits:
            file = tree / path
            text = file.read_text()
            assert old in text, f"{old!r} not in {path}"
            file.write_text(text.replace(old, new, 1))
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "tests/unit", "-x", "-q", "-p", "no:cacheprovider"],
            cwd=tree,
            capture_output=True,
            text=True,
            env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        )
        failed = re.search(r"^FAILED (\S+)", done.stdout, re.MULTILINE)
        return failed.group(1) if failed else ""


def main() -> int:
    """Apply each named mutant; exit 1 if any survives."""
    survivors = 0
    for name, edits in MUTANTS.items():
        killer = run_mutant(edits)
        survivors += not killer
        print(f"{name}: " + (f"killed by {killer}" if killer else "SURVIVED"))
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
