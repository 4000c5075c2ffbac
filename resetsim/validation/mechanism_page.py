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

from resetsim.validation.claims import GENERATIVE
from resetsim.validation.mechanism import (
    ClaimResult,
    headline,
    pattern_verdicts,
    results_table,
)
from resetsim.validation.pattern_setup import TITLES

__all__ = ["abc_section", "headline_sentence", "mechanism_section"]


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


def mechanism_section(
    results: Sequence[ClaimResult], null_parameters: Mapping[str, Any] | None = None
) -> list[str]:
    """Markdown lines: headline, the table of claims, and what is emergent or imposed."""
    seeds = results[0].seeds if results else range(0)
    table = results_table(results)
    return [
        "## Mechanism or construction: every pattern beside a null model and placebos",
        "",
        headline_sentence(results),
        "",
        f"Each claim runs three ways on the same {len(seeds)} seeds "
        f"({seeds[0] if len(seeds) else '-'}-{seeds[-1] if len(seeds) else '-'}; common "
        "random numbers, seeds never used for tuning): the **full** model; the **null** "
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
    """Markdown lines summarising a ``resetsim calibrate --method abc`` folder."""
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
    return [
        "### Calibration as inference: ABC-SMC",
        "",
        f"`resetsim calibrate --method abc` ran pyabc's ABC-SMC on `{meta['scenario']}`: "
        f"population {meta['population']}, {meta['generations']} generation(s), "
        f"{meta['runs_per_particle']} run(s) per particle on calibration seeds from "
        f"{meta['seed_base']} (never the page's or the tests'), {meta['simulations']} "
        f"particles simulated in {meta['seconds']:.0f} s on {meta['workers']} worker(s); "
        f"acceptance thresholds {eps}. Fitted to (in-sample): the three crisis windows, "
        "Gallup's US favourability up to 2014 and salient hostile and cooperative events "
        "per five years of the shipped 1991-2016 timeline. Never seen (held out): roll "
        "calls, the case library and the patterns on `obama-2009`; the shipped Gallup "
        "series ends in 2014, so no later opinion point is held out. The intervals are "
        "posterior intervals (uncertainty about the parameters given these statistics and "
        "this model), not seed noise. With adaptive scale weights the thresholds of "
        "successive generations are on different scales and do not compare; a small "
        "population gives a coarse posterior in which a few particles carry most weight.",
        "",
        markdown(rows),
        "",
        f"![ABC-SMC posterior of each parameter]({img}/validation-posterior.png)",
        "",
    ]
