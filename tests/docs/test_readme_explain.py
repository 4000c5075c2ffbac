"""The chain of moves the README quotes is what ``resetsim explain`` prints for that run."""

from __future__ import annotations

import re
from pathlib import Path

from resetsim.analysis.chains import chain_lines, move_chains
from resetsim.runner import simulate
from resetsim.scenario import load_scenario

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_quotes_a_chain_the_explain_command_prints():
    text = " ".join(README.read_text(encoding="utf-8").split())  # lines joined
    found = re.search(
        r"`resetsim explain (\S+) --seed (\d+)` ends with the chains of moves and answers: "
        r'who moved, what answered it and what came of it \("([^"]+)"\)',
        text,
    )
    assert found is not None, "the README's explain example is not where this test looks"
    scenario, seed, quoted = found.group(1), int(found.group(2)), found.group(3)
    result = simulate(load_scenario(scenario), seed=seed, actors=False)
    lines = chain_lines(move_chains(result.events, result.timeseries))
    assert any(line.rstrip(".") == quoted for line in lines), (quoted, lines)
