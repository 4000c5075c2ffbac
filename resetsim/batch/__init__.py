"""Batches of runs: scenarios x grid points x seeds, in parallel, streamed to Parquet.

``run_batch(...)`` runs a study and returns its output directory; ``load_batch(DIR)``
reads its tables back (``timeseries``, ``actors``, ``log``, ``resets``, ``events``,
``runs``). ``run_ensemble(study)`` runs the same way but returns the tables in memory;
it is the one way ensembles run (attribution, validation, calibration and sensitivity
use it or ``run_batch``). The ``resetsim batch`` command is the same from the shell.
See ``docs/how-to/batches-and-clusters.md``.

Names are imported on first use, so importing this package (as the command line does)
does not load pyarrow or the executors.
"""

from __future__ import annotations

from resetsim.lazy import lazy_exports

__all__ = [
    "BatchError",
    "BatchSpec",
    "Condition",
    "Ensemble",
    "ExecutorOptions",
    "load_batch",
    "load_spec",
    "read_manifest",
    "repair_batch",
    "run_batch",
    "run_ensemble",
    "run_seed",
    "stream_ensemble",
]

_WHERE = {
    "BatchError": "resetsim.batch.spec",
    "BatchSpec": "resetsim.batch.spec",
    "load_spec": "resetsim.batch.spec_file",
    "load_batch": "resetsim.batch.store",
    "read_manifest": "resetsim.batch.store",
    "run_batch": "resetsim.batch.engine",
    "Condition": "resetsim.batch.ensemble",
    "Ensemble": "resetsim.batch.ensemble",
    "ExecutorOptions": "resetsim.batch.options",
    "run_ensemble": "resetsim.batch.ensemble",
    "stream_ensemble": "resetsim.batch.ensemble",
    "repair_batch": "resetsim.batch.repair",
    "run_seed": "resetsim.batch.seeds",
}

__getattr__, __dir__ = lazy_exports(__name__, _WHERE, __all__)
