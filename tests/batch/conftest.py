"""Fixtures for batch tests: a small study and its uninterrupted serial result.

Runs are short (obama-2009 for 24 months) so the whole folder stays within seconds.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from _batch_helpers import SMALL

from resetsim.batch import load_batch, run_batch


@pytest.fixture(scope="session")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    """The small study run serially, uninterrupted."""
    out = tmp_path_factory.mktemp("reference") / "batch"
    run_batch(**SMALL, out=out)
    return load_batch(out)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "batch"
