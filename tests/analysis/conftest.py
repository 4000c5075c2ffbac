"""Small real batch directories for the analysis tests, written without the code under test.

``small_batch`` loops ``resetsim.runner.simulate`` over 6 seeds of obama-2009 and a
2-value grid of ``structure.worldview_gap`` (12 runs, well under a second) and writes the
batch format by hand: ``manifest.json`` plus one Parquet dataset folder per table, every
row carrying ``run_id``, ``scenario``, ``seed`` and the grid column.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from _analysis_setup import GRID_KEY, SEEDS

from resetsim.runner import simulate

GRID = {GRID_KEY: [0.4, 0.8]}
TABLES = ("timeseries", "log", "resets", "events")


def write_batch_by_hand(out: Path, scenario: str = "obama-2009") -> Path:
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}
    run_id = 0
    for value in GRID[GRID_KEY]:
        for seed in SEEDS:
            result = simulate(scenario, seed=seed, overrides={GRID_KEY: value}, actors=False)
            for name in TABLES:
                frame = getattr(result, name).copy()
                frame.insert(0, GRID_KEY, value)
                frame.insert(0, "seed", seed)
                frame.insert(0, "scenario", scenario)
                frame.insert(0, "run_id", run_id)
                parts[name].append(frame)
            run_id += 1
    out.mkdir(parents=True)
    for name, frames in parts.items():
        (out / name).mkdir()
        pd.concat(frames, ignore_index=True).to_parquet(out / name / "part-0.parquet")
    manifest = {"scenarios": [{"name": scenario}], "grid": GRID, "runs": run_id}
    (out / "manifest.json").write_text(json.dumps(manifest))
    return out


@pytest.fixture(scope="session")
def batch_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 12-run obama-2009 batch directory (6 seeds x 2 worldview gaps)."""
    return write_batch_by_hand(tmp_path_factory.mktemp("analysis") / "batch")


@pytest.fixture(scope="session")
def batch(batch_dir: Path):
    from resetsim.analysis.io import read_batch

    return read_batch(batch_dir)
