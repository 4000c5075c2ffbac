"""Knock-out attribution: which source of resistance costs a reset most?

MODEL.md names four sources of resistance to a leader-driven reset: the legislature, the
bureaucracy, the worldview gap and the missing economic shock absorber. The scenario is
run as it is (``baseline``), then with each source switched off in turn, then with all
four off, on the same seeds (common random numbers, so differences between conditions
are paired run by run). A switch is a dict of dotted-key overrides (:data:`KNOCKOUTS`),
printed in the output table:

* ``legislature``: a compliant legislature and elite. Every faction (US Congress factions
  and the Russian Duma and elite groups) gets stance +0.6 (which is also its anchor) and
  hawkishness 0, and congressional events no longer harden hawks
  (``dynamics.hawk_event_gain = 0``).
* ``bureaucracy``: no foot-dragging. Every agency's inertia and hawkishness are 0, its
  mission anchor is neutral (0; the worldview gap still shifts anchors, which belongs to
  the worldview switch), and implementation is not dragged
  (``dynamics.implementation_drag = 0``). Under the implementation rule an agency
  delivers on time only when its support is close to +1, so neutral agencies still
  deliver late: this switch removes the hostile anchors and the drag, not every
  slow-rolled deal (``blocking.csv`` shows how many remain).
* ``worldview``: no worldview gap (``structure.worldview_gap = 0``).
* ``absorber``: a China-scale shock absorber: goods trade of 3.4% of US GDP
  (``structure.trade_share = 0.034``; 2013 US-China trade $562bn / $16.7tn, against
  0.23% for Russia, FPRI article).

Outcomes per run are those of :mod:`resetsim.analysis.outcomes` (first reset of each run;
crisis onset; escalation). The reset metrics are Kaplan-Meier based: a gain that never
halves, or a reset still above its pre-reset level at the run's end, is right-censored,
not dropped or counted as zero. Changes are *knock-out minus baseline*, so a positive
change in survival or half-life (or a negative one in crisis probability) is what that
source of resistance costs a reset. Intervals are paired percentile bootstraps over seeds
(:func:`resetsim.analysis.stats.paired_bootstrap`).

The runs are an ensemble of the batch engine (:func:`resetsim.batch.ensemble.run_ensemble`),
so attribution runs on every executor (serial, a process pool or Dask).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from resetsim.analysis.io import Batch, BatchError
from resetsim.analysis.outcomes import METRICS, common_horizon, run_outcomes
from resetsim.analysis.stats import paired_bootstrap
from resetsim.viz.figures import FIGSIZE, Plot, figure_style, save_figure

__all__ = [
    "ATTRIBUTION_METRICS",
    "KNOCKOUTS",
    "Knockout",
    "attribute",
    "attribution_table",
    "knockouts_for",
    "plot_attribution",
    "run_ensemble",
]


class Knockout(dict[str, Any]):
    """Overrides that switch one source of resistance off, with a plain-words ``description``."""

    def __init__(self, description: str, overrides: Mapping[str, Any]):
        super().__init__(overrides)
        self.description = description


KNOCKOUTS: dict[str, Knockout] = {
    "legislature": Knockout(
        "compliant legislature and elite: every faction stance +0.6, hawkishness 0, "
        "no hardening after congressional events",
        {
            "factions.*.stance": 0.6,
            "factions.*.hawkishness": 0.0,
            "dynamics.hawk_event_gain": 0.0,
        },
    ),
    "bureaucracy": Knockout(
        "no slow-rolling: agencies' inertia 0, neutral mission anchors, hawkishness 0, "
        "no implementation drag",
        {
            "bureaucracies.*.inertia": 0.0,
            "bureaucracies.*.anchor": 0.0,
            "bureaucracies.*.hawkishness": 0.0,
            "dynamics.implementation_drag": 0.0,
        },
    ),
    "worldview": Knockout("shared worldview: no worldview gap", {"structure.worldview_gap": 0.0}),
    "absorber": Knockout(
        "China-scale shock absorber: trade 3.4% of US GDP", {"structure.trade_share": 0.034}
    ),
}
"""The four single switches; :func:`knockouts_for` adds ``baseline`` and ``all``."""

ATTRIBUTION_METRICS = [
    "survival_rmst",
    "survival",
    "half_life_rmst",
    "half_life",
    "crisis",
    "escalation",
]
"""Metrics reported (names of :data:`resetsim.analysis.outcomes.METRICS`)."""

DISPLAY = {
    "legislature": "legislature",
    "bureaucracy": "bureaucracy",
    "worldview": "worldview gap",
    "absorber": "no shock absorber",
    "all": "all four at once",
}
"""Axis labels of the knock-outs: the source of resistance that is switched off."""

_RANK_BY = {"survival_rmst": -1, "half_life_rmst": -1, "crisis": 1}
"""Ranking of the single switches: by change in survival (larger first), ties broken by
half-life (larger first), then crisis probability (lower first); equal keys share a rank."""


def knockouts_for(switches: Mapping[str, Knockout] = KNOCKOUTS) -> dict[str, Knockout]:
    """``baseline`` (no overrides), each switch, and ``all`` (every switch at once)."""
    combined: dict[str, Any] = {}
    for knock in switches.values():
        combined.update(knock)
    return {
        "baseline": Knockout("the scenario as written", {}),
        **switches,
        "all": Knockout("all four sources of resistance switched off", combined),
    }


def run_ensemble(
    scenario: Any,
    seeds: Sequence[int],
    conditions: Mapping[str, Mapping[str, Any]],
    workers: int = 1,
    column: str = "knockout",
    executor: str | None = None,
    scheduler: str | None = None,
    actors: bool = False,
) -> Batch:
    """Run ``scenario`` under each condition (a dict of overrides) on the same seeds.

    A shorthand for :func:`resetsim.batch.ensemble.run_ensemble` on
    ``Ensemble.of(scenario, seeds, conditions, column)``.

    Args:
        scenario: a Scenario or scenario name.
        seeds: one integer seed per run; every condition uses all of them (common random
            numbers).
        conditions: condition name -> dotted-key overrides.
        workers: processes (1 = in this process).
        column: name of the identity column that holds the condition.
        executor: ``serial``, ``process`` or ``dask`` (default: by ``workers``).
        scheduler: address of a running Dask scheduler.
        actors: also return the month x actor table (``actors``).

    Returns:
        Batch tables; ``run_id`` numbers conditions in order, seeds within them.

    Raises:
        BatchError: if a run fails (naming the first error) or the executor cannot start.

    """
    from resetsim.batch import Ensemble
    from resetsim.batch import run_ensemble as run

    ensemble = Ensemble.of(scenario, seeds, conditions, column=column, actors=actors)
    batch = run(ensemble, executor=executor, workers=workers, scheduler=scheduler)
    runs = batch["runs"]
    failed = runs[runs["status"] != "ok"]
    if len(failed):
        raise BatchError(
            f"{len(failed)} of {len(runs)} runs failed; first: run {failed['run_id'].iloc[0]} "
            f"({failed['error'].iloc[0]})"
        )
    return batch


def attribute(
    scenario: Any,
    seeds: int | Sequence[int],
    base_seed: int = 0,
    workers: int = 1,
    switches: Mapping[str, Knockout] = KNOCKOUTS,
) -> Batch:
    """Run the baseline, each knock-out and all of them on the same seeds.

    Returns:
        Batch tables with a ``knockout`` column (recorded as the grid of the manifest, so
        ``resetsim plot ... --by knockout`` works on the written folder); the manifest
        also lists each knock-out's description and overrides, and the seeds.

    """
    seed_list = list(range(base_seed, base_seed + seeds)) if isinstance(seeds, int) else list(seeds)
    conditions = knockouts_for(switches)
    batch = run_ensemble(scenario, seed_list, conditions, workers)
    batch.manifest["knockouts"] = {
        name: {"description": c.description, "overrides": dict(c)} for name, c in conditions.items()
    }
    batch.manifest["seeds"] = seed_list
    return batch


def attribution_table(
    batch: Batch,
    horizon: float | None = None,
    n_boot: int = 2000,
    rng: int = 0,
    metrics: Sequence[str] = ATTRIBUTION_METRICS,
) -> pd.DataFrame:
    """Change vs baseline of each metric per knock-out, with paired bootstrap 95% CIs.

    Returns:
        Long table, one row per knock-out and metric: ``knockout``, ``metric``, ``label``,
        ``unit``, ``value``, ``baseline``, ``change``, ``ci_low``, ``ci_high``, ``runs``,
        ``resets`` (runs with a reset, the units of reset metrics), ``horizon`` (months, for
        restricted means), ``rank`` of the single switches (see :data:`_RANK_BY`; 1 = the
        source of resistance that costs a reset most; none for ``baseline`` and ``all``),
        ``description``, ``overrides`` (JSON).

    """
    runs = run_outcomes(batch)
    conditions = list(dict.fromkeys(runs["knockout"]))
    frames = {name: runs[runs["knockout"] == name] for name in conditions}
    info = batch.manifest.get("knockouts", {})
    rows = []
    for metric in metrics:
        m = METRICS[metric]
        tau = common_horizon(metric, frames.values()) if horizon is None else horizon
        boot = paired_bootstrap(
            {name: f[["seed", *m.columns]] for name, f in frames.items()},
            lambda cols, m=m, tau=tau: m.compute(cols, tau),
            reference="baseline",
            n_boot=n_boot,
            rng=rng,
        )
        base = float(boot.loc[boot["condition"] == "baseline", "value"].iloc[0])
        for row in boot.itertuples(index=False):
            frame = frames[row.condition]
            rows.append(
                {
                    "knockout": row.condition,
                    "metric": metric,
                    "label": m.label,
                    "unit": m.unit,
                    "value": row.value,
                    "baseline": base,
                    "change": row.change,
                    "ci_low": row.ci_low,
                    "ci_high": row.ci_high,
                    "runs": len(frame),
                    "resets": int(frame["months_survived"].notna().sum()),
                    "horizon": tau if "rmst" in metric else np.nan,
                    "description": info.get(row.condition, {}).get("description", ""),
                    "overrides": json.dumps(info.get(row.condition, {}).get("overrides", {})),
                }
            )
    table = pd.DataFrame(rows)
    single = table[~table["knockout"].isin(["baseline", "all"])]
    keys = single.pivot_table(index="knockout", columns="metric", values="change", aggfunc="first")
    used = [m for m in _RANK_BY if m in keys.columns]
    signed = pd.DataFrame({m: keys[m].round(6) * _RANK_BY[m] for m in used}, index=keys.index)
    ordered = signed.sort_values(used, kind="stable")
    ranks, previous = {}, None
    for position, (knock, row) in enumerate(ordered.iterrows(), start=1):
        current = tuple(row.fillna(0.0))
        ranks[knock] = ranks[previous[0]] if previous and previous[1] == current else position
        previous = (knock, current)
    table["rank"] = table["knockout"].map(ranks).astype("Int64")
    return table


def plot_attribution(
    table: pd.DataFrame,
    scenario: str = "",
    panels: Sequence[str] = ("survival_rmst", "half_life_rmst", "crisis"),
    path: str | Path | None = None,
) -> Plot:
    """Ranked horizontal bars: change vs baseline per knock-out, one panel per metric.

    Bars are ordered by :data:`rank` (the change in restricted mean survival); whiskers are
    the paired bootstrap 95% intervals.
    """
    import matplotlib.pyplot as plt

    from resetsim.viz.figures import GROUP_COLOURS

    data = table[(table["knockout"] != "baseline") & table["metric"].isin(panels)].copy()
    singles = data[data["rank"].notna()].drop_duplicates("knockout").sort_values("rank")
    order = singles["knockout"].tolist()[::-1]  # rank 1 at the top
    order += [k for k in data["knockout"].unique() if k not in order]  # "all" above them
    colours = {k: GROUP_COLOURS[i % len(GROUP_COLOURS)] for i, k in enumerate(singles["knockout"])}
    colours.update({k: "#999999" for k in order if k not in colours})
    runs = int(table["runs"].max())
    with figure_style():
        fig, axes = plt.subplots(1, len(panels), figsize=FIGSIZE, layout="constrained", sharey=True)
        axes = np.atleast_1d(axes)
        for ax, metric in zip(axes, panels, strict=True):
            d = data[data["metric"] == metric].set_index("knockout").reindex(order)
            y = np.arange(len(order))
            finite = np.isfinite(d["change"].to_numpy(dtype=float))
            width = np.where(finite, d["change"].to_numpy(dtype=float), 0.0)
            ax.barh(y, width, color=[colours[k] for k in order], height=0.5)
            low = (d["change"] - d["ci_low"]).clip(lower=0).to_numpy(dtype=float)
            high = (d["ci_high"] - d["change"]).clip(lower=0).to_numpy(dtype=float)
            ax.errorbar(
                width,
                y,
                xerr=[np.nan_to_num(low), np.nan_to_num(high)],
                fmt="none",
                ecolor="black",
                elinewidth=1.4,
                capsize=4,
            )
            ax.axvline(0, color="black", lw=1)
            span = max(np.nanmax(np.abs(d[["ci_low", "ci_high", "change"]].to_numpy(float))), 1.0)
            for yi, row in zip(y, d.itertuples(), strict=True):
                text = (
                    f"{row.change:+.1f} [{row.ci_low:+.1f}, {row.ci_high:+.1f}]"
                    if np.isfinite(row.change)
                    else "n.r."
                )
                ax.text(
                    0.5,
                    yi + 0.45,
                    text,
                    transform=ax.get_yaxis_transform(),
                    ha="center",
                    va="center",
                    fontsize=11,
                    color="#222222",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
                )
            values = d[["ci_low", "ci_high", "change"]].to_numpy(float)
            values = values[np.isfinite(values)]
            low = min(0.0, values.min()) if values.size else -1.0
            high = max(0.0, values.max()) if values.size else 1.0
            pad = 0.12 * max(high - low, span * 0.2, 1.0)
            ax.set_xlim(low - pad, high + pad)
            m = METRICS[metric]
            base = float(d["baseline"].iloc[0])
            if m.level == "run":
                ax.set_xlabel(f"change, percentage points\n(baseline {base:.0f}%; < 0: fewer)")
            else:
                ax.set_xlabel(f"change, months\n(baseline {base:.1f}; > 0: longer)")
            if "rmst" in metric:
                ax.set_title(
                    f"{m.short}\n(restricted to {d['horizon'].iloc[0]:g} months)", fontsize=12
                )
            else:
                ax.set_title(m.short, fontsize=12)
            ax.grid(axis="y", visible=False)
        axes[0].set_yticks(np.arange(len(order)), [DISPLAY.get(k, k) for k in order])
        axes[0].set_ylim(-0.6, len(order) - 0.2)
        axes[0].set_ylabel("source of resistance switched off")
        name = f"{scenario}, " if scenario else ""
        fig.suptitle(
            f"What each source of resistance costs a reset: {name}{runs} seeds per condition\n"
            "(knock-out minus baseline, same seeds; bars ranked by survival; 95% paired "
            "bootstrap intervals)",
            fontsize=14,
        )
    if path is not None:
        save_figure(fig, path)
    return Plot(data, fig)
