"""Who blocked what: per proposal, how often each outcome happened and who stood in the way.

From the batch ``log`` table (one row per proposal outcome; MODEL.md "an event/decision log
that says who blocked what and why"): for each scenario (and optional grouping column) and
proposal, the share of runs in which the proposal was at least once tabled, adopted,
rejected, blocked, ratified, implemented, slow-rolled or reversed, and the actors named in
``blocked_by`` with the number of runs in which each did so. ``resetsim explain`` tells the
same story for one run.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from resetsim.analysis.io import Batch, BatchError
from resetsim.model.outcomes import PROPOSAL_OUTCOMES
from resetsim.viz.figures import (
    FIGSIZE,
    Plot,
    figure_style,
    runs_phrase,
    save_figure,
    save_table,
)

__all__ = ["OUTCOMES", "blockers", "blocking_table", "plot_blocking"]

OUTCOMES = list(PROPOSAL_OUTCOMES)
"""Outcomes of the decision log, in the order a proposal meets them."""


def _keys(log: pd.DataFrame, by: str | None) -> list[str]:
    return ["scenario", *([by] if by and by != "scenario" else [])]


def blockers(batch: Batch, by: str | None = None) -> pd.DataFrame:
    """Per scenario (and ``by``), proposal and blocking actor: the runs and rows it blocked in.

    Columns: the keys, ``proposal``, ``blocked_by``, ``runs`` (runs with at least one outcome
    naming the actor), ``times`` (such outcome rows), ``outcomes`` (which outcomes, e.g.
    ``blocked, slow_rolled``).
    """
    log = batch["log"]
    keys = _keys(log, by)
    cols = [*keys, "proposal", "blocked_by", "runs", "times", "outcomes"]
    if log.empty:
        return pd.DataFrame(columns=cols)
    named = log[log["blocked_by"].fillna("").astype(str).str.len() > 0]
    if named.empty:
        return pd.DataFrame(columns=cols)
    grouped = named.groupby([*keys, "proposal", "blocked_by"], sort=False)
    out = grouped.agg(
        runs=("run_id", "nunique"),
        times=("run_id", "size"),
        outcomes=("outcome", lambda s: ", ".join(sorted(set(s)))),
    ).reset_index()
    return out.sort_values(
        [*keys, "proposal", "runs"], ascending=[True] * (len(keys) + 1) + [False]
    )


def blocking_table(batch: Batch, by: str | None = None, top: int = 3) -> pd.DataFrame:
    """Per scenario (and ``by``) and proposal: share of runs with each outcome, top blockers.

    Args:
        batch: tables from :func:`resetsim.analysis.io.read_batch`.
        by: an extra grouping column (a grid key, or ``knockout`` in attribution output).
        top: how many blockers to list.

    Returns:
        Columns: keys, ``proposal``, ``core``, ``instrument``, ``runs`` (runs of the group),
        one ``share_<outcome>`` per outcome (0-1), ``top_blockers`` (``"Name (runs, outcomes)"``,
        most frequent first).

    """
    log = batch["log"]
    if log.empty:
        raise BatchError(f"{batch.path or 'batch'}: the log table is empty or missing")
    keys = _keys(log, by)
    ts = batch["timeseries"]
    run_counts = ts.groupby(keys)["run_id"].nunique().rename("runs")
    happened = log.groupby([*keys, "proposal", "outcome"])["run_id"].nunique().unstack(fill_value=0)
    happened = happened.reindex(columns=OUTCOMES, fill_value=0)
    info = log.groupby([*keys, "proposal"])[["core", "instrument"]].first()
    table = info.join(happened).reset_index().merge(run_counts.reset_index(), on=keys)
    for outcome in OUTCOMES:
        table[f"share_{outcome}"] = table.pop(outcome) / table["runs"]
    who = blockers(batch, by)
    tops = {
        key: "; ".join(
            f"{r.blocked_by} ({r.runs}, {r.outcomes.replace('_', '-')})"
            for r in g.head(top).itertuples(index=False)
        )
        for key, g in who.groupby([*keys, "proposal"], sort=False)
    }
    table["top_blockers"] = [
        tops.get(tuple(row), "") for row in table[[*keys, "proposal"]].itertuples(index=False)
    ]
    return table.sort_values([*keys, "core", "proposal"]).reset_index(drop=True)


def plot_blocking(
    batch: Batch, scenario: str | None = None, path: str | Path | None = None
) -> Plot:
    """Heatmap of outcome shares (proposals x outcomes) with the top blockers beside each row.

    With ``path`` the table is also written to ``<stem>.csv``.
    """
    import matplotlib.pyplot as plt

    table = blocking_table(batch)
    names = sorted(table["scenario"].unique())
    name = scenario or names[0]
    if name not in names:
        raise BatchError(f"--scenario {name!r} is not in this batch; it has: {', '.join(names)}")
    t = table[table["scenario"] == name].reset_index(drop=True)
    shares = t[[f"share_{o}" for o in OUTCOMES]].to_numpy() * 100
    with figure_style():
        fig, ax = plt.subplots(
            figsize=(FIGSIZE[0], max(FIGSIZE[1], 1.5 + 0.62 * len(t))), layout="constrained"
        )
        image = ax.imshow(shares, cmap="cividis", vmin=0, vmax=100, aspect="auto")
        for i in range(shares.shape[0]):
            for j in range(shares.shape[1]):
                value = shares[i, j]
                ax.text(
                    j,
                    i,
                    f"{value:.0f}",
                    ha="center",
                    va="center",
                    fontsize=11,
                    color="black" if value > 55 else "white",
                )
        labels = [
            f"{p}{' (core)' if core else ''}"
            for p, core in zip(t["proposal"], t["core"], strict=True)
        ]
        ax.set_yticks(range(len(t)), labels)
        ax.set_xticks(range(len(OUTCOMES)), [o.replace("_", "-") for o in OUTCOMES], rotation=20)
        ax.set_xlabel("outcome (share of runs in which it happened at least once, %)")
        ax.grid(False)
        right = ax.secondary_yaxis("right")
        right.set_yticks(
            range(len(t)),
            [b.replace("; ", "\n") if b else "(nobody)" for b in t["top_blockers"]],
            fontsize=11,
        )
        right.set_ylabel("who blocked or slow-rolled it (runs, how)")
        fig.colorbar(image, ax=ax, label="% of runs", location="bottom", shrink=0.5, aspect=40)
        n_runs = int(t["runs"].max()) if len(t) else 0
        fig.suptitle(f"Who blocked what: {runs_phrase(n_runs, [name])}")
    if path is not None:
        png, _ = save_figure(fig, path)
        save_table(table, png.with_suffix(".csv"), batch)
    return Plot(table, fig)
