"""Sections of the validation page about calibration and sensitivity.

Each function reads the output folder of a command (``resetsim calibrate``, ``resetsim
sensitivity``) or the shipped scenarios and returns Markdown lines for
:func:`resetsim.validation.doc.render_doc`. The sensitivity section lives in
:mod:`resetsim.validation.sobol_page` (its names are re-exported here).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from resetsim.scenario.schema import Dynamics, PhaseRules, Structure
from resetsim.validation.calibration import _grid_row, _value
from resetsim.validation.history import HISTORY
from resetsim.validation.sobol_page import sensitivity_section, sensitivity_sections, study_figure

__all__ = [
    "BASE_SCENARIOS",
    "CALIBRATED",
    "calibration_rows",
    "calibration_section",
    "sensitivity_section",
    "sensitivity_sections",
    "study_figure",
]

CALIBRATED = (
    (
        "structure.relax_rate",
        Structure,
        "0.04",
        "pattern 1: the gain of a reset halves within a few years (the Obama reset ran "
        "its course within three years, FPRI 2016)",
    ),
    (
        "structure.clash_impact",
        Structure,
        "0.12",
        "pattern 2: crises near 1999, 2008 and 2014 without crises in the quiet years",
    ),
    (
        "dynamics.trust_clash",
        Dynamics,
        "",
        "pattern 2: trust lost in clashes sets when realism slides into disillusionment",
    ),
    (
        "structure.escalation_level",
        Structure,
        "-0.5",
        "pattern 9: escalation possible only in deep crises, risk within 0.5-10%",
    ),
    (
        "phases.crisis_severity",
        PhaseRules,
        "",
        "pattern 2: one very severe clash (Georgia 2008, Crimea 2014) opens a crisis at once",
    ),
)
"""Parameters moved by hand against the targets: key, schema table, earlier default
(empty when set once), target."""


def _kosovo_severity() -> float | None:
    from resetsim.validation.ensemble import scenario

    for event in scenario(HISTORY).events:
        if "kosovo" in event.label.lower() and event.kind == "clash":
            return float(event.severity)
    return None


def calibration_rows() -> pd.DataFrame:
    """The hand-calibrated parameters with their current defaults (read from the schema)."""
    rows = []
    for key, table, before, target in CALIBRATED:
        field = key.split(".", 1)[1]
        rows.append(
            {
                "parameter": f"`{key}`",
                "default now": f"{table.model_fields[field].default:g}",
                "before calibration": before or "-",
                "set against": target,
            }
        )
    kosovo = _kosovo_severity()
    rows.append(
        {
            "parameter": f"`{HISTORY}`: Kosovo air war (1999-03) severity",
            "default now": f"{kosovo:g}" if kosovo is not None else "n/a",
            "before calibration": "-",
            "set against": "pattern 2: the 1999 crisis (the hardest of the three to reach)",
        }
    )
    return pd.DataFrame(rows)


BASE_SCENARIOS = (HISTORY, "obama-2009", "bush-2001", "trump-2017", "teaching-neustadt")
"""Shipped scenarios that do not extend another; the calibrated values are written in each."""


def _shipped_sentence(points: pd.DataFrame, keys: list[str], best: Mapping[str, Any]) -> str:
    """Which grid point the shipped scenarios use, and where it ranks."""
    from resetsim.scenario import load_scenario

    used = {name: tuple(_value(load_scenario(name), k) for k in keys) for name in BASE_SCENARIOS}
    names = ", ".join(f"`{n}`" for n in used)
    tail = (
        "written in each file's `[dynamics]` table where it differs from the schema "
        "default; the schema defaults in `docs/ODD.md` stay the uncalibrated assumptions "
        "for new scenarios."
    )
    if len(set(used.values())) != 1:
        return f"The shipped scenarios ({names}) do not all use the same values."
    shipped = next(iter(used.values()))
    values = ", ".join(f"`{k}` = {v:g}" for k, v in zip(keys, shipped, strict=True))
    if shipped == tuple(best[k] for k in keys):
        return (
            f"Every shipped scenario that does not extend another ({names}) uses the best "
            f"point ({values}), {tail}"
        )
    row = _grid_row(points, keys, shipped)
    if row is None:
        return f"The shipped scenarios ({names}) use {values}, which is not on this grid."
    tie = "tied with the best" if row["tied_with_best"] else "not tied with the best"
    return (
        f"Every shipped scenario that does not extend another ({names}) uses {values}: rank "
        f"{int(row['rank'])}, error {row['gallup_mae']:.2f}, {tie}. A tied point is preferred "
        "when the best fails a claim the calibration does not check; the scenario files say "
        f"which. The values are {tail}"
    )


def calibration_section(folder: str | Path, img: str = "img") -> list[str]:
    """Markdown lines summarising a ``resetsim calibrate`` folder for ``docs/validation.md``.

    Args:
        folder: the calibration's ``--out`` folder (``points.csv``, ``calibration.json``).
        img: where the page links its figure (``validation-calibration.png``).

    """
    from resetsim.validation.report import markdown_table

    folder = Path(folder)
    meta = json.loads((folder / "calibration.json").read_text())
    points = pd.read_csv(folder / "points.csv")
    keys = list(meta["grid"])
    top = points.head(5)
    spread = float(top["gallup_mae"].max() - top["gallup_mae"].min())
    table = pd.DataFrame(
        {
            "rank": top["rank"],
            "grid point": [
                ", ".join(f"`{k}` = {row[k]:g}" for k in keys) for _, row in top.iterrows()
            ],
            "accepted": ["yes" if a else "no" for a in top["accepted"]],
            "tied with best": ["yes" if t else "no" for t in top["tied_with_best"]],
            "Gallup MAE": [f"{v:.1f}" for v in top["gallup_mae"]],
            "mean error": [f"{v:+.1f}" for v in top["gallup_bias"]],
            "r": [f"{v:.2f}" for v in top["gallup_r"]],
        }
    )
    grid = " ".join(
        f"--grid {k}={','.join(f'{v:g}' for v in vs)}" for k, vs in meta["grid"].items()
    )
    best = meta["best"]
    lines = [
        "### Public opinion parameters: a grid filtered by pattern 2",
        "",
        f"`resetsim calibrate` ran `{meta['scenario']}` at {meta['points']} grid points x "
        f"{meta['seeds_per_point']} seeds (the same seeds at every point), kept the "
        f"{meta['accepted']} points that meet every claim of pattern 2 and ranked them by "
        "the mean absolute error against Gallup's level, which pattern 2 leaves free "
        "(pattern-oriented filtering, Grimm et al. 2005; a grid form of rejection ABC, "
        "Hartig et al. 2011). The five best:",
        "",
        markdown_table(table),
        "",
        f"The five best points differ by at most {spread:.1f} points of mean absolute error, "
        f"and {meta.get('tied_with_best', '?')} accepted points cannot be told apart from "
        "the best (the 95% interval of their paired difference in error, bootstrapped over "
        "the seeds, includes 0): the Gallup series pins down a band of values (a warmer "
        "midpoint going with larger event swings) rather than one point, and the choice "
        "within the band is the rule's (smallest error), not the data's.",
        "",
        "![Gallup error against Gallup correlation per grid point]"
        f"({img}/validation-calibration.png)",
        "",
    ]
    if best is None:
        lines.append("No grid point met every claim; the scenario files were left as they were.")
    else:
        lines.append(_shipped_sentence(points, keys, best))
    lines += [
        "",
        "Reproduce: `resetsim calibrate "
        f"{grid} --seeds {meta['seeds_per_point']} --out results/calibration`, then "
        "`resetsim validate-model --doc docs/validation.md --calibration results/calibration` "
        "(or `make validate`).",
        "",
    ]
    return lines
