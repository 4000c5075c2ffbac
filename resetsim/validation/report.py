"""Run every pattern on larger ensembles and write the validation report.

:func:`validate_model` runs the nine patterns (MODEL.md) and the history comparisons
(Gallup, window hit rates, escalation per decade) and returns a
:class:`ValidationReport`; :func:`write_report` writes its tables (CSV and Markdown)
and figures to a folder; :func:`write_doc` writes ``docs/validation.md``, the page that
documents how the model was checked and where it misses. ``resetsim validate-model``
does all three.
"""

from __future__ import annotations

import platform
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from resetsim.validation.checks import Check
from resetsim.validation.ensemble import Ensembles, scenario
from resetsim.validation.escalation import escalation_table
from resetsim.validation.history import (
    HISTORY,
    favourability_bands,
    gallup_comparison,
    load_gallup,
    phase_shares,
    window_table,
)
from resetsim.validation.patterns import DEFAULT, all_patterns, seed_range
from resetsim.version import package_version

__all__ = [
    "FIGURES",
    "ValidationReport",
    "checks_markdown",
    "checks_table",
    "figures",
    "lateness",
    "markdown_table",
    "validate_model",
    "write_report",
]

FIGURES = {
    "favourability": "validation-gallup.png",
    "phases": "validation-phases.png",
    "escalation": "validation-escalation.png",
}
"""Figure name -> file name (the same in a report folder and in ``docs/img/``)."""

MANAGED, UNMANAGED = "crisis management 0.8", "crisis management 0"


@dataclass
class ValidationReport:
    """Everything ``resetsim validate-model`` reports."""

    checks: list[Check]
    seeds: Sequence[int]
    escalation_seeds: Sequence[int]
    windows: pd.DataFrame
    gallup: pd.DataFrame
    gallup_stats: dict[str, float]
    bands: pd.DataFrame
    shares: pd.DataFrame
    escalation: pd.DataFrame
    seconds: float
    meta: dict[str, Any] = field(default_factory=dict)
    lateness: pd.DataFrame = field(default_factory=pd.DataFrame)
    mechanism: list[Any] = field(default_factory=list)

    @property
    def failures(self) -> list[Check]:
        """Checks that did not pass."""
        return [c for c in self.checks if not c.passed]


def validate_model(
    seeds: int = 100,
    escalation_seeds: int | None = None,
    workers: int = 1,
    seed_base: int = 1000,
    escalation_base: int = 2000,
    mechanism_seeds: int = 0,
    mechanism_base: int = 0,
    null_parameters: dict[str, Any] | None = None,
) -> ValidationReport:
    """Run all nine patterns and the history comparisons.

    With ``workers > 1`` the runs go to a pool of processes started with
    ``forkserver``; a script calling this needs the ``if __name__ == "__main__":`` guard.

    Args:
        seeds: runs per ensemble (seeds ``seed_base`` ... ``seed_base + seeds - 1``).
        escalation_seeds: runs per escalation ensemble (default ``5 * seeds``; escalation
            is rare, so it needs more runs), seeds from ``escalation_base``.
        workers: worker processes.
        seed_base: first seed of the pattern ensembles.
        escalation_base: first seed of the escalation ensembles.
        mechanism_seeds: runs per mode of every claim beside the null model and placebo
            calendars (:mod:`resetsim.validation.mechanism`); 0 skips it.
        mechanism_base: first seed of those runs.
        null_parameters: the null model's own calibration for the history claims.

    """
    started = time.perf_counter()
    pattern_seeds = seed_range(seeds, seed_base)
    esc_seeds = seed_range(escalation_seeds or 5 * seeds, escalation_base)
    with Ensembles(workers=workers) as ens:
        checks = all_patterns(pattern_seeds, esc_seeds, ens)
        late = lateness([r.deliveries for r in ens.get(DEFAULT, pattern_seeds)])
        history = [r.timeseries for r in ens.get(HISTORY, pattern_seeds)]
        managed = [r.timeseries for r in ens.get(HISTORY, esc_seeds)]
        unmanaged = [
            r.timeseries for r in ens.get(HISTORY, esc_seeds, {"structure.crisis_management": 0.0})
        ]
    mechanism = []
    if mechanism_seeds:
        from resetsim.validation.mechanism import evaluate

        mechanism = evaluate(
            seed_range(mechanism_seeds, mechanism_base),
            workers=workers,
            null_parameters=null_parameters,
        )
    gallup, stats = gallup_comparison(history)
    meta = {
        "package_version": package_version(),
        "python": platform.python_version(),
        "scenarios": {name: scenario(name).content_hash for name in (DEFAULT, HISTORY)},
        "workers": workers,
        "null_parameters": dict(null_parameters or {}),
    }
    return ValidationReport(
        checks=checks,
        seeds=pattern_seeds,
        escalation_seeds=esc_seeds,
        windows=window_table(history),
        gallup=gallup,
        gallup_stats=stats,
        bands=favourability_bands(history),
        shares=phase_shares(history),
        escalation=escalation_table({MANAGED: managed, UNMANAGED: unmanaged}),
        seconds=time.perf_counter() - started,
        meta=meta,
        lateness=late,
        mechanism=mechanism,
    )


