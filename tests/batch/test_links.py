"""Linked grid axes (``--zip``): keys whose values go together beside the cartesian grid."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from resetsim.batch import BatchError, BatchSpec, load_batch, load_spec
from resetsim.batch.plan import prepare
from resetsim.cli import app


@pytest.fixture
def cli():
    def invoke(*args: str):
        return CliRunner().invoke(app, list(args))

    return invoke


def _spec(**kwargs) -> BatchSpec:
    grid = {
        "dynamics.persuasion_rate": [0.1, 0.2, 0.3],
        "structure.trade_share": [0.0, 0.01],
        "structure.worldview_gap": [0.8, 0.5],
    }
    return BatchSpec(scenarios=("obama-2009",), seeds=2, grid=grid, **kwargs)


def test_linked_keys_take_their_values_together():
    spec = _spec(links=[["structure.trade_share", "structure.worldview_gap"]])
    assert spec.n_points == 6 and _spec().n_points == 12
    points = [dict(spec.point(i)) for i in range(spec.n_points)]
    assert [(p["structure.trade_share"], p["structure.worldview_gap"]) for p in points] == [
        (0.0, 0.8), (0.01, 0.5)] * 3  # fmt: skip
    assert [p["dynamics.persuasion_rate"] for p in points] == [0.1, 0.1, 0.2, 0.2, 0.3, 0.3]
    assert all(list(p) == list(spec.grid) for p in points)  # keys keep the grid's order
    plan = prepare(spec)
    assert plan.total == 12
    assert {plan.task(i).point for i in range(12)} == {spec.point(i) for i in range(6)}


def test_a_product_without_links_is_unchanged():
    spec = _spec()
    points = [dict(spec.point(i)) for i in range(spec.n_points)]
    assert len({tuple(p.values()) for p in points}) == 12
    assert points[1] == {
        "dynamics.persuasion_rate": 0.1, "structure.trade_share": 0.0,
        "structure.worldview_gap": 0.5,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("links", "says"),
    [
        ([["structure.trade_share"]], "at least two"),
        ([["structure.trade_share", "structure.nope"]], "structure.nope is not a grid key"),
        ([["structure.trade_share", "dynamics.persuasion_rate"]], "as many values each"),
        (
            [
                ["structure.trade_share", "structure.worldview_gap"],
                ["structure.worldview_gap", "structure.trade_share"],
            ],
            "linked twice",
        ),
        ("structure.trade_share", "list of lists"),
    ],
)
def test_bad_links_are_refused_with_the_reason(links, says):
    with pytest.raises(BatchError, match=says):
        _spec(links=links)


def test_spec_file_round_trip_keeps_the_links(tmp_path):
    spec = _spec(links=[["structure.trade_share", "structure.worldview_gap"]])
    path = tmp_path / "batch.toml"
    path.write_text(spec.to_toml())
    assert load_spec(path) == spec
    path.write_text('scenarios = ["obama-2009"]\nseeds = 1\nzip = "a"\n')
    with pytest.raises(BatchError, match="zip must be a list of lists"):
        load_spec(path)


def test_cli_zip_runs_the_linked_points_and_resumes(cli, tmp_path):
    out = tmp_path / "b"
    args = [
        "batch", "obama-2009", "--seeds", "1", "--months", "3", "--executor", "serial",
        "--zip", "structure.trade_share=0,0.01", "--zip", "structure.worldview_gap=0.8,0.5",
        "--grid", "dynamics.persuasion_rate=0.1,0.2", "--out", str(out), "--quiet",
    ]  # fmt: skip
    result = cli(*args)
    assert result.exit_code == 0, result.output
    runs = load_batch(out, tables=["runs"])["runs"]
    pairs = set(zip(runs["structure.trade_share"], runs["structure.worldview_gap"], strict=True))
    assert pairs == {(0.0, 0.8), (0.01, 0.5)}
    assert len(runs) == 4
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["zip"] == [["structure.trade_share", "structure.worldview_gap"]]
    again = cli("batch", "--out", str(out), "--resume", "--quiet")
    assert again.exit_code == 0, again.output
    other = "structure.trade_share=0,0.02"
    changed = cli(*[other if a.startswith("structure.trade_share") else a for a in args],
                  "--resume")  # fmt: skip
    assert changed.exit_code == 1
    assert "structure.trade_share" in changed.output


def test_cli_zip_bad_input_is_one_clear_error(cli, tmp_path):
    base = ["batch", "obama-2009", "--seeds", "1", "--months", "3", "--out", str(tmp_path / "b")]
    one = cli(*base, "--zip", "structure.trade_share=0,0.01")
    assert one.exit_code == 1 and "link at least two keys" in one.output
    uneven = cli(
        *base, "--zip", "structure.trade_share=0,0.01", "--zip", "structure.worldview_gap=0.8"
    )
    assert uneven.exit_code == 1 and "as many values each" in uneven.output
    twice = cli(
        *base, "--zip", "structure.trade_share=0,0.01", "--grid", "structure.trade_share=0.1"
    )
    assert twice.exit_code == 1 and "given twice" in twice.output
    assert not (tmp_path / "b").exists()
