"""Do agencies and factions move as one mood index? The first principal component of stances.

Within one run, the monthly stances of a scenario's agencies and factions form a months x
actors matrix. If they all follow one common factor (the relationship's mood), the first
principal component of that matrix explains nearly all of its variance; if positions
differ by issue and bureaucratic bargaining pulls actors apart, it explains less
(Allison & Halperin 1972). :func:`first_component_share` is that share for one run;
:func:`stance_concentration` runs an ensemble under conditions (e.g. stances by issue on
and off) and gives each condition's mean share with a percentile bootstrap interval over
seeds, and its paired change against the first condition (Efron & Tibshirani 1993).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from resetsim.analysis.stats import paired_bootstrap

__all__ = ["AGENCIES_AND_FACTIONS", "ONE_STANCE", "first_component_share", "stance_concentration"]

AGENCIES_AND_FACTIONS = ("bureaucracy", "legislature")
"""The ``actors().family`` values whose stances are analysed."""

ONE_STANCE: dict[str, Any] = {
    "bureaucracies.*.issues": {},
    "bureaucracies.*.pen": [],
    "bureaucracies.*.remit": {},
    "bureaucracies.*.commerce": {},
    "factions.*.issues": {},
    "factions.*.remit": {},
    "factions.*.commerce": {},
    "factions.*.constituency": 1.0,
    "proposals.*.issue": "",
    "moves.*.issue": "",
    "structure.clash_issues": [],
    "dynamics.president_pull": 0.0,
}
"""Overrides that switch agencies' and factions' stances by issue, the pen, remits, trade
interests, constituencies, chance clashes' issues and the president's pull off
(presidents' own offsets, if a scenario gives them, stay)."""


def first_component_share(
    actors: pd.DataFrame, families: Sequence[str] = AGENCIES_AND_FACTIONS
) -> float:
    """Share of the variance of one run's stances explained by their first principal component.

    Args:
        actors: the ``actors()`` table of one run (``month``, ``actor``, ``family``,
            ``stance``).
        families: which families' actors enter (default: agencies and factions).

    Returns:
        The largest eigenvalue of the covariance matrix of the actors' stance series over
        the months, divided by the sum of all eigenvalues (the total variance); NaN when
        no stance ever moves.

    """
    rows = actors[actors["family"].isin(list(families))]
    wide = rows.pivot(index="month", columns="actor", values="stance").to_numpy(float)
    centred = wide - wide.mean(axis=0)
    eigen = np.linalg.eigvalsh(centred.T @ centred)
    total = eigen.sum()
    return float(eigen[-1] / total) if total > 0 else float("nan")


def stance_concentration(
    scenario: Any,
    seeds: Sequence[int],
    conditions: Mapping[str, Mapping[str, Any]] | None = None,
    workers: int = 1,
    n_boot: int = 2000,
    rng: int = 0,
) -> pd.DataFrame:
    """Mean first-component share of agencies' and factions' stances, per condition.

    Args:
        scenario: a Scenario or scenario name.
        seeds: one seed per run, shared by every condition (common random numbers).
        conditions: label -> dotted-key overrides; default ``on`` (the scenario as it is)
            and ``off`` (:data:`ONE_STANCE`). The first is the reference of ``change``.
        workers: processes for the ensemble.
        n_boot: bootstrap resamples of the seeds.
        rng: seed of the bootstrap.

    Returns:
        One row per condition: ``value`` (mean share over runs), ``ci_low``/``ci_high``
        (95% percentile bootstrap over seeds), ``change`` against the first condition with
        its paired interval ``change_low``/``change_high``, and ``n`` (runs).

    """
    from resetsim.analysis.attribution import run_ensemble

    given = dict(conditions) if conditions is not None else {"on": {}, "off": ONE_STANCE}
    actors = run_ensemble(scenario, seeds, given, workers, "condition", actors=True)["actors"]
    frames = {
        label: pd.DataFrame(
            [
                {"seed": seed, "share": first_component_share(rows)}
                for seed, rows in actors[actors["condition"] == label].groupby("seed")
            ]
        )
        for label in given
    }
    reference = next(iter(given))
    table = paired_bootstrap(
        frames, lambda cols: float(np.nanmean(cols["share"])), reference, n_boot=n_boot, rng=rng
    )
    gen = np.random.default_rng(rng)
    lows, highs = [], []
    for label in given:
        shares = frames[label]["share"].to_numpy()
        means = np.nanmean(shares[gen.integers(0, shares.size, (n_boot, shares.size))], axis=1)
        low, high = np.quantile(means, [0.025, 0.975])
        lows.append(float(low))
        highs.append(float(high))
    table = table.rename(columns={"ci_low": "change_low", "ci_high": "change_high"})
    table.insert(2, "ci_low", lows)
    table.insert(3, "ci_high", highs)
    return table
