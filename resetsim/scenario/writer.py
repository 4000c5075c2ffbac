"""Write a validated scenario back out as one self-contained TOML file.

:func:`scenario_toml` gives the resolved scenario (its ``extends`` chain merged and its
overrides applied) as TOML that :func:`~resetsim.scenario.load_scenario` reads back to a
scenario with the same content hash, so a run's exact inputs can be shared as one file
(``resetsim show SCENARIO --toml``) and are recorded in every batch's manifest. Values left
unset (``None``) are omitted, since each such field's default is ``None``. TOML v1.0.0
(https://toml.io/en/v1.0.0) is written by hand because Python's ``tomllib`` only reads it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from resetsim.scenario.schema import Scenario

__all__ = ["scenario_toml", "toml_document"]

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _string(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _string(key)


def _value(value: Any, where: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{where}: {value!r} cannot be written to a scenario file")
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v, where) for v in value) + "]"
    if isinstance(value, Mapping):
        items = (f"{_key(str(k))} = {_value(v, where)}" for k, v in value.items() if v is not None)
        return "{ " + ", ".join(items) + " }" if value else "{}"
    raise ValueError(f"{where}: cannot write {type(value).__name__} {value!r} to TOML")


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _body(table: Mapping[str, Any], path: str) -> list[str]:
    """``key = value`` lines of ``table``'s plain values (tables and table lists come later)."""
    return [
        f"{_key(str(k))} = {_value(v, f'{path}{k}')}"
        for k, v in table.items()
        if v is not None and not isinstance(v, Mapping) and not _is_table_list(v)
    ]


def toml_document(data: Mapping[str, Any], header: str = "") -> str:
    """A TOML document of ``data``: plain values, then ``[tables]``, then ``[[lists]]``.

    Nested tables inside a table or a list entry are written inline; ``None`` values and
    empty lists of tables are left out.

    Raises:
        ValueError: for a value TOML cannot hold (NaN, infinity, an unknown type).

    """
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines += _body(data, "")
    for key, value in data.items():
        if isinstance(value, Mapping):
            lines += ["", f"[{_key(str(key))}]", *_body(value, f"{key}.")]
            lines += [
                f"{_key(str(k))} = {_value(v, f'{key}.{k}')}"
                for k, v in value.items()
                if isinstance(v, Mapping) or _is_table_list(v)
            ]
    for key, value in data.items():
        if _is_table_list(value):
            for i, entry in enumerate(value):
                lines += ["", f"[[{_key(str(key))}]]"]
                lines += [
                    f"{_key(str(k))} = {_value(v, f'{key}[{i}].{k}')}"
                    for k, v in entry.items()
                    if v is not None
                ]
    return "\n".join(lines) + "\n"


def scenario_toml(scenario: Scenario) -> str:
    """The resolved scenario as a TOML file that loads back to the same content hash.

    Args:
        scenario: a validated scenario (after ``extends`` and overrides).

    Returns:
        TOML text without ``extends``: every field written out, led by a comment naming
        the files it was resolved from and its content hash.

    """
    data = scenario.model_dump(mode="json", exclude_none=True)
    if not scenario.sides:
        data.pop("sides", None)  # the default sides, as the 0.1.0 files leave them
    chain = " <- ".join(str(p) for p in reversed(scenario._chain)) or "<scenario>"
    header = (
        f"resetsim scenario {scenario.name}, resolved (content hash {scenario.content_hash})\n"
        f"from: {chain}"
    )
    return toml_document(data, header)
