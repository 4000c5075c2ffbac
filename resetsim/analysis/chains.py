"""Who moved, what it answered and what came of it: chains of actors' moves and answers.

Every actor's move in ``ResetModel.events()`` names the move it answers (``responds_to``),
so the moves of a run form chains: a move nobody's move provoked (its *root*), the answers
to it, the answers to those, and so on. A hostile chain is an action-reaction spiral
(Jervis 1976), a cooperative one a run of reciprocated gestures (Osgood 1962). This module
reconstructs the chains and says what each did to the relationship and to the Giles phase.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

__all__ = ["CHAIN_COLUMNS", "chain_lines", "chain_of", "move_chains"]

CHAIN_COLUMNS = [
    "root",
    "start",
    "end",
    "first_month",
    "last_month",
    "side",
    "actor",
    "direction",
    "event",
    "answers",
    "answerers",
    "relationship_before",
    "relationship_after",
    "change",
    "crisis_from",
]
"""Columns of :func:`move_chains`: one row per chain, ``root`` its first move's event row."""


def chain_of(events: pd.DataFrame) -> dict[int, int]:
    """For every actor's move (by event row), the row of the root of its chain.

    A move that answers nothing, or answers a row that is not an actor's move, is a root.
    """
    moves = events[events["origin"] == "actor"]
    root: dict[int, int] = {}
    for row, answered in zip(moves.index, moves["responds_to"], strict=True):
        parent = None if pd.isna(answered) or answered == "" else int(answered)
        root[int(row)] = root.get(parent, int(row)) if parent is not None else int(row)
    return root


def _level(by_month: pd.DataFrame, month: int) -> float:
    month = min(max(month, int(by_month.index[0])), int(by_month.index[-1]))
    return float(by_month.at[month, "relationship"])


def _crisis_from(by_month: pd.DataFrame, first: int, last: int) -> str:
    """The date a crisis began within ``[first, last]``, if the chain's months saw one begin."""
    phase = by_month["phase"]
    for month in range(first, last + 1):
        if month in phase.index and phase[month] == "crisis":
            before = phase.get(month - 1, "")
            if before != "crisis":
                return str(by_month.at[month, "date"])
    return ""


def move_chains(events: pd.DataFrame, timeseries: pd.DataFrame) -> pd.DataFrame:
    """One row per chain of moves (columns :data:`CHAIN_COLUMNS`), in order of its first move.

    ``relationship_before`` is the index at the end of the month before the root move,
    ``relationship_after`` at the end of the chain's last month; ``crisis_from`` the date a
    crisis began during the chain ("" if none did); ``answerers`` counts answers per actor,
    most first, as ``"Putin 12, G. W. Bush 11"``.
    """
    roots = chain_of(events)
    by_month = timeseries.set_index("month")  # indexed once for every chain
    rows = []
    for root in sorted(set(roots.values())):
        members = events.loc[[r for r, top in roots.items() if top == root]]
        first, last = int(members["month"].min()), int(members["month"].max())
        answers = members.drop(index=root)
        who = Counter(answers["actor"])
        before = _level(by_month, first - 1)
        after = _level(by_month, last)
        head = events.loc[root]
        rows.append(
            {
                "root": root,
                "start": head["date"],
                "end": members.loc[members["month"].idxmax(), "date"],
                "first_month": first,
                "last_month": last,
                "side": head["side"],
                "actor": head["actor"],
                "direction": head["direction"],
                "event": head["event"],
                "answers": len(answers),
                "answerers": ", ".join(f"{a} {n}" for a, n in who.most_common()),
                "relationship_before": before,
                "relationship_after": after,
                "change": after - before,
                "crisis_from": _crisis_from(by_month, first, last),
            }
        )
    return pd.DataFrame(rows, columns=CHAIN_COLUMNS)


def chain_lines(chains: pd.DataFrame, limit: int = 12) -> list[str]:
    """Plain sentences for the chains that drew answers or moved the index most.

    Chains are ranked by the size of their effect on the relationship; at most ``limit``
    are told, in date order.
    """
    if chains.empty:
        return []
    ranked = chains.assign(size=chains["change"].abs() + 0.05 * chains["answers"])
    told = ranked.nlargest(limit, "size").sort_values("first_month")
    lines = []
    for c in told.itertuples(index=False):
        span = c.start if c.start == c.end else f"{c.start} to {c.end}"
        drew = (
            "drew no answer"
            if c.answers == 0
            else f"drew {c.answers} answer{'s' if c.answers > 1 else ''} ({c.answerers})"
        )
        crisis = f"; a crisis began {c.crisis_from}" if c.crisis_from else ""
        lines.append(
            f"{span}: {c.event} ({c.direction}); it {drew}; relationship "
            f"{c.relationship_before:+.2f} -> {c.relationship_after:+.2f}{crisis}."
        )
    return lines
