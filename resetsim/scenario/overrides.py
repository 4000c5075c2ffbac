"""Dotted-key overrides of a raw scenario (``--set structure.trade_share=0.05``)."""

from __future__ import annotations

import copy
import difflib
import tomllib
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
    Legislature,
    President,
    Proposal,
    Public,
    Scenario,
    SideDeclaration,
)

__all__ = ["apply_overrides", "parse_value"]


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
}


def _valid_keys(data: Mapping[str, Any]) -> list[str]:
    """Every dotted key an override may use on ``data``."""
    keys = []
    for name, field in Scenario.model_fields.items():
        annotation = field.annotation
        if name in _ROSTER_TYPES:
            key = ROSTER_KEYS[name]
            entries = data.get(name)
            entries = entries if isinstance(entries, list) else []
            idents = ["*", *(str(e.get(key)) for e in entries if isinstance(e, dict))]
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
        if head in ROSTER_KEYS and rest:
            ident, _, name = rest.rpartition(".")  # an entry's name may itself contain dots
            entries = out.get(head)
            for entry in entries if isinstance(entries, list) else []:
                if isinstance(entry, dict) and (
                    ident == "*" or str(entry.get(ROSTER_KEYS[head])) == ident
                ):
                    entry[name] = copy.deepcopy(value)
        elif rest:
            table = out.setdefault(head, {})
            if isinstance(table, dict):  # otherwise validation reports the bad table
                table[rest] = copy.deepcopy(value)
        else:
            out[key] = copy.deepcopy(value)
    if problems:
        raise ScenarioError(problems)
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
            if head in ROSTER_KEYS and rest
            else (tuple(key.split(".", 1)))
        )
        _, info, _ = schema_field(loc)
        if info is not None and unwrap_annotation(info.annotation)[0] is int:
            value = int(value)
    return value
