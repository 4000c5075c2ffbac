"""Readable scenario errors: file, field path, line (where known) and what is allowed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Problem", "ScenarioError", "locate_line"]


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
    """A scenario (file, name or override) is not valid; holds every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        """All problems, one per line."""
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in scenario:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


def _section_of(lines: list[str], header: str, occurrence: int) -> tuple[int, int] | None:
    """Line span (start, end) of the ``occurrence``-th ``header`` table, 0-based lines."""
    seen = -1
    for i, line in enumerate(lines):
        if line.strip() == header:
            seen += 1
            if seen == occurrence:
                end = next(
                    (j for j in range(i + 1, len(lines)) if lines[j].lstrip().startswith("[")),
                    len(lines),
                )
                return i, end
    return None


def locate_line(path: str | Path | None, field_path: tuple) -> int | None:
    """Best-effort 1-based line of ``field_path`` (e.g. ``("factions", 2, "seats")``).

    TOML parsers do not keep positions, so this looks for the table header and the key
    beneath it. Returns None when the file cannot be read or the key is not written there
    (for instance when it is inherited or missing).
    """
    if path is None:
        return None
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    parts = list(field_path)
    span: tuple[int, int] | None = (0, len(lines))
    key: str | None = None
    if len(parts) >= 2 and isinstance(parts[1], int):
        span = _section_of(lines, f"[[{parts[0]}]]", parts[1])
        key = str(parts[2]) if len(parts) > 2 else None
    elif len(parts) >= 2:
        span = _section_of(lines, f"[{parts[0]}]", 0)
        key = str(parts[1])
        if span is None:  # dotted key at top level: structure.trade_share = ...
            pattern = re.compile(rf"^\s*{re.escape(parts[0])}\.{re.escape(key)}\s*=")
            return next((i + 1 for i, ln in enumerate(lines) if pattern.match(ln)), None)
    elif parts:
        key = str(parts[0])
        first_table = next(
            (i for i, ln in enumerate(lines) if ln.lstrip().startswith("[")), len(lines)
        )
        span = (0, first_table)
    if span is None:
        return None
    start, end = span
    if key is None:
        return start + 1
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for i in range(start, end):
        if pattern.match(lines[i]):
            return i + 1
    return start + 1 if start > 0 else None
