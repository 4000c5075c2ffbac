"""The classroom pack's numbers and claims, checked against the model.

The generated blocks of ``docs/teaching`` must equal what ``resetsim.viz.teaching_pack``
computes now; the sentences typed in the demo script, the answer key and the rubric are
checked against runs of the model here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from resetsim.viz.dashboard_model import DEFAULT_SCENARIO, DashboardModel, knob_values
from resetsim.viz.dashboard_presets import apply_preset
from resetsim.viz.teaching_pack import (
    BLOCKS,
    NOTEBOOK,
    STUDENT_NOTEBOOK,
    TEACHER_HEADING,
    block_names,
    render,
    student_notebook_text,
)

REPO = Path(__file__).resolve().parents[2]
PACK = REPO / "docs" / "teaching"
PAGES = (
    "README.md",
    "lesson-plan.md",
    "demo-script.md",
    "handout.md",
    "answer-key.md",
    "debrief-guide.md",
    "rubric.md",
    "knobs.md",
    "role-cards.md",
    "run-sheet.md",
)


@pytest.fixture(scope="module")
def computed() -> dict[str, str]:
    return {name: build() for name, build in BLOCKS.items()}


@pytest.fixture(scope="module")
def answers(computed: dict[str, str]) -> dict[tuple[str, str], str]:
    """(figure, setting) -> cell of the computed answer-key table."""
    lines = [line for line in computed["answer-key"].splitlines() if line.startswith("|")]
    settings = [c.strip() for c in lines[0].strip("|").split("|")][1:]
    table = {}
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        for setting, cell in zip(settings, cells[1:], strict=True):
            table[cells[0], setting] = cell
    return table


def _median(cell: str) -> float:
    return float(re.match(r"[\d.]+", cell).group(0))


def test_every_page_of_the_pack_is_there_and_linked() -> None:
    index = (PACK / "README.md").read_text()
    for page in PAGES:
        assert (PACK / page).is_file(), page
        if page != "README.md":
            assert f"({page})" in index, f"README.md does not link {page}"


def test_generated_blocks_match_the_model(computed: dict[str, str]) -> None:
    seen = set()
    for path in sorted(PACK.glob("*.md")):
        text = path.read_text()
        names = block_names(text)
        seen.update(names)
        assert render(text, computed) == text, (
            f"{path.name}: generated numbers are out of date; run "
            "python -m resetsim.viz.teaching_pack docs/teaching"
        )
    assert seen == set(BLOCKS)


def test_student_notebook_is_notebook_3_without_the_answers() -> None:
    committed = (PACK / STUDENT_NOTEBOOK).read_text()
    assert committed == student_notebook_text(REPO / NOTEBOOK)
    notebook = json.loads(committed)
    text = "".join("".join(c["source"]) for c in notebook["cells"])
    assert TEACHER_HEADING not in text and "**A1.**" not in text
    assert "Questions (D)" in text
    assert all(not c.get("outputs") for c in notebook["cells"] if c["cell_type"] == "code")


def test_demo_script_claims_hold_at_seed_0() -> None:
    script = (PACK / "demo-script.md").read_text()
    model = DashboardModel(scenario_name=DEFAULT_SCENARIO, seed=0).run()
    log = model.decision_log()
    senate = log[(log["proposal"] == "new-start") & (log["side"] == "US") & (log["votes_yes"] >= 0)]
    first = senate.iloc[0]
    assert first["outcome"] == "blocked"
    votes = f"{first['votes_yes']}-{first['votes_no']}"
    claim = f"In {first['date']} **the Senate refuses New START {votes}**"
    assert claim in script
    assert first["blocked_by"] == "Republican hawks" and "Republican hawks" in script
    # the strong persuader gets New START through the Senate, in the month the script says
    base = model.spec
    strong = apply_preset("strong persuader", base, knob_values(base))
    log = DashboardModel(scenario_name=DEFAULT_SCENARIO, seed=0, **strong).run().decision_log()
    passed = log[(log["proposal"] == "new-start") & (log["side"] == "US")]
    passed = passed[passed["outcome"] == "ratified"]
    assert len(passed) == 1
    assert f"New START passes the Senate\n   in {passed['date'].iloc[0]}" in script


def test_one_seed_can_invert_the_lesson() -> None:
    script = (PACK / "demo-script.md").read_text()
    assert "at **seed 1** the weak persuader's reset stays above its" in script
    base = DashboardModel(scenario_name=DEFAULT_SCENARIO, seed=1).spec
    ended = {}
    for name in ("weak persuader", "strong persuader"):
        knobs = apply_preset(name, base, knob_values(base))
        resets = DashboardModel(scenario_name=DEFAULT_SCENARIO, seed=1, **knobs).run().resets()
        ended[name] = bool(resets.sort_values("start_month")["ended"].iloc[0])
    assert ended == {"weak persuader": False, "strong persuader": True}


def test_answer_key_and_rubric_sentences_hold(answers: dict[tuple[str, str], str]) -> None:
    weak = answers["months above baseline", "weak persuader"]
    strong = answers["months above baseline", "strong persuader"]
    assert _median(strong) > _median(weak)  # persuasion buys time
    survival = [
        _median(answers["months above pre-reset level", s])
        for s in ("weak persuader", "scenario's own values", "strong persuader")
    ]
    assert max(survival) - min(survival) <= 1  # but not survival
    for setting in ("weak persuader", "strong persuader", "Putin's command share"):
        assert answers["runs with a crisis", setting] == "20 of 20"
    for setting in ("China-scale trade", "shared worldview"):
        assert answers["runs with a crisis", setting] == "0 of 20"
    shipped = _median(answers["share delivered", "scenario's own values"])
    command = _median(answers["share delivered", "Putin's command share"])
    assert abs(command - shipped) <= 2  # "moves by about a point"
    rubric = (PACK / "rubric.md").read_text()
    assert f"from about {_median(weak):.0f} to {_median(strong):.0f}" in rubric
    survived = _median(answers["months above pre-reset level", "strong persuader"])
    assert f"after about {survived:.0f} months" in rubric
