"""Phase ribbons: where runs stand in Giles's cycle, month by month.

For one run the figure is the run plot (relationship over calendar time on phase bands,
:func:`resetsim.viz.runplot.plot_run`). For a batch it is, per scenario, the share of runs
in each of Giles's five phases every month, stacked in cycle order, with the scenario's
scheduled events and leader changes marked on the time axis (taken from the scenario
file, since batches need not store the events table).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from resetsim.analysis.decay import check_by, group_order, pooled_note
from resetsim.analysis.io import Batch, BatchError
from resetsim.calendar import month_index
from resetsim.model.phases import Phase
from resetsim.viz.figures import (
    FIGSIZE,
    Plot,
    figure_style,
    format_group,
    runs_phrase,
    save_figure,
)
from resetsim.viz.palette import PHASE_COLOURS

__all__ = ["PHASE_ORDER", "phase_shares", "plot_phases", "scenario_events"]

PHASE_ORDER = [Phase.RESET, Phase.EUPHORIA, Phase.REALISM, Phase.DISILLUSIONMENT, Phase.CRISIS]
"""Stacking order, bottom to top: the cycle from a reset to the next crisis."""


def phase_shares(
    batch: Batch, scenario: str, by: str | None = None, value: object = None
) -> pd.DataFrame:
    """Per month of ``scenario``: ``runs`` and the share of runs in each phase (columns).

    With ``by`` (a grid key), only the runs whose ``by`` column equals ``value``.
    """
    ts = batch["timeseries"]
    ts = ts[ts["scenario"] == scenario]
    if ts.empty:
        known = ", ".join(sorted(batch["timeseries"]["scenario"].unique()))
        raise BatchError(f"--scenario {scenario!r} is not in this batch; it has: {known}")
    if by is not None:
        ts = ts[ts[by] == value]
    counts = pd.crosstab(ts["month"], ts["phase"])
    runs = counts.sum(axis=1)
    shares = counts.div(runs, axis=0).reindex(columns=[str(p) for p in PHASE_ORDER], fill_value=0.0)
    dates = ts.groupby("month")["date"].first()
    out = shares.assign(runs=runs, date=dates).reset_index()
    return out[["month", "date", "runs", *[str(p) for p in PHASE_ORDER]]]


def scenario_events(scenario: str, batch: Batch | None = None) -> pd.DataFrame:
    """Named events of a scenario (``month``, ``date``, ``kind``, ``label``), by month.

    Read from the scenario file (events and leader changes); if the scenario cannot be
    loaded, from the batch's ``events`` table (non-random events), else empty.
    """
    from resetsim.scenario import ScenarioError, load_scenario

    cols = ["month", "date", "kind", "label"]
    try:
        sc = load_scenario(scenario)
    except ScenarioError:
        events = batch["events"] if batch is not None else pd.DataFrame()
        if events.empty or "scenario" not in events:
            return pd.DataFrame(columns=cols)
        named = events[(events["scenario"] == scenario) & (events["event"] != "an interest clash")]
        named = named.drop_duplicates(["month", "event"])
        return named.rename(columns={"event": "label"})[cols].sort_values("month")
    rows = [
        {"month": month_index(e.date, sc.start), "date": e.date, "kind": e.kind, "label": e.label}
        for e in sc.events
    ]
    rows += [
        {
            "month": month_index(c.date, sc.start),
            "date": c.date,
            "kind": "leader",
            "label": f"{c.name} takes office ({c.side})",
        }
        for c in sc.leader_changes
    ]
    rows += [
        {
            "month": month_index(c.date, sc.start),
            "date": c.date,
            "kind": "structure",
            "label": c.label,
        }
        for c in sc.structure_changes
    ]
    return pd.DataFrame(rows, columns=cols).sort_values(["month", "kind"]).reset_index(drop=True)


def _single_run(batch: Batch, run_id: int | None, path: str | Path | None) -> Plot:
    from resetsim.viz.runplot import plot_run

    ts = batch["timeseries"]
    rid = ts["run_id"].iloc[0] if run_id is None else run_id
    run = ts[ts["run_id"] == rid]
    if run.empty:
        raise BatchError(f"--run {run_id}: no such run_id in this batch")
    events = batch["events"]
    events = events[events["run_id"] == rid] if not events.empty else None
    scenario, seed = run["scenario"].iloc[0], run["seed"].iloc[0]
    fig = plot_run(
        run.sort_values("month"),
        events,
        title=f"{scenario}, run {rid} (seed {seed}): relationship and Giles phases",
    )
    if path is not None:
        save_figure(fig, path)
    return Plot(run, fig)


def plot_phases(
    batch: Batch,
    scenario: str | None = None,
    run_id: int | None = None,
    path: str | Path | None = None,
    by: str | None = None,
) -> Plot:
    """Phase ribbons: the run plot for one run, stacked phase shares for a batch.

    Args:
        batch: tables from :func:`resetsim.analysis.io.read_batch`.
        scenario: draw only this scenario (default: every scenario, one panel each).
        run_id: draw this single run instead of the batch shares.
        path: if given, write PNG and SVG there.
        by: a grid key: one panel per value (default: runs pooled over the grid).

    Returns:
        ``Plot(data, figure)``: for a batch, data maps each panel (the scenario name, or
        ``"<scenario>, <by> = <value>"``) to ``{"shares": phase_shares(...), "events":
        scenario_events(...)}``; for one run, the run's timeseries.

    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch
    from matplotlib.transforms import blended_transform_factory

    ts = batch["timeseries"]
    if ts.empty:
        raise BatchError(f"{batch.path or 'batch'}: the timeseries table is empty")
    if run_id is not None or ts["run_id"].nunique() == 1:
        return _single_run(batch, run_id, path)
    scenarios = [scenario] if scenario else sorted(ts["scenario"].unique())
    panels: list[tuple[str, str, object]] = []  # (label, scenario, value)
    if by is not None and by != "scenario":
        check_by(batch, by)
        for name in scenarios:
            values = group_order(batch, by, ts.loc[ts["scenario"] == name, by])
            panels += [(f"{name}, {format_group(by, v)}", name, v) for v in values]
    else:
        by = None
        panels = [(name, name, None) for name in scenarios]
    if len(panels) > 8:
        raise BatchError(
            f"{len(panels)} panels are too many for one figure; choose one --scenario or "
            "a grid key with fewer values"
        )
    events_of = {name: scenario_events(name, batch) for name in scenarios}
    data = {
        label: {"shares": phase_shares(batch, name, by, value), "events": events_of[name]}
        for label, name, value in panels
    }
    names = [label for label, _, _ in panels]
    n_events = sum(len(e) for e in events_of.values())
    key_rows = int(np.ceil(n_events / 2))
    ncols = 2 if len(names) > 3 else 1
    nrows = int(np.ceil(len(names) / ncols))
    panel = 4.4 if len(names) == 1 else 3.2
    key_height = 0.24 * key_rows + 0.2 if n_events else 0.0
    with figure_style():
        fig = plt.figure(
            figsize=(FIGSIZE[0] * (1.25 if ncols == 2 else 1), panel * nrows + key_height + 1.1),
            layout="constrained",
        )
        grid = fig.add_gridspec(
            nrows + 1, ncols, height_ratios=[panel] * nrows + [max(key_height, 0.01)]
        )
        axes = [fig.add_subplot(grid[i // ncols, i % ncols]) for i in range(len(names))]
        key_ax = fig.add_subplot(grid[-1, :])
        key_ax.axis("off")
        key_lines: list[str] = []
        first_number: dict[str, int] = {}
        for ax, (name, source, _) in zip(axes, panels, strict=True):
            shares, events = data[name]["shares"], data[name]["events"]
            x = shares["month"].to_numpy()
            stack = np.vstack([shares[str(p)].to_numpy() * 100 for p in PHASE_ORDER])
            ax.stackplot(
                x,
                stack,
                colors=[PHASE_COLOURS[str(p)] for p in PHASE_ORDER],
                labels=[str(p) for p in PHASE_ORDER],
                step="mid",
                alpha=0.9,
                lw=0,
            )
            ax.set_ylim(0, 100)
            ax.set_xlim(x[0] - 0.5, x[-1] + 0.5)
            ax.grid(False)
            step = 24 if len(x) > 180 else 12 if len(x) > 48 else 6
            ax.set_xticks(x[::step], shares["date"].iloc[::step], rotation=30, ha="right")
            ax.set_ylabel("share of runs in phase (%)")
            n_runs = int(shares["runs"].max())
            ax.set_title(
                f"{name} ({n_runs} runs)" if len(names) > 1 else "",
                loc="left",
                pad=34 if len(events) else 6,
            )
            previous, level = None, 0
            fresh = source not in first_number
            first_number.setdefault(source, len(key_lines) + 1)
            for k, ev in enumerate(events.itertuples(index=False), start=first_number[source]):
                ax.axvline(ev.month, color="black", lw=1.0, ls="--", alpha=0.8)
                close = previous is not None and ev.month - previous < 0.03 * len(x)
                level = (level + 1) % 2 if close else 0
                previous = ev.month
                ax.annotate(
                    str(k),
                    (ev.month, 100),
                    xytext=(0, 3 + 14 * level),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=11,
                    fontweight="bold",
                    annotation_clip=False,
                )
                if fresh:
                    key_lines.append(f"{k}. {ev.date} {ev.label}")
        for ax in axes[-ncols:]:
            ax.set_xlabel("calendar month")
        handles = [Patch(color=PHASE_COLOURS[str(p)], label=str(p)) for p in reversed(PHASE_ORDER)]
        fig.legend(handles=handles, loc="outside right upper", title="Giles phase", frameon=False)
        rows = int(np.ceil(len(key_lines) / 2))
        where = blended_transform_factory(fig.transFigure, key_ax.transAxes)
        for i, line in enumerate(key_lines):
            column, row = divmod(i, rows)
            short = line if len(line) <= 60 else line[:59] + "\u2026"
            key_ax.text(
                0.015 + 0.495 * column,
                1 - (row + 0.5) / max(rows, 1),
                short,
                transform=where,
                in_layout=False,
                fontsize=11,
                va="center",
            )
        n_all = ts[ts["scenario"].isin(scenarios)]["run_id"].nunique()
        note = pooled_note(batch, [by] if by else [])
        fig.suptitle(f"Giles phases across runs: {runs_phrase(n_all, scenarios)}{note}")
    if path is not None:
        save_figure(fig, path)
    return Plot(data, fig)
