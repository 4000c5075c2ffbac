"""Dotted-key overrides of a raw scenario (``--set structure.trade_share=0.05``).

A roster entry is addressed by its key (``bureaucracies.State.anchor``), by ``*`` (every
entry) or, for agencies and factions, by its side (``factions.US.hawkishness``: every US
faction). A leader change is addressed by its leader's name
(``leader_changes.Obama.stance``). An override of a president's field that a later leader
change of that side replaces holds only until that change; :func:`shadowed_overrides`
names such overrides so that commands can warn about them.
"""

from __future__ import annotations

import copy
import difflib
import tomllib
import warnings
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from resetsim.scenario.errors import (
    Problem,
    ScenarioError,
    schema_field,
    unwrap_annotation,
)
from resetsim.scenario.files import ROSTER_KEYS
from resetsim.scenario.schema import (
    Bureaucracy,
    Faction,
    LeaderChange,
    Legislature,
    Move,
    President,
    Principal,
    Proposal,
    Public,
    Scenario,
    SideDeclaration,
)

__all__ = ["ScenarioWarning", "apply_overrides", "parse_value", "shadowed_overrides"]


class ScenarioWarning(UserWarning):
    """A scenario or override that is valid but probably not what was meant."""


def parse_value(text: str) -> Any:
    """Interpret a command-line override value as TOML (numbers, booleans, lists), else text."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


_ROSTER_TYPES: dict[str, type[BaseModel]] = {
    "sides": SideDeclaration,
    "presidents": President,
    "legislatures": Legislature,
    "publics": Public,
    "bureaucracies": Bureaucracy,
    "factions": Faction,
    "proposals": Proposal,
    "moves": Move,
    "leader_changes": LeaderChange,
    "chambers": Legislature,
    "principals": Principal,
}
_KEYS = {**ROSTER_KEYS, "leader_changes": "name"}
_BY_SIDE = ("bureaucracies", "factions")
"""Roster lists whose entries may also be addressed by their side."""


def _entries(data: Mapping[str, Any], name: str) -> list[dict]:
    entries = data.get(name)
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def _idents(data: Mapping[str, Any], name: str) -> list[str]:
    """How entries of roster list ``name`` may be addressed: ``*``, their keys, their sides."""
    entries = _entries(data, name)
    keys = [str(e.get(_KEYS[name])) for e in entries]
    sides = sorted({str(e["side"]) for e in entries if "side" in e} - set(keys))
    return ["*", *keys, *(sides if name in _BY_SIDE else [])]


def _addressed(entry: dict, name: str, ident: str, data: Mapping[str, Any]) -> bool:
    """Whether ``ident`` addresses ``entry`` of roster list ``name``."""
    if ident == "*" or str(entry.get(_KEYS[name])) == ident:
        return True
    if name not in _BY_SIDE or str(entry.get("side")) != ident:
        return False
    return all(str(e.get(_KEYS[name])) != ident for e in _entries(data, name))


def _valid_keys(data: Mapping[str, Any]) -> list[str]:
    """Every dotted key an override may use on ``data``."""
    keys = []
    for name, field in Scenario.model_fields.items():
        annotation = field.annotation
        if name in _ROSTER_TYPES:
            key = _KEYS[name]
            idents = _idents(data, name)
            fields = [f for f in _ROSTER_TYPES[name].model_fields if f != key]
            keys += [name, *(f"{name}.{i}.{f}" for i in idents for f in fields)]
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            keys += [f"{name}.{sub}" for sub in annotation.model_fields]
        else:
            keys.append(name)
    return keys


def _unknown_key(key: str, data: Mapping[str, Any], origin: str) -> Problem:
    valid = _valid_keys(data)
    close = difflib.get_close_matches(key, valid, n=5, cutoff=0.6)
    if not close:
        head = key.split(".")[0]
        close = [k for k in valid if k.startswith(head + ".") and ".*." not in k][:8]
        if not close:
            close = sorted({k.split(".")[0] for k in valid})
    return Problem(origin, key, f"unknown parameter; valid keys nearby: {', '.join(close)}")


def apply_overrides(
    data: Mapping[str, Any], overrides: Mapping[str, Any], origin: str = "<overrides>"
) -> dict[str, Any]:
    """Return a copy of raw scenario ``data`` with dotted-key ``overrides`` applied.

    Raises:
        ScenarioError: listing every unknown key, with valid keys nearby.

    """
    out = copy.deepcopy(dict(data))
    problems = []
    valid = set(_valid_keys(out))
    for key, value in overrides.items():
        key = str(key)
        value = _plain(key, value)
        if key not in valid:
            problems.append(_unknown_key(key, out, origin))
            continue
        head, _, rest = key.partition(".")
        if head in _KEYS and rest:
            ident, _, name = rest.rpartition(".")  # an entry's name may itself contain dots
            for entry in _entries(out, head):
                if _addressed(entry, head, ident, out):
                    entry[name] = copy.deepcopy(value)
        elif rest:
            table = out.setdefault(head, {})
            if isinstance(table, dict):  # otherwise validation reports the bad table
                table[rest] = copy.deepcopy(value)
        else:
            out[key] = copy.deepcopy(value)
    if problems:
        raise ScenarioError(problems)
    for message in shadowed_overrides(out, overrides, origin):
        warnings.warn(message, ScenarioWarning, stacklevel=2)
    return out


def shadowed_overrides(
    data: Mapping[str, Any], overrides: Mapping[str, Any], origin: str = "<overrides>"
) -> list[str]:
    """One sentence per president override that a later leader change replaces.

    ``presidents.US.stance`` sets the first US president's stance; a leader change of the
    US sets its successor's own, so the override holds only until that change.
    """
    out = []
    for key in overrides:
        head, _, rest = str(key).partition(".")
        ident, _, name = rest.rpartition(".")
        if head != "presidents" or name not in LeaderChange.model_fields:
            continue
        for change in _entries(data, "leader_changes"):
            if ident in ("*", str(change.get("side"))):
                out.append(
                    f"{origin}: {key} holds only until {change.get('date')}, when the leader "
                    f"change to {change.get('name')} sets its own {name} (override it with "
                    f"leader_changes.{change.get('name')}.{name})"
                )
                break
    return out


def _plain(key: str, value: Any) -> Any:
    """An override value as plain Python, for strict validation.

    Numpy scalars (from grids and samplers) become Python numbers, and a whole float
    (``18.0`` from a slider) becomes an int where the field is a whole number. Everything
    else is left for validation to judge.
    """
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "shape", None) == ():
        value = item()
    if isinstance(value, float) and value.is_integer():
        head, _, rest = key.partition(".")
        loc = (
            (head, 0, rest.rpartition(".")[2])
            if head in _KEYS and rest
            else (tuple(key.split(".", 1)))
        )
        _, info, _ = schema_field(loc)
        if info is not None and unwrap_annotation(info.annotation)[0] is int:
            value = int(value)
    return value
