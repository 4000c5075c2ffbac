"""The two-level game on screen: each proposal's fate in both capitals, side by side.

Putnam (1988): a deal struck between leaders (level I) must be ratified at home by each side
(level II); the *win-set* is the set of deals each side's ratifiers would accept. In the
model a treaty needs the treaty share of a legislature's seats (two thirds of the Senate) and
a statute a majority, and either side's executive can reject a proposal before a vote. This
view shows, for every proposal that reached a decision, what happened on each side: the
roll calls with the votes needed, who cast the most votes against a refused deal, and the
executives' rejections.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd
import solara

from resetsim.agents.legislature import votes_needed as legislature_votes_needed

__all__ = ["RatificationView", "ratification_rows", "votes_needed"]

_SHOWN = ("ratified", "blocked", "rejected", "adopted")


def votes_needed(scenario: Any, side: str, instrument: str, total: int) -> int | None:
    """Votes a ``treaty`` or ``statute`` needs in ``side``'s legislature of ``total`` votes.

    The rule is the model's own (:func:`resetsim.agents.legislature.votes_needed`); None for
    other instruments.
    """
    legislature = next((leg for leg in scenario.legislatures if leg.side == side), None)
    if legislature is None or instrument not in ("treaty", "statute"):
        return None
    share = legislature.treaty_share if instrument == "treaty" else legislature.majority_share
    return legislature_votes_needed(total, share)


def _cell(rows: pd.DataFrame, scenario: Any, side: str) -> str:
    parts = []
    for r in rows.itertuples(index=False):
        if r.outcome in ("ratified", "blocked") and int(r.votes_yes) >= 0:
            needed = votes_needed(
                scenario, side, str(r.instrument), int(r.votes_yes) + int(r.votes_no)
            )
            verb = "ratified" if r.outcome == "ratified" else "refused"
            text = f"{r.date} {verb} {int(r.votes_yes)}-{int(r.votes_no)}"
            if needed is not None:
                text += f" ({needed} needed)"
            if r.blocked_by:
                text += f"; most votes against: {r.blocked_by}"
        elif r.outcome == "rejected":
            text = f"{r.date} rejected by {r.blocked_by or 'the executive'}"
        elif r.outcome == "adopted" and str(r.instrument) == "executive":
            text = f"{r.date} adopted by the executive"
        else:
            continue
        parts.append(text)
    return "; ".join(parts) if parts else "–"


def ratification_rows(log: pd.DataFrame, scenario: Any) -> list[dict[str, str]]:
    """One row per proposal that reached a decision: its fate on the US and Russian side.

    Args:
        log: ``ResetModel.decision_log()``.
        scenario: the run's scenario (``model.spec``), for legislatures' names and seats.

    """
    names = {leg.side: leg.name for leg in scenario.legislatures}
    topics = {p.id: p.topic for p in scenario.proposals}
    if log.empty:
        return []
    decided = log[log["outcome"].isin(_SHOWN)]
    rows = []
    for proposal, group in decided.groupby("proposal", sort=False):
        instrument = str(group["instrument"].iloc[0])
        rows.append(
            {
                "proposal": f"{topics.get(proposal, proposal)} ({instrument})",
                f"US ({names.get('US', 'legislature')})": _cell(
                    group[group["side"] == "US"], scenario, "US"
                ),
                f"Russia ({names.get('RU', 'legislature')})": _cell(
                    group[group["side"] == "RU"], scenario, "RU"
                ),
            }
        )
    return rows


@solara.component
def RatificationView(model: Any, month: int, font_px: float = 12.0) -> Any:
    """Both legislatures side by side for each proposal (Putnam's two levels)."""
    rows = ratification_rows(model.log_now(), model.spec)
    title = (
        '<div style="font-weight:600;font-size:13px;margin-bottom:4px">Two-level game: '
        "each deal must pass both capitals (roll calls, votes needed, who voted against)</div>"
    )
    if not rows:
        body = title + "<div>No proposal has reached a decision yet.</div>"
    else:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in rows[0])
        cells = "".join(
            "<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row.values()) + "</tr>"
            for row in rows
        )
        body = (
            title + "<style>.resetsim-ratification th,.resetsim-ratification td"
            "{border-bottom:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}"
            "</style>"
            f'<table class="resetsim-ratification" style="border-collapse:collapse;'
            f'font-size:{font_px}px;width:100%"><thead><tr>{head}</tr></thead>'
            f"<tbody>{cells}</tbody></table>"
        )
    return solara.HTML(tag="div", unsafe_innerHTML=body)
