"""Score an ensemble's forecast of a case against its recorded outcomes.

For each binary outcome (``proposal``, ``crisis``, ``reset``) the forecast probability is
the share of runs in which it happened (:mod:`resetsim.cases.matching`), and its Brier
score is ``(p - o)^2`` with ``o`` = 1 if the record says it happened, else 0 (Brier 1950).
Beside it stands a **base rate**: the share of the outcomes of the same kind that
happened in the *other* cases' records (leave one case out), or 0.5 when no other case
records that kind. Roll calls are scored by the error of the yes share; opinion series by
the error of the ensemble median and whether the record lies within the 10-90% band.
The reliability table pools binary outcomes across cases: forecasts binned by
probability against the observed frequency (Murphy & Winkler 1977).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from resetsim.cases.fates import FATE_COLUMNS, proposal_fates
from resetsim.cases.matching import Unmatched, match_outcome, run_ids
from resetsim.cases.outcomes import BINARY_KINDS, CaseRecord

__all__ = [
    "BASE_RATE_RULE",
    "CaseScore",
    "base_rates",
    "brier",
    "miscalibrated",
    "reliability",
    "reliability_intervals",
    "score_case",
    "scored_ids",
]

BASE_RATE_RULE = (
    "share of the outcomes of the same kind that happened in the other cases' records "
    "(leave one case out); 0.5 where no other case records that kind"
)
_BAND = (0.1, 0.9)


def brier(forecast: float | np.ndarray, happened: bool | np.ndarray) -> float | np.ndarray:
    """Brier score of probability ``forecast`` for an event that ``happened`` (0 is best)."""
    return (np.asarray(forecast, float) - np.asarray(happened, float)) ** 2


def base_rates(records: Mapping[str, CaseRecord]) -> dict[tuple[str, str], float]:
    """Leave-one-case-out base rate of every binary outcome, keyed ``(case, outcome id)``.

    Uses only the records (no model): for an outcome of kind ``k`` in case ``c``, the
    share of the kind-``k`` outcomes of every other case that happened; 0.5 if none.
    """
    tally: dict[tuple[str, str], tuple[int, int]] = {}
    for name, record in records.items():
        for o in record.of_kind(*BINARY_KINDS):
            hit, total = tally.get((name, o.kind), (0, 0))
            tally[(name, o.kind)] = (hit + int(o.happened), total + 1)
    out: dict[tuple[str, str], float] = {}
    for name, record in records.items():
        for o in record.of_kind(*BINARY_KINDS):
            others = [v for (c, k), v in tally.items() if k == o.kind and c != name]
            total = sum(t for _, t in others)
            out[(name, o.id)] = sum(h for h, _ in others) / total if total else 0.5
    return out


@dataclass
class CaseScore:
    """A case's forecast vs record: binary outcomes, roll calls, opinion, unmatched."""

    case: str
    runs: int
    binary: pd.DataFrame
    votes: pd.DataFrame
    opinion: pd.DataFrame
    unmatched: pd.DataFrame
    in_sample: bool = False
    notes: list[str] = field(default_factory=list)
    fates: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FATE_COLUMNS))
    """What became of each scored proposal in the runs (:func:`proposal_fates`)."""
    actor_moves: int | None = None
    """Moves the actors made across the runs (None: no ``events`` table was given)."""

    @property
    def brier(self) -> float:
        """Mean Brier score of the model's forecasts over the scored binary outcomes."""
        return float(self.binary["brier"].mean()) if len(self.binary) else float("nan")

    @property
    def base_brier(self) -> float:
        """Mean Brier score of the base rate over the same outcomes."""
        return float(self.binary["base_brier"].mean()) if len(self.binary) else float("nan")


_BINARY_COLUMNS = [
    "case", "id", "kind", "label", "side", "window_from", "window_to",
    "record", "forecast", "brier", "base_rate", "base_brier",
]  # fmt: skip
_VOTE_COLUMNS = [
    "case", "id", "proposal", "side", "chamber", "date", "record_yes", "record_no",
    "record_share", "runs_with_vote", "forecast_share", "forecast_low", "forecast_high",
    "error", "mean_abs_error",
]  # fmt: skip
_OPINION_COLUMNS = [
    "case", "id", "column", "date", "record", "median", "low", "high", "error", "inside",
]  # fmt: skip


