"""Posterior-predictive check of an ABC calibration on the 1992-2016 record.

Parameter sets are drawn from the calibration's weighted posterior
(:func:`~resetsim.batch.posterior.draw_parameter_sets`) and each is run once on its own
calibration seed (>= 100000), so the bands carry parameter and seed uncertainty together
(Gelman, Meng & Stern 1996, posterior predictive assessment). :func:`predictive_check`
writes ``predictive.csv`` (one row per draw: its parameters and summary statistics),
``predictive.json`` (the fit: Gallup points inside the 90% band, hit rates of the crisis
and reset windows and of the crisis stage in years without one on the record, the share
of runs that escalated, each with a Wilson interval) and
``predictive.png``: US favourability (median, 50% and 90% bands, Gallup points; points
after :data:`~resetsim.validation.abc.GALLUP_UNTIL` were held out), the share of runs in
crisis and in reset per month against the record's windows, and salient hostile events
per five years against the timeline's.

Reference:
    Gelman, A., Meng, X.-L. & Stern, H. (1996). Posterior predictive assessment of model
    fitness via realized discrepancies. Statistica Sinica 6, 733-807.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from resetsim.validation.abc import (
    GALLUP_UNTIL,
    NO_CRISIS_KEY,
    PERIODS,
    observed_statistics,
    run_statistics,
)
from resetsim.validation.checks import wilson_interval
from resetsim.validation.claims import GENERATIVE
from resetsim.validation.history import (
    CRISES,
    NO_CRISIS,
    RESETS,
    favourability_bands,
    load_gallup,
    phase_shares,
)

__all__ = ["PREDICTIVE_SEED_BASE", "predictive_check", "predictive_fit", "predictive_runs"]

PREDICTIVE_SEED_BASE = 300_000
"""The predictive runs' seeds (calibration range, apart from the ABC particles' seeds)."""


def predictive_runs(
    posterior: str | Path,
    draws: int,
    *,
    scenario: str = GENERATIVE,
    seed_base: int = PREDICTIVE_SEED_BASE,
    workers: int = 1,
) -> tuple[list[dict[str, Any]], list[tuple[pd.DataFrame, pd.DataFrame]]]:
    """``draws`` posterior parameter sets and one run of each (monthly table, events).

    Draw ``i`` runs on seed ``seed_base + i``, on the batch engine (a paired ensemble, one
    condition per draw, run by :meth:`~resetsim.validation.ensemble.Ensembles.runs`), in
    this process or on ``workers`` processes.
    """
    from resetsim.batch import Condition, Ensemble
    from resetsim.batch.posterior import draw_parameter_sets
    from resetsim.scenario import load_scenario
    from resetsim.validation.ensemble import Ensembles, record_run_with_events

    if seed_base < 100_000:
        raise ValueError(f"predictive seeds start at 100000 or above (got {seed_base})")
    sets = draw_parameter_sets(posterior, draws, seed=seed_base)
    ensemble = Ensemble(
        scenarios=(load_scenario(scenario),),
        conditions=tuple(Condition(i, 0, tuple(p.items())) for i, p in enumerate(sets)),
        seeds=tuple(seed_base + i for i in range(len(sets))),
        column="draw",
        paired=True,
    )
    runs = Ensembles(workers=workers, run_fn=record_run_with_events).runs(ensemble)
    return sets, [(run.timeseries, run.events) for run in runs]


def predictive_fit(
    runs: Sequence[tuple[pd.DataFrame, pd.DataFrame]], level: float = 0.95
) -> dict[str, Any]:
    """Fit of the predictive runs to the record (in-sample and held-out Gallup apart)."""
    timeseries = [ts for ts, _ in runs]
    bands = favourability_bands(timeseries).set_index("date")
    gallup = load_gallup()
    gallup = gallup[gallup["date"] <= "2016-12"]
    at = bands.reindex(gallup["date"])
    inside = (gallup["favourable_pct"].to_numpy() >= at["q05"].to_numpy()) & (
        gallup["favourable_pct"].to_numpy() <= at["q95"].to_numpy()
    )
    fitted = (gallup["date"] <= GALLUP_UNTIL).to_numpy()
    fit: dict[str, Any] = {
        "draws": len(runs),
        "gallup_in_band_in_sample": [int(inside[fitted].sum()), int(fitted.sum())],
        "gallup_in_band_held_out": [int(inside[~fitted].sum()), int((~fitted).sum())],
        "gallup_mae_in_sample": float(
            np.abs(at["q50"].to_numpy() - gallup["favourable_pct"].to_numpy())[fitted].mean()
        ),
    }
    stats = pd.DataFrame([run_statistics(ts, ev) for ts, ev in runs])
    windows = ("crisis_", "reset_", f"{NO_CRISIS_KEY}_", "escalated")
    for key in [k for k in stats.columns if k.startswith(windows)]:
        hits = int(stats[key].sum())
        low, high = wilson_interval(hits, len(stats), level)
        fit[key] = {"hits": hits, "runs": len(stats), "share": hits / len(stats),
                    "ci_low": low, "ci_high": high}  # fmt: skip
    return fit


def predictive_check(
    posterior: str | Path,
    out: str | Path,
    draws: int = 200,
    *,
    scenario: str = GENERATIVE,
    seed_base: int = PREDICTIVE_SEED_BASE,
    workers: int = 1,
) -> dict[str, Any]:
    """Run the posterior-predictive check; write the table, the fit and the figure."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sets, runs = predictive_runs(
        posterior, draws, scenario=scenario, seed_base=seed_base, workers=workers
    )
    table = pd.concat(
        [pd.DataFrame(sets), pd.DataFrame([run_statistics(ts, ev) for ts, ev in runs])], axis=1
    )
    table.insert(0, "seed", [seed_base + i for i in range(len(sets))])
    table.to_csv(out / "predictive.csv", index=False)
    fit = predictive_fit(runs)
    fit["seed_base"] = seed_base
    (out / "predictive.json").write_text(json.dumps(fit, indent=2) + "\n")
    plot_predictive(runs, table, out / "predictive.png")
    return fit


