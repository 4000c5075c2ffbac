"""Scenario files: the search path, TOML reading and the merging of ``extends`` chains.

The merging rules are described in :mod:`resetsim.scenario.loader`.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resetsim.scenario.errors import (
    Problem,
    ScenarioError,
    locate_line,
)

__all__ = [
    "OVERRIDES_ORIGIN",
    "ROSTER_KEYS",
    "MergeNotes",
    "builtin_dir",
    "deep_merge",
    "list_scenarios",
    "load_chain",
    "resolve_name",
    "search_path",
]

ROSTER_KEYS: dict[str, str] = {
    "sides": "id",
    "presidents": "side",
    "legislatures": "side",
    "publics": "side",
    "bureaucracies": "name",
    "factions": "name",
    "proposals": "id",
    "moves": "id",
    "chambers": "name",
    "principals": "name",
    "statutes": "id",
}
_REPLACED_LISTS = ("events", "leader_changes", "structure_changes", "roster_changes")
OVERRIDES_ORIGIN = "<overrides>"


@dataclass
class MergeNotes:
    """What merging noticed: problems to report and hints for new roster entries."""

    problems: list[Problem] = dataclasses.field(default_factory=list)
    hints: dict[tuple[str, str], str] = dataclasses.field(default_factory=dict)


def builtin_dir() -> Path:
    """The folder of shipped scenarios (inside the wheel, or the source tree's ``scenarios/``)."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "scenarios"
    return packaged if packaged.is_dir() else here.parent / "scenarios"


def search_path(extra: Iterable[Path] = ()) -> list[Path]:
    """Folders searched for scenario names, first match wins."""
    return [*(Path(p) for p in extra), builtin_dir()]


def list_scenarios() -> dict[str, str]:
    """Shipped scenario names with their one-line descriptions."""
    out = {}
    for file in sorted(builtin_dir().glob("*.toml")):
        try:
            desc = tomllib.loads(file.read_text(encoding="utf-8-sig")).get("description", "")
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
            desc = "(unreadable: run `resetsim validate` on it)"
        lines = str(desc).strip().splitlines()
        out[file.stem] = lines[0] if lines else ""
    return out


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ScenarioError([Problem(str(path), "", f"cannot read file: {exc.strerror}")]) from None
    except UnicodeDecodeError:
        raise ScenarioError(
            [Problem(str(path), "", "cannot read file: it is not UTF-8 text (TOML must be)")]
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(getattr(exc, "msg", None) or exc)
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "colno", None)
        match = _TOML_POSITION.search(str(exc))
        if match:  # Python < 3.14 keeps the position only in the message
            line, column = int(match.group(1)), int(match.group(2))
            message = _TOML_POSITION.sub("", message)
        where = f" (column {column})" if column else ""
        hint = ""
        if re.search(r"^\s*[A-Za-z_]+\s*=\s*\d{4}-\d{2}\s*(#.*)?$", _line(text, line)):
            hint = '; write calendar months in quotes, e.g. date = "2009-01"'
        raise ScenarioError(
            [Problem(str(path), "", f"TOML syntax error: {message}{where}{hint}", line)]
        ) from None


def _line(text: str, line: int | None) -> str:
    lines = text.splitlines()
    return lines[line - 1] if line and 0 < line <= len(lines) else ""


def resolve_name(name: str, dirs: list[Path], referrer: str, field: str = "extends") -> Path:
    """The file of scenario ``name`` on the search path ``dirs`` (``referrer``'s ``field``)."""
    line = locate_line(referrer, (field,), exact=True) if referrer != "<name>" else None
    if "/" in name or "\\" in name or name.startswith(".") or name.endswith(".toml"):
        raise ScenarioError(
            [
                Problem(
                    referrer,
                    field,
                    f"{name!r} must be a scenario name from the search path "
                    f"({', '.join(str(d) for d in dirs)}), not a file path",
                    line,
                )
            ]
        )
    for folder in dirs:
        candidate = folder / f"{name}.toml"
        if candidate.is_file():
            return candidate
    known = sorted({p.stem for d in dirs if d.is_dir() for p in d.glob("*.toml")})
    close = difflib.get_close_matches(name, known, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(known)}"
    raise ScenarioError(
        [
            Problem(
                referrer,
                field if referrer != "<name>" else "",
                f"no scenario named {name!r}{hint}",
                line,
            )
        ]
    )


def _merge_roster(
    parent: list,
    child: list,
    key: str,
    roster: str = "",
    notes: MergeNotes | None = None,
    origin: str = "",
) -> list:
    merged = [copy.deepcopy(e) for e in parent]
    index = {e.get(key): i for i, e in enumerate(merged) if isinstance(e, dict)}
    inherited = sorted(str(k) for k in index if k is not None)
    for position, entry in enumerate(child):
        if not isinstance(entry, dict):
            merged.append(entry)
            continue
        ident = entry.get(key)
        if ident is None and notes is not None:
            notes.problems.append(
                Problem(
                    origin,
                    f"{roster}[{position}]",
                    f"this entry has no {key}: to change an inherited entry, name it "
                    f"({key} = ...; inherited: {', '.join(inherited) or 'none'}); to add "
                    "a new one, give all its fields",
                    locate_line(origin, (roster, position)) if origin else None,
                )
            )
            continue
        remove = entry.get("remove", False)
        body = {k: v for k, v in entry.items() if k != "remove"}
        if not isinstance(remove, bool):
            if notes is not None:
                notes.problems.append(
                    Problem(
                        origin,
                        f"{roster}[{ident}].remove",
                        f"must be true or false (got {remove!r})",
                        locate_line(origin, (roster, 0, "remove"), entry=(key, str(ident)))
                        if origin
                        else None,
                    )
                )
            continue
        if ident in index:
            if remove is True:
                merged[index[ident]] = None
            else:
                merged[index[ident]] = deep_merge(merged[index[ident]], body)
            continue
        close = difflib.get_close_matches(str(ident), inherited, n=3, cutoff=0.75)
        if remove:
            if notes is not None:
                what = f"did you mean {', '.join(close)}?" if close else "inherited: "
                what += "" if close else (", ".join(inherited) or "none")
                line = locate_line(origin, (roster, 0), entry=(key, str(ident))) if origin else None
                notes.problems.append(
                    Problem(
                        origin,
                        f"{roster}[{ident}].remove",
                        f"remove = true, but no inherited entry has {key} = {ident!r}; {what}",
                        line,
                    )
                )
            continue
        if close and notes is not None:
            notes.hints[(roster, str(ident))] = (
                f"{ident!r} is a new entry, not a change to an inherited one; "
                f"did you mean {', '.join(repr(c) for c in close)}?"
            )
        merged.append(body)
    return [e for e in merged if e is not None]


def _by_id(entries: Any) -> bool:
    """Whether a child's ``events`` list changes inherited events by id (any entry has one)."""
    return isinstance(entries, list) and any(isinstance(e, dict) and "id" in e for e in entries)


def _merge_events(parent: list, child: list, notes: MergeNotes | None, origin: str) -> list:
    """Inherited events changed, removed (``remove = true``) or added, entry by entry on ``id``.

    Used when any of the child's events has an ``id``; then every one of them needs one,
    since an entry without an id could neither name an inherited event nor be named later.
    """
    keyed = []
    for position, entry in enumerate(child):
        if isinstance(entry, dict) and "id" not in entry:
            if notes is not None:
                notes.problems.append(
                    Problem(
                        origin,
                        f"events[{position}]",
                        "this event has no id, but others in the list do: a list with ids "
                        "changes the inherited events by id, so give every entry an id (or "
                        "none, to replace the inherited events with this list)",
                        locate_line(origin, ("events", position)) if origin else None,
                    )
                )
            continue
        keyed.append(entry)
    return _merge_roster(parent, keyed, "id", "events", notes, origin)


def deep_merge(
    parent: Mapping[str, Any],
    child: Mapping[str, Any],
    _notes: MergeNotes | None = None,
    _origin: str = "",
) -> dict[str, Any]:
    """Merge ``child`` over ``parent`` with the rules in the module docstring."""
    out = copy.deepcopy(dict(parent))
    for key, value in child.items():
        if key in ROSTER_KEYS and isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = _merge_roster(out[key], value, ROSTER_KEYS[key], key, _notes, _origin)
        elif key == "events" and _by_id(value) and isinstance(out.get(key), list):
            out[key] = _merge_events(out[key], value, _notes, _origin)
        elif isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _with_repertoire(
    data: dict, path: Path, dirs: list[Path], seen: tuple[str, ...], notes: MergeNotes | None
) -> dict:
    """``data`` with the ``[[moves]]`` of the scenario its ``moves_from`` names, then its own.

    One repertoire serves several scenarios: its own ``[[moves]]`` entries change an
    inherited move of the same ``id`` (``remove = true`` drops it) or add new ones.
    """
    name = data.pop("moves_from")
    if not isinstance(name, str):
        raise ScenarioError(
            [
                Problem(
                    str(path),
                    "moves_from",
                    "must be the name of another scenario in quotes, e.g. "
                    f'moves_from = "history-1992-2016-generative" (got {name!r})',
                    locate_line(path, ("moves_from",), exact=True),
                )
            ]
        )
    source, _ = load_chain(resolve_name(name, dirs, str(path), "moves_from"), dirs, seen, notes)
    moves = _merge_roster(source.get("moves", []), data.get("moves", []), "id", "moves", notes,
                          str(path))  # fmt: skip
    return {**data, "moves": moves}


def load_chain(
    path: Path,
    dirs: list[Path],
    seen: tuple[str, ...] = (),
    notes: MergeNotes | None = None,
    referrer: Path | None = None,
) -> tuple[dict, list[Path]]:
    """Raw merged data of ``path`` and its ``extends`` ancestors, child last."""
    resolved = str(path.resolve())
    if resolved in seen:
        cycle = " -> ".join(Path(s).stem for s in (*seen, resolved))
        closer = referrer or path  # the file whose extends closes the cycle
        raise ScenarioError(
            [
                Problem(
                    str(closer),
                    "extends",
                    f"extends cycle: {cycle}; a scenario cannot inherit from itself",
                    locate_line(closer, ("extends",), exact=True),
                )
            ]
        )
    own = _read_toml(path)
    data = dict(own)
    parent_name = data.pop("extends", None)
    if "moves_from" in data:
        data = _with_repertoire(data, path, dirs, (*seen, resolved), notes)
    if parent_name is None:
        data.setdefault("name", path.stem)
        return data, [path]
    if not isinstance(parent_name, str):
        raise ScenarioError(
            [
                Problem(
                    str(path),
                    "extends",
                    "must be the name of another scenario in quotes, e.g. "
                    f'extends = "obama-2009" (got {parent_name!r})',
                    locate_line(path, ("extends",), exact=True),
                )
            ]
        )
    parent_path = resolve_name(parent_name, dirs, str(path))
    parent, chain = load_chain(parent_path, dirs, (*seen, resolved), notes, path)
    data = deep_merge(parent, data, notes, str(path))
    if "name" not in own:
        data["name"] = path.stem
    return data, [*chain, path]
