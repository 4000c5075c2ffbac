"""The options the measuring scripts share: a block of seeds and how many processes.

Used as ``from seed_block import seed_block`` by scripts run as
``python scripts/<name>.py`` (the script's folder is on the import path).
"""

from __future__ import annotations

import argparse
from pathlib import Path


def seed_block(doc: str, first: int, runs: int = 200) -> tuple[range, int]:
    """The seeds ``--first`` .. ``--first + --runs - 1`` and the ``--jobs`` to use.

    Args:
        doc: the script's docstring (its first line is the ``--help`` description).
        first: default first seed (tuning seeds >= 100000, test seeds below 10000).
        runs: default number of seeds.

    """
    args = _block_parser(doc, first, runs).parse_args()
    return range(args.first, args.first + args.runs), args.jobs


def seed_block_with_sets(
    doc: str, first: int, runs: int = 200, argv: list[str] | None = None
) -> tuple[range, int, dict[str, str]]:
    """:func:`seed_block` plus ``--set KEY=VALUE`` overrides of the scenario (repeatable).

    A malformed ``--set`` or a repeated key is a usage error (exit 2), not a traceback.
    """
    parser = _block_parser(doc, first, runs)
    parser.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE",
        help="override a scenario value, e.g. dynamics.scheduled_clash_reading=0.5",
    )  # fmt: skip
    args = parser.parse_args(argv)
    overrides: dict[str, str] = {}
    for item in args.set:
        key, eq, value = item.partition("=")
        if not eq or not key or not value:
            parser.error(f"--set {item!r}: expected KEY=VALUE, e.g. dynamics.relax_rate=0.05")
        if key in overrides:
            parser.error(f"--set {key}: given twice; give each key once")
        overrides[key] = value
    return range(args.first, args.first + args.runs), args.jobs, overrides


def _block_parser(doc: str, first: int, runs: int) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--first", type=int, default=first, help="first seed of the block")
    parser.add_argument("--runs", type=int, default=runs, help="seeds (runs per condition)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    return parser


def calibration_block(
    doc: str, runs: int, out: Path, argv: list[str] | None = None
) -> tuple[range, int, Path]:
    """``--seeds`` seeds from ``--base`` (calibration range only), ``--workers`` and ``--out``.

    Args:
        doc: the script's docstring (its first line is the ``--help`` description).
        runs: default number of seeds.
        out: default CSV the script writes.
        argv: the arguments (None: the command line).

    A ``--base`` below 100000 is refused: tuning never looks at the test seeds.
    """
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=runs)
    parser.add_argument("--base", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--out", type=Path, default=out)
    args = parser.parse_args(argv)
    if args.base < 100_000:
        parser.error(f"--base must be 100000 or above (calibration seeds), not {args.base}")
    return range(args.base, args.base + args.seeds), args.workers, args.out


def write_table(rows: list[dict], out: Path) -> None:
    """Write ``rows`` as a CSV to ``out`` (its folder made if need be) and print them."""
    import pandas as pd

    table = pd.DataFrame(rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False)
    print(table.to_string(index=False))


def share_text(k: int, n: int) -> str:
    """``k`` of ``n`` runs as ``"k of n, share [low, high]"`` with a Wilson 95% interval."""
    from resetsim.validation.checks import wilson_interval

    if not n:
        return "n/a (no runs)"
    low, high = wilson_interval(k, n)
    return f"{k} of {n}, {k / n:.1%} [{low:.1%}, {high:.1%}]"