def _legend_outside(ax) -> None:
    """The panel's legend to the right of its axes, where it cannot hide a band or a point."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, borderaxespad=0.0)


def plot_predictive(
    runs: Sequence[tuple[pd.DataFrame, pd.DataFrame]], table: pd.DataFrame, path: str | Path
) -> None:
    """Three panels: favourability bands vs Gallup, stage shares vs windows, event counts."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from resetsim.validation.figures import year
    from resetsim.viz.palette import OKABE_ITO, PHASE_COLOURS

    timeseries = [ts for ts, _ in runs]
    fig, axes = plt.subplots(3, 1, figsize=(12.5, 10), constrained_layout=True)
    ax = axes[0]
    bands = favourability_bands(timeseries)
    x = year(bands["date"])
    ax.fill_between(x, bands["q05"], bands["q95"], color=OKABE_ITO[0], alpha=0.2, lw=0,
                    label="90% band")  # fmt: skip
    ax.fill_between(x, bands["q25"], bands["q75"], color=OKABE_ITO[0], alpha=0.35, lw=0,
                    label="50% band")  # fmt: skip
    ax.plot(x, bands["q50"], color=OKABE_ITO[0], lw=1.5, label="median")
    gallup = load_gallup()
    gallup = gallup[gallup["date"] <= "2016-12"]
    fitted = gallup["date"] <= GALLUP_UNTIL
    ax.plot(year(gallup["date"][fitted]), gallup["favourable_pct"][fitted], "o", color="black",
            label=f"Gallup (fitted, to {GALLUP_UNTIL[:4]})")  # fmt: skip
    if (~fitted).any():
        ax.plot(year(gallup["date"][~fitted]), gallup["favourable_pct"][~fitted], "o",
                mfc="white", color="black", label="Gallup (held out)")  # fmt: skip
    ax.set_ylabel("US favourable to Russia, %")
    ax.set_ylim(0, 100)
    _legend_outside(ax)
    ax.set_title(
        f"Posterior predictive, {len(runs)} draws (parameter + seed uncertainty), "
        "history-1992-2016-generative"
    )
    ax = axes[1]
    shares = phase_shares(timeseries)
    xs = year(shares["date"])
    for stage, windows in (("crisis", CRISES), ("reset", RESETS)):
        for lo, hi in windows.values():
            a, b = year([lo, hi])
            ax.axvspan(a - 1 / 24, b + 1 / 24, color=PHASE_COLOURS[stage], alpha=0.15, lw=0)
        label = f"share of runs in {stage}\n(shaded: the record's\n{stage} windows)"
        ax.plot(xs, shares[stage], color=PHASE_COLOURS[stage], lw=1.5, label=label)
    for lo, hi in NO_CRISIS.values():  # the years with no crisis on the record, fitted too
        a, b = year([lo, hi])
        ax.axvspan(a - 1 / 24, b + 1 / 24, facecolor="none", edgecolor="grey", hatch="//",
                   lw=0, alpha=0.5)  # fmt: skip
    ax.fill_between([], [], facecolor="none", edgecolor="grey", hatch="//",
                    label="no crisis on the record")  # fmt: skip
    ax.set_ylabel("share of runs")
    ax.set_ylim(0, 1)
    _legend_outside(ax)
    ax = axes[2]
    observed = observed_statistics()
    mids = np.array([(lo + hi) / 2 + 0.5 for lo, hi in PERIODS])
    kinds = ((-0.6, "hostile", OKABE_ITO[5]), (0.6, "cooperative", OKABE_ITO[2]))
    for shift, kind, colour in kinds:
        keys = [f"{kind}_{lo}" for lo, _ in PERIODS]
        q = table[keys].quantile([0.05, 0.5, 0.95]).to_numpy()
        ax.errorbar(mids + shift, q[1], yerr=[q[1] - q[0], q[2] - q[1]], fmt="s", color=colour,
                    capsize=3, label=f"{kind}, model median\nand 90% range")  # fmt: skip
        ax.plot(mids + shift, [observed[k] for k in keys], "x", color="black", ms=8)
    ax.plot([], [], "x", color="black", label="timeline (record)")
    ax.set_xticks(mids, [f"{lo}-{hi}" for lo, hi in PERIODS])
    ax.set_ylabel("events per five years")
    _legend_outside(ax)
    fig.savefig(path, dpi=110)
    plt.close(fig)
