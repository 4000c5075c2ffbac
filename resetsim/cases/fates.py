"""What became of each proposal a case's record scores, across the runs: who blocked it.

A forecast that misses a deal may miss it for different reasons: no president ever tabled
it, an agency or a legislature blocked it, a principal vetoed it. :func:`proposal_fates`
reads the runs' decision logs (the ``log`` table of a batch) and says, per proposal, in
what share of runs it was tabled (or initiated by a legislature), blocked or rejected,
which actor blocked it in most runs, and in what share it was implemented. The page
shows it beside the scores so that a failure can be read off the mechanism, not guessed.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np
import pandas as pd

__all__ = ["FATE_COLUMNS", "proposal_fates"]

FATE_COLUMNS = ["proposal", "tabled", "blocked", "blocked_by", "blocked_by_share", "implemented"]
_TABLED = ("tabled", "initiated")
_BLOCKED = ("blocked", "rejected")


def _share(rows: pd.DataFrame, runs: int) -> float:
    return float(rows["run_id"].nunique() / runs) if runs else float("nan")


def proposal_fates(log: pd.DataFrame, runs: Collection, proposals: Iterable[str]) -> pd.DataFrame:
    """Per proposal: shares of ``runs`` in which it was tabled, blocked, implemented.

    Args:
        log: the runs' decision logs (``run_id``, ``proposal``, ``outcome``, ``blocked_by``).
        runs: the run ids of the ensemble (a run with no row for a proposal counts as 0).
        proposals: the proposal ids to report, in order.

    Returns:
        One row per proposal (:data:`FATE_COLUMNS`); ``blocked_by`` is the actor that
        blocked or rejected it in the most runs (empty if none), ``blocked_by_share`` the
        share of runs in which that actor did.

    """
    n = len(runs)
    rows = []
    for pid in dict.fromkeys(proposals):
        mine = log[log["proposal"] == pid] if len(log) else log
        blocked = mine[mine["outcome"].isin(_BLOCKED)] if len(mine) else mine
        actor, actor_share = "", 0.0
        if len(blocked) and "blocked_by" in blocked:
            named = blocked[blocked["blocked_by"].fillna("").astype(str) != ""]
            if len(named):
                counts = named.groupby("blocked_by")["run_id"].nunique()
                actor = str(counts.idxmax())
                actor_share = float(counts.max() / n) if n else np.nan
        rows.append(
            {
                "proposal": pid,
                "tabled": _share(mine[mine["outcome"].isin(_TABLED)], n) if len(mine) else 0.0,
                "blocked": _share(blocked, n) if len(blocked) else 0.0,
                "blocked_by": actor,
                "blocked_by_share": actor_share,
                "implemented": (
                    _share(mine[mine["outcome"] == "implemented"], n) if len(mine) else 0.0
                ),
            }
        )
    return pd.DataFrame(rows, columns=FATE_COLUMNS)
