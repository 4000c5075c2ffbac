"""A batch directory as others read it: provenance in the manifest, Parquet for DuckDB/polars."""

from __future__ import annotations

import platform
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from resetsim.batch import load_batch, read_manifest, run_batch
from resetsim.provenance import git_state, package_versions
from resetsim.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
TABLES = ("timeseries", "actors", "log", "resets", "events", "runs")


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sharing") / "batch"
    run_batch(
        ["obama-2009", "hawks-both-sides"],
        out=out,
        seeds=2,
        months=30,
        overrides={"structure.trade_share": 0.01},
        grid={"dynamics.persuasion_rate": [0.08, 0.16]},
        executor="serial",
        progress=False,
    )
    return out


def test_manifest_records_the_software(batch):
    import mesa
    import numpy

    env = read_manifest(batch)["environment"]
    assert env["python"] == platform.python_version()
    assert env["packages"]["mesa"] == mesa.__version__
    assert env["packages"]["numpy"] == numpy.__version__
    assert env["packages"]["resetsim"] == read_manifest(batch)["package_version"]
    assert set(env["packages"]) >= {"resetsim", "mesa", "numpy", "pandas", "pyarrow"}


def test_manifest_records_the_commit_of_a_checkout(batch):
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True
    )
    git = read_manifest(batch)["environment"]["git"]
    if head.returncode != 0:  # a copy without .git (an sdist): nothing to record
        assert git is None
    else:
        assert git["commit"] == head.stdout.strip()
        assert isinstance(git["dirty"], bool)


def test_no_commit_outside_a_checkout(tmp_path):
    (tmp_path / "resetsim").mkdir()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert git_state(tmp_path) is None  # a folder that is not a git checkout
    assert (
        package_versions(("resetsim", "no-such-distribution-xyz"))["no-such-distribution-xyz"]
        is None
    )


def test_manifest_scenario_text_reruns_to_the_same_hash(batch, tmp_path):
    records = read_manifest(batch)["scenarios"]
    assert [r["name"] for r in records] == ["obama-2009", "hawks-both-sides"]
    for record in records:
        path = tmp_path / f"{record['name']}.toml"
        path.write_text(record["toml"], encoding="utf-8")
        back = load_scenario(path)
        assert back.content_hash == record["content_hash"]
        assert back.structure.trade_share == 0.01  # the batch's fixed override is in it
    assert records[0]["content_hash"] != load_scenario("obama-2009").content_hash


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    keys = [c for c in ("run_id", "month", "actor", "proposal") if c in frame.columns]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def _same(theirs: pd.DataFrame, ours: pd.DataFrame) -> None:
    assert list(theirs.columns) == list(ours.columns)
    assert len(theirs) == len(ours) > 0
    for column in ours.columns:
        a, b = theirs[column].tolist(), ours[column].tolist()
        assert [None if pd.isna(x) else x for x in a] == [None if pd.isna(x) else x for x in b], (
            column
        )


def test_every_table_folder_holds_parquet(batch):
    for name in TABLES:
        files = list((batch / name).glob("*.parquet"))
        assert files, f"{name}/ has no Parquet file"


def test_duckdb_reads_every_table(batch):
    duckdb = pytest.importorskip("duckdb")
    ours = load_batch(batch)
    with duckdb.connect() as con:
        for name in TABLES:
            theirs = con.sql(
                f"SELECT * FROM read_parquet('{batch / name}/*.parquet', union_by_name=true)"
            ).df()
            _same(_sorted(theirs), _sorted(ours[name]))
        mean = con.sql(
            'SELECT "dynamics.persuasion_rate" AS rate, avg(final_relationship) AS r '
            f"FROM read_parquet('{batch}/runs/*.parquet') GROUP BY 1 ORDER BY 1"
        ).df()
    want = ours["runs"].groupby("dynamics.persuasion_rate")["final_relationship"].mean()
    assert mean["rate"].tolist() == want.index.tolist()
    assert mean["r"].tolist() == pytest.approx(want.tolist())


def test_polars_reads_every_table(batch):
    pl = pytest.importorskip("polars")
    ours = load_batch(batch)
    for name in TABLES:
        theirs = pl.read_parquet(batch / name / "*.parquet").to_pandas()
        _same(_sorted(theirs), _sorted(ours[name]))
    lazy = (
        pl.scan_parquet(batch / "timeseries" / "*.parquet")
        .filter(pl.col("month") == 30)
        .group_by("scenario")
        .agg(pl.col("relationship").mean())
        .sort("scenario")
        .collect()
    )
    ts = ours["timeseries"]
    want = ts[ts["month"] == 30].groupby("scenario")["relationship"].mean()
    assert lazy["scenario"].to_list() == want.index.tolist()
    assert lazy["relationship"].to_list() == pytest.approx(want.tolist())


def test_statsmodels_regression_as_the_docs_write_it(batch):
    smf = pytest.importorskip("statsmodels.formula.api")
    runs = load_batch(batch, tables=["runs"])["runs"]
    runs = runs.rename(columns={"dynamics.persuasion_rate": "persuasion"})
    fit = smf.ols("final_relationship ~ persuasion + C(scenario)", data=runs).fit(
        cov_type="cluster", cov_kwds={"groups": runs["seed"]}
    )
    assert int(fit.nobs) == len(runs) == 8
    assert set(fit.params.index) == {
        "Intercept", "persuasion", "C(scenario)[T.obama-2009]"
    }  # fmt: skip
    means = runs.groupby("scenario")["final_relationship"].mean()
    # balanced design: the scenario effect is the difference of the scenario means
    assert fit.params["C(scenario)[T.obama-2009]"] == pytest.approx(
        means["obama-2009"] - means["hawks-both-sides"]
    )
