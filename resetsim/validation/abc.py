"""Calibration as inference: ABC-SMC over the main behavioural parameters of history.

Approximate Bayesian computation by sequential Monte Carlo (Toni et al. 2009; Beaumont
2010) with pyabc (Schälte et al. 2022): particles are parameter sets drawn from uniform
priors (:data:`PARAMETERS`), each simulated on the generative history
(``history-1992-2016-generative``) on seeds of the calibration range (>= 100000, never
the tests' or the page's), and kept when their summary statistics come close to the
record's. Distances use adaptive scale weights (pyabc's ``AdaptivePNormDistance``, Prangle
2017), so statistics on different scales count alike.

Summary statistics, 1992-2016 only (the in-sample record):

- whether each crisis window (1999, 2008, 2014) carries the crisis stage, and each reset
  window (2001, 2009) the reset stage (observed: 1);
- whether each year the record has no crisis in (the quiet windows 2002-03 and 2010, and
  2005 after the Orange Revolution) carries the crisis stage (observed: 0): without them a
  model that is in crisis most of the time would match the crisis windows best;
- whether the run escalated (a month with ``escalation == 1``) in 1992-2016 (observed: 0,
  no armed clash between the two; with one run per particle the matched share of runs is
  the likelihood of that record, so the posterior weighs escalation risk without forcing it
  to zero: MODEL.md's pattern 9 says low but not zero);
- US favourability at Gallup's survey months up to 2014 (observed: Gallup's share);
- per five-year period, hostile and cooperative events of severity >= :data:`SALIENT`
  (observed: clashes and Congress's acts, and deals, in the shipped timeline
  ``data/timeline_1991_2016.csv``, which lists only well-documented events, hence the
  severity cut on the model's side: an assumption).

:func:`calibrate_abc` writes pyabc's database (``abc.db``), the tidy posterior
(``posterior.csv``: one row per particle of the last generation, its weight), a summary
(``abc.json``: priors, population, generations, epsilons, wall time, the last
generation's effective sample size, posterior medians and 90% intervals) and the posterior
figure (``posterior.png``).

References:
    Toni, T. et al. (2009). J. R. Soc. Interface 6, 187-202.
    Schälte, Y. et al. (2022). pyABC: efficient and robust easy-to-use approximate
    Bayesian computation. JOSS 7(74), 4304.
    Prangle, D. (2017). Adapting the ABC distance function. Bayesian Analysis 12, 289-309.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from resetsim.validation.abc_posterior import write_posterior
from resetsim.validation.claims import GENERATIVE
from resetsim.validation.history import CRISES, NO_CRISIS, RESETS, load_gallup

__all__ = [
    "CALIBRATION_SEED_BASE",
    "NO_CRISIS_KEY",
    "PARAMETERS",
    "PERIODS",
    "HistoryModel",
    "calibrate_abc",
    "calibration_record",
    "observed_statistics",
    "run_statistics",
]

CALIBRATION_SEED_BASE = 100_000
"""Calibration and tuning use seeds from here on; tests and the page use 0-9999."""

PARAMETERS: dict[str, tuple[float, float]] = {
    "dynamics.move_rate_scale": (0.25, 2.5),
    "dynamics.retaliation_rate": (0.2, 1.0),
    "dynamics.reciprocation_rate": (0.05, 0.6),
    "structure.relax_rate": (0.01, 0.1),
    "dynamics.public_event_impact": (2.0, 30.0),
    "structure.clash_rate": (0.0, 0.12),
    "dynamics.crisis_restraint": (0.0, 0.6),
    "structure.crisis_management": (0.5, 1.0),
    "structure.clash_impact": (0.05, 0.3),
    "dynamics.scheduled_clash_reading": (0.0, 1.0),
}
"""Parameter -> uniform prior (low, high): move hazards (a common scale), reaction strength
(retaliation, reciprocation), relaxation, public response, the rate of chance clashes no
modelled actor decides, and leaders' crisis management: holding back answers at the
bottom of the relationship (``crisis_restraint``) and the share of escalation risk removed
(``crisis_management``), and how many relationship points a perceived clash costs
(``clash_impact``: the schema's default 0.1 was set for scheduled events, which both sides
read, while a move is read by its target only; the prior spans half to three times it), and
the factor on the readings of scheduled clashes (``scheduled_clash_reading``: 1 reads them as
written in 0.1.0, when a scripted event stood for the governments' answers that moves now
make, 0 ignores them).
The retaliation prior reaches 1.0, the schema's ceiling and the hand-tuned value it
replaces; the clash rate's reaches 0.12, history-1992-2016's rate before moves took over
part of it."""

PERIODS = tuple((y, y + 4) for y in range(1992, 2017, 5))
"""Five-year periods (first, last year, inclusive) for the counts of events."""
SALIENT = 0.3
"""Smallest severity of a model event counted against the timeline (an assumption)."""
GALLUP_UNTIL = "2014-12"
"""Last Gallup point used (later points are held out)."""


def _timeline() -> pd.DataFrame:
    source = resources.files("resetsim.validation") / "data" / "timeline_1991_2016.csv"
    with resources.as_file(source) as path:
        return pd.read_csv(path, comment="#")


def _period_counts(years: np.ndarray, hostile: np.ndarray) -> dict[str, float]:
    out = {}
    for lo, hi in PERIODS:
        inside = (years >= lo) & (years <= hi)
        out[f"hostile_{lo}"] = float((inside & hostile).sum())
        out[f"cooperative_{lo}"] = float((inside & ~hostile).sum())
    return out


NO_CRISIS_KEY = "quiet"
"""Key prefix of the statistics for a crisis in a year the record has none (``quiet_2005``)."""


def observed_statistics() -> dict[str, float]:
    """The record's summary statistics (see the module docstring)."""
    stats = {f"crisis_{year}": 1.0 for year in sorted(CRISES)}
    stats.update({f"reset_{year}": 1.0 for year in sorted(RESETS)})
    stats.update({f"{NO_CRISIS_KEY}_{name}": 0.0 for name in sorted(NO_CRISIS)})
    stats["escalated"] = 0.0
    gallup = load_gallup()
    for date, value in zip(gallup["date"], gallup["favourable_pct"], strict=True):
        if date <= GALLUP_UNTIL:
            stats[f"gallup_{date}"] = float(value)
    timeline = _timeline()
    timeline = timeline[timeline["kind"].isin(["clash", "congress", "deal"])]
    years = timeline["date"].str[:4].astype(int).to_numpy()
    stats.update(_period_counts(years, (timeline["kind"] != "deal").to_numpy()))
    return stats