def _binary_row(record: CaseRecord, o, values: pd.Series, base: float) -> dict:
    p = float(values.mean())
    start, end = record.window(o)
    return {
        "case": record.case,
        "id": o.id,
        "kind": o.kind,
        "label": o.label,
        "side": getattr(o, "side", ""),
        "window_from": start,
        "window_to": end,
        "record": int(o.happened),
        "forecast": p,
        "brier": float(brier(p, o.happened)),
        "base_rate": base,
        "base_brier": float(brier(base, o.happened)),
    }


def _vote_row(record: CaseRecord, o, shares: pd.Series, runs: int) -> dict:
    low, high = np.quantile(shares, _BAND)
    median = float(np.median(shares))
    return {
        "case": record.case,
        "id": o.id,
        "proposal": o.proposal,
        "side": o.side,
        "chamber": o.chamber,
        "date": o.date,
        "record_yes": o.yes,
        "record_no": o.no,
        "record_share": o.yes_share,
        "runs_with_vote": len(shares) / runs,
        "forecast_share": median,
        "forecast_low": float(low),
        "forecast_high": float(high),
        "error": median - o.yes_share,
        "mean_abs_error": float(np.abs(shares - o.yes_share).mean()),
    }


def _opinion_rows(record: CaseRecord, o, values: pd.Series) -> list[dict]:
    rows = []
    by_date = values.groupby(level="date")
    for point in o.points:
        if point.date not in by_date.groups:
            continue
        series = by_date.get_group(point.date).to_numpy(float)
        low, high = np.quantile(series, _BAND)
        median = float(np.median(series))
        rows.append(
            {
                "case": record.case,
                "id": o.id,
                "column": o.column,
                "date": point.date,
                "record": point.value,
                "median": median,
                "low": float(low),
                "high": float(high),
                "error": median - point.value,
                "inside": bool(low <= point.value <= high),
            }
        )
    return rows


def score_case(
    record: CaseRecord,
    tables: Mapping[str, pd.DataFrame],
    *,
    records: Mapping[str, CaseRecord] | None = None,
    proposal_ids: Collection[str] | None = None,
    move_kinds: Collection[str] | None = None,
) -> CaseScore:
    """Score one case's ensemble against its recorded outcomes.

    Args:
        record: the case's outcomes (:func:`~resetsim.cases.outcomes.load_case`).
        tables: the ensemble's ``timeseries``, ``log`` and ``resets`` (as
            :func:`resetsim.batch.load_batch` returns them), every row with ``run_id``;
            all rows must be runs of the case's scenario.
        records: every case's outcomes, for the leave-one-case-out base rate (default:
            this case only, so every base rate is 0.5).
        proposal_ids: the proposal ids of the case's scenario, if known.
        move_kinds: the move kinds of the case's scenario's ``[[moves]]``, if known.

    Returns:
        A :class:`CaseScore`; every outcome of ``record`` is in exactly one of its
        ``binary``, ``votes``, ``opinion`` or ``unmatched`` tables.

    Raises:
        ValueError: if the tables hold no runs or runs of several scenarios.

    """
    runs = run_ids(tables)
    if len(runs) == 0:
        raise ValueError("the tables hold no runs")
    scenarios = tables["timeseries"].get("scenario")
    if scenarios is not None and scenarios.nunique() > 1:
        raise ValueError(f"the tables hold runs of several scenarios: {sorted(scenarios.unique())}")
    rates = base_rates({**(records or {}), record.case: record})
    binary, votes, opinion, unmatched = [], [], [], []
    for o in record.outcomes:
        found = match_outcome(record, o, tables, proposal_ids, move_kinds)
        if isinstance(found, Unmatched):
            unmatched.append(
                {"case": record.case, "id": o.id, "kind": o.kind, "reason": found.reason}
            )
        elif o.kind in BINARY_KINDS:
            binary.append(_binary_row(record, o, found.values, rates[(record.case, o.id)]))
        elif o.kind == "vote":
            votes.append(_vote_row(record, o, found.values, len(runs)))
        else:
            opinion.extend(_opinion_rows(record, o, found.values))
    return CaseScore(
        case=record.case,
        runs=len(runs),
        binary=pd.DataFrame(binary, columns=_BINARY_COLUMNS),
        votes=pd.DataFrame(votes, columns=_VOTE_COLUMNS),
        opinion=pd.DataFrame(opinion, columns=_OPINION_COLUMNS),
        unmatched=pd.DataFrame(unmatched, columns=["case", "id", "kind", "reason"]),
        in_sample=record.in_sample,
        fates=_fates(record, tables["log"], runs, proposal_ids),
        actor_moves=_actor_moves(tables.get("events")),
    )


