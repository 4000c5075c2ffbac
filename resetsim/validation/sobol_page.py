"""The validation page's section on global sensitivity (Sobol' or Morris studies).

Each study is a folder written by ``resetsim sensitivity`` (``study.json``,
``indices.csv``); :func:`sensitivity_sections` turns one or more of them into Markdown
for :func:`resetsim.validation.doc.render_doc`. Sobol' studies get their first-order and
total indices with the bootstrap intervals SALib reports, which inputs matter for which
output (an input *matters* when the lower end of its ST interval is at least
:data:`MATTERS`), and, when the study ran several seeds per sample, how much of each
output's variance is still seed noise (:func:`resetsim.sensitivity.study.seed_noise`).

Seed noise left in the sample means (share ``q`` of their variance) biases the indices
(common random numbers make it a rough function of the inputs): it inflates the variance
every index is divided by, and adds up to ``q`` to the ST of each input whose change
reroutes the random path. With ``S``, ``T`` the estimates, an input's noise-free indices
lie near ``S / (1 - q)`` and between ``(T - q) / (1 - q)`` and ``T / (1 - q)``. An input
matters *beyond seed noise* when the lower end of its S1 interval, or of its ST interval
less ``q`` (scaled by ``1 / (1 - q)``), still reaches :data:`MATTERS`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from resetsim.validation.report import markdown_table

__all__ = [
    "MATTERS",
    "beyond_noise",
    "sensitivity_section",
    "sensitivity_sections",
    "study_figure",
]

MATTERS = 0.05
"""An input matters for an output when its ST interval lies above this share."""
PRECISE = 0.1
"""An output's indices are precise enough to rank inputs when no ST half-width exceeds this."""


def study_figure(meta: dict) -> str:
    """The page's file name of a study's figure: ``validation-<method>-<scenario>.png``."""
    return f"validation-{meta['method']}-{meta['scenario']}.png"


def sensitivity_sections(folders: Sequence[str | Path], img: str = "img") -> list[str]:
    """The page's sensitivity section: one subsection per study (none without studies)."""
    if not folders:
        return []
    lines = ["## Which parameters matter: global sensitivity", ""]
    for folder in folders:
        lines += sensitivity_section(folder, img)
    return lines


def _wide(idx: pd.DataFrame, col: str, outputs: list[str], order: list[str]) -> pd.DataFrame:
    """Parameter x output cells ``value ± half-width`` of index ``col`` (``col_conf``)."""
    value = idx.pivot(index="parameter", columns="output", values=col)
    half = idx.pivot(index="parameter", columns="output", values=f"{col}_conf")
    table = pd.DataFrame({"parameter": [f"`{p}`" for p in order]})
    for o in outputs:
        table[o] = [
            "n/a" if pd.isna(value.loc[p, o]) else f"{value.loc[p, o]:.2f} ± {half.loc[p, o]:.2f}"
            for p in order
        ]
    return table


def beyond_noise(part: pd.DataFrame, q: float) -> list[str]:
    """Inputs of one output's indices that matter even if all seed noise were interaction.

    Args:
        part: the output's rows of ``indices.csv``.
        q: the share of the sample means' variance that is seed noise (0 if unknown).

    """
    q = min(max(q, 0.0), 0.99)
    first = part["S1"] - part["S1_conf"]
    total = (part["ST"] - part["ST_conf"] - q) / (1 - q)
    return list(part.loc[(first >= MATTERS) | (total >= MATTERS), "parameter"])


def _noise_share(noise: dict[str, dict], output: str) -> float:
    value = noise.get(output, {}).get("noise_share_mean")
    return 0.0 if value is None or pd.isna(value) else float(value)


def _summary(idx: pd.DataFrame, outputs: list[str], noise: dict[str, dict]) -> pd.DataFrame:
    """Per output: the inputs that matter, the sums of S1 and ST, the seed-noise shares."""
    rows = []
    for o in outputs:
        part = idx[idx["output"] == o].sort_values("ST", ascending=False)
        low = part["ST"] - part["ST_conf"]
        matter = [f"`{p}`" for p in part.loc[low >= MATTERS, "parameter"]]
        robust = [f"`{p}`" for p in beyond_noise(part, _noise_share(noise, o))]
        share = noise.get(o, {})
        mean = share.get("mean")
        rows.append(
            {
                "output": o,
                "mean": "n/a" if mean is None else f"{mean:.3g}",
                "inputs that matter (ST interval above 0.05)": ", ".join(matter) or "none",
                "... beyond seed noise": ", ".join(robust) or "none",
                "sum S1": f"{part['S1'].sum():.2f}",
                "sum ST": f"{part['ST'].sum():.2f}",
                "largest ST ±": f"{part['ST_conf'].max():.2f}",
                "seed noise, one run": _share(share.get("noise_share_run")),
                "seed noise, sample mean": _share(share.get("noise_share_mean")),
            }
        )
    return pd.DataFrame(rows)


def _share(value: float | None) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{100 * value:.0f}%"


