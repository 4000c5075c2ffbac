"""The ``resetsim validate-model`` command (``calibrate`` is in :mod:`resetsim.cli.calibrate`).

``validate-model`` reports every pattern and summarises the calibration, sensitivity and
ABC folders given to it on the validation page.

Exit code 0 even when a pattern fails (the command reports, it does not gate); failures
are printed in red and listed at the end. Exit code 1 only for bad input (e.g. ``--out``
is a file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from resetsim.cli.common import (
    WorkersOpt,
    check_writable,
    console,
    fail,
    say,
)
from resetsim.cli.options import default_workers

__all__ = ["validate_model_cmd"]


_FOLDERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "--calibration": ("calibrate", ("calibration.json", "points.csv")),
    "--sensitivity": ("sensitivity", ("study.json", "indices.csv")),
    "--abc": ("calibrate --method abc", ("abc.json", "posterior.png")),
    "--null-calibration": ("calibrate --method null", ("null.json",)),
}
"""A folder the command reads: its option -> the command that writes it and its files."""


def _folder_option(flag: str, kind: Any = Path, more: str = " on the page", text: str = "") -> Any:
    """The option naming an output folder of ``flag``'s command (:data:`_FOLDERS`).

    Args:
        flag: the option, a key of :data:`_FOLDERS`.
        kind: the option's type (``list[Path]`` for a repeatable one).
        more: the end of the help of a folder the page summarises.
        text: the help instead, with ``{command}`` for the command that writes the folder.

    """
    command = _FOLDERS[flag][0]
    text = text or f"With --doc: summarise this `resetsim {{command}}` output folder{more}."
    return Annotated[kind | None, typer.Option(flag, help=text.format(command=command))]


CalibrationOpt = _folder_option("--calibration")
SensitivityOpt = _folder_option(
    "--sensitivity", list[Path], " on the page (repeatable: one study per scenario)"
)
AbcOpt = _folder_option("--abc", more="")
NullCalibrationOpt = _folder_option(
    "--null-calibration", text="A `resetsim {command}` folder: the null model's own values."
)
SeedsOpt = Annotated[
    int, typer.Option("--seeds", min=2, help="Runs per pattern ensemble (seeds 1000...).")
]
EscalationSeedsOpt = Annotated[
    int | None,
    typer.Option(
        "--escalation-seeds",
        min=2,
        help="Runs per escalation ensemble (seeds 2000...); default 5 x --seeds.",
    ),
]
MechanismSeedsOpt = Annotated[
    int | None,
    typer.Option(
        "--mechanism-seeds",
        min=0,
        help="Runs per claim and mode beside the null model and placebo calendars "
        "(seeds 0...); default --seeds; 0 skips the comparison.",
        show_default=False,
    ),
]
OutOpt = Annotated[
    Path, typer.Option("--out", help="Folder for the tables (CSV, Markdown) and figures.")
]
DocOpt = Annotated[
    Path | None,
    typer.Option(
        "--doc",
        help="Also write the validation page here (e.g. docs/validation.md), "
        "figures in its img/ folder.",
    ),
]


def _check_written(flag: str, folder: Path) -> None:
    """``folder`` must hold the files that ``flag``'s command writes (a finished run of it)."""
    command, files = _FOLDERS[flag]
    missing = [f for f in files if not (folder / f).is_file()]
    if missing:
        raise fail(
            f"{flag} {folder}: no {', '.join(missing)} there; give the --out folder of a "
            f"finished `resetsim {command}` run"
        )


def _check_section_folder(flag: str, folder: Path | None, doc: Path | None) -> None:
    """A folder summarised on the page needs --doc and the files its command writes."""
    if folder is None:
        return
    if doc is None:
        raise fail(f"{flag} needs --doc (it adds a section to the page)")
    _check_written(flag, folder)


