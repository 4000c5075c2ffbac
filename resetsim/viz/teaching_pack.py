"""Numbers for the classroom pack (``docs/teaching/``), computed from the model, never typed.

The demo script, the answer key, the role cards and the role-play's run sheet contain
blocks between ``<!-- generated: NAME -->`` and
``<!-- end generated -->``. This module computes their text from runs of the model, the test
suite checks that every block in the pack equals what it computes now, and::

    python -m resetsim.viz.teaching_pack docs/teaching

rewrites the blocks after the model changes. The runs use the dashboard's own functions
(:class:`~resetsim.viz.dashboard_model.DashboardModel`, the presets and the scoreboard), so
the pack says what a class will see on screen.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from resetsim.scenario import load_scenario
from resetsim.viz.classroom.cards import opportunity_list, role_cards
from resetsim.viz.dashboard_model import (
    DEFAULT_SCENARIO,
    DashboardModel,
    knob_overrides,
    knob_values,
)
from resetsim.viz.dashboard_presets import SCENARIO_VALUES, apply_preset
from resetsim.viz.dashboard_views import SPREAD_LABELS, spread_cell
from resetsim.viz.ratification import votes_needed
from resetsim.viz.scoreboard import run_scores, seed_spread, spread_summary

__all__ = [
    "BLOCKS",
    "DEMO_SEED",
    "answer_key",
    "block_names",
    "demo_script",
    "main",
    "render",
    "student_notebook",
    "student_notebook_text",
    "update",
]

DEMO_SEED = 0
#: The settings the answer key compares, as presets applied to the scenario's own values.
ANSWER_SETTINGS = (
    SCENARIO_VALUES,
    "weak persuader",
    "strong persuader",
    "Putin's command share",
    "China-scale trade",
    "shared worldview",
)
_BLOCK = re.compile(r"(<!-- generated: ([a-z0-9-]+) -->\n)(.*?)(<!-- end generated -->)", re.S)


def _vote_sentence(row: pd.Series, topic: str, chamber: str, needed: int | None) -> str:
    verb = "approves" if row["outcome"] == "ratified" else "refuses"
    text = f"{row['date']}: {chamber} {verb} {topic} {int(row['votes_yes'])}-{int(row['votes_no'])}"
    if needed is not None:
        text += f" ({needed} votes needed)"
    if row["blocked_by"]:
        text += f"; {row['blocked_by']} cast the most votes against"
    return text + "."


def demo_script(seed: int = DEMO_SEED) -> str:
    """What the default scenario shows at ``seed``: every roll call, the first crisis, scores."""
    model = DashboardModel(scenario_name=DEFAULT_SCENARIO, seed=seed)
    model.run()
    log = model.decision_log()
    topics = {p.id: p.topic for p in model.spec.proposals}
    chambers = {leg.side: leg.name for leg in model.spec.legislatures}
    lines = [f"`{DEFAULT_SCENARIO}`, seed {seed}, as shipped. Roll calls and rejections:", ""]
    decided = log[
        ((log["votes_yes"] >= 0) & log["outcome"].isin(["ratified", "blocked"]))
        | (log["outcome"] == "rejected")
    ]
    for _, row in decided.iterrows():
        topic = topics.get(row["proposal"], row["proposal"])
        if row["outcome"] == "rejected":
            lines.append(f"* {row['date']}: {row['blocked_by']} rejects {topic}.")
            continue
        total = int(row["votes_yes"]) + int(row["votes_no"])
        needed = votes_needed(model.spec, row["side"], str(row["instrument"]), total)
        lines.append(f"* {_vote_sentence(row, topic, chambers[row['side']], needed)}")
    scores = run_scores(model.timeseries(), log, model.resets())
    lines += [
        "",
        f"Over the whole run: {scores['ratified']} ratified, {scores['blocked']} blocked or "
        f"rejected ({scores['blocked_by'] or 'nobody'}), {scores['delivered_share']:.0%} of "
        f"promised implementation delivered, {scores['months_above_baseline']} months above "
        f"the structural baseline, {scores['months_above_pre_reset']} months above the "
        f"pre-reset level, first crisis {scores['first_crisis']}.",
    ]
    return "\n".join(lines) + "\n"


def answer_key(settings: Sequence[str] = ANSWER_SETTINGS) -> str:
    """Median (10th-90th percentile) of the scoreboard over seeds 0-19, one column a setting."""
    base = load_scenario(DEFAULT_SCENARIO)
    own = knob_values(base)
    summaries = {}
    for name in settings:
        knobs = apply_preset(name, base, own)
        summaries[name] = spread_summary(seed_spread(base, knob_overrides(base, knobs)))
    head = "| figure (seeds 0-19) | " + " | ".join(settings) + " |"
    rule = "|---|" + "---|" * len(settings)
    rows = [head, rule]
    for key, label in SPREAD_LABELS.items():
        cells = [spread_cell(summaries[name], key) for name in settings]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


TEACHER_HEADING = "## For the teacher"
NOTEBOOK = Path("notebooks/03_neustadt_in_class.ipynb")
STUDENT_NOTEBOOK = "03_neustadt_student.ipynb"


def student_notebook(notebook: dict) -> dict:
    """Notebook 3 without the teacher's answers: everything from ``## For the teacher`` on.

    The cell holding the heading keeps its text up to the horizontal rule (``---``) or the
    heading; later cells are dropped; outputs are cleared.
    """
    student = copy.deepcopy(notebook)
    cells = []
    for cell in student["cells"]:
        text = "".join(cell["source"])
        if TEACHER_HEADING in text:
            head = text.split(TEACHER_HEADING)[0].rstrip()
            head = head.removesuffix("---").rstrip()
            if head:
                cell["source"] = head + "\n"
                cells.append(cell)
            break
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        cells.append(cell)
    student["cells"] = cells
    return student


def student_notebook_text(source: Path = NOTEBOOK) -> str:
    """The student notebook as the JSON text written to ``docs/teaching``."""
    notebook = json.loads(source.read_text())
    return json.dumps(student_notebook(notebook), indent=1, ensure_ascii=False) + "\n"


#: Block name -> function computing its text.
BLOCKS: dict[str, Callable[[], str]] = {
    "demo-seed-0": demo_script,
    "answer-key": answer_key,
    "role-cards": role_cards,
    "opportunities": opportunity_list,
}


def render(text: str, blocks: dict[str, str]) -> str:
    """``text`` with each generated block replaced by ``blocks[name]`` (unknown names kept)."""

    def swap(match: re.Match[str]) -> str:
        name = match.group(2)
        body = blocks.get(name, match.group(3))
        return f"{match.group(1)}{body}{match.group(4)}"

    return _BLOCK.sub(swap, text)


def block_names(text: str) -> list[str]:
    """Names of the generated blocks in ``text``."""
    return [m.group(2) for m in _BLOCK.finditer(text)]


def update(folder: Path, notebook: Path = NOTEBOOK) -> list[Path]:
    """Rewrite the generated parts of the pack in ``folder``; return the files changed.

    The parts are the generated blocks of every Markdown file and the student notebook
    (made from ``notebook``).
    """
    computed: dict[str, str] = {}
    changed = []
    student = folder / STUDENT_NOTEBOOK
    text = student_notebook_text(notebook)
    if not student.is_file() or student.read_text() != text:
        student.write_text(text)
        changed.append(student)
    for path in sorted(folder.glob("*.md")):
        text = path.read_text()
        for name in block_names(text):
            if name in BLOCKS and name not in computed:
                computed[name] = BLOCKS[name]()
        new = render(text, computed)
        if new != text:
            path.write_text(new)
            changed.append(path)
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m resetsim.viz.teaching_pack FOLDER``: rewrite the pack's generated parts.

    Run from the project folder (it reads ``notebooks/03_neustadt_in_class.ipynb``).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or not Path(args[0]).is_dir():
        print("usage: python -m resetsim.viz.teaching_pack FOLDER (e.g. docs/teaching)")
        return 2
    for path in update(Path(args[0])):
        print(f"updated {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
