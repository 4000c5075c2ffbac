"""Parameter ranges for global sensitivity analysis, read from a TOML file.

The default file, ``resetsim/sensitivity/ranges.toml`` (package data), documents ten
influential parameters with ranges inside the schema's ranges; ``--ranges FILE`` replaces
it. Each entry is one factor sampled uniformly in ``[low, high]``; its ``mode`` says how a
sampled value becomes scenario overrides:

* ``set``: the value replaces the parameter (``structure.relax_rate = x``);
* ``shift``: the value is added to each matching entry's own value
  (``bureaucracies.*.inertia``: every agency ``+ x``), clipped to the schema's range, so
  agencies keep their differences;
* ``scale``: each matching entry's own value is multiplied by the value, clipped.

Scheduled events have no key of their own, so :data:`EVENT_SEVERITY`
(``events.*.severity``, mode ``scale`` only) multiplies the severity of every scheduled
event and every move of the repertoire, clipped to [0, 1]: a global severity scale for
the event coding ("scaling all severities by 0.9"), overriding the whole ``events`` list.

Everything is checked before any run: unknown fields, ``low < high``, that every key
exists in the scenario, and that the overrides at both ends of every range are valid.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from resetsim.scenario import Scenario, ScenarioError
from resetsim.scenario.loader import ROSTER_KEYS

__all__ = [
    "EVENT_SEVERITY",
    "MODES",
    "Range",
    "RangesError",
    "check_ranges",
    "default_ranges_path",
    "load_ranges",
    "overrides_for",
    "salib_problem",
]

MODES = ("set", "shift", "scale")
EVENT_SEVERITY = "events.*.severity"
"""The global severity scale of the scheduled events (mode ``scale``)."""
_FIELDS = {"key", "low", "high", "mode", "note"}


class RangesError(ValueError):
    """A range file or range is invalid; the message names the file, entry and fix."""


@dataclass(frozen=True)
class Range:
    """One input factor: a dotted key, its range and how a value is applied."""

    key: str
    low: float
    high: float
    mode: str = "set"
    note: str = ""


def default_ranges_path() -> Path:
    """The ranges shipped with the package."""
    return Path(str(resources.files("resetsim.sensitivity") / "ranges.toml"))


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def load_ranges(path: str | Path | None = None) -> list[Range]:
    """Read and check a range file (default: the package's ``ranges.toml``).

    Raises:
        RangesError: naming the file and every problem found.

    """
    path = Path(path) if path is not None else default_ranges_path()
    if not path.is_file():
        raise RangesError(f"{path}: no such range file")
    try:
        data = tomllib.loads(path.read_text())
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RangesError(f"{path}: not valid TOML: {exc}") from None
    extra = sorted(set(data) - {"parameters"})
    entries = data.get("parameters")
    problems = [f"unknown top-level key {k!r}; only [[parameters]] is allowed" for k in extra]
    if not isinstance(entries, list) or not entries:
        problems.append("no [[parameters]] entries; give at least one (key, low, high)")
        entries = []
    out: list[Range] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries, start=1):
        where = f"parameters #{i}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a table with key, low and high")
            continue
        key = entry.get("key")
        where = f"parameters #{i} ({key})" if isinstance(key, str) else where
        unknown = sorted(set(entry) - _FIELDS)
        if unknown:
            problems.append(
                f"{where}: unknown field(s) {', '.join(unknown)}; allowed: "
                + ", ".join(sorted(_FIELDS))
            )
        if not isinstance(key, str) or not key.strip():
            problems.append(
                f"{where}: key must be a dotted parameter name, e.g. structure.relax_rate"
            )
            continue
        if key in seen:
            problems.append(f"{where}: {key} is listed twice")
        seen.add(key)
        low, high = entry.get("low"), entry.get("high")
        mode = entry.get("mode", "set")
        if not (_number(low) and _number(high)):
            problems.append(f"{where}: low and high must both be numbers (got {low!r}, {high!r})")
            continue
        if not low < high:
            problems.append(f"{where}: low must be below high (got {low} and {high})")
        if mode not in MODES:
            problems.append(f"{where}: mode {mode!r} is not one of {', '.join(MODES)}")
            continue
        if key == EVENT_SEVERITY and mode != "scale":
            problems.append(f'{where}: {key} takes mode "scale" only (got {mode!r})')
            continue
        note = entry.get("note", "")
        out.append(Range(key, float(low), float(high), mode, str(note)))
    if problems:
        raise RangesError(f"{path}:\n" + "\n".join(f"  - {p}" for p in problems))
    return out


def salib_problem(ranges: Sequence[Range]) -> dict[str, Any]:
    """The SALib problem dict: ``num_vars``, ``names`` (the keys) and ``bounds``."""
    return {
        "num_vars": len(ranges),
        "names": [r.key for r in ranges],
        "bounds": [[r.low, r.high] for r in ranges],
    }


def _bounds(model: type[BaseModel], field: str) -> tuple[float, float]:
    """The schema's closed range of a numeric field (open bounds nudged inwards)."""
    low, high = -math.inf, math.inf
    for item in model.model_fields[field].metadata:
        if getattr(item, "ge", None) is not None:
            low = float(item.ge)
        if getattr(item, "gt", None) is not None:
            low = float(item.gt) + 1e-9
        if getattr(item, "le", None) is not None:
            high = float(item.le)
        if getattr(item, "lt", None) is not None:
            high = float(item.lt) - 1e-9
    return low, high


def _targets(sc: Scenario, key: str) -> list[tuple[str, float, tuple[float, float]]]:
    """Concrete keys behind ``key`` with their current values and schema bounds.

    Raises:
        RangesError: if the key names nothing numeric in the scenario.

    """
    head, _, rest = key.partition(".")
    if key == EVENT_SEVERITY:
        if not sc.events:
            raise RangesError(f"{key}: scenario {sc.name} has no scheduled events")
        return [("events", 1.0, (0.0, math.inf))]
    if head in ROSTER_KEYS and rest:
        ident, _, field = rest.rpartition(".")
        entries = getattr(sc, head, [])
        by = ROSTER_KEYS[head]
        chosen = [e for e in entries if ident == "*" or str(getattr(e, by)) == ident]
        if not chosen or not entries or field not in type(entries[0]).model_fields:
            raise RangesError(f"{key}: no {head} entry or field matches in scenario {sc.name}")
        model = type(entries[0])
        out = []
        for e in chosen:
            value = getattr(e, field)
            if not _number(value):
                raise RangesError(f"{key}: {head}.{getattr(e, by)}.{field} is not a number")
            out.append((f"{head}.{getattr(e, by)}.{field}", float(value), _bounds(model, field)))
        return out
    table = getattr(sc, head, None) if rest else None
    if isinstance(table, BaseModel) and rest in type(table).model_fields:
        value = getattr(table, rest)
        if _number(value):
            return [(key, float(value), _bounds(type(table), rest))]
    elif not rest and head in Scenario.model_fields and _number(getattr(sc, head, None)):
        return [(key, float(getattr(sc, head)), _bounds(Scenario, head))]
    raise RangesError(
        f"{key}: not a numeric parameter of scenario {sc.name} (see docs/ODD.md, section 8)"
    )


def overrides_for(ranges: Sequence[Range], values: Sequence[float], sc: Scenario) -> dict[str, Any]:
    """Scenario overrides for one sample: ``values[i]`` applied by ``ranges[i]``."""
    out: dict[str, Any] = {}
    for r, x in zip(ranges, values, strict=True):
        x = float(x)
        if r.key == EVENT_SEVERITY:
            out.update(severity_scale(sc, x))
            continue
        if r.mode == "set":
            out[r.key] = x
            continue
        for key, base, (low, high) in _targets(sc, r.key):
            value = base + x if r.mode == "shift" else base * x
            out[key] = min(high, max(low, value))
    return out


def severity_scale(sc: Scenario, factor: float) -> dict[str, Any]:
    """Overrides multiplying every scheduled event's and move's severity by ``factor``.

    Severities are clipped to [0, 1]; the events list is replaced whole, moves are
    overridden by id.
    """
    events = [e.model_dump(mode="json") for e in sc.events]
    for e in events:
        e["severity"] = min(1.0, max(0.0, float(e["severity"]) * factor))
    out: dict[str, Any] = {"events": events}
    for move in sc.moves:
        out[f"moves.{move.id}.severity"] = min(1.0, max(0.0, move.severity * factor))
    return out


def check_ranges(ranges: Sequence[Range], sc: Scenario, source: str = "ranges") -> None:
    """Check that every key exists in ``sc`` and both ends of every range are valid.

    Raises:
        RangesError: listing every parameter whose key or range the scenario rejects.

    """
    problems = []
    for r in ranges:
        try:
            _targets(sc, r.key)
        except RangesError as exc:
            problems.append(str(exc))
            continue
        for end in (r.low, r.high):
            try:
                sc.with_overrides(overrides_for([r], [end], sc))
            except ScenarioError as exc:
                detail = "; ".join(p.message for p in exc.problems)
                problems.append(f"{r.key} = {end:g} ({r.mode}) is not valid: {detail}")
    if problems:
        raise RangesError(f"{source}:\n" + "\n".join(f"  - {p}" for p in problems))
