"""One options object for every ensemble runner: its rules, and that it changes no result."""

from __future__ import annotations

import pytest

from resetsim.batch import Ensemble, ExecutorOptions, run_ensemble
from resetsim.batch.options import EXECUTOR_FIELDS


@pytest.mark.parametrize(
    ("options", "kind"),
    [
        (ExecutorOptions(), "serial"),
        (ExecutorOptions(workers=1), "serial"),
        (ExecutorOptions(workers=2), "process"),
        (ExecutorOptions(scheduler="tcp://127.0.0.1:8786"), "dask"),
        (ExecutorOptions(executor="dask", workers=1), "dask"),
        (ExecutorOptions(executor="serial", workers=3), "serial"),
    ],
)
def test_kind_follows_the_named_executor_then_scheduler_then_workers(options, kind):
    assert options.kind == kind


def test_settings_by_name_replace_the_fields_of_the_object():
    base = ExecutorOptions(workers=2, chunk_size=5, progress=True)
    merged = ExecutorOptions.of(base, executor="serial", workers=None)
    assert merged == ExecutorOptions("serial", None, None, 5, True, False)
    assert ExecutorOptions.of(None) == ExecutorOptions()
    assert base.workers == 2  # frozen: the object given is not changed
    with pytest.raises(AttributeError):
        base.workers = 3  # type: ignore[misc]
    assert EXECUTOR_FIELDS == (
        "executor",
        "workers",
        "scheduler",
        "chunk_size",
        "progress",
        "force",
    )


def test_an_unknown_setting_is_a_type_error_naming_it():
    with pytest.raises(TypeError, match="wrokers"):
        ExecutorOptions.of(wrokers=2)
    ensemble = Ensemble.of("obama-2009", seeds=[1], months=3)
    with pytest.raises(TypeError, match="chunksize"):
        run_ensemble(ensemble, chunksize=2)


def test_options_object_and_keywords_give_the_same_tables():
    ensemble = Ensemble.of(
        "obama-2009",
        seeds=[11, 12, 13],
        conditions={"as written": {}, "open": {"structure.trade_share": 0.05}},
        months=12,
    )
    by_name = run_ensemble(ensemble, executor="serial", chunk_size=4)
    by_object = run_ensemble(ensemble, ExecutorOptions(executor="serial", chunk_size=1))
    assert set(by_name) == set(by_object)
    for name, frame in by_name.items():
        assert frame.equals(by_object[name]), name
    assert len(by_name["timeseries"]) == 2 * 3 * 12
