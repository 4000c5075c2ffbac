"""The stances-by-issue example of docs/how-to/write-a-scenario.md loads and does what it says."""

from __future__ import annotations

from pathlib import Path

from resetsim.model import ResetModel
from resetsim.scenario import load_scenario

PAGE = Path(__file__).resolve().parents[2] / "docs" / "how-to" / "write-a-scenario.md"


def test_the_issue_example_extends_the_history(tmp_path):
    text = PAGE.read_text(encoding="utf-8")
    start = text.index("```toml", text.index("### Stances by issue")) + len("```toml")
    path = tmp_path / "issues-example.toml"
    path.write_text(
        'extends = "history-1992-2016"\n' + text[start : text.index("```", start)],
        encoding="utf-8",
    )
    sc = load_scenario(path)
    nsc = ResetModel(sc, seed=0).agency["NSC"]
    assert nsc.stance_on("enlargement") == max(-1.0, nsc.stance - 0.4)
    assert nsc.weight_on("enlargement") == 2 * nsc.weight
    assert {p.id: p.issue for p in sc.proposals}["new-start"] == "arms-control"
    assert sc.dynamics.president_pull == 0.03
    model = ResetModel(sc, seed=0)
    assert model.agency["NSC"].exposure("enlargement") == 2.0
    assert model.agency["NSC"].exposure("arms-control") == 1.0
    pragmatists = next(f for f in model.factions["US"] if f.name == "Republican pragmatists")
    assert pragmatists.trade_interest("sanctions") == 0.5 and pragmatists.constituency == 0.5
    assert sc.structure.clash_issues == ["arms-control", "enlargement"]
