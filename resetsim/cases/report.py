"""The page ``docs/cases.md``: every case's forecast vs record, beside a base rate.

:func:`render_cases_page` turns the outcome records and whatever scores exist into
Markdown; a case whose scenario is not written yet still gets its record, with the
forecast left as a dash. The page says where the model does worse than the base rate.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from resetsim.cases.outcomes import BINARY_KINDS, CaseRecord
from resetsim.cases.readings import NOTES, case_notes, posterior_reach
from resetsim.cases.scoring import (
    BASE_RATE_RULE,
    CaseScore,
    base_rates,
    brier,
    miscalibrated,
    reliability,
)

__all__ = ["render_cases_page", "write_cases_page"]

DASH = "—"


def _num(value: float, digits: int = 2) -> str:
    return (
        DASH
        if value is None or (isinstance(value, float) and math.isnan(value))
        else f"{value:.{digits}f}"
    )


def _table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c).replace("|", "/") for c in row) + " |" for row in rows]
    return lines


def _verdict(score: CaseScore | None) -> str:
    if score is None or not len(score.binary):
        return "not scored yet"
    if score.brier < score.base_brier:
        return "model better than the base rate"
    if score.brier > score.base_brier:
        return "**model worse than the base rate**"
    return "model equal to the base rate"


def _summary(
    records: Mapping[str, CaseRecord],
    scores: Mapping[str, CaseScore],
    beside: Mapping[str, CaseScore] | None = None,
) -> list[str]:
    """The table of every case; with ``beside`` (seeds only), both forecasts' scores."""
    rows = []
    for name, r in records.items():
        s = scores.get(name)
        row = [
            f"[{name}](#{name})",
            f"{r.start} to {r.end}",
            "yes (calibration case)" if r.in_sample else "no",
        ]
        if beside is not None:
            b = beside.get(name)
            row += [str(b.runs) if b else DASH, _num(b.brier, 3) if b else DASH, _verdict(b)]
        row += [
            str(s.runs) if s else DASH,
            str(len(r.of_kind(*BINARY_KINDS))),
            str(len(s.binary)) if s else DASH,
            _num(s.brier, 3) if s else DASH,
            _num(s.base_brier, 3) if s else DASH,
            _verdict(s),
        ]
        rows.append(row)
    header = ["case", "window", "in sample"]
    if beside is None:
        header += ["runs", "binary outcomes", "scored", "model Brier", "base-rate Brier"]
        return _table([*header, "verdict"], rows)
    header += ["runs, seeds only", "model Brier, seeds only", "verdict, seeds only"]
    header += ["runs, posterior draws", "binary outcomes", "scored"]
    header += ["model Brier, posterior draws", "base-rate Brier", "verdict, posterior draws"]
    return _table(header, rows)


def _overall(
    records: Mapping[str, CaseRecord], scores: Mapping[str, CaseScore], label: str = ""
) -> list[str]:
    """One plain paragraph: on how many cases the model beats the base rate, which it fails."""
    scored = {n: s for n, s in scores.items() if n in records and len(s.binary)}
    if not scored:
        return []
    failed = [n for n, s in scored.items() if not s.brier < s.base_brier]
    held_out = [n for n, s in scored.items() if not s.in_sample]
    held_failed = [n for n in failed if n in held_out]
    text = (
        f"**Verdict{f', {label}' if label else ''}.** The model beats the base rate on "
        f"{len(scored) - len(failed)} of {len(scored)} scored cases "
        f"({len(held_out) - len(held_failed)} of {len(held_out)} held-out cases)."
    )
    if failed:
        text += (
            f" It fails {', '.join(failed)}: on these a forecaster who only knew how often "
            "such outcomes happen in the other cases would have done better than the "
            "model's runs. Each case's section lists the outcomes it misses most."
        )
    return [text, ""]


def _misses(score: CaseScore, count: int = 3) -> list[str]:
    """The outcomes the model misses most (largest Brier score, at least 0.25)."""
    worst = score.binary.sort_values("brier", ascending=False).head(count)
    worst = worst[worst["brier"] >= 0.25]
    return [
        f"- {r.label}: record {'yes' if r.record else 'no'}, forecast {r.forecast:.2f}"
        for r in worst.itertuples()
    ]


def _forecast_cells(score: CaseScore | None, outcome: str) -> list[str]:
    """Forecast and Brier score of ``outcome`` in ``score`` (dashes if not scored)."""
    scored = score.binary.set_index("id") if score is not None else pd.DataFrame()
    if outcome not in scored.index:
        return [DASH, DASH]
    return [_num(scored.loc[outcome, "forecast"]), _num(scored.loc[outcome, "brier"], 3)]


