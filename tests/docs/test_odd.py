"""docs/ODD.md keeps up with the scenario schema.

The ODD's parameter tables (header ``| parameter | meaning | unit | range | default |
source |``) must list every field of ``resetsim.scenario.schema`` exactly once, name no
field that does not exist, and state each field's current default and range. Dotted
names are built the way the ODD explains: ``structure.trade_share`` for fields of the
nested tables, ``presidents[].capital`` for fields of roster entries, and a row for the
roster itself (``presidents``). A default or a bound changed in the schema without the
ODD makes this test fail: that is its purpose.
"""

from __future__ import annotations

import math
import re
import tomllib
import types
import typing
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import annotated_types as at
import pytest
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from resetsim.scenario.schema import Scenario

ODD = Path(__file__).resolve().parents[2] / "docs" / "ODD.md"
HEADER = ["parameter", "meaning", "unit", "range", "default", "source"]
REL_TOL = 1e-3  # 2/3 written as 0.6667 still matches


# --------------------------------------------------------------------------- schema side
def schema_fields(model: type[BaseModel] = Scenario, prefix: str = ""):
    """Yield ``(dotted name, FieldInfo)`` for every field, the ODD's naming rules."""
    for name, info in model.model_fields.items():
        ann = info.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            yield from schema_fields(ann, f"{prefix}{name}.")
            continue
        yield f"{prefix}{name}", info
        if get_origin(ann) is list:
            (item,) = get_args(ann)
            if isinstance(item, type) and issubclass(item, BaseModel):
                yield from schema_fields(item, f"{prefix}{name}[].")


SCHEMA = dict(schema_fields())


def _optional_args(ann: Any) -> tuple:
    return get_args(ann) if get_origin(ann) in (typing.Union, types.UnionType) else ()


def numeric_bounds(info: FieldInfo) -> tuple[tuple[str, float] | None, tuple[str, float] | None]:
    """Lower and upper bound of a numeric field as (bracket, value), None when unbounded."""
    metas = list(info.metadata)
    for arg in _optional_args(info.annotation):
        for meta in getattr(arg, "__metadata__", ()):
            if isinstance(meta, FieldInfo):
                metas += meta.metadata
    low = high = None
    for meta in metas:
        if isinstance(meta, at.Ge):
            low = ("[", float(meta.ge))
        elif isinstance(meta, at.Gt):
            low = ("(", float(meta.gt))
        elif isinstance(meta, at.Le):
            high = ("]", float(meta.le))
        elif isinstance(meta, at.Lt):
            high = (")", float(meta.lt))
    return low, high


def literal_values(ann: Any) -> list[str]:
    """Allowed values of a Literal field (also inside Optional[...] or list[...])."""
    if get_origin(ann) is Literal:
        return [str(v) for v in get_args(ann)]
    if get_origin(ann) in (list, typing.Union, types.UnionType):
        return [v for arg in get_args(ann) for v in literal_values(arg)]
    return []


# --------------------------------------------------------------------------- document side
def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def parameter_rows(text: str) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """Rows of every table whose header is exactly HEADER, and problems with malformed rows."""
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].lstrip().startswith("|") and [c.lower() for c in _cells(lines[i])] == HEADER:
            i += 2  # skip the |---| separator
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                cells = _cells(lines[i])
                if [c.lower() for c in cells] == HEADER:
                    break  # the next table starts without a blank line
                if len(cells) != len(HEADER):
                    problems.append(
                        f"line {i + 1}: {len(cells)} cells instead of {len(HEADER)} "
                        f"(a '|' inside a cell?)"
                    )
                else:
                    rows.append((i + 1, dict(zip(HEADER, cells, strict=True))))
                i += 1
            continue
        i += 1
    return rows, problems


ROWS, MALFORMED = parameter_rows(ODD.read_text(encoding="utf-8")) if ODD.is_file() else ([], [])
_NAME = re.compile(r"^`([A-Za-z_][\w.\[\]]*)`$")
_CODE = re.compile(r"^`([^`]*)`")
_FRACTION = re.compile(r"^(-?\d+)\s*/\s*(\d+)$")
_NUMBER = r"-?(?:\d+(?:\.\d*)?|\.\d+)|-?∞"
_INTERVAL = re.compile(rf"^([\[(])\s*({_NUMBER})\s*,\s*({_NUMBER})\s*([\])])")

DOCUMENTED: dict[str, list[tuple[int, dict[str, str]]]] = {}
for _line, _row in ROWS:
    _match = _NAME.match(_row["parameter"])
    if _match:
        DOCUMENTED.setdefault(_match.group(1), []).append((_line, _row))
    else:
        MALFORMED.append(f"line {_line}: first cell must be a `dotted.name` in backticks")


