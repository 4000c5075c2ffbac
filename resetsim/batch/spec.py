"""What a batch is: scenarios, replicates, fixed overrides and a parameter grid.

A :class:`BatchSpec` holds the content of a study, nothing about how it is executed
(executor, workers, chunk size), so that one TOML file reproduces the study::

    scenarios = ["obama-2009"]
    seeds = 20                 # replicates per scenario and grid point
    base_seed = 0
    months = 48                # optional: runs cover only the first 48 months
    actors = true              # write the month x actor table
    common_seeds = false       # true: replicate r gets the same seed at every grid point

    [set]                      # fixed overrides, as ``--set``
    "structure.trade_share" = 0.05

    [grid]                     # cartesian product, as ``--grid``
    "structure.clash_rate" = [0.06, 0.12, 0.24]
    "dynamics.persuasion_rate" = "0.05:0.2:4"   # lo:hi:n, n evenly spaced values

``zip = [["k1", "k2"]]`` (``--zip``) links grid keys into one axis (:mod:`.links`).
Grid values given on the command line are written ``key=v1,v2,...`` or ``key=lo:hi:n``;
each value is read as TOML (numbers, booleans), else as text, like ``--set``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from resetsim.batch.links import check_links, grid_axes, grid_point
from resetsim.scenario.loader import parse_value

__all__ = [
    "SPEC_KEYS",
    "SPEC_VALUES",
    "BatchError",
    "BatchSpec",
    "expand_range",
    "parse_assignment",
    "parse_grid_text",
    "plain",
]

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_RANGE = re.compile(rf"^\s*({_NUMBER})\s*:\s*({_NUMBER})\s*:\s*(\d+)\s*$")
MAX_GRID_VALUES = 10_000
"""Values one grid axis may hold (a ``lo:hi:n`` range is refused before it is built)."""
SPEC_VALUES = (
    "seeds",
    "base_seed",
    "overrides",
    "grid",
    "months",
    "actors",
    "common_seeds",
    "links",
    "draws",
)
"""Keyword arguments of :meth:`BatchSpec.merged` besides the scenarios (values of a study)."""
SPEC_KEYS = (
    "scenarios",
    "seeds",
    "base_seed",
    "months",
    "actors",
    "common_seeds",
    "set",
    "grid",
    "zip",
    "draws",
)
"""The keys of a batch spec file, in the order ``BatchSpec.to_dict`` gives them."""


class BatchError(ValueError):
    """A batch cannot start or go on; the message says what to change."""


@dataclass(frozen=True)
class BatchSpec:
    """The content of a study.

    Attributes:
        scenarios: scenario names or ``.toml`` paths, run in this order.
        seeds: replicates per scenario and grid point.
        base_seed: entropy from which every run's seed is derived.
        overrides: fixed dotted-key overrides applied to every run (``--set``).
        grid: dotted key -> values; runs cover the cartesian product (``--grid``).
        months: months every run covers, the start month included (None: the scenario's).
        actors: also write the month x actor table (the largest one).
        common_seeds: give replicate ``r`` the same seed in every scenario and grid point
            (common random numbers, for paired comparisons).
        links: groups of grid keys taking their i-th values together (``--zip``).
        draws: joint parameter sets (e.g. drawn from a posterior), each a point of its
            own, instead of a grid's cartesian product.

    """

    scenarios: tuple[str, ...]
    seeds: int
    base_seed: int = 0
    overrides: Mapping[str, Any] = field(default_factory=dict)
    grid: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    months: int | None = None
    actors: bool = True
    common_seeds: bool = False
    links: tuple[tuple[str, ...], ...] = ()
    draws: tuple[tuple[tuple[str, Any], ...], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "scenarios", tuple(str(s) for s in self.scenarios))
        object.__setattr__(self, "overrides", {k: plain(v) for k, v in self.overrides.items()})
        for name in ("seeds", "base_seed", "months"):
            object.__setattr__(self, name, plain(getattr(self, name)))
        grid = {str(k): normalise_values(str(k), v) for k, v in self.grid.items()}
        object.__setattr__(self, "grid", grid)
        try:
            object.__setattr__(self, "links", check_links(self.links, grid))
        except ValueError as exc:
            raise BatchError(str(exc)) from None
        draws = tuple(tuple((str(k), plain(v)) for k, v in dict(d).items()) for d in self.draws)
        object.__setattr__(self, "draws", draws)

    @property
    def axes(self) -> list[tuple[str, ...]]:
        """The grid's axes (:func:`.links.grid_axes`); the last varies fastest."""
        return grid_axes(self.grid, self.links)

    @property
    def n_points(self) -> int:
        """Number of grid points (1 without a grid), or of parameter draws."""
        if self.draws:
            return len(self.draws)
        return math.prod(len(self.grid[axis[0]]) for axis in self.axes)

    @property
    def n_runs(self) -> int:
        """Total number of runs."""
        return len(self.scenarios) * self.n_points * self.seeds

    def point(self, index: int) -> tuple[tuple[str, Any], ...]:
        """Grid point (or draw) number ``index`` as ``((key, value), ...)`` in grid order."""
        if self.draws:
            return self.draws[index]
        return grid_point(self.grid, self.links, index)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready content (grid values as lists)."""
        return {
            "scenarios": list(self.scenarios),
            "seeds": self.seeds,
            "base_seed": self.base_seed,
            "months": self.months,
            "actors": self.actors,
            "common_seeds": self.common_seeds,
            "set": dict(self.overrides),
            "grid": {k: list(v) for k, v in self.grid.items()},
            **({"zip": [list(g) for g in self.links]} if self.links else {}),
            **({"draws": [dict(d) for d in self.draws]} if self.draws else {}),
        }

    def to_toml(self) -> str:
        """The spec as a TOML file that ``load_spec`` reads back to an equal spec."""
        lines = [
            "# resetsim batch spec: run it again with",
            "#   resetsim batch --spec THIS_FILE --out NEW_DIR",
            f"scenarios = {_toml_value(list(self.scenarios))}",
            f"seeds = {self.seeds}",
            f"base_seed = {self.base_seed}",
        ]
        if self.months is not None:
            lines.append(f"months = {self.months}")
        lines += [
            f"actors = {_toml_value(self.actors)}",
            f"common_seeds = {_toml_value(self.common_seeds)}",
            *([f"zip = {_toml_value(list(self.links))}"] if self.links else []),
            *(
                ["draws = [", *(f"  {_toml_table(d)}," for d in self.draws), "]"]
                if self.draws
                else []
            ),
            "",
            "[set]",
            *(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in self.overrides.items()),
            "",
            "[grid]",
            *(f"{json.dumps(k)} = {_toml_value(list(v))}" for k, v in self.grid.items()),
        ]
        return "\n".join(lines) + "\n"

    def merged(
        self,
        *,
        scenarios: Sequence[str] | None = None,
        seeds: int | None = None,
        base_seed: int | None = None,
        overrides: Mapping[str, Any] | None = None,
        grid: Mapping[str, Any] | None = None,
        months: int | None = None,
        actors: bool | None = None,
        common_seeds: bool | None = None,
        links: Sequence[Sequence[str]] = (),
        draws: Sequence[Mapping[str, Any]] | None = None,
    ) -> BatchSpec:
        """A copy with the given values replacing (scalars, draws) or extending the rest."""
        return replace(
            self,
            scenarios=tuple(scenarios) if scenarios else self.scenarios,
            seeds=self.seeds if seeds is None else seeds,
            base_seed=self.base_seed if base_seed is None else base_seed,
            overrides={**self.overrides, **(overrides or {})},
            grid={**self.grid, **(grid or {})},
            months=self.months if months is None else months,
            actors=self.actors if actors is None else actors,
            common_seeds=self.common_seeds if common_seeds is None else common_seeds,
            links=(*self.links, *(tuple(g) for g in links)),
            draws=self.draws if draws is None else tuple(tuple(dict(d).items()) for d in draws),
        )


def _toml_table(pairs: Sequence[tuple[str, Any]]) -> str:
    return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in pairs) + "}"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise BatchError(f"cannot write {value!r} to a batch spec (numbers, text, booleans only)")


def expand_range(text: str) -> list[float | int] | None:
    """Values of a ``lo:hi:n`` range (n evenly spaced values including both ends).

    Returns None when ``text`` is not a range. Values are rounded to 12 significant
    digits (so ``0:1:11`` gives 0.3, not 0.30000000000000004) and are integers when
    ``lo`` and ``hi`` are written as integers and every value is whole.

    Raises:
        BatchError: if ``n`` is below 2 or above :data:`MAX_GRID_VALUES`.

    """
    match = _RANGE.match(text)
    if not match:
        return None
    lo_text, hi_text, n_text = match.groups()
    n = int(n_text) if len(n_text) <= 12 else MAX_GRID_VALUES + 1
    if n < 2:
        raise BatchError(
            f"range {text.strip()!r}: n must be at least 2 (lo:hi:n gives n evenly spaced "
            "values including lo and hi); for one value write it alone"
        )
    if n > MAX_GRID_VALUES:
        raise BatchError(
            f"range {text.strip()!r}: {n:,} values is more than a grid axis may hold "
            f"({MAX_GRID_VALUES:,})"
        )
    lo, hi = float(lo_text), float(hi_text)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise BatchError(f"range {text.strip()!r}: lo and hi must be finite numbers")
    values = [float(f"{lo + (hi - lo) * i / (n - 1):.12g}") for i in range(n)]
    integral = not any(c in lo_text + hi_text for c in ".eE")
    if integral and all(v.is_integer() for v in values):
        return [int(v) for v in values]
    return values


def parse_assignment(text: str, option: str) -> tuple[str, str]:
    """Split ``KEY=VALUE`` (the text of ``--set`` or ``--grid``).

    Raises:
        BatchError: without ``=`` or with an empty key.

    """
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        example = (
            "structure.clash_rate=0.06,0.12 or structure.clash_rate=0.05:0.25:5"
            if option == "--grid"
            else "structure.trade_share=0.05"
        )
        raise BatchError(f"{option} {text!r}: expected KEY=VALUE, e.g. {option} {example}")
    return key.strip(), value.strip()


def parse_grid_text(key: str, text: str) -> list[Any]:
    """Values of ``--grid KEY=TEXT``: comma-separated values and ``lo:hi:n`` ranges.

    Raises:
        BatchError: for an empty grid, an empty item or a bad range.

    """
    if not text.strip():
        raise BatchError(
            f"--grid {key}: no values; give a list ({key}=0.1,0.2,0.4) "
            f"or a range lo:hi:n ({key}=0.1:0.4:4)"
        )
    values: list[Any] = []
    for item in text.split(","):
        if not item.strip():
            raise BatchError(f"--grid {key}={text}: empty value between commas")
        expanded = expand_range(item)
        values.extend(expanded if expanded is not None else [parse_value(item.strip())])
    return values


def plain(value: Any) -> Any:
    """Turn a numpy scalar into a Python number (so values compare and serialise alike)."""
    return value.item() if isinstance(value, np.generic) else value


def normalise_values(key: str, values: Any) -> tuple[Any, ...]:
    """Grid values as a tuple with one type per key (ints widen to floats when mixed).

    Accepts a sequence, a single value, or text (parsed like the command line).

    Raises:
        BatchError: for an empty grid, duplicate values or nested lists.

    """
    if isinstance(values, str):
        values = parse_grid_text(key, values)
    elif not isinstance(values, Iterable) or isinstance(values, Mapping):
        values = [values]
    values = [plain(v) for v in values]
    if len(values) > MAX_GRID_VALUES:
        raise BatchError(
            f"grid {key}: {len(values):,} values is more than a grid axis may hold "
            f"({MAX_GRID_VALUES:,})"
        )
    if not values:
        raise BatchError(f"grid {key}: no values (an empty grid would make no runs)")
    for v in values:
        if isinstance(v, list | tuple | dict):
            raise BatchError(f"grid {key}: value {v!r} is a list or table; give plain values")
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if numbers and len(numbers) == len(values) and any(isinstance(v, float) for v in numbers):
        values = [float(v) for v in values]
    seen: set[str] = set()
    for v in values:
        token = json.dumps(v)
        if token in seen:
            raise BatchError(f"grid {key}: value {v!r} is listed twice")
        seen.add(token)
    return tuple(values)
