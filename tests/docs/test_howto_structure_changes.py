"""The structure-change example of docs/how-to/write-a-scenario.md does what the page says.

The page claims, on seeds 1000-1039, that closer worldviews at the start lengthen the
1992-93 euphoria well beyond the shipped history's and cost the 1999 crisis window most
of its hits. The example is read from the page itself, so the two cannot drift apart.
"""

from pathlib import Path

from resetsim.runner import simulate
from resetsim.scenario import load_scenario
from resetsim.validation.history import CRISES, HISTORY, hit_rate, phase_shares

PAGE = Path(__file__).resolve().parents[2] / "docs" / "how-to" / "write-a-scenario.md"
SEEDS = range(1000, 1040)


def example(tmp_path: Path) -> Path:
    text = PAGE.read_text(encoding="utf-8")
    start = text.index('extends = "history-1992-2016"')
    path = tmp_path / "history-drifting-worldviews.toml"
    path.write_text(text[start : text.index("```", start)], encoding="utf-8")
    return path


def summary(scenario) -> tuple[float, float]:
    runs = [simulate(scenario, seed=s, actors=False).timeseries for s in SEEDS]
    shares = phase_shares(runs)
    early = shares[(shares["date"] >= "1992-01") & (shares["date"] <= "1993-12")]
    return float(early["euphoria"].mean()), hit_rate(runs, "crisis", CRISES["1999"])


def test_drifting_worldviews_lengthen_the_euphoria_and_cost_the_1999_crisis(tmp_path):
    drift = load_scenario(example(tmp_path))
    assert [c.date for c in drift.structure_changes] == ["1993-10", "1994-12", "1998-08"]
    euphoria, crisis = summary(drift)
    shipped_euphoria, shipped_crisis = summary(load_scenario(HISTORY))
    assert euphoria > 0.5 and euphoria > 3 * shipped_euphoria
    assert shipped_crisis >= 0.7 and crisis < shipped_crisis - 0.3
