"""Constants of the small batch the analysis tests share (imported by conftest and tests)."""

GRID_KEY = "structure.worldview_gap"
SEEDS = range(6)
