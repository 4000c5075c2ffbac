"""Known answers for the first principal component share of stances, and its ensemble table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from resetsim.analysis.stances import ONE_STANCE, first_component_share, stance_concentration
from resetsim.scenario import load_scenario


def _table(columns: dict[str, np.ndarray], family: str = "bureaucracy") -> pd.DataFrame:
    rows = [
        {"month": t, "actor": name, "family": family, "stance": float(v)}
        for name, values in columns.items()
        for t, v in enumerate(values)
    ]
    return pd.DataFrame(rows)


def test_one_common_factor_explains_everything():
    f = np.sin(np.arange(50) / 5.0)
    assert first_component_share(_table({"a": f, "b": 0.5 * f, "c": -2 * f})) == pytest.approx(1.0)


def test_two_uncorrelated_series_share_by_their_variances():
    t = np.arange(40)
    a = np.where(t % 2 == 0, 2.0, -2.0)  # variance 4
    b = np.where((t // 2) % 2 == 0, 1.0, -1.0)  # variance 1, orthogonal to a
    assert first_component_share(_table({"a": a, "b": b})) == pytest.approx(0.8)


def test_only_the_chosen_families_enter_and_flat_stances_give_nan():
    t = np.arange(40)
    a = np.where(t % 2 == 0, 2.0, -2.0)
    b = np.where((t // 2) % 2 == 0, 1.0, -1.0)
    table = pd.concat([_table({"a": a}), _table({"p": b}, family="president")])
    assert first_component_share(table) == pytest.approx(1.0)
    assert first_component_share(table, ("bureaucracy", "president")) == pytest.approx(0.8)
    assert np.isnan(first_component_share(_table({"a": np.zeros(5), "b": np.ones(5)})))


def test_stance_concentration_tables_each_condition_with_intervals():
    spec = load_scenario("teaching-neustadt").with_overrides(
        {"bureaucracies.*.issues": {"arms-control": 0.4}, "proposals.*.issue": "arms-control"}
    )
    table = stance_concentration(spec, [1, 2, 3], {"on": {}, "off": ONE_STANCE}, n_boot=50)
    assert list(table["condition"]) == ["on", "off"]
    assert (table["n"] == 3).all()
    assert table["change"].iloc[0] == 0.0
    assert ((table["ci_low"] <= table["value"]) & (table["value"] <= table["ci_high"])).all()
    assert table["value"].between(0.0, 1.0).all()
