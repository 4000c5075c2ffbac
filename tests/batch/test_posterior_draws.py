"""resetsim batch --posterior: parameter sets resampled from a posterior table."""

import pandas as pd
import pytest
from typer.testing import CliRunner

from resetsim.batch.plan import prepare
from resetsim.batch.posterior import draw_parameter_sets
from resetsim.batch.spec import BatchError, BatchSpec
from resetsim.batch.spec_file import load_spec
from resetsim.cli import app

runner = CliRunner()


def _posterior(tmp_path, weights=(0.0, 1.0, 3.0)):
    path = tmp_path / "posterior.csv"
    pd.DataFrame(
        {
            "dynamics.retaliation_rate": [0.1, 0.2, 0.3],
            "structure.relax_rate": [0.01, 0.02, 0.03],
            "weight": list(weights),
        }
    ).to_csv(path, index=False)
    return path


def test_draws_follow_the_weights_and_the_seed(tmp_path):
    path = _posterior(tmp_path)
    draws = draw_parameter_sets(path, 2000, seed=5)
    rates = pd.Series([d["dynamics.retaliation_rate"] for d in draws])
    assert 0.1 not in set(rates)  # weight 0 is never drawn
    assert rates.eq(0.3).mean() == pytest.approx(0.75, abs=0.04)
    assert draws == draw_parameter_sets(tmp_path, 2000, seed=5)  # folder works too
    assert draws != draw_parameter_sets(path, 2000, seed=6)
    pairs = {(d["dynamics.retaliation_rate"], d["structure.relax_rate"]) for d in draws}
    assert pairs == {(0.2, 0.02), (0.3, 0.03)}  # joint rows, not mixed marginals


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame({"dynamics.retaliation_rate": [0.1]}), "weight column"),
        (pd.DataFrame({"rate": [0.1], "weight": [1.0]}), "dotted"),
        (pd.DataFrame({"dynamics.retaliation_rate": [0.1], "weight": [-1.0]}), "weights"),
    ],
)
def test_bad_posterior_tables_get_one_line(tmp_path, frame, message):
    path = tmp_path / "p.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(BatchError, match=message):
        draw_parameter_sets(path, 3)
    with pytest.raises(BatchError, match="cannot read"):
        draw_parameter_sets(tmp_path / "missing.csv", 3)


def test_draws_are_points_with_their_own_seeds_and_survive_the_spec_file(tmp_path):
    same = {"dynamics.retaliation_rate": 0.2}
    spec = BatchSpec(scenarios=("obama-2009",), seeds=1, draws=(same, same))
    plan = prepare(spec)
    assert plan.total == 2 and plan.keys == ["dynamics.retaliation_rate"]
    one, two = plan.task(0), plan.task(1)
    assert dict(one.point) == dict(two.point) == same
    assert one.seed != two.seed  # equal draws are distinct runs
    path = tmp_path / "batch.toml"
    path.write_text(spec.to_toml())
    assert load_spec(path) == spec


def test_draws_and_grid_do_not_mix():
    spec = BatchSpec(
        scenarios=("obama-2009",),
        seeds=1,
        grid={"dynamics.reciprocation_rate": [0.1, 0.2]},
        draws=({"dynamics.retaliation_rate": 0.2},),
    )
    with pytest.raises(BatchError, match="not both"):
        prepare(spec)
    bad = BatchSpec(scenarios=("obama-2009",), seeds=1, draws=({"dynamics.retaliation_rate": 7},))
    with pytest.raises(BatchError, match="not valid"):
        prepare(bad)


def test_batch_command_runs_posterior_draws(tmp_path):
    path = _posterior(tmp_path)
    out = tmp_path / "b"
    args = ["batch", "obama-2009", "--posterior", str(path), "--draws", "2", "--seeds", "1"]
    result = runner.invoke(app, [*args, "--months", "3", "--out", str(out), "-q", "--workers", "1"])
    assert result.exit_code == 0, result.output
    from resetsim.batch import load_batch

    runs = load_batch(out, ["runs"])["runs"]
    assert len(runs) == 2 and set(runs["dynamics.retaliation_rate"]) <= {0.2, 0.3}
    lone = runner.invoke(app, ["batch", "obama-2009", "--draws", "2", "--seeds", "1",
                               "--out", str(tmp_path / "c")])  # fmt: skip
    assert lone.exit_code == 1 and "--posterior" in lone.output
    assert "Traceback" not in lone.output
