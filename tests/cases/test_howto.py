"""The examples of docs/how-to/add-a-case.md are valid outcome entries."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from resetsim.cases.outcomes import parse_case

HOWTO = Path(__file__).resolve().parents[2] / "docs" / "how-to" / "add-a-case.md"


def test_the_howto_examples_make_a_valid_outcomes_file():
    blocks = re.findall(r"```toml\n(.*?)```", HOWTO.read_text(encoding="utf-8"), re.S)
    header = tomllib.loads(blocks[0])
    entries = [tomllib.loads(b)["outcomes"][0] for b in blocks[1:]]
    assert {e["kind"] for e in entries} == {"proposal", "vote", "crisis", "opinion"}
    # the examples come from several cases: widen the window to hold them all
    data = {**header, "start": "2000-01", "cutoff": "1999-12", "outcomes": entries}
    record = parse_case(data, str(HOWTO))
    assert len(record.outcomes) == len(entries)
