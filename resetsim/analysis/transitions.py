"""Observed phase transitions: which of Giles's stages follows which, counted over runs.

Giles describes the order *euphoria -> realism -> disillusionment -> crisis -> reset*.
Where the phase label is read off the relationship's level and trend
(``phases.rule = "level_trend"``) that order is not imposed, so how often the runs follow
it is a result: :func:`phase_transitions` counts every change of label, from row to
column, and :func:`giles_share` says which share of them are the steps of Giles's cycle.
"""

from __future__ import annotations

import pandas as pd

from resetsim.model.phases import Phase

__all__ = ["CYCLE", "GILES_STEPS", "giles_share", "phase_transitions"]

CYCLE: list[str] = [str(p) for p in Phase]
"""The five stages in Giles's cycle order (rows and columns of the table)."""
GILES_STEPS: frozenset[tuple[str, str]] = frozenset(
    (CYCLE[i], CYCLE[(i + 1) % len(CYCLE)]) for i in range(len(CYCLE))
)
"""The five steps of Giles's cycle, reset -> euphoria included."""


def phase_transitions(timeseries: pd.DataFrame, by: str | list[str] | None = None) -> pd.DataFrame:
    """Counts of label changes, ``from`` (rows) to ``to`` (columns), in cycle order.

    Args:
        timeseries: ``ResetModel.timeseries()`` of one run, or a batch's stacked
            timeseries (with ``run_id``, and ``scenario`` if several).
        by: the columns that tell runs apart; default ``run_id`` and ``scenario`` where
            present. A change is counted only between consecutive months of one run.

    Returns:
        A 5 x 5 table of integer counts indexed ``from`` and columned ``to``; the diagonal
        is 0 (staying is not a transition).

    """
    if by is None:
        by = [c for c in ("scenario", "run_id") if c in timeseries.columns]
    keys = [by] if isinstance(by, str) else list(by)
    frame = timeseries.sort_values([*keys, "month"]) if keys else timeseries.sort_values("month")
    phase = frame["phase"].astype(str)
    before = phase.groupby([frame[k] for k in keys]).shift() if keys else phase.shift()
    changed = before.notna() & (before != phase)
    counts = pd.crosstab(
        pd.Categorical(before[changed], categories=CYCLE),
        pd.Categorical(phase[changed], categories=CYCLE),
        dropna=False,
    )
    counts.index.name, counts.columns.name = "from", "to"
    return counts.reindex(index=CYCLE, columns=CYCLE, fill_value=0).astype(int)


def giles_share(table: pd.DataFrame) -> float:
    """Share of the transitions in ``table`` that are steps of Giles's cycle (NaN if none)."""
    total = int(table.to_numpy().sum())
    if total == 0:
        return float("nan")
    steps = sum(int(table.loc[a, b]) for a, b in GILES_STEPS)
    return steps / total
