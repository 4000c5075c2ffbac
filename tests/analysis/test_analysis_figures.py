"""Each plot command writes PNG + SVG; each plot function's data matches the batch tables."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _analysis_setup import GRID_KEY, SEEDS
from typer.testing import CliRunner

from resetsim.analysis.blocking import blocking_table, plot_blocking
from resetsim.analysis.decay import plot_decay, resolve_by
from resetsim.analysis.io import BatchError, read_batch
from resetsim.analysis.outcomes import METRICS, run_outcomes
from resetsim.analysis.phases import plot_phases
from resetsim.analysis.stats import km_median
from resetsim.analysis.survival import plot_survival
from resetsim.analysis.sweep import plot_sweep
from resetsim.cli import app

runner = CliRunner()


def _written(png: Path) -> None:
    assert png.stat().st_size > 10_000
    svg = png.with_suffix(".svg")
    assert svg.stat().st_size > 10_000
    assert svg.read_text()[:200].lstrip().startswith("<?xml")


@pytest.mark.parametrize(
    ("command", "extra", "also"),
    [
        ("decay", [], []),
        ("decay", ["--metric", "trust", "--by", "scenario"], []),
        ("survival", [], ["_medians.csv", "_logrank.csv"]),
        ("phases", [], []),
        ("phases", ["--run", "3"], []),
        ("phases", ["--by", GRID_KEY], []),
        ("sweep", ["--metric", "crisis"], [".csv"]),
        ("sweep", ["--metric", "half_life_rmst"], [".csv"]),
        ("blocking", [], [".csv"]),
    ],
)
def test_plot_command_writes_png_and_svg(batch_dir, tmp_path, command, extra, also):
    png = tmp_path / f"{command}.png"
    result = runner.invoke(app, ["plot", command, str(batch_dir), "--out", str(png), *extra])
    assert result.exit_code == 0, result.output
    _written(png)
    for suffix in also:
        assert (tmp_path / (png.stem + suffix)).stat().st_size > 0


@pytest.mark.parametrize(
    "args",
    [
        ["plot", "decay", "{missing}", "--out", "{out}"],
        ["plot", "decay", "{batch}", "--out", "{out}", "--by", "nonsense"],
        ["plot", "decay", "{batch}", "--out", "{out}", "--metric", "phase"],
        ["plot", "sweep", "{batch}", "--out", "{out}", "--metric", "nonsense"],
        ["plot", "phases", "{batch}", "--out", "{out}", "--scenario", "nonsense"],
        ["plot", "survival", "{batch}", "--out", "{stem}.pdf"],
    ],
)
def test_bad_input_is_a_message_and_exit_1(batch_dir, tmp_path, args):
    fill = {
        "missing": str(tmp_path / "nowhere"),
        "batch": str(batch_dir),
        "out": str(tmp_path / "f.png"),
        "stem": str(tmp_path / "f"),
    }
    result = runner.invoke(app, [a.format(**fill) for a in args])
    assert result.exit_code == 1
    assert "error" in result.output and "Traceback" not in result.output


def test_figures_group_by_the_grid_key_that_varies_unless_told(batch):
    assert resolve_by(batch, None) == GRID_KEY  # one scenario, two grid values
    assert resolve_by(batch, "scenario") == "scenario"
    with pytest.raises(BatchError, match=f"allowed: scenario, {GRID_KEY}"):
        resolve_by(batch, "nonsense")


def test_decay_median_at_lag_zero_is_median_at_reset_starts(batch):
    (bands, marks), fig = plot_decay(batch, by=GRID_KEY)
    ts = batch["timeseries"].set_index(["run_id", "month"])["relationship"]
    resets = batch["resets"]
    for value, group in resets.groupby(GRID_KEY):
        at_start = [ts[(r.run_id, r.start_month)] for r in group.itertuples()]
        lag0 = bands[(bands["group"] == value) & (bands["lag"] == 0)].iloc[0]
        assert lag0["q50"] == pytest.approx(np.median(at_start))
        assert lag0["q25"] <= lag0["q50"] <= lag0["q75"]
        assert lag0["n"] == len(group)
        mark = marks[marks["group"] == value].iloc[0]
        assert mark["episodes"] == len(group)
        assert mark["runs"] == group["run_id"].nunique()
    # the baseline drawn is the timeseries column, aligned like the metric
    base = batch["timeseries"].groupby(GRID_KEY)["baseline"].median()
    lag0 = bands[bands["lag"] == 0].set_index("group")["baseline"]
    assert np.allclose(lag0.sort_index().to_numpy(), base.sort_index().to_numpy())
    assert len(fig.axes) == 1


def test_survival_curves_match_the_resets_table(batch):
    data, _ = plot_survival(batch, by=GRID_KEY)
    resets = batch["resets"]
    medians = data["medians"].set_index("group")
    for value, group in resets.groupby(GRID_KEY):
        assert medians.loc[value, "resets"] == len(group)
        assert medians.loc[value, "ended"] == int(group["ended"].sum())
        assert medians.loc[value, "median"] == km_median(group["months_survived"], group["ended"])
    assert len(data["logrank"]) == 1
    assert 0.0 <= data["logrank"]["p_value"].iloc[0] <= 1.0


def test_phase_shares_count_the_runs(batch):
    data, _ = plot_phases(batch)
    shares = data["obama-2009"]["shares"].set_index("month")
    phases = ["reset", "euphoria", "realism", "disillusionment", "crisis"]
    assert np.allclose(shares[phases].sum(axis=1), 1.0)
    ts = batch["timeseries"]
    month = 30
    counts = ts[ts["month"] == month]["phase"].value_counts()
    for phase in phases:
        assert shares.loc[month, phase] == pytest.approx(counts.get(phase, 0) / len(SEEDS) / 2)
    by_gap, _ = plot_phases(batch, by=GRID_KEY)
    assert set(by_gap) == {f"obama-2009, {GRID_KEY} = 0.4", f"obama-2009, {GRID_KEY} = 0.8"}
    low = by_gap[f"obama-2009, {GRID_KEY} = 0.4"]["shares"].set_index("month")
    assert low["runs"].eq(len(SEEDS)).all()
    events = data["obama-2009"]["events"]
    assert "Russia annexes Crimea; US and EU sanctions follow" in set(events["label"])
    crimea = events[events["label"].str.startswith("Russia annexes Crimea")].iloc[0]
    assert ts.loc[ts["month"] == crimea["month"], "date"].iloc[0] == "2014-03"


def test_sweep_values_are_the_metric_on_each_cell(batch):
    table, _ = plot_sweep(batch, metric="crisis")
    runs = run_outcomes(batch)
    for row in table.to_dict("records"):
        cell = runs[runs[GRID_KEY] == row[GRID_KEY]]
        assert row["value"] == pytest.approx(100 * cell["crisis_onset"].mean())
        assert row["runs"] == len(SEEDS)
    table, _ = plot_sweep(batch, metric="survival")
    first = runs.dropna(subset=["months_survived"])
    for value, cell in first.groupby(GRID_KEY):
        got = table.loc[table[GRID_KEY] == value, "value"].iloc[0]
        expected = METRICS["survival"].compute(
            {c: cell[c].to_numpy() for c in cell.columns}, np.nan
        )
        assert got == expected


def test_blocking_shares_match_the_log(batch):
    table = blocking_table(batch)
    log = batch["log"]
    n = batch["timeseries"]["run_id"].nunique()
    for row in table.itertuples(index=False):
        rows = log[log["proposal"] == row.proposal]
        for outcome in ("tabled", "adopted", "implemented", "slow_rolled", "blocked"):
            expected = rows.loc[rows["outcome"] == outcome, "run_id"].nunique() / n
            assert getattr(row, f"share_{outcome}") == pytest.approx(expected)
        named = rows[rows["blocked_by"].astype(str) != ""]
        if len(named):
            top = named.groupby("blocked_by")["run_id"].nunique().max()
            assert f"({top}," in row.top_blockers
    data, _ = plot_blocking(batch)
    assert len(data) == len(table)


def test_read_batch_of_a_run_folder_and_of_partitioned_datasets(tmp_path, batch):
    from resetsim.runner import simulate, write_run

    write_run(simulate("obama-2009", seed=2, actors=False), tmp_path / "run")
    one = read_batch(tmp_path / "run")
    assert one["timeseries"]["run_id"].eq(0).all() and one["timeseries"]["seed"].eq(2).all()
    _, fig = plot_phases(one)  # a single run: the run plot
    assert fig.axes

    out = tmp_path / "hive"
    for name in ("timeseries", "resets"):
        batch[name].to_parquet(out / name, partition_cols=["scenario"])
    (out / "manifest.json").write_text('{"grid": {"structure.worldview_gap": [0.4, 0.8]}}')
    again = read_batch(out)
    assert again["timeseries"]["scenario"].dtype == object
    assert again["timeseries"][GRID_KEY].dtype == float
    assert len(again["resets"]) == len(batch["resets"])
    with pytest.raises(BatchError, match="not a batch directory"):
        read_batch(tmp_path)


def test_grid_values_in_the_figure_legend(batch):
    _, fig = plot_survival(batch, by=GRID_KEY)
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any(f"{GRID_KEY} = 0.4" in t for t in texts)
    assert isinstance(batch["timeseries"], pd.DataFrame)


def test_decay_and_survival_titles_name_the_runs_and_the_grid_pooled(batch):
    runs = f"obama-2009 ({2 * len(SEEDS)} runs)"
    pooled = f"{runs}; pooled over {GRID_KEY}"
    for plot in (plot_decay, plot_survival):
        assert plot(batch, by=GRID_KEY).figure.get_suptitle().endswith(f": {runs}")
        assert plot(batch, by="scenario").figure.get_suptitle().endswith(f": {pooled}")


def test_each_figure_csv_names_its_batch(batch_dir, tmp_path):
    expected = read_batch(batch_dir).spec_hash
    assert len(expected) == 64 and int(expected, 16) >= 0
    for command, suffixes in (("survival", ["_medians", "_logrank"]), ("sweep", [""])):
        png = tmp_path / f"{command}.png"
        result = runner.invoke(app, ["plot", command, str(batch_dir), "--out", str(png)])
        assert result.exit_code == 0, result.output
        for suffix in suffixes:
            table = pd.read_csv(tmp_path / f"{command}{suffix}.csv")
            assert set(table["batch"]) == {str(batch_dir)}
            assert set(table["batch_spec_sha256"]) == {expected}


def test_spec_hash_follows_the_study_not_the_folder(batch_dir, tmp_path):
    import json
    import shutil

    copy = tmp_path / "moved"
    shutil.copytree(batch_dir, copy)
    assert read_batch(copy).spec_hash == read_batch(batch_dir).spec_hash
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["runs"] += 1
    (copy / "manifest.json").write_text(json.dumps(manifest))
    assert read_batch(copy).spec_hash != read_batch(batch_dir).spec_hash
