"""The validation page's sections on mechanism versus construction and on calibration.

:func:`mechanism_section` turns the results of :func:`resetsim.validation.mechanism.evaluate`
into the page's headline (how many patterns are reproduced by mechanism, by construction,
or fail), its table (every claim: full model with its interval, null model, placebo
calendars, the paired differences, the runs a claim needs) and a plain statement of what
is emergent, imposed and assumed. :func:`abc_section` summarises a ``resetsim calibrate
--method abc`` folder.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from resetsim.validation.abc import NO_CRISIS_KEY, observed_statistics
from resetsim.validation.claims import GENERATIVE
from resetsim.validation.mechanism import (
    ClaimResult,
    headline,
    pattern_verdicts,
    results_table,
)
from resetsim.validation.pattern_setup import TITLES

__all__ = ["abc_section", "headline_sentence", "mechanism_section", "read_diagnosis"]


def headline_sentence(results: Sequence[ClaimResult]) -> str:
    """One sentence: patterns by mechanism, by construction, without comparison, failing."""
    counts = headline(results)
    total = sum(counts.values())
    return (
        f"**Of {total} patterns: {counts['mechanism']} reproduced by mechanism, "
        f"{counts['construction']} by construction (a null model or placebo calendars do as "
        f"well), {counts['no comparison']} with no possible comparison with a control, "
        f"{counts['failing']} failing.**"
    )


def _verdict_lines(results: Sequence[ClaimResult]) -> list[str]:
    verdicts = pattern_verdicts(results)
    groups: dict[str, list[str]] = {}
    for pattern, verdict in verdicts.items():
        groups.setdefault(verdict, []).append(f"{pattern} ({TITLES[pattern]})")
    names = {
        "mechanism": "Emergent (reproduced by the mechanism, beating both controls)",
        "construction": "Imposed or structural (a control reproduces it as well)",
        "no comparison": "Not comparable (the control lacks what the claim counts)",
        "failing": "Failing (the full model does not meet the claim)",
    }
    return [f"- **{names[v]}:** {', '.join(p)}." for v, p in groups.items()]


def _null_sentence(null_parameters: Mapping[str, Any] | None) -> str:
    if not null_parameters:
        return (
            "The null model runs with the scenario's own values: no calibration of its own "
            "was given (`resetsim calibrate --method null`), so the comparison favours the "
            "full model."
        )
    values = ", ".join(f"`{k}` = {v:g}" for k, v in null_parameters.items())
    return (
        f"The null model of the `{GENERATIVE}` claims has its own calibration on the same "
        f"targets as the full model's (`resetsim calibrate --method null`, calibration seeds): "
        f"{values}."
    )


ESCALATION_DIAGNOSIS = "escalation-diagnosis.csv"
"""File of ``scripts/escalation_diagnosis.py`` in a calibration folder: where and when runs
of the generative history escalate, per condition (calibration seeds)."""


def _escalation_lines(
    results: Sequence[ClaimResult], diagnosis: pd.DataFrame | None = None
) -> list[str]:
    """Why pattern 9 fails, when it does: the model, not the claim.

    Args:
        results: the page's claim results (pattern 9's share claim is looked up).
        diagnosis: the rows of :data:`ESCALATION_DIAGNOSIS` (one per condition, the first
            the scenario as shipped), if measured.
    """
    share = next((r for r in results if r.claim.pattern == "9" and r.claim.kind == "share"), None)
    if share is None or share.holds:
        return []
    text = (
        f"**Pattern 9 fails because of the model, not the claim.** {100 * share.estimate:.0f}% "
        f"of the runs of `{GENERATIVE}` reach open military confrontation in 1992-2016 "
        f"(95% interval {100 * share.low:.0f}-{100 * share.high:.0f}%), against a claim of "
        "at most 10% written before the values (the 0.1.0 check on the scripted history, "
        "where 3% escalate) and a record with none. The claim is the one MODEL.md states "
        "(crisis management keeps the risk low) and its other half holds (removing crisis "
        "management raises the risk); its label names the scenario's own crisis management "
        "(the posterior median). A month can escalate only when the relationship is below "
        "`structure.escalation_level` and a clash of severity 0.5 or more arrives; then "
        "`structure.crisis_management` removes a fixed share of the risk. The depth of the "
        "crises and the escalation risk are not bound together: a higher crisis management "
        "lowers the risk and leaves the crisis windows as they were (the counts below), but the "
        "record, one history without escalation, hardly tells its value (its posterior 90% "
        "interval spans most of its prior, `abc.json`), and the median the page runs at "
        "leaves too much risk. The model has no mechanism of its own that keeps a deep "
        "crisis short of force (such as the military channels of the record): the claim "
        "would hold only by a value the data do not choose."
    )
    if diagnosis is not None and len(diagnosis):
        text += " " + _diagnosis_sentence(diagnosis)
    return [text, ""]


def _diagnosis_sentence(diagnosis: pd.DataFrame) -> str:
    """Where and when runs escalate, per condition, from the diagnosis table."""
    shipped, others = diagnosis.iloc[0], diagnosis.iloc[1:]
    windows = "crisis windows hit" in diagnosis.columns
    parts = [
        f"{row['condition']}: {row['escalated']} of {row['runs']} "
        f"(lowest {row['median lowest relationship']:.2f}"
        + (f"; windows {row['crisis windows hit']}" if windows else "")
        + ")"
        for _, row in others.iterrows()
    ]
    return (
        f"Measured on calibration seeds {shipped['seeds']} (`python "
        f"scripts/escalation_diagnosis.py`): as shipped {shipped['escalated']} of "
        f"{shipped['runs']} runs escalate, {shipped['in 2014-2016']} of them first in "
        "2014-2016 (Crimea, the sanctions, Syria), and the median run's lowest relationship "
        f"is {shipped['median lowest relationship']:.2f}"
        + (
            f", with a crisis in the 1999/2008/2014 windows in {shipped['crisis windows hit']} "
            "of them"
            if windows
            else ""
        )
        + "; "
        + "; ".join(parts)
        + "."
    )


def read_diagnosis(folder: str | Path | None) -> pd.DataFrame | None:
    """The escalation diagnosis stored in a calibration ``folder``, if there is one."""
    path = None if folder is None else Path(folder) / ESCALATION_DIAGNOSIS
    return pd.read_csv(path) if path is not None and path.is_file() else None


def mechanism_section(
    results: Sequence[ClaimResult],
    null_parameters: Mapping[str, Any] | None = None,
    diagnosis: pd.DataFrame | None = None,
) -> list[str]:
    """Markdown lines: headline, the table of claims, and what is emergent or imposed.

    ``diagnosis`` is the escalation diagnosis (:func:`read_diagnosis`) quoted where
    pattern 9 fails.
    """
    seeds = min((r.seeds for r in results), key=len) if results else range(0)
    table = results_table(results)
    return [
        "## Mechanism or construction: every pattern beside a null model and placebos",
        "",
        headline_sentence(results),
        "",
        f"Each claim runs three ways on the same {len(seeds)} seeds "
        f"({seeds[0] if len(seeds) else '-'}-{seeds[-1] if len(seeds) else '-'}; common "
        "random numbers, seeds never used for tuning; a claim that needs more runs for 99% "
        "power at its estimate on calibration seeds runs on more consecutive seeds, its "
        "'runs' column says how many): the **full** model; the **null** "
        "model (no actor moves, `dynamics.move_rate_scale` 0, and no proposal that can be "
        "tabled: relaxation, chance events and the scheduled opportunities only); and "
        "**placebo** calendars (each run's scheduled events redated at random within the "
        "run, one calendar per run). A share claim holds when its Wilson 95% bound (lower "
        "for at least, upper for at most) is on the claimed side, decided on counts; a "
        "difference claim when its paired bootstrap 95% interval excludes 0. A pattern is "
        "*reproduced by mechanism* only where every claim of it holds and the full model "
        "beats both controls (paired bootstrap interval of full minus control excludes 0 "
        "on the pattern's side). 'runs for 99%' is the ensemble size with which the claim "
        "would pass with 99% probability if the current estimate were the truth (exact "
        "binomial for shares, normal approximation for differences; '-' where the "
        "estimate is not on the claimed side).",
        "",
        markdown(table),
        "",
        f"Patterns 2 and 9 run on `{GENERATIVE}` (only opportunities scheduled: the "
        "generative core); the other patterns on `obama-2009`, whose scheduled events "
        "still include what its actors decided, and which lists no actor moves, so its "
        "null model differs from it only by the proposals. " + _null_sentence(null_parameters),
        "",
        *_verdict_lines(results),
        "",
        *_escalation_lines(results, diagnosis),
        "**Imposed** in every run: the dates of scheduled opportunities (shuffled by the "
        "placebos), the severities and readings of events, the phase thresholds that "
        "label Giles's stages, and the relaxation towards a structural baseline (present "
        "in the null model). **Assumed**: the repertoire of moves and its hazards (first "
        "guesses, not calibrated), escalation parameters, and everything `docs/ODD.md` "
        'marks "assumption".',
        "",
    ]


def markdown(table: pd.DataFrame) -> str:
    """The claims table as Markdown (via the report's table writer)."""
    from resetsim.validation.report import markdown_table

    return markdown_table(table)


def abc_section(folder: str | Path, img: str = "img") -> list[str]:
    """Markdown lines summarising a ``resetsim calibrate --method abc`` folder.

    In-sample (what the posterior was fitted to, and the posterior-predictive check on those
    statistics) and out-of-sample (never seen; the forecast from ``forecast.csv`` when the
    folder holds one) are kept in separate subsections.
    """
    folder = Path(folder)
    meta = json.loads((folder / "abc.json").read_text())
    rows = pd.DataFrame(
        {
            "parameter": [f"`{k}`" for k in meta["posterior"]],
            "prior (uniform)": [f"{lo:g}-{hi:g}" for lo, hi in meta["parameters"].values()],
            "posterior median": [f"{q['median']:.3g}" for q in meta["posterior"].values()],
            "90% interval": [f"{q['q05']:.3g}-{q['q95']:.3g}" for q in meta["posterior"].values()],
        }
    )
    eps = ", ".join(f"{e:.3g}" for e in meta["epsilons"])
    memory = (
        f", peak memory {meta['peak_pss_mb']:.0f} MB (proportional set of the process tree)"
        if meta.get("peak_pss_mb")
        else ""
    )
    note = f" {meta['note']}" if meta.get("note") else ""
    if meta.get("effective_sample_size"):  # calibrations before it was recorded have none
        note = (f" The last generation's effective sample size (Kish) is "
                f"{meta['effective_sample_size']:.0f} of {meta['population']}.{note}")  # fmt: skip
    return [
        "### Calibration as inference: ABC-SMC",
        "",
        f"`resetsim calibrate --method abc` ran pyabc's ABC-SMC on `{meta['scenario']}`: "
        f"population {meta['population']}, {meta['generations']} generation(s) after pyabc's "
        f"calibration sample, {meta['runs_per_particle']} run(s) per particle on calibration "
        f"seeds from {meta['seed_base']} (never the page's or the tests'), "
        f"{meta['simulations']} particles simulated in {meta['seconds'] / 60:.0f} min on "
        f"{meta['workers']} worker(s){memory}; acceptance thresholds {eps}.{note} "
        "The intervals are posterior intervals (uncertainty about the parameters given these "
        "statistics and this model), not seed noise. With one run per particle a binary "
        "statistic matched by a share of runs is its likelihood, so escalation (observed: none "
        "in 1992-2016) weighs the escalation risk without forcing it to zero. With adaptive "
        "scale weights the thresholds of successive generations are on different scales. "
        "Simulation is almost all of the wall time (pyabc's timing), so on a Dask cluster "
        "(pyabc's `DaskDistributedSampler`) the time divides by about the number of workers; "
        "memory grows with the workers, each holding one model at a time.",
        "",
        markdown(rows),
        "",
        f"`{meta['scenario']}` takes the posterior medians as its values of these parameters "
        "(its header says so).",
        "",
        f"![ABC-SMC posterior of each parameter]({img}/validation-posterior.png)",
        "",
        *_in_sample(meta, img),
        *_held_out(folder),
    ]


def _statistic(key: str) -> str:
    """A predictive-check key as the page's table names it.

    ``quiet_2005`` (:data:`~resetsim.validation.abc.NO_CRISIS_KEY`) is a crisis in 2005, a
    year the record has none in.
    """
    quiet = f"{NO_CRISIS_KEY}_"
    if key.startswith(quiet):
        return f"crisis in {key.removeprefix(quiet)} (none on record)"
    return key.replace("_", " ")


def _in_sample(meta: dict, img: str) -> list[str]:
    """The posterior-predictive check on the statistics the calibration was fitted to."""
    lines = [
        "#### In-sample: what the posterior was fitted to",
        "",
        "Fitted to, 1992-2016 only: whether each crisis window (1999, 2008, 2014) carries the "
        "crisis stage and each reset window (2001, 2009) the reset stage; whether a year the "
        "record has no crisis in (the quiet windows of `history.NO_CRISIS`: 2002-03, 2005, "
        "2010) carries one; whether the run escalated; Gallup's US favourability up to 2014; "
        "salient hostile and cooperative events per five years of the shipped 1991-2016 "
        "timeline (the statistics a calibration of its time had are in its `abc.json`). A "
        "fit to these is consistency, not predictive skill.",
        "",
    ]
    fit = meta.get("predictive")
    if not fit:
        return lines
    inside, points = fit["gallup_in_band_in_sample"]
    record = observed_statistics()  # what the calibration matched each statistic against
    table = pd.DataFrame(
        [
            {
                "statistic": _statistic(key),
                "record": "yes" if record[key] else "no",
                "share of predictive runs (95% CI)": f"{v['share']:.0%} "
                f"[{v['ci_low']:.0%}, {v['ci_high']:.0%}]",
            }
            for key, v in fit.items()
            if isinstance(v, dict)
        ]
    )
    return [
        *lines,
        f"Posterior predictive ({fit['draws']} parameter sets drawn from the posterior, one run "
        f"each on seeds from {fit['seed_base']}: parameter and seed uncertainty together): "
        f"{inside} of {points} fitted Gallup points inside the 90% band; the predictive "
        f"median misses them by {fit['gallup_mae_in_sample']:.1f} points on average.",
        "",
        markdown(table),
        "",
        f"![Posterior-predictive history with bands]({img}/validation-predictive.png)",
        "",
    ]


def _held_out(folder: Path) -> list[str]:
    """What the calibration never saw, and the forecast drawn from its posterior."""
    lines = [
        "#### Held out: never seen by the calibration",
        "",
        "Roll calls, the case library, the patterns on `obama-2009` and everything after "
        "2016-12. The shipped Gallup series ends in 2014, so no later opinion point is held "
        "out.",
        "",
    ]
    path = folder / "forecast.csv"
    if not path.is_file():
        return lines
    fc = pd.read_csv(path)
    table = pd.DataFrame(
        {
            "outcome, 2017-01 to 2022-12": fc["label"],
            "probability": [f"{p:.0%}" for p in fc["probability"]],
            "parameter + seed (bootstrap over draws, 95%)": [
                f"{lo:.0%}-{hi:.0%}" for lo, hi in zip(fc["boot_low"], fc["boot_high"], strict=True)
            ],
            "Monte Carlo (Wilson, 95%)": [
                f"{lo:.0%}-{hi:.0%}" for lo, hi in zip(fc["mc_low"], fc["mc_high"], strict=True)
            ],
            "per-draw probability, 5-95%": [
                f"{lo:.0%}-{hi:.0%}" for lo, hi in zip(fc["draw_q05"], fc["draw_q95"], strict=True)
            ],
        }
    )
    first = fc.iloc[0]
    return [
        *lines,
        f"The `trump-2017-generative` forecast from this posterior (`resetsim batch "
        f"trump-2017-generative --posterior posterior.csv --draws {first['draws']}`, "
        f"{first['runs']} runs; built on knowledge to 2016-12 only): the probability "
        "integrates over parameters and seeds; the bootstrap interval resamples whole "
        "parameter draws (parameter + seed uncertainty); the Wilson interval is the Monte "
        "Carlo error alone; the last column is the spread of the per-draw probabilities.",
        "",
        markdown(table),
        "",
    ]
