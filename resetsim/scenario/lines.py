"""Where a field is written in a TOML file: line numbers for error messages.

TOML parsers do not keep positions, so :func:`locate_line` looks for the table header
and the key beneath it. Each file is indexed once (its tables, the keys written in each,
the entries of each array of tables by their key), so that locating every one of
thousands of problems in a large file costs time in proportion to the file's size, not
to its size times the number of problems. The index is rebuilt when the file changes.
"""

from __future__ import annotations

import itertools
import os
import re
import tomllib
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["TomlLines", "locate_line"]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_LINE = re.compile(r"\s*(?:(\[)|([A-Za-z0-9_-]+)(?:\.([A-Za-z0-9_-]+))?\s*=)")
"""A table header (group 1), ``key =`` (group 2) or ``table.key =`` (groups 2 and 3)."""
_PLAIN_TEXT = re.compile(r'\s*"([^"\\]*)"\s*(?:#.*)?')
_CACHED_FILES = 8


def _value_text(rest: str) -> str:
    """``str()`` of the TOML value written after ``key =`` (``"None"`` if unreadable)."""
    plain = _PLAIN_TEXT.fullmatch(rest)
    if plain is not None:  # the common case, a name in quotes, without the parser
        return plain.group(1)
    try:
        return str(tomllib.loads(f"v ={rest}")["v"])
    except tomllib.TOMLDecodeError:
        return "None"


@dataclass
class TomlLines:
    """An index of one TOML file's lines: its tables, the keys in each, roster entries.

    A *region* is the top of the file (before its first table) or one table: the header
    line and the lines up to the next line that starts with ``[``. The tables are found
    when the file is read; the keys of a region, the entries of a roster and dotted keys
    are looked up when first asked for and kept.
    """

    lines: list[str]
    regions: list[tuple[int, int]] = field(default_factory=list)
    headers: dict[str, list[int]] = field(default_factory=dict)
    _keys: dict[int, dict[str, int]] = field(default_factory=dict)
    _entries: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    _dotted: dict[str, int] | None = None

    @classmethod
    def from_text(cls, text: str) -> TomlLines:
        """Index the tables of ``text``."""
        index = cls(text.splitlines())
        starts = [i for i, line in enumerate(index.lines) if line.lstrip()[:1] == "["]
        bounds = [0, *starts, len(index.lines)]
        index.regions = list(itertools.pairwise(bounds))
        for region, start in enumerate(starts, start=1):
            header = index.lines[start].split("#", 1)[0].strip()
            index.headers.setdefault(header, []).append(region)
        return index

    @property
    def top(self) -> int:
        """Region number of the top of the file."""
        return 0

    def table(self, header: str, occurrence: int) -> int | None:
        """Region of the ``occurrence``-th table headed ``header`` (e.g. ``[[factions]]``)."""
        found = self.headers.get(header, [])
        return found[occurrence] if 0 <= occurrence < len(found) else None

    def entry(self, header: str, key: str, ident: str) -> int | None:
        """Region of the first ``header`` table whose ``key`` is ``ident`` (name = "Defense")."""
        if (header, key) not in self._entries:
            pattern = re.compile(rf"\s*{re.escape(key)}\s*=(.*)")
            found: dict[str, int] = {}
            for region in self.headers.get(header, []):
                start, end = self.regions[region]
                for i in range(start + 1, end):
                    match = pattern.match(self.lines[i])
                    if match is not None:  # TOML allows a key once per table
                        found.setdefault(_value_text(match.group(1)), region)
                        break
            self._entries[(header, key)] = found
        return self._entries[(header, key)].get(ident)

    def key_line(self, region: int, key: str) -> int | None:
        """0-based line of ``region`` where ``key = ...`` is written."""
        if not _BARE.fullmatch(key):  # a key no TOML file writes bare
            pattern = re.compile(rf"\s*{re.escape(key)}\s*=")
            start, end = self.regions[region]
            return next((i for i in range(start, end) if pattern.match(self.lines[i])), None)
        if region not in self._keys:
            keys: dict[str, int] = {}
            start, end = self.regions[region]
            for i in range(start, end):
                match = _LINE.match(self.lines[i])
                if match is not None and match.group(3) is None and match.group(2):
                    keys.setdefault(match.group(2), i)
            self._keys[region] = keys
        return self._keys[region].get(key)

    def dotted_line(self, table: str, key: str) -> int | None:
        """0-based line of the first ``table.key = ...`` written anywhere."""
        if not (_BARE.fullmatch(table) and _BARE.fullmatch(key)):
            pattern = re.compile(rf"\s*{re.escape(table)}\.{re.escape(key)}\s*=")
            return next((i for i, ln in enumerate(self.lines) if pattern.match(ln)), None)
        if self._dotted is None:
            self._dotted = {}
            for i, line in enumerate(self.lines):
                match = _LINE.match(line)
                if match is not None and match.group(3) is not None:
                    self._dotted.setdefault(f"{match.group(2)}.{match.group(3)}", i)
        return self._dotted.get(f"{table}.{key}")


_INDEXES: OrderedDict[str, tuple[tuple[int, int, int], TomlLines]] = OrderedDict()


def _index(path: str | Path) -> TomlLines | None:
    """The index of the file at ``path`` (cached while the file is unchanged), or None."""
    name = os.fspath(path)
    try:
        info = os.stat(name)
        stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
        cached = _INDEXES.get(name)
        if cached is not None and cached[0] == stamp:
            _INDEXES.move_to_end(name)
            return cached[1]
        text = Path(name).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    index = TomlLines.from_text(text)
    _INDEXES[name] = (stamp, index)
    while len(_INDEXES) > _CACHED_FILES:
        _INDEXES.popitem(last=False)
    return index


def locate_line(
    path: str | Path | None,
    field_path: tuple,
    entry: tuple[str, str] | None = None,
    exact: bool = False,
) -> int | None:
    """Best-effort 1-based line of ``field_path`` (e.g. ``("factions", 2, "seats")``).

    An array-of-tables entry is found by its occurrence in the file, or, when ``entry``
    gives its key and value (``("name", "Defense")``), by that key: in a file that
    ``extends`` another, the n-th entry of the merged roster is not the n-th of the file.

    Args:
        path: the TOML file.
        field_path: the field, as a pydantic error location.
        entry: key and value identifying the roster entry, if any.
        exact: only return the line where the key itself is written; otherwise fall back
            to the table header (useful for a missing key).

    Returns:
        The line number, or None when the file cannot be read or the key is not written
        there (for instance when it is inherited or missing).

    """
    if path is None:
        return None
    index = _index(path)
    if index is None:
        return None
    parts = list(field_path)
    region: int | None = index.top
    key: str | None = None
    whole_file = False
    if len(parts) >= 2 and isinstance(parts[1], int):
        header = f"[[{parts[0]}]]"
        region = index.entry(header, *entry) if entry else index.table(header, parts[1])
        key = str(parts[2]) if len(parts) > 2 else None
    elif len(parts) >= 2:
        region = index.table(f"[{parts[0]}]", 0)
        key = str(parts[1])
        if region is None:  # dotted key at top level: structure.trade_share = ...
            line = index.dotted_line(str(parts[0]), key)
            return None if line is None else line + 1
    elif parts:
        key = str(parts[0])
    else:
        whole_file = True
    if region is None:
        return None
    start = 0 if whole_file else index.regions[region][0]
    if key is None:
        return start + 1
    found = index.key_line(region, key)
    if found is not None:
        return found + 1
    if exact:
        return None
    return start + 1 if start > 0 else None
