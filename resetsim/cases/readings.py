"""What the case page says beside the scores: hand-written notes, where the posterior reaches.

A score alone does not say why a forecast fails. :func:`case_notes` reads a hand-written
reading of a case's forecast, ``docs/case-notes/<case>.md`` beside the page, shown under
the case and labelled as written after the runs. :func:`posterior_reach` says, from the
runs, in which cases the drawn parameters of actors' moves have nothing to act on.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from resetsim.cases.outcomes import CaseRecord
from resetsim.cases.posterior import MOVE_PARAMETERS
from resetsim.cases.scoring import CaseScore

__all__ = ["NOTES", "case_notes", "posterior_reach"]

NOTES = "case-notes"
"""Folder beside the page with a hand-written reading of a case's forecast, ``<case>.md``."""


def case_notes(folder: Path, records: Mapping[str, CaseRecord]) -> dict[str, str]:
    """The hand-written notes ``folder/<case>.md`` of the cases that have one.

    They say what in the scenario or the model a score depends on; they are shown under
    the case's scores, labelled as written after the runs.
    """
    return {
        name: "\n\n".join(
            " ".join(part.split()) for part in path.read_text(encoding="utf-8").split("\n\n")
        ).strip()
        for name in records
        if (path := folder / f"{name}.md").is_file()
    }


def posterior_reach(scores: Mapping[str, CaseScore]) -> list[str]:
    """Where the drawn parameters of actors' moves have nothing to act on (no moves in runs)."""
    still = [n for n, s in scores.items() if s.actor_moves == 0]
    if not still:
        return []
    moving = [n for n, s in scores.items() if s.actor_moves]
    names = ", ".join(f"`{k}`" for k in MOVE_PARAMETERS)
    text = (
        f"**Where the posterior reaches.** No actor makes a move in any run of {', '.join(still)} "
        f"(their scenarios declare no `[[moves]]`), so the drawn {names} have nothing to act "
        "on there: in those cases the forecasts with posterior draws differ from the "
        "seeds-only ones only through the other drawn parameters and the runs' noise."
    )
    if moving:
        text += f" Actors' moves are made in the runs of {', '.join(moving)}."
    return [text, ""]
