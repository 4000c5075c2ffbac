"""The run's records: one named row per month, proposal outcome, event and delivery.

:class:`Recorder` keeps what ``ResetModel`` observes (``docs/ODD.md``, section 4.11) and
builds the output tables from it. Per-side timeseries columns are named
``<side id in lower case>_<name>`` (``us_capital``), except ``perceived_<side>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from struct import Struct
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd

from resetsim.model.metrics import reset_columns
from resetsim.model.narrative import DIRECTIONS, reason
from resetsim.model.outcomes import Outcome

if TYPE_CHECKING:
    from resetsim.model.model import ResetModel
    from resetsim.model.month import MonthState
    from resetsim.scenario.schema import Proposal

__all__ = [
    "DEAL_SUMS",
    "LOG_COLUMNS",
    "DeliveryRow",
    "EventRow",
    "LogRow",
    "Recorder",
    "coded",
    "decoded",
    "timeseries_columns",
]


class LogRow(NamedTuple):
    """One proposal outcome (``decision_log()``)."""

    month: int
    date: str
    side: str
    proposal: str
    topic: str
    core: bool
    instrument: str
    outcome: str
    blocked_by: str
    reason: str
    support: float
    votes_yes: int
    votes_no: int


class EventRow(NamedTuple):
    """One event (``events()``): who acted, in which direction, and what it answered."""

    month: int
    date: str
    origin: str
    side: str
    actor: str
    kind: str
    direction: str
    severity: float
    event: str
    responds_to: object


class DeliveryRow(NamedTuple):
    """What one side had delivered of a deal when it fell due (``deliveries()``)."""

    month: int
    date: str
    side: str
    proposal: str
    core: bool
    instrument: str
    start_month: int
    promised_months: int
    delivered_share: float
    lost_to_opposition: float
    lost_to_routine: float


LOG_COLUMNS = list(LogRow._fields)


_PER_SIDE = ("president", "capital", "prestige", "reputation")
_DEALS = ("promised", "delivered", "deals_active", "withheld")
DEAL_SUMS = ("promised", "delivered", "withheld")
"""Timeseries columns of summed deal benefits: floats, though a run without any deal
records them as the integer 0 (as resetsim 0.1.0 did; :func:`resetsim.runner.run` stores
them as floats, so that the runs of a batch share one column type)."""


def coded(values: list | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Text as int32 codes into its distinct values (an object array), as ``pandas.factorize``.

    A missing value (None, NaN) has code -1.
    """
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    return codes.astype(np.int32, copy=False), np.asarray(uniques, dtype=object)


def _tiled(column: tuple[np.ndarray, np.ndarray], times: int) -> tuple[np.ndarray, np.ndarray]:
    return np.tile(column[0], times), column[1]


def _text(codes: np.ndarray, values: np.ndarray) -> np.ndarray:
    rows = values[codes]
    missing = codes < 0
    if missing.any():
        rows[missing] = None
    return rows


def decoded(columns: dict[str, Any]) -> pd.DataFrame:
    """A frame of columns as :meth:`Recorder.actor_columns` gives them (text as objects)."""
    arrays = {
        name: _text(*column) if isinstance(column, tuple) else column
        for name, column in columns.items()
    }
    return pd.DataFrame(arrays, copy=False)  # the arrays are its own


def _columns(rows: list[tuple], names: Sequence[str]) -> dict[str, Any]:
    """The columns of ``rows`` (not empty), named ``names``, built column by column.

    A column of text is an object array, any other takes numpy's type: the types that
    ``pandas.DataFrame(rows)`` infers, for a fraction of its cost by rows.
    """
    columns = zip(*rows, strict=True)
    return {
        name: np.array(values, dtype=object if isinstance(values[0], str) else None)
        for name, values in zip(names, columns, strict=True)
    }


def _framed(columns: dict[str, Any], columnar: bool) -> Any:
    """``columns`` as they are (``columnar``), else as a frame that owns them."""
    if columnar:
        return columns
    return pd.DataFrame(columns, copy=False)  # the arrays are its own: no copy, no consolidation


def timeseries_columns(sides: tuple[str, ...]) -> list[str]:
    """The ``timeseries()`` columns for a model with these side ids, in order."""
    ids = [s.lower() for s in sides]
    return [
        "month",
        "date",
        "relationship",
        "trust",
        "phase",
        *(f"{s}_public_favourability" for s in ids),
        "escalation",
        "clashes",
        *(f"perceived_{s}" for s in ids),
        "baseline",
        *(f"{s}_{name}" for name in _PER_SIDE for s in ids),
        *_DEALS,
    ]


