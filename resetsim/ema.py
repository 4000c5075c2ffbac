"""resetsim as an EMA Workbench model, and PRIM scenario discovery on its experiments.

The EMA Workbench (Kwakkel 2017) samples a model's uncertain inputs, runs the
experiments and finds, with PRIM (Friedman & Fisher 1999; Bryant & Lempert 2010), the
box of inputs in which an outcome of interest is concentrated. :func:`ema_model` exposes a
scenario to it:

* **uncertainties** are the parameter ranges of :mod:`resetsim.sensitivity.ranges` (the
  shipped ``ranges.toml`` or a file of one's own), each a ``RealParameter`` whose sampled
  value becomes scenario overrides by the range's mode (``set``, ``shift`` or ``scale``);
* **levers** are optional dotted keys with a range (``{"dynamics.persuasion_rate": (0.05,
  0.2)}``), set directly;
* **outcomes** are :data:`OUTCOMES`, each averaged over ``seeds`` runs on common seeds
  (the seeds a batch with ``common_seeds`` gives replicates ``0..seeds-1``), so the same
  design gives the same results on any evaluator.

EMA parameter names must be Python identifiers (required from EMA Workbench 3.0), so a
dotted key becomes one: ``structure.trade_share`` -> ``structure__trade_share``,
``bureaucracies.*.inertia`` -> ``bureaucracies__all__inertia`` (:func:`identifier`).

The API used is common to ema-workbench 2.5 (Python 3.11) and 3.x: ``Model``,
``RealParameter``, ``ScalarOutcome``, ``perform_experiments`` and ``analysis.prim``. For a
reproducible design, :func:`lhs_design` draws the Latin hypercube itself from a seed
(scipy's ``qmc.LatinHypercube``) rather than from the workbench's sampler.

References:
    Kwakkel, J. H. (2017). The Exploratory Modeling Workbench. Environmental Modelling &
    Software 96, 239-250. doi:10.1016/j.envsoft.2017.06.054
    Bryant, B. P. & Lempert, R. J. (2010). Thinking inside the box. Technological
    Forecasting and Social Change 77(1), 34-49. doi:10.1016/j.techfore.2009.08.002
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from resetsim.scenario import Scenario, load_scenario
from resetsim.sensitivity.ranges import Range, RangesError, check_ranges, load_ranges

__all__ = [
    "OUTCOMES",
    "Box",
    "ResetsimFunction",
    "ema_model",
    "identifier",
    "lhs_design",
    "prim_box",
    "run_outcomes",
]

OUTCOMES: dict[str, str] = {
    "half_life": "first reset's half-life in months (censored at the horizon; 0 without one)",
    "months_survived": "months the first reset stayed above its pre-reset level",
    "crisis": "share of runs with a crisis after the first reset (any crisis, without one)",
    "final_relationship": "relationship index in the last month",
    "mean_relationship": "mean relationship index over the run",
    "escalation": "share of runs with a month of open military confrontation",
}
"""Outcomes each experiment returns (mean over its seeds), with their meaning."""


def identifier(key: str) -> str:
    """A dotted override key as a Python identifier EMA accepts (see the module docstring)."""
    name = key.replace("*", "all").replace(".", "__")
    name = re.sub(r"\W", "_", name)
    return name if name.isidentifier() and not name[0].isdigit() else f"p_{name}"


def run_outcomes(
    scenario: Scenario, overrides: Mapping[str, Any], seeds: Sequence[int], months: int | None
) -> dict[str, float]:
    """:data:`OUTCOMES` of ``scenario`` with ``overrides``, averaged over ``seeds``.

    Each run is :func:`resetsim.sensitivity.runs.simulate_light` (the one run function,
    with the tables a study needs) seeded with ``SeedSequence(seed)``, as a batch row's
    seed is; the reset metrics are those of the sensitivity study
    (:func:`resetsim.sensitivity.runs.run_outputs`).
    """
    from resetsim.sensitivity.runs import run_outputs, simulate_light

    sc = scenario.with_overrides(dict(overrides)) if overrides else scenario
    rows = []
    for seed in seeds:
        result = simulate_light(sc, seed=np.random.SeedSequence(int(seed)), months=months)
        ts = result.timeseries
        crisis_months = (ts["phase"] == "crisis").to_numpy()
        half, survived, crisis = run_outputs(result.resets, len(ts), bool(crisis_months.any()))
        rows.append(
            (
                half,
                survived,
                crisis,
                float(ts["relationship"].iloc[-1]),
                float(ts["relationship"].mean()),
                float(ts["escalation"].max() > 0),
            )
        )
    means = np.asarray(rows, dtype=float).mean(axis=0)
    return dict(zip(OUTCOMES, (float(v) for v in means), strict=True))


@dataclass(frozen=True)
class ResetsimFunction:
    """The function an EMA ``Model`` calls: identifier-named values in, outcomes out.

    A picklable object (not a closure), so EMA's multiprocessing evaluator can send it
    to workers.

    Attributes:
        scenario: the validated scenario every experiment starts from.
        ranges: the uncertainties and levers, in parameter order.
        seeds: the common seeds each experiment runs on.
        months: stop every run after this many months (None: the scenario's horizon).

    """

    scenario: Scenario
    ranges: tuple[Range, ...]
    seeds: tuple[int, ...]
    months: int | None = None

    @property
    def names(self) -> dict[str, Range]:
        """EMA parameter name -> its range."""
        return {identifier(r.key): r for r in self.ranges}

    def overrides(self, values: Mapping[str, float]) -> dict[str, Any]:
        """Scenario overrides for one experiment's sampled values (by EMA name)."""
        from resetsim.sensitivity.ranges import overrides_for

        names = self.names
        unknown = sorted(set(values) - set(names))
        if unknown:
            raise ValueError(
                f"unknown parameter(s) {', '.join(unknown)}; known: {', '.join(names)}"
            )
        given = [(names[n], float(v)) for n, v in values.items()]
        return overrides_for([r for r, _ in given], [v for _, v in given], self.scenario)

    def __call__(self, **values: float) -> dict[str, float]:
        """Run one experiment: its outcomes, each a mean over the seeds."""
        return run_outcomes(self.scenario, self.overrides(values), self.seeds, self.months)


def _ema():
    try:
        import ema_workbench
    except ImportError as exc:  # pragma: no cover - the extra is not installed
        raise ImportError(
            "resetsim.ema needs the EMA Workbench: pip install 'resetsim[ema]'"
        ) from exc
    return ema_workbench


def _levers(levers: Mapping[str, tuple[float, float]] | None) -> list[Range]:
    out = []
    for key, bounds in (levers or {}).items():
        if not (isinstance(bounds, Sequence) and len(bounds) == 2):
            raise RangesError(f"lever {key}: give (low, high), got {bounds!r}")
        low, high = (float(b) for b in bounds)
        if not low < high:
            raise RangesError(f"lever {key}: low must be below high (got {low} and {high})")
        out.append(Range(key, low, high, "set", "lever"))
    return out


def ema_model(
    scenario: Scenario | str = "obama-2009",
    ranges: str | Path | Sequence[Range] | None = None,
    levers: Mapping[str, tuple[float, float]] | None = None,
    seeds: int = 4,
    base_seed: int = 0,
    months: int | None = None,
    name: str = "resetsim",
):
    """An ``ema_workbench.Model`` that runs ``scenario``.

    Args:
        scenario: a scenario, or its name or path.
        ranges: the uncertainties: a range file, a list of :class:`Range`, or None for the
            shipped ``ranges.toml``.
        levers: dotted key -> ``(low, high)`` of policy levers (set directly).
        seeds: runs per experiment (common seeds; outcomes are their means).
        base_seed: the seed the runs' seeds derive from.
        months: stop every run after this many months.
        name: the model's name (a Python identifier).

    Returns:
        The model, with ``uncertainties``, ``levers`` and ``outcomes`` set; its
        ``function`` is a :class:`ResetsimFunction`.

    Raises:
        RangesError: if a key is not a numeric parameter of the scenario or a range's
            end is not a valid value; ValueError for ``seeds < 1``.

    """
    from resetsim.batch.seeds import run_seed

    ema = _ema()
    if seeds < 1:
        raise ValueError(f"seeds must be at least 1 (got {seeds})")
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    uncertain = (
        list(ranges)
        if isinstance(ranges, Sequence) and not isinstance(ranges, str)
        else load_ranges(ranges)
    )
    policy = _levers(levers)
    check_ranges([*uncertain, *policy], sc, source=f"ema_model({sc.name})")
    names = [identifier(r.key) for r in (*uncertain, *policy)]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise RangesError(f"ema_model: parameter(s) given twice: {', '.join(twice)}")
    function = ResetsimFunction(
        scenario=sc,
        ranges=(*uncertain, *policy),
        seeds=tuple(run_seed(base_seed, sc.name, {}, r, common=True)[0] for r in range(seeds)),
        months=months,
    )
    model = ema.Model(name, function=function)
    model.uncertainties = [ema.RealParameter(identifier(r.key), r.low, r.high) for r in uncertain]
    if policy:
        model.levers = [ema.RealParameter(identifier(r.key), r.low, r.high) for r in policy]
    model.outcomes = [ema.ScalarOutcome(o) for o in OUTCOMES]
    return model


def lhs_design(model, n: int, seed: int = 0) -> list:
    """``n`` Latin-hypercube points over ``model``'s uncertainties, as EMA scenarios.

    Drawn with ``scipy.stats.qmc.LatinHypercube(seed=seed)`` so the design is the same on
    every version of the workbench; pass the list as ``perform_experiments(model,
    scenarios=design)``. The points are ``ema_workbench.Sample`` objects (3.x) or
    ``ema_workbench.Scenario`` objects (2.x).
    """
    from scipy.stats import qmc

    ema = _ema()
    point = getattr(ema, "Sample", None) or ema.Scenario
    params = list(model.uncertainties)
    unit = qmc.LatinHypercube(d=len(params), seed=seed).random(n)
    lows = np.array([p.lower_bound for p in params])
    highs = np.array([p.upper_bound for p in params])
    values = qmc.scale(unit, lows, highs)
    return [
        point(f"lhs{i}", **{p.name: float(v) for p, v in zip(params, row, strict=True)})
        for i, row in enumerate(values)
    ]


@dataclass(frozen=True)
class Box:
    """A PRIM box: where the cases of interest concentrate.

    Attributes:
        limits: restricted parameter -> ``(low, high)`` inside the box.
        coverage: share of all cases of interest that fall in the box.
        density: share of the box's experiments that are cases of interest.
        mass: share of all experiments in the box.
        trajectory: the peeling trajectory (coverage, density, mass, res_dim per step).

    """

    limits: dict[str, tuple[float, float]]
    coverage: float
    density: float
    mass: float
    trajectory: pd.DataFrame


def prim_box(experiments: pd.DataFrame, y: np.ndarray, min_density: float = 0.8, **kwargs) -> Box:
    """Run PRIM and pick the box of highest coverage whose density is at least ``min_density``.

    Works on ema-workbench 2.5 (whose ``Prim`` takes a ``threshold``) and 3.x (which
    leaves the choice of box to the user); the choice made here is the same on both.

    Args:
        experiments: the experiments table of ``perform_experiments`` (its uncertainty
            columns are used; ``scenario``, ``policy`` and ``model`` are dropped).
        y: one boolean per experiment: is it a case of interest?
        min_density: the least density a box may have (the last box if none reaches it).
        **kwargs: passed to ``prim.Prim`` (``peel_alpha``, ``mass_min``, ...).

    """
    from ema_workbench.analysis import prim

    x = experiments.drop(columns=[c for c in ("scenario", "policy", "model") if c in experiments])
    y = np.asarray(y, dtype=bool)
    if y.shape != (len(x),):
        raise ValueError(f"y has {y.size} values for {len(x)} experiments")
    if "threshold" in inspect.signature(prim.Prim.__init__).parameters:
        kwargs.setdefault("threshold", min_density)
    box = prim.Prim(x, y, **kwargs).find_box()
    trajectory = box.peeling_trajectory.reset_index(drop=True)
    dense = trajectory.index[trajectory["density"] >= min_density]
    i = int(trajectory.loc[dense, "coverage"].idxmax()) if len(dense) else len(trajectory) - 1
    first, chosen = box.box_lims[0], box.box_lims[i]
    limits = {
        str(col): (float(chosen[col].iloc[0]), float(chosen[col].iloc[1]))
        for col in chosen.columns
        if (chosen[col].iloc[0], chosen[col].iloc[1]) != (first[col].iloc[0], first[col].iloc[1])
    }
    row = trajectory.loc[i]
    return Box(
        limits, float(row["coverage"]), float(row["density"]), float(row["mass"]), trajectory
    )