def _sobol_reading(idx: pd.DataFrame, outputs: list[str], noise: dict[str, dict]) -> str:
    """What the indices say in words: precision, inputs that matter for nothing, noise."""
    low = idx["ST"] - idx["ST_conf"]
    anywhere = set(idx.loc[low >= MATTERS, "parameter"])
    idle = [f"`{p}`" for p in dict.fromkeys(idx["parameter"]) if p not in anywhere]
    widest = idx.groupby("output")["ST_conf"].max().reindex(outputs)
    precise = [o for o in outputs if widest[o] <= PRECISE]
    noisy = [o for o in outputs if noise.get(o, {}).get("noise_share_mean", 0) >= 0.3]
    text = [
        f"Precise enough to rank the inputs (every ST half-width at most {PRECISE}): "
        f"{', '.join(precise) or 'none of the outputs'}; for the others only inputs whose "
        "whole interval lies above 0.05 can be said to matter."
    ]
    if idle:
        text.append(
            f"No output depends measurably on {', '.join(idle)} within its range (no ST "
            f"interval above {MATTERS})."
        )
    if noisy:
        text.append(
            f"For {', '.join(noisy)} at least 30% of the variance of the sample means is "
            "still seed noise. It counts as interaction: it adds up to that share to the ST "
            "of every input that reroutes the random path and shrinks every index by "
            "inflating the variance; so ST summing above 1 is largely noise here, and only "
            "the inputs that matter beyond seed noise (S1 interval above 0.05, or ST "
            "interval above 0.05 once the noise share is taken off) are shown to matter. "
            "More seeds per sample would shrink the share."
        )
    return " ".join(text)


def sensitivity_section(folder: str | Path, img: str = "img") -> list[str]:
    """Markdown lines summarising a sensitivity study written by ``resetsim sensitivity``.

    Args:
        folder: the study's ``--out`` folder (``indices.csv``, ``study.json``).
        img: where the page links its figure (:func:`study_figure`).

    """
    folder = Path(folder)
    meta = json.loads((folder / "study.json").read_text())
    idx = pd.read_csv(folder / "indices.csv")
    method, cost = meta["method"], meta.get("cost", {})
    main = "ST" if method == "sobol" else "mu_star"
    outputs = list(dict.fromkeys(idx["output"]))
    order = idx.groupby("parameter")[main].mean().sort_values(ascending=False).index.tolist()
    top = [f"`{p}`" for p in order[:3]]
    name = "Sobol'" if method == "sobol" else "Morris"
    seeds = int(meta["seeds_per_sample"])
    noise = {row["output"]: row for row in meta.get("seed_noise", [])}
    ranges = _ranges_file(meta)
    labels = meta.get("outputs") or {}
    described = "; ".join(f"`{o}`: {labels.get(o, o)}" for o in outputs)
    run_seeds = meta.get("seeds")
    seeding = (
        f"seeds {run_seeds[0]}-{run_seeds[-1]}"
        if run_seeds and len(run_seeds) > 1
        else f"seed {run_seeds[0]}"
        if run_seeds
        else f"base seed {meta.get('base_seed', 0)}"
    )
    wall, workers = cost.get("wall_seconds"), cost.get("workers", "?")
    plural = "s" if workers != 1 else ""
    when = f" in {wall / 60:.0f} min wall on {workers} worker{plural}" if wall else ""
    lines = [
        f"### `{meta['scenario']}`",
        "",
        f"`{meta['scenario']}`, {name} with n = {meta['n']}, {seeds} "
        f"seed{'s' if seeds != 1 else ''} per sample ({seeding}, the same for every sample: "
        f"common random numbers; a sample's output is the mean over its runs), "
        f"{cost.get('runs', '?')} runs{when}; ranges in `{ranges}`. Outputs: {described}. "
        f"The three largest: {', '.join(top)} (by mean {main} over the outputs).",
        "",
    ]
    if method == "sobol":
        lines += [
            "Total-effect indices ST (share of the output's variance due to the input, with "
            "its interactions; ± the 95% bootstrap half-width):",
            "",
            markdown_table(_wide(idx, "ST", outputs, order)),
            "",
            "First-order indices S1 (share due to the input alone; ± 95% half-width):",
            "",
            markdown_table(_wide(idx, "S1", outputs, order)),
            "",
            "Per output: its mean over all runs, the inputs that matter (and those that "
            "matter beyond seed noise, see below), the sums of the "
            "indices (S1 summing to about 1 means no interactions; ST summing far above 1, "
            "strong ones), the widest ST interval, and the seed noise: the variance across "
            "the seeds of one sample as a share of a single run's variance, and (divided by "
            "the seeds per sample) as a share of the variance of the sample means that the "
            "indices apportion.",
            "",
            markdown_table(_summary(idx, outputs, noise)),
            "",
        ]
        reading = _sobol_reading(idx, outputs, noise)
        lines += [reading, ""] if reading else []
    else:
        lines += [
            "Morris mu* (mean absolute elementary effect over the whole range; ± 95% CI):",
            "",
            markdown_table(_wide(idx, "mu_star", outputs, order)),
            "",
        ]
    option = (
        "" if meta.get("output_set", "reset") == "reset" else f" --outputs {meta['output_set']}"
    )
    start = f" --seed-start {run_seeds[0]}" if run_seeds else ""
    lines += [
        f"![{name} sensitivity indices per parameter and output]({img}/{study_figure(meta)})",
        "",
        "The indices hold for these ranges only (wider ranges for a parameter raise its "
        "share). Reproduce: `resetsim sensitivity "
        f"{meta['scenario']} --method {method} --n {meta['n']} --seeds-per-sample {seeds}"
        f"{start}{option} --ranges {ranges} --workers 2 --out results/{method}`, then "
        f"`resetsim validate-model --doc docs/validation.md --sensitivity results/{method}` "
        "(`make validate` runs the sensitivity studies, the calibration and this page in one "
        "go).",
        "",
    ]
    return lines


def _ranges_file(meta: dict) -> str:
    """The study's range file as a path relative to the repository where possible."""
    text = str(meta.get("ranges_file", "resetsim/sensitivity/ranges.toml"))
    marker = text.rfind("resetsim/")
    return text[marker:] if marker >= 0 else text
