"""Congress codifies the sanctions when it distrusts its president's course: an ensemble claim.

trump-2017-generative and obama-2009-generative hold the same ``[[statutes]]`` with the same
hazards; only the Senate's distrust of the president's course differs (ODD section 8.3f).
On the held-out seeds 3000-3399 the sanctions were codified in 50.0% of Trump runs (six
years) and 18.2% of Obama runs (eight years; docs/generative.md). This test uses its own
block, seeds 9700-9739, never used for tuning, and asserts what holds with a wide margin:
codification is likelier under Trump by more than 10 points, and every codification in the
log went through the roll calls (``initiated`` first).
"""

from __future__ import annotations

import pytest

from resetsim import ResetModel, load_scenario

SEEDS = range(9700, 9740)


def _codified(name: str) -> list[bool]:
    spec = load_scenario(name)
    out = []
    for seed in SEEDS:
        model = ResetModel(spec, seed=seed).run()
        chamber = model.main_chamber("US")
        enacted = [law.id for law, _ in chamber.enacted]
        log = model.decision_log()
        if "codify-sanctions" in enacted:
            rows = log[log["proposal"] == "codify-sanctions"]
            assert rows.iloc[0]["outcome"] == "initiated"
        out.append("codify-sanctions" in enacted)
    return out


@pytest.mark.slow
def test_the_senate_codifies_the_sanctions_more_often_against_a_president_it_distrusts():
    trump, obama = _codified("trump-2017-generative"), _codified("obama-2009-generative")
    share = {name: sum(runs) / len(runs) for name, runs in (("trump", trump), ("obama", obama))}
    assert share["trump"] > share["obama"] + 0.10, share
    assert share["trump"] > 0.25, share
