"""Per-episode and per-run outcomes of a batch, and the summary metrics computed from them.

Definitions (used by the sweep heatmaps and the knock-out attribution):

* **episode**: one row of the ``resets`` table (a reset episode of one run), with its
  half-life recast as a censored duration: ``half_life_time`` is ``half_life_months`` when
  the gain halved (``half_life_event`` True), else the months from the peak to the run's
  last month (censored: the gain had not halved when the run stopped).
* **first reset**: the earliest episode of a run (the leader-driven reset a scenario is
  about). Runs without any reset keep NaN reset columns and count only in run metrics.
* **crisis onset**: a month labelled ``crisis`` whose previous month was labelled
  otherwise. A scenario that opens in crisis (obama-2009 starts after Georgia 2008) does
  not count its opening crisis; a crisis after the opening one does. **Crisis
  probability** is the share of runs with at least one onset. For a run that starts in
  crisis and resets, this is the chance that a new crisis follows the reset.
* **escalation probability**: share of runs with at least one month of open military
  confrontation (``escalation`` = 1; pattern 9 of MODEL.md).

Reset metrics (medians via Kaplan-Meier, so censored resets count as "at least this
long"; restricted means up to a horizon stay finite when most resets are censored). The
horizon of a restricted mean defaults to :func:`common_horizon`: the shortest, over the
groups compared, of the longest follow-up in each group, so every group's Kaplan-Meier
curve is defined up to it and the means are comparable.

* ``survival``: Kaplan-Meier median of ``months_survived`` with ``ended`` as the event;
  inf when more than half the resets were still above their pre-reset level at run end.
* ``survival_rmst``: restricted mean months survived up to the horizon.
* ``half_life`` / ``half_life_rmst``: the same for ``half_life_time``.
* ``crisis`` and ``escalation``: the probabilities above, in percent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from resetsim.analysis.io import ID_COLUMNS, Batch, BatchError, grid_keys
from resetsim.analysis.stats import km_median, restricted_mean

__all__ = [
    "METRICS",
    "Metric",
    "censored_half_life",
    "common_horizon",
    "crisis_after_reset",
    "crisis_onsets",
    "episodes",
    "first_reset",
    "metric_value",
    "run_outcomes",
]


def first_reset(resets: pd.DataFrame) -> pd.Series | None:
    """The **first reset** of one run: its earliest episode, or None without a reset.

    ``resets`` is one run's episodes (``ResetModel.resets()``), in start order when it has
    no ``start_month`` column.
    """
    if resets is None or not len(resets):
        return None
    if "start_month" in resets.columns:
        resets = resets.sort_values("start_month", kind="stable")
    return resets.iloc[0]


def censored_half_life(half_life_months, last_month, peak_month) -> tuple[np.ndarray, np.ndarray]:
    """The **censored half-life** ``(time, event)`` of episodes (scalars or arrays).

    ``time`` is the half-life where the gain halved (``event`` True), else the months from
    the peak to the run's last month (``event`` False: censored, the gain had not halved
    when the run stopped).
    """
    half = np.asarray(half_life_months, dtype=float)
    event = ~np.isnan(half)
    time = np.where(event, half, np.asarray(last_month, dtype=float) - np.asarray(peak_month))
    return time.astype(float), event


def crisis_onsets(phase: np.ndarray) -> np.ndarray:
    """**Crisis onsets** of one run: months labelled crisis whose previous month was not.

    The first month is never an onset (a scenario that opens in crisis does not count its
    opening crisis).
    """
    phase = np.asarray(phase)
    crisis = phase == "crisis"
    onset = np.zeros(len(phase), dtype=bool)
    onset[1:] = crisis[1:] & ~crisis[:-1]
    return onset


def crisis_after_reset(reset: pd.Series | None) -> bool:
    """**Crisis after reset**: whether a crisis followed this reset within the run."""
    return reset is not None and not pd.isna(reset["months_to_crisis"])


def _identity(batch: Batch) -> list[str]:
    return [*ID_COLUMNS, *grid_keys(batch)]


def _run_table(batch: Batch) -> pd.DataFrame:
    """Per run: identity columns, last month, crisis onset and escalation flags."""
    ts = batch["timeseries"]
    if ts.empty:
        raise BatchError(f"{batch.path or 'batch'}: the timeseries table is empty")
    ident = _identity(batch)
    ts = ts.sort_values(["run_id", "month"])
    previous = ts.groupby("run_id")["phase"].shift()
    ts = ts.assign(_onset=(ts["phase"] == "crisis") & previous.notna() & (previous != "crisis"))
    grouped = ts.groupby("run_id", sort=True)
    runs = grouped[ident[1:]].first()
    runs["last_month"] = grouped["month"].max()
    runs["crisis_onset"] = grouped["_onset"].any()
    onset_month = ts.loc[ts["_onset"]].groupby("run_id")["month"].min()
    runs["first_onset_month"] = onset_month.reindex(runs.index)
    runs["escalation"] = grouped["escalation"].max() > 0
    return runs.reset_index()


def episodes(batch: Batch) -> pd.DataFrame:
    """Every reset episode with identity columns and the censored half-life duration."""
    resets = batch["resets"]
    runs = _run_table(batch)[["run_id", "last_month"]]
    if resets.empty:
        from resetsim.model.metrics import RESET_COLUMNS

        cols = [*_identity(batch), *RESET_COLUMNS, "half_life_event", "half_life_time", "episode"]
        return pd.DataFrame(columns=cols)
    ep = resets.merge(runs, on="run_id", how="left")
    time, event = censored_half_life(ep["half_life_months"], ep["last_month"], ep["peak_month"])
    ep["half_life_event"] = event
    ep["half_life_time"] = time
    ep["episode"] = ep.groupby("run_id")["start_month"].rank(method="first").astype(int)
    return ep.drop(columns="last_month").sort_values(["run_id", "start_month"])


def run_outcomes(batch: Batch) -> pd.DataFrame:
    """One row per run: identity, crisis/escalation flags, number of resets, first reset."""
    runs = _run_table(batch)
    ep = episodes(batch)
    counts = ep.groupby("run_id").size() if len(ep) else pd.Series(dtype=int)
    runs["n_resets"] = runs["run_id"].map(counts).fillna(0).astype(int)
    first = ep[ep["episode"] == 1] if len(ep) else ep
    keep = [
        "start_month",
        "peak_month",
        "peak_gain",
        "half_life_months",
        "half_life_time",
        "half_life_event",
        "months_survived",
        "ended",
        "months_to_crisis",
    ]
    keep = [c for c in keep if c in first.columns]
    return runs.merge(first[["run_id", *keep]], on="run_id", how="left")


@dataclass(frozen=True)
class Metric:
    """A summary of a set of runs or episodes: its label, unit and how to compute it."""

    name: str
    label: str
    unit: str
    compute: Callable[[Mapping[str, np.ndarray], float], float]
    level: str  # "episode" (reset metrics) or "run"
    short: str = ""
    time: str | None = None  # duration column of a reset metric

    @property
    def columns(self) -> list[str]:
        """The columns ``compute`` reads."""
        if self.time is None:
            return [{"crisis": "crisis_onset"}.get(self.name, self.name)]
        return [self.time, _EVENTS[self.time]]

    @property
    def title(self) -> str:
        """The label with a capital first letter."""
        return self.label[:1].upper() + self.label[1:]


_EVENTS = {"months_survived": "ended", "half_life_time": "half_life_event"}


def _observed(cols: Mapping[str, np.ndarray], time: str, event: str) -> tuple[np.ndarray, ...]:
    t = np.asarray(cols[time], dtype=float)
    keep = ~np.isnan(t)
    return t[keep], np.asarray(cols[event], dtype=float)[keep] > 0


_Compute = Callable[[Mapping[str, np.ndarray], float], float]


def _km(time: str) -> _Compute:
    return lambda cols, horizon: km_median(*_observed(cols, time, _EVENTS[time]))


def _rmst(time: str) -> _Compute:
    return lambda cols, horizon: restricted_mean(*_observed(cols, time, _EVENTS[time]), horizon)


def _share(column: str) -> _Compute:
    def share(cols: Mapping[str, np.ndarray], horizon: float) -> float:
        values = np.asarray(cols[column], dtype=float)
        return float(100 * values.mean()) if values.size else float("nan")

    return share


def _episode(
    name: str, estimate: Callable[[str], _Compute], time: str, label: str, short: str
) -> Metric:
    """A reset metric in months: ``estimate`` (:func:`_km` or :func:`_rmst`) of ``time``."""
    return Metric(name, label, "months", estimate(time), "episode", short, time)


def _run_share(name: str, column: str, label: str, short: str) -> Metric:
    """A run metric: the percentage of runs in which ``column`` is set."""
    return Metric(name, label, "% of runs", _share(column), "run", short)


METRICS: dict[str, Metric] = {
    m.name: m
    for m in (
        _episode(
            "survival",
            _km,
            "months_survived",
            "median reset survival (Kaplan-Meier)",
            "median survival",
        ),
        _episode(
            "survival_rmst",
            _rmst,
            "months_survived",
            "restricted mean reset survival",
            "mean survival",
        ),
        _episode(
            "half_life",
            _km,
            "half_life_time",
            "median half-life of the reset gain (Kaplan-Meier)",
            "median half-life",
        ),
        _episode(
            "half_life_rmst",
            _rmst,
            "half_life_time",
            "restricted mean half-life of the reset gain",
            "mean half-life",
        ),
        _run_share(
            "crisis",
            "crisis_onset",
            "crisis probability (new crisis onset)",
            "crisis probability",
        ),
        _run_share(
            "escalation",
            "escalation",
            "escalation probability (open confrontation)",
            "escalation probability",
        ),
    )
}
"""Summary metrics by name; see the module docstring for definitions."""


def common_horizon(name: str, frames: Iterable[pd.DataFrame]) -> float:
    """Longest horizon up to which every frame's Kaplan-Meier curve of metric ``name`` is known.

    A group whose longest duration ends in an event has S = 0 from then on (known to any
    horizon); a group whose longest duration is censored is known only up to it. The
    horizon is the shortest such limit, capped at the longest duration overall, so
    restricted means over it are comparable between groups (Royston & Parmar 2013). NaN
    for run metrics or when there are no durations.
    """
    metric = METRICS[name]
    if metric.time is None:
        return float("nan")
    event = _EVENTS[metric.time]
    limits, longest = [], []
    for frame in frames:
        t = pd.to_numeric(frame[metric.time], errors="coerce") if metric.time in frame else None
        if t is None or t.notna().sum() == 0:
            continue
        last = t.max()
        longest.append(float(last))
        ended_last = frame.loc[t == last, event].astype(float).fillna(0).gt(0).all()
        limits.append(float("inf") if ended_last else float(last))
    if not longest:
        return float("nan")
    return float(min(min(limits), max(longest)))


def metric_value(name: str, frame: pd.DataFrame, horizon: float | None = None) -> float:
    """Compute metric ``name`` on a frame of episodes or runs (from this module).

    ``horizon`` (restricted means only) defaults to the frame's longest follow-up.
    """
    metric = METRICS[name]
    if horizon is None:
        horizon = common_horizon(name, [frame])
    return metric.compute({c: frame[c].to_numpy() for c in frame.columns}, horizon)
