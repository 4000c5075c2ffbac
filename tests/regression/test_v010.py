"""Behaviour preserved: every shipped scenario, seeds 0-19, hashes equal to resetsim 0.1.0's.

The 0.1.0 hashes are recorded in ``v010_hashes.json`` by ``scripts/compare_v010.py
--record``, which regenerates them from the git tag ``v0.1.0`` in a temporary worktree.
"""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _compare_module():
    spec = importlib.util.spec_from_file_location("compare_v010", ROOT / "scripts/compare_v010.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_shipped_scenarios_reproduce_v010_tables():
    compare = _compare_module()
    reference = json.loads(compare.RECORDED.read_text())
    assert len(reference) == 10 * len(compare.SEEDS)
    current = compare.tree_hashes(ROOT, ROOT / "scenarios")
    assert compare.differences(reference, current) == []


def test_differences_names_each_changed_table():
    compare = _compare_module()
    ref = {"a/0": {"timeseries": "1", "actors": "2", "log": "3", "resets": "4"}}
    now = {"a/0": {"timeseries": "1", "actors": "x", "log": "3", "resets": "4"}}
    assert compare.differences(ref, now) == ["a/0: actors"]
    assert compare.differences(ref, {}) == [f"a/0: {t}" for t in compare.REQUIRED]