def validate_model_cmd(
    seeds: SeedsOpt = 100,
    escalation_seeds: EscalationSeedsOpt = None,
    out: OutOpt = Path("results/validation"),
    doc: DocOpt = None,
    workers: WorkersOpt = None,
    calibration: CalibrationOpt = None,
    sensitivity: SensitivityOpt = None,
    abc: AbcOpt = None,
    null_calibration: NullCalibrationOpt = None,
    mechanism_seeds: MechanismSeedsOpt = None,
) -> None:
    """Run the model's nine patterns (docs/ODD.md 1.2) on ensembles; pass/fail per claim.

    Also compares the history scenario with Gallup and the crisis/reset windows, and
    reports escalation risk per decade with and without crisis management.
    """
    from resetsim.validation.report import validate_model, write_report

    check_writable(out)
    if doc is not None:
        check_writable(doc, "--doc", folder=False)
    if doc is not None and doc.suffix.lower() != ".md":
        raise fail(f"--doc {doc}: give a Markdown file name ending in .md")
    for folder in sensitivity or []:
        _check_section_folder("--sensitivity", folder, doc)
    _check_section_folder("--calibration", calibration, doc)
    _check_section_folder("--abc", abc, doc)
    null_parameters = None
    if null_calibration is not None:
        _check_written("--null-calibration", null_calibration)
        from resetsim.validation.null_calibration import load_null_parameters

        null_parameters = load_null_parameters(null_calibration)
    n_workers = workers or default_workers()
    n_esc = escalation_seeds or 5 * seeds
    say(
        f"Validating: {seeds} seeds per ensemble, {n_esc} per escalation ensemble, "
        f"{n_workers} worker(s)..."
    )
    n_mech = seeds if mechanism_seeds is None else mechanism_seeds
    report = validate_model(
        seeds=seeds,
        escalation_seeds=n_esc,
        workers=n_workers,
        mechanism_seeds=n_mech,
        null_parameters=null_parameters,
    )
    from rich.table import Table

    table = Table("pattern", "statistic", "threshold", "value", "result", title="Patterns")
    checks = report.checks
    for i, c in enumerate(checks):
        first = i == 0 or checks[i - 1].pattern != c.pattern
        last = i == len(checks) - 1 or checks[i + 1].pattern != c.pattern
        table.add_row(
            f"{c.pattern}. {c.title}" if first else "",
            c.statistic,
            c.threshold_text,
            c.value_text,
            "pass" if c.passed else "FAIL",
            style="" if c.passed else "bold red",
            end_section=last,
        )
    console.print(table)
    stats = report.gallup_stats
    say(
        f"Gallup (US favourable to Russia, {stats['points']} points): r = {stats['r']:.2f}, "
        f"mean absolute error {stats['mae']:.1f} points, mean error {stats['bias']:+.1f}."
    )
    hits = ", ".join(
        f"{w} {h:.0%}"
        for w, h in zip(report.windows["window"], report.windows["hit_rate"], strict=True)
    )
    say(f"Window hit rates: {hits}.")
    esc = report.escalation
    for condition in dict.fromkeys(esc["condition"]):
        rows = esc[esc["condition"] == condition]
        text = ", ".join(
            f"{w} {r:.1%} [{lo:.1%}, {hi:.1%}]"
            for w, r, lo, hi in zip(
                rows["window"], rows["risk"], rows["ci_low"], rows["ci_high"], strict=True
            )
        )
        say(f"Escalation risk, {condition}: {text}.")
    try:
        paths = write_report(report, out)
        say(f"Wrote {', '.join(sorted(p.name for p in paths.values()))} to {out}/")
        if doc is not None:
            from resetsim.validation.doc import write_doc

            write_doc(
                report,
                doc,
                figures_from=out,
                sensitivity=sensitivity,
                calibration=calibration,
                abc=abc,
            )
            say(f"Wrote {doc} and its figures in {doc.parent / 'img'}/")
    except OSError as exc:
        raise fail(f"cannot write the report: {exc}") from None
    if report.mechanism:
        from resetsim.validation.mechanism import headline

        counts = headline(report.mechanism)
        say(
            "Patterns beside the null model and placebo calendars: "
            + ", ".join(f"{v} {k}" for k, v in counts.items())
            + "."
        )
    failed = report.failures
    passed = len(report.checks) - len(failed)
    if failed:
        say(
            f"{len(failed)} of {len(report.checks)} checks FAILED: "
            + "; ".join(f"pattern {c.pattern}: {c.statistic}" for c in failed)
        )
    else:
        say(f"All {passed} checks pass.")
    say(f"({report.seconds:.0f} s)")
