"""Pydantic errors in plain words, located at a file, field path and line."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from resetsim.scenario.errors import (
    allowed_for,
    fields_allowed,
    locate_line,
)
from resetsim.scenario.files import ROSTER_KEYS

__all__ = ["entry_key", "field_path", "locate", "override_for", "plain_message"]


def field_path(loc: tuple, data: Mapping[str, Any]) -> str:
    """Readable field path: ``bureaucracies[Defense].inertia`` rather than ``bureaucracies.2``."""
    parts: list[str] = []
    node: Any = data
    for i, item in enumerate(loc):
        if item == "[key]":  # pydantic's marker for a bad key of a table such as reading
            continue
        if isinstance(item, int) and i > 0 and isinstance(node, list):
            entry = node[item] if item < len(node) else None
            key = ROSTER_KEYS.get(str(loc[i - 1]))
            label = entry.get(key) if isinstance(entry, dict) and key else None
            if label is None and isinstance(entry, dict):
                label = entry.get("label") or entry.get("date")
            parts[-1] += f"[{label}]" if label is not None else f"[{item}]"
            node = entry
        else:
            parts.append(str(item))
            node = node.get(item) if isinstance(node, Mapping) else None
    return ".".join(parts)


def plain_message(err: Mapping[str, Any], loc: tuple) -> str:
    """A pydantic error in plain words, with what the field allows."""
    kind = err["type"]
    where = _schema_loc(loc)
    if kind == "extra_forbidden":
        return _unknown_field(where)
    if loc and loc[-1] == "[key]":
        return f"unknown key {str(loc[-2])!r}; allowed keys: {_allowed_keys(where)}"
    allowed = _allowed(where)
    if kind == "missing":
        return "required field is missing" + (f"; allowed: {allowed}" if allowed else "")
    value = err.get("input")
    shown = "" if isinstance(value, dict | list) else f" (got {_show(value)})"
    msg = str(err["msg"]).removeprefix("Value error, ")
    if allowed and kind.endswith(_PLAIN_KINDS):
        return f"must be {allowed}{shown}"
    if allowed and kind not in ("value_error", "assertion_error"):
        return f"{msg}; allowed: {allowed}{shown}"
    return f"{msg}{shown}"


def _schema_loc(loc: tuple) -> tuple:
    """``loc`` with every list index as 0: what the schema says there is the same."""
    return tuple(0 if isinstance(part, int) else part for part in loc)


@functools.lru_cache(maxsize=1024)
def _allowed(loc: tuple) -> str:
    return allowed_for(loc)


@functools.lru_cache(maxsize=1024)
def _allowed_keys(loc: tuple) -> str:
    return _allowed(loc).removeprefix("a table with keys ").split(" and values")[0]


@functools.lru_cache(maxsize=1024)
def _unknown_field(loc: tuple) -> str:
    where, names = fields_allowed(loc)
    close = difflib.get_close_matches(str(loc[-1]), names, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else "."
    return f"unknown field{hint} Fields allowed {where}: {', '.join(names)}"


_PLAIN_KINDS = (
    "_type",
    "_parsing",
    "greater_than",
    "greater_than_equal",
    "less_than",
    "less_than_equal",
    "literal_error",
    "int_from_float",
    "finite_number",
    "pattern_mismatch",
)


def _show(value: Any) -> str:
    """A value as the user wrote it: TOML-like, with its type when that is the problem."""
    if isinstance(value, str):
        return f'text "{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}.0"
    return repr(value) if not hasattr(value, "isoformat") else f"{value} (a TOML date)"


def entry_key(loc: tuple, data: Mapping[str, Any]) -> tuple[str, str] | None:
    """(key, value) naming the roster entry at ``loc``, e.g. ("name", "Defense")."""
    if len(loc) < 2 or loc[0] not in ROSTER_KEYS or not isinstance(loc[1], int):
        return None
    entries = data.get(str(loc[0]))
    if not isinstance(entries, list) or loc[1] >= len(entries):
        return None
    entry = entries[loc[1]]
    key = ROSTER_KEYS[str(loc[0])]
    if not isinstance(entry, dict) or entry.get(key) is None:
        return None
    return key, str(entry[key])


def locate(
    chain: list[Path], loc: tuple, data: Mapping[str, Any], missing: bool = False
) -> tuple[str, int | None]:
    """File and line where the value at ``loc`` is written, child file first."""
    entry = entry_key(loc, data)
    roster = len(loc) >= 2 and loc[0] in ROSTER_KEYS and isinstance(loc[1], int)
    if roster and entry is None and len(chain) > 1:
        return str(chain[-1]), None  # an unnamed entry's position differs file to file
    for path in reversed(chain):
        line = locate_line(path, loc, entry, exact=True)
        if line is not None:
            return str(path), line
    if missing and len(loc) > 1:  # point at the table that lacks the key
        for path in reversed(chain):
            line = locate_line(path, loc[:-1], entry, exact=True)
            if line is not None:
                return str(path), line
    return (str(chain[-1]) if chain else "<scenario>"), None


def override_for(loc: tuple, data: Mapping[str, Any], overrides: Mapping[str, Any]) -> str:
    """The override key that set the value at ``loc``, or ''."""
    if not overrides or not loc:
        return ""
    head = str(loc[0])
    candidates = []
    if head in ROSTER_KEYS and len(loc) >= 3 and isinstance(loc[1], int):
        entry = entry_key(loc, data)
        if entry:
            candidates.append(f"{head}.{entry[1]}.{loc[2]}")
        candidates.append(f"{head}.*.{loc[2]}")
    elif len(loc) >= 2 and isinstance(loc[1], str):
        candidates.append(f"{head}.{loc[1]}")
    candidates.append(head)
    return next((c for c in candidates if c in overrides), "")
