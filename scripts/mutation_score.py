"""Print the mutation score of the last ``mutmut run`` (``make mutation``).

Reads ``mutants/mutmut-cicd-stats.json`` (written by ``mutmut export-cicd-stats``). The
score is killed / (killed + survived + timeout + suspicious): mutants that no unit test
reaches ("no tests") count as survivors too, and are printed separately.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

STATS = Path("mutants") / "mutmut-cicd-stats.json"


def score(stats: dict) -> tuple[float, int]:
    """Killed share of the judged mutants, and how many were judged."""
    judged = sum(stats[k] for k in ("killed", "survived", "no_tests", "timeout", "suspicious"))
    return (stats["killed"] / judged if judged else float("nan")), judged


def main() -> int:
    """Print the score; exit 1 when there are no stats."""
    if not STATS.exists():
        print(f"{STATS} not found: run `mutmut run` and `mutmut export-cicd-stats` first")
        return 1
    stats = json.loads(STATS.read_text())
    share, judged = score(stats)
    print(
        f"mutation score {share:.1%}: {stats['killed']} of {judged} mutants killed "
        f"({stats['survived']} survived, {stats['no_tests']} reached by no unit test, "
        f"{stats['timeout']} timed out, {stats['skipped']} skipped)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
