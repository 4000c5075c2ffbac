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

__all__ = ["END", "START", "existing_section", "pass_rates", "section_lines", "write_section"]

START = "<!-- robustness:start -->"
END = "<!-- robustness:end -->"


def pass_rates(
    blocks: int,
    seeds: int,
    base: int = 5000,
    workers: int = 1,
    controls: bool = False,
    on_block: Callable[[int, pd.DataFrame], None] | None = None,
) -> pd.DataFrame:
    """Per claim: on how many of ``blocks`` seed blocks it holds (and is by mechanism).

    Block ``b`` is seeds ``base + b * seeds`` ... ``base + (b + 1) * seeds - 1``.
    ``on_block(b, table)``, if given, receives the table of the blocks done so far after
    each block (e.g. to write it as it grows).
    """
    claims = claims_for()
    held = [0] * len(claims)
    mechanism = [0] * len(claims)
    for b in range(blocks):
        block = range(base + b * seeds, base + (b + 1) * seeds)
        ctl = Controls(workers=workers)
        modes = MODES if controls else MODES[:1]
        for i, claim in enumerate(claims):
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


def section_lines(table: pd.DataFrame, blocks: int, seeds: int, base: int) -> list[str]:
    """The page's robustness section (between the markers)."""
    from resetsim.validation.report import markdown_table

    shown = table.copy()
    shown["pass rate"] = [f"{p:.0%}" for p in shown.pop("pass_rate")]
    kept = int((table["pass_rate"] >= 0.95).sum())
    return [
        START,
        "## Robustness: every claim on disjoint seed blocks",
        "",
        f"Each claim of the table above, full model, rerun on {blocks} disjoint blocks of "
        f"{seeds} seeds (seeds {base}-{base + blocks * seeds - 1}, none used for tuning). "
        f"{kept} of {len(table)} claims pass on at least 95% of the blocks. Regenerate with "
        "`make robustness`.",
        "",
        markdown_table(shown),
        "",
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
