"""Reading a batch spec TOML file (its keys: :mod:`resetsim.batch.spec`).

Scenario paths in a spec file are relative to the file's folder; every problem names the
file and the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from resetsim.batch.spec import SPEC_KEYS, BatchError, BatchSpec

__all__ = ["load_spec"]


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"structure": {"trade_share": 1}}`` -> ``{"structure.trade_share": 1}``."""
    out: dict[str, Any] = {}
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, dotted + "."))
        else:
            out[dotted] = value
    return out


def _beside(spec_file: Path, scenario: str) -> str:
    """A scenario path of ``spec_file`` made absolute from the file's folder; names unchanged.

    A path (ending ``.toml`` or holding a ``/``) is always taken from the spec file's
    folder, whether or not it exists, so that the same file runs the same scenarios from
    any working directory (a missing file is reported when the batch is checked).
    """
    if not (scenario.endswith(".toml") or "/" in scenario or "\\" in scenario):
        return scenario
    return str((spec_file.parent / Path(scenario).expanduser()).resolve())


def load_spec(path: str | Path) -> BatchSpec:
    """Read a batch spec TOML file (see the module docstring for its keys).

    Scenario paths in the file are relative to the file's folder.

    Raises:
        BatchError: naming the file and the key for every problem.

    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BatchError(f"{path}: cannot read the batch spec ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise BatchError(f"{path}: TOML syntax error: {exc}") from None
    unknown = sorted(set(data) - set(SPEC_KEYS))
    if unknown:
        raise BatchError(
            f"{path}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(SPEC_KEYS)}"
        )
    scenarios = data.get("scenarios", [])
    if isinstance(scenarios, str):
        scenarios = [scenarios]
    if not isinstance(scenarios, list) or not all(isinstance(s, str) for s in scenarios):
        raise BatchError(f"{path}: scenarios must be a list of scenario names or paths")
    resolved = [_beside(path, name) for name in scenarios]
    for key in ("seeds", "base_seed", "months"):
        value = data.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise BatchError(f"{path}: {key} must be a whole number (got {value!r})")
    for key in ("actors", "common_seeds"):
        if key in data and not isinstance(data[key], bool):
            raise BatchError(f"{path}: {key} must be true or false (got {data[key]!r})")
    for key in ("set", "grid"):
        if key in data and not isinstance(data[key], Mapping):
            raise BatchError(f'{path}: [{key}] must be a table of "dotted.key" = value')
    links = data.get("zip", [])
    if not isinstance(links, list) or not all(isinstance(g, list) for g in links):
        raise BatchError(f'{path}: zip must be a list of lists of grid keys, e.g. [["a", "b"]]')
    draws = data.get("draws", [])
    if not isinstance(draws, list) or not all(isinstance(d, Mapping) for d in draws):
        raise BatchError(f'{path}: draws must be a list of tables {{"dotted.key" = value}}')
    try:
        return BatchSpec(
            scenarios=tuple(resolved),
            seeds=data.get("seeds", 0),
            base_seed=data.get("base_seed", 0),
            overrides=_flatten(data.get("set", {})),
            grid=_flatten(data.get("grid", {})),
            months=data.get("months"),
            actors=data.get("actors", True),
            common_seeds=data.get("common_seeds", False),
            links=tuple(tuple(g) for g in links),
            draws=tuple(tuple(d.items()) for d in draws),
        )
    except BatchError as exc:
        raise BatchError(f"{path}: {exc}") from None
