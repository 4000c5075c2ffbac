"""Property: any valid perturbation of obama-2009's numbers loads and runs.

Hypothesis draws a handful of numeric fields (tables and roster entries) and a value for
each inside its schema range, read from the schema itself so the test follows it. The
perturbed scenario must load and run 12 months with the state inside its bounds.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resetsim.model import ResetModel
from resetsim.scenario import load_scenario
from resetsim.scenario.errors import unwrap_annotation
from resetsim.scenario.loader import ROSTER_KEYS
from resetsim.scenario.schema import (
    Bureaucracy,
    Dynamics,
    Faction,
    Legislature,
    PhaseRules,
    President,
    Public,
    Scenario,
    Structure,
)

BASE = load_scenario("obama-2009")
# Cross-field rules the schema cannot express field by field: keep them out of the draw.
# vote_spread too, until the overflow near 0 is fixed (test_a_tiny_vote_spread_still_runs).
SKIP = {
    "phases.crisis_level",
    "phases.crisis_exit",
    "phases.severe_clash_level",
    "factions.*.seats",
    "dynamics.vote_spread",
}


def _bounds(info) -> tuple[type, float, float, bool, bool] | None:
    bare, extra, _ = unwrap_annotation(info.annotation)
    meta = [*info.metadata, *extra]
    if bare not in (int, float):
        return None
    low = next(((m.ge, False) for m in meta if hasattr(m, "ge")), None)
    low = low or next(((m.gt, True) for m in meta if hasattr(m, "gt")), None)
    high = next(((m.le, False) for m in meta if hasattr(m, "le")), None)
    high = high or next(((m.lt, True) for m in meta if hasattr(m, "lt")), None)
    if low is None:
        return None
    if high is None:  # unbounded above (clout, weight): stay in a sensible range
        high = (3.0, False)
    return bare, float(low[0]), float(high[0]), low[1], high[1]


def _targets() -> dict[str, tuple]:
    out = {}
    for table, model in (("structure", Structure), ("dynamics", Dynamics), ("phases", PhaseRules)):
        for name, info in model.model_fields.items():
            if (b := _bounds(info)) and f"{table}.{name}" not in SKIP:
                out[f"{table}.{name}"] = b
    rosters = {
        "presidents": President,
        "bureaucracies": Bureaucracy,
        "factions": Faction,
        "legislatures": Legislature,
        "publics": Public,
    }
    for roster, model in rosters.items():
        key = ROSTER_KEYS[roster]
        for name, info in model.model_fields.items():
            if (b := _bounds(info)) and f"{roster}.*.{name}" not in SKIP:
                for entry in getattr(BASE, roster):
                    out[f"{roster}.{getattr(entry, key)}.{name}"] = b
    for name in ("initial_relationship", "initial_trust"):
        out[name] = _bounds(Scenario.model_fields[name])
    return out


TARGETS = _targets()


@st.composite
def perturbations(draw) -> dict[str, float]:
    keys = draw(st.lists(st.sampled_from(sorted(TARGETS)), min_size=1, max_size=8, unique=True))
    out = {}
    for key in keys:
        kind, low, high, open_low, open_high = TARGETS[key]
        if kind is int:
            value = draw(st.integers(int(low) + open_low, int(high) - open_high))
        else:
            value = draw(
                st.floats(
                    low,
                    high,
                    exclude_min=open_low,
                    exclude_max=open_high,
                    allow_nan=False,
                    allow_subnormal=False,
                )
            )
        out[key] = value
    return out


def test_targets_cover_tables_and_rosters():
    assert "structure.trade_share" in TARGETS
    assert "presidents.US.command_share" in TARGETS
    assert "bureaucracies.Defense.inertia" in TARGETS
    assert len(TARGETS) > 100


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(overrides=perturbations(), seed=st.integers(0, 2**32 - 1))
def test_valid_perturbations_load_and_run(overrides, seed):
    sc = BASE.with_overrides(overrides)
    model = ResetModel(sc, seed=seed)
    model.run(months=12)
    ts = model.timeseries()
    assert len(ts) == 13
    assert ts["relationship"].between(-1, 1).all()
    assert ts["trust"].between(0, 1).all()
    for col in ("us_public_favourability", "ru_public_favourability"):
        assert ts[col].between(0, 100).all()
    assert not any(math.isnan(v) for v in ts["relationship"])
    actors = model.actors()
    assert actors["stance"].between(-1, 1).all()


# Known crashes at the very edge of the schema's ranges (model bugs, reported): every
# clout or salience of one government at 0 divides by zero in decision.executive_support;
# a vote_spread near 0 overflows math.exp in Faction.yes_probability.
KNOWN_EDGE_CRASHES = {"clout": 0.01, "weight": 0.01, "salience": 0.01, "vote_spread": 0.01}


def _at_bounds(extreme: str, floor: dict[str, float]) -> dict[str, float]:
    overrides = {}
    for key, (kind, low, high, open_low, open_high) in TARGETS.items():
        if extreme == "low":
            value = max(low + (1e-3 if open_low else 0.0), floor.get(key.rsplit(".")[-1], low))
        else:
            value = high - (1e-3 if open_high else 0.0)
        overrides[key] = int(value) if kind is int else value
    return overrides


@pytest.mark.parametrize("extreme", ["low", "high"])
def test_every_numeric_field_at_its_bounds(extreme):
    """All fields at once at the edge of their range: still runs."""
    sc = BASE.with_overrides(_at_bounds(extreme, KNOWN_EDGE_CRASHES))
    for seed in range(3):
        ts = ResetModel(sc, seed=seed).run(months=12).timeseries()
        assert ts["relationship"].between(-1, 1).all()
        assert ts["trust"].between(0, 1).all()


def test_a_government_with_no_weight_still_runs():
    zero = {k: 0.0 for k in TARGETS if k.startswith(("presidents.", "bureaucracies."))}
    zero = {k: v for k, v in zero.items() if k.endswith(".clout")}
    ResetModel(BASE.with_overrides(zero), seed=1).run(months=12)


def test_a_tiny_vote_spread_still_runs():
    ResetModel(BASE.with_overrides({"dynamics.vote_spread": 1e-4}), seed=1).run(months=12)
