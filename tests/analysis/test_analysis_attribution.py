"""Knock-out attribution on a small real ensemble, and the ``resetsim attribute`` command.

MODEL.md patterns 5 and 6: a China-level shock absorber makes crises rarer and a shared
worldview makes a reset durable. Switching off the worldview gap or the missing shock
absorber must therefore lengthen reset survival and not raise the crisis probability.
Tolerance: point estimates over 16 seeds of obama-2009 (same seeds in every condition),
and for survival the paired 95% bootstrap interval must exclude zero.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from resetsim.analysis.attribution import (
    KNOCKOUTS,
    attribute,
    attribution_table,
    knockouts_for,
    plot_attribution,
)
from resetsim.analysis.blocking import blocking_table
from resetsim.cli import app


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    batch = attribute("obama-2009", 16)
    return attribution_table(batch, n_boot=300)


def _row(table: pd.DataFrame, knockout: str, metric: str) -> pd.Series:
    return table[(table["knockout"] == knockout) & (table["metric"] == metric)].iloc[0]


@pytest.mark.parametrize("knockout", ["worldview", "absorber"])
def test_structural_knockouts_lengthen_resets_and_do_not_add_crises(table, knockout):
    survival = _row(table, knockout, "survival_rmst")
    assert survival["change"] > 0
    assert survival["ci_low"] > 0
    assert _row(table, knockout, "half_life_rmst")["change"] > 0
    assert _row(table, knockout, "crisis")["change"] <= 0


def test_table_is_paired_and_documents_each_switch(table):
    assert set(table["knockout"]) == {"baseline", *KNOCKOUTS, "all"}
    assert (table["runs"] == 16).all()
    base = table[table["knockout"] == "baseline"]
    assert (base["change"] == 0).all() and (base["ci_low"] == 0).all()
    overrides = json.loads(_row(table, "worldview", "crisis")["overrides"])
    assert overrides == {"structure.worldview_gap": 0.0}
    combined = json.loads(_row(table, "all", "crisis")["overrides"])
    for knock in KNOCKOUTS.values():
        assert dict(knock).items() <= combined.items()
    ranks = table.drop_duplicates("knockout").set_index("knockout")["rank"]
    assert ranks.dropna().astype(int).min() == 1 and ranks.dropna().astype(int).max() <= 4
    assert pd.isna(ranks["baseline"]) and pd.isna(ranks["all"])
    data, fig = plot_attribution(table, "obama-2009")
    assert len(fig.axes) == 3 and set(data["knockout"]) == {*KNOCKOUTS, "all"}


def test_knockouts_for_adds_baseline_and_all():
    conditions = knockouts_for()
    assert next(iter(conditions)) == "baseline" and dict(conditions["baseline"]) == {}
    assert list(conditions)[-1] == "all"


def test_attribute_command_writes_its_outputs(tmp_path):
    out = tmp_path / "attr"
    result = CliRunner().invoke(
        app, ["attribute", "obama-2009", "--seeds", "3", "--boot", "100", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    for name in ("attribution.csv", "attribution.png", "attribution.svg", "blocking.csv"):
        assert (out / name).stat().st_size > 0
    blocking = pd.read_csv(out / "blocking.csv")
    assert set(blocking["knockout"]) == {"baseline", *KNOCKOUTS, "all"}
    survival = CliRunner().invoke(
        app,
        [
            "plot",
            "survival",
            str(out / "ensemble"),
            "--by",
            "knockout",
            "--out",
            str(tmp_path / "s.png"),
        ],
    )
    assert survival.exit_code == 0, survival.output
    bad = CliRunner().invoke(app, ["attribute", "no-such-scenario", "--out", str(out)])
    assert bad.exit_code == 1 and "Traceback" not in bad.output


def test_blocking_by_condition(table):
    batch = attribute("obama-2009", 2)
    by = blocking_table(batch, by="knockout")
    assert {"knockout", "proposal", "share_tabled", "top_blockers"} <= set(by.columns)
