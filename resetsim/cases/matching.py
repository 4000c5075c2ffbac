"""What an ensemble's run tables say about each recorded outcome.

Each function takes the tables of one case's runs (the batch tables ``timeseries``,
``log``, ``resets`` and ``events``, every row carrying ``run_id``) and one recorded outcome, and
returns either a :class:`Match` (per run: did it happen, or the value) or an
:class:`Unmatched` with the reason the tables cannot answer. The rules:

* **proposal**: a run counts if its decision log has a row for the proposal id, on the
  side (on every side of the case for ``both``), with one of the outcomes, in a month
  within the outcome's window (:meth:`~resetsim.cases.outcomes.CaseRecord.window`);
  with ``blocked_by``, only rows that actor blocked (a Supreme Leader's veto).
* **move**: a run counts if its events table has a row an actor of the side made
  (``origin == "actor"``) of the move kind ``act``, in a month within the window.
* **vote**: the first roll call of a run (``votes_yes`` >= 0) on the proposal and side in
  the window; its yes share ``yes / (yes + no)``. Where the log has no ``chamber`` column,
  its roll calls are taken to be in the side's first chamber; entries for other chambers
  are unmatched.
* **crisis**: ``onset`` counts a month in ``crisis`` whose previous month of the run was
  in another phase (a run that opens in crisis does not count its opening month, as in
  :mod:`resetsim.analysis.outcomes`); ``any`` counts any month in ``crisis``.
* **reset**: a reset episode whose ``start_date`` is within the window.
* **opinion**: the column's values across runs at each surveyed month.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from resetsim.calendar import parse_month
from resetsim.cases.outcomes import (
    BOTH,
    CaseRecord,
    CrisisOutcome,
    MoveOutcome,
    OpinionOutcome,
    ProposalOutcome,
    ResetOutcome,
    VoteOutcome,
)

__all__ = ["Match", "Unmatched", "match_outcome", "month_numbers", "run_ids"]


@dataclass(frozen=True)
class Match:
    """Per-run answers for one outcome: a 0/1 (binary kinds) or a value (votes, opinion)."""

    values: pd.Series
    """Indexed by ``run_id`` (binary kinds and votes) or by ``(date, run_id)`` (opinion)."""


@dataclass(frozen=True)
class Unmatched:
    """The run tables cannot answer this outcome; ``reason`` says why, in one sentence."""

    reason: str


def month_numbers(dates: pd.Series) -> pd.Series:
    """``YYYY-MM`` strings as absolute month numbers (``year * 12 + month - 1``)."""
    text = dates.astype(str)
    return text.str[:4].astype(int) * 12 + text.str[5:7].astype(int) - 1


def run_ids(tables: Mapping[str, pd.DataFrame]) -> np.ndarray:
    """The runs of the ensemble: every ``run_id`` of its monthly time series."""
    return np.sort(tables["timeseries"]["run_id"].unique())


def _in_window(frame: pd.DataFrame, window: tuple[str, str]) -> pd.DataFrame:
    months = month_numbers(frame["date"])
    return frame[(months >= parse_month(window[0])) & (months <= parse_month(window[1]))]


def _per_run(hit_runs: Collection, runs: np.ndarray) -> pd.Series:
    return pd.Series(
        np.isin(runs, list(hit_runs)).astype(float), index=pd.Index(runs, name="run_id")
    )


def _proposal_rows(
    log: pd.DataFrame, proposal: str, proposal_ids: Collection[str] | None
) -> pd.DataFrame | Unmatched:
    if proposal_ids is not None and proposal not in proposal_ids:
        return Unmatched(f"proposal {proposal!r} is not in the case's scenario")
    rows = log[log["proposal"] == proposal] if not log.empty else log
    if proposal_ids is None and rows.empty:
        return Unmatched(
            f"proposal {proposal!r} appears in no run's decision log "
            "(not in the scenario, or never tabled)"
        )
    return rows


def _sides_known(log: pd.DataFrame, sides: Collection[str]) -> Unmatched | None:
    present = set(log["side"].unique()) if not log.empty else set()
    missing = [s for s in sides if s not in present]
    if present and missing:
        return Unmatched(f"side {missing[0]} appears in no run's decision log")
    return None


def _proposal(record: CaseRecord, o: ProposalOutcome, tables, runs, ids) -> Match | Unmatched:
    log = tables["log"]
    rows = _proposal_rows(log, o.proposal, ids)
    if isinstance(rows, Unmatched):
        return rows
    sides = [s.id for s in record.sides] if o.side == BOTH else [o.side]
    unknown = _sides_known(log, sides)
    if unknown is not None:
        return unknown
    rows = rows[rows["outcome"].isin(o.outcome)]
    if o.blocked_by is not None and not rows.empty:
        rows = rows[rows["blocked_by"] == o.blocked_by]
    rows = _in_window(rows, record.window(o))
    reached = rows.groupby("run_id")["side"].agg(set) if not rows.empty else pd.Series()
    hit = [run for run, got in reached.items() if set(sides) <= got]
    return Match(_per_run(hit, runs))


def _move(record: CaseRecord, o: MoveOutcome, tables, runs, kinds) -> Match | Unmatched:
    if kinds is not None and o.act not in kinds:
        return Unmatched(f"the case's scenario has no move of kind {o.act!r} in its [[moves]]")
    events = tables.get("events")
    if events is None:
        return Unmatched("the runs' events table was not read")
    rows = events[
        (events["origin"] == "actor") & (events["kind"] == o.act) & (events["side"] == o.side)
    ]
    return Match(_per_run(_in_window(rows, record.window(o))["run_id"].unique(), runs))


def _vote(record: CaseRecord, o: VoteOutcome, tables, runs, ids) -> Match | Unmatched:
    log = tables["log"]
    main = record.side(o.side).chambers[0]
    if "chamber" not in log.columns and o.chamber != main:
        return Unmatched(
            f"the run tables do not say which chamber voted; only side {o.side}'s main "
            f"chamber ({main}) is matched"
        )
    rows = _proposal_rows(log, o.proposal, ids)
    if isinstance(rows, Unmatched):
        return rows
    rows = rows[(rows["side"] == o.side) & (rows["votes_yes"] >= 0) & (rows["votes_no"] >= 0)]
    if "chamber" in rows.columns:
        rows = rows[rows["chamber"] == o.chamber]
    rows = _in_window(rows, record.window(o))
    rows = rows[(rows["votes_yes"] + rows["votes_no"]) > 0]
    if rows.empty:
        return Unmatched(f"no run has a roll call on {o.proposal!r} by {o.side} in the window")
    first = rows.sort_values(["run_id", "month"], kind="stable").groupby("run_id").head(1)
    share = first["votes_yes"] / (first["votes_yes"] + first["votes_no"])
    return Match(pd.Series(share.to_numpy(float), index=pd.Index(first["run_id"], name="run_id")))


def _beyond_runs(tables, window: tuple[str, str]) -> Unmatched | None:
    months = month_numbers(tables["timeseries"]["date"])
    if parse_month(window[0]) > months.max() or parse_month(window[1]) < months.min():
        return Unmatched(f"window {window[0]} to {window[1]} lies outside the runs' months")
    return None


def _crisis(record: CaseRecord, o: CrisisOutcome, tables, runs, ids) -> Match | Unmatched:
    outside = _beyond_runs(tables, o.window)
    if outside is not None:
        return outside
    ts = tables["timeseries"].sort_values(["run_id", "month"], kind="stable")
    crisis = ts["phase"].eq("crisis")
    if o.mode == "onset":
        before = crisis.groupby(ts["run_id"]).shift(1, fill_value=True)
        crisis = crisis & ~before.astype(bool)
    hits = _in_window(ts[crisis], o.window)["run_id"].unique()
    return Match(_per_run(hits, runs))


def _reset(record: CaseRecord, o: ResetOutcome, tables, runs, ids) -> Match | Unmatched:
    outside = _beyond_runs(tables, o.window)
    if outside is not None:
        return outside
    resets = tables["resets"]
    if resets.empty:
        return Match(_per_run([], runs))
    starts = resets.rename(columns={"start_date": "date"})
    return Match(_per_run(_in_window(starts, o.window)["run_id"].unique(), runs))


def _opinion(record: CaseRecord, o: OpinionOutcome, tables, runs, ids) -> Match | Unmatched:
    ts = tables["timeseries"]
    if o.column not in ts.columns:
        return Unmatched(f"column {o.column!r} is not in the runs' time series")
    surveyed = {p.date for p in o.points}
    rows = ts[ts["date"].isin(surveyed)]
    if rows.empty:
        return Unmatched("no surveyed month falls within the runs' months")
    values = rows.set_index(["date", "run_id"])[o.column].astype(float)
    return Match(values)


_RULES = {
    "proposal": _proposal,
    "vote": _vote,
    "crisis": _crisis,
    "reset": _reset,
    "opinion": _opinion,
}


def match_outcome(
    record: CaseRecord,
    outcome,
    tables: Mapping[str, pd.DataFrame],
    proposal_ids: Collection[str] | None = None,
    move_kinds: Collection[str] | None = None,
) -> Match | Unmatched:
    """What the runs say about one recorded outcome of ``record``.

    Args:
        record: the case's recorded outcomes.
        outcome: one entry of ``record.outcomes``.
        tables: ``timeseries``, ``log``, ``resets`` (and ``events``, for moves) of the
            case's runs, with ``run_id``.
        proposal_ids: the proposal ids of the case's scenario, if known: then a proposal
            in the scenario that no run tabled is a forecast of 0, not unmatched.
        move_kinds: the move kinds of the case's scenario's ``[[moves]]``, if known: a
            move kind it lacks is unmatched.

    """
    if outcome.kind == "move":
        return _move(record, outcome, tables, run_ids(tables), move_kinds)
    return _RULES[outcome.kind](record, outcome, tables, run_ids(tables), proposal_ids)
