"""Global sensitivity of a scenario's outputs to the model's parameters (Sobol', Morris).

A study samples the factors of a range file (:mod:`resetsim.sensitivity.ranges`) with
SALib, runs every sample on ``K`` seeds through the batch engine's executors
(:mod:`resetsim.batch.executors`: serial, a process pool or Dask), and analyses the
outputs of an output set (:mod:`resetsim.sensitivity.outputs`), each averaged over the
sample's seeds. The ``reset`` set (the default) reads the first reset of a run:

* ``half_life``: months from the first reset's peak until its gain over the pre-reset
  level has halved. A gain that never halves within the run is *censored*: it counts as
  its censoring horizon, the months from the peak to the run's end (a lower bound);
* ``months_survived``: months from the first reset's start until the relationship fell
  back to the pre-reset level (or to the run's end, censored);
* ``crisis``: whether a crisis followed the first reset (averaged: the share of seeds).

A run without any reset counts as half-life 0 and survival 0, and as a crisis if any of
its months is labelled crisis (the relationship never climbed out). The ``history`` set
(crisis windows, Giles cycles, escalation, Gallup fit) is for the 1992-2016 history.

Seeds are common random numbers from the calibration range: replicate ``r`` of every
sample runs on seed ``seed_start + r`` (``seed_start`` >= 100000; seeds 0-9999 belong to
the tests and the validation page), so differences between samples come from the
parameters, and averaging ``K`` seeds shrinks the run-to-run noise that Sobol' indices
would otherwise count as interaction. Seeds are fixed before dispatch, so a study is the
same whatever the executor and the worker count. :func:`seed_noise` says how much of each
output's variance is still seed noise.

Sobol' indices use Saltelli's scheme without second-order terms (``N (D + 2)`` samples),
with the first-order estimator of Saltelli et al. (2010) and the total-effect
estimator of Jansen (1999) as implemented in SALib (Herman & Usher 2017); Morris
elementary effects give ``mu*`` and ``sigma`` from ``N (D + 1)`` samples (Morris 1991;
Campolongo et al. 2007).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from resetsim.batch.options import ExecutorOptions
from resetsim.scenario import Scenario, load_scenario
from resetsim.sensitivity.outputs import output_set
from resetsim.sensitivity.ranges import (
    Range,
    check_ranges,
    default_ranges_path,
    load_ranges,
    salib_problem,
)
from resetsim.sensitivity.runs import (
    OUTPUT_LABELS,
    OUTPUTS,
    SEED_START,
    StudyError,
    evaluate,
    run_outputs,
    study_seeds,
)

__all__ = [
    "METHODS",
    "OUTPUTS",
    "OUTPUT_LABELS",
    "Study",
    "StudyError",
    "analyze",
    "evaluate",
    "run_outputs",
    "run_study",
    "sample",
    "seed_noise",
    "write_study",
]

METHODS = ("sobol", "morris")


@dataclass
class Study:
    """A finished study: the design, the outputs per sample, the indices, the cost."""

    scenario: str
    method: str
    ranges: list[Range]
    X: np.ndarray
    Y: pd.DataFrame
    indices: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)
    runs: pd.DataFrame = field(default_factory=pd.DataFrame)
    noise: pd.DataFrame = field(default_factory=pd.DataFrame)


# ------------------------------------------------------------------ design
def sample(
    problem: dict[str, Any], method: str, n: int, seed: int = 0, levels: int = 4
) -> np.ndarray:
    """The design matrix: ``N (D + 2)`` Saltelli rows (Sobol') or ``N (D + 1)`` (Morris).

    Args:
        problem: SALib problem (``num_vars``, ``names``, ``bounds``).
        method: ``sobol`` or ``morris``.
        n: base sample size (Sobol': a power of two) or number of trajectories (Morris).
        seed: seed of the sampler (scrambled Sobol' sequence / Morris trajectories).
        levels: Morris grid levels.

    Raises:
        StudyError: for an unknown method or an unusable ``n``.

    """
    _check_method(method)
    if method == "sobol":
        if n < 2 or n & (n - 1):
            raise StudyError(f"--n {n}: Sobol' sampling needs a power of two, e.g. 256, 512, 1024")
        sobol_sample = _salib("sample", "sobol")

        return sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    if n < 2:
        raise StudyError(f"--n {n}: Morris needs at least 2 trajectories (10-50 is usual)")
    morris_sample = _salib("sample", "morris")

    return morris_sample.sample(problem, n, num_levels=levels, seed=seed)


_INDEX_COLUMNS = {
    "sobol": ("S1", "S1_conf", "ST", "ST_conf"),
    "morris": ("mu", "mu_star", "mu_star_conf", "sigma"),
}
"""The index columns each method reports, per parameter and output."""


def _salib(kind: str, method: str) -> Any:
    """SALib's ``SALib.<kind>.<method>`` module, or a StudyError saying how to install it."""
    from importlib import import_module

    try:
        return import_module(f"SALib.{kind}.{method}")
    except ImportError:
        raise StudyError(
            "global sensitivity needs SALib: pip install 'resetsim[analysis]'"
        ) from None


def _check_method(method: str) -> None:
    if method not in METHODS:
        raise StudyError(f"--method {method!r}: choose one of {', '.join(METHODS)}")


# ------------------------------------------------------------------ analysis
def analyze(
    problem: dict[str, Any],
    X: np.ndarray,
    Y: pd.DataFrame,
    method: str,
    seed: int = 0,
    levels: int = 4,
    num_resamples: int = 200,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Sensitivity indices per output and parameter, with confidence intervals.

    Args:
        problem: SALib problem.
        X: the design matrix the outputs were computed on.
        Y: one column per output, one row per row of ``X``.
        method: ``sobol`` or ``morris``.
        seed: seed of the bootstrap resampling.
        levels: Morris grid levels (as sampled).
        num_resamples: bootstrap resamples for the confidence intervals.
        conf_level: confidence level of the intervals.

    Returns:
        Sobol': ``output``, ``parameter``, ``S1``, ``S1_conf``, ``ST``, ``ST_conf``
        (``*_conf``: half-width of the bootstrap interval). Morris: ``output``,
        ``parameter``, ``mu``, ``mu_star``, ``mu_star_conf``, ``sigma``. An output that
        does not vary gets NaN indices (nothing to apportion).

    """
    _check_method(method)
    # SALib's Sobol' analysis treats a seed of 0 as "no seed" (``if seed:``), which would
    # make the confidence intervals differ between identical runs: derive a nonzero one.
    seed = int(np.random.SeedSequence(seed).generate_state(1)[0]) | 1
    resampling = {"num_resamples": num_resamples, "conf_level": conf_level, "seed": seed}
    frames = []
    names = list(problem["names"])
    for output in Y.columns:
        y = Y[output].to_numpy(dtype=float)
        base = {"output": output, "parameter": names}
        constant = not np.isfinite(y).all() or np.nanvar(y) == 0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            cols = _INDEX_COLUMNS[method]
            if constant:
                res = {k: [np.nan] * len(names) for k in cols}
            elif method == "sobol":
                res = _salib("analyze", "sobol").analyze(
                    problem, y, calc_second_order=False, **resampling
                )
            else:
                res = _salib("analyze", "morris").analyze(
                    problem, X, y, num_levels=levels, **resampling
                )
        frames.append(pd.DataFrame({**base, **{c: np.asarray(res[c], dtype=float) for c in cols}}))
    return pd.concat(frames, ignore_index=True)


# ------------------------------------------------------------------ seed noise
def seed_noise(runs: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """How much of each output's variance is seed noise, from the per-run outputs.

    Args:
        runs: one row per run (``sample`` and the outputs), ``K >= 2`` runs per sample.
        names: the outputs.

    Returns:
        One row per output: ``mean`` (over every run), ``within`` (variance across the
        seeds of one sample, averaged
        over the samples), ``single_run`` (variance of single runs over the whole
        design), ``sample_means`` (variance of the samples' means, what the indices
        apportion), ``noise_share_run`` = within / single_run (the share of a single
        run's variance that is seed noise) and ``noise_share_mean`` = (within / K) /
        sample_means (the share of the analysed variance that is the noise left in a
        mean of K runs). NaN with one seed per sample or an output that does not vary.

    """
    k = int(runs.groupby("sample").size().max())
    rows = []
    for name in names:
        groups = runs.groupby("sample")[name]
        within = float(groups.var(ddof=1).mean()) if k > 1 else np.nan
        single, means = float(runs[name].var(ddof=1)), float(groups.mean().var(ddof=1))
        rows.append(
            {
                "output": name,
                "seeds_per_sample": k,
                "mean": float(runs[name].mean()),
                "within": within,
                "single_run": single,
                "sample_means": means,
                "noise_share_run": within / single if single > 0 else np.nan,
                "noise_share_mean": within / k / means if means > 0 else np.nan,
            }
        )
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ the whole study
def run_study(
    scenario: str | Scenario,
    method: str = "sobol",
    n: int = 1024,
    ranges: str | Path | Sequence[Range] | None = None,
    seeds: int = 1,
    base_seed: int = 0,
    options: ExecutorOptions | None = None,
    levels: int = 4,
    outputs: str = "reset",
    seed_start: int = SEED_START,
    **settings: Any,
) -> Study:
    """Sample, run and analyse one study.

    Args:
        scenario: a scenario name, path or :class:`~resetsim.scenario.Scenario`.
        method: ``sobol`` or ``morris``.
        n: Sobol' base sample (power of two) or Morris trajectories.
        ranges: a range file, a list of :class:`Range`, or None for the package's.
        seeds: seeds per sample (common random numbers), averaged.
        base_seed: seed of the sampler and of the bootstrap intervals.
        options: where and how the runs execute (as ``resetsim batch``).
        levels: Morris grid levels.
        outputs: the output set (:data:`~resetsim.sensitivity.outputs.OUTPUT_SETS`:
            ``reset`` or ``history``).
        seed_start: replicate ``r`` of every sample runs on seed ``seed_start + r``
            (>= 100000, the calibration range).
        **settings: fields of :class:`~resetsim.batch.ExecutorOptions` by name
            (``executor``, ``workers``, ``scheduler``, ``progress``...), replacing
            those of ``options``.

    Raises:
        StudyError, RangesError, ScenarioError: on bad input, before any run.

    """
    _check_method(method)
    run_seeds = study_seeds(seeds, seed_start)
    what = output_set(outputs)
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    if ranges is None or isinstance(ranges, str | Path):
        source = str(ranges) if ranges is not None else str(default_ranges_path())
        factors = load_ranges(ranges)
    else:
        source, factors = "ranges", list(ranges)
    check_ranges(factors, sc, source)
    problem = salib_problem(factors)
    X = sample(problem, method, n, seed=base_seed, levels=levels)
    how = ExecutorOptions.of(options, **settings)
    Y, runs, cost = evaluate(sc, factors, X, run_seeds, outputs=what, options=how)
    indices = analyze(problem, X, Y, method, seed=base_seed, levels=levels)
    noise = seed_noise(runs, what.names)
    from resetsim.version import package_version

    meta = {
        "kind": "resetsim-sensitivity",
        "package_version": package_version(),
        "scenario": sc.name,
        "scenario_hash": sc.content_hash,
        "method": method,
        "n": n,
        "levels": levels if method == "morris" else None,
        "seeds_per_sample": seeds,
        "seeds": run_seeds,
        "base_seed": base_seed,
        "seeding": f"common random numbers: replicate r of every sample runs on seed "
        f"{seed_start} + r (calibration range >= {SEED_START}; tests and the validation "
        "page use 0-9999); each sample's output is the mean over its seeds; base_seed "
        "seeds the sampler and the bootstrap",
        "ranges_file": source,
        "ranges": [r.__dict__ for r in factors],
        "output_set": what.name,
        "outputs": what.labels,
        "seed_noise": noise.to_dict(orient="records"),
        "versions": _versions(),
        "cost": cost,
    }
    if what.name == "reset":
        meta["censoring"] = (
            "a half-life that never halves counts as the months from the peak to the run's "
            "end; a run without a reset counts as half-life 0, survival 0, crisis 1 if any "
            "month is a crisis"
        )
    return Study(sc.name, method, factors, X, Y, indices, meta, runs, noise)


def _versions() -> dict[str, str]:
    """Versions of resetsim and of the libraries the study's numbers depend on."""
    from importlib.metadata import PackageNotFoundError, version

    from resetsim.version import package_version

    out = {"resetsim": package_version()}
    for name in ("mesa", "numpy", "pandas", "SALib"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def write_study(study: Study, out: str | Path) -> dict[str, Path]:
    """Write the study's tables, ``study.json`` and its figure to ``out``.

    The tables: ``indices.csv``, ``samples.csv`` (design and mean outputs), ``runs.csv``
    (one row per run) and ``seed_noise.csv`` (:func:`seed_noise`).
    """
    from resetsim.sensitivity.plots import plot_indices

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    names = {
        "indices": "indices.csv",
        "samples": "samples.csv",
        "runs": "runs.csv",
        "seed_noise": "seed_noise.csv",
        "study": "study.json",
        "figure": f"{study.method}.png",
    }
    paths = {key: out / name for key, name in names.items()}
    study.indices.to_csv(paths["indices"], index=False)
    samples = pd.DataFrame(study.X, columns=[r.key for r in study.ranges])
    pd.concat([samples, study.Y], axis=1).to_csv(paths["samples"], index=False)
    study.runs.to_csv(paths["runs"], index=False)
    study.noise.to_csv(paths["seed_noise"], index=False)
    paths["study"].write_text(json.dumps(study.meta, indent=2, default=str) + "\n")
    seeds = study.meta["seeds_per_sample"]
    name = "Sobol'" if study.method == "sobol" else "Morris"
    title = (
        f"{study.scenario}: {name} sensitivity, n = {study.meta['n']}, {len(study.Y)} samples x "
        f"{seeds} seed{'s' if seeds != 1 else ''} (common random numbers)"
    )
    labels = study.meta.get("outputs")
    import matplotlib.pyplot as plt

    figure = plot_indices(study.indices, study.method, title, paths["figure"], labels)
    plt.close(figure)
    return paths
