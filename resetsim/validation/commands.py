"""The ``resetsim validate-model`` command: every pattern, as a report.

Exit code 0 even when a pattern fails (the command reports, it does not gate); failures
are printed in red and listed at the end. Exit code 1 only for bad input (e.g. ``--out``
is a file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

__all__ = ["validate_model_cmd"]

_out = Console(highlight=False)
_err = Console(stderr=True, highlight=False, soft_wrap=True)


def _fail(message: str) -> typer.Exit:
    _err.print(f"[bold red]error:[/] {message}")
    return typer.Exit(1)


def _default_workers() -> int:
    from resetsim.batch.executors import default_workers

    return default_workers()


def validate_model_cmd(
    seeds: Annotated[
        int, typer.Option("--seeds", min=2, help="Runs per pattern ensemble (seeds 1000...).")
    ] = 100,
    escalation_seeds: Annotated[
        int | None,
        typer.Option(
            "--escalation-seeds",
            min=2,
            help="Runs per escalation ensemble (seeds 2000...); default 5 x --seeds.",
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the tables (CSV, Markdown) and figures.")
    ] = Path("results/validation"),
    doc: Annotated[
        Path | None,
        typer.Option(
            "--doc",
            help="Also write the validation page here (e.g. docs/validation.md), "
            "figures in its img/ folder.",
        ),
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Worker processes (default: CPUs).")
    ] = None,
    sensitivity: Annotated[
        Path | None,
        typer.Option(
            "--sensitivity",
            help="With --doc: summarise this `resetsim sensitivity` output folder on the page.",
        ),
    ] = None,
) -> None:
    """Run the model's nine patterns (docs/ODD.md 1.2) on ensembles; pass/fail per claim.

    Also compares the history scenario with Gallup and the crisis/reset windows, and
    reports escalation risk per decade with and without crisis management.
    """
    from resetsim.validation.report import validate_model, write_report

    for path, flag in ((out, "--out"), (doc.parent if doc else None, "--doc")):
        if path is not None and path.exists() and not path.is_dir():
            raise _fail(f"{flag} {path} is a file; give a folder")
    if doc is not None and doc.suffix.lower() != ".md":
        raise _fail(f"--doc {doc}: give a Markdown file name ending in .md")
    if sensitivity is not None:
        if doc is None:
            raise _fail("--sensitivity needs --doc (it adds a section to the page)")
        missing = [f for f in ("study.json", "indices.csv") if not (sensitivity / f).is_file()]
        if missing:
            raise _fail(
                f"--sensitivity {sensitivity}: no {', '.join(missing)} there; give the --out "
                "folder of a finished `resetsim sensitivity` run"
            )
    n_workers = workers or _default_workers()
    n_esc = escalation_seeds or 5 * seeds
    _out.print(
        f"Validating: {seeds} seeds per ensemble, {n_esc} per escalation ensemble, "
        f"{n_workers} worker(s)..."
    )
    report = validate_model(seeds=seeds, escalation_seeds=n_esc, workers=n_workers)
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
    _out.print(table)
    stats = report.gallup_stats
    _out.print(
        f"Gallup (US favourable to Russia, {stats['points']} points): r = {stats['r']:.2f}, "
        f"mean absolute error {stats['mae']:.1f} points, mean error {stats['bias']:+.1f}."
    )
    hits = ", ".join(
        f"{w} {h:.0%}"
        for w, h in zip(report.windows["window"], report.windows["hit_rate"], strict=True)
    )
    _out.print(f"Window hit rates: {hits}.")
    esc = report.escalation
    for condition in dict.fromkeys(esc["condition"]):
        rows = esc[esc["condition"] == condition]
        text = ", ".join(
            f"{w} {r:.1%} [{lo:.1%}, {hi:.1%}]"
            for w, r, lo, hi in zip(
                rows["window"], rows["risk"], rows["ci_low"], rows["ci_high"], strict=True
            )
        )
        _out.print(f"Escalation risk, {condition}: {text}.")
    try:
        paths = write_report(report, out)
        _out.print(f"Wrote {', '.join(sorted(p.name for p in paths.values()))} to {out}/")
        if doc is not None:
            from resetsim.validation.doc import write_doc

            write_doc(report, doc, figures_from=out, sensitivity=sensitivity)
            _out.print(f"Wrote {doc} and its figures in {doc.parent / 'img'}/")
    except OSError as exc:
        raise _fail(f"cannot write the report: {exc}") from None
    failed = report.failures
    passed = len(report.checks) - len(failed)
    if failed:
        _out.print(
            f"[bold red]{len(failed)} of {len(report.checks)} checks FAILED:[/] "
            + "; ".join(f"pattern {c.pattern}: {c.statistic}" for c in failed)
        )
    else:
        _out.print(f"[green]All {passed} checks pass.[/]")
    _out.print(f"({report.seconds:.0f} s)")
