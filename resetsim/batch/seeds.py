"""Per-run seeds derived from the base seed and the run's identity.

Every run of a batch is identified by its scenario name, its grid point and its replicate
index. Its seed is computed in the parent process before dispatch, from a numpy
``SeedSequence`` whose entropy is the batch's base seed and whose spawn key is the run's
identity::

    SeedSequence(base_seed, spawn_key=(hash(scenario), hash(grid point), replicate))

where ``hash`` is a stable 64-bit digest (SHA-256), so the seed does not depend on the
executor, the number of workers, the order in which runs finish, or on which other runs
are in the batch (adding seeds or grid values leaves existing runs' seeds unchanged).
With ``common_seeds`` the key is ``(replicate,)`` alone, i.e. the children of
``SeedSequence(base_seed).spawn(n)``: replicate ``r`` sees the same seed everywhere
(common random numbers).

The child sequence is turned into one 63-bit integer ``seed``, stored with every row,
and the run is simulated with ``SeedSequence(seed)``: ``simulate(scenario,
seed=numpy.random.SeedSequence(seed))`` repeats any single run of a batch exactly
(O'Neill 2015 for the PCG64/SeedSequence design; numpy's "Parallel random number
generation" guide for spawn keys).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["point_key", "run_seed", "spawn_key_text", "stable_hash"]


def stable_hash(text: str) -> int:
    """A 64-bit integer digest of ``text``, the same on every machine and Python."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def point_key(point: Mapping[str, Any]) -> str:
    """Canonical text of a grid point (sorted keys, compact JSON)."""
    return json.dumps(dict(point), sort_keys=True, separators=(",", ":"))


def run_seed(
    base_seed: int,
    scenario: str,
    point: Mapping[str, Any],
    replicate: int,
    common: bool = False,
) -> tuple[int, tuple[int, ...]]:
    """Seed and spawn key of one run.

    Args:
        base_seed: the batch's base seed (non-negative).
        scenario: the scenario's name.
        point: the run's grid point (``{}`` without a grid).
        replicate: the replicate index, from 0.
        common: common random numbers: the key is ``(replicate,)`` alone.

    Returns:
        ``(seed, spawn_key)``: a non-negative integer below 2**63 and the spawn key used.

    """
    if common:
        key: tuple[int, ...] = (int(replicate),)
    else:
        key = (stable_hash(scenario), stable_hash(point_key(point)), int(replicate))
    child = np.random.SeedSequence(int(base_seed), spawn_key=key)
    seed = int(child.generate_state(1, np.uint64)[0]) >> 1
    return seed, key


def spawn_key_text(key: tuple[int, ...]) -> str:
    """Spawn key written as text for the tables (``"h1-h2-r"``)."""
    return "-".join(str(k) for k in key)