def run_statistics(timeseries: pd.DataFrame, events: pd.DataFrame) -> dict[str, float]:
    """One run's summary statistics, with the same keys as :func:`observed_statistics`."""
    stats = {}
    windows = (("crisis", "crisis", CRISES), ("reset", "reset", RESETS))
    for key, stage, spans in (*windows, (NO_CRISIS_KEY, "crisis", NO_CRISIS)):
        for name, (lo, hi) in sorted(spans.items()):
            inside = (timeseries["date"] >= lo) & (timeseries["date"] <= hi)
            stats[f"{key}_{name}"] = float((inside & (timeseries["phase"] == stage)).any())
    stats["escalated"] = float(timeseries["escalation"].sum() > 0)
    fav = timeseries.set_index("date")["us_public_favourability"]
    for date in load_gallup()["date"]:
        if date <= GALLUP_UNTIL:
            stats[f"gallup_{date}"] = float(fav.get(date, np.nan))
    salient = events[events["severity"] >= SALIENT] if len(events) else events
    years = salient["date"].str[:4].astype(int).to_numpy() if len(salient) else np.array([])
    hostile = (salient["direction"] == "hostile").to_numpy() if len(salient) else np.array([])
    stats.update(_period_counts(years, hostile.astype(bool)))
    return stats


class HistoryModel:
    """The simulator pyabc calls: a parameter set -> mean summary statistics of its runs.

    Args:
        scenario: the history scenario (a name or path).
        runs: runs per particle (their statistics are averaged).
        seed_base: the calibration seed range starts here (>= 100000).

    Each particle's seeds are derived from its parameter values (a stable hash), so a
    particle is the same runs whatever the worker and the order; the runs go serially
    inside the pyabc worker that evaluates the particle.
    """

    def __init__(self, scenario: str = GENERATIVE, runs: int = 2, seed_base: int = 100_000):
        if seed_base < CALIBRATION_SEED_BASE:
            raise ValueError(
                f"calibration seeds start at {CALIBRATION_SEED_BASE} or above (got "
                f"{seed_base}); seeds 0-9999 are for tests and the validation page"
            )
        self.scenario, self.runs, self.seed_base = scenario, int(runs), int(seed_base)
        self._base = None

    def seeds(self, parameters: Mapping[str, float]) -> list[int]:
        """The particle's seeds, all >= ``seed_base``."""
        from resetsim.batch.seeds import stable_hash

        text = json.dumps({k: round(float(v), 12) for k, v in sorted(parameters.items())})
        start = self.seed_base + stable_hash(text) % 10**12
        return [start + i for i in range(self.runs)]

    def __call__(self, parameters: Mapping[str, float]) -> dict[str, float]:
        """Mean summary statistics of the particle's runs.

        The runs go straight to the model (no batch engine: a particle is a few runs and
        the engine's tables cost more than the run itself); the scenario is loaded once.
        """
        from resetsim.runner import run_model
        from resetsim.scenario import load_scenario

        if self._base is None:
            self._base = load_scenario(self.scenario)
        overrides = {k: float(v) for k, v in parameters.items()}  # the prior's keys
        sc = self._base.with_overrides(overrides) if overrides else self._base
        rows = []
        for seed in self.seeds(parameters):
            model = run_model(sc, seed, None)
            rows.append(run_statistics(model.timeseries(), model.events()))
            release(model)
        return {k: float(np.nanmean([row[k] for row in rows])) for k in rows[0]}


