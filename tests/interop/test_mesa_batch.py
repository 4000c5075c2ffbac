"""resetsim with ``mesa.batch_run`` and DataCollector-shaped tables."""

from __future__ import annotations

import mesa
import pandas as pd
import pytest

from resetsim import ResetModel, load_scenario
from resetsim.mesa_batch import BatchRunModel, mesa_tables


def _batch(**kwargs) -> pd.DataFrame:
    rows = mesa.batch_run(
        BatchRunModel, number_processes=1, display_progress=False, iterations=1, **kwargs
    )
    return pd.DataFrame(rows)


def test_batch_run_rows_are_the_final_month_of_the_same_runs():
    frame = _batch(
        parameters={
            "scenario": "obama-2009",
            "seed": [11, 12],
            "structure.trade_share": [0.0, 0.012],
            "months": 18,
        }
    )
    assert len(frame) == 4
    assert set(frame["month"]) == {18}
    for row in frame.itertuples(index=False):
        sc = load_scenario("obama-2009", {"structure.trade_share": row[5]})
        direct = ResetModel(sc, seed=int(row.seed)).run(months=18).timeseries().iloc[-1]
        assert row.relationship == direct["relationship"]
        assert row.phase == direct["phase"]
        assert row.us_public_favourability == direct["us_public_favourability"]
    by_trade = frame.groupby("structure.trade_share")["relationship"].mean()
    assert by_trade.index.tolist() == [0.0, 0.012]


def test_batch_run_runs_to_the_horizon_without_months_and_with_a_period():
    sc = load_scenario("teaching-neustadt")
    frame = _batch(
        parameters={"scenario": [sc], "seed": 3}, data_collection_period=12, max_steps=10_000
    )
    # Mesa 3.3 adds the final month to the periodic rows, Mesa 3.5 does not
    assert 0 <= sc.months - 1 - frame["month"].iloc[-1] < 12
    # Mesa 3.3 numbers a row by the steps before it (Step s is month s + 1), 3.5 by the
    # steps taken (Step s is month s)
    offset = frame["month"] - frame["Step"].astype(int)
    assert offset.nunique() == 1 and offset.iloc[0] in (0, 1)
    direct = ResetModel(sc, seed=3).run().timeseries().set_index("month")
    assert frame.set_index("month")["trust"].equals(direct.loc[frame["month"], "trust"])


def test_unknown_override_is_refused_with_the_scenario_message():
    from resetsim.scenario import ScenarioError

    with pytest.raises(ScenarioError, match=r"structure\.trade"):
        BatchRunModel("obama-2009", seed=1, **{"structure.trade": 0.1})


def test_mesa_tables_match_a_mesa_datacollector():
    model = ResetModel("obama-2009", seed=5)
    collector = mesa.DataCollector(
        model_reporters={"relationship": "relationship"}, agent_reporters={"stance": "stance"}
    )
    collector.collect(model)
    for _ in range(6):
        model.step()
        collector.collect(model)
    model_vars, agent_vars = mesa_tables(model)
    theirs = collector.get_agent_vars_dataframe()
    assert agent_vars.index.names == theirs.index.names == ["Step", "AgentID"]
    joined = agent_vars.join(theirs, how="inner", rsuffix="_mesa")
    assert len(joined) == len(agent_vars) == 7 * len(model.roster)
    assert (joined["stance"] == joined["stance_mesa"]).all()
    mesa_model = collector.get_model_vars_dataframe()
    assert model_vars["relationship"].tolist() == mesa_model["relationship"].tolist()
    assert model_vars.index.name == "Step"
