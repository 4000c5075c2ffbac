"""What an ABC-SMC run leaves: the tidy posterior, its summary, its figure.

:func:`write_posterior` reads the last complete generation of a pyabc ``History`` and writes
``posterior.csv`` (one row per particle, its normalised weight), ``posterior.png`` (weighted
histograms over the priors) and ``abc.json`` (the run's settings, epsilons, wall time, the
last generation's effective sample size, posterior medians and 90% intervals), and runs the
posterior-predictive check when asked (:mod:`resetsim.validation.predictive`). Used by
:func:`resetsim.validation.abc.calibrate_abc`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "effective_sample_size",
    "plot_posterior",
    "posterior_summary",
    "weighted_quantile",
    "write_posterior",
]


def write_posterior(
    out: str | Path,
    history: Any,
    settings: Mapping[str, Any],
    seconds: float,
    predictive: int = 0,
    note: str = "",
) -> dict[str, Any]:
    """Write ``posterior.csv``, ``posterior.png``, ``abc.json`` (and the predictive check).

    Args:
        out: the output folder (holding ``abc.db``).
        history: the pyabc ``History`` of the run; its last complete generation is read.
        settings: method, scenario, parameters (priors), population, runs per particle,
            seed base, workers.
        seconds: the run's wall time.
        predictive: posterior draws for the predictive check (0 skips it).
        note: how the run ended if not by its own stopping rule (kept in ``abc.json``).

    """
    out = Path(out)
    parameters = settings["parameters"]
    frame, weights = history.get_distribution(m=0, t=history.max_t)
    posterior = frame.reset_index(drop=True)[list(parameters)]
    posterior["weight"] = weights / weights.sum()
    posterior.to_csv(out / "posterior.csv", index=False)
    pops = history.get_all_populations()
    summary = {
        **settings,
        "generations": int(history.max_t + 1),
        "simulations": int(history.total_nr_simulations),
        "epsilons": [float(e) for e in pops["epsilon"] if np.isfinite(e)],
        "seconds": round(seconds, 1),
        "note": note,
        "effective_sample_size": round(effective_sample_size(posterior["weight"]), 1),
        "posterior": posterior_summary(posterior),
    }
    plot_posterior(posterior, parameters, out / "posterior.png")
    if predictive:
        from resetsim.validation.predictive import predictive_check

        summary["predictive"] = predictive_check(
            out / "posterior.csv",
            out,
            predictive,
            scenario=settings["scenario"],
            workers=settings["workers"],
        )
    (out / "abc.json").write_text(json.dumps(summary, indent=2) + "\n")
    return summary


def effective_sample_size(weights: Sequence[float] | np.ndarray | pd.Series) -> float:
    """Kish's effective sample size of importance weights, ``(sum w)^2 / sum w^2``.

    As many equally weighted particles as the weighted population is worth; far below the
    population size, a few particles carry the posterior (Liu 2001, Monte Carlo Strategies
    in Scientific Computing, section 2.5.3).
    """
    w = np.asarray(weights, dtype=float)
    return float(w.sum() ** 2 / np.square(w).sum())


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """Quantile ``q`` of ``values`` under ``weights`` (the inverse of the weighted CDF)."""
    order = np.argsort(values)
    cum = np.cumsum(np.asarray(weights, dtype=float)[order])
    cum /= cum[-1]
    return float(np.asarray(values)[order][np.searchsorted(cum, q)])


def posterior_summary(posterior: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Per parameter: weighted median and 90% interval (5% and 95% quantiles)."""
    w = posterior["weight"].to_numpy()
    return {
        k: {
            "median": weighted_quantile(posterior[k].to_numpy(), w, 0.5),
            "q05": weighted_quantile(posterior[k].to_numpy(), w, 0.05),
            "q95": weighted_quantile(posterior[k].to_numpy(), w, 0.95),
        }
        for k in posterior.columns
        if k != "weight"
    }


def plot_posterior(
    posterior: pd.DataFrame, parameters: Mapping[str, Sequence[float]], path: str | Path
) -> None:
    """Weighted histograms of each parameter's posterior over its prior range."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = list(parameters)
    cols = 3
    rows = -(-len(keys) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 3 * rows), squeeze=False)
    for ax, key in zip(axes.flat, keys, strict=False):
        lo, hi = parameters[key]
        ax.hist(
            posterior[key], bins=15, range=(lo, hi), weights=posterior["weight"], color="#0072B2"
        )
        ax.set_xlim(lo, hi)
        ax.set_title(key, fontsize=9)
        ax.set_yticks([])
    for ax in list(axes.flat)[len(keys) :]:
        ax.axis("off")
    fig.suptitle("ABC-SMC posterior (last generation; the x range is the uniform prior)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
