"""Readable scenario errors: file, field path, line (where known) and what is allowed."""

from __future__ import annotations

from dataclasses import dataclass
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from resetsim.scenario.fields import SIDE_PATTERN
from resetsim.scenario.lines import locate_line

__all__ = [
    "ITEMISED_PROBLEMS",
    "SHOWN_PROBLEMS",
    "Problem",
    "ScenarioError",
    "allowed_for",
    "describe_type",
    "fields_allowed",
    "locate_line",
    "schema_field",
    "unwrap_annotation",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario."""

    file: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class ScenarioError(ValueError):
    """A scenario (file, name or override) is not valid; holds the problems found.

    Args:
        problems: the problems, each located and described.
        more: further problems counted but not described (a file with thousands of
            errors is described up to :data:`ITEMISED_PROBLEMS`).

    """

    def __init__(self, problems: list[Problem], more: int = 0):
        self.problems = list(problems)
        self.more = more
        super().__init__(self.render())

    @property
    def count(self) -> int:
        """Problems found, described or not."""
        return len(self.problems) + self.more

    def lines(self, limit: int | None = None) -> list[str]:
        """``  - problem`` lines, the first ``limit`` (:data:`SHOWN_PROBLEMS`), then a count."""
        limit = SHOWN_PROBLEMS if limit is None else limit
        out = [f"  - {p}" for p in self.problems[:limit]]
        rest = self.count - len(out)
        if rest > 0:
            out.append(f"  ... and {rest} more problem{'s' if rest != 1 else ''} (fix these first)")
        return out

    def render(self, limit: int | None = None) -> str:
        """A head line with the count, then :meth:`lines`."""
        head = f"{self.count} problem{'s' if self.count != 1 else ''} in scenario:"
        return "\n".join([head, *self.lines(limit)])


SHOWN_PROBLEMS = 50
"""Problems listed in a message at most; a count of the others follows them."""
ITEMISED_PROBLEMS = 1000
"""Field errors located and described at most; a file with more is described in part."""


# ---------------------------------------------------------------- what is allowed
_MONTH_FIELDS = frozenset({"start", "date", "term_end", "earliest"})


def unwrap_annotation(annotation: Any) -> tuple[Any, list, bool]:
    """Strip ``Optional`` and ``Annotated``: the bare type, its constraints, whether None is ok."""
    metadata: list = []
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            for item in extra:
                metadata.extend(getattr(item, "metadata", None) or [item])
        elif origin in (Union, UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(get_args(annotation))
            if len(args) != 1:
                return annotation, metadata, optional
            annotation = args[0]
        else:
            return annotation, metadata, optional


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside ``annotation`` (``list[President]`` -> President)."""
    bare, _, _ = unwrap_annotation(annotation)
    if get_origin(bare) is list:
        bare, _, _ = unwrap_annotation(get_args(bare)[0])
    return bare if isinstance(bare, type) and issubclass(bare, BaseModel) else None


def schema_field(loc: tuple) -> tuple[type[BaseModel] | None, FieldInfo | None, str]:
    """Walk the scenario schema along an error location.

    Returns:
        The model holding the last named part, that part's FieldInfo (None if the model
        has no such field) and the part's name.

    """
    from resetsim.scenario.schema import Scenario

    holder: type[BaseModel] | None = Scenario
    info: FieldInfo | None = None
    name = ""
    for part in loc:
        if isinstance(part, int):
            continue
        if holder is None:  # inside a dict such as an event's reading: keep its field
            break
        name = str(part)
        info = holder.model_fields.get(name)
        if info is None:
            return holder, None, name
        inner = _model_of(info.annotation)
        if inner is None:
            return holder, info, name
        holder = inner
    return holder, info, name


def _bounds(metadata: list) -> str:
    def num(x: float) -> str:
        return f"{x:g}"

    lo = next(((m.ge, "from") for m in metadata if hasattr(m, "ge")), None)
    lo = lo or next(((m.gt, "above") for m in metadata if hasattr(m, "gt")), None)
    hi = next(((m.le, "to") for m in metadata if hasattr(m, "le")), None)
    hi = hi or next(((m.lt, "below") for m in metadata if hasattr(m, "lt")), None)
    if lo and hi:
        if lo[1] == "from" and hi[1] == "to":
            return f" from {num(lo[0])} to {num(hi[0])}"
        low = f"{'at least' if lo[1] == 'from' else 'above'} {num(lo[0])}"
        high = f"{'at most' if hi[1] == 'to' else 'below'} {num(hi[0])}"
        return f" {low} and {high}"
    if lo:
        return f" {'of at least' if lo[1] == 'from' else 'above'} {num(lo[0])}"
    if hi:
        return f" {'of at most' if hi[1] == 'to' else 'below'} {num(hi[0])}"
    return ""


def describe_type(annotation: Any, name: str = "", metadata: list | None = None) -> str:
    """Plain words for what a field accepts, e.g. ``a number from 0 to 1``."""
    bare, extra, optional = unwrap_annotation(annotation)
    metadata = [*(metadata or []), *extra]
    origin = get_origin(bare)
    if origin is Literal:
        text = "one of " + ", ".join(f'"{v}"' for v in get_args(bare))
    elif bare is bool:
        text = "true or false"
    elif bare is int:
        text = "a whole number" + _bounds(metadata)
    elif bare is float:
        text = "a number" + _bounds(metadata)
    elif bare is str:
        if name in _MONTH_FIELDS:
            text = 'a calendar month in quotes, "YYYY-MM" (e.g. "2009-01")'
        elif any(getattr(m, "pattern", None) == SIDE_PATTERN for m in metadata):
            text = 'a side id in quotes: a capital letter, then capitals or digits (e.g. "US")'
        elif any(getattr(m, "pattern", None) for m in metadata):
            text = "text in quotes of lower-case letters, digits and hyphens"
        else:
            text = "text in quotes"
    elif origin is list:
        item, _, _ = unwrap_annotation(get_args(bare)[0])
        if get_origin(item) is Literal:
            text = "a list of any of " + ", ".join(f'"{v}"' for v in get_args(item))
        elif isinstance(item, type) and issubclass(item, BaseModel):
            text = f"a list of {name} entries, each a table" if name else "a list of tables"
        else:
            text = "a list of " + describe_type(item).removeprefix("a ")
    elif origin is dict:
        key, value = get_args(bare)
        text = f"a table with keys {describe_type(key).removeprefix('one of ')} and values "
        text += describe_type(value)
    elif isinstance(bare, type) and issubclass(bare, BaseModel):
        text = f"a table of {name} fields" if name else "a table"
    else:
        text = str(bare)
    return text + (" (or left out)" if optional else "")


def allowed_for(loc: tuple) -> str:
    """What the field at ``loc`` accepts, or '' when the schema has no such field."""
    _, info, name = schema_field(loc)
    if info is None:
        return ""
    return describe_type(info.annotation, name, list(info.metadata))


def fields_allowed(loc: tuple) -> tuple[str, list[str]]:
    """Where an unknown key at ``loc`` sits (``[structure]``) and the fields allowed there."""
    holder, _, _ = schema_field(loc[:-1]) if len(loc) > 1 else schema_field(())
    if holder is None:
        return "here", []
    names = list(holder.model_fields)
    parents = [str(p) for p in loc[:-1] if not isinstance(p, int)]
    if not parents:
        return "at the top level", ["extends", *names]
    from resetsim.scenario.schema import Scenario

    field = Scenario.model_fields.get(parents[0])
    is_list = field is not None and get_origin(unwrap_annotation(field.annotation)[0]) is list
    return (f"in a {parents[-1]} entry" if is_list else f"in the {parents[-1]} table"), names
