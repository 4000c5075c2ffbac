"""Every claim rerun on disjoint seed blocks: how often does it pass?

A claim that passes on the page's seeds but fails on other seeds of the same size was
luck, not a property of the model. :func:`pass_rates` reruns each claim of
:mod:`resetsim.validation.claims` on ``blocks`` disjoint blocks of consecutive seeds
(inside the test and page range, 0-9999; never the calibration range) and counts the
blocks on which it holds (the full model; with ``controls``, also the blocks on which it
counts as reproduced by mechanism). ``make robustness`` writes the table into
``docs/validation.md`` between the markers :data:`START` and :data:`END`
(:func:`write_section`), so ``resetsim validate-model`` keeps it when it rewrites the page.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from resetsim.validation.claims import claims_for
from resetsim.validation.mechanism import MODES, Controls, judge
from resetsim.validation.seed_ranges import LAST_SEED, ROBUSTNESS_BASE

__all__ = ["END", "START", "existing_section", "pass_rates", "section_lines", "write_section"]

POWER_TABLE = Path(__file__).with_name("data") / "claim_power.csv"
"""Every claim on calibration seeds (``scripts/claim_power.py``): estimate, runs for 99%."""
BASE = ROBUSTNESS_BASE
"""First seed of the first block (``make robustness``)."""
MAX_BLOCK = (LAST_SEED + 1 - BASE) // 10
"""The largest block with which 10 disjoint blocks from :data:`BASE` stay in the range."""
START = "<!-- robustness:start -->"
END = "<!-- robustness:end -->"


def pass_rates(
    blocks: int,
    seeds: int,
    base: int = BASE,
    workers: int = 1,
    controls: bool = False,
    on_block: Callable[[int, pd.DataFrame], None] | None = None,
    only: set[str] | None = None,
) -> pd.DataFrame:
    """Per claim: on how many of ``blocks`` seed blocks it holds (and is by mechanism).

    Block ``b`` is seeds ``base + b * seeds`` ... ``base + (b + 1) * seeds - 1``, or of a
    claim that needs more runs (:attr:`~resetsim.validation.claims.Claim.runs`) blocks of
    that size from ``base``: each claim's blocks are disjoint.
    ``on_block(b, table)``, if given, receives the table of the blocks done so far after
    each block (e.g. to write it as it grows). ``only``: the claims of these patterns.
    """
    claims = claims_for(only)
    sizes = [len(claim.seeds(range(seeds))) for claim in claims]
    for claim, size in zip(claims, sizes, strict=True):
        if base + blocks * size - 1 > LAST_SEED:
            raise ValueError(
                f"pattern {claim.pattern} ({claim.statistic}): {blocks} blocks of {size} "
                f"seeds from {base} pass seed {LAST_SEED}, the end of the test range"
            )
    held = [0] * len(claims)
    mechanism = [0] * len(claims)
    for b in range(blocks):
        ctl = Controls(workers=workers)
        modes = MODES if controls else MODES[:1]
        for i, (claim, size) in enumerate(zip(claims, sizes, strict=True)):
            block = range(base + b * size, base + (b + 1) * size)
            result = judge(claim, block, {m: ctl.values(claim, m, block) for m in modes})
            held[i] += int(result.holds)
            mechanism[i] += int(result.verdict == "mechanism")
        if on_block is not None:
            on_block(b, _table(claims, held, mechanism if controls else None, b + 1))
    return _table(claims, held, mechanism if controls else None, blocks)


def _table(claims, held: list[int], mechanism: list[int] | None, blocks: int) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "pattern": [c.pattern for c in claims],
            "statistic": [c.statistic for c in claims],
            "claim": [c.claim_text for c in claims],
            "passed": held,
            "blocks": blocks,
            "pass_rate": [h / blocks for h in held],
        }
    )
    if mechanism is not None:
        table["by_mechanism"] = mechanism
    return table


def _why(row: pd.Series, cal: pd.Series | None, runs: int) -> str:
    """Why a claim passes on fewer than 95% of the blocks, from its calibration estimate."""
    if cal is None:
        return "no estimate on calibration seeds (run `scripts/claim_power.py`)"
    interval = (
        f"{cal['estimate']:.3g} [{cal['ci_low']:.3g}, {cal['ci_high']:.3g}] on calibration "
        f"seeds {cal['seeds']}"
    )
    needed = cal["runs_for_99"]
    if pd.isna(needed):
        return (
            f"the model does not meet the claim: {interval}, on the wrong side of the claim "
            "(no ensemble would make it pass); kept as the pattern states it, a failure"
        )
    if int(needed) > runs:
        return (
            f"the estimate is near the claim's bound: {interval} needs {int(needed)} runs for "
            f"99% power, the claim runs on {runs}"
            + (" (more than a block of the test range holds: undecidable at any size here)"
               if int(needed) > MAX_BLOCK else "")
        )  # fmt: skip
    return (
        f"the calibration estimate {interval} needs only {int(needed)} runs, so the test "
        "seeds show a weaker model than the calibration seeds do"
    )


def _reasons(table: pd.DataFrame, seeds: int) -> list[str]:
    low = table[table["pass_rate"] < 0.95]
    if not len(low):
        return []
    power = pd.read_csv(POWER_TABLE) if POWER_TABLE.is_file() else pd.DataFrame()
    claims = {(c.pattern, c.statistic): c for c in claims_for()}
    out = ["Why the claims below 95% fall short (estimates on calibration seeds only):", ""]
    for _, row in low.iterrows():
        key = (str(row["pattern"]), row["statistic"])
        match = power[
            (power["pattern"].astype(str) == key[0]) & (power["statistic"] == key[1])
        ] if len(power) else power  # fmt: skip
        claim = claims.get(key)
        runs = len(claim.seeds(range(seeds))) if claim is not None else seeds
        why = _why(row, match.iloc[0] if len(match) else None, runs)
        out.append(f"- pattern {key[0]}, {key[1]} ({row['pass_rate']:.0%}): {why}.")
    return [*out, ""]


def section_lines(table: pd.DataFrame, blocks: int, seeds: int, base: int) -> list[str]:
    """The page's robustness section (between the markers)."""
    from resetsim.validation.report import markdown_table

    shown = table.copy()
    shown["pass rate"] = [f"{p:.0%}" for p in shown.pop("pass_rate")]
    sizes = {(c.pattern, c.statistic): len(c.seeds(range(seeds))) for c in claims_for()}
    keys = zip(table["pattern"].astype(str), table["statistic"], strict=True)
    shown.insert(3, "runs per block", [sizes.get(key, seeds) for key in keys])
    kept = int((table["pass_rate"] >= 0.95).sum())
    return [
        START,
        "## Robustness: every claim on disjoint seed blocks",
        "",
        f"Each claim of the table above, full model, rerun on {blocks} disjoint blocks of "
        f"{seeds} seeds (seeds {base}-{base + blocks * seeds - 1}; a claim with more runs "
        f"per block takes its blocks from {base} on; none used for tuning). "
        f"{kept} of {len(table)} claims pass on at least 95% of the blocks. Regenerate with "
        "`make robustness`. A claim that needs more runs for 99% power at its estimate on "
        "calibration seeds (>= 100000) runs on blocks of that size ('runs per block').",
        "",
        markdown_table(shown),
        "",
        *_reasons(table, seeds),
        END,
    ]


def existing_section(page: str | Path) -> list[str]:
    """The robustness section of an existing page (markers included), or ``[]``."""
    path = Path(page)
    if not path.is_file():
        return []
    lines = path.read_text().splitlines()
    if START in lines and END in lines and lines.index(START) < lines.index(END):
        return lines[lines.index(START) : lines.index(END) + 1]
    return []


def write_section(page: str | Path, table: pd.DataFrame, blocks: int, seeds: int, base: int):
    """Put the section into ``page``: in place of the old one, or at the end."""
    path = Path(page)
    lines = path.read_text().splitlines()
    new = section_lines(table, blocks, seeds, base)
    old = existing_section(path)
    if old:
        i = lines.index(START)
        lines[i : i + len(old)] = new
    else:
        lines += ["", *new]
    path.write_text("\n".join(lines) + "\n")
