"""Errors of outcome files: one line per problem, naming the file and the field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["KINDS", "CaseError", "field_problems"]

KINDS = ("proposal", "vote", "crisis", "reset", "opinion")
"""The kinds of recorded outcome."""


class CaseError(ValueError):
    """An outcomes file is not valid: one line per problem, naming file and field."""

    def __init__(self, problems: Iterable[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def _where(loc: tuple, data: dict) -> str:
    """A readable field path: ``outcomes[3] (start-ii-us-consent).date``."""
    parts: list[str] = []
    node: Any = data
    previous: Any = None
    for item in loc:
        if isinstance(item, int):
            label = f"[{item}]"
            if isinstance(node, list) and item < len(node) and isinstance(node[item], dict):
                ident = node[item].get("id")
                label += f" ({ident})" if ident else ""
            parts.append(label)
            node = node[item] if isinstance(node, list) and item < len(node) else None
        elif isinstance(previous, int) and item in KINDS:
            pass  # the discriminator's branch name, right after the entry's index
        else:
            parts.append(("." if parts else "") + str(item))
            node = node.get(item) if isinstance(node, dict) else None
        previous = item
    return "".join(parts)


def _message(err: dict) -> str:
    text = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        return "unknown field"
    if err["type"] == "missing":
        return "required field missing"
    if err["type"] == "union_tag_invalid":
        return f"kind must be one of {', '.join(KINDS)}"
    return text


def field_problems(errors: list[dict], data: dict, source: str) -> list[str]:
    """Pydantic's validation errors as ``FILE: FIELD: what is wrong`` lines."""
    locs = [tuple(e["loc"]) for e in errors]
    lines = []
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "too_short" and any(o[: len(loc)] == loc != o for o in locs):
            continue  # pydantic counts only the valid items; the item's own error says it
        lines.append(f"{source}: {_where(loc, data) or 'file'}: {_message(err)}")
    return lines
