"""The options the measuring scripts share: a block of seeds and how many processes.

Used as ``from seed_block import seed_block`` by scripts run as
``python scripts/<name>.py`` (the script's folder is on the import path).
"""

from __future__ import annotations

import argparse


def seed_block(doc: str, first: int, runs: int = 200) -> tuple[range, int]:
    """The seeds ``--first`` .. ``--first + --runs - 1`` and the ``--jobs`` to use.

    Args:
        doc: the script's docstring (its first line is the ``--help`` description).
        first: default first seed (tuning seeds >= 100000, test seeds below 10000).
        runs: default number of seeds.

    """
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--first", type=int, default=first, help="first seed of the block")
    parser.add_argument("--runs", type=int, default=runs, help="seeds (runs per condition)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    args = parser.parse_args()
    return range(args.first, args.first + args.runs), args.jobs
