"""A tiny two-sided scenario for known-answer tests of single mechanisms.

One president, one agency, two Senate factions (66 and 34 seats) and a public per side;
no random clashes, no scheduled events. ``tiny_model(overrides)`` takes dotted keys.
"""

from __future__ import annotations

from resetsim.model import ResetModel
from resetsim.scenario.loader import validate_data

TINY = {
    "name": "tiny",
    "start": "2000-01",
    "months": 24,
    "structure": {"clash_rate": 0.0},
    "presidents": [
        {"side": "US", "name": "Alpha", "stance": 0.6, "command_share": 0.0, "clout": 0.4},
        {"side": "RU", "name": "Beta", "stance": 0.5, "command_share": 0.5},
    ],
    "bureaucracies": [
        {"side": "US", "name": "State", "anchor": 0.2, "clout": 0.3, "salience": 0.5},
        {"side": "US", "name": "Defense", "anchor": -0.4, "clout": 0.5, "salience": 0.8},
        {"side": "RU", "name": "MFA", "anchor": 0.1},
    ],
    "factions": [
        {"side": "US", "name": "Doves", "seats": 66, "stance": 1.0, "hawkishness": 0.0,
         "instruments": ["treaty", "statute", "appropriation"]},
        {"side": "US", "name": "Hawks", "seats": 34, "stance": -1.0, "hawkishness": 1.0,
         "instruments": ["treaty", "statute", "appropriation"]},
        {"side": "RU", "name": "Duma", "seats": 450, "stance": 1.0,
         "instruments": ["treaty", "statute", "appropriation"]},
    ],
    "legislatures": [{"side": "US", "name": "the Senate"}, {"side": "RU", "name": "the Duma"}],
    "publics": [
        {"side": "US", "name": "US public", "favourability": 40.0},
        {"side": "RU", "name": "RU public", "favourability": 60.0},
    ],
    "dynamics": {"vote_spread": 0.001},
    "proposals": [
        {"id": "treaty", "topic": "a treaty", "instrument": "treaty", "initiator": "both",
         "agencies": ["State", "MFA"], "months": 4},
        {"id": "act", "topic": "an executive act", "agencies": ["Defense"], "months": 4},
    ],
}  # fmt: skip


def tiny_model(overrides=None, seed=0):
    """A ``ResetModel`` of the tiny scenario at month 0."""
    sc = validate_data(TINY)
    return ResetModel(sc.with_overrides(overrides) if overrides else sc, seed=seed)
