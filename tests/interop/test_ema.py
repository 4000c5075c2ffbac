"""resetsim as an EMA Workbench model, and PRIM on its experiments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

ema_workbench = pytest.importorskip("ema_workbench")

from resetsim import load_scenario  # noqa: E402
from resetsim.ema import OUTCOMES, ema_model, identifier, lhs_design, prim_box  # noqa: E402
from resetsim.runner import run_model  # noqa: E402
from resetsim.sensitivity.ranges import Range, RangesError, load_ranges  # noqa: E402

RANGES = [
    Range("structure.trade_share", 0.0, 0.018),
    Range("structure.clash_rate", 0.06, 0.24),
    Range("bureaucracies.*.inertia", -0.2, 0.2, "shift"),
]


@pytest.fixture(scope="module")
def model():
    return ema_model("obama-2009", ranges=RANGES, seeds=2, months=24)


def test_parameter_names_are_identifiers_that_name_the_keys():
    names = [identifier(r.key) for r in load_ranges()]
    assert all(n.isidentifier() for n in names)
    assert len(set(names)) == len(names)
    assert identifier("bureaucracies.*.inertia") == "bureaucracies__all__inertia"
    assert identifier("presidents.US.command_share") == "presidents__US__command_share"


def test_model_declares_uncertainties_and_outcomes(model):
    assert [u.name for u in model.uncertainties] == [identifier(r.key) for r in RANGES]
    assert [(u.lower_bound, u.upper_bound) for u in model.uncertainties] == [
        (r.low, r.high) for r in RANGES
    ]
    assert [o.name for o in model.outcomes] == list(OUTCOMES)


def test_one_experiment_is_the_mean_of_its_seeds_runs(model):
    function = model.function
    values = {"structure__trade_share": 0.01, "structure__clash_rate": 0.2,
              "bureaucracies__all__inertia": 0.1}  # fmt: skip
    got = function(**values)
    base = load_scenario("obama-2009")
    overrides = {"structure.trade_share": 0.01, "structure.clash_rate": 0.2}
    overrides |= {
        f"bureaucracies.{b.name}.inertia": min(1.0, b.inertia + 0.1) for b in base.bureaucracies
    }
    sc = base.with_overrides(overrides)
    finals = [
        run_model(sc, np.random.SeedSequence(s), months=24).timeseries() for s in function.seeds
    ]
    assert len(function.seeds) == 2 and function.seeds[0] != function.seeds[1]
    assert got["final_relationship"] == pytest.approx(
        np.mean([t["relationship"].iloc[-1] for t in finals])
    )
    assert got["mean_relationship"] == pytest.approx(
        np.mean([t["relationship"].mean() for t in finals])
    )
    assert 0.0 <= got["crisis"] <= 1.0


def test_a_seeded_design_reproduces_its_experiments(model):
    design = lhs_design(model, 6, seed=4)
    first = ema_workbench.perform_experiments(model, scenarios=design)
    again = ema_workbench.perform_experiments(model, scenarios=lhs_design(model, 6, seed=4))
    other = lhs_design(model, 6, seed=5)
    columns = [u.name for u in model.uncertainties]
    pd.testing.assert_frame_equal(first[0][columns], again[0][columns])
    for name in OUTCOMES:
        np.testing.assert_array_equal(first[1][name], again[1][name])
    assert first[0]["structure__trade_share"].tolist() != [
        p["structure__trade_share"] for p in other
    ]
    for u in model.uncertainties:
        assert first[0][u.name].between(u.lower_bound, u.upper_bound).all()
    # a larger clash rate cannot be told apart here, but the outcome does vary
    assert np.ptp(first[1]["final_relationship"]) > 0


def test_prim_finds_a_known_box():
    rng = np.random.default_rng(0)
    x = pd.DataFrame(rng.uniform(0, 1, size=(600, 3)), columns=["a", "b", "c"])
    y = (x["a"] > 0.7) & (x["b"] < 0.4)
    box = prim_box(x, y.to_numpy(), min_density=0.9)
    assert set(box.limits) == {"a", "b"}
    assert box.limits["a"][0] == pytest.approx(0.7, abs=0.05)
    assert box.limits["b"][1] == pytest.approx(0.4, abs=0.05)
    assert box.density >= 0.9 and box.coverage > 0.7
    assert 0 < box.mass < 0.2


def test_bad_inputs_name_what_is_wrong():
    with pytest.raises(RangesError, match=r"structure\.nope"):
        ema_model("obama-2009", ranges=[Range("structure.nope", 0, 1)])
    with pytest.raises(RangesError, match=r"dynamics\.persuasion_rate"):
        ema_model("obama-2009", ranges=RANGES, levers={"dynamics.persuasion_rate": (0.3, 0.1)})
    with pytest.raises(ValueError, match="seeds"):
        ema_model("obama-2009", ranges=RANGES, seeds=0)
    with pytest.raises(ValueError, match="y has 3 values"):
        prim_box(pd.DataFrame({"a": [0.1, 0.2]}), np.array([True, False, True]))


def test_levers_are_declared_and_applied():
    model = ema_model(
        "obama-2009", ranges=RANGES[:1], levers={"dynamics.persuasion_rate": (0.05, 0.2)},
        seeds=1, months=12,
    )  # fmt: skip
    assert [lever.name for lever in model.levers] == ["dynamics__persuasion_rate"]
    overrides = model.function.overrides(
        {"structure__trade_share": 0.01, "dynamics__persuasion_rate": 0.15}
    )
    assert overrides == {"structure.trade_share": 0.01, "dynamics.persuasion_rate": 0.15}
    with pytest.raises(ValueError, match="unknown parameter"):
        model.function.overrides({"nope": 1.0})