def release(model: Any) -> None:
    """Let a finished model be freed: Mesa 3.3's ``Agent._ids`` holds every model forever.

    ``mesa.Agent._ids`` is a class-level dict keyed by model (mesa/mesa#3179, fixed in a
    later Mesa by #3180); a process that runs thousands of models grows by about 1 MB per
    run unless the entry is dropped. Without that attribute (newer Mesa) nothing is done.
    """
    import mesa

    ids = getattr(mesa.Agent, "_ids", None)
    if isinstance(ids, dict):
        ids.pop(model, None)


def _prior(parameters: Mapping[str, tuple[float, float]]):
    import pyabc

    return pyabc.Distribution(
        **{k: pyabc.RV("uniform", lo, hi - lo) for k, (lo, hi) in parameters.items()}
    )


def calibrate_abc(
    out: str | Path,
    *,
    scenario: str = GENERATIVE,
    population: int = 100,
    generations: int = 4,
    runs: int = 2,
    seed_base: int = CALIBRATION_SEED_BASE,
    workers: int = 1,
    parameters: Mapping[str, tuple[float, float]] = PARAMETERS,
    max_minutes: float | None = None,
    predictive: int = 0,
) -> dict[str, Any]:
    """Run ABC-SMC and write the posterior; returns the summary written to ``abc.json``.

    Args:
        out: output folder (``abc.db``, ``posterior.csv``, ``abc.json``, ``posterior.png``).
        scenario: the history scenario.
        population: particles per generation.
        generations: generations (populations) at most.
        runs: runs per particle.
        seed_base: first calibration seed (>= 100000).
        workers: processes evaluating particles (pyabc's multicore sampler).
        parameters: parameter -> uniform prior (low, high).
        max_minutes: stop starting new generations after this wall time (None: no limit).
        predictive: parameter sets drawn from the posterior for the posterior-predictive
            check (:mod:`resetsim.validation.predictive`; 0 skips it).

    """
    import pyabc

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    db = out / "abc.db"
    if db.exists():
        db.unlink()
    # pyabc draws particles from NumPy's global generator: seed it for a repeatable run
    np.random.seed(seed_base % 2**32)  # noqa: NPY002
    sampler = (
        pyabc.sampler.MulticoreEvalParallelSampler(n_procs=workers)
        if workers > 1
        else pyabc.sampler.SingleCoreSampler()
    )
    model = HistoryModel(scenario, runs, seed_base)
    abc = pyabc.ABCSMC(
        model,
        _prior(parameters),
        pyabc.AdaptivePNormDistance(p=2),
        population_size=population,
        sampler=sampler,
    )
    abc.new(f"sqlite:///{db}", observed_statistics())
    from resetsim.sensitivity.cost import PeakMemory

    started = time.perf_counter()
    limit = None if max_minutes is None else timedelta(minutes=max_minutes)
    with PeakMemory() as memory:
        history = abc.run(max_nr_populations=generations, max_walltime=limit)
    seconds = time.perf_counter() - started
    settings = calibration_record("abc-smc", scenario, "parameters", parameters, seed_base)
    settings |= {"population": population, "runs_per_particle": runs, "workers": workers}
    settings |= {
        "peak_rss_mb": round(memory.peak / 2**20, 1),
        "peak_pss_mb": round(memory.peak_pss / 2**20, 1) if memory.peak_pss else None,
        "peak_memory_method": memory.method,
    }
    return write_posterior(out, history, settings, seconds, predictive)


def calibration_record(
    method: str, scenario: str, key: str, space: Mapping[str, Any], seed_base: int
) -> dict[str, Any]:
    """The head of a calibration's record: method, scenario, space searched, first seed.

    The space is written under ``key``, each axis as a list.
    """
    axes = {name: list(values) for name, values in space.items()}
    return {"method": method, "scenario": scenario, key: axes, "seed_base": seed_base}
