"""Run a case's scenario as a batch and score it against the case's recorded outcomes.

The runs go through the batch engine (:func:`resetsim.batch.run_batch`), so a forecast is
an ordinary batch directory that :func:`resetsim.batch.load_batch` reads back; scoring
reads only its ``timeseries``, ``log``, ``resets`` and ``events`` tables. Behavioural parameters are
the scenario's own (fixed), or, given ``draws``, parameter sets drawn from a calibration's
posterior (:func:`resetsim.batch.posterior.draw_parameter_sets`, as ``resetsim batch
--posterior``), each a point of the batch run ``seeds`` times: the forecast then carries
the parameters' uncertainty as well as the runs' noise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from resetsim.cases.outcomes import CaseRecord, load_case, load_cases
from resetsim.cases.scoring import CaseScore, score_case

__all__ = [
    "forecast_case",
    "forecast_library",
    "scenario_move_kinds",
    "scenario_proposal_ids",
    "score_batch",
]

_TABLES = ("timeseries", "log", "resets", "events")


def _loaded(scenario: str) -> Any:
    """The scenario loaded, or None if it cannot be loaded (not written yet)."""
    from resetsim.scenario import load_scenario

    try:
        return load_scenario(scenario)
    except (ValueError, OSError):  # ScenarioError is a ValueError
        return None


def scenario_proposal_ids(scenario: str) -> set[str] | None:
    """The proposal ids of a scenario, or None if it cannot be loaded (not written yet).

    They include the resolutions of disapproval its review acts can log.
    """
    from resetsim.scenario.institutions import resolution_ids

    loaded = _loaded(scenario)
    return None if loaded is None else {p.id for p in loaded.proposals} | resolution_ids(loaded)


def scenario_move_kinds(scenario: str) -> set[str] | None:
    """The kinds of a scenario's ``[[moves]]``, or None if it cannot be loaded."""
    loaded = _loaded(scenario)
    return None if loaded is None else {m.kind for m in loaded.moves}


def _scenario_name(scenario: str) -> str:
    """The name a batch records for ``scenario`` (a name, or a file whose name may differ)."""
    from resetsim.scenario import load_scenario

    try:
        return load_scenario(scenario).name
    except (ValueError, OSError):  # not loadable: the batch cannot have run it
        return scenario


def _record(case: str | Path | CaseRecord) -> CaseRecord:
    return case if isinstance(case, CaseRecord) else load_case(case)


def score_batch(
    case: str | Path | CaseRecord,
    directory: str | Path,
    *,
    records: Mapping[str, CaseRecord] | None = None,
) -> CaseScore:
    """Score a finished batch of the case's scenario against the case's outcomes.

    Args:
        case: a case name, an outcomes file, or a loaded record.
        directory: the batch directory (``--out`` of ``resetsim batch``).
        records: every case's outcomes, for the base rate (default: the shipped cases).

    Raises:
        ValueError: if the batch holds runs of another scenario than the case's.

    """
    from resetsim.batch import load_batch, read_manifest

    record = _record(case)
    names = [s.get("name") for s in read_manifest(directory).get("scenarios") or []]
    if names and names != [_scenario_name(record.scenario)]:
        raise ValueError(
            f"{directory}: the batch ran {names}, but case {record.case} is scored on "
            f"scenario {record.scenario!r}"
        )
    tables = load_batch(directory, tables=_TABLES)
    return score_case(
        record,
        tables,
        records=load_cases() if records is None else records,
        proposal_ids=scenario_proposal_ids(record.scenario),
        move_kinds=scenario_move_kinds(record.scenario),
    )


def forecast_case(
    case: str | Path | CaseRecord,
    *,
    seeds: int,
    out: str | Path,
    base_seed: int = 0,
    workers: int | None = None,
    executor: str | None = None,
    records: Mapping[str, CaseRecord] | None = None,
    draws: Sequence[Mapping[str, Any]] | None = None,
) -> CaseScore:
    """Run the case's scenario ``seeds`` times (per parameter draw) into ``out``; score the runs.

    Parameters are the scenario's (frozen), or drawn from a calibration's posterior; nothing
    is tuned to the case's record.

    Args:
        case: a case name, an outcomes file, or a loaded record.
        seeds: replicates.
        out: a new or empty batch directory.
        base_seed: entropy of the batch's seeds.
        workers: worker processes (default: the batch engine's).
        executor: ``serial`` or ``process`` (default: the batch engine's).
        records: every case's outcomes, for the base rate (default: the shipped cases).
        draws: parameter sets (dotted key -> value), each run ``seeds`` times, e.g.
            ``draw_parameter_sets(posterior, n)``; None runs the scenario's own values.

    """
    from resetsim.batch import run_batch
    from resetsim.batch.engine import build_spec

    record = _record(case)
    spec = build_spec(
        record.scenario, seeds=seeds, base_seed=base_seed, actors=False, draws=draws or None
    )
    directory = run_batch(spec=spec, out=out, workers=workers, executor=executor)
    return score_batch(record, directory, records=records)


def forecast_library(
    *,
    seeds: int,
    out: str | Path,
    base_seed: int = 0,
    workers: int | None = None,
    executor: str | None = None,
    draws: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, CaseScore]:
    """Forecast every shipped case whose scenario loads, each into ``out/<case>``.

    Cases whose scenario is not written yet are skipped (the page shows their record).
    Given ``draws``, every case runs the same parameter sets (see :func:`forecast_case`).
    """
    records = load_cases()
    scores: dict[str, CaseScore] = {}
    for name, record in records.items():
        if scenario_proposal_ids(record.scenario) is None:
            continue
        scores[name] = forecast_case(
            record,
            seeds=seeds,
            out=Path(out) / name,
            base_seed=base_seed,
            workers=workers,
            executor=executor,
            records=records,
            draws=draws,
        )
    return scores