def _binary_rows(
    record: CaseRecord,
    score: CaseScore | None,
    rates: Mapping,
    beside: CaseScore | bool | None = False,
) -> list[list[str]]:
    """One row per binary outcome; ``beside`` (not False) adds the seeds-only forecast first."""
    scored = score.binary.set_index("id") if score is not None else pd.DataFrame()
    rows = []
    for o in record.of_kind(*BINARY_KINDS):
        start, end = record.window(o)
        happened = "yes" if o.happened else "no"
        cells = [] if beside is False else _forecast_cells(beside or None, o.id)
        cells += _forecast_cells(score, o.id)
        if o.id in scored.index:  # the score's own base rate, from the records it was given
            row = scored.loc[o.id]
            cells += [_num(row["base_rate"]), _num(row["base_brier"], 3)]
        else:
            base = rates[(record.case, o.id)]
            cells += [_num(base), _num(float(brier(base, o.happened)), 3)]
        rows.append(
            [o.label, o.kind, getattr(o, "side", ""), f"{start} to {end}", happened, *cells]
        )
    return rows


def _vote_rows(record: CaseRecord, score: CaseScore | None) -> list[list[str]]:
    scored = score.votes.set_index("id") if score is not None else pd.DataFrame()
    rows = []
    for o in record.of_kind("vote"):
        forecast = DASH
        if o.id in scored.index:
            v = scored.loc[o.id]
            forecast = (
                f"{v['forecast_share']:.2f} ({v['forecast_low']:.2f}-{v['forecast_high']:.2f}); "
                f"voted in {v['runs_with_vote']:.0%} of runs; error {v['error']:+.2f}"
            )
        rows.append([o.label, o.chamber, o.date, f"{o.yes}-{o.no} ({o.yes_share:.2f})", forecast])
    return rows


def _fate_lines(score: CaseScore, label: str) -> list[str]:
    """What became of the scored proposals in the runs: tabled, blocked (by whom), implemented."""
    fates = score.fates
    if not len(fates):
        return []
    rows = [
        [
            f"`{f.proposal}`",
            f"{f.tabled:.0%}",
            f"{f.blocked:.0%}",
            f"{f.blocked_by} ({f.blocked_by_share:.0%})" if f.blocked_by else DASH,
            f"{f.implemented:.0%}",
        ]
        for f in fates.itertuples()
    ]
    header = ["proposal", "tabled in", "blocked or rejected in", "blocked most often by"]
    return [
        f"What became of the scored proposals in the runs ({label}; share of runs):",
        "",
        *_table([*header, "implemented in"], rows),
        "",
    ]


def _case_section(
    record: CaseRecord,
    score: CaseScore | None,
    rates: Mapping,
    beside: CaseScore | bool | None = False,
    note: str = "",
) -> list[str]:
    """A case's section; ``beside`` (not False) is its seeds-only forecast, shown first."""
    sides = ", ".join(f"{s.id} ({s.name})" for s in record.sides)
    lines = [
        f"## {record.case}",
        "",
        f"**{record.title}.** Sides: {sides}. Information cut-off: {record.cutoff}. "
        f"Scenario: `{record.scenario}`.",
        "",
        " ".join(record.record_note.split()),
        "",
    ]
    if score is None:
        lines += ["Not forecast yet: its scenario is not written or was not run.", ""]
    else:
        if beside is not False:
            seeds = beside or None
            lines += [
                f"Forecast from {seeds.runs if seeds else 0} runs at the scenario's own "
                f"parameters (seeds only): {_verdict(seeds)}. Forecast from {score.runs} runs "
                f"with parameters drawn from the posterior: {_verdict(score)}.",
                "",
            ]
        else:
            lines += [f"Forecast from {score.runs} runs: {_verdict(score)}.", ""]
        misses = _misses(score) if len(score.binary) else []
        if misses:
            lines += ["Missed most:", "", *misses, ""]
        lines += _fate_lines(score, "runs" if beside is False else "posterior draws")
    if note:
        lines += ["**Reading the forecast** (written by hand after the runs):", "", note, ""]
        if record.in_sample:
            lines += ["The model was calibrated on this case: its score is in-sample.", ""]
    header = ["outcome", "kind", "side", "window", "record"]
    if beside is not False:
        header += ["forecast, seeds only", "Brier, seeds only"]
        header += ["forecast, posterior draws", "Brier, posterior draws"]
    else:
        header += ["forecast", "Brier"]
    rows = _binary_rows(record, score, rates, beside)
    lines += _table([*header, "base rate", "base-rate Brier"], rows)
    votes = _vote_rows(record, score)
    if votes:
        header = ["roll call", "chamber", "month", "record (yes share)", "forecast yes share"]
        lines += ["", *_table(header, votes)]
    if score is not None and len(score.unmatched):
        lines += ["", "Not matched to the runs:", ""]
        lines += [f"- `{u.id}`: {u.reason}." for u in score.unmatched.itertuples()]
    return [*lines, ""]