class Recorder:
    """Named records of one run and the tables built from them."""

    def __init__(self, model: ResetModel):
        self.sides = model.sides
        self.columns = timeseries_columns(model.sides)
        self.months: list[tuple] = []
        # the actors' stances month by month as packed doubles (one row per month, in the
        # roster's order), and their names as runs: [names, months in a row with them]
        self.stances = bytearray()
        self._pack = Struct(f"{len(model.roster)}d").pack
        self.names: list[list] = []
        self._leaders: tuple[str, ...] = ()  # the presidents' names in the last run of names
        self.log: list[LogRow] = []
        self.events: list[EventRow] = []
        self.deliveries: list[DeliveryRow] = []
        # a decision log names the chamber of each row only where a side has several
        self.chambered = any(len(c) > 1 for c in model.chambers.values())
        self.chambers: list[str] = []
        # the seats are filled for the whole run (a new leader takes the same seat)
        self._presidents = [model.presidents[s] for s in model.sides]
        self._publics = [model.publics[s] for s in model.sides]

    def record_month(self, model: ResetModel, month: MonthState) -> None:
        """Record the state at the end of a month (and at set-up, month 0).

        The row is a tuple of plain values, which the garbage collector stops tracking; its
        values are read attribute by attribute for the two sides (``map`` over
        ``attrgetter`` costs the interpreter several times more).
        """
        deals, now = model.deals, model.month
        if deals:
            # lists, not generators: ``sum`` adds the same values in the same order
            promised = sum([d.terms.benefit * d.promised(now) for d in deals])
            delivered = sum([d.terms.benefit * d.credited for d in deals])
            withheld = sum([d.terms.benefit * d.withheld(now) for d in deals])
        else:
            promised = delivered = withheld = 0  # as ``sum`` of nothing
        perceived = month.perceived
        first, second = self.sides
        a, b = self._presidents  # in the order of the sides
        p, q = self._publics
        self.months.append(
            (
                now, model.date, model.relationship, model.trust, model.phases.label,
                p.favourability, q.favourability,
                month.escalation, month.clashes,
                perceived[first], perceived[second],
                model.baseline,
                # name, capital, prestige, reputation (_PER_SIDE): each for both sides in turn
                a.name, b.name, a.capital, b.capital,
                a.prestige, b.prestige, a.reputation, b.reputation,
                promised, delivered, len(deals), withheld,
            )
        )  # fmt: skip
        roster = model.roster
        self.stances += self._pack(*[x.stance for x in roster])
        runs = self.names
        # only a new leader puts a new name in a seat (:meth:`President.replace`): the
        # roster's names are read again only when a president's name changed
        if runs and a.name is self._leaders[0] and b.name is self._leaders[1]:
            runs[-1][1] += 1
            return
        self._leaders = (a.name, b.name)
        names = [x.name for x in roster]
        if runs and runs[-1][0] == names:
            runs[-1][1] += 1
        else:  # a new name in a seat (a new leader): a new run
            runs.append([names, 1])

    def record_outcome(self, model: ResetModel, o: Outcome) -> None:
        """Append one proposal outcome, its reason rendered by the narrative module."""
        spec = o.proposal
        yes, no = o.votes if o.votes else (-1, -1)
        house = model.chambers[o.side].get(o.chamber) or model.main_chamber(o.side)
        text = reason(o, model.side_labels, house.name)
        self.chambers.append(house.key if o.votes or o.chamber else "")
        self.log.append(
            LogRow(
                model.month, model.date, o.side, spec.id, spec.topic, spec.core,
                spec.instrument, o.outcome, o.blocked_by, text, o.support, yes, no,
            )
        )  # fmt: skip

    def record_event(self, model: ResetModel, label: str, kind: str, severity: float, **how) -> int:
        """Append one event of the current month; return its row index.

        ``how`` gives ``origin`` (default ``scheduled``), ``side``, ``actor``, ``direction``
        (default by kind: :data:`~resetsim.model.narrative.DIRECTIONS`) and ``responds_to``.
        """
        self.events.append(
            EventRow(
                model.month, model.date, how.get("origin", "scheduled"), how.get("side", ""),
                how.get("actor", ""), kind, how.get("direction", DIRECTIONS.get(kind, "")),
                float(severity), label, how.get("responds_to", ""),
            )
        )  # fmt: skip
        return len(self.events) - 1

    def event_label(self, row: int) -> str:
        """The sentence of event row ``row``."""
        return self.events[row].event

    def record_delivery(
        self, model: ResetModel, spec: Proposal, side: str, start: int, share: float, losses
    ) -> None:
        """Append what ``side`` had delivered of a deal when it fell due, and why not more."""
        self.deliveries.append(
            DeliveryRow(
                model.month, model.date, side, spec.id, spec.core, spec.instrument,
                start, spec.months, share, *losses,
            )
        )  # fmt: skip

    # ------------------------------------------------------------------ tables
    # With ``columnar``, a table with rows is given as its columns (name -> array), the
    # arrays its frame would hold: the batch engine writes them without building a frame.
    # A table without rows is always a frame (its columns carry the types).
    def timeseries(self, columnar: bool = False) -> pd.DataFrame | dict[str, Any]:
        """One row per month."""
        return _framed(_columns(self.months, self.columns), columnar)

    def actors(self, roster) -> pd.DataFrame:
        """Tidy table: one row per month and actor, with stance."""
        return decoded(self.actor_columns(roster))

    def actor_columns(self, roster) -> dict[str, Any]:
        """The columns of :meth:`actors`, text as ``(codes, values)``.

        Text is int32 codes into the column's distinct values (an object array, in
        order of first appearance): it repeats a few values over every month (names,
        sides, families, dates), so each column is built from its distinct values, never
        one Python object per row, and the batch engine writes the codes as they are.
        """
        months, n = len(self.months), len(roster)
        dates = coded([row[1] for row in self.months])
        names = coded([name for run, _ in self.names for name in run])  # each run's roster
        counts = [count for _, count in self.names]
        by_month = names[0].reshape(len(counts), n)  # a row per run of names
        return {
            "month": np.repeat(np.fromiter((row[0] for row in self.months), int, months), n),
            "date": (np.repeat(dates[0], n), dates[1]),
            "actor": (np.repeat(by_month, counts, axis=0).ravel(), names[1]),
            "side": _tiled(coded([a.side for a in roster]), months),
            "family": _tiled(coded([a.family for a in roster]), months),
            "stance": np.frombuffer(self.stances, dtype=float).copy(),  # its own array
        }

    def decision_log(self, columnar: bool = False) -> pd.DataFrame | dict[str, Any]:
        """One row per proposal outcome."""
        if not self.log:  # an empty frame cannot infer the column types
            frame = pd.DataFrame(self.log, columns=LOG_COLUMNS)
            frame = frame.astype({"core": bool, "votes_yes": int, "votes_no": int})
            if self.chambered:
                frame["chamber"] = pd.Series([], index=frame.index, dtype=object)
            return frame
        columns = _columns(self.log, LOG_COLUMNS)
        if self.chambered:
            columns["chamber"] = np.array(self.chambers, dtype=object)
        return _framed(columns, columnar)

    def events_table(self, columnar: bool = False) -> pd.DataFrame | dict[str, Any]:
        """One row per event; ``responds_to`` is a nullable integer (``<NA>``: answers nothing).

        A typed column, not a mix of ints and empty strings, so that Parquet, DuckDB and
        polars read it.
        """
        names = list(EventRow._fields)
        if not self.events:
            table = pd.DataFrame(self.events, columns=names)
            table["responds_to"] = pd.array([], dtype="Int64")
            return table
        columns = _columns(self.events, names)
        columns["responds_to"] = pd.array(
            [None if r == "" else int(r) for r in columns["responds_to"]], dtype="Int64"
        )
        return _framed(columns, columnar)

    def deliveries_table(self) -> pd.DataFrame:
        """One row per deal and side at its due date."""
        return pd.DataFrame(self.deliveries, columns=list(DeliveryRow._fields))

    def resets(self, trend_months: int, columnar: bool = False) -> pd.DataFrame | dict[str, Any]:
        """One row per reset episode."""
        months = self.months  # columns 1, 2 and 4 of the month rows: date, relationship, phase
        dates, phases = [row[1] for row in months], [row[4] for row in months]
        columns = reset_columns([row[2] for row in months], phases, dates, trend_months)
        if columnar and len(columns["start_month"]):
            return columns
        return pd.DataFrame(columns)