def parse_default(cell: str) -> Any:
    """The documented default: ``required``, or a TOML value in backticks (``none``, ``2/3``)."""
    if cell.strip().lower() == "required":
        return "required"
    match = _CODE.match(cell.strip())
    if not match:
        raise ValueError(f"default {cell!r} is neither 'required' nor a `value` in backticks")
    text = match.group(1).strip()
    if text.lower() == "none":
        return None
    fraction = _FRACTION.match(text)
    if fraction:
        return int(fraction.group(1)) / int(fraction.group(2))
    return tomllib.loads(f"v = {text}")["v"]


def same(documented: Any, actual: Any) -> bool:
    """Equal, with floats compared to a relative tolerance."""
    if actual is None or documented is None:
        return actual is None and documented is None
    if isinstance(actual, bool) or isinstance(documented, bool):
        return type(actual) is type(documented) and actual == documented
    if isinstance(actual, int | float) and isinstance(documented, int | float):
        return math.isclose(documented, actual, rel_tol=REL_TOL, abs_tol=1e-9)
    if isinstance(actual, list | tuple) and isinstance(documented, list | tuple):
        return len(actual) == len(documented) and all(
            same(d, a) for d, a in zip(documented, actual, strict=True)
        )
    if isinstance(actual, dict) and isinstance(documented, dict):
        return set(actual) == set(documented) and all(
            same(documented[k], actual[k]) for k in actual
        )
    return documented == actual


def parse_bound(text: str) -> float:
    """A bound written in the range column: a number, ``∞`` or ``-∞``."""
    if text == "∞":
        return math.inf
    if text == "-∞":
        return -math.inf
    return float(text)


# --------------------------------------------------------------------------- tests
def test_odd_has_parameter_tables():
    assert ODD.is_file(), "docs/ODD.md is missing"
    assert len(ROWS) >= len(SCHEMA) // 2, "no parameter tables found in docs/ODD.md"


def test_parameter_rows_are_well_formed():
    assert not MALFORMED, "docs/ODD.md parameter tables: " + "; ".join(MALFORMED)


def test_every_schema_field_has_exactly_one_row():
    missing = sorted(set(SCHEMA) - set(DOCUMENTED))
    twice = sorted(name for name, rows in DOCUMENTED.items() if len(rows) > 1)
    assert not missing, f"schema fields without a row in docs/ODD.md: {missing}"
    assert not twice, f"parameters documented more than once in docs/ODD.md: {twice}"


def test_no_row_names_an_unknown_parameter():
    unknown = sorted(set(DOCUMENTED) - set(SCHEMA))
    assert not unknown, f"docs/ODD.md documents parameters the schema does not have: {unknown}"


def test_every_row_is_filled_in():
    empty = [
        f"{name} ({column})"
        for name, rows in DOCUMENTED.items()
        for _, row in rows
        for column in ("meaning", "unit", "range", "source")
        if not row[column]
    ]
    assert not empty, f"empty cells in docs/ODD.md parameter tables: {empty}"


def documented_row(name):
    """Line number and row of ``name`` in docs/ODD.md (skips the test when it has none)."""
    if name not in DOCUMENTED:
        pytest.skip("reported by test_every_schema_field_has_exactly_one_row")
    return DOCUMENTED[name][0]


@pytest.mark.parametrize("name", sorted(SCHEMA))
def test_documented_default_matches_schema(name):
    line, row = documented_row(name)
    info = SCHEMA[name]
    try:
        documented = parse_default(row["default"])
    except ValueError as exc:
        pytest.fail(f"docs/ODD.md line {line}, {name}: {exc}")
    if info.is_required():
        assert documented == "required", (
            f"docs/ODD.md line {line}: {name} has no default in the schema; write 'required'"
        )
        return
    actual = info.get_default(call_default_factory=True)
    assert same(documented, actual), (
        f"docs/ODD.md line {line}: default of {name} is documented as {row['default']} "
        f"but the schema says {actual!r}"
    )


@pytest.mark.parametrize("name", sorted(SCHEMA))
def test_documented_range_matches_schema(name):
    line, row = documented_row(name)
    info = SCHEMA[name]
    low, high = numeric_bounds(info)
    if low or high:
        match = _INTERVAL.match(row["range"])
        assert match, f"docs/ODD.md line {line}: range of {name} should start with an interval"
        open_, lo, hi, close = match.groups()
        want_low = low or ("(", -math.inf)
        want_high = high or (")", math.inf)
        got_low, got_high = (open_, parse_bound(lo)), (close, parse_bound(hi))
        ok = (
            got_low[0] == want_low[0]
            and got_high[0] == want_high[0]
            and same(got_low[1], want_low[1])
            and same(got_high[1], want_high[1])
        )
        assert ok, (
            f"docs/ODD.md line {line}: range of {name} is {row['range']!r} but the schema "
            f"allows {want_low[0]}{want_low[1]:g}, {want_high[1]:g}{want_high[0]}"
        )
    for value in literal_values(info.annotation):
        assert f"`{value}`" in row["range"], (
            f"docs/ODD.md line {line}: range of {name} does not list the allowed value `{value}`"
        )