def _calibration_lines(table) -> list[str]:
    """Sentences on the bins whose record lies outside the forecast's 95% interval."""
    flagged = miscalibrated(table)
    if not int(table["n"].sum()):
        return ["No binary outcome was scored."]
    if flagged.empty:
        return [
            "In every bin the forecast lies within the 95% Wilson interval of what happened "
            "(with this few outcomes that is a weak test)."
        ]
    lines = ["Where the forecasts are not reliable (95% Wilson interval of the record):", ""]
    for r in flagged.itertuples():
        lines.append(
            f"- forecasts {r.bin_low:.1f}-{r.bin_high:.1f}: mean forecast {r.mean_forecast:.2f}, "
            f"but {r.hits} of {r.n} happened ({r.observed:.2f}, [{r.low:.2f}, {r.high:.2f}]): "
            f"{r.verdict}."
        )
    return lines


def _reliability_section(table: pd.DataFrame, label: str = "") -> list[str]:
    """The pooled reliability table of one forecast and the bins where it is not reliable."""
    rows = [
        [f"{r.bin_low:.1f}-{r.bin_high:.1f}", str(r.n), _num(r.mean_forecast), _num(r.observed)]
        for r in table.itertuples()
    ]
    lines = [f"**{label}**", ""] if label else []
    lines += _table(["forecast probability", "outcomes", "mean forecast", "observed"], rows)
    return [*lines, "", *_calibration_lines(table)]


def render_cases_page(
    records: Mapping[str, CaseRecord],
    scores: Mapping[str, CaseScore] | None = None,
    bins: int = 5,
    provenance: str = "",
    figure: str = "",
    beside: Mapping[str, CaseScore] | None = None,
    notes: Mapping[str, str] | None = None,
) -> str:
    """The Markdown of ``docs/cases.md``.

    Args:
        records: every case's outcomes, by case name (their order is the page's).
        scores: the scored cases by name; a case without a score shows its record only.
        bins: probability bins of the pooled reliability table.
        provenance: a sentence on how the scores were made (seeds, base seed, code).
        figure: the reliability figure's path relative to the page, shown above its table.
        beside: the seeds-only forecasts (the scenarios' own parameters), shown beside
            ``scores`` when those drew parameters from a posterior.
        notes: hand-written readings of a case's forecast, by case (see :func:`case_notes`).

    """
    scores = dict(scores or {})
    rates = base_rates(records)
    lines = [
        "# The case library: forecast vs record",
        "",
        "<!-- Generated by resetsim.cases.report.render_cases_page; do not edit by hand. -->",
        "",
        "Each case is forecast with the model's frozen parameters and scored against its",
        "outcomes file in `data/cases/` (the public record, never read by the model). A",
        "forecast probability is the share of runs in which the outcome happened within its",
        "window; the Brier score is (forecast - record)^2, 0 at best. Base rate: "
        + BASE_RATE_RULE
        + ".",
        "",
        *([provenance, ""] if provenance else []),
        *_summary(records, scores, beside),
        "",
    ]
    if beside is None:
        lines += _overall(records, scores)
    else:
        lines += _overall(records, beside, "seeds only")
        lines += _overall(records, scores, "posterior draws")
        lines += posterior_reach(scores)
    for name, record in records.items():
        seeds = False if beside is None else beside.get(name)
        lines += _case_section(record, scores.get(name), rates, seeds, (notes or {}).get(name, ""))
    lines += ["## Reliability, pooled across the scored cases", ""]
    if figure:
        lines += [f"![Reliability of the case forecasts]({figure})", ""]
    if beside is None:
        lines += _reliability_section(reliability(scores.values(), bins=bins))
    else:
        lines += _reliability_section(reliability(beside.values(), bins=bins), "Seeds only.")
        lines += [""]
        lines += _reliability_section(
            reliability(scores.values(), bins=bins), "Parameters drawn from the posterior."
        )
    return "\n".join(lines) + "\n"


def write_cases_page(
    path: str | Path,
    records: Mapping[str, CaseRecord],
    scores: Mapping[str, CaseScore] | None = None,
    provenance: str = "",
    figure: str = "",
    beside: Mapping[str, CaseScore] | None = None,
) -> Path:
    """Write :func:`render_cases_page` to ``path`` with the notes beside it; return ``path``."""
    target = Path(path)
    page = render_cases_page(
        records,
        scores,
        provenance=provenance,
        figure=figure,
        beside=beside,
        notes=case_notes(target.parent / NOTES, records),
    )
    target.write_text(page, encoding="utf-8")
    return target
