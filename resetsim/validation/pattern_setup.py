"""What every pattern shares: the default scenario, the seeds, titles and check builders."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pandas as pd

from resetsim.scenario.schema import DEFAULT_SIDES
from resetsim.validation.checks import Check, check
from resetsim.validation.ensemble import Ensembles

__all__ = [
    "CORE_PROPOSALS",
    "DEFAULT",
    "ESCALATION_SEEDS",
    "SEEDS",
    "TITLES",
    "core_proposals",
    "seed_range",
    "side_names",
    "sides",
]

DEFAULT = "obama-2009"
SEEDS = range(1000, 1040)
"""Seeds of the test-suite ensembles (40 runs)."""
ESCALATION_SEEDS = range(2000, 2200)
"""Seeds of the test-suite escalation ensembles (200 runs per condition)."""

TITLES = {
    "1": "A reset raises cooperation, then decays",
    "2": "Three Giles cycles, 1992-2016",
    "3": "Willing presidents cannot sustain partnership",
    "4": "Giving up a core interest is stopped",
    "5": "A shock absorber makes crises rarer",
    "6": "A shared worldview makes a reset durable",
    "7": "Command is not compliance",
    "8": "Deals that happen are peripheral",
    "9": "Escalation risk low but not zero",
}


@functools.lru_cache(maxsize=16)
def sides(name: str = DEFAULT) -> tuple[str, str]:
    """The two side ids of scenario ``name``, in declaration order (first: the US side)."""
    from resetsim.validation.ensemble import scenario

    first, second = scenario(name).side_ids
    return first, second


@functools.lru_cache(maxsize=16)
def side_names(name: str = DEFAULT) -> tuple[str, str]:
    """The two sides' names of scenario ``name`` ("the United States", "Russia")."""
    from resetsim.validation.ensemble import scenario

    first, second = scenario(name).declared_sides
    return first.name, second.name


def core_proposals(side: str) -> list[dict[str, Any]]:
    """Proposals in which ``side`` gives up a core interest (patterns 4 and 8).

    Agencies are the default scenario's (its first side's State, Defense and Treasury,
    its second side's foreign ministry).
    """
    return [
        {
            "id": "cut-aid",
            "topic": "cutting military aid to Ukraine and Georgia",
            "core": True,
            "concedes": side,
            "instrument": "appropriation",
            "agencies": ["Defense", "State"],
        },
        {
            "id": "recognise-crimea",
            "topic": "recognising Crimea as Russian",
            "core": True,
            "concedes": side,
            "instrument": "executive",
            "agencies": ["State", "MFA"],
        },
        {
            "id": "lift-sanctions",
            "topic": "lifting the Ukraine-related sanctions",
            "core": True,
            "concedes": side,
            "instrument": "statute",
            "agencies": ["Treasury", "State"],
        },
    ]


CORE_PROPOSALS: list[dict[str, Any]] = core_proposals(DEFAULT_SIDES[0].id)
""":func:`core_proposals` of the first default side (the default scenario declares no sides)."""


def seed_range(n: int, base: int = 1000) -> range:
    """``n`` consecutive seeds from ``base`` (the convention of every ensemble here)."""
    return range(base, base + n)


def _ens(ensembles: Ensembles | None) -> Ensembles:
    return ensembles if ensembles is not None else Ensembles()


def _make(pattern: str) -> Callable[..., Check]:
    def make(statistic: str, op: str, threshold: Any, value: float, runs: int, basis: str = ""):
        return check(pattern, TITLES[pattern], statistic, op, threshold, value, runs, basis)

    return make


def _stack(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Rows of every run's table (empty tables skipped; one kept for the columns)."""
    full = [f for f in frames if len(f)]
    return pd.concat(full, ignore_index=True) if full else frames[0]


def _median(frame: pd.DataFrame, column: str) -> float:
    return float(frame[column].median()) if len(frame) else float("nan")
