"""Seed ranges of the tests, the page and the robustness blocks (no heavy imports).

Held here so that the command line (``resetsim robustness``) states the same defaults and
bounds as :mod:`resetsim.validation.robustness` without importing it at start-up.
"""

from __future__ import annotations

__all__ = ["LAST_SEED", "ROBUSTNESS_BASE"]

LAST_SEED = 9999
"""The last seed of the test and page range (calibration uses seeds from 100000)."""
ROBUSTNESS_BASE = 3000
"""First seed of the first robustness block (``make robustness``): ten blocks of the
largest claim (605 runs) end below :data:`LAST_SEED`."""
