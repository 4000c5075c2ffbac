"""A run told in plain sentences, ordered by date: what happened, who blocked what and why."""

from __future__ import annotations

import pandas as pd

__all__ = ["story_lines", "summary_lines"]


def story_lines(
    timeseries: pd.DataFrame, log: pd.DataFrame, events: pd.DataFrame, include_random: bool = False
) -> list[str]:
    """Dated sentences: events, proposal outcomes and phase changes, in month order.

    Args:
        timeseries: ``ResetModel.timeseries()``.
        log: ``ResetModel.decision_log()``.
        events: ``ResetModel.events()``.
        include_random: also list random interest clashes (unnamed events).

    """
    items: list[tuple[int, int, str, str]] = []
    for row in events.itertuples(index=False):
        if row.event == "an interest clash" and not include_random:
            continue
        items.append((row.month, 0, row.date, f"[{row.kind}] {row.event}."))
    previous = None
    for row in timeseries.itertuples(index=False):
        if row.phase != previous:
            items.append(
                (
                    row.month,
                    2,
                    row.date,
                    f"Phase: {row.phase} (relationship {row.relationship:+.2f}, "
                    f"trust {row.trust:.2f}).",
                )
            )
            previous = row.phase
    for row in log.itertuples(index=False):
        items.append((row.month, 1, row.date, row.reason))
    items.sort(key=lambda item: (item[0], item[1]))
    return [f"{date}: {text}" for _, _, date, text in items]


def summary_lines(timeseries: pd.DataFrame, log: pd.DataFrame, resets: pd.DataFrame) -> list[str]:
    """A few lines: resets and their metrics, and what was blocked by whom."""
    lines = []
    first, last = timeseries.iloc[0], timeseries.iloc[-1]
    lines.append(
        f"{first['date']} to {last['date']}: relationship {first['relationship']:+.2f} "
        f"-> {last['relationship']:+.2f}, final phase {last['phase']}, "
        f"{int(timeseries['escalation'].sum())} escalation month(s)."
    )
    if resets.empty:
        lines.append("No reset episode.")
    for r in resets.itertuples(index=False):
        half = (
            "never halved"
            if pd.isna(r.half_life_months)
            else f"half-life {r.half_life_months:.0f} months"
        )
        crisis = (
            "no crisis after it"
            if pd.isna(r.months_to_crisis)
            else f"crisis after {r.months_to_crisis:.0f} months"
        )
        survived = f"{r.months_survived} months above its start" + (
            "" if r.ended else " (censored)"
        )
        lines.append(
            f"Reset from {r.start_date}: peak gain {r.peak_gain:+.2f}, {half}, "
            f"{survived}, {crisis}."
        )
    blocked = log[log["blocked_by"] != ""]
    if blocked.empty:
        lines.append("Nothing was blocked or slow-rolled.")
    for (proposal, outcome), group in blocked.groupby(["proposal", "outcome"], sort=False):
        who = ", ".join(sorted(set(group["blocked_by"])))
        lines.append(f"{proposal}: {outcome} x{len(group)} by {who}.")
    return lines
