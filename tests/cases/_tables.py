"""Hand-built run tables and outcome records with known answers."""

from __future__ import annotations

import pandas as pd

from resetsim.cases.outcomes import parse_case

BASE = {
    "case": "toy",
    "title": "A toy case",
    "scenario": "toy",
    "start": "2000-01",
    "end": "2000-12",
    "cutoff": "1999-12",
    "record_note": "Hand-built for tests.",
    "sides": [
        {"id": "US", "name": "United States", "chambers": ["Senate", "House"]},
        {"id": "CU", "name": "Cuba", "chambers": []},
    ],
}


def record(*outcomes: dict, **fields):
    """A toy case record with these outcomes (entries as in an outcomes file)."""
    return parse_case({**BASE, **fields, "outcomes": list(outcomes)}, "toy.toml")


def outcome(kind: str, defaults: dict, fields: dict) -> dict:
    """An outcome entry of ``kind``: the US, June 2000, happened; then ``defaults``, ``fields``.

    A test's own ``fields`` win over the kind's ``defaults``.
    """
    common = {"side": "US", "happened": True, "date": "2000-06", "source": "a record"}
    return {"kind": kind, **common, **defaults, **fields}


def proposal(**fields) -> dict:
    ratified = {"id": "deal-ratified", "proposal": "deal", "outcome": "ratified"}
    return outcome("proposal", {**ratified, "label": "the deal is ratified"}, fields)


def log_row(
    run: int,
    month: int,
    side: str,
    outcome: str,
    yes: int = -1,
    no: int = -1,
    proposal: str = "deal",
) -> dict:
    return {
        "run_id": run,
        "month": month,
        "date": f"2000-{month + 1:02d}",
        "side": side,
        "proposal": proposal,
        "outcome": outcome,
        "votes_yes": yes,
        "votes_no": no,
    }


def timeseries(phases: dict[int, list[str]]) -> pd.DataFrame:
    """Monthly rows per run from a list of phases (month 0 = 2000-01)."""
    rows = [
        {
            "run_id": run,
            "month": m,
            "date": f"2000-{m + 1:02d}",
            "phase": phase,
            "us_public_favourability": 40.0 + run,
        }
        for run, seq in phases.items()
        for m, phase in enumerate(seq)
    ]
    return pd.DataFrame(rows)


def tables(
    log_rows: list[dict],
    phases: dict[int, list[str]] | None = None,
    resets: list[dict] | None = None,
) -> dict[str, pd.DataFrame]:
    phases = phases or {run: ["realism"] * 12 for run in range(4)}
    log_columns = [
        "run_id",
        "month",
        "date",
        "side",
        "proposal",
        "outcome",
        "votes_yes",
        "votes_no",
        "blocked_by",
    ]
    return {
        "timeseries": timeseries(phases),
        "log": pd.DataFrame(log_rows, columns=log_columns),
        "resets": pd.DataFrame(resets or [], columns=["run_id", "start_month", "start_date"]),
    }