def lateness(deliveries: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Per side, the mean share delivered at the due date and what the rest was lost to.

    One row per side: ``deals`` (delivery records), ``delivered``, ``lost_to_opposition``
    and ``lost_to_routine`` (means over the records; the three add up to 1).
    """
    frames = [d for d in deliveries if len(d)]
    if not frames:
        return pd.DataFrame(
            columns=["side", "deals", "delivered", "lost_to_opposition", "lost_to_routine"]
        )
    table = pd.concat(frames, ignore_index=True)
    return (
        table.groupby("side", sort=False)
        .agg(
            deals=("delivered_share", "size"),
            delivered=("delivered_share", "mean"),
            lost_to_opposition=("lost_to_opposition", "mean"),
            lost_to_routine=("lost_to_routine", "mean"),
        )
        .reset_index()
    )


def checks_table(checks: Sequence[Check]) -> pd.DataFrame:
    """One row per check: pattern, title, statistic, threshold, value, result, runs."""
    rows = [c.row() for c in checks]
    cols = ["pattern", "title", "statistic", "threshold", "value", "result", "runs"]
    return pd.DataFrame(rows, columns=[*cols, "op", "basis", "passed"])[cols]


def markdown_table(frame: pd.DataFrame, floats: str = "{:.3g}") -> str:
    """A pipe table of ``frame`` (no extra dependency), floats formatted with ``floats``."""

    def cell(v: Any) -> str:
        if isinstance(v, float):
            return "n/a" if pd.isna(v) else floats.format(v)
        return str(v).replace("|", "\\|")

    head = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(False)]
    return "\n".join([head, rule, *body])


def checks_markdown(checks: Sequence[Check]) -> str:
    """The pattern table as Markdown: pattern, statistic, threshold, value, result."""
    frame = pd.DataFrame(
        {
            "pattern": [f"{c.pattern}. {c.title}" for c in checks],
            "statistic": [c.statistic for c in checks],
            "threshold": [c.threshold_text for c in checks],
            "value": [c.value_text for c in checks],
            "result": ["pass" if c.passed else "**FAIL**" for c in checks],
        }
    )
    return markdown_table(frame)


def write_report(report: ValidationReport, out: str | Path) -> dict[str, Path]:
    """Write the tables (CSV, and the pattern table as Markdown) and figures to ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "patterns": out / "patterns.csv",
        "patterns_md": out / "patterns.md",
        "windows": out / "windows.csv",
        "gallup": out / "gallup.csv",
        "escalation": out / "escalation.csv",
        "lateness": out / "lateness.csv",
    }
    checks_table(report.checks).to_csv(paths["patterns"], index=False)
    paths["patterns_md"].write_text(checks_markdown(report.checks) + "\n")
    report.windows.to_csv(paths["windows"], index=False)
    report.gallup.to_csv(paths["gallup"], index=False)
    report.escalation.to_csv(paths["escalation"], index=False)
    report.lateness.to_csv(paths["lateness"], index=False)
    if report.mechanism:
        from resetsim.validation.mechanism import results_table

        paths["mechanism"] = out / "mechanism.csv"
        results_table(report.mechanism).to_csv(paths["mechanism"], index=False)
    figures(report, out)
    for name, file in FIGURES.items():
        paths[f"{name}_png"] = out / file
    return paths


def figures(report: ValidationReport, folder: str | Path) -> None:
    """Draw the three validation figures into ``folder`` (names in :data:`FIGURES`)."""
    import matplotlib.pyplot as plt

    from resetsim.validation.figures import (
        plot_escalation,
        plot_favourability,
        plot_phase_ribbon,
    )

    folder = Path(folder)
    n = len(report.seeds)
    for fig in (
        plot_favourability(
            report.bands,
            load_gallup(),
            report.gallup_stats,
            n,
            folder / FIGURES["favourability"],
        ),
        plot_phase_ribbon(report.shares, report.windows, n, folder / FIGURES["phases"]),
        plot_escalation(report.escalation, folder / FIGURES["escalation"]),
    ):
        plt.close(fig)
