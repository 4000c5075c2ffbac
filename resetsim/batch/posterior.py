"""Parameter sets drawn from a calibration's posterior, one per batch point.

``resetsim calibrate --method abc`` writes ``posterior.csv``: one row per particle, one
column per parameter (dotted keys, e.g. ``dynamics.retaliation_rate``) and its ``weight``.
:func:`draw_parameter_sets` resamples ``n`` rows with probability proportional to the
weights (multinomial resampling of a weighted particle population; Doucet, de Freitas &
Gordon 2001), from its own seeded stream, so that ``resetsim batch --posterior FILE
--draws N`` runs each draw as a point of the batch (with ``--seeds`` runs each) and its
forecasts carry parameter uncertainty, not only the seeds' noise; ``resetsim forecast CASE
--posterior FILE --draws N`` does the same for a case (:func:`posterior_draws` reads both
commands' options).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from resetsim.batch.spec import BatchError, plain

__all__ = ["POSTERIOR_STREAM", "draw_parameter_sets", "posterior_draws"]

POSTERIOR_STREAM = 0x90573
"""Salt of the draws' random stream (kept apart from the runs' seeds)."""


def draw_parameter_sets(path: str | Path, n: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` parameter sets resampled from a posterior table by weight.

    Args:
        path: a ``posterior.csv`` (or the folder that holds one).
        n: how many parameter sets.
        seed: which draw (the same seed gives the same sets).

    Raises:
        BatchError: for a missing or malformed table, naming the file and what is wrong.

    """
    path = Path(path)
    if path.is_dir():
        path = path / "posterior.csv"
    if n < 1:
        raise BatchError(f"--draws must be at least 1 (got {n})")
    try:
        table = pd.read_csv(path)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise BatchError(f"--posterior {path}: cannot read a posterior table ({exc})") from None
    keys = [c for c in table.columns if c != "weight"]
    if "weight" not in table.columns or not keys or not len(table):
        raise BatchError(
            f"--posterior {path}: needs a weight column and one column per parameter "
            "(the posterior.csv that `resetsim calibrate --method abc` writes)"
        )
    bad = [k for k in keys if "." not in k or not pd.api.types.is_numeric_dtype(table[k])]
    if bad:
        raise BatchError(
            f"--posterior {path}: column(s) {', '.join(bad)} are not numeric dotted "
            "parameter keys such as dynamics.retaliation_rate"
        )
    weights = table["weight"].to_numpy(dtype=float)
    if not np.all(np.isfinite(weights)) or (weights < 0).any() or weights.sum() <= 0:
        raise BatchError(f"--posterior {path}: weights must be finite, >= 0 and not all 0")
    rng = np.random.default_rng([POSTERIOR_STREAM, int(seed)])
    rows = rng.choice(len(table), size=n, replace=True, p=weights / weights.sum())
    return [{k: plain(table[k].iloc[i]) for k in keys} for i in rows]


def posterior_draws(
    posterior: str | Path | None, draws: int | None, seed: int | None, default: int = 100
) -> list[dict[str, Any]] | None:
    """The parameter sets of the ``--posterior FILE --draws N`` options (None without FILE).

    Args:
        posterior: the ``posterior.csv`` (or its folder), or None.
        draws: how many sets (None: ``default``).
        seed: which draw (the batch's base seed; None is 0).
        default: sets drawn when ``draws`` is not given.

    Raises:
        BatchError: ``--draws`` without ``--posterior``, or a bad posterior table.

    """
    if posterior is None:
        if draws is not None:
            raise BatchError("--draws needs --posterior FILE (the posterior to draw from)")
        return None
    return draw_parameter_sets(posterior, default if draws is None else draws, seed or 0)