def _actor_moves(events: pd.DataFrame | None) -> int | None:
    """How many moves the actors made in the runs' ``events`` (None without the table)."""
    if events is None:
        return None
    return int((events["origin"] == "actor").sum()) if len(events) else 0


def _fates(record: CaseRecord, log: pd.DataFrame, runs, proposal_ids) -> pd.DataFrame:
    """:func:`proposal_fates` of the record's scored proposals that the scenario has."""
    scored = [o.proposal for o in record.of_kind("proposal")]
    known = set(log["proposal"]) if len(log) else set()
    if proposal_ids is not None:
        known |= set(proposal_ids)
    return proposal_fates(log, runs, [p for p in scored if p in known])


def reliability(scores: Iterable[CaseScore], bins: int = 5) -> pd.DataFrame:
    """Pooled reliability table: binary forecasts binned by probability vs observed frequency.

    Args:
        scores: scored cases (their ``binary`` tables are pooled).
        bins: equal-width probability bins over [0, 1]; the last bin includes 1.

    Returns:
        One row per bin: ``bin_low``, ``bin_high``, ``n`` (outcomes), ``hits`` (how many
        of them happened), ``mean_forecast`` and ``observed`` (``hits / n``); NaN where a
        bin is empty.

    """
    if bins < 1:
        raise ValueError("bins must be at least 1")
    frames = [s.binary for s in scores if len(s.binary)]
    pooled = (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=_BINARY_COLUMNS)
    )
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(
        np.searchsorted(edges, pooled["forecast"].astype(float), side="right") - 1, 0, bins - 1
    )
    rows = []
    for b in range(bins):
        chosen = pooled[which == b]
        rows.append(
            {
                "bin_low": edges[b],
                "bin_high": edges[b + 1],
                "n": len(chosen),
                "hits": int(chosen["record"].astype(bool).sum()),
                "mean_forecast": float(chosen["forecast"].mean()) if len(chosen) else np.nan,
                "observed": float(chosen["record"].mean()) if len(chosen) else np.nan,
            }
        )
    return pd.DataFrame(rows)


def reliability_intervals(table: pd.DataFrame) -> pd.DataFrame:
    """The non-empty bins of a reliability table with the 95% Wilson interval of ``observed``.

    Adds ``low`` and ``high`` computed from the integer counts ``hits`` of ``n``.
    """
    from resetsim.validation.checks import wilson_interval

    filled = table[table["n"] > 0].copy()
    pairs = zip(filled["hits"], filled["n"], strict=True)
    bounds = [wilson_interval(int(hits), int(n)) for hits, n in pairs]
    filled["low"] = [b[0] for b in bounds]
    filled["high"] = [b[1] for b in bounds]
    return filled.reset_index(drop=True)


def miscalibrated(table: pd.DataFrame) -> pd.DataFrame:
    """The bins whose 95% Wilson interval of ``observed`` excludes their mean forecast.

    Adds ``verdict``: ``"under-forecast"`` where more happened than forecast, else
    ``"over-forecast"``.
    """
    filled = reliability_intervals(table)
    under = filled["low"] > filled["mean_forecast"]
    over = filled["high"] < filled["mean_forecast"]
    flagged = filled[under | over].copy()
    flagged["verdict"] = np.where(under[under | over], "under-forecast", "over-forecast")
    return flagged.reset_index(drop=True)


def scored_ids(score: CaseScore) -> set[str]:
    """Ids of the outcomes that were scored (not unmatched)."""
    return set(score.binary["id"]) | set(score.votes["id"]) | set(score.opinion["id"])
