"""The batch engine: executors agree, output layout, failures, interruption and resume."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from _batch_helpers import SMALL, SMALL_RUNS, assert_batches_equal

from resetsim.batch import BatchError, load_batch, read_manifest, run_batch
from resetsim.batch.plan import prepare
from resetsim.batch.spec import BatchSpec
from resetsim.batch.store import BatchStore
from resetsim.runner import simulate
from resetsim.scenario import load_scenario

# The run that fails in failure tests: run 4 of the small study (trade share 0.05, replicate 1).
FAIL_SEED = (
    prepare(
        BatchSpec((SMALL["scenarios"],), SMALL["seeds"], months=SMALL["months"], grid=SMALL["grid"])
    )
    .task(4)
    .seed
)


def simulate_or_fail(scenario, seed, **kwargs):
    """The one run function, except that it raises for the seed of run 4."""
    if seed.entropy == FAIL_SEED:
        raise RuntimeError("model diverged")
    return simulate(scenario, seed=seed, **kwargs)


class Interrupt:
    """A run function that raises KeyboardInterrupt (Ctrl-C) at its n-th call."""

    def __init__(self, at: int):
        self.at, self.calls = at, 0

    def __call__(self, scenario, seed, **kwargs):
        self.calls += 1
        if self.calls == self.at:
            raise KeyboardInterrupt
        return simulate(scenario, seed=seed, **kwargs)


def test_output_layout_identity_columns_and_manifest(out, reference):
    run_batch(**SMALL, out=out)
    tables = load_batch(out)
    assert set(tables) == {"timeseries", "actors", "log", "resets", "events", "runs"}
    for name in ("timeseries", "actors", "log", "runs"):
        frame = tables[name]
        assert len(frame), name
        assert list(frame.columns[:5]) == [
            "run_id",
            "scenario",
            "seed",
            "spawn_key",
            "structure.trade_share",
        ]
        assert frame["scenario"].eq("obama-2009").all()
        raw = pd.read_parquet(out / name)  # each dataset reads on its own
        assert len(raw) == len(frame)
    runs = tables["runs"]
    assert runs["run_id"].tolist() == list(range(SMALL_RUNS))
    assert runs["status"].eq("ok").all()
    assert sorted(runs["structure.trade_share"].unique()) == [0.01, 0.05]
    assert runs["seed"].nunique() == SMALL_RUNS
    ts = tables["timeseries"]
    assert ts.groupby("run_id").size().eq(SMALL["months"]).all()  # months covered = rows
    assert not ts.duplicated(["run_id", "month"]).any()
    seeds = ts.groupby("run_id")["seed"].first()
    assert seeds.to_dict() == runs.set_index("run_id")["seed"].to_dict()
    assert runs["escalation_months"].tolist() == ts.groupby("run_id")["escalation"].sum().tolist()
    assert runs["final_phase"].tolist() == ts.groupby("run_id")["phase"].last().tolist()

    # a stored seed reproduces its run with the one run function
    first = runs.iloc[4]
    sc = load_scenario("obama-2009").with_overrides({"structure.trade_share": 0.05})
    again = simulate(sc, seed=np.random.SeedSequence(int(first["seed"])), months=24)
    mine = ts[ts["run_id"] == first["run_id"]]["relationship"].to_numpy()
    assert np.array_equal(again.timeseries["relationship"].to_numpy(), mine)

    manifest = read_manifest(out)
    assert manifest["status"] == "complete"
    assert manifest["counts"] == {
        "total": SMALL_RUNS,
        "done": SMALL_RUNS,
        "ok": SMALL_RUNS,
        "failed": 0,
        "pending": 0,
    }
    assert manifest["runs"] == SMALL_RUNS and manifest["seeds"] == 3 and manifest["base_seed"] == 0
    assert manifest["grid"] == {"structure.trade_share": [0.01, 0.05]}
    assert manifest["overrides"] == {}
    assert manifest["scenarios"][0]["name"] == "obama-2009"
    assert manifest["scenarios"][0]["content_hash"] == load_scenario("obama-2009").content_hash
    assert manifest["package_version"] and manifest["created"]
    assert_batches_equal(tables, reference)


def test_stored_tables_equal_the_run_function_s_own(out):
    """Text goes through dictionary codes on its way to Parquet; it must come back as text."""
    run_batch(**SMALL, out=out)
    tables = load_batch(out)
    runs = tables["runs"]
    row = runs.iloc[3]
    sc = load_scenario("obama-2009").with_overrides(
        {"structure.trade_share": float(row["structure.trade_share"])}
    )
    own = simulate(sc, seed=np.random.SeedSequence(int(row["seed"])), months=SMALL["months"])
    for name, frame in own.tables().items():
        if not len(frame):
            continue
        stored = tables[name][tables[name]["run_id"] == row["run_id"]]
        stored = stored[list(frame.columns)].reset_index(drop=True)
        pd.testing.assert_frame_equal(stored, frame, check_dtype=True, obj=name)
        raw = pd.read_parquet(out / name)  # read without resetsim: plain text, no categoricals
        text = [c for c in frame.columns if frame[c].dtype == object]
        assert all(raw[c].dtype == object for c in text), name


def test_base_seed_and_overrides_change_the_runs(out, reference):
    run_batch(**SMALL, out=out, base_seed=1, overrides={"dynamics.persuasion_rate": 0.2})
    runs = load_batch(out, ["runs"])["runs"]
    assert not set(runs["seed"]) & set(reference["runs"]["seed"])
    assert read_manifest(out)["overrides"] == {"dynamics.persuasion_rate": 0.2}


@pytest.mark.xdist_group("worker-pools")  # one fork server for all process-pool tests
def test_serial_process_and_dask_give_identical_tables(tmp_path, reference):
    run_batch(**SMALL, out=tmp_path / "p", executor="process", workers=2, chunk_size=1)
    assert_batches_equal(load_batch(tmp_path / "p"), reference)
    pytest.importorskip("distributed")
    run_batch(**SMALL, out=tmp_path / "d", executor="dask", workers=2, chunk_size=2)
    assert_batches_equal(load_batch(tmp_path / "d"), reference)
    sessions = read_manifest(tmp_path / "d")["sessions"]
    assert sessions[-1]["executor"] == "dask" and sessions[-1]["workers"] == 2


def test_retry_failed_runs_the_failed_runs_again(out, reference):
    run_batch(**SMALL, out=out, run_fn=simulate_or_fail)
    assert read_manifest(out)["counts"]["failed"] == 1
    run_batch(**SMALL, out=out, resume=True)  # a plain resume leaves the failure alone
    assert load_batch(out, ["runs"])["runs"]["status"].tolist().count("failed") == 1
    with pytest.raises(BatchError, match="add --resume"):
        run_batch(**SMALL, out=out, retry_failed=True)
    run_batch(**SMALL, out=out, resume=True, retry_failed=True)
    tables = load_batch(out)
    assert tables["runs"]["status"].eq("ok").all()
    assert read_manifest(out)["counts"]["failed"] == 0
    assert_batches_equal(tables, reference)  # every run once, as if nothing had failed


@pytest.mark.xdist_group("worker-pools")
@pytest.mark.parametrize("executor", ["serial", "process"])
def test_a_failing_run_is_recorded_and_the_others_go_on(tmp_path, reference, executor):
    out = tmp_path / executor
    workers = 2 if executor != "serial" else None  # serial with workers > 1 is refused
    run_batch(**SMALL, out=out, executor=executor, workers=workers, run_fn=simulate_or_fail)
    tables = load_batch(out)
    runs = tables["runs"].set_index("run_id")
    assert runs.loc[4, "status"] == "failed"
    assert runs.loc[4, "error"] == "RuntimeError: model diverged"
    assert "simulate_or_fail" in runs.loc[4, "traceback"]
    assert pd.isna(runs.loc[4, "n_resets"])
    assert runs.drop(index=4)["status"].eq("ok").all()
    assert 4 not in set(tables["timeseries"]["run_id"])
    good = reference["timeseries"][reference["timeseries"]["run_id"] != 4].reset_index(drop=True)
    pd.testing.assert_frame_equal(tables["timeseries"], good)
    assert read_manifest(out)["counts"]["failed"] == 1


def test_ctrl_c_leaves_a_resumable_directory(out, reference):
    with pytest.raises(KeyboardInterrupt):
        run_batch(**SMALL, out=out, chunk_size=2, run_fn=Interrupt(at=4))
    manifest = read_manifest(out)
    assert manifest["status"] == "interrupted"
    assert manifest["counts"]["done"] == 2  # the first chunk; the interrupted one is dropped
    assert len(load_batch(out, ["runs"])["runs"]) == 2
    run_batch(**SMALL, out=out, resume=True)
    assert_batches_equal(load_batch(out), reference)
    assert read_manifest(out)["status"] == "complete"
    assert len(read_manifest(out)["sessions"]) == 2


def test_a_chunk_cut_between_its_files_is_never_read_and_is_redone(out, reference, monkeypatch):
    original = BatchStore._write_table
    calls = []

    def write_then_die(self, name, stem, frame):
        calls.append(name)
        if name == "actors" and calls.count("actors") == 2:
            raise SystemExit("killed")  # after the 2nd chunk's timeseries, before its runs
        return original(self, name, stem, frame)

    monkeypatch.setattr(BatchStore, "_write_table", write_then_die)
    with pytest.raises(SystemExit):
        run_batch(**SMALL, out=out, chunk_size=2)
    monkeypatch.setattr(BatchStore, "_write_table", original)
    assert len(list((out / "timeseries").glob("part-*.parquet"))) == 2  # one orphan
    partial = load_batch(out)
    assert partial["runs"]["run_id"].tolist() == [0, 1]
    assert set(partial["timeseries"]["run_id"]) == {0, 1}
    run_batch(**SMALL, out=out, chunk_size=2, resume=True)
    assert_batches_equal(load_batch(out), reference)


def test_resume_of_a_complete_batch_changes_nothing(out, reference):
    run_batch(**SMALL, out=out)
    before = sorted(p.name for p in (out / "timeseries").iterdir())
    run_batch(**SMALL, out=out, resume=True)
    assert sorted(p.name for p in (out / "timeseries").iterdir()) == before
    assert_batches_equal(load_batch(out), reference)


def test_directories_holding_something_else_are_refused(tmp_path):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(BatchError, match="not empty and holds no batch"):
        run_batch(**SMALL, out=foreign)
    with pytest.raises(BatchError, match="not empty and holds no batch"):
        run_batch(**SMALL, out=foreign, resume=True)
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.txt"]

    out = tmp_path / "b"
    run_batch(**{**SMALL, "seeds": 1}, out=out)
    with pytest.raises(BatchError, match="already holds a batch"):
        run_batch(**{**SMALL, "seeds": 1}, out=out)
    with pytest.raises(BatchError, match=r"different batch:\n  - seeds: the batch has 1"):
        run_batch(**SMALL, out=out, resume=True)
    with pytest.raises(BatchError, match=r"  - scenarios: .*\n  - overrides: "):
        run_batch(
            **{**SMALL, "seeds": 1}, out=out, resume=True, overrides={"structure.baseline": 0}
        )
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["code_hash"] = "0" * 16
    BatchStore(out).write_manifest(manifest)  # as a batch of older code would have
    with pytest.raises(BatchError, match="model code changed"):
        run_batch(**{**SMALL, "seeds": 1}, out=out, resume=True)


def test_nothing_is_left_behind_when_a_batch_is_refused(tmp_path):
    with pytest.raises(BatchError):
        run_batch("obama-2009", seeds=1, out=tmp_path / "new", grid={"structure.nope": [1]})
    with pytest.raises(BatchError, match="--executor"):
        run_batch("obama-2009", seeds=1, out=tmp_path / "new", executor="threads")
    assert not (tmp_path / "new").exists()


def test_no_actors_and_common_seeds(out):
    run_batch(**SMALL, out=out, actors=False, common_seeds=True)
    tables = load_batch(out)
    assert tables["actors"].empty
    runs = tables["runs"]
    by_point = runs.groupby("replicate")["seed"].nunique()
    assert by_point.eq(1).all() and runs["seed"].nunique() == SMALL["seeds"]
    assert not (out / "actors").exists() or not list((out / "actors").glob("part-*"))
